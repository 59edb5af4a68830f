"""OPCO funding of the plan de développement des compétences, companies under 50 employees.

L6332-17 1°: the OPCO's "moins de cinquante salariés" section (L6332-3 2°) funds the
pedagogical costs of plan training, the trainee's pay and annex costs. D6332-39: pay is
capped at the hourly SMIC per training hour; annex costs are transport, meals, lodging; the
OPCO board sets priorities, criteria and caps (the *barème*). Headcount is the annual
average of L130-1 I CSS (L6332-1 A), without the five-year smoothing.

Conditions checked (all of them, so a user sees every problem at once): headcount below the
threshold; an OPCO known; an action of a category the plan funds; the Qualiopi gate;
the request filed before the start with the OPCO's lead time; the barème's minimum duration.
Amounts: pedagogical costs within the barème's hourly rule and annual company cap, salary
at the barème's hourly rate and never above the SMIC, annex costs only where the barème
funds them. Where the barème is unknown, an indicative range, flagged, never an exact figure.
Where only an outdated barème of the branch is known (``last_known``), its amounts are used,
flagged indicative, with the range computed without barème kept beside them; its conditions
(lead time, minimum duration) are not applied, since they may have changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from formafin.baremes import AnnexRule, Bareme, CapScope, PedagogicalRule, SizeBandAmount
from formafin.data import RuleData
from formafin.facts import CheckFact, NoticeFact, Text, Words, check, notice
from formafin.lookup import value_on
from formafin.models import Dossier, QualiopiCategory
from formafin.money import ZERO
from formafin.result import (
    COST_CATEGORIES,
    CostCategory,
    DecisionStatus,
    Notice,
    OpcoResolution,
    ParameterUsed,
    Payer,
    ResolutionMethod,
    SchemeId,
)
from formafin.rules.base import RuleContext
from formafin.rules.outcome import Claim, SchemeOutcome, decide, parameter_used
from formafin.rules.plan_notices import (
    bareme_notices,
    bareme_period,
    chosen_bareme_notices,
    last_known_notices,
)
from formafin.rules.qualiopi import check_qualiopi
from formafin.sources import Reference, SourceStatus

__all__ = ["RULE", "OpcoPlanRule", "evaluate_opco_plan", "min_duration_check"]

SCHEME = SchemeId.OPCO_PLAN

# Checks whose failure means "the caller must supply something", not "not eligible".
_NEEDS_INPUT = frozenset({"OPCO_CHOICE_REQUIRED", "OPCO_UNKNOWN"})


@dataclass(frozen=True)
class _Terms:
    """Caps for one scenario (low or high); None means uncapped."""

    pedagogical: Decimal | None
    annual: Decimal | None
    salary: Decimal | None
    annex: Decimal | None


def evaluate_opco_plan(
    dossier: Dossier,
    as_of: date,
    resolution: OpcoResolution,
    bareme: Bareme | None,
    data: RuleData,
    *,
    last_known: Bareme | None = None,
) -> SchemeOutcome:
    """Decide and compute the OPCO plan funding of ``dossier`` under the rules of ``as_of``.

    ``last_known`` (used only when ``bareme`` is None) is the latest barème of the branch that
    ended before ``as_of``: its amounts become an indicative estimate.
    """
    company, action = dossier.company, dossier.action
    section_refs = (data.reference("l6332_17"), data.reference("l6332_3"))
    refs = (*section_refs, data.reference("d6332_39"))
    checks: list[CheckFact] = []
    notices: list[NoticeFact] = []
    used: list[ParameterUsed] = []

    threshold, threshold_used = parameter_used(data, "plan.headcount_threshold", as_of)
    used.append(threshold_used)
    headcount_refs = (data.reference("l6332_1_a"), data.reference("l130_1"))
    headcount = company.headcount
    if headcount < threshold:
        text = Text("opco_plan.headcount_under", headcount=headcount, threshold=threshold)
        checks.append(check("HEADCOUNT_UNDER_THRESHOLD", True, text, headcount_refs))
    else:
        text = Text("opco_plan.headcount_50_or_more", headcount=headcount, threshold=threshold)
        refs_50 = (*section_refs, *headcount_refs)
        checks.append(check("HEADCOUNT_50_OR_MORE", False, text, refs_50))

    checks.append(_opco_check(resolution))

    if action.category is QualiopiCategory.APPRENTISSAGE:
        text = Text("opco_plan.category_not_plan")
        checks.append(check("CATEGORY_NOT_PLAN", False, text, (data.reference("l6332_1_3"),)))

    if action.cse_health_safety:
        checks.append(_cse_check(as_of, data))

    qualiopi, qualiopi_notices = check_qualiopi(
        dossier.provider, action.category, action.start, as_of, data
    )
    checks.append(qualiopi)
    notices.extend(qualiopi_notices)

    checks.append(_lead_time_check(dossier, resolution, bareme, as_of, data, used))

    if bareme is not None and bareme.min_action_hours is not None:
        checks.append(min_duration_check(action.hours, bareme.min_action_hours, bareme))

    if any(not check.met for check in checks):
        decision = decide(
            SCHEME,
            checks,
            refs,
            needs_input=_NEEDS_INPUT,
            bareme_id=bareme.id if bareme else None,
        )
        return SchemeOutcome(decision=decision, notices=tuple(notices))

    if bareme is None and last_known is not None:
        claims, claim_notices = _last_known_claims(dossier, as_of, last_known, data, used, refs)
        indicative = True
    else:
        claims, indicative, claim_notices, not_funded = _claims(
            dossier, as_of, bareme, data, used, refs
        )
        claim_notices += tuple(not_funded.values())
    notices.extend(claim_notices)
    decision = decide(
        SCHEME, checks, refs, bareme_id=bareme.id if bareme else None, indicative=indicative
    )
    return SchemeOutcome(decision=decision, claims=claims, notices=tuple(notices))


def min_duration_check(hours: Decimal, minimum: Decimal, bareme: Bareme) -> CheckFact:
    """The barème's minimum duration of an action (an OPCO board criterion, D6332-39)."""
    if hours >= minimum:
        text = Text("opco_plan.duration_ok", hours=hours, minimum=minimum)
        return check("DURATION_OK", True, text, bareme.references)
    text = Text("opco_plan.below_min_hours", hours=hours, minimum=minimum)
    return check("BELOW_MIN_HOURS", False, text, bareme.references)


