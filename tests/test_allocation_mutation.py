"""The allocator, case by case: what the mutation tests showed untested (docs/testing.md).

Every expected figure below is computed by hand in its comment from the rule of
docs/concepts/cumulation.md: claims served in the funding order, each capped at what its
category has left, non-cumulable pairs (``allocation.non_cumulable``) never both paying.
"""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import formafin.data
from formafin import CostCategory, Costs, Payer, SchemeId
from formafin.data import rule_data
from formafin.rules.allocation import Allocator, allocate, funding_order, non_cumulable
from formafin.rules.outcome import Claim

from .conftest import data_with_parameter

PRO_A_OR_RECONVERSION = frozenset({frozenset({"pro_a", "periode_reconversion"})})
DAY_2025, DAY_2026 = date(2025, 6, 1), date(2026, 6, 1)


def _claim(
    scheme: str,
    low: str,
    high: str | None = None,
    category: CostCategory = CostCategory.PEDAGOGICAL,
) -> Claim:
    return Claim(
        scheme=scheme,
        category=category,
        payer=Payer.OPCO,
        low=Decimal(low),
        high=Decimal(high or low),
        basis="test",
        explanation="Demande de test.",
    )


def test_non_cumulable_pairs_follow_the_date_and_are_computed_once_per_value() -> None:
    """allocation.toml: no exclusive pair until 2025-12-31 (the période de reconversion
    starts on 2026-01-01, loi n° 2025-989 art. 11), then « pro_a+periode_reconversion »."""
    parameter = rule_data().parameter("allocation.non_cumulable")
    parameter.memo.clear()  # start cold: each date's value is derived here, not reused
    assert non_cumulable(rule_data(), DAY_2025) == frozenset()
    assert non_cumulable(rule_data(), DAY_2026) == PRO_A_OR_RECONVERSION
    assert non_cumulable(rule_data(), DAY_2025) == frozenset()
    # Derived from frozen data: the second call returns the same object (memo).
    first = non_cumulable(rule_data(), DAY_2026)
    assert non_cumulable(rule_data(), DAY_2026) is first


def test_funding_order_is_the_dated_list_of_the_data_file() -> None:
    # The value of allocation.order in force on the day, read from the TOML file itself.
    path = Path(formafin.data.__file__).parent / "parameters" / "allocation.toml"
    values = tomllib.loads(path.read_text(encoding="utf-8"))["parameter"]["order"]["values"]
    (expected,) = [v["value"] for v in values if v["start"] <= DAY_2026 <= v.get("until", date.max)]
    assert funding_order(rule_data(), DAY_2026) == tuple(expected)
    assert "cpf" in expected and "opco_plan" in expected


def test_a_dated_list_without_value_gives_no_order() -> None:
    data = data_with_parameter("allocation.order", "list", None)
    assert funding_order(data, DAY_2026) == ()


def test_a_full_claim_keeps_its_explanation_unchanged() -> None:
    allocator = Allocator(Costs(pedagogical=Decimal("1000.00")))
    allocator.serve([_claim("opco_plan", "400")])
    (grant,) = allocator.grants
    assert grant.blocker is None  # no scheme blocked it
    assert grant.line().explanation == "Demande de test."  # 400 ≤ 1 000: nothing reduced


def test_a_reduced_claim_says_from_what_to_what() -> None:
    # 1 000 € of cost: the plan takes 600, the CPF (claiming 800) gets the 400 left.
    allocator = Allocator(Costs(pedagogical=Decimal("1000.00")))
    allocator.serve([_claim("opco_plan", "600"), _claim("cpf", "800")])
    assert allocator.grants[1].line().explanation == (
        "Demande de test. Réduit de 800,00\xa0€ à 400,00\xa0€ : la catégorie est déjà "
        "financée par un dispositif prioritaire."
    )


def test_a_blocked_claim_keeps_its_explanation_and_names_the_blocker() -> None:
    allocator = Allocator(Costs(pedagogical=Decimal("1000.00")), PRO_A_OR_RECONVERSION)
    allocator.serve([_claim("pro_a", "300"), _claim("periode_reconversion", "500")])
    blocked = allocator.grants[1]
    assert (blocked.amount, blocked.blocker) == (Decimal("0.00"), "pro_a")
    assert blocked.line().explanation == (
        "Demande de test. Non cumulable avec pro_a : montant ramené à 0."
    )
    assert allocator.left[CostCategory.PEDAGOGICAL] == Decimal("700.00")  # 1 000 − 300


