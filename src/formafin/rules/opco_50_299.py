"""OPCO envelopes of the companies of 50 to 299 employees, on conventional or voluntary funds.

Since the 2018 reform the OPCO's mutualised legal funds pay the plan of the companies under
50 only: L6332-17 funds the plan « au titre de la section financière [...] relative aux
actions concourant au développement des compétences au bénéfice des entreprises de moins de
cinquante salariés ». From 50 employees (the annual average of L130-1 I CSS, L6332-1 A) the
OPCO funds a company only from the « contributions supplémentaires » of L6332-1-2, « versées
soit en application d'un accord professionnel national [...] et mutualisées dès réception par
l'organisme au sein des branches concernées, soit sur une base volontaire par l'entreprise ».
The branch's board sets their criteria: a barème of kind ``plan_50_299``.

Requested when the headcount lies in [``plan.headcount_threshold``,
``plan_50_299.headcount_ceiling``[ (50 to 299.99). Conditions checked, all at once: an OPCO
known; not an apprenticeship action; Qualiopi (L6316-1: every provider « financé par un
opérateur de compétences »); the request before the start with the OPCO's lead time; the
barème's minimum duration; a barème known for the OPCO and branch, covering the company's
size — otherwise ``needs_input``, never zero. Amounts: pedagogical costs within the barème's
rule, its share (« 50 % ») and the annual envelope of the size band, minus what the company
already used; pay and annex costs only where the barème funds them; an unknown figure or an
envelope that is only a minimum (« sans être inférieur à ») gives an indicative range. An
outdated barème of the branch (last known) only gives the high bound of a flagged range whose
counted amount is zero: unlike the legal plan, which the OPCO « finance » every year
(L6332-17), an envelope exists only while a branch agreement and the board keep it (the OPCO
« peut » manage these contributions, L6332-1-2), so an old one proves nothing about today;
its conditions (lead time, minimum duration) are not enforced.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from formafin.baremes import Bareme, BaremeKind
from formafin.data import RuleData, idcc_tables, rule_data
from formafin.facts import CheckFact, NoticeFact, Text, Words, check, for_scheme, notice
from formafin.limits import CACHE_ENTRIES
from formafin.models import Dossier, OpcoId, QualiopiCategory
from formafin.money import ZERO
from formafin.result import (
    COST_CATEGORIES,
    CostCategory,
    OpcoResolution,
    ParameterUsed,
    Payer,
    SchemeId,
)
from formafin.rules.bareme_selection import select_bareme, select_last_known_bareme
from formafin.rules.base import RuleContext
from formafin.rules.opco_plan import (
    _CATEGORY_WORDS,
    _annex_caps,
    _band_label,
    _compute,
    _joined,
    _lead_time_check,
    _opco_check,
    _Terms,
    min_duration_check,
    rule_cap,
)
from formafin.rules.outcome import Claim, SchemeOutcome, decide, parameter_used
from formafin.rules.plan_notices import (
    bareme_notes,
    bareme_period,
    bareme_source,
    chosen_bareme_notices,
    source_notices,
)
from formafin.rules.qualiopi import check_qualiopi
from formafin.sources import Reference, SourceStatus

__all__ = ["RULE", "Opco50To299Rule", "evaluate_opco_50_299", "in_50_299_range"]

SCHEME = SchemeId.OPCO_50_299
KIND = BaremeKind.PLAN_50_299

# Checks whose failure means "the caller must supply something", not "not eligible".
_NEEDS_INPUT = frozenset(
    {
        "OPCO_CHOICE_REQUIRED",
        "OPCO_UNKNOWN",
        "BAREME_50_299_UNKNOWN",
        "BAREME_50_299_SIZE_NOT_COVERED",
    }
)


def _bounds(data: RuleData, day: date) -> tuple[Decimal, Decimal, tuple[ParameterUsed, ...]]:
    """The range [L6332-17 threshold, the OPCOs' « 299 »] on ``day``, with its traces."""
    low, low_used = parameter_used(data, "plan.headcount_threshold", day)
    high, high_used = parameter_used(data, "plan_50_299.headcount_ceiling", day)
    return low, high, (low_used, high_used)


def in_50_299_range(headcount: Decimal, data: RuleData, day: date) -> bool:
    """Whether a company of ``headcount`` (annual average, L6332-1 A) is in the 50-299 range."""
    low, high, _ = _bounds(data, day)
    return low <= headcount < high


def evaluate_opco_50_299(
    dossier: Dossier,
    as_of: date,
    resolution: OpcoResolution,
    bareme: Bareme | None,
    data: RuleData,
    *,
    last_known: Bareme | None = None,
) -> SchemeOutcome:
    """Decide and compute the 50-299 envelope of ``dossier`` under the rules of ``as_of``.

    ``bareme`` is the envelope's barème in force (kind ``plan_50_299``) or the caller's;
    ``last_known`` (used only when ``bareme`` is None) the latest one of the branch that ended
    before ``as_of``: its amounts become a flagged estimate.
    """
    company, action = dossier.company, dossier.action
    refs = (data.reference("l6332_1_2"), data.reference("l6332_17"))
    low, high, used = _bounds(data, as_of)
    checks: list[CheckFact] = [_headcount_check(company.headcount, low, high, data)]
    notices: list[NoticeFact] = []

    checks.append(_opco_check(resolution))
    if action.category is QualiopiCategory.APPRENTISSAGE:
        text = Text("opco_50_299.category_not_plan")
        checks.append(check("CATEGORY_NOT_PLAN", False, text, (data.reference("l6332_1_3"),)))
    qualiopi, qualiopi_notices = check_qualiopi(
        dossier.provider, action.category, action.start, as_of, data
    )
    checks.append(qualiopi)
    notices.extend(qualiopi_notices)
    lead_used: list[ParameterUsed] = []
    checks.append(_lead_time_check(dossier, resolution, bareme, as_of, data, lead_used))
    used += tuple(lead_used)
    if bareme is not None and bareme.min_action_hours is not None:
        checks.append(min_duration_check(action.hours, bareme.min_action_hours, bareme))
    applied = bareme if bareme is not None else last_known
    if resolution.opco is not None and applied is None:
        checks.append(_unknown_check(resolution, refs))
    if (
        applied is not None
        and applied.annual_caps
        and applied.band(applied.annual_caps, company.headcount) is None
    ):
        checks.append(_size_not_covered(applied, company.headcount))

    bareme_id = applied.id if applied is not None else None
    if applied is None or any(not check.met for check in checks):
        decision = decide(SCHEME, checks, refs, needs_input=_NEEDS_INPUT, bareme_id=bareme_id)
        return SchemeOutcome(decision=decision, notices=tuple(notices))

    outdated = bareme is None
    claims, claim_notices = _claims(dossier, applied, outdated, refs, used)
    notices.extend(claim_notices)
    notices.extend(_bareme_notices(applied, outdated, as_of, company.headcount, refs))
    decision = decide(
        SCHEME,
        checks,
        refs,
        bareme_id=bareme_id,
        indicative=outdated or any(claim.indicative for claim in claims),
    )
    return SchemeOutcome(decision=decision, claims=claims, notices=tuple(notices))


def _headcount_check(headcount: Decimal, low: Decimal, high: Decimal, data: RuleData) -> CheckFact:
    refs = (
        data.reference("l6332_17"),
        data.reference("l6332_1_a"),
        data.reference("l130_1"),
        data.reference("l6332_1_2"),
    )
    if low <= headcount < high:
        text = Text("opco_50_299.headcount_in", headcount=headcount, low=low, high=high)
        return check("HEADCOUNT_50_TO_299", True, text, refs)
    text = Text("opco_50_299.headcount_outside", headcount=headcount, low=low, high=high)
    return check("HEADCOUNT_OUTSIDE_50_299", False, text, refs)


def _unknown_check(resolution: OpcoResolution, refs: tuple[Reference, ...]) -> CheckFact:
    opco: Words = (
        idcc_tables().opco_names[resolution.opco]
        if resolution.opco is not None
        else Text("opco_50_299.the_opco")
    )
    return check("BAREME_50_299_UNKNOWN", False, Text("opco_50_299.unknown", opco=opco), refs)


def _size_not_covered(bareme: Bareme, headcount: Decimal) -> CheckFact:
    text = Text("opco_50_299.size_not_covered", id=bareme.id, headcount=headcount)
    return check("BAREME_50_299_SIZE_NOT_COVERED", False, text, bareme.references)


def _pedagogical_caps(
    bareme: Bareme, dossier: Dossier, basis: list[Words]
) -> tuple[Decimal | None, Decimal | None]:
    """Low and high caps on the pedagogical costs (None: the cost itself)."""
    action = dossier.action
    trainees = Decimal(len(dossier.trainees))
    low: Decimal | None
    high: Decimal | None
    rule = bareme.pedagogical_rule(action.category, action.qualifying, action.hours)
    if rule is not None:
        cap, text = rule_cap(rule, action.hours, trainees)
        low = high = cap
        basis.append(text)
    elif bareme.pedagogical_at_actual_cost:
        low = high = None
        basis.append(Text("opco_plan.basis.actual_cost"))
    else:
        low, high = ZERO, None
        basis.append(Text("opco_50_299.basis.rule_unknown"))
    share = bareme.pedagogical_share
    if share is not None:
        part = share * action.costs.pedagogical
        basis.append(
            Text(
                "opco_50_299.basis.share",
                percent=share * 100,
                cost=action.costs.pedagogical,
                part=part,
            )
        )
        low = part if low is None else min(low, part)
        high = part if high is None else min(high, part)
    return low, high


def _annual_caps(
    bareme: Bareme, dossier: Dossier, basis: list[Words]
) -> tuple[Decimal | None, Decimal | None]:
    """Low and high remaining envelope for the year (None: uncapped)."""
    company = dossier.company
    if any(theme in bareme.out_of_cap_themes for theme in dossier.action.themes):
        basis.append(Text("opco_50_299.basis.out_of_cap_theme"))
        return None, None
    band = bareme.band(bareme.annual_caps, company.headcount)
    if band is None:  # no annual cap in the barème (a missing band is refused earlier)
        return None, None
    used = company.opco_plan_used
    if band.amount is None:
        basis.append(Text("opco_50_299.basis.envelope_unknown", band=_band_label(band)))
        return ZERO, None
    available = max(ZERO, band.amount - used)
    text = Text(
        "opco_50_299.basis.envelope",
        band=_band_label(band),
        amount=band.amount,
        used=used,
        available=available,
    )
    if bareme.annual_cap_is_floor:
        basis.append((text, Text("opco_50_299.basis.envelope_minimum")))
        return available, None
    basis.append(text)
    return available, available


def _salary_caps(
    bareme: Bareme, dossier: Dossier, basis: list[Words]
) -> tuple[Decimal, Decimal | None]:
    band = bareme.band(bareme.salary, dossier.company.headcount)
    if band is None:
        basis.append(Text("opco_50_299.basis.salary_not_funded"))
        return ZERO, ZERO
    if band.amount is None:
        basis.append(Text("opco_50_299.basis.salary_rule_unknown"))
        return ZERO, None
    trainees = Decimal(len(dossier.trainees))
    hours = dossier.action.hours
    cap = band.amount * hours * trainees
    basis.append(
        Text(
            "opco_plan.basis.per_trainee_hour",
            amount=band.amount,
            hours=hours,
            trainees=trainees,
            cap=cap,
        )
    )
    return cap, cap


def _annex_caps_for(
    bareme: Bareme, dossier: Dossier, basis: list[Words], notices: list[NoticeFact]
) -> tuple[Decimal, Decimal | None]:
    rule = bareme.annex
    if rule.funded is False:
        basis.append(Text("opco_plan.basis.annex_not_funded"))
        return ZERO, ZERO
    if rule.funded is None:
        basis.append(Text("opco_50_299.basis.annex_rule_unknown"))
        return ZERO, None
    found: list[NoticeFact] = []
    low, high = _annex_caps(rule, dossier, basis, found)
    notices.extend(for_scheme(notice, SCHEME) for notice in found)
    return low, high


def _claims(
    dossier: Dossier,
    bareme: Bareme,
    outdated: bool,
    refs: tuple[Reference, ...],
    used: tuple[ParameterUsed, ...],
) -> tuple[tuple[Claim, ...], list[NoticeFact]]:
    """The claims under ``bareme`` (flagged when it is outdated) and their notices."""
    costs = dossier.action.costs
    bases: dict[CostCategory, list[Words]] = {c: [] for c in COST_CATEGORIES}
    notices: list[NoticeFact] = []
    pedagogical = _pedagogical_caps(bareme, dossier, bases[CostCategory.PEDAGOGICAL])
    annual = _annual_caps(bareme, dossier, bases[CostCategory.PEDAGOGICAL])
    salary = _salary_caps(bareme, dossier, bases[CostCategory.SALARY])
    annex = _annex_caps_for(bareme, dossier, bases[CostCategory.ANNEX], notices)
    low = _compute(dossier, _Terms(pedagogical[0], annual[0], salary[0], annex[0]), bareme)
    high = _compute(dossier, _Terms(pedagogical[1], annual[1], salary[1], annex[1]), bareme)
    claims: list[Claim] = []
    for category, cost in (
        (CostCategory.PEDAGOGICAL, costs.pedagogical),
        (CostCategory.SALARY, costs.salary),
        (CostCategory.ANNEX, costs.annex),
    ):
        if cost <= 0:
            continue
        if high[category] == 0:
            why = _joined(bases[category]) or Text("opco_50_299.envelope_used_up")
            text = Text("opco_50_299.category_not_funded", words=_CATEGORY_WORDS[category], why=why)
            notices.append(
                notice("CATEGORY_NOT_FUNDED", text, (*refs, *bareme.references), scheme=SCHEME)
            )
            continue
        counted, bound = low[category], high[category]
        if outdated:
            # Nothing counted; what the old barème surely gave is the high bound, and a
            # figure it did not know (rule unread, envelope above a minimum) adds nothing.
            counted, bound = ZERO, low[category]
            if bound == 0:
                continue
        claims.append(
            Claim(
                scheme=SCHEME,
                category=category,
                payer=Payer.OPCO,
                low=counted,
                high=bound,
                basis=_joined(bases[category]),
                explanation=_explanation(category, bareme, outdated, counted, bound),
                parameters=used if category is CostCategory.PEDAGOGICAL else (),
                references=(*refs, *bareme.references),
                bareme_id=bareme.id,
                flagged=outdated,
            )
        )
    return tuple(claims), notices


_STATUS_WORDS: dict[SourceStatus, Words] = {
    SourceStatus.PRIMARY: Text("opco_plan.status.primary"),
    SourceStatus.SECONDARY: Text("opco_plan.status.secondary"),
    SourceStatus.CALLER: Text("opco_plan.status.caller"),
}


def _explanation(
    category: CostCategory, bareme: Bareme, outdated: bool, low: Decimal, high: Decimal
) -> Words:
    status = _STATUS_WORDS.get(bareme.status, str(bareme.status))
    text = Text(
        "opco_50_299.explanation",
        words=_CATEGORY_WORDS[category],
        branch=bareme.branch,
        status=status,
    )
    if outdated:
        period = bareme_period(bareme)
        return (text, Text("opco_50_299.explanation_outdated", period=period))
    if low != high:
        return (text, Text("opco_50_299.explanation_unknown_figure"))
    return text


def _bareme_notices(
    bareme: Bareme, outdated: bool, day: date, headcount: Decimal, refs: tuple[Reference, ...]
) -> list[NoticeFact]:
    """Which barème, from where, its reservations, its minimum, and the available funds."""
    notices: list[NoticeFact] = []
    if outdated:
        text = Text(
            "opco_50_299.last_known",
            day=day,
            branch=bareme.branch,
            period=bareme_period(bareme),
            where=bareme_source(bareme),
        )
        notices.append(
            notice("BAREME_LAST_KNOWN", text, (*bareme.references, *refs), scheme=SCHEME)
        )
    notices += bareme_notes(bareme, headcount, SCHEME)
    notices += source_notices(bareme, SCHEME)
    if bareme.annual_cap_is_floor:
        text = Text("opco_50_299.envelope_minimum")
        notices.append(notice("ENVELOPE_MINIMUM", text, bareme.references, scheme=SCHEME))
    if bareme.within_available_funds:
        text = Text("opco_50_299.within_available_funds")
        references = (*bareme.references, *refs)
        notices.append(notice("WITHIN_AVAILABLE_FUNDS", text, references, scheme=SCHEME))
    return notices


class Opco50To299Rule:
    """The OPCO envelope of the companies of 50 to 299 employees (L6332-1-2)."""

    scheme = SchemeId.OPCO_50_299
    name = "L'enveloppe des entreprises de 50 à 299 salariés (C. trav. L6332-1-2)"

    def requested(self, dossier: Dossier) -> bool:
        """Concerns every dossier of a company of 50 to 299 employees (average of L130-1 I
        CSS); the bounds have one value since 2019, read at the training's start."""
        data = rule_data()
        day = max(dossier.action.start, data.ruleset.covers_from)
        return in_50_299_range(dossier.company.headcount, data, day)

    def evaluate(self, context: RuleContext) -> SchemeOutcome | None:
        """See :func:`evaluate_opco_50_299`: the barème is the caller's when it is of the
        ``plan_50_299`` kind, else the envelope of the OPCO and branch selected by kind."""
        if not in_50_299_range(context.dossier.company.headcount, context.data, context.day):
            return None
        bareme, last_known, chosen = _envelope_bareme(context)
        outcome = evaluate_opco_50_299(
            context.dossier,
            context.day,
            context.opco,
            bareme,
            context.data,
            last_known=last_known,
        )
        if not chosen or bareme is None:
            return outcome
        notices = [
            for_scheme(notice, SCHEME)
            for notice in chosen_bareme_notices(bareme, context.opco.opco, context.day)
        ]
        return SchemeOutcome(
            decision=outcome.decision,
            claims=outcome.claims,
            notices=(*notices, *outcome.notices),
            aids=outcome.aids,
        )


def _envelope_bareme(context: RuleContext) -> tuple[Bareme | None, Bareme | None, bool]:
    """The envelope's barème, the last known one, and whether the caller chose it."""
    chosen = context.caller_bareme
    if chosen is not None and chosen.kind is KIND:
        return chosen, None, True
    opco = context.opco.opco
    if opco is None:
        return None, None, False
    idcc = context.opco.idcc_used.split("/")[0] if context.opco.idcc_used else None
    bareme, last_known = _shipped_envelope(opco, idcc, context.day, context.data)
    return bareme, last_known, False


@lru_cache(maxsize=CACHE_ENTRIES)
def _shipped_envelope(
    opco: OpcoId, idcc: str | None, day: date, data: RuleData
) -> tuple[Bareme | None, Bareme | None]:
    """The envelope's barème in force, else the last known one, remembered per branch and
    date (frozen answers from frozen data)."""
    bareme = select_bareme(opco, idcc, day, data, KIND)
    if bareme is not None:
        return bareme, None
    return None, select_last_known_bareme(opco, idcc, day, data, KIND)


RULE = Opco50To299Rule()
