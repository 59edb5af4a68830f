"""FSE+: the European Social Fund Plus co-finances training through the OPCOs' calls.

The programme national FSE+ 2021-2027 (règlements (UE) 2021/1057 and 2021/1060) co-finances
at most 40 % in the "more developed" regions (Île-de-France, ex-Rhône-Alpes), 60 % in the
"transition" regions (the rest of metropolitan France) and 85 % in the outermost regions (DOM)
(Centre Inffo, fiche 12-6). A company reaches it through its OPCO's call (DGEFP call for
projects of July 2024, « Investir dans les compétences pour accompagner les mutations
économiques ») or through a regional call (DREETS), at its region's rate.

**FSE+ only ever co-finances, and never on a euro another funder pays.** The calls pay a
share of an eligible base and leave the rest to other money: at AKTO (travail temporaire)
« le cofinancement FSE+ est assuré sur la base de 50 % d'une assiette de coûts éligibles
composée des coûts pédagogiques (plafonnés à 45 €/h) et d'une rémunération (plafonnée à
12 €/h). Le cofinancement du FPETT correspond également à 50 % de cette assiette éligible. Le
reste à charge pourra être financé sur les fonds gérés en compte entreprise » (FPETT, 7 February
2025); at the Afdas « 50 % du coût pédagogique [...] le restant à charge sera pris sur votre
montant conventionnel et/ou si versement volontaire ». So the company gets more money: the
FSE+ share of the base, the counterpart where the call names one, and the OPCO's other funds
on what is left. formafin serves FSE+ before the OPCO plan (allocation.order) and caps every
claim at what the earlier schemes left (``left``): no euro is funded twice, nothing above
cost. « Aucun cofinancement public n'est autorisé » (FSE+ 2025 calls): an action funded by the
FNE-Formation (State) is refused. Only costs tied to the time in training count: no annex,
room or material costs (OCAPIAT, clarification by the managing authority).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache

from formafin.data import RuleData, idcc_tables
from formafin.facts import CheckFact, NoticeFact, Text, Words, check, notice, say
from formafin.models import Dossier, FsePlusRequest, OpcoId
from formafin.money import ZERO
from formafin.result import CostCategory, ParameterUsed, Payer, SchemeId
from formafin.rules.base import RuleContext
from formafin.rules.common import decimal_at, refs_at
from formafin.rules.outcome import Claim, SchemeOutcome, decide, parameter_used, raw_value
from formafin.rules.qualiopi import check_qualiopi
from formafin.sources import Reference, ReferenceKind, SourceStatus

__all__ = ["NAME", "RULE", "evaluate_fse_plus", "region_category"]

SCHEME = SchemeId.FSE_PLUS
NAME = "Le cofinancement du Fonds social européen plus (programme national FSE+ 2021-2027)"
_NEEDS_INPUT = frozenset(
    {"FSE_PLUS_ENVELOPE_UNKNOWN", "FSE_PLUS_OPCO_UNKNOWN", "FSE_PLUS_REGION_UNKNOWN"}
)
_CATEGORY_WORDS = {
    "more_developed": Text("fse_plus.region.more_developed"),
    "transition": Text("fse_plus.region.transition"),
    "outermost": Text("fse_plus.region.outermost"),
}
_CATEGORY_WORDS_CAT = {
    CostCategory.PEDAGOGICAL: Text("fse_plus.cost.pedagogical"),
    CostCategory.SALARY: Text("fse_plus.cost.salary"),
}


def region_category(departement: str | None, day: date, data: RuleData) -> str | None:
    """``more_developed``, ``transition`` or ``outermost`` for the company's département on
    ``day`` (categories of the 2021-2027 programme); None when unknown or not encoded."""
    if departement is None:
        return None
    more = raw_value(data, "fse_plus.more_developed_departements", day)
    outermost = raw_value(data, "fse_plus.outermost_departements", day)
    if not isinstance(more, tuple) or not isinstance(outermost, tuple):
        return None
    if departement in more:
        return "more_developed"
    if departement in outermost:
        return "outermost"
    if not departement.startswith("97"):
        return "transition"
    return None


def _call_value(data: RuleData, opco: OpcoId, figure: str, day: date) -> Decimal | None:
    name = f"fse_plus.{opco.value}_{figure}"
    if name not in data.parameters:
        return None
    return decimal_at(data, name, day)


def _call_applies(dossier: Dossier, opco: OpcoId, day: date, data: RuleData) -> bool:
    """Whether a shipped call of ``opco`` covers the company on ``day``."""
    if _call_value(data, opco, "rate", day) is None:
        return False
    name = f"fse_plus.{opco.value}_idccs"
    if name in data.parameters:
        idccs = raw_value(data, name, day)
        return isinstance(idccs, tuple) and dossier.company.idcc in idccs
    return True


@cache
def _declaration() -> Reference:
    """The caller's declaration as a source (said once, on first use: references are data)."""
    return Reference.trusted(
        kind=ReferenceKind.CALLER, id=say(Text("fse_plus.caller.declared_by_caller"))
    )


