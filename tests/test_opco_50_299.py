"""The envelope of the companies of 50 to 299 employees (rules/opco_50_299.py).

L6332-17 reserves the OPCO's mutualised plan to the companies under 50; from 50 the OPCO
funds a company only from the branch's conventional contributions or the company's voluntary
ones (L6332-1-2). Expected amounts come from the OPCO pages quoted in the barèmes
(data/baremes/plan_50_299.toml), computed by hand in the comments.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formafin import DecisionStatus, FundingEstimate, estimate_funding
from formafin.data import rule_data
from formafin.result import SchemeId
from formafin.rules.allocation import funding_order
from formafin.rules.base import Rule, RuleContext
from formafin.rules.opco_50_299 import RULE, in_50_299_range
from formafin.rules.opco_resolution import resolve_opco
from formafin.rules.registry import shipped_rule, shipped_rules

from .conftest import make_dossier

ENVELOPE = SchemeId.OPCO_50_299
DATA = rule_data()
# Organismes de tourisme (Afdas), 2023: envelope of 5 900 € for 50 employees and more.
TOURISM_2023: dict[str, Any] = {
    "company": {"headcount": "120", "idcc": "1909"},
    "provider": {"qualiopi": {"valid_from": "2022-06-01", "valid_until": "2025-05-31"}},
    "action": {"start": "2023-03-16", "end": "2023-03-17", "costs": {"pedagogical": "7000.00"}},
    "submitted_on": "2023-02-01",
}
# Syntec (Atlas), autumn 2020: 50 % of the pedagogical costs within the band's envelope.
SYNTEC_2020: dict[str, Any] = {
    "company": {"idcc": "1486"},
    "provider": {"qualiopi": {"valid_from": "2020-01-15", "valid_until": "2022-12-31"}},
    "action": {"start": "2020-10-05", "end": "2020-10-09", "hours": "35"},
    "submitted_on": "2020-09-01",
}


def _envelope(estimate: FundingEstimate) -> tuple[Decimal, Decimal | None]:
    lines = [line for line in estimate.lines if line.scheme is ENVELOPE]
    assert len(lines) == 1, lines
    line = lines[0]
    return line.amount, (line.range.high if line.range is not None else None)


def _codes(estimate: FundingEstimate) -> set[str]:
    return {notice.code for notice in estimate.warnings if notice.scheme is ENVELOPE}


@pytest.mark.parametrize(
    ("headcount", "requested"),
    [
        ("0", False),
        ("49", False),
        ("49.99", False),
        ("50", True),
        ("120", True),
        ("299", True),
        ("299.99", True),
        ("300", False),
        ("1200", False),
    ],
)
def test_requested_from_50_to_299_employees(headcount: str, requested: bool) -> None:
    # [plan.headcount_threshold = 50 (L6332-17), plan_50_299.headcount_ceiling = 300[, on the
    # annual average of L130-1 I CSS (L6332-1 A), to the hundredth.
    dossier = make_dossier(company={"headcount": headcount})
    assert RULE.requested(dossier) is requested
    assert in_50_299_range(Decimal(headcount), DATA, date(2026, 3, 16)) is requested
    estimate = estimate_funding(dossier)
    assert (estimate.decision(ENVELOPE) is not None) is requested


@pytest.mark.parametrize("headcount", ["49", "300", "1200"])
def test_outside_the_range_the_result_is_exactly_the_same(headcount: str) -> None:
    # Fewer than 50 or 300 and more: the rule is not requested, nothing changes.
    dossier = make_dossier(TOURISM_2023, company={"headcount": headcount})
    others = [rule for rule in shipped_rules() if rule.scheme != ENVELOPE]
    assert estimate_funding(dossier) == estimate_funding(dossier, rules=others)


def test_the_under_50_plan_decision_stays_what_it_was() -> None:
    # A 120-employee company: the plan still refuses with HEADCOUNT_50_OR_MORE, exactly as
    # without the new rule; the envelope says what it offers.
    dossier = make_dossier(TOURISM_2023)
    others = [rule for rule in shipped_rules() if rule.scheme != ENVELOPE]
    plan = estimate_funding(dossier).decision(SchemeId.OPCO_PLAN)
    assert plan == estimate_funding(dossier, rules=others).decision(SchemeId.OPCO_PLAN)
    assert plan is not None and [r.code for r in plan.reasons] == ["HEADCOUNT_50_OR_MORE"]


def test_tourism_2023_envelope_of_5900() -> None:
    # 7 000 € of pedagogical costs, envelope 5 900 € (nothing used yet): 5 900 €, exact.
    estimate = estimate_funding(make_dossier(TOURISM_2023))
    decision = estimate.decision(ENVELOPE)
    assert decision is not None and decision.status is DecisionStatus.ELIGIBLE
    assert decision.bareme_id == "afdas-tourisme-50-299-2023" and not decision.indicative
    assert _envelope(estimate) == (Decimal("5900.00"), None)
    assert {"WITHIN_AVAILABLE_FUNDS", "BAREME_SECONDARY_SOURCE", "BAREME_NOTE"} <= _codes(estimate)


def test_used_envelope_is_deducted_and_a_spent_one_funds_nothing() -> None:
    # 5 900 - 2 000 already used = 3 900 €; with 5 900 used, nothing, and the notice says why.
    estimate = estimate_funding(make_dossier(TOURISM_2023, company={"opco_plan_used": "2000"}))
    assert _envelope(estimate) == (Decimal("3900.00"), None)
    spent = estimate_funding(make_dossier(TOURISM_2023, company={"opco_plan_used": "5900"}))
    assert not [line for line in spent.lines if line.scheme is ENVELOPE and line.amount > 0]
    assert "CATEGORY_NOT_FUNDED" in _codes(spent)


def test_pay_and_annex_costs_are_not_funded_by_the_tourism_envelope() -> None:
    # Afdas: « financement du coût pédagogique » ; annex costs « uniquement » for the < 50.
    dossier = make_dossier(TOURISM_2023, action={"costs": {"salary": "800", "annex": "150"}})
    estimate = estimate_funding(dossier)
    assert [line.category.value for line in estimate.lines if line.scheme is ENVELOPE] == [
        "pedagogical"
    ]
    assert "CATEGORY_NOT_FUNDED" in _codes(estimate)


@pytest.mark.parametrize(
    ("headcount", "expected"),
    [
        # 50 % of 18 000 € = 9 000 €, within the band's envelope (Atlas, 17 July 2020).
        ("50", "5600.00"),  # 50 to 99: 5 600 €
        ("99.99", "5600.00"),
        ("100", "7200.00"),  # 100 to 149: 7 200 €
        ("199", "8000.00"),  # 150 to 199: 8 000 €
    ],
)
def test_syntec_2020_half_of_the_costs_within_the_band(headcount: str, expected: str) -> None:
    dossier = make_dossier(
        SYNTEC_2020, company={"headcount": headcount}, action={"costs": {"pedagogical": "18000"}}
    )
    assert _envelope(estimate_funding(dossier)) == (Decimal(expected), None)


def test_syntec_2020_the_share_binds_below_the_envelope() -> None:
    # 50 % of 4 000 € = 2 000 €, under the 7 200 € of the 100-149 band.
    dossier = make_dossier(
        SYNTEC_2020, company={"headcount": "120"}, action={"costs": {"pedagogical": "4000"}}
    )
    assert _envelope(estimate_funding(dossier)) == (Decimal("2000.00"), None)


def test_syntec_2020_band_with_an_unreadable_amount_is_indicative() -> None:
    # 200 to 249: the amount was cut in the page: 0 counted, up to 50 % of the cost.
    dossier = make_dossier(
        SYNTEC_2020, company={"headcount": "220"}, action={"costs": {"pedagogical": "18000"}}
    )
    estimate = estimate_funding(dossier)
    assert _envelope(estimate) == (Decimal("0.00"), Decimal("9000.00"))
    decision = estimate.decision(ENVELOPE)
    assert decision is not None and decision.indicative


def test_size_not_covered_by_the_bareme_asks_for_it() -> None:
    # Atlas published nothing above 249 employees: needs_input, never zero.
    dossier = make_dossier(SYNTEC_2020, company={"headcount": "260"})
    decision = estimate_funding(dossier).decision(ENVELOPE)
    assert decision is not None and decision.status is DecisionStatus.NEEDS_INPUT
    assert [r.code for r in decision.reasons] == ["BAREME_50_299_SIZE_NOT_COVERED"]


def test_branch_scope_another_afdas_branch_has_no_envelope() -> None:
    # Espaces de loisirs (IDCC 1790), also Afdas: the tourism envelope is not theirs.
    dossier = make_dossier(TOURISM_2023, company={"idcc": "1790"})
    decision = estimate_funding(dossier).decision(ENVELOPE)
    assert decision is not None and decision.status is DecisionStatus.NEEDS_INPUT
    assert [r.code for r in decision.reasons] == ["BAREME_50_299_UNKNOWN"]
    assert decision.bareme_id is None


def test_envelope_that_is_only_a_minimum_is_indicative_above_it() -> None:
    # Afdas 2024: « 100 % de la contribution conventionnelle sans être inférieur à 5 900 € HT »:
    # 5 900 € counted, up to the 7 000 € cost, and the notice says why.
    dossier = make_dossier(
        TOURISM_2023,
        provider={"qualiopi": {"valid_from": "2023-06-01", "valid_until": "2026-05-31"}},
        action={"start": "2024-03-18", "end": "2024-03-19"},
        submitted_on="2024-02-01",
    )
    estimate = estimate_funding(dossier)
    assert _envelope(estimate) == (Decimal("5900.00"), Decimal("7000.00"))
    assert "ENVELOPE_MINIMUM" in _codes(estimate)


def test_outdated_envelope_counts_nothing_and_gives_the_high_bound() -> None:
    # Syntec in 2026: only the 2020 envelope is known. Whether the branch still funds one is
    # unknown (L6332-1-2: the OPCO « peut »), so 0 is counted, 50 % of 1 400 € = 700 € is the
    # high bound, flagged; the other schemes see the whole cost left.
    dossier = make_dossier(company={"headcount": "120"})
    estimate = estimate_funding(dossier)
    assert _envelope(estimate) == (Decimal("0.00"), Decimal("700.00"))
    decision = estimate.decision(ENVELOPE)
    assert decision is not None and decision.indicative
    assert decision.bareme_id == "atlas-bet-50-299-2020"
    assert "BAREME_LAST_KNOWN" in _codes(estimate)
    assert estimate.remaining_cost == Decimal("1400.00")


def test_caller_bareme_of_the_envelope_kind_is_used() -> None:
    # OPCO EP, branche 204, 2026: 50 000 € for 50 and more, minimum 4 h, pay only under 50.
    # 60 000 € of costs, 12 000 € used: 38 000 €.
    dossier = make_dossier(
        company={"headcount": "80", "idcc": None, "opco": "opco_ep", "opco_plan_used": "12000"},
        action={"hours": "28", "costs": {"pedagogical": "60000", "salary": "5000"}},
    )
    estimate = estimate_funding(dossier, bareme="opco_ep-204-50-299-2026")
    assert _envelope(estimate) == (Decimal("38000.00"), None)
    assert "BAREME_CHOSEN_BY_CALLER" in _codes(estimate)
    short = make_dossier(dossier.model_dump(mode="json"), action={"hours": "3"})
    decision = estimate_funding(short, bareme="opco_ep-204-50-299-2026").decision(ENVELOPE)
    assert decision is not None and [r.code for r in decision.reasons] == ["BELOW_MIN_HOURS"]


def test_a_caller_under_50_bareme_does_not_replace_the_envelope() -> None:
    # The caller's plan barème says nothing of the 50-299 envelope: selection by kind.
    estimate = estimate_funding(make_dossier(TOURISM_2023), bareme="afdas-tourisme-2023")
    decision = estimate.decision(ENVELOPE)
    assert decision is not None and decision.bareme_id == "afdas-tourisme-50-299-2023"


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"company": {"idcc": None}}, DecisionStatus.NEEDS_INPUT, "OPCO_UNKNOWN"),
        ({"submitted_on": "2023-03-16"}, DecisionStatus.INELIGIBLE, "REQUEST_AFTER_START"),
        ({"provider": {"qualiopi": None}}, DecisionStatus.INELIGIBLE, "QUALIOPI_MISSING"),
        (
            {"action": {"category": "apprentissage"}, "provider": {"qualiopi": None}},
            DecisionStatus.INELIGIBLE,
            "CATEGORY_NOT_PLAN",
        ),
    ],
)
def test_conditions(changes: dict[str, Any], status: DecisionStatus, code: str) -> None:
    decision = estimate_funding(make_dossier(TOURISM_2023, changes)).decision(ENVELOPE)
    assert decision is not None and decision.status is status
    assert code in {r.code for r in decision.reasons}
    # The OPCO resolution's own reasons cite what it read (nothing, when there is no IDCC).
    assert all(r.references for r in decision.reasons if not r.code.startswith("OPCO_"))


def test_rule_is_registered_and_placed_with_the_plan() -> None:
    assert isinstance(RULE, Rule)
    assert shipped_rule(ENVELOPE) is RULE
    order = funding_order(DATA, date(2026, 3, 16))
    assert order.index("opco_50_299") == order.index("opco_plan") + 1 < order.index("cpf")


def test_rule_evaluates_from_a_context_built_by_hand() -> None:
    dossier = make_dossier(TOURISM_2023)
    context = RuleContext(
        dossier=dossier,
        day=date(2023, 3, 16),
        data=DATA,
        opco=resolve_opco("1909"),
        bareme=None,
    )
    outcome = RULE.evaluate(context)
    assert outcome is not None and outcome.decision.eligible
    assert [(c.category.value, c.low, c.high) for c in outcome.claims] == [
        ("pedagogical", Decimal("5900.00"), Decimal("5900.00"))
    ]
    small = RuleContext(
        dossier=make_dossier(TOURISM_2023, company={"headcount": "12"}),
        day=date(2023, 3, 16),
        data=DATA,
        opco=resolve_opco("1909"),
        bareme=None,
    )
    assert RULE.evaluate(small) is None
