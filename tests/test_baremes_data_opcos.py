"""Shipped barèmes of OPCO Santé and OPCO Mobilités (issue 16, data research).

Each expected amount is computed by hand, in a comment, from the figures of the page the
barème cites (see its ``references``), never copied from formafin's output.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from formafin import CostCategory, estimate_funding
from formafin.data import rule_data

from .conftest import make_dossier


def _line(estimate: Any, category: CostCategory) -> Any:
    return next((line for line in estimate.lines if line.category is category), None)


# --- OPCO Santé, structures de moins de 50 salariés, from 26 June 2024 ---------------------

SANTE_2024 = {
    "company": {"idcc": "0413", "headcount": "8"},
    "provider": {"qualiopi": {"valid_from": "2023-01-01", "valid_until": "2025-12-31"}},
    "action": {"start": "2024-09-16", "end": "2024-09-17", "hours": "14"},
    "submitted_on": "2024-09-01",
}


def test_opco_sante_2024_pays_actual_costs_and_the_smic() -> None:
    """opco-sante.fr, CA decision applied from 26/06/2024: pedagogical costs no longer capped
    per hour, 8 000 € a year per company, pay funded « à hauteur du SMIC »."""
    estimate = estimate_funding(
        make_dossier(
            SANTE_2024,
            trainees=[{}, {}, {}],
            action={"costs": {"pedagogical": "3000.00", "salary": "1000.00"}},
        )
    )
    pedagogical = _line(estimate, CostCategory.PEDAGOGICAL)
    # Actual cost 3 000 € < 8 000 € a year: 3 000 € paid in full.
    assert pedagogical.amount == Decimal("3000.00")
    assert pedagogical.bareme_id == "opco_sante-m50-2024" and not pedagogical.indicative
    assert any("opco-sante.fr" in (ref.url or "") for ref in pedagogical.references)
    # SMIC horaire brut on 16/09/2024: 11,65 € × 14 h × 3 trainees = 489,30 € (< 1 000 € cost,
    # and 3 000 + 489,30 < 8 000 €).
    assert _line(estimate, CostCategory.SALARY).amount == Decimal("489.30")


def test_opco_sante_2024_salary_after_the_smic_rise_of_november() -> None:
    estimate = estimate_funding(
        make_dossier(
            SANTE_2024,
            action={
                "start": "2024-11-18",
                "end": "2024-11-19",
                "costs": {"pedagogical": "700.00", "salary": "400.00"},
            },
        )
    )
    # SMIC horaire brut from 01/11/2024: 11,88 € × 14 h × 1 trainee = 166,32 €.
    assert _line(estimate, CostCategory.SALARY).amount == Decimal("166.32")


def test_opco_sante_2024_annual_cap_of_8000() -> None:
    estimate = estimate_funding(
        make_dossier(
            SANTE_2024,
            company={"opco_plan_used": "1500.00"},
            action={"costs": {"pedagogical": "9000.00", "salary": "300.00"}},
        )
    )
    # 8 000 € a year, 1 500 € already used: 6 500 € left for the 9 000 € of pedagogical costs,
    # nothing left for pay (formafin charges pay on the same cap).
    assert _line(estimate, CostCategory.PEDAGOGICAL).amount == Decimal("6500.00")
    assert _line(estimate, CostCategory.SALARY) is None


def test_opco_sante_2024_is_dated_from_the_26th_of_june_and_covers_every_branch() -> None:
    bareme = rule_data().bareme("opco_sante-m50-2024")
    assert not bareme.in_force(date(2024, 6, 25))
    assert bareme.in_force(date(2024, 6, 26)) and bareme.in_force(date(2024, 12, 31))
    # FEHAP (IDCC 0029) is another OPCO Santé branch: the same barème applies.
    other_branch = estimate_funding(make_dossier(SANTE_2024, company={"idcc": "0029"}))
    assert _line(other_branch, CostCategory.PEDAGOGICAL).bareme_id == "opco_sante-m50-2024"


# --- OPCO Mobilités, Guadeloupe, Martinique, Guyane, La Réunion, 2024 ----------------------

DROM_2024 = {
    "company": {"idcc": "0016", "headcount": "25", "departement": "971"},
    "provider": {"qualiopi": {"valid_from": "2023-01-01", "valid_until": "2025-12-31"}},
    "action": {"start": "2024-04-08", "end": "2024-04-12", "hours": "35"},
    "submitted_on": "2024-03-01",
}


def test_opco_mobilites_drom_2024_budget_by_size() -> None:
    """opcomobilites.fr, version janvier 2024: pedagogical costs within a yearly budget of
    2 900 € (< 11), 3 300 € (11-19), 3 600 € (20-29), 3 900 € (30-39), 4 200 € (40-49)."""
    dossier = make_dossier(
        DROM_2024, trainees=[{}, {}], action={"costs": {"pedagogical": "5000.00"}}
    )
    estimate = estimate_funding(dossier, bareme="opco_mobilites-drom-2024")
    # 25 employees: band « de 20 à moins de 30 salariés », 3 600 € < 5 000 € of costs.
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert line.amount == Decimal("3600.00") and not line.indicative
    small = make_dossier(
        DROM_2024, company={"headcount": "8"}, action={"costs": {"pedagogical": "2000.00"}}
    )
    # 8 employees: 2 900 € budget, 2 000 € of actual costs paid in full.
    small_line = _line(
        estimate_funding(small, bareme="opco_mobilites-drom-2024"), CostCategory.PEDAGOGICAL
    )
    assert small_line.amount == Decimal("2000.00")


def test_opco_mobilites_drom_2024_is_never_selected_automatically() -> None:
    estimate = estimate_funding(make_dossier(DROM_2024))
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert line.bareme_id != "opco_mobilites-drom-2024"


# --- OPCO Mobilités, services de l'automobile, 2026 ---------------------------------------

AUTO_2026 = {"company": {"idcc": "1090", "headcount": "8"}}


def test_opco_mobilites_automobile_2026_actual_cost_under_an_unknown_cap() -> None:
    """Mobipolis, version janvier 2026: pedagogical costs « au réel » within a cap by size
    that formafin could not read, so the amount stays indicative."""
    estimate = estimate_funding(
        make_dossier(AUTO_2026, action={"costs": {"pedagogical": "3000.00", "salary": "0"}})
    )
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert line.bareme_id == "opco_mobilites-automobile-2026"
    assert line.indicative and line.range is not None
    # Actual cost 3 000 €, unknown cap: formafin's indicative caps under 11 employees
    # (1 400 € to 6 000 €) bound it: from min(3 000, 1 400) = 1 400 €
    # to min(3 000, 6 000) = 3 000 €.
    assert (line.range.low, line.range.high) == (Decimal("1400.00"), Decimal("3000.00"))
    assert "BAREME_SECONDARY_SOURCE" in {notice.code for notice in estimate.warnings}


def test_opco_mobilites_automobile_2026_does_not_reach_back_to_2025() -> None:
    estimate = estimate_funding(
        make_dossier(
            AUTO_2026,
            provider={"qualiopi": {"valid_from": "2023-01-01", "valid_until": "2026-12-31"}},
            action={"start": "2025-04-07", "end": "2025-04-08"},
            submitted_on="2025-03-01",
        )
    )
    assert _line(estimate, CostCategory.PEDAGOGICAL).bareme_id != "opco_mobilites-automobile-2026"