def _caller(name: str, label: Text, value: Decimal, unit: Words) -> ParameterUsed:
    """A figure the caller declared (said at once: parameter labels are data)."""
    return ParameterUsed.trusted(
        name=name,
        label=say(label),
        value=str(value),
        unit=say(unit),
        status=SourceStatus.CALLER,
        references=(_declaration(),),
    )


def _dated(listing: object, opco: OpcoId) -> date | None:
    if not isinstance(listing, tuple):
        return None
    for item in listing:
        key, _, day = str(item).partition(":")
        if key == opco.value:
            return date.fromisoformat(day)
    return None


def evaluate_fse_plus(
    dossier: Dossier,
    request: FsePlusRequest,
    day: date,
    data: RuleData,
    opco: OpcoId | None,
    left: Mapping[CostCategory, Decimal],
    earlier: Mapping[str, SchemeOutcome],
) -> SchemeOutcome:
    """Decide and compute the FSE+ co-funding of ``dossier`` on ``day``, within ``left``."""
    action = dossier.action
    refs = refs_at(data, "fse_plus.rate_transition", day)
    checks: list[CheckFact] = []
    notices: list[NoticeFact] = []
    params: list[ParameterUsed] = []
    category = region_category(dossier.company.departement, day, data)
    programme_rate = (
        decimal_at(data, f"fse_plus.rate_{category}", day) if category is not None else None
    )
    flagged = False
    call = opco is not None and _call_applies(dossier, opco, day, data)
    call_refs: tuple[Reference, ...] = ()
    if call and opco is not None:
        call_refs = refs_at(data, f"fse_plus.{opco.value}_rate", day)
    rate = request.rate
    if rate is not None:
        params.append(
            _caller(
                "fse_plus.rate",
                Text("fse_plus.caller.label_rate"),
                rate,
                Text("fse_plus.caller.unit_share_of_base"),
            )
        )
    elif request.channel == "regional":
        if decimal_at(data, "fse_plus.rate_transition", day) is None:
            checks.append(_envelope_unknown(dossier, day, None, None, refs))
        elif category is None or programme_rate is None:
            checks.append(_region_unknown(dossier, refs))
        else:
            rate = programme_rate
            params.append(parameter_used(data, f"fse_plus.rate_{category}", day)[1])
            flagged = True
            text = Text(
                "fse_plus.regional_maximum_rate",
                region=_CATEGORY_WORDS[category],
                percent=rate * 100,
            )
            notices.append(notice("FSE_PLUS_REGIONAL_MAXIMUM_RATE", text, refs, scheme=SCHEME))
    elif opco is None:
        checks.append(check("FSE_PLUS_OPCO_UNKNOWN", False, Text("fse_plus.opco_unknown"), refs))
    elif call:
        rate, used = parameter_used(data, f"fse_plus.{opco.value}_rate", day)
        params.append(used)
    else:
        checks.append(_envelope_unknown(dossier, day, category, programme_rate, refs, opco))
    checks.extend(_scope_checks(dossier, request, day, data, opco, call, earlier))
    qualiopi, qualiopi_notices = check_qualiopi(
        dossier.provider, action.category, action.start, day, data
    )
    checks.append(qualiopi)
    notices.extend(qualiopi_notices)
    decision = decide(
        SCHEME, checks, refs + call_refs, needs_input=_NEEDS_INPUT, indicative=flagged
    )
    if not decision.eligible or rate is None:
        return SchemeOutcome(decision=decision, notices=tuple(notices))
    counterpart = request.counterpart_rate
    counterpart_params: list[ParameterUsed] = []
    if counterpart is not None:
        counterpart_params.append(
            _caller(
                "fse_plus.counterpart_rate",
                Text("fse_plus.caller.label_counterpart"),
                counterpart,
                Text("fse_plus.caller.unit_share"),
            )
        )
    elif call and opco is not None and _call_value(data, opco, "counterpart_rate", day):
        counterpart, used = parameter_used(data, f"fse_plus.{opco.value}_counterpart_rate", day)
        counterpart_params.append(used)
    caps = {
        CostCategory.PEDAGOGICAL: _cap(
            request.pedagogical_hourly_cap, "pedagogical_hourly_cap", call, opco, day, data
        ),
        CostCategory.SALARY: _cap(
            request.salary_hourly_cap, "salary_hourly_cap", call, opco, day, data
        ),
    }
    claims: list[Claim] = []
    hours = action.hours * len(dossier.trainees)
    for cost_category, (cap, cap_param) in caps.items():
        cost = _cost(dossier, cost_category)
        if cost <= 0:
            continue
        if cost_category is CostCategory.SALARY and cap is None:
            notices.append(_salary_not_encoded(refs))
            continue
        base = cost if cap is None else min(cost, cap * hours)
        words = _CATEGORY_WORDS_CAT[cost_category]
        base_text = (
            Text("fse_plus.basis.cost", cost=cost, words=words)
            if cap is None or base == cost
            else Text(
                "fse_plus.basis.capped_base",
                hours=hours,
                cap=cap,
                base=base,
                cost=cost,
                words=words,
            )
        )
        available = left.get(cost_category, ZERO)
        share = rate * base
        amount = min(share, available)
        basis: Words = Text("fse_plus.basis.rate", percent=rate * 100, base=base_text)
        if amount < share:
            basis = (basis, Text("fse_plus.basis.reduced", amount=amount))
        line_params = tuple(params) + ((cap_param,) if cap_param is not None else ())
        if amount > 0:
            claims.append(
                Claim(
                    scheme=SCHEME,
                    category=cost_category,
                    payer=Payer.OTHER,
                    low=amount,
                    high=amount,
                    basis=basis,
                    explanation=Text("fse_plus.explanation"),
                    parameters=line_params,
                    references=refs + call_refs,
                    flagged=flagged,
                )
            )
        else:
            notices.append(_nothing_left(cost_category, refs))
        if counterpart is not None and counterpart > 0:
            match = min(counterpart * base, available - amount)
            if match > 0:
                claims.append(
                    Claim.exact(
                        SCHEME,
                        match,
                        Text(
                            "fse_plus.basis.counterpart", percent=counterpart * 100, base=base_text
                        ),
                        Text("fse_plus.explanation_counterpart"),
                        category=cost_category,
                        parameters=tuple(counterpart_params)
                        + ((cap_param,) if cap_param is not None else ()),
                        references=call_refs or refs,
                    )
                )
    if dossier.action.costs.annex > 0 and raw_value(data, "fse_plus.excludes_annex_costs", day):
        text = Text("fse_plus.annex_excluded")
        references = refs_at(data, "fse_plus.excludes_annex_costs", day)
        notices.append(notice("FSE_PLUS_ANNEX_EXCLUDED", text, references, scheme=SCHEME))
    if counterpart is None:
        text = Text("fse_plus.counterpart")
        references = (data.reference("l6332_1_2"),)
        notices.append(notice("FSE_PLUS_COUNTERPART", text, references, scheme=SCHEME))
    threshold = decimal_at(data, "plan.headcount_threshold", day)
    if (
        request.channel == "opco"
        and threshold is not None
        and dossier.company.headcount < threshold
    ):
        text = Text("fse_plus.plan_combination_unconfirmed")
        references = refs_at(data, "fse_plus.excludes_public_cofunding", day)
        notices.append(
            notice("FSE_PLUS_PLAN_COMBINATION_UNCONFIRMED", text, references, scheme=SCHEME)
        )
    text = Text("fse_plus.within_available_funds")
    notices.append(notice("WITHIN_AVAILABLE_FUNDS", text, refs, scheme=SCHEME))
    return SchemeOutcome(decision=decision, claims=tuple(claims), notices=tuple(notices))