def test_a_scheme_granted_nothing_blocks_nobody() -> None:
    # Pro-A claims 0: it pays nothing, so the période de reconversion is not blocked.
    allocator = Allocator(Costs(pedagogical=Decimal("1000.00")), PRO_A_OR_RECONVERSION)
    allocator.serve([_claim("pro_a", "0"), _claim("periode_reconversion", "500")])
    assert [g.amount for g in allocator.grants] == [Decimal("0.00"), Decimal("500.00")]
    assert allocator.grants[1].blocker is None


def test_a_scheme_whose_category_is_exhausted_blocks_nobody() -> None:
    # The plan (served first here) takes the whole 1 000 €; Pro-A then gets 0 and does not
    # pay: the reconversion's salary claim (another category) is not blocked.
    costs = Costs(pedagogical=Decimal("1000.00"), salary=Decimal("200.00"))
    allocator = Allocator(costs, PRO_A_OR_RECONVERSION)
    allocator.serve(
        [
            _claim("opco_plan", "1000"),
            _claim("pro_a", "300"),
            _claim("periode_reconversion", "150", category=CostCategory.SALARY),
        ]
    )
    assert [g.amount for g in allocator.grants] == [
        Decimal("1000.00"),
        Decimal("0.00"),
        Decimal("150.00"),
    ]


def test_one_cent_granted_is_enough_to_block_the_other_scheme() -> None:
    allocator = Allocator(Costs(pedagogical=Decimal("1000.00")), PRO_A_OR_RECONVERSION)
    allocator.serve([_claim("pro_a", "0.01"), _claim("periode_reconversion", "500")])
    assert [g.amount for g in allocator.grants] == [Decimal("0.01"), Decimal("0.00")]
    assert allocator.grants[1].blocker == "pro_a"


def test_the_high_bound_of_a_later_claim_is_what_the_earlier_high_bounds_left() -> None:
    # Cost 1 000 €. A: 200 counted, up to 600. B: 100 counted, up to 500.
    # Counted: A 200, B 100 (800 left). High scenario: A took 600, 400 left for B: B's
    # range is 100 to 400.
    allocator = Allocator(Costs(pedagogical=Decimal("1000.00")))
    allocator.serve([_claim("opco_plan", "200", "600"), _claim("cpf", "100", "500")])
    line = allocator.grants[1].line()
    assert line.amount == Decimal("100.00")
    assert line.range is not None
    assert (line.range.low, line.range.high) == (Decimal("100.00"), Decimal("400.00"))


def test_nothing_served_is_zero_euros() -> None:
    funded = Allocator(Costs(pedagogical=Decimal("10.00"))).funded()
    assert isinstance(funded, Decimal) and str(funded) == "0.00"


def test_allocate_serves_unlisted_schemes_last() -> None:
    # "x.aide" is not in allocation.order: served after the CPF, it gets what is left.
    # 1 000 €: CPF 700, then x.aide (claiming 500) 300.
    lines, _ = allocate(
        [_claim("x.aide", "500"), _claim(SchemeId.CPF, "700")],
        Costs(pedagogical=Decimal("1000.00")),
        DAY_2026,
        rule_data(),
    )
    assert [(str(line.scheme), line.amount) for line in lines] == [
        ("cpf", Decimal("700.00")),
        ("x.aide", Decimal("300.00")),
    ]


def test_allocate_applies_the_non_cumulable_pairs_of_the_date() -> None:
    claims = [_claim("periode_reconversion", "500"), _claim("pro_a", "300")]
    costs = Costs(pedagogical=Decimal("1000.00"))
    # 2026: Pro-A (first in the order) pays 300; the reconversion is brought to 0.
    lines, _ = allocate(claims, costs, DAY_2026, rule_data())
    assert [(str(line.scheme), line.amount) for line in lines] == [
        ("pro_a", Decimal("300.00")),
        ("periode_reconversion", Decimal("0.00")),
    ]
    # 2025: no exclusive pair: both are served, 300 then 500 (800 ≤ 1 000).
    lines, _ = allocate(claims, costs, DAY_2025, rule_data())
    assert [line.amount for line in lines] == [Decimal("300.00"), Decimal("500.00")]
