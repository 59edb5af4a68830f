"""``estimate_funding``: which schemes pay, how much, what is left to pay, and why."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, overload

from formafin.dates import as_of_day
from formafin.errors import DataError, UnsupportedDateError
from formafin.facts import AidFact, DecisionFact, NoticeFact, Text, built, notice, reason_codes
from formafin.limits import CACHE_ENTRIES, shown
from formafin.models import Dossier, OpcoId
from formafin.money import ZERO, funded_cents, money_context
from formafin.pipeline import Run, run_rules
from formafin.result import (
    Aid,
    AidSummary,
    CostCategory,
    Decision,
    DecisionSummary,
    FundingEstimate,
    FundingSummary,
    LineSummary,
    MoneyRange,
    Notice,
    OpcoResolution,
    SchemeId,
)
from formafin.rules.allocation import Allocator, Grant
from formafin.rules.base import Rule, RuleContext
from formafin.rules.outcome import Claim, SchemeOutcome
from formafin.rules.registry import REQUESTED_BY, SHIPPED, installed_rules
from formafin.sources import Reference

if TYPE_CHECKING:
    from formafin.baremes import Bareme
    from formafin.data import RuleData

__all__ = ["estimate_funding"]


Detail = Literal["full", "summary"]
"""How much an estimate says: everything (``"full"``), or numbers and codes only."""


@overload
def estimate_funding(
    dossier: Dossier,
    *,
    as_of: date | None = ...,
    bareme: Bareme | str | None = ...,
    rules: Sequence[Rule] | None = ...,
    detail: Literal["full"] = ...,
) -> FundingEstimate: ...


@overload
def estimate_funding(
    dossier: Dossier,
    *,
    as_of: date | None = ...,
    bareme: Bareme | str | None = ...,
    rules: Sequence[Rule] | None = ...,
    detail: Literal["summary"],
) -> FundingSummary: ...


def estimate_funding(
    dossier: Dossier,
    *,
    as_of: date | None = None,
    bareme: Bareme | str | None = None,
    rules: Sequence[Rule] | None = None,
    detail: Detail = "full",
) -> FundingEstimate | FundingSummary:
    """Estimate the funding of ``dossier`` under the rules in force on ``as_of``.

    ``as_of`` defaults to the training's start date (formafin never reads today's date).
    ``bareme`` is a caller-supplied :class:`~formafin.baremes.Bareme`, or the id of a shipped
    one, that replaces the automatic choice. ``rules`` chooses the schemes evaluated (by
    default the shipped rules and those registered under the ``formafin.rules`` entry
    point; see :func:`formafin.rules.registry.installed_rules`): they run in the legal
    funding order whatever the order given. Ineligibility comes back as decisions with
    reasons; invalid input has already been refused by the models; a date outside the
    rules' coverage raises :class:`~formafin.errors.UnsupportedDateError`.
    ``detail="summary"`` returns a :class:`~formafin.result.FundingSummary`: the same
    numbers and codes, without the explanations, for batch work.
    """
    if detail not in ("full", "summary"):
        raise ValueError(f"detail : « full » ou « summary » attendu, reçu {shown(detail)}")
    day = as_of_day(as_of, dossier.action.start)
    from formafin.data import rule_data  # the data and their modules: on first use

    data = rule_data()
    with money_context():
        estimate = _estimate(dossier, day, bareme, data, rules, detail)
        if os.environ.get("FORMAFIN_STRICT") == "1":
            _check_strictly(estimate)
        return estimate


_CODE = re.compile(r"^[A-Z][A-Z0-9_]+$")


def _check_strictly(estimate: FundingEstimate | FundingSummary) -> None:
    """Strict mode (``FORMAFIN_STRICT=1``): validate the result formafin built without
    validation, and the format of every code. Meant for tests and integration checks."""
    try:
        validated = type(estimate).model_validate(estimate.model_dump())
    except ValueError as error:
        raise DataError(f"résultat mal formé : {error}") from error
    if validated != estimate:
        raise DataError("résultat mal formé : la validation le modifie")
    if isinstance(estimate, FundingSummary):
        codes = [*estimate.warnings, *(c for d in estimate.decisions for c in d.reasons)]
        bad = [code for code in codes if not _CODE.match(code)]
        if bad:
            raise DataError(f"codes mal formés : {bad}")
        return
    codes = [n.code for n in estimate.warnings]
    for decision in estimate.decisions:
        codes += [r.code for r in decision.reasons] + [c.code for c in decision.checks]
    codes += [r.code for aid in estimate.aids for r in aid.reasons]
    bad = [code for code in codes if not _CODE.match(code)]
    if bad:
        raise DataError(f"codes mal formés : {bad}")


def _estimate(
    dossier: Dossier,
    day: date,
    bareme_choice: Bareme | str | None,
    data: RuleData,
    rules: Sequence[Rule] | None,
    detail: Detail,
) -> FundingEstimate | FundingSummary:
    run = Run.start(dossier.action.costs, data, day)
    context, warnings = _context(dossier, day, bareme_choice, data, run)
    run_rules(installed_rules() if rules is None else rules, context, run)
    # One pass over the outcomes, in the order of the decisions: their notices (the CPF's
    # last, as before the rule interface: the CPF covers what the others leave), the aids,
    # what the trainees bear.
    decisions: list[Decision | DecisionFact] = []
    aids: list[Aid | AidFact] = []
    last: list[Notice | NoticeFact] = []
    trainee_pays, indicative = ZERO, False
    for scheme in _display_order(run.outcomes):
        outcome = run.outcomes[scheme]
        decision = outcome.decision
        decisions.append(decision)
        (last if decision.scheme == SchemeId.CPF else warnings).extend(outcome.notices)
        aids.extend(outcome.aids)
        trainee_pays += outcome.trainee_pays()
        indicative = indicative or decision.indicative
    warnings.extend(last)
    allocator = run.allocator
    grants = allocator.grants
    total_cost = dossier.action.costs.total
    remaining = total_cost - allocator.funded()
    remaining_trainee = min(allocator.left[CostCategory.PEDAGOGICAL], funded_cents(trainee_pays))
    uncertain = [g.claim for g in grants if g.claim.indicative]
    remaining_range = None
    if uncertain:
        indicative = True
        top = min(_top_of_ranges(grants), total_cost)
        remaining_range = MoneyRange.trusted(low=max(ZERO, total_cost - top), high=remaining)
        warnings.append(_indicative_notice(remaining_range, data, uncertain))
    if _asks_for_nothing(dossier):
        warnings.append(_SCHEMES_ON_REQUEST)
    figures = {
        "as_of": day,
        "ruleset_version": data.ruleset.version,
        "total_cost": total_cost,
        "total_funded": total_cost - remaining,
        "remaining_cost": remaining,
        "remaining_employer": remaining - remaining_trainee,
        "remaining_trainee": remaining_trainee,
        "remaining_cost_range": remaining_range,
        "indicative": indicative,
    }
    if detail == "summary":
        return _summary(figures, context, grants, tuple(decisions), tuple(aids), warnings)
    # Words on demand: the explanatory fields are built from the facts when first read.
    figures["opco"] = context.opco
    return FundingEstimate.deferred(
        figures, _Words(allocator, tuple(decisions), tuple(aids), warnings)
    )


class _Words:
    """The facts an estimate's explanatory fields are built from, on first read, in
    formafin's decimal context (never the host's: the words format amounts)."""

    __slots__ = ("aids", "allocator", "decisions", "warnings")

    names = frozenset({"lines", "decisions", "categories", "aids", "warnings"})

    def __init__(
        self,
        allocator: Allocator,
        decisions: tuple[Decision | DecisionFact, ...],
        aids: tuple[Aid | AidFact, ...],
        warnings: list[Notice | NoticeFact],
    ) -> None:
        self.allocator = allocator
        self.decisions = decisions
        self.aids = aids
        self.warnings = warnings

    def build(self, names: Iterable[str]) -> dict[str, Any]:
        """The fields ``names``, built now."""
        with money_context():
            return {name: _BUILDERS[name](self) for name in names}


_BUILDERS: dict[str, Callable[[_Words], Any]] = {
    "lines": lambda words: words.allocator.lines(),
    "decisions": lambda words: tuple(built(d) for d in words.decisions),
    "categories": lambda words: words.allocator.totals(),
    "aids": lambda words: tuple(built(a) for a in words.aids),
    "warnings": lambda words: tuple(built(n) for n in _once(words.warnings)),
}


def _summary(
    figures: dict[str, Any],
    context: RuleContext,
    grants: Sequence[Grant],
    decisions: tuple[Decision | DecisionFact, ...],
    aids: tuple[Aid | AidFact, ...],
    warnings: list[Notice | NoticeFact],
) -> FundingSummary:
    """Numbers and codes only: no funding line, total or sentence is built. Every field is
    set in declaration order (:meth:`~formafin.sources.FrozenModel.of_state`)."""
    return FundingSummary.of_state(
        {
            "as_of": figures["as_of"],
            "ruleset_version": figures["ruleset_version"],
            "opco": context.opco.opco,
            "lines": tuple(
                [
                    LineSummary.of_state(
                        {
                            "scheme": g.claim.scheme,
                            "category": g.claim.category,
                            "payer": g.claim.payer,
                            "amount": g.amount,
                            "indicative": g.claim.indicative,
                        }
                    )
                    for g in grants
                ]
            ),
            "decisions": tuple([_decision_summary(d) for d in decisions]),
            "total_cost": figures["total_cost"],
            "total_funded": figures["total_funded"],
            "remaining_cost": figures["remaining_cost"],
            "remaining_employer": figures["remaining_employer"],
            "remaining_trainee": figures["remaining_trainee"],
            "remaining_cost_range": figures["remaining_cost_range"],
            "indicative": figures["indicative"],
            "aids": tuple(
                [
                    AidSummary.of_state(
                        {"scheme": a.scheme, "eligible": a.eligible, "amount": a.amount}
                    )
                    for a in aids
                ]
            ),
            "warnings": _warning_codes(warnings),
        }
    )


_DECISION_SUMMARIES: dict[tuple[object, object, tuple[str, ...]], DecisionSummary] = {}


def _decision_summary(decision: Decision | DecisionFact) -> DecisionSummary:
    """The summary of a decision: frozen, and the same few (scheme, status, reasons) come back
    in every estimate, so each is built once (a bounded memo)."""
    scheme, status, reasons = key = decision.scheme, decision.status, reason_codes(decision)
    found = _DECISION_SUMMARIES.get(key)
    if found is None:
        found = DecisionSummary.of_state({"scheme": scheme, "status": status, "reasons": reasons})
        if len(_DECISION_SUMMARIES) >= CACHE_ENTRIES:
            _DECISION_SUMMARIES.clear()
        _DECISION_SUMMARIES[key] = found
    return found


def _warning_codes(warnings: list[Notice | NoticeFact]) -> tuple[str, ...]:
    """The codes of the notices without repeats (:func:`_once`); when no code repeats, no
    notice repeats, and their words need not be compared."""
    codes = tuple([n.code for n in warnings])
    if len(set(codes)) == len(codes):
        return codes
    return tuple([n.code for n in _once(warnings)])


def _context(
    dossier: Dossier, day: date, bareme_choice: Bareme | str | None, data: RuleData, run: Run
) -> tuple[RuleContext, list[Notice | NoticeFact]]:
    """What every rule reads: the date checked against the rules' coverage, the OPCO, the
    barème (the caller's, the one in force, or the last known); and the first warnings."""
    ruleset = data.ruleset
    if day < ruleset.covers_from:
        raise UnsupportedDateError(
            f"as_of = {day:%d/%m/%Y} : les règles livrées couvrent les dossiers à partir du "
            f"{ruleset.covers_from:%d/%m/%Y} (réforme de la loi n° 2018-771)."
        )
    warnings: list[Notice | NoticeFact] = []
    if day > ruleset.verified_until:
        warnings.append(
            notice(
                "RULES_NOT_VERIFIED_AT_DATE",
                Text("estimate.rules_not_verified", verified_until=ruleset.verified_until, day=day),
            )
        )
    company = dossier.company
    resolution = _resolve_opco(company.idcc, company.naf, company.opco)
    warnings.extend(resolution.notices)
    chosen = data.bareme(bareme_choice) if isinstance(bareme_choice, str) else bareme_choice
    bareme = chosen if chosen is not None and chosen.kind == "plan_under_50" else None
    last_known = None
    if bareme is None and resolution.opco is not None:
        idcc = resolution.idcc_used.split("/")[0] if resolution.idcc_used else None
        bareme, last_known = _baremes(resolution.opco, idcc, day, data)
    context = RuleContext(
        dossier=dossier,
        day=day,
        data=data,
        opco=resolution,
        bareme=bareme,
        last_known_bareme=last_known,
        bareme_from_caller=chosen is not None and bareme is chosen,
        caller_bareme=chosen,
        **run.views(),
    )
    return context, warnings


@lru_cache(maxsize=CACHE_ENTRIES)
def _resolve_opco(idcc: str | None, naf: str | None, opco: OpcoId | None) -> OpcoResolution:
    """:func:`resolve_opco`, remembered: a frozen answer from frozen tables."""
    from formafin.rules.opco_resolution import resolve_opco

    return resolve_opco(idcc, naf=naf, opco=opco)


@lru_cache(maxsize=CACHE_ENTRIES)
def _baremes(
    opco: OpcoId, idcc: str | None, day: date, data: RuleData
) -> tuple[Bareme | None, Bareme | None]:
    """The barème in force, else the last known one, remembered per branch and date."""
    from formafin.rules.bareme_selection import select_bareme, select_last_known_bareme

    bareme = select_bareme(opco, idcc, day, data)
    last_known = None if bareme is not None else select_last_known_bareme(opco, idcc, day, data)
    return bareme, last_known


_SHOWN_FIRST = {scheme: index for index, scheme in enumerate(SHIPPED)}


def _display_order(outcomes: dict[str, SchemeOutcome]) -> tuple[str, ...]:
    """Shipped schemes in their usual order (plan, CPF, Pro-A…), then the others as run;
    remembered per sequence of schemes (the same few come back in every estimate)."""
    schemes = tuple(outcomes)
    found = _DISPLAY_ORDERS.get(schemes)
    if found is None:
        ranked = [(_SHOWN_FIRST.get(s, len(_SHOWN_FIRST)), i) for i, s in enumerate(schemes)]
        found = tuple([schemes[i] for _, i in sorted(ranked)])
        if len(_DISPLAY_ORDERS) >= CACHE_ENTRIES:
            _DISPLAY_ORDERS.clear()
        _DISPLAY_ORDERS[schemes] = found
    return found


_DISPLAY_ORDERS: dict[tuple[str, ...], tuple[str, ...]] = {}


_REQUEST_FIELDS = tuple(dict.fromkeys(f for fields in REQUESTED_BY.values() for f in fields))
"""The dossier fields that ask for a scheme evaluated on request (the registry's list)."""


def _asks_for_nothing(dossier: Dossier) -> bool:
    """Whether no field asks for a scheme evaluated on request (a loop: every estimate)."""
    for field in _REQUEST_FIELDS:  # noqa: SIM110
        if getattr(dossier, field) is not None:
            return False
    return True


_SCHEMES_ON_REQUEST = notice("SCHEMES_ON_REQUEST", Text("estimate.schemes_on_request"))


def _top_of_ranges(grants: Sequence[Grant]) -> Decimal:
    """What the grants would fund with every indicative line at the top of its range (its
    granted amount if higher): the remaining cost's low bound is the cost minus this."""
    return sum((max(g.amount, g.high) if g.claim.indicative else g.amount for g in grants), ZERO)


_OPCO_SCHEMES = frozenset({SchemeId.OPCO_PLAN, SchemeId.OPCO_50_299})


def _indicative_notice(
    remaining_range: MoneyRange, data: RuleData, uncertain: list[Claim]
) -> NoticeFact:
    """The range of the remaining cost, and what would make it exact: the OPCO's barème when
    an OPCO amount is uncertain; the funder's own decision otherwise (France Travail's AIF),
    with the sources of the uncertain lines."""
    if any(claim.scheme in _OPCO_SCHEMES for claim in uncertain):
        advice = Text("estimate.advice.opco_bareme")
        references: tuple[Reference, ...] = (data.reference("d6332_39"),)
    else:
        advice = Text("estimate.advice.case_by_case")
        references = tuple(dict.fromkeys(r for claim in uncertain for r in claim.references))
    text = Text("estimate.indicative_range", low=remaining_range.low, high=remaining_range.high)
    return notice("INDICATIVE_AMOUNTS", (text, advice), references)


def _once(notices: list[Notice | NoticeFact]) -> list[Notice | NoticeFact]:
    """The notices without repeats: several schemes run the same check (Qualiopi, dates)
    and would otherwise each add the same notice. Two notices are the same when their code,
    scheme and facts (their words' message ids and arguments) are: no sentence is rendered
    to tell."""
    seen: set[tuple[str, object, str | None]] = set()
    kept: list[Notice | NoticeFact] = []
    for item in notices:
        words = item.text if isinstance(item, NoticeFact) else item.message
        key = (item.code, words, item.scheme)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
