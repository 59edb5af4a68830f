"""Finer cases of each scheme (written while reading the mutation-testing survivors)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formafin import Payer, SchemeId, abondement_correctif, estimate_funding
from formafin.rules.cpf_rights import CpfYear, cpf_rights

from .conftest import make_dossier
from .test_pro_a_reconversion_fne import BASE, FNE, PRO_A_2025, RECONVERSION_2026


def _funded(estimate: Any, scheme: SchemeId) -> Decimal:
    return sum((x.amount for x in estimate.lines if x.scheme is scheme), Decimal(0))


def _reasons(estimate: Any, scheme: SchemeId) -> list[str]:
    decision = estimate.decision(scheme)
    assert decision is not None
    return [r.code for r in decision.reasons]


# --- FNE: EU size categories -----------------------------------------------------------


@pytest.mark.parametrize(
    ("company", "rate"),
    [
        ({"headcount": "300", "annual_turnover": None}, "0.50"),  # large by headcount alone
        ({"headcount": "250", "annual_turnover": None}, "0.50"),  # 250 is not "under 250"
        ({"headcount": "249", "annual_turnover": "60000000.00"}, "0.50"),  # too big a turnover
        (
            {"headcount": "100", "balance_sheet_total": "40000000.00", "annual_turnover": None},
            "0.60",
        ),
        ({"headcount": "49", "annual_turnover": "9000000.00"}, "0.70"),
        ({"headcount": "50", "annual_turnover": "9000000.00"}, "0.60"),  # not under 50
        ({"headcount": "10", "annual_turnover": "12000000.00"}, "0.60"),  # turnover above 10 M€
        ({"headcount": "10", "annual_turnover": None, "balance_sheet_total": "8000000.00"}, "0.70"),
    ],
)
def test_fne_rate_by_eu_size(company: dict[str, Any], rate: str) -> None:
    estimate = estimate_funding(make_dossier(BASE, FNE, company=company))
    assert _funded(estimate, SchemeId.FNE) == Decimal(rate) * 3000


def test_fne_project_cap_and_calendar() -> None:
    big = {"action": {"costs": {"pedagogical": "5000000.00"}}}
    assert _funded(estimate_funding(make_dossier(BASE, FNE, big)), SchemeId.FNE) == Decimal(
        "3000000.00"
    )
    # The campaign is the agreement's: an agreement of 2025 belongs to no encoded campaign.
    late = {"fne": {"agreement_signed_on": "2025-01-06"}}
    assert "FNE_NO_ENVELOPE" in _reasons(
        estimate_funding(make_dossier(BASE, FNE, late)), SchemeId.FNE
    )
    on_time = {"fne": {"agreement_signed_on": "2024-12-31"}}
    assert estimate_funding(make_dossier(BASE, FNE, on_time)).decision(SchemeId.FNE).eligible  # type: ignore[union-attr]
    long = {"action": {"end": "2025-10-07"}}  # 12 months and 1 day
    assert "FNE_TRAINING_TOO_LONG" in _reasons(
        estimate_funding(make_dossier(BASE, FNE, long)), SchemeId.FNE
    )
    apprentice = {"trainees": [{"contract": "apprentissage"}]}
    assert "FNE_EXCLUDED_CONTRACT" in _reasons(
        estimate_funding(make_dossier(BASE, FNE, apprentice)), SchemeId.FNE
    )


# --- Pro-A ------------------------------------------------------------------------------


def test_pro_a_opco_mobilites_cap_and_branch_cap_precedence() -> None:
    mobilites = {
        "company": {"idcc": "0016"},
        "action": {"hours": "400"},
        "pro_a": {"period_hours": "2000"},
    }
    estimate = estimate_funding(make_dossier(BASE, PRO_A_2025, mobilites))
    assert _funded(estimate, SchemeId.PRO_A) == Decimal("3300.00")  # 9,15 × 400 = 3 660 > 3 300
    line = next(x for x in estimate.lines if x.scheme is SchemeId.PRO_A)
    assert "forfait légal par défaut" in line.basis and "3\u00a0300,00" in line.basis
    branch = {"pro_a": {"branch_agreement": {"cap": "2000.00", "hourly_forfait": "12.00"}}}
    capped = estimate_funding(make_dossier(BASE, PRO_A_2025, mobilites, branch))
    assert _funded(capped, SchemeId.PRO_A) == Decimal("2000.00")
    line = next(x for x in capped.lines if x.scheme is SchemeId.PRO_A)
    assert "forfait de la branche" in line.basis
    elsewhere = estimate_funding(
        make_dossier(
            BASE, PRO_A_2025, {"action": {"hours": "400"}, "pro_a": {"period_hours": "2000"}}
        )
    )
    assert _funded(elsewhere, SchemeId.PRO_A) == Decimal("9.15") * 400  # no OPCO cap at Atlas


def test_pro_a_period_limits_with_an_agreement() -> None:
    long = {"pro_a": {"period_end": "2027-02-28", "period_hours": "1000"}}
    assert "PRO_A_PERIOD_TOO_LONG" in _reasons(
        estimate_funding(make_dossier(BASE, PRO_A_2025, long)), SchemeId.PRO_A
    )
    agreed = {"pro_a": {"branch_agreement": {"max_months": 24}}}
    assert (
        estimate_funding(make_dossier(BASE, PRO_A_2025, long, agreed))
        .decision(SchemeId.PRO_A)
        .eligible
    )  # type: ignore[union-attr]
    too_much = {"pro_a": {"branch_agreement": {"max_months": 48}}, "action": {"end": "2029-02-27"}}
    very_long = {"pro_a": {"period_end": "2029-02-28"}}
    assert "PRO_A_PERIOD_TOO_LONG" in _reasons(  # 42 months > the legal 36
        estimate_funding(make_dossier(BASE, PRO_A_2025, very_long, too_much)), SchemeId.PRO_A
    )


def test_pro_a_share_above_25_percent_by_agreement_and_vae() -> None:
    share = {"pro_a": {"period_hours": "700", "branch_agreement": {"share_above_25_percent": True}}}
    assert estimate_funding(make_dossier(BASE, PRO_A_2025, share)).decision(SchemeId.PRO_A).eligible  # type: ignore[union-attr]
    vae = {
        "action": {"category": "vae", "hours": "24"},
        "provider": {"qualiopi": {"categories": ["vae"]}},
        "pro_a": {"period_hours": "1000"},
    }
    assert "PRO_A_TRAINING_TOO_SHORT" not in _reasons(
        estimate_funding(make_dossier(BASE, PRO_A_2025, vae)), SchemeId.PRO_A
    )


# --- période de reconversion ------------------------------------------------------------

PR: dict[str, Any] = {
    **{k: v for k, v in RECONVERSION_2026.items() if k != "pro_a"},
    "reconversion": {"kind": "internal", "period_start": "2026-03-02", "period_end": "2026-12-31"},
}


def test_reconversion_branch_forfaits_and_caps() -> None:
    per_period = {"reconversion": {"agreement": {"period_forfait": "4000.00"}}}
    assert _funded(
        estimate_funding(make_dossier(BASE, PR, per_period)), SchemeId.PERIODE_RECONVERSION
    ) == Decimal("4000.00")
    hourly = {"reconversion": {"agreement": {"hourly_forfait": "12.00"}}}
    estimate = estimate_funding(make_dossier(BASE, PR, hourly))
    assert _funded(estimate, SchemeId.PERIODE_RECONVERSION) == Decimal("3600.00")  # 12 × 300
    assert "forfait de branche" in estimate.lines[0].basis
    capped = {"reconversion": {"opco_cap": "2000.00"}}
    assert _funded(
        estimate_funding(make_dossier(BASE, PR, capped)), SchemeId.PERIODE_RECONVERSION
    ) == Decimal("2000.00")
    branch_cap = {"reconversion": {"agreement": {"hourly_forfait": "12.00", "cap": "3000.00"}}}
    assert _funded(
        estimate_funding(make_dossier(BASE, PR, branch_cap)), SchemeId.PERIODE_RECONVERSION
    ) == Decimal("3000.00")


def test_reconversion_long_durations_need_an_agreement() -> None:
    long = {
        "action": {"hours": "800", "end": "2027-12-17"},
        "reconversion": {"period_end": "2027-12-31"},
    }
    assert _reasons(
        estimate_funding(make_dossier(BASE, PR, long)), SchemeId.PERIODE_RECONVERSION
    ) == ["RECONVERSION_DURATION"]
    agreed = {"reconversion": {"agreement": {"label": "Accord GEPP"}}}
    assert (
        estimate_funding(make_dossier(BASE, PR, long, agreed))
        .decision(SchemeId.PERIODE_RECONVERSION)
        .eligible
    )  # type: ignore[union-attr]
    over = {"action": {"hours": "2200"}}
    assert "RECONVERSION_DURATION" in _reasons(
        estimate_funding(make_dossier(BASE, PR, long, agreed, over)), SchemeId.PERIODE_RECONVERSION
    )
    clea = {"action": {"hours": "60", "cpf_kind": "clea", "certification": "RS5080"}}
    assert (
        estimate_funding(make_dossier(BASE, PR, clea))
        .decision(SchemeId.PERIODE_RECONVERSION)
        .eligible
    )  # type: ignore[union-attr]


def test_reconversion_annex_costs_only_external_with_an_agreement() -> None:
    annex = {"action": {"costs": {"annex": "600.00"}}}
    internal = estimate_funding(make_dossier(BASE, PR, annex))
    assert not [x for x in internal.lines if x.category.value == "annex"]
    assert "CATEGORY_NOT_FUNDED" in [w.code for w in internal.warnings]
    external = {
        "reconversion": {
            "kind": "external",
            "external_agreement_or_decision": True,
            "host_company_opco": "akto",
            "external_frame": "agreement",  # L6324-9: the frame of an external period
            "host_contract": "cdi",  # L6324-3 II
        }
    }
    estimate = estimate_funding(make_dossier(BASE, PR, annex, external))
    line = next(x for x in estimate.lines if x.category.value == "annex")
    assert (
        line.indicative
        and line.amount == 0
        and line.range is not None
        and line.range.high == Decimal("600.00")
    )
    host = next(w for w in estimate.warnings if w.code == "RECONVERSION_HOST_OPCO")
    assert "akto" in host.message


# --- contrat de professionnalisation ----------------------------------------------------

PRO: dict[str, Any] = {
    "company": {"headcount": "120"},
    "action": {
        "start": "2026-01-05",
        "end": "2026-12-18",
        "hours": "400",
        "costs": {"pedagogical": "3000.00", "salary": "2000.00", "annex": "500.00"},
    },
    "submitted_on": "2025-12-15",
    "provider": {"qualiopi": {"valid_from": "2025-01-01", "valid_until": "2028-12-31"}},
    "professionalisation": {
        "concluded_on": "2025-12-20",
        "start": "2026-01-05",
        "end": "2026-12-31",
    },
}


def test_contrat_pro_forfait_spreads_over_pay_and_annex_costs() -> None:
    estimate = estimate_funding(make_dossier(PRO))  # 9,15 × 400 = 3 660 €
    by_category = {
        x.category.value: x.amount for x in estimate.lines if x.scheme is SchemeId.CONTRAT_PRO
    }
    assert by_category == {"pedagogical": Decimal("3000.00"), "salary": Decimal("660.00")}
    branch = estimate_funding(
        make_dossier(PRO, professionalisation={"branch_hourly_forfait": "14.00"})
    )
    by_category = {
        x.category.value: x.amount for x in branch.lines if x.scheme is SchemeId.CONTRAT_PRO
    }
    assert by_category == {
        "pedagogical": Decimal("3000.00"),
        "salary": Decimal("2000.00"),
        "annex": Decimal("500.00"),
    }


@pytest.mark.parametrize(
    ("changes", "eligible"),
    [
        ({"end": "2026-06-30"}, False),  # under 6 months
        ({"end": "2027-06-30"}, False),  # 18 months without agreement
        ({"end": "2027-06-30", "branch_agreement_24_months": True}, True),
        ({"end": "2028-06-30", "branch_agreement_24_months": True}, False),
        ({"end": "2028-06-30", "priority_public": True}, True),  # 30 months, public of L6325-1-1
        ({"contract_hours": "1000"}, False),  # 400 / 1 000 = 40 % > 25 %
        ({"contract_hours": "1600"}, True),  # 25 %
        ({"contract_hours": "3000"}, False),  # 13,3 % < 15 %
    ],
)
def test_contrat_pro_durations(changes: dict[str, Any], eligible: bool) -> None:
    estimate = estimate_funding(make_dossier(PRO, professionalisation=changes))
    decision = estimate.decision(SchemeId.CONTRAT_PRO)
    assert decision is not None and decision.eligible is eligible, decision.reasons


def test_contrat_pro_aid_cases() -> None:
    older = estimate_funding(
        make_dossier(
            PRO,
            action={"start": "2024-04-01", "end": "2025-03-14"},
            submitted_on="2024-03-15",
            professionalisation={
                "concluded_on": "2024-03-25",
                "start": "2024-04-01",
                "end": "2025-03-31",
                "under_30": False,
            },
        )
    )
    assert [r.code for a in older.aids for r in a.reasons] == ["CONTRAT_PRO_AID_NOT_DUE"]
    assert "30 ans" in older.aids[0].reasons[0].message
    unknown_age = estimate_funding(
        make_dossier(
            PRO,
            action={"start": "2024-04-01", "end": "2025-03-14"},
            submitted_on="2024-03-15",
            professionalisation={
                "concluded_on": "2024-03-25",
                "start": "2024-04-01",
                "end": "2025-03-31",
            },
        )
    )
    assert unknown_age.aids == ()
    ended = estimate_funding(
        make_dossier(PRO)
    ).aids  # concluded 2025-12-20: ended, whatever the age
    assert [r.code for a in ended for r in a.reasons] == ["CONTRAT_PRO_AID_NOT_DUE"]
    assert "1er mai 2024" in ended[0].reasons[0].message


# --- apprenticeship aid ------------------------------------------------------------------


def test_apprenticeship_aid_edges() -> None:
    from .test_alternance import _aid, _apprenticeship

    assert [r.code for r in _aid(_apprenticeship(8, "20")).reasons] == [
        "APPRENTICESHIP_AID_LEVEL_NOT_COVERED"
    ]
    # Décret n° 2026-168 stops at level 7, RQTH included (the 6 000 € is the same aid's amount).
    rqth_8 = _aid(_apprenticeship(8, "20", rqth=True))
    assert rqth_8.amount == 0
    assert [r.code for r in rqth_8.reasons] == ["APPRENTICESHIP_AID_LEVEL_NOT_COVERED"]
    assert _aid(_apprenticeship(6, "400", rqth=True)).amount == Decimal("6000.00")
    # In progress on 2025-11-01, six whole calendar months (October to March): 6/12 of 5 000 €
    # (D6243-2 I: the aid is for the months the contract runs in its first year).
    short_2025 = _aid(
        _apprenticeship(4, "20", concluded_on="2025-10-01", start="2025-10-01", end="2026-03-31")
    )
    assert short_2025.amount == Decimal("2500.00")
    short_2026 = _aid(
        _apprenticeship(4, "20", concluded_on="2026-04-01", start="2026-04-01", end="2026-07-15")
    )
    # April, May, June whole; 15 of 31 days of July: (3 + 15/31) / 12 of 5 000 €.
    expected = (Decimal("5000") * (Decimal(3) + Decimal(15) / Decimal(31)) / 12).quantize(
        Decimal("0.01")
    )
    assert short_2026.amount == expected
    assert "moins d'un an" in short_2026.basis


# --- CPF rights and abondement correctif -----------------------------------------------


def test_cpf_rights_basis_explains_the_computation() -> None:
    (credit,) = cpf_rights([CpfYear(year=2024, worked_hours=Decimal(700))]).credits
    assert "700 h / 1607 h" in credit.basis and "217,80" in credit.basis
    (full,) = cpf_rights([CpfYear(year=2024, worked_hours=Decimal(2000))]).credits
    assert full.credit == Decimal("500.00")  # more hours than full time: the full credit
    (own,) = cpf_rights(
        [CpfYear(year=2024, worked_hours=Decimal(700), reference_hours=Decimal(1400))]
    ).credits
    assert own.credit == Decimal("500.00")  # half of a conventional 1 400 h full time
    (low,) = cpf_rights(
        [CpfYear(year=2024, working_time_ratio=Decimal("0.25"), low_qualified_declared=True)]
    ).credits
    assert low.credit == Decimal("200.00")  # pro rata of the 800 € (documented choice)
    assert "R6323-27" in low.basis


def test_abondement_correctif_explains_itself() -> None:
    due = abondement_correctif(
        headcount=Decimal(50),
        review_date=date(2026, 12, 15),
        interviews_held=False,
        non_mandatory_training=False,
    )
    assert due.due and due.pay_by == date(2027, 3, 31)
    assert "3\u00a0000,00" in due.message and "8 ans" in due.message
    assert any("L6323-13" in ref.id for ref in due.references)
    both_held = abondement_correctif(
        headcount=Decimal(80),
        review_date=date(2026, 12, 15),
        interviews_held=True,
        non_mandatory_training=True,
    )
    assert not both_held.due and not both_held.interpretation_uncertain


def test_cpf_payer_of_other_abondements() -> None:
    dossier = make_dossier(
        {
            "company": {"headcount": "250"},
            "action": {"certification": "RNCP35185", "costs": {"pedagogical": "1000.00"}},
        },
        trainees=[{"cpf": {"rights": "300", "other_abondement": "800", "atmp_abondement": True}}],
    )
    estimate = estimate_funding(dossier)
    other = sum((x.amount for x in estimate.lines if x.payer is Payer.OTHER), Decimal(0))
    assert other == Decimal("700.00")  # AT/MP waives the participation: 1 000 − 300
    assert estimate.remaining_cost == 0


# --- boundaries and explanations (from the mutation survivors) -----------------------------


@pytest.mark.parametrize(
    ("hours", "eligible"), [("150", True), ("149.99", False), ("450", True), ("450.01", False)]
)
def test_reconversion_hour_bounds_are_inclusive(hours: str, eligible: bool) -> None:
    estimate = estimate_funding(make_dossier(BASE, PR, {"action": {"hours": hours}}))
    assert estimate.decision(SchemeId.PERIODE_RECONVERSION).eligible is eligible  # type: ignore[union-attr]


def test_reconversion_agreement_may_shorten_the_period() -> None:
    agreed = {"reconversion": {"agreement": {"max_months": 6}}}
    assert _reasons(
        estimate_funding(make_dossier(BASE, PR, agreed)), SchemeId.PERIODE_RECONVERSION
    ) == ["RECONVERSION_DURATION"]


def test_cpf_rights_round_up_not_to_nearest() -> None:
    # 500 × 0.41101 = 205.505: rounded *up* (R6323-1 II) gives 205.51, not 205.50.
    (credit,) = cpf_rights([CpfYear(year=2024, working_time_ratio=Decimal("0.41101"))]).credits
    assert credit.credit == Decimal("205.51")
    assert "quotité 41,101 %" in credit.basis


@pytest.mark.parametrize(
    ("flags", "label"),
    [
        ({}, "cas général"),
        ({"low_qualified_declared": True}, "salarié peu qualifié"),
        ({"boeth": True}, "bénéficiaire de l'OETH"),
        ({"esat": True}, "travailleur d'ESAT"),
    ],
)
def test_cpf_rights_name_the_category_applied(flags: dict[str, bool], label: str) -> None:
    (credit,) = cpf_rights([CpfYear(year=2024, working_time_ratio=Decimal("1"), **flags)]).credits
    assert label in credit.basis
    assert credit.references


def test_abondement_correctif_texts_and_sources() -> None:
    kwargs: dict[str, Any] = {"review_date": date(2026, 3, 19)}
    due = abondement_correctif(
        headcount=Decimal(60), interviews_held=False, non_mandatory_training=False, **kwargs
    )
    assert "ni les entretiens professionnels ni une formation non obligatoire" in due.message
    amendment = next(r for r in due.references if "2018-771" in r.id)
    assert amendment.url == "https://2017-2022.nosdeputes.fr/15/intervention/274573"
    small = abondement_correctif(
        headcount=Decimal(10), interviews_held=True, non_mandatory_training=False, **kwargs
    )
    assert not small.interpretation_uncertain and "sous le seuil" in small.message
    one = abondement_correctif(
        headcount=Decimal(60), interviews_held=False, non_mandatory_training=True, **kwargs
    )
    assert one.interpretation_uncertain and one.message.startswith("Pas d'abondement correctif")


def test_percent_and_band_labels() -> None:
    from formafin.baremes import SizeBandAmount
    from formafin.facts import say
    from formafin.rules.opco_plan import _band_label
    from formafin.rules.opco_resolution import _percent

    assert say(_percent(None)) == "part inconnue"
    assert say(_percent(Decimal("0.632"))) == "63 %"
    assert (
        say(_band_label(SizeBandAmount(max_headcount=Decimal(11), amount=None)))
        == "moins de 11 salariés"
    )
    assert (
        say(
            _band_label(
                SizeBandAmount(min_headcount=Decimal(11), max_headcount=Decimal(50), amount=None)
            )
        )
        == "de 11 à moins de 50 salariés"
    )
    assert (
        say(_band_label(SizeBandAmount(min_headcount=Decimal(50), amount=None)))
        == "à partir de 50 salariés"
    )


def test_interprofession_barème_applies_only_without_a_branch() -> None:
    interpro = {
        "company": {"idcc": None, "opco": "opco_ep"},
        "provider": {"qualiopi": {"valid_from": "2023-01-01", "valid_until": "2025-12-31"}},
        "action": {"start": "2024-05-13", "end": "2024-05-14", "hours": "14"},
        "submitted_on": "2024-04-01",
    }
    estimate = estimate_funding(make_dossier(interpro))
    assert estimate.decision(SchemeId.OPCO_PLAN).bareme_id == "opco_ep-interpro-2024"  # type: ignore[union-attr]
    assert estimate.lines[0].amount == Decimal("20.00") * 14
    with_branch = estimate_funding(make_dossier(interpro, company={"idcc": "1605"}))
    assert with_branch.decision(SchemeId.OPCO_PLAN).bareme_id is None  # type: ignore[union-attr]
    escape = estimate_funding(make_dossier(interpro, company={"idcc": "9999"}))
    assert escape.decision(SchemeId.OPCO_PLAN).bareme_id == "opco_ep-interpro-2024"  # type: ignore[union-attr]
