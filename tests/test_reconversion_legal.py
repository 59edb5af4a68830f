"""Pro-A, période de reconversion and FNE-Formation, rule by rule from the texts (issue 14).

Each expected value comes from the article or the instruction quoted in the test, not from
running formafin.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from formafin import DecisionStatus, Dossier, SchemeId, estimate_funding
from formafin.data import rule_data
from formafin.testing import dossiers

from .conftest import make_dossier

BASE: dict[str, Any] = {
    "company": {"headcount": "120", "idcc": "1486"},
    "trainees": [{"contract": "cdi", "highest_qualification_level": 5}],
    "provider": {"qualiopi": {"valid_from": "2024-01-01", "valid_until": "2027-12-31"}},
}

# An internal période de reconversion of 300 h from 2026-03-02, filed 14 days before.
RECONVERSION: dict[str, Any] = {
    "action": {
        "start": "2026-03-02",
        "end": "2026-12-18",
        "hours": "300",
        "certification": "RNCP35185",
        "costs": {"pedagogical": "4500.00"},
    },
    "submitted_on": "2026-02-16",
    "reconversion": {"kind": "internal", "period_start": "2026-03-02", "period_end": "2026-12-31"},
}
EXTERNAL = {"reconversion": {"kind": "external", "host_contract": "cdi"}}


def _reconversion(*changes: dict[str, Any]) -> Any:
    decision = estimate_funding(make_dossier(BASE, RECONVERSION, *changes)).decision(
        SchemeId.PERIODE_RECONVERSION
    )
    assert decision is not None
    return decision


def _codes(decision: Any) -> list[str]:
    return [r.code for r in decision.reasons]


# --- Point 3: what a période de reconversion may lead to (L6324-1, L6324-2, L6314-1) -------


@pytest.mark.parametrize(
    ("action", "reconversion", "expected"),
    [
        # L6314-1 1°: an RNCP certification (or blocs).
        ({"certification": "RNCP35185"}, {}, []),
        # L6314-1 3°: a CQP of a branch, not registered in the RNCP.
        ({"certification": None}, {"cqp": True}, []),
        # L6324-1 second sentence: the socle CléA (a 40 h CléA is outside the 150 h minimum).
        ({"certification": "RS5080", "cpf_kind": "clea", "hours": "40"}, {}, []),
        # L6324-2: VAE actions (L6313-1 3°).
        ({"certification": "RNCP35185", "category": "vae", "hours": "24"}, {}, ["VAE"]),
        # Not listed: an RS certification, no certification, a bilan (L6313-1 2°).
        ({"certification": "RS5080"}, {}, ["RECONVERSION_QUALIFICATION_RS"]),
        ({"certification": None}, {}, ["RECONVERSION_QUALIFICATION_MISSING"]),
        (
            {"certification": None, "category": "bilans_de_competences"},
            {},
            ["RECONVERSION_QUALIFICATION_BILAN"],
        ),
    ],
)
def test_what_a_reconversion_may_lead_to(
    action: dict[str, Any], reconversion: dict[str, Any], expected: list[str]
) -> None:
    provider = {"provider": {"qualiopi": {"categories": ["actions_de_formation", "vae"]}}}
    if action.get("category") == "bilans_de_competences":
        provider = {"provider": {"qualiopi": {"categories": ["bilans_de_competences"]}}}
    decision = _reconversion(provider, {"action": action, "reconversion": reconversion})
    qualification = [c for c in decision.checks if c.code.startswith("RECONVERSION_QUALIF")]
    assert len(qualification) == 1
    if expected in ([], ["VAE"]):
        assert qualification[0].met, decision.reasons
    else:
        assert _codes(decision) == expected
        assert "L6324-1" in decision.reasons[0].message


# --- Point 4: the frame of an external period (L6324-9, L1237-17) and L6324-3 II -----------


@pytest.mark.parametrize(
    ("headcount", "frame", "extra", "code", "status"),
    [
        # I C: under 50 employees the employer may decide unilaterally.
        ("49", "unilateral", {}, None, "eligible"),
        # I C: 50 to 299 without a union delegate: unilateral allowed.
        ("120", "unilateral", {"union_delegate": False}, None, "eligible"),
        # ... with the delegate unknown: ask for it.
        ("120", "unilateral", {}, "RECONVERSION_UNION_DELEGATE_UNKNOWN", "needs_input"),
        # I A: with a delegate, only after three months and a procès-verbal de désaccord.
        (
            "120",
            "unilateral",
            {"union_delegate": True},
            "RECONVERSION_UNILATERAL_NOT_ALLOWED",
            "ineligible",
        ),
        ("120", "unilateral_after_disagreement", {"union_delegate": True}, None, "eligible"),
        # I B: from 300 employees the employer negotiates; no unilateral fallback in the text.
        ("300", "unilateral", {}, "RECONVERSION_NEGOTIATION_REQUIRED", "ineligible"),
        (
            "300",
            "unilateral_after_disagreement",
            {},
            "RECONVERSION_NEGOTIATION_REQUIRED",
            "ineligible",
        ),
        # I B: a community-scale group, whatever the company's own size.
        (
            "40",
            "unilateral",
            {"community_scale": True},
            "RECONVERSION_NEGOTIATION_REQUIRED",
            "ineligible",
        ),
        # I: an L1237-17 agreement (GEPP or RCC) frames it at every size.
        ("5000", "agreement", {}, None, "eligible"),
        # Unknown frame: ask, do not assume.
        ("120", None, {}, "RECONVERSION_EXTERNAL_FRAME_UNKNOWN", "needs_input"),
    ],
)
def test_external_period_needs_its_frame(
    headcount: str, frame: str | None, extra: dict[str, Any], code: str | None, status: str
) -> None:
    decision = _reconversion(
        EXTERNAL,
        {"company": {"headcount": headcount}, "reconversion": {"external_frame": frame, **extra}},
    )
    assert decision.status.value == status
    assert _codes(decision) == ([code] if code else [])


@pytest.mark.parametrize(
    ("contract", "months", "code", "status"),
    [
        ("cdi", None, None, "eligible"),
        ("cdd", 6, None, "eligible"),  # "un contrat à durée déterminée d'au moins six mois"
        ("cdd", 5, "RECONVERSION_HOST_CONTRACT", "ineligible"),
        ("cdd", None, "RECONVERSION_HOST_CONTRACT_UNKNOWN", "needs_input"),
        (None, None, "RECONVERSION_HOST_CONTRACT_UNKNOWN", "needs_input"),
    ],
)
def test_external_period_host_contract(
    contract: str | None, months: int | None, code: str | None, status: str
) -> None:
    decision = _reconversion(
        EXTERNAL,
        {
            "reconversion": {
                "external_frame": "agreement",
                "host_contract": contract,
                "host_contract_months": months,
            }
        },
    )
    assert decision.status.value == status
    assert _codes(decision) == ([code] if code else [])


def test_internal_period_needs_no_external_frame() -> None:
    decision = _reconversion()
    assert decision.eligible
    assert not [c for c in decision.checks if "FRAME" in c.code or "HOST" in c.code]


# --- Point 12: January 2026 and the R6324-1 window ----------------------------------------


def test_a_period_starting_in_january_2026_is_assessed_on_the_law() -> None:
    """L6324-1 to L6324-10 and L6332-14-1 are in force from 2026-01-01 (loi n° 2025-989, art.
    11 II); the forfait of D6332-90 only from 2026-02-01: 9,15 €/h × 300 h = 2 745 €, flagged."""
    january = {
        "action": {"start": "2026-01-12", "end": "2026-10-30"},
        "submitted_on": "2026-01-05",
        "reconversion": {"period_start": "2026-01-12"},
    }
    estimate = estimate_funding(make_dossier(BASE, RECONVERSION, january))
    decision = estimate.decision(SchemeId.PERIODE_RECONVERSION)
    assert decision is not None and decision.eligible and decision.indicative
    funded = sum(
        (x.amount for x in estimate.lines if x.scheme is SchemeId.PERIODE_RECONVERSION), Decimal(0)
    )
    assert funded == Decimal("2745.00")
    assert "RECONVERSION_BEFORE_DECREES" in [w.code for w in estimate.warnings]


@pytest.mark.parametrize(
    ("start", "signed"),
    [("2025-12-31", "2026-01-05"), ("2018-12-03", "2026-01-05")],
)
def test_a_period_before_2026_is_refused_not_raised(start: str, signed: str) -> None:
    dossier = make_dossier(
        BASE,
        RECONVERSION,
        action={"start": start, "end": "2026-06-30"},
        submitted_on="2025-11-20",
        reconversion={"period_start": start},
    )
    decision = estimate_funding(dossier, as_of=date(2026, 1, 5)).decision(
        SchemeId.PERIODE_RECONVERSION
    )
    assert decision is not None
    assert _codes(decision) == ["RECONVERSION_NOT_OPEN"]


@pytest.mark.parametrize(
    ("submitted", "code"),
    [
        ("2026-01-30", "RECONVERSION_REQUEST_TOO_EARLY"),  # 31 days before 2026-03-02
        ("2026-01-31", None),  # 30 days before: "dans les trente jours précédant"
        ("2026-03-01", None),  # the day before
        ("2026-03-02", "RECONVERSION_REQUEST_AFTER_START"),  # the start day does not precede
    ],
)
def test_r6324_1_filing_window(submitted: str, code: str | None) -> None:
    decision = _reconversion({"submitted_on": submitted})
    assert _codes(decision) == ([code] if code else [])


def test_reconversion_parameters_start_with_their_texts() -> None:
    """No reconversion figure before its text: the law from 2026-01-01, the decrees (R6324-1,
    R6324-2, D6332-90) from 2026-02-01."""
    data = rule_data()
    decrees = {"filing_window_days", "opco_answer_days", "default_hourly_forfait", "opco_average"}
    names = [n for n in data.parameters if n.startswith("reconversion.")]
    assert len(names) >= 14
    for name in names:
        first = min(v.start for v in data.parameter(name).values if v.value is not None)
        text_day = date(2026, 2, 1) if name.split(".")[1] in decrees else date(2026, 1, 1)
        assert first == text_day, name


# --- Point 8: Pro-A durations and public ---------------------------------------------------

PRO_A: dict[str, Any] = {
    "action": {
        "start": "2025-01-06",
        "end": "2025-07-04",
        "hours": "200",
        "certification": "RNCP35185",
        "costs": {"pedagogical": "4000.00"},
    },
    "submitted_on": "2024-12-01",
    "pro_a": {
        "avenant_signed_on": "2024-11-20",
        "period_start": "2025-01-06",
        "period_end": "2025-07-05",
        "branch_agreement": {"eligible_certifications": ["RNCP35185"]},
    },
}


def _pro_a(*changes: dict[str, Any]) -> Any:
    estimate = estimate_funding(make_dossier(BASE, PRO_A, *changes))
    decision = estimate.decision(SchemeId.PRO_A)
    assert decision is not None
    return decision, estimate


@pytest.mark.parametrize(
    ("end", "pro_a", "code"),
    [
        # L6325-11: 6 to 12 months without an agreement.
        ("2026-01-05", {}, None),
        ("2026-07-05", {}, "PRO_A_PERIOD_TOO_LONG"),
        # L6325-12: "jusqu'à vingt-quatre mois" by branch agreement, not 36.
        ("2026-12-31", {"branch_agreement": {"max_months": 24}}, None),
        ("2027-07-05", {"branch_agreement": {"max_months": 36}}, "PRO_A_PERIOD_TOO_LONG"),
        # L6325-11: "jusqu'à trente-six mois" for the public of L6325-1-1.
        ("2027-07-05", {"priority_public": True}, None),
        ("2028-02-05", {"priority_public": True}, "PRO_A_PERIOD_TOO_LONG"),
    ],
)
def test_pro_a_maximum_durations(end: str, pro_a: dict[str, Any], code: str | None) -> None:
    agreement = {"eligible_certifications": ["RNCP35185"], **pro_a.get("branch_agreement", {})}
    decision, _ = _pro_a(
        {"action": {"end": end}, "pro_a": {**pro_a, "period_end": end}},
        {"pro_a": {"branch_agreement": agreement}},
    )
    assert _codes(decision) == ([code] if code else [])


@pytest.mark.parametrize(
    "action",
    [
        {"certification": "RS5080", "cpf_kind": "clea", "hours": "35"},
        {"certification": "RNCP35185", "category": "vae", "hours": "24"},
    ],
)
def test_pro_a_no_minimum_duration_for_clea_and_vae(action: dict[str, Any]) -> None:
    """Décret n° 2020-262: neither the 6 months, nor the 150 h, nor the 15 % for CléA or VAE."""
    three_months = {
        "action": {**action, "end": "2025-03-28"},
        "provider": {"qualiopi": {"categories": ["actions_de_formation", "vae"]}},
        "pro_a": {"period_end": "2025-03-31", "period_hours": "455", "branch_agreement": None},
    }
    if action.get("category") == "vae":
        three_months["pro_a"]["branch_agreement"] = {"eligible_certifications": ["RNCP35185"]}
    decision, _ = _pro_a(three_months)
    assert decision.eligible, decision.reasons
    plain = {"action": {"hours": "35", "end": "2025-03-28"}, "pro_a": {"period_end": "2025-03-31"}}
    decision, _ = _pro_a(plain)
    assert set(_codes(decision)) == {"PRO_A_PERIOD_TOO_SHORT", "PRO_A_TRAINING_TOO_SHORT"}


def test_pro_a_professional_sportsmen_on_a_fixed_term_contract() -> None:
    """L6324-1 (2019-08-23): "les salariés, qu'ils soient sportifs ou entraîneurs
    professionnels, en contrat de travail à durée déterminée conclu en application de
    l'article L. 222-2-3 du code du sport"."""
    cdd = {"trainees": [{"contract": "cdd", "highest_qualification_level": 4}]}
    decision, _ = _pro_a(cdd)
    assert _codes(decision) == ["PRO_A_CONTRACT"]
    decision, estimate = _pro_a(cdd, {"pro_a": {"professional_sport_fixed_term": True}})
    assert decision.eligible
    assert "PRO_A_SPORT_CDD_UNVERIFIED" not in [w.code for w in estimate.warnings]
    early = {
        "pro_a": {"professional_sport_fixed_term": True, "avenant_signed_on": "2019-05-02"},
        "submitted_on": "2019-05-10",
        "provider": {"qualiopi": None},
    }
    _, estimate = _pro_a(cdd, early)
    assert "PRO_A_SPORT_CDD_UNVERIFIED" in [w.code for w in estimate.warnings]


