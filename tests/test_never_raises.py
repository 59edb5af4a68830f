"""Every dossier the shipped strategies draw gets an answer, never an exception; a date a
scheme's rules do not cover is a refusal of that scheme (issue 13, points 2 and 9)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings

from formafin import Dossier, UnsupportedDateError, check_dossier, estimate_funding
from formafin.result import DecisionStatus, FundingSummary, SchemeId
from formafin.rules.base import Rule, RuleContext
from formafin.rules.outcome import SchemeOutcome
from formafin.rules.registry import installed_rules
from formafin.testing import dossiers

from .conftest import ci_examples, make_dossier

# A dedicated settings object (not the profile): 2 000 examples in every run, CI included.
# Measured at about 15 s of CPU time; no deadline because CI machines are shared.
NEVER_RAISES = settings(
    max_examples=ci_examples(2000),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    database=None,
)


@NEVER_RAISES
@given(dossiers())
def test_strategies_only_draw_dossiers_formafin_answers(dossier: Dossier) -> None:
    # check_dossier runs estimate_funding(dossier) itself (as_of = the training's start, the
    # default): one call proves both never raise, at half the cost.
    estimate = check_dossier(dossier).estimate
    # Point 9: no estimate carries the same notice twice.
    repeated = Counter((n.code, n.message, n.scheme) for n in estimate.warnings)
    assert all(count == 1 for count in repeated.values()), repeated.most_common(1)
    # Issue 15: the summary (numbers and codes, no explanation built) equals the summary of
    # the full estimate, on every one of the 2 000 dossiers.
    assert estimate_funding(dossier, detail="summary") == FundingSummary.of(estimate)


def test_pro_a_avenant_before_the_reform_is_a_refusal_not_an_exception() -> None:
    # The issue's example: an avenant signed on 2018-12-31, before the Pro-A existed
    # (loi n° 2018-771, in force on 2019-01-01), for a training starting on 2019-01-01.
    dossier = make_dossier(
        action={"start": "2019-01-01", "end": "2019-01-02"},
        submitted_on="2018-12-01",
        trainees=[{"contract": "cdi"}],
        pro_a={
            "avenant_signed_on": "2018-12-31",
            "period_start": "2019-01-01",
            "period_end": "2019-06-30",
        },
    )
    estimate = estimate_funding(dossier)
    decision = estimate.decision(SchemeId.PRO_A)
    assert decision is not None and decision.status is DecisionStatus.INELIGIBLE
    assert decision.reasons and all(r.references for r in decision.reasons)
    # The other schemes are still decided.
    assert estimate.decision(SchemeId.OPCO_PLAN) is not None
    check_dossier(dossier)


def test_apprenticeship_concluded_before_the_reform_is_a_refusal() -> None:
    # A contract concluded on 2018-11-29: the 2019 rules (and their Qualiopi parameter,
    # known from 2019-01-01) do not cover it.
    dossier = make_dossier(
        action={"category": "apprentissage", "start": "2019-01-10", "end": "2020-06-30"},
        submitted_on="2018-12-01",
        apprenticeship={
            "concluded_on": "2018-11-29",
            "start": "2019-01-10",
            "end": "2020-06-30",
            "certification_level": 5,
        },
    )
    decision = estimate_funding(dossier).decision(SchemeId.APPRENTISSAGE)
    assert decision is not None and decision.status is DecisionStatus.INELIGIBLE


class _Uncovered:
    """A shipped rule whose evaluation meets a date outside its parameters' range."""

    def __init__(self, rule: Rule) -> None:
        self.scheme, self.name, self.requested = rule.scheme, rule.name, rule.requested

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        raise UnsupportedDateError("Aucune valeur de « x » n'est connue au 01/01/2019.")


@pytest.mark.parametrize(
    ("scheme", "request_field"),
    [
        (SchemeId.FNE, {"fne": {}}),
        (SchemeId.OPCO_PLAN, {}),
        (SchemeId.CPF, {}),
    ],
)
def test_safety_net_turns_an_uncovered_date_into_a_refusal(
    scheme: SchemeId, request_field: dict[str, object]
) -> None:
    """Whatever rule meets a date outside its parameters' range, the orchestrator answers
    with a refusal of that scheme (SCHEME_NOT_IN_FORCE), and the other schemes are decided.
    (The shipped rule is wrapped, not its module patched: the compiled build binds the
    calls inside a module once.)"""
    rules = tuple(_Uncovered(rule) if rule.scheme == scheme else rule for rule in installed_rules())
    dossier = make_dossier(**request_field)
    estimate = estimate_funding(dossier, rules=rules)
    decision = estimate.decision(scheme)
    assert decision is not None
    assert decision.status is DecisionStatus.INELIGIBLE
    assert [r.code for r in decision.reasons] == ["SCHEME_NOT_IN_FORCE"]
    assert "01/01/2019" in decision.reasons[0].message
    assert decision.reasons[0].references
    others = [d for d in estimate.decisions if d.scheme != scheme]
    assert others and all(d.reasons or d.eligible for d in others)
    assert len(estimate.decisions) >= 2


def test_qualiopi_validity_notice_once_though_several_schemes_check_it() -> None:
    # A certificate of four and a half years (R6316-2: three years) checked by the plan and
    # the CPF: the caller is told once.
    dossier = make_dossier(
        provider={"qualiopi": {"valid_from": "2023-01-01", "valid_until": "2027-06-30"}},
        action={"certification": "RNCP35185"},
        trainees=[{"cpf": {"rights": "500"}}],
    )
    codes = [n.code for n in estimate_funding(dossier).warnings]
    assert codes.count("QUALIOPI_VALIDITY_TOO_LONG") == 1