def _cse_check(as_of: date, data: RuleData) -> CheckFact:
    """R6332-40 and L6332-1-3 I 4° (from 2022-03-31): health-and-safety training of the CSE
    members, of the référent, of the designated employee, funded by the < 50 section; before,
    "le financement de la formation [...] est pris en charge par l'employeur" (L2315-18)."""
    rule = value_on(data, "plan.cse_health_safety_funded", as_of)
    if rule.value is True:
        text = Text("opco_plan.cse_health_safety")
        return check("CSE_HEALTH_SAFETY_TRAINING", True, text, rule.references)
    text = Text("opco_plan.cse_employer_funded")
    return check("CSE_TRAINING_EMPLOYER_FUNDED", False, text, rule.references)


def _opco_check(resolution: OpcoResolution) -> CheckFact:
    """The OPCO is known (the resolution's own words, said when it was resolved)."""
    if resolution.opco is not None:
        return check("OPCO_KNOWN", True, resolution.message, resolution.references)
    code = (
        "OPCO_CHOICE_REQUIRED"
        if resolution.method is ResolutionMethod.AMBIGUOUS
        else "OPCO_UNKNOWN"
    )
    return check(code, False, resolution.message, resolution.references)


def _lead_time_check(
    dossier: Dossier,
    resolution: OpcoResolution,
    bareme: Bareme | None,
    as_of: date,
    data: RuleData,
    used: list[ParameterUsed],
) -> CheckFact:
    start, submitted = dossier.action.start, dossier.submitted_on
    if bareme is not None and bareme.lead_days is not None:
        lead = bareme.lead_days
        references: tuple[Reference, ...] = bareme.references
    else:
        name = f"plan.lead_days_{resolution.opco.value}" if resolution.opco else ""
        if name not in data.parameters:
            name = "plan.default_lead_days"
        value, trace = parameter_used(data, name, as_of)
        used.append(trace)
        lead = int(value)
        references = trace.references
    if submitted >= start:
        text = Text("opco_plan.request_after_start", submitted=submitted, start=start)
        return check("REQUEST_AFTER_START", False, text, references)
    days = (start - submitted).days
    if days < lead:
        text = Text("opco_plan.lead_time_not_met", days=days, lead=lead)
        return check("LEAD_TIME_NOT_MET", False, text, references)
    text = Text("opco_plan.request_before_start", days=days, lead=lead)
    return check("REQUEST_BEFORE_START", True, text, references)


