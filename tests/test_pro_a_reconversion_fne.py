"""Pro-A, période de reconversion and FNE-Formation: the issue's worked cases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from formafin import DecisionStatus, Dossier, Payer, SchemeId, estimate_funding
from formafin.testing import dossiers

from .conftest import make_dossier

# A 120-employee company (no plan funding), a CDI level-5 trainee.
BASE: dict[str, Any] = {
    "company": {"headcount": "120", "idcc": "1486"},
    "trainees": [{"contract": "cdi", "highest_qualification_level": 5}],
    "provider": {"qualiopi": {"valid_from": "2024-01-01", "valid_until": "2026-12-31"}},
}
PRO_A_2025: dict[str, Any] = {
    "action": {
        "start": "2025-09-01",
        "end": "2026-02-27",
        "hours": "200",
        "certification": "RNCP35185",
        "costs": {"pedagogical": "4000.00"},
    },
    "submitted_on": "2025-08-01",
    "pro_a": {
        "avenant_signed_on": "2025-06-12",
        "period_start": "2025-09-01",
        "period_end": "2026-02-28",
        "period_hours": "1000",
        "branch_agreement": {"eligible_certifications": ["RNCP35185"]},
    },
}


def _decision(estimate: Any, scheme: SchemeId) -> Any:
    decision = estimate.decision(scheme)
    assert decision is not None
    return decision


def _funded(estimate: Any, scheme: SchemeId) -> Decimal:
    return sum((x.amount for x in estimate.lines if x.scheme is scheme), Decimal(0))


def test_pro_a_2025_level_5_cdi_at_the_default_forfait() -> None:
    estimate = estimate_funding(make_dossier(BASE, PRO_A_2025))
    assert _decision(estimate, SchemeId.PRO_A).eligible
    assert _funded(estimate, SchemeId.PRO_A) == Decimal("9.15") * 200  # 1 830 €


def test_pro_a_at_the_branch_forfait_and_cap() -> None:
    branch = {"pro_a": {"branch_agreement": {"hourly_forfait": "15.00", "cap": "2500.00"}}}
    estimate = estimate_funding(make_dossier(BASE, PRO_A_2025, branch))
    assert _funded(estimate, SchemeId.PRO_A) == Decimal("2500.00")  # 15 × 200 = 3 000 > cap


def test_pro_a_level_6_is_ineligible() -> None:
    level6 = {"trainees": [{"contract": "cdi", "highest_qualification_level": 6}]}
    decision = _decision(estimate_funding(make_dossier(BASE, PRO_A_2025, level6)), SchemeId.PRO_A)
    assert [r.code for r in decision.reasons] == ["PRO_A_LEVEL_TOO_HIGH"]


def test_pro_a_140_hours_is_ineligible_unless_clea() -> None:
    short = {"action": {"hours": "140"}, "pro_a": {"period_hours": "700"}}
    decision = _decision(estimate_funding(make_dossier(BASE, PRO_A_2025, short)), SchemeId.PRO_A)
    assert [r.code for r in decision.reasons] == ["PRO_A_TRAINING_TOO_SHORT"]
    clea = {
        "action": {"cpf_kind": "clea", "certification": "RS5080"},
        "pro_a": {"branch_agreement": None},
    }
    decision = _decision(
        estimate_funding(make_dossier(BASE, PRO_A_2025, short, clea)), SchemeId.PRO_A
    )
    assert decision.eligible


def test_pro_a_needs_an_extended_agreement_except_for_clea() -> None:
    none = {"pro_a": {"branch_agreement": None}}
    decision = _decision(estimate_funding(make_dossier(BASE, PRO_A_2025, none)), SchemeId.PRO_A)
    assert [r.code for r in decision.reasons] == ["PRO_A_NO_BRANCH_AGREEMENT"]


def test_pro_a_contract_and_period() -> None:
    cdd = {"trainees": [{"contract": "cdd", "highest_qualification_level": 4}]}
    assert [
        r.code
        for r in _decision(
            estimate_funding(make_dossier(BASE, PRO_A_2025, cdd)), SchemeId.PRO_A
        ).reasons
    ] == ["PRO_A_CONTRACT"]
    partial = {
        "trainees": [
            {"contract": "cdd", "partial_activity": True, "highest_qualification_level": 4}
        ]
    }
    assert _decision(
        estimate_funding(make_dossier(BASE, PRO_A_2025, partial)), SchemeId.PRO_A
    ).eligible
    unknown = {"trainees": [{}]}
    assert (
        _decision(estimate_funding(make_dossier(BASE, PRO_A_2025, unknown)), SchemeId.PRO_A).status
        is DecisionStatus.NEEDS_INPUT
    )
    short_period = {"pro_a": {"period_end": "2026-01-31", "period_hours": "900"}}
    assert [
        r.code
        for r in _decision(
            estimate_funding(make_dossier(BASE, PRO_A_2025, short_period)), SchemeId.PRO_A
        ).reasons
    ] == ["PRO_A_PERIOD_TOO_SHORT"]
    share = {"pro_a": {"period_hours": "700"}}  # 200 / 700 = 28.6 % > 25 %
    assert [
        r.code
        for r in _decision(
            estimate_funding(make_dossier(BASE, PRO_A_2025, share)), SchemeId.PRO_A
        ).reasons
    ] == ["PRO_A_SHARE_OUT_OF_RANGE"]


RECONVERSION_2026: dict[str, Any] = {
    "action": {
        "start": "2026-03-02",
        "end": "2026-12-18",
        "hours": "300",
        "certification": "RNCP35185",
        "costs": {"pedagogical": "4500.00"},
    },
    "submitted_on": "2026-02-16",
    "pro_a": {
        "avenant_signed_on": "2026-03-01",
        "period_start": "2026-03-02",
        "period_end": "2026-12-31",
    },
}


def test_avenant_of_march_2026_gets_no_pro_a_but_a_reconversion() -> None:
    estimate = estimate_funding(make_dossier(BASE, RECONVERSION_2026))
    pro_a = _decision(estimate, SchemeId.PRO_A)
    assert [r.code for r in pro_a.reasons] == ["PRO_A_CLOSED"]
    reconversion = _decision(estimate, SchemeId.PERIODE_RECONVERSION)
    assert reconversion.eligible  # 300 h over 10 months
    assert _funded(estimate, SchemeId.PERIODE_RECONVERSION) == Decimal("9.15") * 300
    assert "RECONVERSION_ASSESSED_INSTEAD_OF_PRO_A" in [w.code for w in estimate.warnings]
    assert "RECONVERSION_OPCO_AVERAGE" in [w.code for w in estimate.warnings]


def test_avenant_of_january_2026_does_not_fall_between_the_two_regimes() -> None:
    """Loi n° 2025-989, art. 11 II: L6324-1 to L6324-10 apply from 2026-01-01, so an avenant
    of January 2026 (no Pro-A, art. 11 III) gets a période de reconversion, with the decrees'
    figures (in force 2026-02-01) flagged: 9,15 €/h × 300 h = 2 745 €, indicative."""
    january = {
        "action": {"start": "2026-01-19", "end": "2026-10-30"},
        "submitted_on": "2026-01-05",
        "pro_a": {"avenant_signed_on": "2026-01-12", "period_start": "2026-01-19"},
    }
    estimate = estimate_funding(make_dossier(BASE, RECONVERSION_2026, january))
    assert [r.code for r in _decision(estimate, SchemeId.PRO_A).reasons] == ["PRO_A_CLOSED"]
    reconversion = _decision(estimate, SchemeId.PERIODE_RECONVERSION)
    assert reconversion.eligible and reconversion.indicative
    assert _funded(estimate, SchemeId.PERIODE_RECONVERSION) == Decimal("2745.00")
    assert "RECONVERSION_BEFORE_DECREES" in [w.code for w in estimate.warnings]
    codes = [c.code for c in reconversion.checks]
    assert "RECONVERSION_FILING_RULE_NOT_IN_FORCE" in codes  # R6324-1 from 2026-02-01 only


def test_reconversion_120_hours_is_ineligible() -> None:
    short = {"action": {"hours": "120"}}
    decision = _decision(
        estimate_funding(make_dossier(BASE, RECONVERSION_2026, short)),
        SchemeId.PERIODE_RECONVERSION,
    )
    assert [r.code for r in decision.reasons] == ["RECONVERSION_DURATION"]


def test_reconversion_filing_window() -> None:
    late = estimate_funding(make_dossier(BASE, RECONVERSION_2026, submitted_on="2026-03-02"))
    assert [r.code for r in _decision(late, SchemeId.PERIODE_RECONVERSION).reasons] == [
        "RECONVERSION_REQUEST_AFTER_START"
    ]
    # R6324-1 "dans les trente jours précédant le début": 31 days before is outside.
    early = estimate_funding(make_dossier(BASE, RECONVERSION_2026, submitted_on="2026-01-30"))
    reasons = _decision(early, SchemeId.PERIODE_RECONVERSION).reasons
    assert [r.code for r in reasons] == ["RECONVERSION_REQUEST_TOO_EARLY"]
    assert "entre le 31/01/2026 et le 01/03/2026" in reasons[0].message
    on_time = estimate_funding(make_dossier(BASE, RECONVERSION_2026, submitted_on="2026-01-31"))
    assert _decision(on_time, SchemeId.PERIODE_RECONVERSION).eligible  # 30 days before
    eve = estimate_funding(make_dossier(BASE, RECONVERSION_2026, submitted_on="2026-03-01"))
    assert _decision(eve, SchemeId.PERIODE_RECONVERSION).eligible  # the day before


def test_internal_reconversion_mobilises_at_most_half_the_cpf_rights() -> None:
    dossier = make_dossier(
        BASE,
        {k: v for k, v in RECONVERSION_2026.items() if k != "pro_a"},
        trainees=[{"contract": "cdi", "cpf": {"rights": "4000.00"}}],
        reconversion={"kind": "internal", "period_start": "2026-03-02", "period_end": "2026-12-31"},
        action={"costs": {"pedagogical": "9000.00"}},
    )
    estimate = estimate_funding(dossier)
    assert _funded(estimate, SchemeId.PERIODE_RECONVERSION) == Decimal("2745.00")  # 9,15 × 300
    cpf = sum((x.amount for x in estimate.lines if x.payer is Payer.CDC), Decimal(0))
    assert cpf == Decimal("2000.00")
    external = dossier.model_copy(
        update={"reconversion": dossier.reconversion.model_copy(update={"kind": "external"})}  # type: ignore[union-attr]
    )
    cpf_external = sum(
        (x.amount for x in estimate_funding(external).lines if x.payer is Payer.CDC), Decimal(0)
    )
    assert cpf_external == Decimal("4000.00")


FNE: dict[str, Any] = {
    "company": {"headcount": "30", "annual_turnover": "5000000.00"},
    "action": {
        "start": "2024-10-07",
        "end": "2024-10-11",
        "hours": "35",
        "costs": {"pedagogical": "3000.00"},
    },
    "submitted_on": "2024-09-01",
    "fne": {"agreement_signed_on": "2024-09-15", "priority_axis": "transition_numerique"},
}


def test_fne_2024_small_company_70_percent() -> None:
    estimate = estimate_funding(make_dossier(BASE, FNE, company={"headcount": "30"}))
    assert _decision(estimate, SchemeId.FNE).eligible
    fne = [x for x in estimate.lines if x.scheme is SchemeId.FNE]
    assert fne[0].payer is Payer.STATE
    assert fne[0].amount == Decimal("0.70") * 3000


def test_fne_2026_has_no_envelope() -> None:
    later = {
        "action": {"start": "2026-04-06", "end": "2026-04-10"},
        "submitted_on": "2026-03-01",
        "fne": {"agreement_signed_on": "2026-03-15"},
    }
    decision = _decision(estimate_funding(make_dossier(BASE, FNE, later)), SchemeId.FNE)
    assert [r.code for r in decision.reasons] == ["FNE_NO_ENVELOPE"]
    assert "enveloppe" in decision.reasons[0].message
    declared = estimate_funding(make_dossier(BASE, FNE, later, fne={"opco_envelope_rate": "0.5"}))
    assert _funded(declared, SchemeId.FNE) == Decimal("1500.00")


def test_fne_size_needs_financials_and_afdas_rates() -> None:
    unknown = {"company": {"annual_turnover": None}}
    assert (
        _decision(estimate_funding(make_dossier(BASE, FNE, unknown)), SchemeId.FNE).status
        is DecisionStatus.NEEDS_INPUT
    )
    medium = {"company": {"headcount": "120", "annual_turnover": "30000000.00"}}
    assert _funded(estimate_funding(make_dossier(BASE, FNE, medium)), SchemeId.FNE) == Decimal(
        "1800.00"
    )
    afdas = {"company": {"idcc": "1909"}}  # Afdas 2024: 60 % under 50 FTE
    assert _funded(estimate_funding(make_dossier(BASE, FNE, afdas)), SchemeId.FNE) == Decimal(
        "1800.00"
    )
    late = {"action": {"end": "2026-01-15"}}
    assert "FNE_TRAINING_ENDS_TOO_LATE" in [
        r.code
        for r in _decision(estimate_funding(make_dossier(BASE, FNE, late)), SchemeId.FNE).reasons
    ]


@given(dossiers(), st.booleans())
def test_non_cumulable_schemes_are_never_both_positive(dossier: Dossier, external: bool) -> None:
    """Pro-A and période de reconversion never both fund an action, whatever the input."""
    start = dossier.action.start
    dossier = dossier.model_copy(
        update={
            "pro_a": Dossier.model_validate(
                make_dossier(
                    PRO_A_2025,
                    pro_a={
                        "period_start": start.isoformat(),
                        "period_end": dossier.action.end.isoformat(),
                    },
                ).model_dump()
            ).pro_a,
            "reconversion": Dossier.model_validate(
                make_dossier(
                    reconversion={
                        "kind": "external" if external else "internal",
                        "period_start": start.isoformat(),
                        "period_end": dossier.action.end.isoformat(),
                    }
                ).model_dump()
            ).reconversion,
        }
    )
    try:
        estimate = estimate_funding(dossier)
    except ValueError:
        return
    positive = {x.scheme for x in estimate.lines if x.amount > 0}
    assert not {SchemeId.PRO_A, SchemeId.PERIODE_RECONVERSION} <= positive


def test_when_both_apply_the_first_in_order_wins_and_the_other_says_why() -> None:
    both = make_dossier(
        BASE,
        PRO_A_2025,
        action={"start": "2026-02-02", "end": "2026-07-31", "hours": "200"},
        submitted_on="2026-01-20",
        pro_a={"period_start": "2026-02-02", "period_end": "2026-08-01"},
        reconversion={"kind": "internal", "period_start": "2026-02-02", "period_end": "2026-07-31"},
    )
    estimate = estimate_funding(both)
    assert _decision(estimate, SchemeId.PRO_A).eligible
    assert _decision(estimate, SchemeId.PERIODE_RECONVERSION).eligible
    reconversion = next(x for x in estimate.lines if x.scheme is SchemeId.PERIODE_RECONVERSION)
    assert reconversion.amount == 0 and reconversion.claimed > 0
    assert "Non cumulable avec pro_a" in reconversion.explanation
    assert _funded(estimate, SchemeId.PRO_A) == Decimal("9.15") * 200


def test_notices_survive_an_ineligible_outcome() -> None:
    """A refusal keeps its notices: the user still learns why a scheme was assessed."""
    # An avenant of 2026 for a period that started in 2025: no Pro-A, no reconversion yet.
    january = {
        "action": {"start": "2025-12-15", "end": "2026-10-30"},
        "submitted_on": "2025-12-01",
        "pro_a": {"avenant_signed_on": "2026-01-12", "period_start": "2025-12-15"},
        "provider": {"qualiopi": None, "internal": True},
    }
    estimate = estimate_funding(make_dossier(BASE, RECONVERSION_2026, january))
    derived = next(
        w for w in estimate.warnings if w.code == "RECONVERSION_ASSESSED_INSTEAD_OF_PRO_A"
    )
    assert derived.scheme is SchemeId.PERIODE_RECONVERSION
    reason = _decision(estimate, SchemeId.PERIODE_RECONVERSION).reasons[0]
    assert reason.code == "RECONVERSION_NOT_OPEN"
    assert "1er janvier 2026" in reason.message
    internal = estimate_funding(
        make_dossier(
            BASE,
            PRO_A_2025,
            provider={"qualiopi": None, "internal": True},
            trainees=[{"contract": "cdd", "highest_qualification_level": 4}],
        )
    )
    assert "INTERNAL_TRAINING_QUALIOPI_UNCONFIRMED" in [w.code for w in internal.warnings]
    fne_internal = estimate_funding(
        make_dossier(
            BASE,
            FNE,
            provider={"qualiopi": None, "internal": True},
            trainees=[{"contract": "apprentissage"}],
        )
    )
    assert "INTERNAL_TRAINING_QUALIOPI_UNCONFIRMED" in [w.code for w in fne_internal.warnings]


def test_reconversion_external_without_agreement_funds_no_annex_and_names_the_opco() -> None:
    external = {
        "reconversion": {
            "kind": "external",
            "period_start": "2026-03-02",
            "period_end": "2026-12-31",
            "external_frame": "agreement",
            "host_contract": "cdi",
        },
        "action": {"costs": {"annex": "300.00"}},
    }
    pr = {k: v for k, v in RECONVERSION_2026.items() if k != "pro_a"}
    estimate = estimate_funding(make_dossier(BASE, pr, external))
    assert not [x for x in estimate.lines if x.category.value == "annex"]
    host = next(w for w in estimate.warnings if w.code == "RECONVERSION_HOST_OPCO")
    assert "à préciser" in host.message and host.scheme is SchemeId.PERIODE_RECONVERSION
    average = next(w for w in estimate.warnings if w.code == "RECONVERSION_OPCO_AVERAGE")
    assert "pas un plafond par dossier" in average.message


def test_fne_declared_envelope_is_said() -> None:
    later = {
        "action": {"start": "2026-04-06", "end": "2026-04-10"},
        "submitted_on": "2026-03-01",
        "fne": {"agreement_signed_on": "2026-03-15"},
    }
    declared = estimate_funding(make_dossier(BASE, FNE, later, fne={"opco_envelope_rate": "0.4"}))
    notice = next(w for w in declared.warnings if w.code == "FNE_CALLER_ENVELOPE")
    assert "40 %" in notice.message and notice.scheme is SchemeId.FNE
