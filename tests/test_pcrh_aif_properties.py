"""PCRH and AIF invariants for every valid input (formafin.testing strategies).

Nothing above cost: the PCRH aid never exceeds the consulting cost, the 15 000 € cap nor the
de minimis headroom; the AIF never claims more than what the earlier schemes left. No cost
funded twice: the PCRH aid is never a training line, and the AIF's counted amount is 0 €.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from formafin import estimate_funding
from formafin.data import rule_data
from formafin.errors import UnsupportedDateError
from formafin.models import ConsultingRequest, Dossier
from formafin.money import money_context
from formafin.result import CostCategory, DecisionStatus, SchemeId
from formafin.rules.aif import evaluate_aif
from formafin.rules.pcrh import evaluate_pcrh
from formafin.testing import consulting_requests, dates_around_changes, dossiers

DATA = rule_data()


@given(dossiers(), consulting_requests(), dates_around_changes())
def test_the_pcrh_aid_never_exceeds_cost_cap_or_de_minimis_headroom(
    dossier: Dossier, request: ConsultingRequest, as_of: date
) -> None:
    day = max(request.agreement_signed_on or as_of, date(2019, 1, 1))
    try:
        with money_context():
            outcome = evaluate_pcrh(dossier, request, as_of, DATA)
    except UnsupportedDateError:  # a date outside the shipped rules' coverage
        return
    (aid,) = outcome.aids
    assert aid.eligible == (outcome.decision.eligible and aid.amount > 0)
    assert Decimal(0) <= aid.amount <= request.cost
    assert aid.amount == aid.amount.quantize(Decimal("0.01"))
    cap = DATA.parameter("pcrh.cap").at(day).value
    assert isinstance(cap, Decimal) and aid.amount <= cap
    if DATA.parameter("pcrh.de_minimis").at(day).value is True:
        general = DATA.parameter("pcrh.de_minimis_ceiling").at(day).value
        assert isinstance(general, Decimal)
        declared = request.de_minimis_ceiling
        ceiling = general if declared is None else declared
        received = request.de_minimis_received
        assert received is not None or not aid.eligible
        if received is not None:
            assert aid.amount <= max(Decimal(0), ceiling - received)
    if not outcome.decision.eligible:
        assert aid.amount == 0 and aid.reasons == outcome.decision.reasons
    if outcome.decision.status is DecisionStatus.NEEDS_INPUT:
        assert all(r.code.endswith("_UNKNOWN") for r in outcome.decision.reasons)
    assert outcome.claims == ()  # never a training line


@given(dossiers(schemes=False), st.integers(min_value=0, max_value=100), dates_around_changes())
def test_the_aif_never_claims_more_than_what_is_left(
    dossier: Dossier, percent: int, as_of: date
) -> None:
    pedagogical = dossier.action.costs.pedagogical
    left = (pedagogical * percent / 100).quantize(Decimal("0.01"))
    with money_context():
        outcome = evaluate_aif(dossier, as_of, DATA, left)
    for claim in outcome.claims:
        assert claim.category is CostCategory.PEDAGOGICAL
        assert claim.low == 0 and claim.indicative
        assert claim.high <= left
        seekers = sum(t.job_seeker for t in dossier.trainees)
        assert claim.high <= pedagogical * seekers / len(dossier.trainees)
    if outcome.decision.eligible:
        assert outcome.claims and outcome.decision.indicative
    else:
        assert not outcome.claims


@given(dossiers())
def test_estimates_with_pcrh_and_aif_fund_nothing_above_cost_nor_twice(dossier: Dossier) -> None:
    try:
        estimate = estimate_funding(dossier)
    except UnsupportedDateError:
        return
    costs = dossier.action.costs
    assert estimate.total_cost == costs.total  # the consulting cost is not a training cost
    assert estimate.total_funded <= estimate.total_cost
    assert estimate.remaining_cost == estimate.total_cost - estimate.total_funded
    pedagogical = [line for line in estimate.lines if line.category is CostCategory.PEDAGOGICAL]
    aif = [line for line in pedagogical if line.scheme == SchemeId.AIF]
    others = sum((line.amount for line in pedagogical if line.scheme != SchemeId.AIF), Decimal(0))
    for line in aif:
        assert line.amount == 0 and line.range is not None
        assert others + line.range.high <= costs.pedagogical  # even at the top of its range
    assert all(line.scheme != SchemeId.PCRH for line in estimate.lines)
    for aid in estimate.aids:
        if aid.scheme == SchemeId.PCRH:
            assert dossier.consulting is not None and aid.amount <= dossier.consulting.cost
    if dossier.consulting is not None:
        without = estimate_funding(dossier.model_copy(update={"consulting": None}))
        assert without.lines == estimate.lines and without.categories == estimate.categories
        assert without.remaining_cost_range == estimate.remaining_cost_range
        assert [a for a in estimate.aids if a.scheme != SchemeId.PCRH] == list(without.aids)
