"""Cumulation: share each cost category between scheme claims, never above its cost.

Claims are served in the order given by the dated parameter ``allocation.order``; within a
category, each claim gets at most what the earlier ones left. Amounts are rounded down to
the cent once, here (see :mod:`formafin.money`). The remaining cost of a category is its
cost minus what was granted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.models import Costs
from formafin.money import ZERO, format_eur, funded_cents
from formafin.result import CategoryTotal, CostCategory, FundingLine, MoneyRange
from formafin.rules.outcome import Claim

__all__ = ["allocate", "category_cost"]


def category_cost(costs: Costs, category: CostCategory) -> Decimal:
    """The cost of one category."""
    return {
        CostCategory.PEDAGOGICAL: costs.pedagogical,
        CostCategory.SALARY: costs.salary,
        CostCategory.ANNEX: costs.annex,
    }[category]


def allocate(
    claims: Sequence[Claim], costs: Costs, as_of: date, data: RuleData
) -> tuple[tuple[FundingLine, ...], tuple[CategoryTotal, ...]]:
    """Turn claims into funding lines and per-category totals."""
    order_value = data.parameter("allocation.order").at(as_of).value
    order = list(order_value) if isinstance(order_value, tuple) else []
    rank = {scheme: index for index, scheme in enumerate(order)}
    ordered = sorted(claims, key=lambda claim: rank.get(claim.scheme.value, len(rank)))
    pairs = data.parameter("allocation.non_cumulable").at(as_of).value
    exclusive = {frozenset(pair.split("+")) for pair in (pairs if isinstance(pairs, tuple) else ())}
    left = {category: category_cost(costs, category) for category in CostCategory}
    left_high = dict(left)
    lines: list[FundingLine] = []
    funded_schemes: set[str] = set()
    for claim in ordered:
        claimed = funded_cents(claim.low)
        blocker = next(
            (s for s in funded_schemes if frozenset({s, claim.scheme.value}) in exclusive), None
        )
        amount = ZERO if blocker else min(claimed, left[claim.category])
        high = ZERO if blocker else min(funded_cents(claim.high), left_high[claim.category])
        left[claim.category] -= amount
        left_high[claim.category] -= high
        if amount > 0:
            funded_schemes.add(claim.scheme.value)
        explanation = claim.explanation
        if blocker:
            explanation += f" Non cumulable avec {blocker} : montant ramené à 0."
        elif amount < claimed:
            explanation += (
                f" Réduit de {format_eur(claimed)} à {format_eur(amount)} : la catégorie est "
                "déjà financée par un dispositif prioritaire."
            )
        lines.append(
            FundingLine.trusted(
                scheme=claim.scheme,
                category=claim.category,
                payer=claim.payer,
                amount=amount,
                claimed=claimed,
                basis=claim.basis,
                explanation=explanation,
                indicative=claim.indicative,
                range=MoneyRange.trusted(low=amount, high=max(amount, high))
                if claim.indicative
                else None,
                bareme_id=claim.bareme_id,
                parameters=claim.parameters,
                references=claim.references,
            )
        )
    totals = []
    for category in CostCategory:
        cost = category_cost(costs, category)
        funded = sum((line.amount for line in lines if line.category is category), ZERO)
        totals.append(
            CategoryTotal.trusted(
                category=category, cost=cost, funded=funded, remaining=cost - funded
            )
        )
    return tuple(lines), tuple(totals)
