"""What a scheme rule returns before allocation: a decision, claims and notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from formafin._mypyc import mypyc_attr
from formafin.facts import AidFact, CheckFact, DecisionFact, NoticeFact, Text, Words
from formafin.lookup import in_force, parameter_named, value_on
from formafin.result import (
    Aid,
    Check,
    CostCategory,
    Decision,
    DecisionStatus,
    Notice,
    ParameterUsed,
    Payer,
    SchemeKey,
)
from formafin.sources import Reference

if TYPE_CHECKING:
    from formafin.data import RuleData

__all__ = [
    "Claim",
    "SchemeOutcome",
    "decide",
    "parameter_trace",
    "parameter_used",
    "per_trainee_within_cap",
    "raw_value",
]


@mypyc_attr(allow_interpreted_subclasses=True)
@dataclass(frozen=True)
class Claim:
    """What a scheme asks to fund in one cost category, exact (not yet rounded).

    ``low`` is the amount counted; ``high`` differs only when a figure is unknown and the
    claim is indicative. ``flagged`` marks a claim indicative even when ``low == high``
    (an amount computed with an outdated barème).
    """

    scheme: SchemeKey
    category: CostCategory
    payer: Payer
    low: Decimal
    high: Decimal
    basis: Words
    explanation: Words
    parameters: tuple[ParameterUsed, ...] = ()
    references: tuple[Reference, ...] = ()
    bareme_id: str | None = None
    flagged: bool = False

    @property
    def indicative(self) -> bool:
        """Whether the amount is uncertain."""
        return self.flagged or self.low != self.high

    @classmethod
    def exact(
        cls,
        scheme: SchemeKey,
        amount: Decimal,
        basis: Words,
        explanation: Words,
        *,
        payer: Payer = Payer.OPCO,
        category: CostCategory = CostCategory.PEDAGOGICAL,
        parameters: tuple[ParameterUsed, ...] = (),
        references: tuple[Reference, ...] = (),
    ) -> Claim:
        """A claim whose amount is known exactly."""
        return cls(
            scheme=scheme,
            category=category,
            payer=payer,
            low=amount,
            high=amount,
            basis=basis,
            explanation=explanation,
            parameters=parameters,
            references=references,
        )


@mypyc_attr(allow_interpreted_subclasses=True)
@dataclass(frozen=True)
class SchemeOutcome:
    """A scheme's decision, its claims, its notices and the aids it pays to the employer
    outside the training cost (hiring aids of the alternance contracts).

    The decision and the notices may be facts (:mod:`formafin.facts`, words rendered on
    demand) or the public objects themselves."""

    decision: Decision | DecisionFact
    claims: tuple[Claim, ...] = ()
    notices: tuple[Notice | NoticeFact, ...] = field(default=())
    aids: tuple[Aid | AidFact, ...] = ()

    def trainee_pays(self) -> Decimal:
        """What the trainees bear themselves of the cost this scheme leaves (exact)."""
        return Decimal(0)


def parameter_used(data: RuleData, name: str, day: date) -> tuple[Decimal, ParameterUsed]:
    """The decimal value of parameter ``name`` on ``day``, with its trace for the result.

    Both are derived from frozen data: computed once per parameter value and kept in the
    parameter's memo, so every estimate shares the same trace objects."""
    parameter = parameter_named(data, name)
    value = in_force(parameter, day)
    key = ("used", id(value))  # the value lives as long as its parameter: a stable key
    cached: tuple[Decimal, ParameterUsed] | None = parameter.memo.get(key)
    if cached is not None:
        return cached
    if not isinstance(value.value, Decimal | int) or isinstance(value.value, bool):
        raise TypeError(f"{name} : valeur numérique attendue")
    found = (Decimal(value.value), parameter_trace(data, name, day))
    parameter.memo[key] = found
    return found


def parameter_trace(data: RuleData, name: str, day: date) -> ParameterUsed:
    """The trace of parameter ``name`` on ``day``, whatever its kind (« — » when it has no
    value), built once per value and kept in the parameter's memo."""
    parameter = parameter_named(data, name)
    value = in_force(parameter, day)
    key = ("trace", id(value))
    found: ParameterUsed | None = parameter.memo.get(key)
    if found is None:
        found = ParameterUsed.trusted(
            name=name,
            label=parameter.label,
            value="—" if value.value is None else str(value.value),
            unit=parameter.unit,
            status=value.status,
            references=value.references,
        )
        parameter.memo[key] = found
    return found


def raw_value(data: RuleData, name: str, day: date) -> object:
    """The raw value of parameter ``name`` on ``day`` (None when the rule does not exist)."""
    return value_on(data, name, day).value


def decide(
    scheme: SchemeKey,
    checks: list[CheckFact] | list[Check] | list[CheckFact | Check],
    references: tuple[Reference, ...],
    *,
    needs_input: frozenset[str] = frozenset(),
    bareme_id: str | None = None,
    indicative: bool = False,
) -> DecisionFact:
    """A decision from evaluated checks: eligible when all are met; failing checks are the
    reasons; ``needs_input`` codes alone make the status "needs_input". The decision is a
    fact: its sentences are rendered when read."""
    status = DecisionStatus.ELIGIBLE
    for check in checks:
        if not check.met:
            if check.code not in needs_input:
                status = DecisionStatus.INELIGIBLE
                break
            status = DecisionStatus.NEEDS_INPUT
    return DecisionFact(
        scheme,
        status,
        tuple(checks),
        references,
        bareme_id,
        indicative and status is DecisionStatus.ELIGIBLE,
    )


def per_trainee_within_cap(
    per_trainee: Decimal, cap: Decimal | None, trainees: int, basis: Words
) -> tuple[Decimal, Words]:
    """A per-trainee forfait, capped per trainee, times the trainees; with its basis words."""
    pieces: list[Words] = [basis]
    if cap is not None and per_trainee > cap:
        per_trainee = cap
        pieces.append(Text("outcome.capped_per_trainee", cap=cap))
    amount = per_trainee * trainees
    pieces.append(Text("outcome.times_trainees", trainees=Decimal(trainees), amount=amount))
    return amount, tuple(pieces)