def test_pro_a_names_each_trainee_and_warns_once() -> None:
    """Each failing trainee is named (by reference, else by rank); the unverified sport-CDD
    wording is said once per dossier, however many such trainees."""
    trainees = {
        "trainees": [
            {"reference": "A12", "contract": "cdi"},
            {"contract": "interim", "highest_qualification_level": 4},
        ]
    }
    decision, _ = _pro_a(trainees)
    messages = [r.message for r in decision.reasons]
    assert messages[0].startswith("Stagiaire A12 : niveau de qualification inconnu")
    assert messages[1].startswith("Stagiaire n° 2 : contrat interim")
    assert decision.status is DecisionStatus.NEEDS_INPUT or "PRO_A_CONTRACT" in _codes(decision)
    two_sportsmen = {
        "trainees": [
            {"contract": "cdd", "highest_qualification_level": 4},
            {"contract": "cdd", "highest_qualification_level": 3},
        ],
        "pro_a": {"professional_sport_fixed_term": True, "avenant_signed_on": "2019-05-02"},
        "provider": {"qualiopi": None},
    }
    _, estimate = _pro_a(two_sportsmen)
    assert [w.code for w in estimate.warnings].count("PRO_A_SPORT_CDD_UNVERIFIED") == 1


def test_pro_a_opco_mobilites_cap_is_shown_among_the_parameters() -> None:
    """OPCO Mobilités, requests from 2025: 3 300 € HT per training; 400 h × 9,15 € = 3 660 €
    is capped at 3 300 €, and the line names both parameters."""
    mobilites = {
        "company": {"idcc": "0016"},
        "action": {"hours": "400"},
        "submitted_on": "2025-01-02",
    }
    _, estimate = _pro_a(mobilites, {"pro_a": {"period_hours": "2000"}})
    line = next(x for x in estimate.lines if x.scheme is SchemeId.PRO_A)
    assert line.amount == Decimal("3300.00")
    assert {p.name for p in line.parameters} == {
        "pro_a.default_hourly_forfait",
        "pro_a.cap_opco_mobilites",
    }


