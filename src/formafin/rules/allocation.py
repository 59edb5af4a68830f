"""Cumulation: share each cost category between scheme claims, never above its cost.

Claims are served in the legal funding order (the dated parameter ``allocation.order``);
within a category, each claim gets at most what the earlier ones left; two schemes listed
together in ``allocation.non_cumulable`` never both pay for one action. Amounts are rounded
down to the cent once, here (see :mod:`formafin.money`). The remaining cost of a category is
its cost minus what was granted.

:class:`Allocator` serves claims as the pipeline produces them, so a later rule reads what
is left (:attr:`Allocator.left`); it keeps facts (:class:`Grant`) and renders the funding
lines only when asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from formafin.catalogue import render
from formafin.facts import say
from formafin.lookup import in_force, parameter_named, value_on
from formafin.models import Costs
from formafin.money import ZERO, funded_cents
from formafin.result import COST_CATEGORIES, CategoryTotal, CostCategory, FundingLine, MoneyRange
from formafin.rules.outcome import Claim

if TYPE_CHECKING:
    from formafin.data import RuleData

__all__ = [
    "Allocator",
    "Grant",
    "allocate",
    "category_cost",
    "funding_order",
    "non_cumulable",
]


def category_cost(costs: Costs, category: CostCategory) -> Decimal:
    """The cost of one category."""
    if category is CostCategory.PEDAGOGICAL:
        return costs.pedagogical
    if category is CostCategory.SALARY:
        return costs.salary
    return costs.annex


def funding_order(data: RuleData, as_of: date) -> tuple[str, ...]:
    """The schemes in the order their claims are served (``allocation.order``)."""
    value = value_on(data, "allocation.order", as_of).value
    return value if isinstance(value, tuple) else ()


def non_cumulable(data: RuleData, as_of: date) -> frozenset[frozenset[str]]:
    """Pairs of schemes that never both pay for one action (``allocation.non_cumulable``)."""
    parameter = parameter_named(data, "allocation.non_cumulable")
    value = in_force(parameter, as_of)
    key = ("pairs", id(value))  # derived from frozen data: computed once per value
    found: frozenset[frozenset[str]] | None = parameter.memo.get(key)
    if found is None:
        pairs = value.value if isinstance(value.value, tuple) else ()
        found = frozenset(frozenset(str(pair).split("+")) for pair in pairs)
        parameter.memo[key] = found
    return found


@dataclass(frozen=True, slots=True)
class Grant:
    """What one claim was granted: ``amount`` (counted) and ``high`` (top of its range), in
    cents; ``blocker`` names the non-cumulable scheme that already paid, if any."""

    claim: Claim
    claimed: Decimal
    amount: Decimal
    high: Decimal
    blocker: str | None

    def line(self) -> FundingLine:
        """The funding line, with the reduction explained."""
        claim = self.claim
        explanation = say(claim.explanation)
        if self.blocker:
            explanation += render("allocation.not_cumulable", {"blocker": self.blocker})
        elif self.amount < self.claimed:
            explanation += render(
                "allocation.reduced", {"claimed": self.claimed, "amount": self.amount}
            )
        indicative = claim.indicative
        return FundingLine.of_state(
            {
                "scheme": claim.scheme,
                "category": claim.category,
                "payer": claim.payer,
                "amount": self.amount,
                "claimed": self.claimed,
                "basis": say(claim.basis),
                "explanation": explanation,
                "indicative": indicative,
                "range": MoneyRange.of_state(
                    {"low": self.amount, "high": max(self.amount, self.high)}
                )
                if indicative
                else None,
                "bareme_id": claim.bareme_id,
                "parameters": claim.parameters,
                "references": claim.references,
            }
        )


class Allocator:
    """Serves claims in the order given, per category, never above what is left."""

    __slots__ = ("_costs", "_exclusive", "_funded", "_left_high", "grants", "left")

    def __init__(self, costs: Costs, exclusive: frozenset[frozenset[str]] = frozenset()) -> None:
        self._costs = costs
        self._exclusive = exclusive
        self.left: dict[CostCategory, Decimal] = {
            CostCategory.PEDAGOGICAL: costs.pedagogical,
            CostCategory.SALARY: costs.salary,
            CostCategory.ANNEX: costs.annex,
        }
        self._left_high = dict(self.left)
        self._funded: list[str] = []
        self.grants: list[Grant] = []

    def serve(self, claims: Iterable[Claim]) -> None:
        """Grant each claim what its category has left (rounded down to the cent)."""
        for claim in claims:
            scheme = str(claim.scheme)
            claimed = funded_cents(claim.low)
            blocker = None
            if self._exclusive:
                blocker = next(
                    (s for s in self._funded if frozenset({s, scheme}) in self._exclusive), None
                )
            category = claim.category
            if blocker:
                amount = high = ZERO
            else:
                amount = min(claimed, self.left[category])
                high = min(funded_cents(claim.high), self._left_high[category])
            self.left[category] -= amount
            self._left_high[category] -= high
            if amount > 0 and scheme not in self._funded:
                self._funded.append(scheme)
            self.grants.append(Grant(claim, claimed, amount, high, blocker))

    def funded(self) -> Decimal:
        """Total granted."""
        return sum((grant.amount for grant in self.grants), ZERO)

    def lines(self) -> tuple[FundingLine, ...]:
        """The funding lines, in the order served."""
        return tuple(grant.line() for grant in self.grants)

    def totals(self) -> tuple[CategoryTotal, ...]:
        """Cost, funded and remaining cost per category."""
        totals = []
        for category in COST_CATEGORIES:
            cost = category_cost(self._costs, category)
            remaining = self.left[category]
            totals.append(
                CategoryTotal.of_state(
                    {
                        "category": category,
                        "cost": cost,
                        "funded": cost - remaining,
                        "remaining": remaining,
                    }
                )
            )
        return tuple(totals)


def allocate(
    claims: Sequence[Claim], costs: Costs, as_of: date, data: RuleData
) -> tuple[tuple[FundingLine, ...], tuple[CategoryTotal, ...]]:
    """Turn claims, in any order, into funding lines and per-category totals: the claims
    are sorted in the funding order first (schemes not listed come last)."""
    rank = {scheme: index for index, scheme in enumerate(funding_order(data, as_of))}
    ordered = sorted(claims, key=lambda claim: rank.get(str(claim.scheme), len(rank)))
    allocator = Allocator(costs, non_cumulable(data, as_of))
    allocator.serve(ordered)
    return allocator.lines(), allocator.totals()
