"""CPF rights: the yearly credit and the acquired rights from an employment history.

- R6323-1: 500 € a year within 5 000 € for an employee who worked at least half the legal or
  conventional duration; below half-time, a fraction "à due proportion de la durée de travail
  effectuée", **rounded up to the cent** (the one exception to formafin's rounding rule,
  written in the article).
- R6323-3-1: 800 € a year within 8 000 € for a declared low-qualified employee.
- D6323-3-3: +300 € a year within 8 000 € for a beneficiary of the employment obligation
  (BOETH), from 2019-06-09.
- R6323-29: 800 € per year of admission within 8 000 € in an ESAT.
- R6323-27: when several categories apply in one year, the most favourable yearly amount and
  the most favourable ceiling.

Documented choices where the text is silent: the pro rata below half-time is the share of the
reference duration (conventional full time, else 1 607 h) applied to the category's yearly
amount (800 € for a low-qualified employee too); the BOETH top-up is added in full, not pro
rata; BOETH and low-qualified do not add up (500 + 300 = 800 = the low-qualified amount, and
R6323-27 takes the most favourable). The year's rules are those in force on 31 December.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from pydantic import Field, model_validator

from formafin.data import RuleData, rule_data
from formafin.errors import UnsupportedDateError
from formafin.facts import Text, Words, say
from formafin.models import Money
from formafin.money import CENT, ZERO, money_context
from formafin.sources import FrozenModel, Reference

__all__ = ["CpfCredit", "CpfRights", "CpfYear", "cpf_rights"]


class CpfYear(FrozenModel):
    """One calendar year of the holder's employment."""

    year: int = Field(gt=0, description="Année civile travaillée (2019 ou après).")
    working_time_ratio: Decimal | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Part de la durée de référence travaillée (1 = temps plein toute l'année).",
    )
    worked_hours: Decimal | None = Field(
        default=None, ge=0, description="Heures travaillées dans l'année (au lieu de la part)."
    )
    reference_hours: Decimal | None = Field(
        default=None,
        gt=0,
        description="Durée conventionnelle d'un temps plein ; à défaut, 1 607 h (R6323-1).",
    )
    low_qualified_declared: bool = Field(
        default=False, description="Salarié peu qualifié ayant fait sa déclaration (R6323-3-1)."
    )
    boeth: bool = Field(
        default=False, description="Bénéficiaire de l'obligation d'emploi (L5212-13)."
    )
    esat: bool = Field(default=False, description="Admis dans un ESAT cette année (R6323-29).")

    @model_validator(mode="after")
    def _one_measure(self) -> CpfYear:
        if (self.working_time_ratio is None) == (self.worked_hours is None):
            raise ValueError("indiquez working_time_ratio ou worked_hours, pas les deux")
        if self.reference_hours is not None and self.worked_hours is None:
            raise ValueError("reference_hours : seulement avec worked_hours")
        return self


class CpfCredit(FrozenModel):
    """The credit of one year, and why."""

    year: int = Field(description="Année.")
    credit: Money = Field(description="Montant inscrit au compte au titre de l'année.")
    yearly_amount: Money = Field(description="Alimentation annuelle applicable.")
    ceiling: Money = Field(description="Plafond applicable.")
    balance_after: Money = Field(description="Droits acquis après l'alimentation.")
    basis: str = Field(description="Calcul en clair.")
    references: tuple[Reference, ...] = Field(description="Sources.")


class CpfRights(FrozenModel):
    """Acquired CPF rights after a sequence of years."""

    opening_balance: Money = Field(description="Droits au début de la première année.")
    credits: tuple[CpfCredit, ...] = Field(description="Alimentation année par année.")
    balance: Money = Field(description="Droits acquis à la fin.")


class _Option(NamedTuple):
    amount: Decimal
    ceiling: Decimal
    category: str
    references: tuple[Reference, ...]