def test_pro_a_avenant_before_the_scheme_is_a_refusal() -> None:
    """Loi n° 2018-771: Pro-A from 2019-01-01; an avenant of 2018-12-31 for a training starting
    2019-01-01 is refused with a reason, never an UnsupportedDateError."""
    dossier = make_dossier(
        BASE,
        PRO_A,
        action={"start": "2019-01-01", "end": "2019-06-28"},
        submitted_on="2018-12-31",
        pro_a={
            "avenant_signed_on": "2018-12-31",
            "period_start": "2019-01-01",
            "period_end": "2019-06-30",
        },
        provider={"qualiopi": None},
    )
    decision = estimate_funding(dossier).decision(SchemeId.PRO_A)
    assert decision is not None
    assert _codes(decision) == ["PRO_A_NOT_OPEN"]
    assert "01/01/2019" in decision.reasons[0].message


# --- Point 7: the FNE-Formation campaign is the agreement's --------------------------------

FNE: dict[str, Any] = {
    "company": {"headcount": "30", "annual_turnover": "5000000.00"},
    "action": {
        "start": "2025-02-03",
        "end": "2025-03-28",
        "hours": "70",
        "costs": {"pedagogical": "3000.00"},
    },
    "submitted_on": "2024-11-04",
    "fne": {"agreement_signed_on": "2024-11-15", "priority_axis": "transition_ecologique"},
}


