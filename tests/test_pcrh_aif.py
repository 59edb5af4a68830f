"""PCRH and AIF, one test per condition (issue 18, points 1 and 4).

Expected figures come from the sources quoted in src/formafin/data/parameters/pcrh.toml and
aif.toml, with the computation in a comment; they are not read back from the code.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formafin.data import rule_data
from formafin.models import ConsultingRequest, Dossier
from formafin.result import CostCategory, DecisionStatus, Payer, SchemeId
from formafin.rules.aif import evaluate_aif
from formafin.rules.pcrh import evaluate_pcrh
from formafin.sources import SourceStatus
from tests.conftest import make_dossier

DATA = rule_data()
SME = {"company": {"headcount": "8", "idcc": "1486", "annual_turnover": "1200000.00"}}


def _pcrh(
    signed: str | None = "2026-02-02",
    *,
    as_of: date = date(2026, 3, 1),
    company: dict[str, Any] | None = None,
    **request: Any,
) -> Any:
    fields: dict[str, Any] = {"cost": "24000.00", "subject": "recrutement"}
    fields["de_minimis_received"] = "0"
    fields.update(request)
    if signed is not None:
        fields["agreement_signed_on"] = signed
    dossier = make_dossier(SME, {"company": company or {}}, consulting=fields)
    assert dossier.consulting is not None
    outcome = evaluate_pcrh(dossier, dossier.consulting, as_of, DATA)
    (aid,) = outcome.aids
    return outcome, aid


def _codes(outcome: Any) -> list[str]:
    return sorted(reason.code for reason in outcome.decision.reasons)


def _notices(outcome: Any) -> set[str]:
    return {notice.code for notice in outcome.notices}


# --- PCRH -----------------------------------------------------------------------------------


def test_half_of_the_cost_under_the_2022_instruction() -> None:
    # Instruction of 15/09/2022: at most 50 % of 24 000 € HT = 12 000 € (< 15 000 €).
    outcome, aid = _pcrh("2023-03-01", as_of=date(2023, 3, 1))
    assert outcome.decision.status is DecisionStatus.ELIGIBLE
    assert (aid.eligible, aid.amount, aid.payer) == (True, Decimal("12000.00"), Payer.STATE)
    assert aid.scheme is SchemeId.PCRH
    assert "PCRH_MAXIMUM_SHARE" in _notices(outcome)
    assert "PCRH_STATUS_UNKNOWN" not in _notices(outcome)


def test_the_state_share_is_capped_at_15000_per_accompaniment() -> None:
    # 50 % × 40 000 € = 20 000 € > 15 000 € cap: 15 000 €.
    _, aid = _pcrh(cost="40000.00")
    assert aid.amount == Decimal("15000.00")
    assert "plafonné à 15\u00a0000,00\u00a0€" in aid.basis


def test_the_covid_regime_may_pay_the_whole_service() -> None:
    # Convention of 01/03/2021 (instruction of 4 June 2020, extended): up to 100 % of
    # 10 000 € = 10 000 €; no de minimis declaration asked before the 2022 instruction.
    outcome, aid = _pcrh(
        "2021-03-01", as_of=date(2021, 3, 1), cost="10000.00", de_minimis_received=None
    )
    assert outcome.decision.eligible
    assert aid.amount == Decimal("10000.00")
    # ... still capped: 100 % × 20 000 € = 20 000 € > 15 000 €.
    _, capped = _pcrh("2022-06-30", as_of=date(2022, 6, 30), cost="20000.00")
    assert capped.amount == Decimal("15000.00")


def test_the_covid_regime_ends_with_conventions_signed_on_30_june_2022() -> None:
    # 1 July 2022: back to at most 50 % (believed, flagged in the parameter's status).
    _, aid = _pcrh("2022-07-01", as_of=date(2022, 7, 1), cost="10000.00")
    assert aid.amount == Decimal("5000.00")
    rate = next(p for p in aid.parameters if p.name == "pcrh.rate_max")
    assert rate.status is SourceStatus.BELIEVED


def test_headcount_300_under_the_2016_instruction_250_from_june_2020() -> None:
    big = {"headcount": "280"}
    outcome, aid = _pcrh("2019-06-01", as_of=date(2019, 6, 1), company=big)
    assert outcome.decision.eligible and aid.amount == Decimal("12000.00")
    outcome, aid = _pcrh("2021-06-01", as_of=date(2021, 6, 1), company=big)
    assert _codes(outcome) == ["PCRH_HEADCOUNT"]
    assert (aid.eligible, aid.amount) == (False, Decimal("0.00"))
    assert [r.code for r in aid.reasons] == ["PCRH_HEADCOUNT"]
    outcome, _ = _pcrh(company={"headcount": "249.99"})
    assert outcome.decision.eligible


def test_a_company_of_a_group_of_250_or_more_is_excluded() -> None:
    outcome, _ = _pcrh(group_headcount="250")
    assert _codes(outcome) == ["PCRH_GROUP_TOO_LARGE"]
    outcome, _ = _pcrh(group_headcount="249")
    assert outcome.decision.eligible


@pytest.mark.parametrize("subject", ["juridique", "comptable", "mise_aux_normes", "formation"])
def test_legal_accounting_compliance_and_training_are_out_of_scope(subject: str) -> None:
    outcome, _ = _pcrh(subject=subject)
    assert _codes(outcome) == ["PCRH_SUBJECT_EXCLUDED"]
    assert outcome.decision.status is DecisionStatus.INELIGIBLE


def test_auto_entrepreneurs_are_excluded() -> None:
    outcome, _ = _pcrh(micro_entrepreneur=True)
    assert _codes(outcome) == ["PCRH_MICRO_ENTREPRENEUR"]


def test_the_eu_sme_definition_needs_the_turnover_or_balance_sheet_from_2022() -> None:
    no_money = {"annual_turnover": None}
    outcome, aid = _pcrh(company=no_money)
    assert outcome.decision.status is DecisionStatus.NEEDS_INPUT
    assert _codes(outcome) == ["PCRH_FINANCIALS_UNKNOWN"] and not aid.eligible
    # Before the 2022 instruction only the headcount was read in the sources.
    outcome, _ = _pcrh("2021-01-15", as_of=date(2021, 1, 15), company=no_money)
    assert outcome.decision.eligible


def test_above_both_sme_financial_thresholds_is_not_an_sme() -> None:
    # 60 M€ turnover > 50 M€ and 45 M€ balance sheet > 43 M€.
    large = {"annual_turnover": "60000000.00", "balance_sheet_total": "45000000.00"}
    outcome, _ = _pcrh(company=large)
    assert _codes(outcome) == ["PCRH_NOT_SME"]


def test_de_minimis_declaration_is_needed_from_the_2022_instruction() -> None:
    outcome, aid = _pcrh(de_minimis_received=None)
    assert outcome.decision.status is DecisionStatus.NEEDS_INPUT
    assert _codes(outcome) == ["PCRH_DE_MINIMIS_UNKNOWN"]
    assert aid.amount == Decimal("0.00")


def test_de_minimis_ceiling_200000_until_2023_then_300000() -> None:
    # 2023: 200 000 € − 195 000 € received = 5 000 € left < 12 000 €.
    _, aid = _pcrh("2023-06-01", as_of=date(2023, 6, 1), de_minimis_received="195000.00")
    assert aid.amount == Decimal("5000.00")
    assert "reste du plafond de minimis" in aid.basis
    # 2024 (regulation 2023/2831): 300 000 € − 195 000 € = 105 000 € left: 12 000 € due.
    _, aid = _pcrh("2024-06-01", as_of=date(2024, 6, 1), de_minimis_received="195000.00")
    assert aid.amount == Decimal("12000.00")
    ceiling = next(p for p in aid.parameters if p.name == "pcrh.de_minimis_ceiling")
    assert ceiling.value == "300000.00"


def test_nothing_left_under_the_de_minimis_ceiling() -> None:
    outcome, aid = _pcrh(de_minimis_received="300000.00")
    assert _codes(outcome) == ["PCRH_DE_MINIMIS_EXCEEDED"]
    assert (aid.eligible, aid.amount) == (False, Decimal("0.00"))


def test_a_declared_sector_ceiling_replaces_the_general_one() -> None:
    # Agriculture-type ceiling declared at 20 000 €, 15 000 € received: 5 000 € left.
    _, aid = _pcrh(de_minimis_ceiling="20000.00", de_minimis_received="15000.00")
    assert aid.amount == Decimal("5000.00")
    declared = next(p for p in aid.parameters if p.name == "consulting.de_minimis_ceiling")
    assert declared.status is SourceStatus.CALLER


def test_without_a_convention_date_the_regime_of_the_rules_date_applies() -> None:
    outcome, aid = _pcrh(None, as_of=date(2021, 3, 1), cost="10000.00")
    assert "PCRH_AGREEMENT_DATE_UNKNOWN" in _notices(outcome)
    assert aid.amount == Decimal("10000.00")  # Covid regime of 2021: up to 100 %


def test_2025_and_2026_status_unknown_is_said() -> None:
    outcome, aid = _pcrh("2025-05-01", as_of=date(2025, 5, 1))
    assert "PCRH_STATUS_UNKNOWN" in _notices(outcome)
    assert aid.amount == Decimal("12000.00")
    outcome, _ = _pcrh("2024-12-31", as_of=date(2024, 12, 31))
    assert "PCRH_STATUS_UNKNOWN" not in _notices(outcome)


def test_the_aid_is_rounded_down_to_the_cent() -> None:
    # 50 % × 333,33 € = 166,665 €: 166,66 €.
    _, aid = _pcrh(cost="333.33")
    assert aid.amount == Decimal("166.66")


def test_consulting_request_validation_names_the_field() -> None:
    with pytest.raises(ValueError, match="cost"):
        ConsultingRequest.model_validate({"cost": 12.5, "subject": "gepp"})
    with pytest.raises(ValueError, match="subject"):
        ConsultingRequest.model_validate({"cost": "100", "subject": "marketing"})
    with pytest.raises(ValueError, match="group_headcount"):
        ConsultingRequest.model_validate({"cost": "1", "subject": "gepp", "group_headcount": -1})


# --- AIF ------------------------------------------------------------------------------------


def _seekers(*flags: bool, pedagogical: str = "3000.00", **changes: Any) -> Dossier:
    trainees = [{"job_seeker": flag} for flag in flags]
    return make_dossier(
        {"action": {"costs": {"pedagogical": pedagogical}}}, trainees=trainees, **changes
    )


def test_aif_tops_up_what_the_cpf_left_as_an_indicative_range() -> None:
    # 3 000 € of pedagogical costs, the CPF paid 1 800 €: France Travail may pay up to the
    # 1 200 € left (Carif-Oref: « égal au montant des frais pédagogiques [...] restant à la
    # charge du bénéficiaire »); nothing is counted as certain.
    outcome = evaluate_aif(_seekers(True), date(2026, 3, 16), DATA, Decimal("1200.00"))
    assert outcome.decision.status is DecisionStatus.ELIGIBLE and outcome.decision.indicative
    (claim,) = outcome.claims
    assert (claim.low, claim.high) == (Decimal("0.00"), Decimal("1200.00"))
    assert claim.indicative and claim.payer is Payer.OTHER
    assert claim.category is CostCategory.PEDAGOGICAL and claim.scheme is SchemeId.AIF
    assert "AIF_CASE_BY_CASE" in _notices(outcome)


def test_aif_covers_only_the_job_seekers_share() -> None:
    # 4 000 € for two trainees, one a job seeker: his share is 2 000 €.
    dossier = _seekers(True, False, pedagogical="4000.00")
    (claim,) = evaluate_aif(dossier, date(2026, 3, 16), DATA, Decimal("4000.00")).claims
    assert claim.high == Decimal("2000.00")


def test_no_aif_when_nothing_is_left() -> None:
    outcome = evaluate_aif(_seekers(True), date(2026, 3, 16), DATA, Decimal("0.00"))
    assert _codes(outcome) == ["AIF_COST_COVERED"] and not outcome.claims


def test_no_aif_without_a_job_seeker() -> None:
    outcome = evaluate_aif(_seekers(False), date(2026, 3, 16), DATA, Decimal("3000.00"))
    assert "AIF_JOB_SEEKER" in _codes(outcome)


def test_aif_needs_a_qualiopi_provider() -> None:
    dossier = _seekers(True, provider={"name": "OF", "qualiopi": None})
    outcome = evaluate_aif(dossier, date(2026, 3, 16), DATA, Decimal("3000.00"))
    assert _codes(outcome) == ["QUALIOPI_MISSING"] and not outcome.claims


# --- The rule objects -----------------------------------------------------------------------


def test_both_rules_are_shipped_and_asked_for_by_their_inputs() -> None:
    from formafin.rules import aif, pcrh
    from formafin.rules.base import Rule
    from formafin.rules.registry import shipped_rule

    assert shipped_rule("pcrh") is pcrh.RULE and shipped_rule("aif") is aif.RULE
    assert isinstance(pcrh.RULE, Rule) and isinstance(aif.RULE, Rule)
    plain = make_dossier()
    assert not pcrh.RULE.requested(plain) and not aif.RULE.requested(plain)
    assert pcrh.RULE.requested(make_dossier(consulting={"cost": "1", "subject": "gepp"}))
    assert aif.RULE.requested(_seekers(False, True))


def test_aif_comes_right_after_the_cpf_and_pcrh_last_in_the_funding_order() -> None:
    from formafin.rules.allocation import funding_order

    for day in (date(2019, 1, 1), date(2024, 6, 1), date(2026, 11, 1)):
        order = list(funding_order(DATA, day))
        assert order.index("aif") == order.index("cpf") + 1
        assert order[-1] == "pcrh"


def test_a_dossier_without_consulting_nor_job_seeker_shows_neither_scheme() -> None:
    from formafin import estimate_funding

    estimate = estimate_funding(make_dossier())
    assert estimate.decision("pcrh") is None and estimate.decision("aif") is None
    assert estimate.aids == () and all(line.scheme != "aif" for line in estimate.lines)
