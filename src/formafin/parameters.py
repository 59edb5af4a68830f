"""Dated legal parameters (OpenFisca-style): one value per date, each with its sources.

A parameter is a list of values, each valid from ``start`` to ``until`` (inclusive; open
ended for the last one when the text is still in force). The loader checks that values are
contiguous (no gap, no overlap) and that no value starts before the text it rests on
(``source_from``, where known); :meth:`Parameter.at` never extrapolates before the first
value nor after a closed last value.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any

from pydantic import Field, model_validator

from formafin.errors import DataError, UnsupportedDateError
from formafin.lookup import find_value
from formafin.sources import FrozenModel, Reference, SourceStatus

__all__ = ["Parameter", "ParameterKind", "ParameterValue", "Ruleset"]

_ONE_DAY = timedelta(days=1)


class ParameterKind(StrEnum):
    """How a parameter's raw value is read."""

    MONEY = "money"
    DECIMAL = "decimal"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    LIST = "list"
    DATE = "date"


class ParameterValue(FrozenModel):
    """One value of a parameter over a date range, with its sources."""

    start: date = Field(description="Premier jour d'application.")
    until: date | None = Field(default=None, description="Dernier jour d'application (inclus).")
    value: Decimal | bool | int | date | tuple[str, ...] | None = Field(
        default=None,
        description="Valeur ; absente : la règle n'existe pas sur la période (note obligatoire).",
    )
    status: SourceStatus = Field(description="Niveau de vérification de la valeur.")
    last_verified_on: date = Field(description="Date de la dernière vérification de la source.")
    references: tuple[Reference, ...] = Field(min_length=1, description="Sources.")
    note: str | None = Field(default=None, description="Précision ou réserve.")
    source_from: date | None = Field(
        default=None,
        description=(
            "Entrée en vigueur de la version du texte qui fonde la valeur, quand elle est connue : "
            "la valeur ne peut pas commencer avant (None : date inconnue, ou absence de règle)."
        ),
    )

    @model_validator(mode="after")
    def _absent_value_is_explained(self) -> ParameterValue:
        if self.value is None and not self.note:
            raise ValueError("value : une valeur absente doit être expliquée par une note")
        if self.source_from is not None and self.start < self.source_from:
            raise ValueError(
                f"start : la valeur commence le {self.start} avant son texte source "
                f"(en vigueur le {self.source_from})"
            )
        return self

    def covers(self, day: date) -> bool:
        """Whether this value applies on ``day``."""
        return self.start <= day and (self.until is None or day <= self.until)


class Parameter(FrozenModel):
    """A named legal figure with its dated values."""

    name: str = Field(description="Identifiant stable, ex. « plan.headcount_threshold ».")
    label: str = Field(description="Libellé français.")
    unit: str = Field(description="Unité (€, €/h, salariés, jours…).")
    kind: ParameterKind = Field(description="Type de la valeur.")
    values: tuple[ParameterValue, ...] = Field(min_length=1, description="Valeurs datées.")

    @model_validator(mode="before")
    @classmethod
    def _coerce_values(cls, data: Any) -> Any:
        if isinstance(data, dict) and "values" in data:
            kind = ParameterKind(data["kind"])
            data = dict(data)
            data["values"] = [
                _coerce_value(kind, item) if isinstance(item, dict) else item
                for item in data["values"]
            ]
        return data

    @model_validator(mode="after")
    def _check_contiguous(self) -> Parameter:
        for before, after in zip(self.values, self.values[1:], strict=False):
            if before.until is None or before.until + _ONE_DAY != after.start:
                raise DataError(
                    f"paramètre {self.name} : valeurs non contiguës autour du {after.start} "
                    "(trou ou chevauchement)"
                )
        for item in self.values:
            if item.until is not None and item.until < item.start:
                raise DataError(f"paramètre {self.name} : période vide à partir du {item.start}")
        return self

    @cached_property
    def start_dates(self) -> tuple[date, ...]:
        """The first day of each value, in order."""
        return tuple(item.start for item in self.values)

    @cached_property
    def memo(self) -> dict[object, Any]:
        """Per-parameter cache of what is derived from its values (a value's decimal, its
        trace), keyed by the value: the data are frozen, so a derived object is computed
        once. Bounded by the parameter's values (a few keys each), never by dates."""
        return {}

    @property
    def first_day(self) -> date:
        """First date with a value."""
        return self.values[0].start

    @property
    def last_day(self) -> date | None:
        """Last date with a value, or None when the last value is still in force."""
        return self.values[-1].until

    def at(self, day: date) -> ParameterValue:
        """The value in force on ``day``; raises :class:`UnsupportedDateError` outside the range.

        A bisection over the parameter's start dates (one to twelve values): no cache keyed
        by date, which grew with every distinct date of a stream and was no faster (measured
        in benchmark conditions, 81.6 against 81.7 µs an estimate)."""
        found = find_value(self.values, self.start_dates, day)
        if found is not None:
            return found
        raise UnsupportedDateError(
            f"Aucune valeur de « {self.label} » ({self.name}) n'est connue au {day:%d/%m/%Y} "
            f"(données du {self.first_day:%d/%m/%Y}"
            + (f" au {self.last_day:%d/%m/%Y})." if self.last_day else " à ce jour).")
        )


def _coerce_value(kind: ParameterKind, item: dict[str, Any]) -> dict[str, Any]:
    raw = item.get("value")
    if raw is None:
        return item
    item = dict(item)
    if kind in (ParameterKind.MONEY, ParameterKind.DECIMAL):
        if not isinstance(raw, str):
            raise DataError(f"valeur {raw!r} : un nombre décimal s'écrit entre guillemets")
        item["value"] = Decimal(raw)
    elif kind is ParameterKind.INTEGER:
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise DataError(f"valeur {raw!r} : entier attendu")
    elif kind is ParameterKind.BOOLEAN:
        if not isinstance(raw, bool):
            raise DataError(f"valeur {raw!r} : booléen attendu")
    elif kind is ParameterKind.LIST:
        item["value"] = tuple(raw)
    elif kind is ParameterKind.DATE and not isinstance(raw, date):
        raise DataError(f"valeur {raw!r} : date TOML attendue (AAAA-MM-JJ)")
    return item


class Ruleset(FrozenModel):
    """Version and coverage of the shipped rules (the millésime echoed in every result)."""

    version: str = Field(description="Millésime des règles, ex. « 2026.11 ».")
    covers_from: date = Field(description="Première date couverte par les règles.")
    verified_until: date = Field(
        description="Date jusqu'à laquelle les textes ont été vérifiés ; au-delà, avertissement."
    )