def _fne(*changes: dict[str, Any]) -> tuple[Any, Any]:
    estimate = estimate_funding(make_dossier(BASE, FNE, *changes))
    decision = estimate.decision(SchemeId.FNE)
    assert decision is not None
    funded = sum((x.amount for x in estimate.lines if x.scheme is SchemeId.FNE), Decimal(0))
    return decision, (funded, estimate)


def test_fne_2024_agreement_funds_a_2025_training_at_the_2024_rate() -> None:
    """Instruction 2024: agreement by 31/12/2024, training finished by 31/12/2025, 70 % for a
    small company: 0,70 × 3 000 € = 2 100 €, though the training runs in 2025."""
    decision, (funded, _) = _fne()
    assert decision.eligible
    assert funded == Decimal("2100.00")
    late = {"action": {"start": "2025-12-01", "end": "2026-01-09"}}
    decision, _ = _fne(late)
    assert _codes(decision) == ["FNE_TRAINING_ENDS_TOO_LATE"]


def test_fne_2023_agreement_training_finished_by_end_2024() -> None:
    """2023: "accord de prise en charge le 31 décembre 2023 au plus tard", training "fin
    décembre 2024 au plus tard"; same RGEC rate: 0,70 × 3 000 € = 2 100 €."""
    agreed_2023 = {
        "fne": {"agreement_signed_on": "2023-11-20"},
        "action": {"start": "2024-09-02", "end": "2024-12-20"},
    }
    decision, (funded, _) = _fne(agreed_2023)
    assert decision.eligible and funded == Decimal("2100.00")
    decision, _ = _fne(agreed_2023, {"action": {"end": "2025-01-10"}})
    assert _codes(decision) == ["FNE_TRAINING_ENDS_TOO_LATE"]
    # The demographic axis only arrived with the 2024 instruction.
    decision, _ = _fne(agreed_2023, {"fne": {"priority_axis": "transition_demographique"}})
    assert _codes(decision) == ["FNE_PRIORITY_AXIS"]
    decision, _ = _fne({"fne": {"priority_axis": "transition_demographique"}})
    assert decision.eligible


