"""Plan under 50, second legal pass (issue 14 points 13 and 14): D6332-39 and R6332-40."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from formafin import Bareme, CostCategory, SchemeId, estimate_funding
from formafin.baremes import AnnexRule, BaremeScope, PedagogicalRule, SizeBandAmount
from formafin.sources import Reference, ReferenceKind, SourceStatus

from .conftest import make_dossier

PLAN = SchemeId.OPCO_PLAN


def _bareme(annex: AnnexRule) -> Bareme:
    return Bareme(
        id="mon-bareme",
        opco="atlas",
        branch="Ma branche",
        scope=BaremeScope.BY_ID_ONLY,
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
        status=SourceStatus.CALLER,
        last_verified_on=date(2026, 2, 1),
        references=(Reference(kind=ReferenceKind.CALLER, id="Courriel du conseiller OPCO"),),
        pedagogical=(PedagogicalRule(label="Taux horaire", amount=Decimal("40.00")),),
        annual_caps=(SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("5000.00")),),
        salary=(SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("12.02")),),
        annex=annex,
    )


# 300 € of annex costs, 100 € of which are childcare while the employee trains.
CHILDCARE: dict[str, Any] = {
    "action": {
        "costs": {"pedagogical": "400.00", "annex": "300.00"},
        "annex_detail": {"childcare": "100.00"},
    }
}


def _annex(estimate: Any) -> Any:
    return next(x for x in estimate.lines if x.scheme is PLAN and x.category is CostCategory.ANNEX)


def test_childcare_is_not_an_annex_cost_of_training_in_working_time() -> None:
    estimate = estimate_funding(make_dossier(CHILDCARE), bareme=_bareme(AnnexRule(funded=True)))
    # D6332-39 II: transport, meals, lodging; childcare only "lorsque les formations se
    # déroulent pour tout ou partie en dehors du temps de travail": 300 − 100 = 200 €.
    assert _annex(estimate).amount == Decimal("200.00")
    assert "CHILDCARE_NOT_FUNDED_IN_WORKING_TIME" in [w.code for w in estimate.warnings]


def test_childcare_outside_working_time_follows_the_opco_board() -> None:
    outside = {"action": {"outside_working_time": True}}
    estimate = estimate_funding(
        make_dossier(CHILDCARE, outside), bareme=_bareme(AnnexRule(funded=True))
    )
    # "selon les modalités définies par le conseil d'administration", unknown to formafin:
    # 200 € certain, up to 300 € with the childcare (indicative range).
    line = _annex(estimate)
    assert line.amount == Decimal("200.00") and line.indicative
    assert line.range.high == Decimal("300.00")
    assert "CHILDCARE_OPCO_RULES" in [w.code for w in estimate.warnings]
    not_funded = estimate_funding(
        make_dossier(CHILDCARE, outside), bareme=_bareme(AnnexRule(funded=False))
    )
    assert not [x for x in not_funded.lines if x.category is CostCategory.ANNEX]


def test_childcare_above_the_annex_costs_is_refused() -> None:
    with pytest.raises(ValidationError, match="childcare"):
        make_dossier(CHILDCARE, action={"annex_detail": {"childcare": "300.01"}})


# --- R6332-40: health-and-safety training of CSE members -------------------------------

CSE: dict[str, Any] = {"action": {"cse_health_safety": True}}


def test_cse_health_safety_training_is_funded_from_march_2022() -> None:
    early = {
        "action": {"start": "2022-03-28", "end": "2022-03-29"},
        "submitted_on": "2022-02-01",
        "provider": {"qualiopi": {"valid_from": "2021-06-01", "valid_until": "2024-05-31"}},
    }
    before = estimate_funding(make_dossier(CSE, early)).decision(PLAN)
    # L2315-18 before the loi n° 2021-1018: "Le financement de la formation est pris en charge
    # par l'employeur"; L6332-1-3 I 4° and R6332-40 apply from 31 March 2022.
    assert before is not None and [r.code for r in before.reasons] == [
        "CSE_TRAINING_EMPLOYER_FUNDED"
    ]
    after = estimate_funding(make_dossier(CSE)).decision(PLAN)
    assert after is not None and after.eligible
    assert "CSE_HEALTH_SAFETY_TRAINING" in [c.code for c in after.checks if c.met]
