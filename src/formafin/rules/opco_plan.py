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

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from formafin.baremes import AnnexRule, Bareme, CapScope, SizeBandAmount
from formafin.data import RuleData
from formafin.facts import AnyCheck, AnyNotice, NoticeFact, say
from formafin.models import Dossier, QualiopiCategory
from formafin.money import ZERO, format_eur, format_number
from formafin.result import (
    Check,
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
    checks: list[AnyCheck] = []
    notices: list[AnyNotice] = []
    used: list[ParameterUsed] = []

    threshold, threshold_used = parameter_used(data, "plan.headcount_threshold", as_of)
    used.append(threshold_used)
    headcount_refs = (data.reference("l6332_1_a"), data.reference("l130_1"))
    if company.headcount < threshold:
        checks.append(
            Check.trusted(
                code="HEADCOUNT_UNDER_THRESHOLD",
                met=True,
                message=(
                    f"Effectif moyen de {format_number(company.headcount)} salarié(s), "
                    f"inférieur à {format_number(threshold)} : l'entreprise relève de la section "
                    "« moins de cinquante salariés » de son OPCO."
                ),
                references=headcount_refs,
            )
        )
    else:
        checks.append(
            Check.trusted(
                code="HEADCOUNT_50_OR_MORE",
                met=False,
                message=(
                    f"Effectif moyen de {format_number(company.headcount)} salariés, au moins "
                    f"{format_number(threshold)} : l'OPCO ne finance pas le plan sur fonds "
                    "mutualisés (seulement sur contributions conventionnelles ou volontaires)."
                ),
                references=(*section_refs, *headcount_refs),
            )
        )

    checks.append(_opco_check(resolution))

    if action.category is QualiopiCategory.APPRENTISSAGE:
        checks.append(
            Check.trusted(
                code="CATEGORY_NOT_PLAN",
                met=False,
                message=(
                    "Une action de formation par apprentissage relève du contrat d'apprentissage, "
                    "financé par l'OPCO au niveau de prise en charge, pas du plan."
                ),
                references=(data.reference("l6332_1_3"),),
            )
        )

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


def min_duration_check(hours: Decimal, minimum: Decimal, bareme: Bareme) -> Check:
    """The barème's minimum duration of an action (an OPCO board criterion, D6332-39)."""
    met = hours >= minimum
    return Check.trusted(
        code="DURATION_OK" if met else "BELOW_MIN_HOURS",
        met=met,
        message=(
            f"Durée de {format_number(hours)} h "
            + ("conforme au" if met else "inférieure au")
            + f" minimum de {format_number(minimum)} h du barème."
        ),
        references=bareme.references,
    )


def _cse_check(as_of: date, data: RuleData) -> Check:
    """R6332-40 and L6332-1-3 I 4° (from 2022-03-31): health-and-safety training of the CSE
    members, of the référent, of the designated employee, funded by the < 50 section; before,
    "le financement de la formation [...] est pris en charge par l'employeur" (L2315-18)."""
    rule = data.parameter("plan.cse_health_safety_funded").at(as_of)
    if rule.value is True:
        return Check.trusted(
            code="CSE_HEALTH_SAFETY_TRAINING",
            met=True,
            message=(
                "Formation en santé, sécurité et conditions de travail (CSE, référent, salarié "
                "désigné) : l'OPCO peut prendre en charge les coûts pédagogiques, la "
                "rémunération dans la limite du coût horaire du SMIC et les frais annexes, garde "
                "d'enfants comprise hors du temps de travail (R6332-40), selon ses critères."
            ),
            references=rule.references,
        )
    return Check.trusted(
        code="CSE_TRAINING_EMPLOYER_FUNDED",
        met=False,
        message=(
            "Avant le 31 mars 2022, la formation en santé, sécurité et conditions de travail des "
            "membres du CSE était financée par l'employeur (L2315-18), pas par la section « moins "
            "de cinquante salariés » de l'OPCO."
        ),
        references=rule.references,
    )


def _opco_check(resolution: OpcoResolution) -> Check:
    if resolution.opco is not None:
        return Check.trusted(
            code="OPCO_KNOWN",
            met=True,
            message=resolution.message,
            references=resolution.references,
        )
    code = (
        "OPCO_CHOICE_REQUIRED"
        if resolution.method is ResolutionMethod.AMBIGUOUS
        else "OPCO_UNKNOWN"
    )
    return Check.trusted(
        code=code, met=False, message=resolution.message, references=resolution.references
    )


def _lead_time_check(
    dossier: Dossier,
    resolution: OpcoResolution,
    bareme: Bareme | None,
    as_of: date,
    data: RuleData,
    used: list[ParameterUsed],
) -> Check:
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
        return Check.trusted(
            code="REQUEST_AFTER_START",
            met=False,
            message=(
                f"La demande est déposée le {submitted:%d/%m/%Y}, pas avant le début de la "
                f"formation ({start:%d/%m/%Y}) : l'OPCO ne prend pas en charge une action déjà "
                "commencée."
            ),
            references=references,
        )
    days = (start - submitted).days
    if days < lead:
        return Check.trusted(
            code="LEAD_TIME_NOT_MET",
            met=False,
            message=(
                f"La demande est déposée {days} jour(s) avant le début ; l'OPCO demande "
                f"{lead} jours calendaires."
            ),
            references=references,
        )
    return Check.trusted(
        code="REQUEST_BEFORE_START",
        met=True,
        message=f"Demande déposée {days} jour(s) avant le début (délai requis : {lead} j).",
        references=references,
    )


@dataclass
class _Trace:
    """What the claims of one estimate are built with: the basis texts and parameters per
    category, and the notices, in the order they are found."""

    data: RuleData
    as_of: date
    bases: dict[CostCategory, list[str]] = field(
        default_factory=lambda: {c: [] for c in CostCategory}
    )
    params: dict[CostCategory, list[ParameterUsed]] = field(
        default_factory=lambda: {c: [] for c in CostCategory}
    )
    notices: list[AnyNotice] = field(default_factory=list)

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
) -> tuple[tuple[Claim, ...], bool, tuple[AnyNotice, ...], dict[CostCategory, AnyNotice]]:
    """Claims under ``bareme`` (or the indicative range), notices, and the "category not
    funded" notices by category."""
    trace = _Trace(data, as_of)
    smic, smic_used = parameter_used(data, "smic.hourly_gross", as_of)
    trace.params[CostCategory.SALARY].append(smic_used)
    pedagogical = _pedagogical_caps(dossier, bareme, trace)
    annual = _annual_caps(dossier, bareme, trace)
    salary = _salary_caps(dossier, bareme, smic, smic_used, trace)
    annex_rule = bareme.annex if bareme else AnnexRule()
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
        funded_hours = min(hours, rule.max_funded_hours) if rule.max_funded_hours else hours
        if rule.per == "trainee_hour":
            cap = rule.amount * funded_hours * trainees
            text = (
                f"{format_eur(rule.amount)}/h × {format_number(funded_hours)} h × "
                f"{format_number(trainees)} stagiaire(s) = {format_eur(cap)}"
            )
        elif rule.per == "trainee":
            cap = rule.amount * trainees
            text = f"{format_eur(rule.amount)} × {format_number(trainees)} stagiaire(s)"
        else:
            cap = rule.amount
            text = f"{format_eur(rule.amount)} par action"
        bases.append(f"{rule.label} : {text}")
        return cap, cap
    if bareme is not None and bareme.pedagogical_at_actual_cost:
        bases.append("coûts pédagogiques au réel")
        return None, None
    low_rate = trace.indicative("plan.indicative_hourly_low")
    high_rate = trace.indicative("plan.indicative_hourly_high")
    bases.append(
        f"taux horaire indicatif de {format_eur(low_rate)} à {format_eur(high_rate)}/h × "
        f"{format_number(hours)} h × {format_number(trainees)} stagiaire(s)"
    )
    return low_rate * hours * trainees, high_rate * hours * trainees


