"""What a scheme rule returns before allocation: a decision, claims and notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.result import CostCategory, Decision, Notice, ParameterUsed, Payer, SchemeId
from formafin.sources import Reference

__all__ = ["Claim", "SchemeOutcome", "parameter_used"]


@dataclass(frozen=True)
class Claim:
    """What a scheme asks to fund in one cost category, exact (not yet rounded).

    ``low`` is the amount counted; ``high`` differs only when a figure is unknown and the
    claim is indicative.
    """

    scheme: SchemeId
    category: CostCategory
    payer: Payer
    low: Decimal
    high: Decimal
    basis: str
    explanation: str
    parameters: tuple[ParameterUsed, ...] = ()
    references: tuple[Reference, ...] = ()
    bareme_id: str | None = None

    @property
    def indicative(self) -> bool:
        """Whether the amount is uncertain."""
        return self.low != self.high


@dataclass(frozen=True)
class SchemeOutcome:
    """A scheme's decision, its claims and its notices."""

    decision: Decision
    claims: tuple[Claim, ...] = ()
    notices: tuple[Notice, ...] = field(default=())


def parameter_used(data: RuleData, name: str, day: date) -> tuple[Decimal, ParameterUsed]:
    """The decimal value of parameter ``name`` on ``day``, with its trace for the result."""
    parameter = data.parameter(name)
    value = parameter.at(day)
    if not isinstance(value.value, Decimal | int) or isinstance(value.value, bool):
        raise TypeError(f"{name} : valeur numérique attendue")
    number = Decimal(value.value)
    return number, ParameterUsed(
        name=name,
        label=parameter.label,
        value=str(value.value),
        unit=parameter.unit,
        status=value.status,
        references=value.references,
    )