def _value(data: RuleData, name: str, day: date) -> tuple[Decimal, tuple[Reference, ...]]:
    item = data.parameter(name).at(day)
    if not isinstance(item.value, Decimal):
        raise UnsupportedDateError(f"{name} : aucune valeur au {day:%d/%m/%Y}")
    return item.value, item.references


def cpf_rights(years: Sequence[CpfYear], *, opening_balance: Decimal = ZERO) -> CpfRights:
    """Credit the CPF year by year; rights never exceed the ceiling in force.

    >>> cpf_rights([CpfYear(year=2025, working_time_ratio=Decimal("0.4"))]).balance
    Decimal('200.00')
    """
    data = rule_data()
    credits: list[CpfCredit] = []
    with money_context():
        balance = opening_balance
        for item in sorted(years, key=lambda y: y.year):
            credit = _year_credit(item, balance, data)
            balance += credit.credit
            credits.append(credit)
        return CpfRights(opening_balance=opening_balance, credits=tuple(credits), balance=balance)


def _year_credit(item: CpfYear, balance: Decimal, data: RuleData) -> CpfCredit:
    day = date(item.year + 1, 1, 1) - timedelta(days=1)
    if day < data.ruleset.covers_from:
        raise UnsupportedDateError(
            f"année {item.year} : le CPF est alimenté en euros depuis le "
            f"{data.ruleset.covers_from:%d/%m/%Y} ; les heures antérieures ne sont pas calculées."
        )
    half, _ = _value(data, "cpf.half_time_ratio", day)
    if item.worked_hours is not None:
        reference = item.reference_hours or _value(data, "cpf.reference_hours", day)[0]
        ratio = min(Decimal(1), item.worked_hours / reference)
        ratio_text = Text("cpf_rights.hours_ratio", worked=item.worked_hours, reference=reference)
    else:
        ratio = item.working_time_ratio or ZERO
        ratio_text = Text("cpf_rights.time_ratio", percent=ratio * 100)

    def prorated(amount: Decimal) -> Decimal:
        if ratio >= half:
            return amount
        return (amount * ratio).quantize(CENT, rounding=ROUND_CEILING)

    general, general_refs = _value(data, "cpf.yearly_credit", day)
    general_ceiling, _ = _value(data, "cpf.ceiling", day)
    options = [
        _Option(prorated(general), general_ceiling, "cpf_rights.category.general", general_refs)
    ]
    if item.low_qualified_declared:
        amount, refs = _value(data, "cpf.low_qualified_credit", day)
        ceiling, _ = _value(data, "cpf.low_qualified_ceiling", day)
        options.append(
            _Option(prorated(amount), ceiling, "cpf_rights.category.low_qualified", refs)
        )
    if item.boeth:
        topup, refs = _value(data, "cpf.boeth_topup", day)
        ceiling, _ = _value(data, "cpf.boeth_ceiling", day)
        options.append(
            _Option(prorated(general) + topup, ceiling, "cpf_rights.category.boeth", refs)
        )
    if item.esat:
        amount, refs = _value(data, "cpf.esat_credit", day)
        ceiling, _ = _value(data, "cpf.esat_ceiling", day)
        options.append(_Option(amount, ceiling, "cpf_rights.category.esat", refs))
    best = max(options, key=lambda option: option.amount)
    yearly = best.amount
    ceiling = max(option.ceiling for option in options)
    credit = max(ZERO, min(yearly, ceiling - balance))
    references = tuple({ref.id: ref for option in options for ref in option.references}.values())
    basis: Words = Text(
        "cpf_rights.basis",
        year=item.year,
        ratio=ratio_text,
        label=Text(best.category),
        yearly=yearly,
        ceiling=ceiling,
        balance=balance,
        credit=credit,
    )
    if len(options) > 1:
        basis = (basis, Text("cpf_rights.most_favourable"))
    return CpfCredit(
        year=item.year,
        credit=credit,
        yearly_amount=yearly,
        ceiling=ceiling,
        balance_after=balance + credit,
        basis=say(basis),
        references=references,
    )