@dataclass
class _Trace:
    """What the claims of one estimate are built with: the basis texts and parameters per
    category, and the notices, in the order they are found."""

    data: RuleData
    as_of: date
    bases: dict[CostCategory, list[Words]] = field(
        default_factory=lambda: {c: [] for c in COST_CATEGORIES}
    )
    params: dict[CostCategory, list[ParameterUsed]] = field(
        default_factory=lambda: {c: [] for c in COST_CATEGORIES}
    )
    notices: list[NoticeFact] = field(default_factory=list)

    def indicative(self, name: str) -> Decimal:
        """An indicative figure, traced among the pedagogical parameters."""
        value, trace = parameter_used(self.data, name, self.as_of)
        self.params[CostCategory.PEDAGOGICAL].append(trace)
        return value


def _claims(
    dossier: Dossier,
    as_of: date,
    bareme: Bareme | None,
    data: RuleData,
    used: list[ParameterUsed],
    refs: tuple[Reference, ...],
) -> tuple[tuple[Claim, ...], bool, tuple[NoticeFact, ...], dict[CostCategory, NoticeFact]]:
    """Claims under ``bareme`` (or the indicative range), notices, and the "category not
    funded" notices by category."""
    trace = _Trace(data, as_of)
    smic, smic_used = parameter_used(data, "smic.hourly_gross", as_of)
    trace.params[CostCategory.SALARY].append(smic_used)
    pedagogical = _pedagogical_caps(dossier, bareme, trace)
    annual = _annual_caps(dossier, bareme, trace)
    salary = _salary_caps(dossier, bareme, smic, smic_used, trace)
    annex_rule = bareme.annex if bareme else _no_annex_rule()
    bases, notices = trace.bases, trace.notices
    annex_low, annex_high = _annex_caps(annex_rule, dossier, bases[CostCategory.ANNEX], notices)
    if annex_rule.funded is not False:
        annex_low, annex_high = _childcare(
            dossier, annex_low, annex_high, bases[CostCategory.ANNEX], notices, data
        )
    low = _compute(dossier, _Terms(pedagogical[0], annual[0], salary[0], annex_low), bareme)
    high = _compute(dossier, _Terms(pedagogical[1], annual[1], salary[1], annex_high), bareme)
    claims, not_funded = _category_claims(dossier, bareme, low, high, trace, used, refs)
    indicative = any(claim.indicative for claim in claims) or bareme is None
    return claims, indicative, tuple(notices), not_funded


@cache
def _no_annex_rule() -> AnnexRule:
    """Without a barème: the annex costs' default rule (frozen, built once, when first
    needed: the model's validator is built then, not at import)."""
    return AnnexRule()


Caps = tuple[Decimal | None, Decimal | None]
"""A (low, high) pair of caps; None: uncapped."""


def _pedagogical_caps(dossier: Dossier, bareme: Bareme | None, trace: _Trace) -> Caps:
    """The pedagogical cap: the barème's hourly, per-trainee or per-action rule, the actual
    cost, or without barème an indicative hourly range (D6332-39: the board's criteria)."""
    action = dossier.action
    trainees, hours = Decimal(len(dossier.trainees)), action.hours
    bases = trace.bases[CostCategory.PEDAGOGICAL]
    rule = bareme.pedagogical_rule(action.category, action.qualifying, hours) if bareme else None
    if rule is not None:
        cap, text = rule_cap(rule, hours, trainees)
        bases.append(text)
        return cap, cap
    if bareme is not None and bareme.pedagogical_at_actual_cost:
        bases.append(Text("opco_plan.basis.actual_cost"))
        return None, None
    low_rate = trace.indicative("plan.indicative_hourly_low")
    high_rate = trace.indicative("plan.indicative_hourly_high")
    bases.append(
        Text(
            "opco_plan.basis.indicative_hourly",
            low=low_rate,
            high=high_rate,
            hours=hours,
            trainees=trainees,
        )
    )
    return low_rate * hours * trainees, high_rate * hours * trainees


