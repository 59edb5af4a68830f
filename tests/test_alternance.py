"""Apprenticeship and contrat de professionnalisation: the issue's worked cases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from formafin import DecisionStatus, Payer, SchemeId, estimate_funding

from .conftest import make_dossier

CFA: dict[str, Any] = {
    "provider": {
        "name": "CFA",
        "qualiopi": {
            "categories": ["apprentissage"],
            "valid_from": "2025-01-01",
            "valid_until": "2027-12-31",
        },
    },
    "action": {
        "title": "BTS",
        "category": "apprentissage",
        "start": "2026-09-01",
        "end": "2028-06-30",
        "hours": "1350",
        "costs": {"pedagogical": "8500.00"},
    },
    "submitted_on": "2026-08-20",
}


def _apprenticeship(level: int, headcount: str, **contract: Any) -> Any:
    dossier = make_dossier(
        CFA,
        company={"headcount": headcount},
        apprenticeship={
            "concluded_on": "2026-04-15",
            "start": "2026-09-01",
            "end": "2028-08-31",
            "certification_level": level,
            "npec": "8000.00",
            **contract,
        },
    )
    return estimate_funding(dossier)


def _aid(estimate: Any) -> Any:
    (aid,) = [a for a in estimate.aids if a.scheme is SchemeId.APPRENTISSAGE]
    return aid


def test_april_2026_level_5_in_a_20_employee_company_gets_4500() -> None:
    aid = _aid(_apprenticeship(5, "20"))
    assert aid.eligible and aid.amount == Decimal("4500.00") and aid.payer is Payer.STATE


def test_level_6_in_a_300_employee_company_gets_750_and_owes_750() -> None:
    estimate = _apprenticeship(6, "300")
    assert _aid(estimate).amount == Decimal("750.00")
    opco = next(x for x in estimate.lines if x.scheme is SchemeId.APPRENTISSAGE)
    assert opco.amount == Decimal("8000.00") - Decimal("750.00")  # NPEC minus participation
    assert estimate.remaining_employer == Decimal("8500.00") - Decimal("7250.00")
    codes = [w.code for w in estimate.warnings]
    assert "APPRENTICESHIP_EMPLOYER_PARTICIPATION" in codes
    assert "APPRENTICESHIP_AID_QUOTA_CONDITION" in codes


def test_rqth_apprentice_gets_6000() -> None:
    assert _aid(_apprenticeship(6, "20", rqth=True)).amount == Decimal("6000.00")


def test_february_2026_level_6_gets_no_aid_with_a_reason() -> None:
    aid = _aid(_apprenticeship(6, "20", concluded_on="2026-02-10"))
    assert not aid.eligible and aid.amount == 0
    assert [r.code for r in aid.reasons] == ["APPRENTICESHIP_AID_NOT_COVERED"]
    assert "10/02/2026" in aid.reasons[0].message


@pytest.mark.parametrize(
    ("concluded", "level", "headcount", "amount"),
    [
        ("2025-01-20", 4, "20", "6000.00"),  # up to bac, < 250
        ("2025-01-20", 5, "20", "0.00"),
        ("2025-03-10", 7, "20", "5000.00"),  # décret 2025-174
        ("2025-03-10", 7, "400", "2000.00"),
        ("2026-01-20", 4, "20", "5000.00"),  # aide unique only
        ("2026-03-08", 3, "400", "2000.00"),  # décret 2026-168
    ],
)
def test_aid_by_conclusion_date(concluded: str, level: int, headcount: str, amount: str) -> None:
    assert _aid(_apprenticeship(level, headcount, concluded_on=concluded)).amount == Decimal(amount)


def test_aid_of_2024_is_the_6000_of_decret_2022_1714() -> None:
    # Décret n° 2022-1714: D6243-2 II « 6000 euros maximum » (aide unique, < 250, up to bac).
    aid = _aid(_apprenticeship(4, "20", concluded_on="2024-06-01"))
    assert aid.eligible and aid.amount == Decimal("6000.00")
    assert "NOT_ENCODED" not in " ".join(r.code for r in aid.reasons)


def test_short_contract_aid_is_pro_rata_from_november_2025() -> None:
    # Six whole months (2026-04-01 to 2026-09-30): half the yearly aid (D6243-2 III).
    aid = _aid(
        _apprenticeship(4, "20", concluded_on="2026-04-01", start="2026-04-01", end="2026-09-30")
    )
    assert aid.amount == Decimal("5000.00") * 6 / 12


def test_participation_on_rupture_and_new_employer() -> None:
    ruptured = _apprenticeship(6, "20", ruptured_on="2026-09-20")  # 20 days done
    expected = min(Decimal("750"), Decimal("8000") * Decimal("0.5") * 20 / 365)
    opco = next(x for x in ruptured.lines if x.scheme is SchemeId.APPRENTISSAGE)
    assert opco.amount == (Decimal("8000.00") - expected).quantize(Decimal("0.01"), "ROUND_DOWN")
    after = _apprenticeship(6, "20", after_previous_rupture=True)
    opco = next(x for x in after.lines if x.scheme is SchemeId.APPRENTISSAGE)
    assert opco.amount == Decimal("8000.00") - Decimal("200.00")


def test_distance_learning_cuts_the_npec_by_20_percent() -> None:
    estimate = _apprenticeship(4, "20", distance_learning_80=True)
    opco = next(x for x in estimate.lines if x.scheme is SchemeId.APPRENTISSAGE)
    assert opco.amount == Decimal("6400.00")


def test_npec_is_needed_to_fund_the_contract() -> None:
    estimate = _apprenticeship(4, "20", npec=None)
    decision = estimate.decision(SchemeId.APPRENTISSAGE)
    assert decision is not None and decision.status is DecisionStatus.NEEDS_INPUT
    assert _aid(estimate).amount == Decimal("5000.00")  # the aid does not depend on it


def test_apprenticeship_contract_sent_after_five_working_days() -> None:
    # Start Tuesday 2026-09-01: 5 jours ouvrables (Mon-Sat) → Monday 2026-09-07.
    on_time = _apprenticeship(4, "20", sent_to_opco_on="2026-09-07")
    late = _apprenticeship(4, "20", sent_to_opco_on="2026-09-08")
    assert "APPRENTICESHIP_SENT_LATE" not in [w.code for w in on_time.warnings]
    assert "APPRENTICESHIP_SENT_LATE" in [w.code for w in late.warnings]


PRO: dict[str, Any] = {
    "company": {"headcount": "120"},
    "action": {
        "start": "2026-01-05",
        "end": "2026-12-18",
        "hours": "400",
        "costs": {"pedagogical": "6000.00", "salary": "2000.00"},
    },
    "submitted_on": "2025-12-15",
    "provider": {"qualiopi": {"valid_from": "2025-01-01", "valid_until": "2027-12-31"}},
    "professionalisation": {
        "concluded_on": "2025-12-20",
        "start": "2026-01-05",
        "end": "2026-12-31",
        "contract_hours": "1600",
    },
}


def test_contrat_pro_400_hours_at_the_default_forfait() -> None:
    estimate = estimate_funding(make_dossier(PRO))
    decision = estimate.decision(SchemeId.CONTRAT_PRO)
    assert decision is not None and decision.eligible
    funded = sum((x.amount for x in estimate.lines if x.scheme is SchemeId.CONTRAT_PRO), Decimal(0))
    assert funded == Decimal("9.15") * 400  # 3 660 €, on pedagogical costs first
    assert {x.category.value for x in estimate.lines if x.scheme is SchemeId.CONTRAT_PRO} == {
        "pedagogical"
    }


def test_contrat_pro_sent_8_days_after_the_start() -> None:
    late = estimate_funding(
        make_dossier(PRO, professionalisation={"sent_to_opco_on": "2026-01-13"})
    )
    assert "CONTRAT_PRO_SENT_LATE" in [w.code for w in late.warnings]
    on_time = estimate_funding(
        make_dossier(PRO, professionalisation={"sent_to_opco_on": "2026-01-10"})
    )
    assert "CONTRAT_PRO_SENT_LATE" not in [w.code for w in on_time.warnings]


def test_contrat_pro_durations_and_priority_public() -> None:
    short = estimate_funding(make_dossier(PRO, action={"hours": "120"}))
    assert [r.code for r in short.decision(SchemeId.CONTRAT_PRO).reasons] == [  # type: ignore[union-attr]
        "CONTRAT_PRO_DURATION"
    ]
    priority = estimate_funding(make_dossier(PRO, professionalisation={"priority_public": True}))
    funded = sum((x.amount for x in priority.lines if x.scheme is SchemeId.CONTRAT_PRO), Decimal(0))
    assert funded == Decimal("6000.00")  # 15 €/h × 400 h = 6 000 €, all pedagogical


def test_exceptional_aid_ended_in_may_2024() -> None:
    before = estimate_funding(
        make_dossier(
            PRO,
            action={"start": "2024-04-01", "end": "2025-03-14"},
            submitted_on="2024-03-15",
            professionalisation={
                "concluded_on": "2024-03-25",
                "start": "2024-04-01",
                "end": "2025-03-31",
                "under_30": True,
            },
        )
    )
    assert [a.amount for a in before.aids] == [Decimal("6000.00")]
    after = estimate_funding(make_dossier(PRO, professionalisation={"under_30": True}))
    assert [r.code for a in after.aids for r in a.reasons] == ["CONTRAT_PRO_AID_NOT_DUE"]


def test_contrat_pro_explains_its_forfait_and_internal_training() -> None:
    default = estimate_funding(make_dossier(PRO))
    line = next(x for x in default.lines if x.scheme is SchemeId.CONTRAT_PRO)
    assert "forfait légal par défaut (D6332-86)" in line.basis
    branch = estimate_funding(
        make_dossier(PRO, professionalisation={"branch_hourly_forfait": "10"})
    )
    line = next(x for x in branch.lines if x.scheme is SchemeId.CONTRAT_PRO)
    assert "forfait de la branche" in line.basis and line.amount == Decimal("4000.00")
    internal = estimate_funding(make_dossier(PRO, provider={"qualiopi": None, "internal": True}))
    assert internal.decision(SchemeId.CONTRAT_PRO).eligible  # type: ignore[union-attr]
    late = estimate_funding(
        make_dossier(PRO, professionalisation={"sent_to_opco_on": "2026-01-13"})
    )
    notice = next(w for w in late.warnings if w.code == "CONTRAT_PRO_SENT_LATE")
    assert notice.scheme is SchemeId.CONTRAT_PRO and "8 jours" in notice.message