def _cost(dossier: Dossier, category: CostCategory) -> Decimal:
    costs = dossier.action.costs
    return costs.pedagogical if category is CostCategory.PEDAGOGICAL else costs.salary


def _cap(
    declared: Decimal | None,
    figure: str,
    call: bool,
    opco: OpcoId | None,
    day: date,
    data: RuleData,
) -> tuple[Decimal | None, ParameterUsed | None]:
    """The hourly cap of the base: the caller's, else the shipped call's, else none."""
    if declared is not None:
        label = Text("fse_plus.caller.label_hourly_cap")
        return declared, _caller(f"fse_plus.{figure}", label, declared, "€/h")
    if call and opco is not None and _call_value(data, opco, figure, day) is not None:
        value, used = parameter_used(data, f"fse_plus.{opco.value}_{figure}", day)
        return value, used
    return None, None


def _envelope_unknown(
    dossier: Dossier,
    day: date,
    category: str | None,
    programme_rate: Decimal | None,
    refs: tuple[Reference, ...],
    opco: OpcoId | None = None,
) -> CheckFact:
    region: Words = (
        Text(
            "fse_plus.programme_at_most",
            percent=programme_rate * 100,
            region=_CATEGORY_WORDS[category],
            departement=dossier.company.departement,
        )
        if category is not None and programme_rate is not None
        else ""
    )
    who: Words = (
        Text("fse_plus.of_opco", name=idcc_tables().opco_names[opco]) if opco is not None else ""
    )
    text = Text("fse_plus.envelope_unknown", who=who, day=day, region=region)
    return check("FSE_PLUS_ENVELOPE_UNKNOWN", False, text, refs)