def rule_cap(rule: PedagogicalRule, hours: Decimal, trainees: Decimal) -> tuple[Decimal, Text]:
    """The cap of a barème's pedagogical rule (per trainee-hour within its funded hours, per
    trainee, or per action) and its words; the plan and the 50–299 envelope share it."""
    if rule.per == "trainee_hour":
        funded_hours = min(hours, rule.max_funded_hours) if rule.max_funded_hours else hours
        cap = rule.amount * funded_hours * trainees
        text = Text(
            "opco_plan.basis.per_trainee_hour",
            amount=rule.amount,
            hours=funded_hours,
            trainees=trainees,
            cap=cap,
        )
    elif rule.per == "trainee":
        cap = rule.amount * trainees
        text = Text("opco_plan.basis.per_trainee", amount=rule.amount, trainees=trainees)
    else:
        cap = rule.amount
        text = Text("opco_plan.basis.per_action", amount=rule.amount)
    return cap, Text("opco_plan.basis.labelled", label=rule.label, text=text)


def _annual_caps(dossier: Dossier, bareme: Bareme | None, trace: _Trace) -> Caps:
    """What is left of the company's annual cap (the barème's band for its headcount, or an
    indicative range by size), or None for a theme funded outside the cap."""
    company, action = dossier.company, dossier.action
    bases = trace.bases[CostCategory.PEDAGOGICAL]
    used_so_far = company.opco_plan_used
    if bareme is not None and any(theme in bareme.out_of_cap_themes for theme in action.themes):
        bases.append(Text("opco_plan.basis.out_of_cap_theme"))
        return None, None
    if bareme is not None and not bareme.annual_caps:
        return None, None
    band = bareme.band(bareme.annual_caps, company.headcount) if bareme else None
    if band is not None and band.amount is not None:
        available = max(ZERO, band.amount - used_so_far)
        bases.append(
            Text(
                "opco_plan.basis.annual_cap",
                band=_band_label(band),
                amount=band.amount,
                used=used_so_far,
                available=available,
            )
        )
        return available, available
    small_band, band_trace = parameter_used(trace.data, "plan.small_company_band", trace.as_of)
    size = "under_11" if company.headcount < small_band else "11_49"
    trace.params[CostCategory.PEDAGOGICAL].append(band_trace)
    cap_low = trace.indicative(f"plan.indicative_cap_{size}_low")
    cap_high = trace.indicative(f"plan.indicative_cap_{size}_high")
    bases.append(
        Text("opco_plan.basis.indicative_cap", low=cap_low, high=cap_high, used=used_so_far)
    )
    return max(ZERO, cap_low - used_so_far), max(ZERO, cap_high - used_so_far)


def _salary_caps(
    dossier: Dossier,
    bareme: Bareme | None,
    smic: Decimal,
    smic_used: ParameterUsed,
    trace: _Trace,
) -> tuple[Decimal, Decimal]:
    """The trainees' pay: the barème's hourly rate, certain up to the gross hourly SMIC and
    indicative above it (D6332-39 I); a range up to the SMIC when the rate is unknown."""
    trainees, hours = Decimal(len(dossier.trainees)), dossier.action.hours
    bases = trace.bases[CostCategory.SALARY]
    smic_cap = smic * hours * trainees
    if bareme is None:
        bases.append(
            Text("opco_plan.basis.salary_unknown", smic=smic, hours=hours, trainees=trainees)
        )
        return ZERO, smic_cap
    band = bareme.band(bareme.salary, dossier.company.headcount)
    if band is None:
        bases.append(Text("opco_plan.basis.salary_not_funded"))
        return ZERO, ZERO
    if band.amount is None:
        bases.append(Text("opco_plan.basis.salary_rate_unknown", smic=smic))
        return ZERO, smic_cap
    # D6332-39 I caps "la rémunération et les charges sociales" at "le coût horaire du
    # SMIC": a cost, charges included, that formafin cannot compute. Up to the gross
    # SMIC the rate is certain; above it, up to the barème's rate, indicative
    # (docs/rules/opco-plan.md).
    salary_low = min(band.amount, smic) * hours * trainees
    salary_high = band.amount * hours * trainees
    salary = Text(
        "opco_plan.basis.salary",
        rate=band.amount,
        hours=hours,
        trainees=trainees,
        high=salary_high,
    )
    if band.amount <= smic:
        bases.append(salary)
    else:
        certain = Text("opco_plan.basis.salary_certain", low=salary_low, smic=smic)
        bases.append((salary, certain))
        trace.notices.append(
            notice(
                "SALARY_RATE_ABOVE_GROSS_SMIC",
                Text(
                    "opco_plan.salary_above_smic",
                    rate=band.amount,
                    smic=smic,
                    low=salary_low,
                    high=salary_high,
                ),
                (trace.data.reference("d6332_39"), *smic_used.references),
                scheme=SCHEME,
            )
        )
    return salary_low, salary_high