@pytest.mark.parametrize(
    ("fne", "code", "status"),
    [
        ({"mandatory_training": True}, "FNE_MANDATORY_TRAINING", DecisionStatus.INELIGIBLE),
        ({"trainees_leaving": True}, "FNE_TRAINEES_LEAVING", DecisionStatus.INELIGIBLE),
        ({"priority_axis": None}, "FNE_PRIORITY_AXIS_UNKNOWN", DecisionStatus.NEEDS_INPUT),
        ({"agreement_signed_on": "2025-03-01"}, "FNE_NO_ENVELOPE", DecisionStatus.INELIGIBLE),
        ({"agreement_signed_on": "2018-06-01"}, "FNE_NO_ENVELOPE", DecisionStatus.INELIGIBLE),
    ],
)
def test_fne_exclusions_and_axes(fne: dict[str, Any], code: str, status: DecisionStatus) -> None:
    decision, _ = _fne({"fne": fne})
    assert decision.status is status
    assert _codes(decision) == [code]


def test_fne_without_agreement_date_takes_the_filing_date_and_says_so() -> None:
    decision, (funded, estimate) = _fne({"fne": {"agreement_signed_on": None}})
    assert decision.eligible and funded == Decimal("2100.00")  # filed 2024-11-04: campaign 2024
    assert "FNE_CAMPAIGN_FROM_SUBMISSION" in [w.code for w in estimate.warnings]


