"""The allocator: per category, in the documented order, never above cost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formafin import CostCategory, Costs, Payer, SchemeId
from formafin.data import rule_data
from formafin.rules.allocation import allocate
from formafin.rules.outcome import Claim


def _claim(scheme: SchemeId, category: CostCategory, low: str, high: str | None = None) -> Claim:
    return Claim(
        scheme=scheme,
        category=category,
        payer=Payer.OPCO if scheme is SchemeId.OPCO_PLAN else Payer.CDC,
        low=Decimal(low),
        high=Decimal(high or low),
        basis="test",
        explanation="test.",
    )


def test_order_comes_from_the_data_and_later_claims_get_what_is_left() -> None:
    costs = Costs(pedagogical=Decimal("1000.00"))
    claims = [
        _claim(SchemeId.CPF, CostCategory.PEDAGOGICAL, "800"),
        _claim(SchemeId.OPCO_PLAN, CostCategory.PEDAGOGICAL, "600"),
    ]
    lines, totals = allocate(claims, costs, date(2026, 1, 1), rule_data())
    by_scheme = {line.scheme: line for line in lines}
    assert by_scheme[SchemeId.OPCO_PLAN].amount == Decimal("600.00")  # served first
    assert by_scheme[SchemeId.CPF].amount == Decimal("400.00")
    assert by_scheme[SchemeId.CPF].claimed == Decimal("800.00")
    assert "Réduit" in by_scheme[SchemeId.CPF].explanation
    pedagogical = next(t for t in totals if t.category is CostCategory.PEDAGOGICAL)
    assert (pedagogical.funded, pedagogical.remaining) == (Decimal("1000.00"), Decimal("0.00"))


def test_sub_cent_amounts_are_rounded_down() -> None:
    costs = Costs(pedagogical=Decimal("100.00"))
    (line,), _ = allocate(
        [_claim(SchemeId.OPCO_PLAN, CostCategory.PEDAGOGICAL, "79.7875")],
        costs,
        date(2026, 1, 1),
        rule_data(),
    )
    assert line.amount == Decimal("79.78")


def test_categories_are_kept_apart() -> None:
    costs = Costs(pedagogical=Decimal("100.00"), salary=Decimal("50.00"))
    lines, totals = allocate(
        [_claim(SchemeId.OPCO_PLAN, CostCategory.SALARY, "80")],
        costs,
        date(2026, 1, 1),
        rule_data(),
    )
    assert lines[0].amount == Decimal("50.00")
    assert {t.category: t.remaining for t in totals}[CostCategory.PEDAGOGICAL] == Decimal("100.00")
