"""The rule interface (issue 15): every scheme behind one protocol, run in the legal funding
order whatever the order given, selectable with ``rules=``, extensible by third parties."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib.metadata import EntryPoint
from typing import Any

import pytest

from formafin import (
    Check,
    CheckFact,
    Claim,
    CostCategory,
    Dossier,
    Payer,
    PluginError,
    Rule,
    RuleContext,
    SchemeId,
    SchemeOutcome,
    UnsupportedDateError,
    decide,
    estimate_funding,
    installed_rules,
    shipped_rules,
)
from formafin.data import rule_data
from formafin.pipeline import in_funding_order
from formafin.rules import registry
from formafin.rules.allocation import funding_order

from .conftest import make_dossier

# 80 employees: the plan under 50 refuses; no CPF holder: the CPF pays nothing. Whatever an
# added rule claims is then the only funding of the 1 400,00 € of pedagogical costs.
BIG = {"company": {"headcount": "80"}}


@dataclass(frozen=True)
class Share:
    """A test rule: ``rate`` of what the earlier rules left of the pedagogical cost."""

    scheme: str
    rate: Decimal
    name: str = "L'aide de test"
    before: str = "cpf"
    seen: list[Decimal] | None = None

    def requested(self, dossier: Dossier) -> bool:
        return True

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        left = context.remaining(CostCategory.PEDAGOGICAL)
        if self.seen is not None:
            self.seen.append(left)
        check = Check.trusted(code="TEST_OK", met=True, message="Condition de test remplie.")
        decision = decide(self.scheme, [check], ())
        claim = Claim.exact(self.scheme, left * self.rate, "test", "Aide de test.")
        return SchemeOutcome(decision=decision, claims=(claim,))


def test_every_shipped_rule_implements_the_protocol_and_is_in_the_funding_order() -> None:
    order = funding_order(rule_data(), date(2026, 6, 1))
    for rule in shipped_rules():
        assert isinstance(rule, Rule)
        assert rule.name[:1].isupper()
        assert str(rule.scheme) in order, rule.scheme


def test_shipped_rules_by_default_and_the_order_given_does_not_matter() -> None:
    dossier = make_dossier()
    default = estimate_funding(dossier)
    assert installed_rules() == shipped_rules()  # no plugin installed in the test venv
    reversed_rules = estimate_funding(dossier, rules=tuple(reversed(shipped_rules())))
    assert reversed_rules == default


def test_a_selection_of_rules_decides_only_those_schemes() -> None:
    plan_only = [r for r in shipped_rules() if r.scheme == SchemeId.OPCO_PLAN]
    estimate = estimate_funding(make_dossier(), rules=plan_only)
    assert [d.scheme for d in estimate.decisions] == [SchemeId.OPCO_PLAN]
    assert estimate.decision(SchemeId.CPF) is None


def test_an_added_rule_is_allocated_and_explained() -> None:
    rule = Share("test.moitie", Decimal("0.5"))
    estimate = estimate_funding(make_dossier(BIG), rules=(*shipped_rules(), rule))
    # Nothing else pays: half of 1 400,00 € = 700,00 €, remaining 700,00 €.
    assert estimate.funded_by("test.moitie") == Decimal("700.00")
    assert estimate.remaining_cost == Decimal("700.00")
    decision = estimate.decision("test.moitie")
    assert decision is not None and decision.eligible
    assert estimate.decisions[-1].scheme == "test.moitie"  # shown after the shipped ones


@dataclass(frozen=True)
class _TraineeShare(SchemeOutcome):
    """A third-party outcome: the trainees bear ``share`` of what the rule leaves."""

    share: Decimal = Decimal(0)

    def trainee_pays(self) -> Decimal:
        return self.share


class _SaidCheck(CheckFact):
    """A third-party fact class (the compiled build lets Python code subclass these)."""


@dataclass(frozen=True)
class TraineeShare:
    scheme: str = "test.stagiaire"
    name: str = "L'aide qui laisse une part au stagiaire"

    def requested(self, dossier: Dossier) -> bool:
        return True

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        checks: list[CheckFact] = [_SaidCheck("TEST_OK", True, "Condition remplie.")]
        decision = decide(self.scheme, checks, ())
        return _TraineeShare(decision=decision, share=Decimal("120.00"))


def test_a_third_party_outcome_and_fact_may_be_subclasses() -> None:
    # Nothing pays for the 80-employee company (plan refused, no CPF holder): of the
    # 1 400,00 € left, the trainees bear the 120,00 € the subclass says, the employer the rest.
    estimate = estimate_funding(make_dossier(BIG), rules=(*shipped_rules(), TraineeShare()))
    assert estimate.remaining_cost == Decimal("1400.00")
    assert estimate.remaining_trainee == Decimal("120.00")
    assert estimate.remaining_employer == Decimal("1280.00")
    decision = estimate.decision("test.stagiaire")
    assert decision is not None and decision.eligible
    assert [c.message for c in decision.checks] == ["Condition remplie."]


def test_rules_run_in_the_funding_order_and_see_what_earlier_ones_left() -> None:
    seen_first: list[Decimal] = []
    seen_second: list[Decimal] = []
    first = Share("test.premier", Decimal("0.5"), before="opco_plan", seen=seen_first)
    second = Share("test.second", Decimal("0.5"), seen=seen_second)  # before the CPF
    # Given in the wrong order: the pipeline still runs "first" (before the plan) first.
    estimate = estimate_funding(make_dossier(BIG), rules=(second, *shipped_rules(), first))
    assert seen_first == [Decimal("1400.00")]
    assert seen_second == [Decimal("700.00")]  # 1 400 − 700 granted to the first
    assert estimate.funded_by("test.second") == Decimal("350.00")
    assert estimate.remaining_cost == Decimal("350.00")


def test_funding_order_places_unlisted_schemes_before_their_target() -> None:
    a, b = Share("x.a", Decimal(0)), Share("x.b", Decimal(0), before="nowhere")
    plan = Share("opco_plan", Decimal(0))
    cpf = Share("cpf", Decimal(0))
    ordered = in_funding_order([b, cpf, a, plan], ["opco_plan", "cpf"])
    assert [r.scheme for r in ordered] == ["opco_plan", "x.a", "cpf", "x.b"]


def test_two_rules_for_one_scheme_are_refused() -> None:
    with pytest.raises(ValueError, match="deux fois"):
        estimate_funding(make_dossier(), rules=(Share("x.a", Decimal(0)),) * 2)


@dataclass(frozen=True)
class Failing:
    scheme: str
    error: Exception
    name: str = "La règle qui échoue"

    def requested(self, dossier: Dossier) -> bool:
        return True

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        raise self.error


def test_a_third_party_rule_out_of_its_dates_is_a_refusal_the_others_still_decided() -> None:
    rule = Failing("x.dates", UnsupportedDateError("pas de valeur au 16/03/2026"))
    estimate = estimate_funding(make_dossier(), rules=(*shipped_rules(), rule))
    decision = estimate.decision("x.dates")
    assert decision is not None and [r.code for r in decision.reasons] == ["SCHEME_NOT_IN_FORCE"]
    assert decision.reasons[0].message.startswith("La règle qui échoue ne peut pas")
    assert estimate.decision(SchemeId.OPCO_PLAN) is not None


def test_a_third_party_rule_that_crashes_is_named_in_a_formafin_error() -> None:
    rule = Failing("x.bug", ZeroDivisionError())
    with pytest.raises(PluginError, match=r"x\.bug.*ZeroDivisionError"):
        estimate_funding(make_dossier(), rules=(*shipped_rules(), rule))


def _entry_points(monkeypatch: pytest.MonkeyPatch, *points: EntryPoint) -> None:
    def fake(*, group: str) -> tuple[EntryPoint, ...]:
        assert group == "formafin.rules"
        return points

    monkeypatch.setattr(registry, "entry_points", fake)
    monkeypatch.setattr(registry, "_plugins", [])


HALF = Share("test.moitie", Decimal("0.5"))
BAD_ID = Share("opco_plan", Decimal("0.5"))
NOT_A_RULE: Any = object()


def test_entry_point_rules_run_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    point = EntryPoint("moitie", f"{__name__}:HALF", "formafin.rules")
    _entry_points(monkeypatch, point)
    estimate = estimate_funding(make_dossier(BIG))
    assert estimate.funded_by("test.moitie") == Decimal("700.00")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("BAD_ID", "identifiant de dispositif"),
        ("NOT_A_RULE", "n'est pas une règle"),
        ("MISSING", "introuvable"),
    ],
)
def test_a_bad_entry_point_is_a_plugin_error(
    monkeypatch: pytest.MonkeyPatch, target: str, message: str
) -> None:
    _entry_points(monkeypatch, EntryPoint("mauvais", f"{__name__}:{target}", "formafin.rules"))
    with pytest.raises(PluginError, match=message):
        estimate_funding(make_dossier())


def test_payer_of_added_rules_is_kept() -> None:
    @dataclass(frozen=True)
    class Other(Share):
        def evaluate(self, context: RuleContext) -> SchemeOutcome:
            outcome = super().evaluate(context)
            (claim,) = outcome.claims
            return SchemeOutcome(
                decision=outcome.decision,
                claims=(Claim.exact(claim.scheme, claim.low, "t", "t.", payer=Payer.OTHER),),
            )

    estimate = estimate_funding(make_dossier(BIG), rules=(Other("x.o", Decimal("0.1")),))
    assert [(line.scheme, line.payer, line.amount) for line in estimate.lines] == [
        ("x.o", Payer.OTHER, Decimal("140.00"))
    ]