def _category_claims(
    dossier: Dossier,
    bareme: Bareme | None,
    low: dict[CostCategory, Decimal],
    high: dict[CostCategory, Decimal],
    trace: _Trace,
    used: list[ParameterUsed],
    refs: tuple[Reference, ...],
) -> tuple[tuple[Claim, ...], dict[CostCategory, NoticeFact]]:
    """One claim per funded category; a "not funded" notice for a category with a cost
    that gets nothing."""
    costs, bases, params = dossier.action.costs, trace.bases, trace.params
    status_refs = bareme.references if bareme else ()
    claims = []
    not_funded: dict[CostCategory, NoticeFact] = {}
    for category, cost in (
        (CostCategory.PEDAGOGICAL, costs.pedagogical),
        (CostCategory.SALARY, costs.salary),
        (CostCategory.ANNEX, costs.annex),
    ):
        if high[category] == 0:
            if cost > 0:
                why = _joined(bases[category]) or Text("opco_plan.cap_reached")
                text = Text(
                    "opco_plan.category_not_funded", words=_CATEGORY_WORDS[category], why=why
                )
                not_funded[category] = notice(
                    "CATEGORY_NOT_FUNDED", text, (*refs, *status_refs), scheme=SCHEME
                )
            continue
        claim_params = tuple(params[category]) + (
            tuple(used) if category is CostCategory.PEDAGOGICAL else ()
        )
        claims.append(
            Claim(
                scheme=SCHEME,
                category=category,
                payer=Payer.OPCO,
                low=low[category],
                high=high[category],
                basis=_joined(bases[category]) or "—",
                explanation=_explanation(category, bareme, low[category], high[category]),
                parameters=claim_params,
                references=(*refs, *status_refs),
                bareme_id=bareme.id if bareme else None,
            )
        )
    return tuple(claims), not_funded


def _compute(dossier: Dossier, terms: _Terms, bareme: Bareme | None) -> dict[CostCategory, Decimal]:
    costs = dossier.action.costs
    scope = bareme.annual_cap_scope if bareme else CapScope.ALL
    remaining = terms.annual
    pedagogical = _capped(costs.pedagogical, terms.pedagogical, remaining)
    if remaining is not None:
        remaining -= pedagogical
    shared = remaining if scope is CapScope.ALL else None
    salary = _capped(costs.salary, terms.salary, shared)
    if shared is not None:
        shared -= salary
    annex = _capped(costs.annex, terms.annex, shared)
    return {
        CostCategory.PEDAGOGICAL: pedagogical,
        CostCategory.SALARY: salary,
        CostCategory.ANNEX: annex,
    }


def _capped(cost: Decimal, cap: Decimal | None, remaining: Decimal | None) -> Decimal:
    amount = cost if cap is None else min(cost, cap)
    if remaining is not None:
        amount = min(amount, remaining)
    return max(ZERO, amount)


