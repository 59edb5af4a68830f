"""Invariants of FSE+ and the declared co-funders, for every dossier the strategies draw."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from formafin import CostCategory, Dossier, FundingEstimate, SchemeId, estimate_funding
from formafin.models import CoFunder
from formafin.money import ZERO, funded_cents
from formafin.rules.allocation import category_cost
from formafin.testing import co_funders, dossiers

from .test_properties import _check_invariants

# The co-funders and what the funding order serves after them (allocation.order): the CPF,
# then France Travail's AIF and the PCRH (which never pays a training cost).
_AFTER_CO_FUNDERS = {SchemeId.CO_FUNDER, SchemeId.CPF, SchemeId.AIF, SchemeId.PCRH}


def _wanted(funder: CoFunder, cost: Decimal) -> Decimal:
    """What a declared co-funder asks: its amount, or its rate of the category's cost (rounded
    down to the cent) within its cap."""
    if funder.amount is not None:
        return funder.amount
    assert funder.rate is not None
    wanted = funded_cents(funder.rate * cost)
    return wanted if funder.cap is None else min(wanted, funder.cap)


def _by_category(estimate: FundingEstimate, schemes: set[SchemeId], keep: bool) -> dict:
    totals = dict.fromkeys(CostCategory, ZERO)
    for line in estimate.lines:
        if (line.scheme in schemes) == keep:
            totals[line.category] += line.amount
    return totals


@given(dossiers(), co_funders(max_size=4))
def test_co_funders_get_what_they_ask_within_what_the_others_left(
    dossier: Dossier, declared: tuple[CoFunder, ...]
) -> None:
    dossier = dossier.model_copy(update={"co_funders": declared})
    estimate = estimate_funding(dossier)
    _check_invariants(estimate, dossier)
    before = _by_category(estimate, _AFTER_CO_FUNDERS, keep=False)
    co_funded = _by_category(estimate, {SchemeId.CO_FUNDER}, keep=True)
    for category in CostCategory:
        cost = category_cost(dossier.action.costs, category)
        asked = sum((_wanted(f, cost) for f in declared if f.category == category), ZERO)
        # Served after every other scheme but the CPF: all they asked, or all that was left.
        assert co_funded[category] == min(asked, cost - before[category])
    for line in estimate.lines:
        if line.scheme is SchemeId.CO_FUNDER:
            assert line.parameters and line.parameters[0].status == "caller"
            assert line.references[0].kind == "caller"


@given(dossiers(), co_funders(max_size=4))
def test_declaring_co_funders_changes_no_earlier_scheme_and_never_raises_the_rest(
    dossier: Dossier, declared: tuple[CoFunder, ...]
) -> None:
    without = estimate_funding(dossier.model_copy(update={"co_funders": ()}))
    with_them = estimate_funding(dossier.model_copy(update={"co_funders": declared}))
    earlier = [
        (x.scheme, x.category, x.amount) for x in without.lines if x.scheme not in _AFTER_CO_FUNDERS
    ]
    assert earlier == [
        (x.scheme, x.category, x.amount)
        for x in with_them.lines
        if x.scheme not in _AFTER_CO_FUNDERS
    ]
    assert with_them.remaining_cost <= without.remaining_cost
    assert with_them.remaining_cost == with_them.total_cost - with_them.total_funded


@given(dossiers(as_of_year=2025) | dossiers(as_of_year=2026), st.booleans())
def test_fse_plus_never_pays_annex_costs_nor_beside_the_fne(
    dossier: Dossier, regional: bool
) -> None:
    request = dossier.fse_plus
    if request is None or regional:
        from formafin.models import FsePlusRequest

        request = FsePlusRequest(channel="regional" if regional else "opco")
    dossier = dossier.model_copy(update={"fse_plus": request})
    estimate = estimate_funding(dossier)
    _check_invariants(estimate, dossier)
    fse = [x for x in estimate.lines if x.scheme is SchemeId.FSE_PLUS]
    assert all(x.category is not CostCategory.ANNEX for x in fse)
    state = any(x.scheme is SchemeId.FNE and x.amount > 0 for x in estimate.lines)
    if state and request.channel == "opco":  # no second public co-funder in an OPCO call
        assert fse == []
    # FSE+ and its counterpart share one base: together at most the category's cost.
    for category in (CostCategory.PEDAGOGICAL, CostCategory.SALARY):
        paid = sum((x.amount for x in fse if x.category is category), ZERO)
        assert paid <= category_cost(dossier.action.costs, category)