def _annual_caps(dossier: Dossier, bareme: Bareme | None, trace: _Trace) -> Caps:
    """What is left of the company's annual cap (the barème's band for its headcount, or an
    indicative range by size), or None for a theme funded outside the cap."""
    company, action = dossier.company, dossier.action
    bases = trace.bases[CostCategory.PEDAGOGICAL]
    used_so_far = company.opco_plan_used
    if bareme is not None and any(theme in bareme.out_of_cap_themes for theme in action.themes):
        bases.append("thème financé hors plafond annuel")
        return None, None
    if bareme is not None and not bareme.annual_caps:
        return None, None
    band = bareme.band(bareme.annual_caps, company.headcount) if bareme else None
    if band is not None and band.amount is not None:
        available = max(ZERO, band.amount - used_so_far)
        bases.append(
            f"plafond annuel {_band_label(band)} : {format_eur(band.amount)}, déjà consommé "
            f"{format_eur(used_so_far)}, disponible {format_eur(available)}"
        )
        return available, available
    small_band, band_trace = parameter_used(trace.data, "plan.small_company_band", trace.as_of)
    size = "under_11" if company.headcount < small_band else "11_49"
    trace.params[CostCategory.PEDAGOGICAL].append(band_trace)
    cap_low = trace.indicative(f"plan.indicative_cap_{size}_low")
    cap_high = trace.indicative(f"plan.indicative_cap_{size}_high")
    bases.append(
        f"plafond annuel indicatif de {format_eur(cap_low)} à {format_eur(cap_high)} "
        f"(déjà consommé {format_eur(used_so_far)})"
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
            f"barème inconnu : de 0 à {format_eur(smic)}/h (SMIC) × {format_number(hours)} h × "
            f"{format_number(trainees)} stagiaire(s)"
        )
        return ZERO, smic_cap
    band = bareme.band(bareme.salary, dossier.company.headcount)
    if band is None:
        bases.append("salaires non pris en charge par le barème")
        return ZERO, ZERO
    if band.amount is None:
        bases.append(
            f"taux du barème inconnu : de 0 à {format_eur(smic)}/h (SMIC horaire, D6332-39)"
        )
        return ZERO, smic_cap
    # D6332-39 I caps "la rémunération et les charges sociales" at "le coût horaire du
    # SMIC": a cost, charges included, that formafin cannot compute. Up to the gross
    # SMIC the rate is certain; above it, up to the barème's rate, indicative
    # (docs/rules/opco-plan.md).
    salary_low = min(band.amount, smic) * hours * trainees
    salary_high = band.amount * hours * trainees
    bases.append(
        f"{format_eur(band.amount)}/h du barème × {format_number(hours)} h × "
        f"{format_number(trainees)} stagiaire(s) = {format_eur(salary_high)}"
        + (
            f", dont {format_eur(salary_low)} au SMIC horaire brut de "
            f"{format_eur(smic)} (part certaine)"
            if band.amount > smic
            else ""
        )
    )
    if band.amount > smic:
        trace.notices.append(
            Notice.trusted(
                code="SALARY_RATE_ABOVE_GROSS_SMIC",
                message=(
                    f"Taux du barème de {format_eur(band.amount)}/h, au-dessus du SMIC "
                    f"horaire brut ({format_eur(smic)}) : D6332-39 plafonne la "
                    "rémunération et les charges sociales au coût horaire du SMIC, "
                    "charges comprises, que formafin ne connaît pas ; rémunération "
                    f"comptée de {format_eur(salary_low)} (SMIC brut) à "
                    f"{format_eur(salary_high)} (taux de l'OPCO), sans dépasser le coût "
                    "déclaré."
                ),
                scheme=SCHEME,
                references=(trace.data.reference("d6332_39"), *smic_used.references),
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
) -> tuple[tuple[Claim, ...], dict[CostCategory, AnyNotice]]:
    """One claim per funded category; a "not funded" notice for a category with a cost
    that gets nothing."""
    costs, bases, params = dossier.action.costs, trace.bases, trace.params
    status_refs = bareme.references if bareme else ()
    claims = []
    not_funded: dict[CostCategory, AnyNotice] = {}
    for category, cost in (
        (CostCategory.PEDAGOGICAL, costs.pedagogical),
        (CostCategory.SALARY, costs.salary),
        (CostCategory.ANNEX, costs.annex),
    ):
        if high[category] == 0:
            if cost > 0:
                not_funded[category] = Notice.trusted(
                    code="CATEGORY_NOT_FUNDED",
                    message=(
                        f"Pas de prise en charge {_CATEGORY_WORDS[category]} par l'OPCO au "
                        f"titre du plan : {'; '.join(bases[category]) or 'plafond atteint'}."
                    ),
                    scheme=SCHEME,
                    references=(*refs, *status_refs),
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
                basis="; ".join(bases[category]) or "—",
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
    rule: AnnexRule, dossier: Dossier, basis: list[str], notices: list[AnyNotice]
) -> tuple[Decimal, Decimal | None]:
    costs = dossier.action.costs
    if rule.funded is False:
        basis.append("frais annexes non pris en charge par le barème")
        return ZERO, ZERO
    if rule.funded is None:
        basis.append("règle de l'OPCO sur les frais annexes inconnue : de 0 au coût réel")
        return ZERO, None
    caps: list[Decimal] = []
    high_unknown = False
    if rule.per_unit:
        detail = dossier.action.annex_detail
        if detail is None:
            high_unknown = True
            notices.append(
                Notice.trusted(
                    code="ANNEX_DETAIL_MISSING",
                    message=(
                        "Le barème rembourse les frais annexes au kilomètre, à la nuitée et au "
                        "repas : indiquez action.annex_detail pour les chiffrer."
                    ),
                    scheme=SCHEME,
                )
            )
            basis.append("barème au km / à la nuitée / au repas, détail non fourni")
        else:
            unit_cap = (
                (rule.per_km or ZERO) * detail.km
                + (rule.per_night or ZERO) * detail.nights
                + (rule.per_meal or ZERO) * detail.meals
            )
            caps.append(unit_cap)
            basis.append(f"barème unitaire (km, nuitées, repas) : {format_eur(unit_cap)}")
    if rule.max_share_of_pedagogical is not None:
        share_cap = rule.max_share_of_pedagogical * costs.pedagogical
        caps.append(share_cap)
        basis.append(
            f"{format_number(rule.max_share_of_pedagogical * 100)} % des coûts pédagogiques : "
            f"{format_eur(share_cap)}"
        )
    if rule.max_per_trainee is not None:
        trainee_cap = rule.max_per_trainee * len(dossier.trainees)
        caps.append(trainee_cap)
        basis.append(f"{format_eur(rule.max_per_trainee)} par stagiaire")
    if high_unknown:
        return ZERO, (min(caps) if caps else None)
    return (min(caps) if caps else costs.annex), (min(caps) if caps else None)


def _childcare(
    dossier: Dossier,
    low: Decimal,
    high: Decimal | None,
    basis: list[str],
    notices: list[AnyNotice],
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
        basis.append(
            f"frais de garde ({format_eur(childcare)}) exclus : formation sur le temps de travail"
        )
        notices.append(
            Notice.trusted(
                code="CHILDCARE_NOT_FUNDED_IN_WORKING_TIME",
                message=(
                    f"Frais de garde de {format_eur(childcare)} non finançables : l'OPCO ne les "
                    "prend en charge que pour une formation suivie en tout ou partie hors du "
                    "temps de travail (D6332-39 II ; action.outside_working_time)."
                ),
                scheme=SCHEME,
                references=refs,
            )
        )
        return low, others if high is None else min(high, others)
    basis.append(
        f"frais de garde de {format_eur(childcare)} selon les règles de l'OPCO : de 0 au réel"
    )
    notices.append(
        Notice.trusted(
            code="CHILDCARE_OPCO_RULES",
            message=(
                f"Frais de garde de {format_eur(childcare)} (formation hors du temps de travail) : "
                "finançables selon les modalités du conseil d'administration de l'OPCO "
                "(D6332-39 II), inconnues de formafin : montant indicatif."
            ),
            scheme=SCHEME,
            references=refs,
        )
    )
    return low, None if high is None else min(high, others) + childcare


def _band_label(band: SizeBandAmount) -> str:
    if band.max_headcount is None:
        return f"à partir de {format_number(band.min_headcount)} salariés"
    if band.min_headcount == 0:
        return f"moins de {format_number(band.max_headcount)} salariés"
    return (
        f"de {format_number(band.min_headcount)} à moins de "
        f"{format_number(band.max_headcount)} salariés"
    )


_CATEGORY_WORDS = {
    CostCategory.PEDAGOGICAL: "des coûts pédagogiques",
    CostCategory.SALARY: "de la rémunération des stagiaires",
    CostCategory.ANNEX: "des frais annexes",
}


def _explanation(category: CostCategory, bareme: Bareme | None, low: Decimal, high: Decimal) -> str:
    words = _CATEGORY_WORDS[category]
    if bareme is None:
        return (
            f"Prise en charge {words} par l'OPCO au titre du plan (moins de 50 salariés). Aucun "
            "barème connu pour cet OPCO, cette branche et cette date : montant indicatif, borne "
            "basse d'une fourchette observée chez les OPCO. Fournissez le barème de votre OPCO "
            "pour un chiffrage exact."
        )
    status = {
        SourceStatus.PRIMARY: "source officielle de l'OPCO",
        SourceStatus.SECONDARY: "source secondaire",
        SourceStatus.CALLER: "barème fourni par l'appelant",
        SourceStatus.BELIEVED: "source peu sûre, à confirmer",
        SourceStatus.INDICATIVE: "valeurs indicatives",
    }[bareme.status]
    text = (
        f"Prise en charge {words} par l'OPCO au titre du plan (moins de 50 salariés), selon le "
        f"barème « {bareme.branch} » ({status})."
    )
    if low != high and category is CostCategory.SALARY and low > 0:
        text += (
            " Au-delà du SMIC horaire brut, la prise en charge dépend du coût horaire du SMIC "
            "charges comprises (D6332-39), inconnu de formafin : montant indicatif (borne basse)."
        )
    elif low != high:
        text += " Un chiffre du barème est inconnu de formafin : montant indicatif (borne basse)."
    return text


def _last_known_claims(
    dossier: Dossier,
    as_of: date,
    last_known: Bareme,
    data: RuleData,
    used: list[ParameterUsed],
    refs: tuple[Reference, ...],
) -> tuple[tuple[Claim, ...], tuple[AnyNotice, ...]]:
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
    for category in CostCategory:
        old, generic = by_category.get(category), blind_by_category.get(category)
        if old is None and generic is None:
            continue
        if old is None and category in known_not_funded:
            kept_notices.append(known_not_funded[category])
        basis = f"dernier barème connu « {last_known.id} » ({period}) : " + (
            say(old.basis) if old is not None else "rien"
        )
        if generic is not None:
            basis += f" ; sans barème : {say(generic.basis)}"
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
                explanation=(
                    f"Prise en charge {_CATEGORY_WORDS[category]} par l'OPCO au titre du plan "
                    "(moins de 50 salariés), estimée avec le dernier barème connu de la branche, "
                    f"« {last_known.branch} » ({period}) : aucun barème en vigueur à cette date "
                    "n'est connu de formafin. Montant indicatif ; la fourchette reprend aussi les "
                    "bornes observées sans barème. Fournissez le barème en vigueur pour un "
                    "chiffrage exact."
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
        return replace(outcome, notices=tuple(notices))


def _other_kind_notice(bareme: Bareme, context: RuleContext) -> Notice:
    """The caller's barème describes another funding (a 50–299 envelope): the plan keeps its
    own barème."""
    return Notice.trusted(
        code="BAREME_OTHER_KIND",
        message=(
            f"Le barème « {bareme.id} » choisi par l'appelant décrit une autre enveloppe de "
            f"l'OPCO ({bareme.kind.value}) : le plan des moins de 50 salariés ne l'applique pas "
            "et garde son propre barème."
        ),
        scheme=SCHEME,
        references=bareme.references,
    )


RULE = OpcoPlanRule()
