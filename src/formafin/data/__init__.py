"""Shipped rule data, loaded once, lazily, and validated when loaded.

Nothing here is read at import time: the first estimate (or an explicit :func:`rule_data` /
:func:`idcc_tables` call) reads the files, and every later call reuses the frozen result.
Loading is guarded by a lock, so concurrent first calls read the files once.
"""

from __future__ import annotations

import csv
import threading
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from formafin.baremes import Bareme
from formafin.data.rules import RuleData
from formafin.errors import DataError
from formafin.models import OpcoId
from formafin.parameters import Parameter, Ruleset
from formafin.sources import Reference

__all__ = [
    "IdccRow",
    "IdccTables",
    "NafHint",
    "RuleData",
    "compile_sources",
    "idcc_tables",
    "rule_data",
]

T = TypeVar("T")


class _Lazy(Generic[T]):
    """A value computed once, on first use, under a lock."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._value: T | None = None
        self._lock = threading.Lock()

    def __call__(self) -> T:
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._factory()
                value = self._value
        return value


def _text(*parts: str) -> str:
    return resources.files(__name__).joinpath(*parts).read_text(encoding="utf-8")


def _toml_files(folder: str) -> list[tuple[str, dict[str, object]]]:
    base = resources.files(__name__).joinpath(folder)
    return [
        (entry.name, tomllib.loads(entry.read_text(encoding="utf-8")))
        for entry in sorted(base.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    ]


def _compile_rule_data() -> dict[str, Any]:
    ruleset = Ruleset.model_validate(tomllib.loads(_text("ruleset.toml"))["ruleset"])
    parameters: dict[str, Parameter] = {}
    for filename, content in _toml_files("parameters"):
        prefix = filename.removesuffix(".toml")
        table = content.get("parameter", {})
        if not isinstance(table, dict):
            raise DataError(f"{filename} : table [parameter] attendue")
        for short_name, body in table.items():
            name = f"{prefix}.{short_name}"
            if name in parameters:
                raise DataError(f"paramètre en double : {name}")
            try:
                parameters[name] = Parameter.model_validate({"name": name, **body})
            except ValidationError as error:
                raise DataError(f"{filename} : paramètre {name} invalide : {error}") from error
    baremes: dict[str, Bareme] = {}
    for filename, content in _toml_files("baremes"):
        items = content.get("bareme", [])
        if not isinstance(items, list):
            raise DataError(f"{filename} : liste [[bareme]] attendue")
        for item in items:
            try:
                bareme = Bareme.model_validate(item)
            except ValidationError as error:
                raise DataError(f"{filename} : barème invalide : {error}") from error
            if bareme.id in baremes:
                raise DataError(f"barème en double : {bareme.id}")
            baremes[bareme.id] = bareme
    raw_refs = tomllib.loads(_text("references.toml")).get("reference", {})
    references = {key: Reference.model_validate(body) for key, body in raw_refs.items()}
    return {
        "ruleset": ruleset,
        "parameters": parameters,
        "baremes": baremes,
        "references": references,
    }


def compile_sources() -> dict[str, Any]:
    """Read and validate every shipped TOML and CSV file: plain dicts of frozen objects
    (what :mod:`formafin.data.snapshot` saves)."""
    return {"rule_data": _compile_rule_data(), "idcc": _compile_idcc_tables()}


def _load_compiled() -> dict[str, Any]:
    from formafin.data.snapshot import read_snapshot

    return read_snapshot() or compile_sources()


_compiled = _Lazy(_load_compiled)


def _load_rule_data() -> RuleData:
    part = _compiled()["rule_data"]
    return RuleData(
        part["ruleset"],
        MappingProxyType(part["parameters"]),
        MappingProxyType(part["baremes"]),
        MappingProxyType(part["references"]),
    )


rule_data = _Lazy(_load_rule_data)
"""The shipped :class:`RuleData` (loaded on first call, from the compiled snapshot when it
is fresh; see :mod:`formafin.data.snapshot`)."""


@dataclass(frozen=True)
class IdccRow:
    """One (IDCC, OPCO) pair of the SIRO-derived table."""

    idcc: str
    opco: OpcoId
    title: str | None
    split: bool
    primary: bool
    establishments: int
    majority_share: Decimal | None
    other_opco_seen: bool
    ministry_2019_opco: OpcoId | None


@dataclass(frozen=True)
class NafHint:
    """An unofficial NAF prefix → OPCO suggestion, from a sample of employers."""

    naf_prefix: str
    opco: OpcoId
    share: Decimal
    sample_employers: int
    label: str


@dataclass(frozen=True)
class IdccTables:
    """The IDCC → OPCO tables (see ``data/idcc/SOURCES.md`` for provenance)."""

    by_idcc: Mapping[str, tuple[IdccRow, ...]]
    titles: Mapping[str, str]
    replacements: Mapping[str, tuple[str, ...]]
    escape_codes: Mapping[str, str]
    naf_hints: Mapping[str, NafHint]
    opco_names: Mapping[OpcoId, str]


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_text("idcc", name).splitlines()))


def _compile_idcc_tables() -> dict[str, Any]:
    by_idcc: dict[str, list[IdccRow]] = {}
    for row in _rows("idcc_opco.csv"):
        share = row["siro_majority_share"]
        ministry = row["ministry_2019_opco"]
        by_idcc.setdefault(row["idcc"], []).append(
            IdccRow(
                idcc=row["idcc"],
                opco=OpcoId(row["opco"]),
                title=row["idcc_title"] or None,
                split=row["mapping_status"] == "split",
                primary=row["is_primary"] == "1",
                establishments=int(row["siro_establishments"] or 0),
                majority_share=Decimal(share) if share else None,
                other_opco_seen=row["siro_other_opco_seen"] == "yes",
                ministry_2019_opco=OpcoId(ministry) if ministry else None,
            )
        )
    titles = {row["idcc"]: row["title"] for row in _rows("idcc_titles.csv")}
    replacements: dict[str, list[str]] = {}
    for row in _rows("idcc_replacements.csv"):
        replacements.setdefault(row["old_idcc"], []).append(row["new_idcc"])
    escape_codes = {row["idcc"]: row["idcc_title"] for row in _rows("idcc_escape_codes.csv")}
    naf_hints = {
        row["naf_prefix"]: NafHint(
            naf_prefix=row["naf_prefix"],
            opco=OpcoId(row["opco"]),
            share=Decimal(row["share"]),
            sample_employers=int(row["sample_employers"]),
            label=row["naf_label"],
        )
        for row in _rows("naf_opco_suggestions.csv")
    }
    opco_names = {OpcoId(row["id"]): row["short_name"] for row in _rows("opcos.csv")}
    return {
        "by_idcc": {k: tuple(v) for k, v in by_idcc.items()},
        "titles": titles,
        "replacements": {k: tuple(v) for k, v in replacements.items()},
        "escape_codes": escape_codes,
        "naf_hints": naf_hints,
        "opco_names": opco_names,
    }


def _load_idcc_tables() -> IdccTables:
    part = _compiled()["idcc"]
    return IdccTables(**{name: MappingProxyType(table) for name, table in part.items()})


idcc_tables = _Lazy(_load_idcc_tables)
"""The shipped :class:`IdccTables` (loaded on first call)."""
