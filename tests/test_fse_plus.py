"""FSE+ co-funding: one test per condition, figures from the calls' pages.

Sources (src/formafin/data/parameters/fse_plus.toml): FPETT board decision of 7 February 2025
(AKTO, travail temporaire: FSE+ 50 % of a base of pedagogical costs capped at 45 €/h and pay
capped at 12 €/h, FPETT 50 % of the same base); Centre Inffo fiche 12-6 (40 / 60 / 85 % by
category of region); OCAPIAT (files received until 14/11/2025; no annex costs); a secondary
page for the 2026 end-of-training deadlines (Afdas 30/06/2026).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formafin import Dossier
from formafin.data import rule_data
from formafin.facts import say
from formafin.models import OpcoId
from formafin.result import CostCategory, Decision, DecisionStatus, Payer, SchemeId
from formafin.rules.fse_plus import evaluate_fse_plus, region_category
from formafin.rules.outcome import Claim, SchemeOutcome
from formafin.sources import SourceStatus

from .conftest import dossier_data

# Three temps (IDCC 2378, AKTO) in Lyon, 35 h each: 6 000 € of pedagogical costs, 2 000 € of
# pay and 300 € of annex costs.
TEMPS: dict[str, Any] = {
    "company": {"headcount": "120", "idcc": "2378", "departement": "69"},
    "provider": {
        "qualiopi": {
            "categories": ["actions_de_formation"],
            "valid_from": "2024-01-01",
            "valid_until": "2026-12-31",
        }
    },
    "action": {
        "title": "Conduite de chariots",
        "start": "2025-10-06",
        "end": "2025-10-10",
        "hours": "35",
        "costs": {"pedagogical": "6000.00", "salary": "2000.00", "annex": "300.00"},
    },
    "trainees": [{"contract": "interim"}] * 3,
    "submitted_on": "2025-09-01",
    "fse_plus": {},
}
DAY = date(2025, 10, 6)


def _dossier(*layers: dict[str, Any]) -> Dossier:
    return Dossier.model_validate(dossier_data(TEMPS, *layers))


def _left(dossier: Dossier) -> dict[CostCategory, Decimal]:
    costs = dossier.action.costs
    return {
        CostCategory.PEDAGOGICAL: costs.pedagogical,
        CostCategory.SALARY: costs.salary,
        CostCategory.ANNEX: costs.annex,
    }


def _run(
    dossier: Dossier,
    opco: OpcoId | None = OpcoId.AKTO,
    day: date = DAY,
    left: dict[CostCategory, Decimal] | None = None,
    earlier: dict[str, SchemeOutcome] | None = None,
) -> SchemeOutcome:
    assert dossier.fse_plus is not None
    return evaluate_fse_plus(
        dossier,
        dossier.fse_plus,
        day,
        rule_data(),
        opco,
        _left(dossier) if left is None else left,
        earlier or {},
    )


def _claims(outcome: SchemeOutcome) -> list[tuple[str, str, Decimal]]:
    return sorted((c.category.value, c.payer.value, c.low) for c in outcome.claims)


def _codes(outcome: SchemeOutcome) -> list[str]:
    return sorted(r.code for r in outcome.decision.reasons)


def test_fpett_call_pays_half_the_capped_base_and_fpett_the_other_half() -> None:
    outcome = _run(_dossier())
    assert outcome.decision.status is DecisionStatus.ELIGIBLE
    # Base: 3 trainees × 35 h = 105 h. Pedagogical: min(6 000, 105 × 45 = 4 725) = 4 725 €;
    # FSE+ 50 % = 2 362,50 €, FPETT 50 % = 2 362,50 €. Pay: min(2 000, 105 × 12 = 1 260);
    # 630 € each. Annex costs are outside the base.
    assert _claims(outcome) == [
        ("pedagogical", "opco", Decimal("2362.50")),
        ("pedagogical", "other", Decimal("2362.50")),
        ("salary", "opco", Decimal("630.00")),
        ("salary", "other", Decimal("630.00")),
    ]
    assert "FSE_PLUS_ANNEX_EXCLUDED" in {n.code for n in outcome.notices}
    assert "fpett.fr" in str(outcome.claims[0].references)


def test_what_earlier_schemes_took_is_never_funded_again() -> None:
    dossier = _dossier()
    left = {
        CostCategory.PEDAGOGICAL: Decimal("1000.00"),
        CostCategory.SALARY: Decimal("0.00"),
        CostCategory.ANNEX: Decimal("300.00"),
    }
    outcome = _run(dossier, left=left)
    # Only 1 000 € of pedagogical costs are left: FSE+ takes them all (2 362,50 € wanted),
    # the FPETT counterpart gets nothing; the pay is already funded.
    assert _claims(outcome) == [("pedagogical", "other", Decimal("1000.00"))]
    assert "ramené" in say(outcome.claims[0].basis)
    assert "FSE_PLUS_NOTHING_LEFT" in {n.code for n in outcome.notices}


def test_other_akto_branches_have_no_encoded_call() -> None:
    outcome = _run(_dossier({"company": {"idcc": "1979"}}))  # HCR, also AKTO
    assert outcome.decision.status is DecisionStatus.NEEDS_INPUT
    assert _codes(outcome) == ["FSE_PLUS_ENVELOPE_UNKNOWN"]
    # Lyon (69) is in ex-Rhône-Alpes, a "more developed" region: 40 % at most.
    assert "40 %" in outcome.decision.reasons[0].message
    assert outcome.claims == ()


def test_a_declared_rate_wins_and_pay_needs_a_cap() -> None:
    dossier = _dossier({"company": {"idcc": "1486"}, "fse_plus": {"rate": "0.4"}})
    outcome = _run(dossier, opco=OpcoId.ATLAS, day=date(2026, 3, 2))
    # 40 % × 6 000 € = 2 400 € of pedagogical costs (no cap declared); no pay without a cap.
    assert _claims(outcome) == [("pedagogical", "other", Decimal("2400.00"))]
    assert outcome.claims[0].parameters[0].status is SourceStatus.CALLER
    codes = {n.code for n in outcome.notices}
    assert {"FSE_PLUS_SALARY_CAP_UNKNOWN", "FSE_PLUS_COUNTERPART"} <= codes


def test_declared_caps_and_counterpart() -> None:
    layer = {
        "company": {"idcc": "1486"},
        "fse_plus": {
            "rate": "0.5",
            "pedagogical_hourly_cap": "20.00",
            "salary_hourly_cap": "10.00",
            "counterpart_rate": "0.25",
        },
    }
    outcome = _run(_dossier(layer), opco=OpcoId.ATLAS)
    # 105 h × 20 € = 2 100 € of base: 1 050 € FSE+, 525 € counterpart; pay 105 × 10 = 1 050 €:
    # 525 € and 262,50 €.
    assert _claims(outcome) == [
        ("pedagogical", "opco", Decimal("525.00")),
        ("pedagogical", "other", Decimal("1050.00")),
        ("salary", "opco", Decimal("262.50")),
        ("salary", "other", Decimal("525.00")),
    ]


@pytest.mark.parametrize(
    ("departement", "rate"),
    [
        ("75", "0.40"),
        ("38", "0.40"),
        ("13", "0.60"),
        ("63", "0.60"),
        ("2A", "0.60"),
        ("974", "0.85"),
    ],
)
def test_regional_call_at_the_programme_rate_of_the_region(departement: str, rate: str) -> None:
    dossier = _dossier(
        {"company": {"departement": departement}, "fse_plus": {"channel": "regional"}}
    )
    outcome = _run(dossier, opco=None)
    assert outcome.decision.status is DecisionStatus.ELIGIBLE
    assert outcome.decision.indicative  # the programme's maximum, the call may retain less
    pedagogical = [c for c in outcome.claims if c.category is CostCategory.PEDAGOGICAL]
    assert pedagogical[0].low == Decimal(rate) * Decimal("6000.00")
    assert pedagogical[0].flagged


@pytest.mark.parametrize("departement", [None, "975", "977"])
def test_regional_call_needs_a_known_region(departement: str | None) -> None:
    dossier = _dossier(
        {"company": {"departement": departement}, "fse_plus": {"channel": "regional"}}
    )
    outcome = _run(dossier, opco=None)
    assert outcome.decision.status is DecisionStatus.NEEDS_INPUT
    assert _codes(outcome) == ["FSE_PLUS_REGION_UNKNOWN"]


def test_no_programme_encoded_after_2027() -> None:
    dossier = _dossier({"fse_plus": {"channel": "regional"}})
    outcome = _run(dossier, opco=None, day=date(2028, 3, 1))
    assert _codes(outcome) == ["FSE_PLUS_ENVELOPE_UNKNOWN"]


def test_opco_unknown_needs_input() -> None:
    outcome = _run(_dossier(), opco=None)
    assert outcome.decision.status is DecisionStatus.NEEDS_INPUT
    assert _codes(outcome) == ["FSE_PLUS_OPCO_UNKNOWN"]


def test_mandatory_training_is_excluded() -> None:
    outcome = _run(_dossier({"fse_plus": {"mandatory_training": True}}))
    assert outcome.decision.status is DecisionStatus.INELIGIBLE
    assert _codes(outcome) == ["FSE_PLUS_MANDATORY_TRAINING"]


def test_alternance_is_excluded_from_the_fpett_call() -> None:
    contract = {
        "professionalisation": {
            "concluded_on": "2025-09-15",
            "start": "2025-10-01",
            "end": "2026-06-30",
        }
    }
    outcome = _run(_dossier(contract))
    assert _codes(outcome) == ["FSE_PLUS_ALTERNANCE_EXCLUDED"]


def test_no_fse_plus_on_an_action_the_state_already_cofunds() -> None:
    fne = SchemeOutcome(
        decision=Decision(scheme=SchemeId.FNE, status=DecisionStatus.ELIGIBLE, eligible=True),
        claims=(Claim.exact(SchemeId.FNE, Decimal("3000"), "70 %", "FNE", payer=Payer.STATE),),
    )
    outcome = _run(_dossier(), earlier={"fne": fne})
    assert _codes(outcome) == ["FSE_PLUS_PUBLIC_COFUNDING"]
    refused = SchemeOutcome(
        decision=Decision(
            scheme=SchemeId.FNE,
            status=DecisionStatus.INELIGIBLE,
            eligible=False,
            reasons=({"code": "FNE_NO_ENVELOPE", "message": "x"},),  # type: ignore[arg-type]
        )
    )
    assert _run(_dossier(), earlier={"fne": refused}).decision.eligible
    # The exclusion is the OPCO calls' (« Aucun cofinancement public n'est autorisé »); in a
    # regional call the allocator alone keeps the State's euros from being funded twice.
    regional = _dossier({"fse_plus": {"channel": "regional"}})
    assert _run(regional, opco=None, earlier={"fne": fne}).decision.eligible


def test_afdas_call_pays_half_the_pedagogical_costs_until_its_deadline() -> None:
    layer = {"company": {"idcc": "1285"}}  # spectacle vivant (Afdas)
    outcome = _run(_dossier(layer), opco=OpcoId.AFDAS)
    # 50 % × 6 000 € = 3 000 € (Afdas 2025); no pay share encoded.
    assert _claims(outcome) == [("pedagogical", "other", Decimal("3000.00"))]
    late = {"action": {"start": "2026-06-22", "end": "2026-07-01"}, "submitted_on": "2026-05-01"}
    outcome = _run(_dossier(layer, late), opco=OpcoId.AFDAS, day=date(2026, 6, 22))
    assert _codes(outcome) == ["FSE_PLUS_TRAINING_ENDS_TOO_LATE"]  # after 30/06/2026


def test_ocapiat_files_received_after_14_november_2025() -> None:
    layer = {"company": {"idcc": "7024"}, "fse_plus": {"rate": "0.5"}, "submitted_on": "2025-11-15"}
    outcome = _run(_dossier(layer), opco=OpcoId.OCAPIAT, day=date(2025, 12, 1))
    assert _codes(outcome) == ["FSE_PLUS_SUBMITTED_TOO_LATE"]
    on_time = {"submitted_on": "2025-11-14"}
    assert _run(_dossier(layer, on_time), opco=OpcoId.OCAPIAT, day=date(2025, 12, 1)).claims


def test_qualiopi_is_required() -> None:
    outcome = _run(_dossier({"provider": {"qualiopi": None}}))
    assert outcome.decision.status is DecisionStatus.INELIGIBLE


@pytest.mark.parametrize(
    ("departement", "category"),
    [
        ("92", "more_developed"),
        ("01", "more_developed"),
        ("03", "transition"),  # ex-Auvergne
        ("2B", "transition"),
        ("59", "transition"),
        ("971", "outermost"),
        ("976", "outermost"),
        ("975", None),
        (None, None),
    ],
)
def test_region_category_of_a_departement(departement: str | None, category: str | None) -> None:
    assert region_category(departement, date(2026, 1, 1), rule_data()) == category
    assert region_category(departement, date(2020, 1, 1), rule_data()) is None


def test_under_50_the_plan_combination_is_flagged() -> None:
    # The calls read name only conventional funds and voluntary contributions beside FSE+.
    small = _run(_dossier({"company": {"headcount": "20"}}))
    assert "FSE_PLUS_PLAN_COMBINATION_UNCONFIRMED" in {n.code for n in small.notices}
    large = _run(_dossier())
    assert "FSE_PLUS_PLAN_COMBINATION_UNCONFIRMED" not in {n.code for n in large.notices}
