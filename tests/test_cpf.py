"""CPF: the worked examples of the issue, the caps, the participation and its exemptions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formafin import CostCategory, DecisionStatus, Payer, SchemeId, estimate_funding
from formafin.errors import UnsupportedDateError
from formafin.rules.cpf_rights import CpfYear, cpf_rights

from .conftest import make_dossier

# A company of 250 (no plan funding), a 1 000 € RNCP training, one holder.
MCF: dict[str, Any] = {
    "company": {"headcount": "250"},
    "action": {
        "certification": "RNCP35185",
        "costs": {"pedagogical": "1000.00"},
        "start": "2026-03-16",
        "end": "2026-03-17",
    },
    "submitted_on": "2026-02-01",
}


def _cpf(rights: str, *layers: dict[str, Any], **cpf: Any) -> Any:
    dossier = make_dossier(MCF, *layers, trainees=[{"cpf": {"rights": rights, **cpf}}])
    return estimate_funding(dossier)


def _paid_by(estimate: Any, payer: Payer) -> Decimal:
    return sum(
        (
            line.amount
            for line in estimate.lines
            if line.scheme is SchemeId.CPF and line.payer is payer
        ),
        Decimal(0),
    )


def test_march_2026_full_rights_holder_pays_the_participation() -> None:
    estimate = _cpf("1000.00")
    assert _paid_by(estimate, Payer.CDC) == Decimal("896.80")
    assert estimate.remaining_trainee == Decimal("103.20")
    assert estimate.remaining_employer == 0
    assert "CPF_PARTICIPATION_DUE" in [w.code for w in estimate.warnings]


def test_rights_short_of_the_cost_the_holder_pays_the_rest() -> None:
    estimate = _cpf("750.00")
    assert _paid_by(estimate, Payer.CDC) == Decimal("750.00")
    assert estimate.remaining_trainee == Decimal("250.00")


def test_employer_abondement_waives_the_participation() -> None:
    estimate = _cpf("750.00", employer_abondement="250.00")
    assert _paid_by(estimate, Payer.CDC) == Decimal("750.00")
    assert estimate.remaining_trainee == 0
    assert estimate.remaining_employer == Decimal("250.00")  # the abondement is the employer's


@pytest.mark.parametrize(
    ("start", "participation"),
    [("2024-03-11", "0.00"), ("2024-06-10", "100.00"), ("2025-06-10", "102.23")],
)
def test_participation_by_date(start: str, participation: str) -> None:
    dates = {"action": {"start": start, "end": start}, "submitted_on": "2024-01-02"}
    estimate = _cpf("5000.00", dates)
    assert estimate.remaining_trainee == Decimal(participation)
    assert _paid_by(estimate, Payer.CDC) == Decimal("1000.00") - Decimal(participation)


def test_rs_certification_caps_own_rights_at_1500_from_february_2026() -> None:
    rs = {"action": {"certification": "RS5080", "costs": {"pedagogical": "3000.00"}}}
    estimate = _cpf("5000.00", rs)
    assert _paid_by(estimate, Payer.CDC) == Decimal("1500.00")
    assert estimate.remaining_trainee == Decimal("1500.00")  # ≥ the 103,20 € participation
    before = _cpf("5000.00", rs, {"action": {"start": "2026-02-20", "end": "2026-02-20"}})
    assert _paid_by(before, Payer.CDC) == Decimal("3000.00") - Decimal("103.20")


def test_third_party_money_goes_above_the_cap() -> None:
    rs = {"action": {"certification": "RS5080", "costs": {"pedagogical": "3000.00"}}}
    estimate = _cpf("5000.00", rs, opco_abondement="1000.00")
    assert _paid_by(estimate, Payer.CDC) == Decimal("1500.00")
    assert _paid_by(estimate, Payer.OPCO) == Decimal("1000.00")
    assert estimate.remaining_trainee == Decimal("500.00")
    assert "CPF_PARTICIPATION_OPCO_DISPUTED" in [w.code for w in estimate.warnings]


def test_opco_abondement_does_not_waive_the_participation() -> None:
    estimate = _cpf("500.00", opco_abondement="600.00")
    # 1 000 € − 103,20 € open: rights 500 €, then the OPCO 396,80 €; the holder pays 103,20 €.
    assert _paid_by(estimate, Payer.OPCO) == Decimal("396.80")
    assert estimate.remaining_trainee == Decimal("103.20")
    assert "CPF_PARTICIPATION_OPCO_DISPUTED" in [w.code for w in estimate.warnings]


def test_only_the_employer_or_the_opco_may_pay_the_participation() -> None:
    by_employer = _cpf("1000.00", participation_paid_by="employer")
    assert by_employer.remaining_trainee == 0
    assert by_employer.remaining_employer == Decimal("103.20")
    by_opco = _cpf("1000.00", participation_paid_by="opco")
    assert _paid_by(by_opco, Payer.OPCO) == Decimal("103.20")
    assert by_opco.remaining_cost == 0


def test_job_seekers_and_c2p_are_exempt() -> None:
    dossier = make_dossier(MCF, trainees=[{"job_seeker": True, "cpf": {"rights": "2000"}}])
    assert estimate_funding(dossier).remaining_cost == 0
    assert _cpf("2000", c2p_points=True).remaining_cost == 0


def test_employer_dotation_is_used_before_the_rights() -> None:
    estimate = _cpf("1000.00", employer_dotation="300.00")
    assert _paid_by(estimate, Payer.CDC) == Decimal("1000.00") - Decimal("103.20") - 300
    assert estimate.remaining_trainee == Decimal("103.20")


def test_provider_without_qualiopi_makes_cpf_ineligible() -> None:
    estimate = _cpf("1000.00", {"provider": {"qualiopi": None}})
    decision = estimate.decision(SchemeId.CPF)
    assert decision is not None and decision.status is DecisionStatus.INELIGIBLE
    assert [r.code for r in decision.reasons] == ["QUALIOPI_MISSING"]
    assert estimate.remaining_trainee == 0 and estimate.total_funded == 0


def test_non_certifying_training_and_internal_training() -> None:
    plain = estimate_funding(make_dossier(MCF, action={"certification": None}))
    # Not eligible (L6323-6): the holder's rights are not asked for (issue 13, point 9).
    assert [r.code for r in plain.decision(SchemeId.CPF).reasons] == [  # type: ignore[union-attr]
        "CPF_ACTION_NOT_ELIGIBLE",
    ]
    internal = _cpf("1000", {"provider": {"internal": True, "qualiopi": None}})
    assert "CPF_INTERNAL_TRAINING" in [r.code for r in internal.decisions[1].reasons]


def test_without_rights_the_cpf_needs_input() -> None:
    decision = estimate_funding(make_dossier(MCF)).decision(SchemeId.CPF)
    assert decision is not None and decision.status is DecisionStatus.NEEDS_INPUT


def test_light_licence_rules_of_2026() -> None:
    licence = {"action": {"cpf_kind": "permis_leger", "costs": {"pedagogical": "1500.00"}}}
    alone = _cpf("3000", licence)
    assert [r.code for r in alone.decisions[1].reasons] == ["CPF_LIGHT_LICENCE_CONDITIONS"]
    too_little = _cpf("3000", licence, employer_abondement="99.99")
    assert too_little.decisions[1].status is DecisionStatus.INELIGIBLE
    cofunded = _cpf("3000", licence, employer_abondement="100.00")
    assert _paid_by(cofunded, Payer.CDC) == Decimal("900.00")  # D6323-1 A 3°
    held = _cpf("3000", licence, employer_abondement="100", holds_valid_light_licence=True)
    assert [r.code for r in held.decisions[1].reasons] == ["CPF_LIGHT_LICENCE_ALREADY_HELD"]


def test_bilan_once_in_five_years_from_february_2026() -> None:
    bilan = {
        "action": {"category": "bilans_de_competences", "costs": {"pedagogical": "2000.00"}},
        "provider": {"qualiopi": {"categories": ["bilans_de_competences"]}},
    }
    recent = _cpf("3000", bilan, last_bilan_funded_on="2022-01-10")
    assert [r.code for r in recent.decisions[1].reasons] == ["CPF_BILAN_TOO_RECENT"]
    old = _cpf("3000", bilan, last_bilan_funded_on="2020-01-10")
    assert _paid_by(old, Payer.CDC) == Decimal("1600.00")


def test_acre_support_ended_in_february_2025() -> None:
    acre = {"action": {"cpf_kind": "creation_entreprise"}, "submitted_on": "2024-01-02"}
    before = _cpf("1000", acre, {"action": {"start": "2025-02-15", "end": "2025-02-15"}})
    after = _cpf("1000", acre, {"action": {"start": "2025-02-16", "end": "2025-02-16"}})
    assert before.decisions[1].eligible
    assert [r.code for r in after.decisions[1].reasons] == ["CPF_ACRE_ENDED"]


def test_plan_first_then_cpf_on_what_is_left() -> None:
    dossier = make_dossier(
        MCF,
        company={"headcount": "8"},
        trainees=[{"cpf": {"rights": "5000"}}],
        action={"costs": {"pedagogical": "1000.00"}},
    )
    estimate = estimate_funding(dossier, bareme="opco_ep-177-2026")  # 50 €/h × 14 h = 700 €
    plan = sum((x.amount for x in estimate.lines if x.scheme is SchemeId.OPCO_PLAN), Decimal(0))
    assert plan == Decimal("700.00")
    # 300 € left: the participation 103,20 € stays out of the CPF, which pays 196,80 €. The
    # OPCO plan funds the same action: a co-construction by default, so the employer, not the
    # employee, pays the participation (R6323: the employer may take it over).
    assert _paid_by(estimate, Payer.CDC) == Decimal("196.80")
    assert estimate.remaining_trainee == 0
    assert estimate.remaining_employer == Decimal("103.20")
    assert "CPF_CO_CONSTRUCTION_ASSUMED" in [w.code for w in estimate.warnings]
    pedagogical = next(t for t in estimate.categories if t.category is CostCategory.PEDAGOGICAL)
    assert pedagogical.remaining == Decimal("103.20")
    # The employee who buys on Mon Compte Formation himself keeps the remainder (R6333-3).
    own = make_dossier(
        MCF,
        company={"headcount": "8"},
        trainees=[{"cpf": {"rights": "5000", "initiative": "holder"}}],
    )
    alone = estimate_funding(own, bareme="opco_ep-177-2026")
    assert alone.remaining_trainee == Decimal("103.20")
    assert "CPF_CO_CONSTRUCTION_ASSUMED" not in [w.code for w in alone.warnings]


# --- rights ------------------------------------------------------------------------------


def test_part_time_40_percent_is_the_pro_rata_rounded_up() -> None:
    (credit,) = cpf_rights([CpfYear(year=2025, working_time_ratio=Decimal("0.4"))]).credits
    assert credit.credit == Decimal("200.00")
    (credit,) = cpf_rights([CpfYear(year=2025, worked_hours=Decimal(700))]).credits
    # 500 × 700 / 1 607 = 217.797… → rounded *up* to the cent (R6323-1 II)
    assert credit.credit == Decimal("217.80")


def test_half_time_or_more_gets_the_full_credit_within_the_ceiling() -> None:
    rights = cpf_rights(
        [CpfYear(year=y, working_time_ratio=Decimal("0.5")) for y in range(2019, 2027)],
        opening_balance=Decimal("1200.00"),
    )
    assert [c.credit for c in rights.credits][:7] == [Decimal("500.00")] * 7
    assert rights.balance == Decimal("5000.00")  # 1 200 + 7 × 500 = 4 700, then 300 to the cap


def test_low_qualified_boeth_and_esat() -> None:
    year = {"year": 2024, "working_time_ratio": Decimal(1)}
    assert cpf_rights([CpfYear(**year, low_qualified_declared=True)]).balance == Decimal("800.00")
    assert cpf_rights([CpfYear(**year, boeth=True)]).balance == Decimal("800.00")
    both = cpf_rights([CpfYear(**year, boeth=True, low_qualified_declared=True)])
    assert both.balance == Decimal("800.00")  # most favourable, not added (R6323-27)
    assert cpf_rights(
        [CpfYear(year=2024, working_time_ratio=Decimal("0.2"), esat=True)]
    ).balance == Decimal("800.00")
    capped = cpf_rights([CpfYear(**year, boeth=True)], opening_balance=Decimal("7900"))
    assert capped.balance == Decimal("8000.00")


def test_boeth_top_up_starts_in_june_2019() -> None:
    assert cpf_rights([CpfYear(year=2019, working_time_ratio=Decimal(1), boeth=True)]).balance == (
        Decimal("800.00")
    )


def test_years_before_2019_are_refused() -> None:
    with pytest.raises(UnsupportedDateError, match="2018"):
        cpf_rights([CpfYear(year=2018, working_time_ratio=Decimal(1))])
    with pytest.raises(ValueError, match="working_time_ratio ou worked_hours"):
        CpfYear(year=2020)


def test_participation_as_of_a_date() -> None:
    estimate = estimate_funding(
        make_dossier(MCF, trainees=[{"cpf": {"rights": "5000"}}]), as_of=date(2024, 6, 1)
    )
    assert estimate.remaining_trainee == Decimal("100.00")


def test_abondement_correctif() -> None:
    from formafin.rules.abondement_correctif import abondement_correctif

    due = abondement_correctif(
        headcount=Decimal(60),
        review_date=date(2026, 3, 19),
        interviews_held=False,
        non_mandatory_training=False,
    )
    assert (due.due, due.amount, due.period_years) == (True, Decimal("3000.00"), 8)
    assert due.pay_by == date(2026, 6, 30)  # last day of the next calendar quarter
    before_reform = abondement_correctif(
        headcount=Decimal(60),
        review_date=date(2025, 10, 25),
        interviews_held=False,
        non_mandatory_training=False,
    )
    assert before_reform.period_years == 6 and before_reform.pay_by == date(2026, 3, 31)
    one_missing = abondement_correctif(
        headcount=Decimal(60),
        review_date=date(2026, 3, 19),
        interviews_held=True,
        non_mandatory_training=False,
    )
    assert not one_missing.due and one_missing.interpretation_uncertain
    small = abondement_correctif(
        headcount=Decimal("49.99"),
        review_date=date(2026, 3, 19),
        interviews_held=False,
        non_mandatory_training=False,
    )
    assert not small.due and small.amount == 0
