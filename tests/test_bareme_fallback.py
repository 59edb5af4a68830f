"""The last known barème, flagged, beats a blind range (issue 16, point 2).

Expected figures are computed by hand from the barème pages quoted in the data:
Atlas, bureaux d'études (IDCC 1486), criteria applicable from 17 July 2020: company cap
4 000 € HT under 25 employees, pedagogical costs at actual cost, salary rate and annex rule
not read (https://www.opco-atlas.fr/criteres-financement.html?branche=214).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formafin import estimate_funding
from formafin.baremes import Bareme
from formafin.data import RuleData, rule_data
from formafin.errors import DataError
from formafin.models import OpcoId
from formafin.result import CostCategory, FundingEstimate, FundingLine
from formafin.rules.bareme_selection import select_bareme, select_last_known_bareme
from formafin.rules.opco_plan import evaluate_opco_plan
from formafin.rules.opco_resolution import resolve_opco
from tests.conftest import make_dossier

SYNTEC_2026 = {
    "company": {"headcount": "8", "idcc": "1486"},
    "action": {"costs": {"pedagogical": "2800.00", "salary": "960.00", "annex": "180.00"}},
    "trainees": [{}, {}],
}


def _bareme(**fields: Any) -> Bareme:
    base: dict[str, Any] = {
        "id": "t",
        "opco": "atlas",
        "branch": "Branche test",
        "scope": "branch",
        "idcc": ["1111"],
        "valid_from": "2024-01-01",
        "valid_until": "2024-12-31",
        "status": "primary",
        "last_verified_on": "2026-11-26",
        "references": [{"kind": "opco_page", "id": "page test", "url": "https://example.org/b"}],
        "pedagogical_at_actual_cost": True,
        "annual_caps": [{"min_headcount": "0", "max_headcount": "50", "amount": "1000.00"}],
    }
    return Bareme.model_validate({**base, **fields})


def _data(*baremes: Bareme) -> RuleData:
    return replace(rule_data(), baremes={b.id: b for b in baremes})


def _line(estimate: FundingEstimate, category: CostCategory) -> FundingLine:
    return next(line for line in estimate.lines if line.category is category)


# --- Selection -------------------------------------------------------------------------


def test_the_latest_barème_that_ended_before_the_date_is_chosen() -> None:
    data = _data(
        _bareme(id="b2022", valid_from="2022-01-01", valid_until="2022-12-31"),
        _bareme(id="b2024"),
        _bareme(id="b2027", valid_from="2027-01-01", valid_until="2027-12-31"),  # future
    )
    day = date(2025, 6, 1)
    assert select_bareme(OpcoId.ATLAS, "1111", day, data) is None
    found = select_last_known_bareme(OpcoId.ATLAS, "1111", day, data)
    assert found is not None and found.id == "b2024"
    # Before 2024 ended, the 2022 one is the last known.
    found = select_last_known_bareme(OpcoId.ATLAS, "1111", date(2023, 6, 1), data)
    assert found is not None and found.id == "b2022"
    # Nothing ended before 2022: no fallback.
    assert select_last_known_bareme(OpcoId.ATLAS, "1111", date(2022, 6, 1), data) is None


def test_other_branches_other_opcos_and_by_id_only_barèmes_never_fall_back() -> None:
    data = _data(
        _bareme(id="other-branch", idcc=["2222"]),
        _bareme(id="other-opco", opco="opco_ep"),
        _bareme(id="by-id", scope="by_id_only"),
    )
    assert select_last_known_bareme(OpcoId.ATLAS, "1111", date(2025, 6, 1), data) is None


def test_the_branch_barème_comes_before_the_opco_wide_one() -> None:
    data = _data(
        _bareme(id="branch-2023", valid_from="2023-01-01", valid_until="2023-12-31"),
        _bareme(id="wide-2024", scope="opco_wide", idcc=[]),
    )
    found = select_last_known_bareme(OpcoId.ATLAS, "1111", date(2025, 6, 1), data)
    assert found is not None and found.id == "branch-2023"
    other = select_last_known_bareme(OpcoId.ATLAS, "9876", date(2025, 6, 1), data)
    assert other is not None and other.id == "wide-2024"


def test_two_last_known_barèmes_for_the_same_period_are_a_data_error() -> None:
    data = _data(_bareme(id="a"), _bareme(id="b"))
    with pytest.raises(DataError, match="a, b"):
        select_last_known_bareme(OpcoId.ATLAS, "1111", date(2025, 6, 1), data)


# --- Estimates with the shipped data ---------------------------------------------------------


def test_syntec_2026_gets_the_2020_barème_as_an_indicative_amount() -> None:
    estimate = estimate_funding(make_dossier(SYNTEC_2026))
    pedagogical = _line(estimate, CostCategory.PEDAGOGICAL)
    # 2800 € at actual cost, under the 4 000 € cap for fewer than 25 employees.
    assert pedagogical.amount == Decimal("2800.00")
    assert pedagogical.indicative and pedagogical.bareme_id == "atlas-bet-2020"
    # Salary rate not read: 0 to the SMIC, 12,02 €/h × 14 h × 2 trainees = 336,56 €.
    salary = _line(estimate, CostCategory.SALARY)
    assert salary.amount == 0 and salary.range is not None
    assert salary.range.high == Decimal("336.56")
    # 3 940 € − 2 800 € = 1 140 €; at best 3 940 − (2 800 + 336,56 + 180) = 623,44 €.
    assert estimate.remaining_cost == Decimal("1140.00")
    assert estimate.remaining_cost_range is not None
    assert (estimate.remaining_cost_range.low, estimate.remaining_cost_range.high) == (
        Decimal("623.44"),
        Decimal("1140.00"),
    )
    assert estimate.indicative
    plan = estimate.decisions[0]
    assert plan.eligible and plan.indicative and plan.bareme_id is None


def test_the_notice_names_the_year_and_the_source() -> None:
    estimate = estimate_funding(make_dossier(SYNTEC_2026))
    codes = [w.code for w in estimate.warnings]
    assert "BAREME_LAST_KNOWN" in codes and "INDICATIVE_AMOUNTS" in codes
    assert "BAREME_UNKNOWN" not in codes
    notice = next(w for w in estimate.warnings if w.code == "BAREME_LAST_KNOWN")
    assert "16/03/2026" in notice.message and "31/12/2020" in notice.message
    assert "https://www.opco-atlas.fr/criteres-financement.html?branche=214" in notice.message
    assert any(ref.url and "branche=214" in ref.url for ref in notice.references)


def test_the_range_without_barème_stays_beside_the_amount() -> None:
    # 3 900 € of the 4 000 € cap already used: the 2020 barème leaves 100 €.
    # Without barème: 55 €/h × 14 h × 2 = 1 540 €, under the indicative 6 000 − 3 900 = 2 100 €.
    used = make_dossier(SYNTEC_2026, company={"opco_plan_used": "3900.00"})
    line = _line(estimate_funding(used), CostCategory.PEDAGOGICAL)
    assert line.amount == Decimal("100.00")
    assert line.range is not None
    assert (line.range.low, line.range.high) == (Decimal("100.00"), Decimal("1540.00"))


def test_in_force_the_2020_barème_is_exact() -> None:
    dossier = make_dossier(
        SYNTEC_2026,
        provider={"qualiopi": None},
        action={"start": "2020-10-05", "end": "2020-10-06"},
        submitted_on="2020-09-01",
    )
    estimate = estimate_funding(dossier)
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert line.amount == Decimal("2800.00") and not line.indicative
    assert "BAREME_LAST_KNOWN" not in {w.code for w in estimate.warnings}


def test_the_callers_barème_still_wins() -> None:
    mine = _bareme(
        id="mon-bareme",
        idcc=["1486"],
        status="caller",
        valid_from="2026-01-01",
        valid_until="2026-12-31",
        pedagogical_at_actual_cost=False,
        pedagogical=[{"label": "35 €/h", "amount": "35.00"}],
        annual_caps=[],
    )
    estimate = estimate_funding(make_dossier(SYNTEC_2026), bareme=mine)
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    # 35 €/h × 14 h × 2 trainees = 980 €, exact.
    assert line.amount == Decimal("980.00") and not line.indicative
    assert line.bareme_id == "mon-bareme"
    assert "BAREME_LAST_KNOWN" not in {w.code for w in estimate.warnings}


def test_an_outdated_barèmes_conditions_are_not_applied() -> None:
    """A 7-hour minimum from an old barème does not refuse a 3,5-hour action today."""
    old = _bareme(idcc=["1486"], min_action_hours="7", lead_days=60)
    dossier = make_dossier(action={"hours": "3.5"})  # filed 43 days before the start
    outcome = evaluate_opco_plan(
        dossier, date(2026, 3, 16), resolve_opco("1486"), None, rule_data(), last_known=old
    )
    assert outcome.decision.eligible, outcome.decision.reasons
    claim = next(c for c in outcome.claims if c.category is CostCategory.PEDAGOGICAL)
    # 1 400 € at actual cost, under the old 1 000 € cap: 1 000 €, flagged.
    assert claim.low == Decimal("1000.00") and claim.indicative and claim.bareme_id == "t"