def _annex_caps(
    rule: AnnexRule, dossier: Dossier, basis: list[Words], notices: list[NoticeFact]
) -> tuple[Decimal, Decimal | None]:
    costs = dossier.action.costs
    if rule.funded is False:
        basis.append(Text("opco_plan.basis.annex_not_funded"))
        return ZERO, ZERO
    if rule.funded is None:
        basis.append(Text("opco_plan.basis.annex_rule_unknown"))
        return ZERO, None
    caps: list[Decimal] = []
    high_unknown = False
    if rule.per_unit:
        detail = dossier.action.annex_detail
        if detail is None:
            high_unknown = True
            text = Text("opco_plan.annex_detail_missing")
            notices.append(notice("ANNEX_DETAIL_MISSING", text, scheme=SCHEME))
            basis.append(Text("opco_plan.basis.annex_detail_missing"))
        else:
            unit_cap = (
                (rule.per_km or ZERO) * detail.km
                + (rule.per_night or ZERO) * detail.nights
                + (rule.per_meal or ZERO) * detail.meals
            )
            caps.append(unit_cap)
            basis.append(Text("opco_plan.basis.annex_per_unit", cap=unit_cap))
    if rule.max_share_of_pedagogical is not None:
        share_cap = rule.max_share_of_pedagogical * costs.pedagogical
        caps.append(share_cap)
        basis.append(
            Text(
                "opco_plan.basis.annex_share",
                percent=rule.max_share_of_pedagogical * 100,
                cap=share_cap,
            )
        )
    if rule.max_per_trainee is not None:
        trainee_cap = rule.max_per_trainee * len(dossier.trainees)
        caps.append(trainee_cap)
        basis.append(Text("opco_plan.basis.annex_per_trainee", amount=rule.max_per_trainee))
    if high_unknown:
        return ZERO, (min(caps) if caps else None)
    return (min(caps) if caps else costs.annex), (min(caps) if caps else None)


def _childcare(
    dossier: Dossier,
    low: Decimal,
    high: Decimal | None,
    basis: list[Words],
    notices: list[NoticeFact],
    data: RuleData,
) -> tuple[Decimal, Decimal | None]:
    """D6332-39 II: "lorsque les formations se déroulent pour tout ou partie en dehors du temps
    de travail, les frais de garde d'enfants ou de parents à charge peuvent également être pris
    en charge selon les modalités définies par le conseil d'administration" (R6332-40 3° alike).

    The barème's annex rule covers transport, meals and lodging; childcare is set apart: not
    funded during working time; outside it, funded per the board's rules, which formafin does
    not know: from 0 to its cost (indicative)."""
    action = dossier.action
    childcare = action.annex_detail.childcare if action.annex_detail else ZERO
    if childcare <= 0:
        return low, high
    others = action.costs.annex - childcare
    low = min(low, others)
    refs = (data.reference("d6332_39"),)
    if not action.outside_working_time:
        basis.append(Text("opco_plan.basis.childcare_excluded", amount=childcare))
        text = Text("opco_plan.childcare_in_working_time", amount=childcare)
        notices.append(notice("CHILDCARE_NOT_FUNDED_IN_WORKING_TIME", text, refs, scheme=SCHEME))
        return low, others if high is None else min(high, others)
    basis.append(Text("opco_plan.basis.childcare_opco_rules", amount=childcare))
    text = Text("opco_plan.childcare_opco_rules", amount=childcare)
    notices.append(notice("CHILDCARE_OPCO_RULES", text, refs, scheme=SCHEME))
    return low, None if high is None else min(high, others) + childcare


def _band_label(band: SizeBandAmount) -> Text:
    if band.max_headcount is None:
        return Text("opco_plan.band.from", low=band.min_headcount)
    if band.min_headcount == 0:
        return Text("opco_plan.band.under", high=band.max_headcount)
    return Text("opco_plan.band.between", low=band.min_headcount, high=band.max_headcount)


def _joined(pieces: list[Words]) -> Words:
    """Basis pieces said one after the other, separated by « ; » (empty: ``""``)."""
    if not pieces:
        return ""
    joined: list[Words] = [pieces[0]]
    for piece in pieces[1:]:
        joined += ("; ", piece)
    return tuple(joined)


_CATEGORY_WORDS = {
    CostCategory.PEDAGOGICAL: Text("opco_plan.category.pedagogical"),
    CostCategory.SALARY: Text("opco_plan.category.salary"),
    CostCategory.ANNEX: Text("opco_plan.category.annex"),
}

_STATUS_WORDS = {
    SourceStatus.PRIMARY: Text("opco_plan.status.primary"),
    SourceStatus.SECONDARY: Text("opco_plan.status.secondary"),
    SourceStatus.CALLER: Text("opco_plan.status.caller"),
    SourceStatus.BELIEVED: Text("opco_plan.status.believed"),
    SourceStatus.INDICATIVE: Text("opco_plan.status.indicative"),
}


