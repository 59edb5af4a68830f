"""The pipeline: the rules of a dossier, in the legal funding order, each one seeing what
the earlier ones decided and left.

The order is data: the dated parameter ``allocation.order`` (see
``docs/concepts/cumulation.md``). A rule whose scheme is not listed there (a third-party
rule, a scheme not yet in force at that date) is placed just before the scheme named by its
``before`` attribute, the CPF by default. Each rule's claims are served as soon as it has
been evaluated, so the next rule reads exactly what is left of every cost category.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from formafin.errors import UnsupportedDateError
from formafin.facts import Text, say
from formafin.limits import CACHE_ENTRIES, shown
from formafin.result import Decision, DecisionStatus, Reason
from formafin.rules.allocation import Allocator, funding_order, non_cumulable
from formafin.rules.base import DEFAULT_BEFORE, Rule, RuleContext
from formafin.rules.outcome import SchemeOutcome
from formafin.rules.registry import SHIPPED, PluginError

if TYPE_CHECKING:
    from formafin.data import RuleData
    from formafin.models import Costs

__all__ = ["Run", "in_funding_order", "run_rules"]


def in_funding_order(rules: Sequence[Rule], order: Sequence[str]) -> tuple[Rule, ...]:
    """``rules`` sorted in the funding ``order``; a scheme not listed goes just before its
    ``before`` scheme (the CPF by default), or last if that one is not listed either.
    Raises :class:`ValueError` when two rules share a scheme."""
    rank = {scheme: index for index, scheme in enumerate(order)}
    keyed = []
    seen: set[str] = set()
    for index, rule in enumerate(rules):
        scheme = str(rule.scheme)
        if scheme in seen:
            raise ValueError(f"rules : le dispositif {shown(scheme)} figure deux fois")
        seen.add(scheme)
        if scheme in rank:
            keyed.append(((rank[scheme], 1, index), rule))
        else:
            before = str(getattr(rule, "before", DEFAULT_BEFORE))
            keyed.append(((rank.get(before, len(rank)), 0, index), rule))
    keyed.sort(key=lambda pair: pair[0])
    return tuple(rule for _, rule in keyed)


_ORDERED: dict[tuple[tuple[Rule, ...], tuple[str, ...]], tuple[Rule, ...]] = {}


def _ordered(rules: tuple[Rule, ...], order: tuple[str, ...]) -> tuple[Rule, ...]:
    """:func:`in_funding_order`, remembered for hashable rules (the same few rule sets and
    orders come back in every estimate)."""
    key = (rules, order)
    try:
        found = _ORDERED.get(key)
    except TypeError:  # an unhashable third-party rule
        return in_funding_order(rules, order)
    if found is None:
        found = in_funding_order(rules, order)
        if len(_ORDERED) >= CACHE_ENTRIES:
            _ORDERED.clear()
        _ORDERED[key] = found
    return found


@dataclass(frozen=True, slots=True)
class Run:
    """What the pipeline produced: outcomes by scheme, in evaluation order, and the
    allocation of their claims."""

    outcomes: dict[str, SchemeOutcome]
    allocator: Allocator

    @classmethod
    def start(cls, costs: Costs, data: RuleData, day: date) -> Run:
        """A run with nothing evaluated yet."""
        return cls({}, Allocator(costs, non_cumulable(data, day)))

    def views(self) -> dict[str, Any]:
        """The context's read-only views of this run (``left``, ``earlier``): they move on
        as the rules are evaluated."""
        return {
            "left": MappingProxyType(self.allocator.left),
            "earlier": MappingProxyType(self.outcomes),
        }


def run_rules(rules: Sequence[Rule], context: RuleContext, run: Run) -> Run:
    """Evaluate the rules the dossier asks for, in the funding order, serving each one's
    claims before the next one runs. ``context`` was built with ``run.views()``: its
    ``left`` and ``earlier`` are read-only views that move on after each rule."""
    day, data = context.day, context.data
    outcomes, allocator = run.outcomes, run.allocator
    for rule in _ordered(tuple(rules), funding_order(data, day)):
        if not rule.requested(context.dossier):
            continue
        outcome = _evaluate(rule, context)
        if outcome is None:
            continue
        outcomes[str(rule.scheme)] = outcome
        allocator.serve(outcome.claims)
    return run


def _evaluate(rule: Rule, context: RuleContext) -> SchemeOutcome | None:
    """The rule's outcome; a date outside its encoded range is a refusal of that scheme, never
    an exception hiding the others. A third-party rule that fails raises
    :class:`~formafin.rules.registry.PluginError` naming it."""
    try:
        return rule.evaluate(context)
    except UnsupportedDateError as error:
        return _not_in_force(rule, context, error)
    except Exception as error:
        if str(rule.scheme) in SHIPPED:
            raise
        raise PluginError(
            f"la règle {shown(str(rule.scheme))} a échoué : {type(error).__name__}"
        ) from error


def _not_in_force(rule: Rule, context: RuleContext, error: UnsupportedDateError) -> SchemeOutcome:
    """Safety net: an avenant signed before the scheme existed, a contract concluded before
    the 2018 reform took effect… is a refusal of that scheme."""
    text = Text("pipeline.scheme_not_in_force", name=rule.name, error=str(error))
    reason = Reason.trusted(  # a rare refusal: said at once
        code="SCHEME_NOT_IN_FORCE",
        message=say(text),
        references=(context.reference("loi_2018_771"),),
    )
    return SchemeOutcome(
        decision=Decision.trusted(
            scheme=rule.scheme,
            status=DecisionStatus.INELIGIBLE,
            eligible=False,
            reasons=(reason,),
            references=reason.references,
        )
    )