def test_fne_2022_agreement_with_a_declared_envelope() -> None:
    """2020-2022 regimes are not encoded: no national rate, no 12-month rule; the caller's
    envelope rate applies: 0,5 × 3 000 € = 1 500 €."""
    declared = {"fne": {"agreement_signed_on": "2022-06-01", "opco_envelope_rate": "0.5"}}
    dates = {
        "action": {"start": "2022-09-05", "end": "2023-09-29"},  # over 12 months
        "submitted_on": "2022-05-02",
        "provider": {"qualiopi": {"valid_from": "2022-01-01", "valid_until": "2024-12-31"}},
    }
    decision, (funded, estimate) = _fne(declared, dates)
    assert decision.eligible and funded == Decimal("1500.00")
    assert "FNE_CALLER_ENVELOPE" in [w.code for w in estimate.warnings]


# --- Invariant: the new inputs never make an estimate raise --------------------------------


@given(dossiers())
def test_scheme_requests_never_raise_and_always_decide(dossier: Dossier) -> None:
    """Whatever the Pro-A, reconversion and FNE inputs (frames, host contracts, axes,
    exclusions, dates before the schemes), each requested scheme gets a decision with reasons
    when it is not eligible, and no exception escapes. (The alternance contracts, other
    rules, are left out.)"""
    dossier = dossier.model_copy(update={"apprenticeship": None, "professionalisation": None})
    estimate = estimate_funding(dossier)
    for scheme, request in (
        (SchemeId.PRO_A, dossier.pro_a),
        (SchemeId.PERIODE_RECONVERSION, dossier.reconversion),
        (SchemeId.FNE, dossier.fne),
    ):
        if request is None:
            continue
        decision = estimate.decision(scheme)
        assert decision is not None
        assert decision.eligible or decision.reasons
        if decision.status is DecisionStatus.NEEDS_INPUT:
            assert all(r.code.endswith("_UNKNOWN") for r in decision.reasons)