def _explanation(
    category: CostCategory, bareme: Bareme | None, low: Decimal, high: Decimal
) -> Words:
    words = _CATEGORY_WORDS[category]
    if bareme is None:
        return Text("opco_plan.explanation.no_bareme", words=words)
    text = Text(
        "opco_plan.explanation.bareme",
        words=words,
        branch=bareme.branch,
        status=_STATUS_WORDS[bareme.status],
    )
    if low != high and category is CostCategory.SALARY and low > 0:
        return (text, Text("opco_plan.explanation.above_smic"))
    if low != high:
        return (text, Text("opco_plan.explanation.unknown_figure"))
    return text


def _last_known_claims(
    dossier: Dossier,
    as_of: date,
    last_known: Bareme,
    data: RuleData,
    used: list[ParameterUsed],
    refs: tuple[Reference, ...],
) -> tuple[tuple[Claim, ...], tuple[NoticeFact, ...]]:
    """Claims computed with an outdated barème, flagged indicative.

    The amount counted (``low``) is the last known barème's; ``high`` is the larger of its
    high bound and the high bound computed without barème, so the range stays beside it.
    """
    known, _, notices, known_not_funded = _claims(dossier, as_of, last_known, data, used, refs)
    blind, _, _, _ = _claims(dossier, as_of, None, data, used, refs)
    by_category = {claim.category: claim for claim in known}
    blind_by_category = {claim.category: claim for claim in blind}
    period = bareme_period(last_known)
    claims = []
    kept_notices = list(notices)
    for category in COST_CATEGORIES:
        old, generic = by_category.get(category), blind_by_category.get(category)
        if old is None and generic is None:
            continue
        if old is None and category in known_not_funded:
            kept_notices.append(known_not_funded[category])
        basis: tuple[Words, ...] = (
            Text("opco_plan.basis.last_known", id=last_known.id, period=period),
            old.basis if old is not None else Text("opco_plan.basis.nothing"),
        )
        if generic is not None:
            basis += (Text("opco_plan.basis.without_bareme", basis=generic.basis),)
        claims.append(
            Claim(
                scheme=SCHEME,
                category=category,
                payer=Payer.OPCO,
                low=old.low if old is not None else ZERO,
                high=max(
                    old.high if old is not None else ZERO,
                    generic.high if generic is not None else ZERO,
                ),
                basis=basis,
                explanation=Text(
                    "opco_plan.explanation.last_known",
                    words=_CATEGORY_WORDS[category],
                    branch=last_known.branch,
                    period=period,
                ),
                parameters=(old.parameters if old is not None else ())
                + (generic.parameters if generic is not None else ()),
                references=(*refs, *last_known.references),
                bareme_id=last_known.id,
                flagged=True,
            )
        )
    return tuple(claims), tuple(kept_notices)


class OpcoPlanRule:
    """The OPCO plan for companies under 50 employees (L6332-17 1°, D6332-39), with the
    notices of its barème."""

    scheme = SchemeId.OPCO_PLAN
    name = "Le plan de développement des compétences"

    def requested(self, dossier: Dossier) -> bool:
        """Always decided: every training action of an employer may belong to its plan."""
        return True

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        """See :func:`evaluate_opco_plan`; adds the notices of the barème applied."""
        bareme, last_known = context.bareme, context.last_known_bareme
        headcount = context.dossier.company.headcount
        notices: list[Notice | NoticeFact] = []
        if context.bareme_from_caller and bareme is not None:
            notices += chosen_bareme_notices(bareme, context.opco.opco, context.day)
        elif context.caller_bareme is not None:
            notices.append(_other_kind_notice(context.caller_bareme, context))
        outcome = evaluate_opco_plan(
            context.dossier, context.day, context.opco, bareme, context.data, last_known=last_known
        )
        notices += outcome.notices
        if outcome.decision.status is DecisionStatus.ELIGIBLE:
            if bareme is None and last_known is not None:
                notices += last_known_notices(last_known, context.day, context.data, headcount)
            else:
                notices += bareme_notices(bareme, context.data, headcount)
        return SchemeOutcome(outcome.decision, outcome.claims, tuple(notices), outcome.aids)


def _other_kind_notice(bareme: Bareme, context: RuleContext) -> NoticeFact:
    """The caller's barème describes another funding (a 50–299 envelope): the plan keeps its
    own barème."""
    text = Text("opco_plan.bareme_other_kind", id=bareme.id, kind=bareme.kind.value)
    return notice("BAREME_OTHER_KIND", text, bareme.references, scheme=SCHEME)


RULE = OpcoPlanRule()