def _region_unknown(dossier: Dossier, refs: tuple[Reference, ...]) -> CheckFact:
    departement = dossier.company.departement
    text = (
        Text("fse_plus.region_unknown")
        if departement is None
        else Text("fse_plus.region_not_encoded", departement=departement)
    )
    return check("FSE_PLUS_REGION_UNKNOWN", False, text, refs)


def _salary_not_encoded(refs: tuple[Reference, ...]) -> NoticeFact:
    text = Text("fse_plus.salary_cap_unknown")
    return notice("FSE_PLUS_SALARY_CAP_UNKNOWN", text, refs, scheme=SCHEME)


def _nothing_left(category: CostCategory, refs: tuple[Reference, ...]) -> NoticeFact:
    text = Text("fse_plus.nothing_left", words=_CATEGORY_WORDS_CAT[category])
    return notice("FSE_PLUS_NOTHING_LEFT", text, refs, scheme=SCHEME)


def _scope_checks(
    dossier: Dossier,
    request: FsePlusRequest,
    day: date,
    data: RuleData,
    opco: OpcoId | None,
    call: bool,
    earlier: Mapping[str, SchemeOutcome],
) -> list[CheckFact]:
    """Exclusions: mandatory training; for the OPCO calls, alternance (FPETT), public
    co-funding (FNE-Formation) and the calls' deadlines."""
    checks: list[CheckFact] = []
    fpett_refs = refs_at(data, "fse_plus.akto_rate", day)
    if request.mandatory_training:
        text = Text("fse_plus.mandatory_training")
        checks.append(check("FSE_PLUS_MANDATORY_TRAINING", False, text, fpett_refs))
    if call and opco is OpcoId.AKTO and (dossier.apprenticeship or dossier.professionalisation):
        text = Text("fse_plus.alternance_excluded")
        checks.append(check("FSE_PLUS_ALTERNANCE_EXCLUDED", False, text, fpett_refs))
    public = earlier.get(SchemeId.FNE.value)
    funded_by_state = public is not None and public.decision.eligible and bool(public.claims)
    excluded = raw_value(data, "fse_plus.excludes_public_cofunding", day) is True
    if request.channel == "opco" and funded_by_state and excluded:
        text = Text("fse_plus.public_cofunding")
        references = refs_at(data, "fse_plus.excludes_public_cofunding", day)
        checks.append(check("FSE_PLUS_PUBLIC_COFUNDING", False, text, references))
    if request.channel == "opco" and opco is not None:
        opco_name = idcc_tables().opco_names[opco]
        end_limit = _dated(raw_value(data, "fse_plus.training_end_deadlines", day), opco)
        if end_limit is not None and dossier.action.end > end_limit:
            text = Text("fse_plus.training_ends_too_late", name=opco_name, limit=end_limit)
            references = refs_at(data, "fse_plus.training_end_deadlines", day)
            checks.append(check("FSE_PLUS_TRAINING_ENDS_TOO_LATE", False, text, references))
        filed_limit = _dated(raw_value(data, "fse_plus.submission_deadlines", day), opco)
        if filed_limit is not None and dossier.submitted_on > filed_limit:
            text = Text("fse_plus.submitted_too_late", name=opco_name, limit=filed_limit)
            references = refs_at(data, "fse_plus.submission_deadlines", day)
            checks.append(check("FSE_PLUS_SUBMITTED_TOO_LATE", False, text, references))
    return checks


class FsePlusRule:
    """The FSE+ co-funding (programme national FSE+ 2021-2027), asked for by
    ``dossier.fse_plus``; served before the OPCO plan, within what earlier schemes left."""

    scheme = SchemeId.FSE_PLUS
    name = NAME

    def requested(self, dossier: Dossier) -> bool:
        """Asked for by ``dossier.fse_plus``."""
        return dossier.fse_plus is not None

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        """See :func:`evaluate_fse_plus`."""
        request = context.dossier.fse_plus
        assert request is not None
        return evaluate_fse_plus(
            context.dossier,
            request,
            context.day,
            context.data,
            context.opco.opco,
            context.left,
            context.earlier,
        )


RULE = FsePlusRule()
