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

from formafin.data import RuleData, idcc_tables
from formafin.facts import AnyCheck, AnyNotice
from formafin.models import Dossier, FsePlusRequest, OpcoId
from formafin.money import ZERO, format_eur, format_number
from formafin.result import Check, CostCategory, Notice, ParameterUsed, Payer, SchemeId
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
    "more_developed": "région « plus développée »",
    "transition": "région « en transition »",
    "outermost": "région ultrapériphérique (DOM)",
}
_CALLER = Reference.trusted(kind=ReferenceKind.CALLER, id="Déclaration de l'appelant")
_CATEGORY_WORDS_CAT = {
    CostCategory.PEDAGOGICAL: "coûts pédagogiques",
    CostCategory.SALARY: "rémunération",
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


def _caller(name: str, label: str, value: Decimal, unit: str) -> ParameterUsed:
    return ParameterUsed.trusted(
        name=name,
        label=label,
        value=str(value),
        unit=unit,
        status=SourceStatus.CALLER,
        references=(_CALLER,),
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
    checks: list[AnyCheck] = []
    notices: list[AnyNotice] = []
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
        params.append(_caller("fse_plus.rate", "Taux FSE+ déclaré", rate, "part de l'assiette"))
    elif request.channel == "regional":
        if decimal_at(data, "fse_plus.rate_transition", day) is None:
            checks.append(_envelope_unknown(dossier, day, None, None, refs))
        elif category is None or programme_rate is None:
            checks.append(_region_unknown(dossier, refs))
        else:
            rate = programme_rate
            params.append(parameter_used(data, f"fse_plus.rate_{category}", day)[1])
            flagged = True
            notices.append(
                Notice.trusted(
                    code="FSE_PLUS_REGIONAL_MAXIMUM_RATE",
                    message=(
                        f"Taux maximal du programme pour une {_CATEGORY_WORDS[category]} "
                        f"({format_number(rate * 100)} %) : l'appel à projets régional peut "
                        "retenir moins ; montant indicatif (déclarez fse_plus.rate)."
                    ),
                    scheme=SCHEME,
                    references=refs,
                )
            )
    elif opco is None:
        checks.append(
            Check.trusted(
                code="FSE_PLUS_OPCO_UNKNOWN",
                met=False,
                message=(
                    "OPCO de l'entreprise inconnu : l'appel FSE+ passe par l'OPCO (indiquez "
                    "company.opco ou l'IDCC), ou déclarez le taux (fse_plus.rate)."
                ),
                references=refs,
            )
        )
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
            _caller("fse_plus.counterpart_rate", "Contrepartie déclarée", counterpart, "part")
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
            f"{format_eur(cost)} de {words}"
            if cap is None or base == cost
            else f"assiette {format_number(hours)} h × {format_eur(cap)}/h = {format_eur(base)} "
            f"(sur {format_eur(cost)} de {words})"
        )
        available = left.get(cost_category, ZERO)
        share = rate * base
        amount = min(share, available)
        basis = f"{format_number(rate * 100)} % × {base_text}"
        if amount < share:
            basis += f", ramené à {format_eur(amount)} que les dispositifs précédents laissent"
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
                    explanation=(
                        "Cofinancement de l'Union européenne (FSE+), versé par l'intermédiaire "
                        "de l'OPCO ou de la DREETS : une part de l'assiette éligible, jamais sur "
                        "une dépense déjà financée par un autre dispositif."
                    ),
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
                        f"contrepartie : {format_number(counterpart * 100)} % × {base_text}",
                        "Contrepartie de l'appel FSE+ sur les fonds conventionnels de la branche, "
                        "gérés par l'OPCO : l'autre part de la même assiette.",
                        category=cost_category,
                        parameters=tuple(counterpart_params)
                        + ((cap_param,) if cap_param is not None else ()),
                        references=call_refs or refs,
                    )
                )
    if dossier.action.costs.annex > 0 and raw_value(data, "fse_plus.excludes_annex_costs", day):
        notices.append(
            Notice.trusted(
                code="FSE_PLUS_ANNEX_EXCLUDED",
                message=(
                    "Frais annexes hors de l'assiette FSE+ : seuls les coûts rattachés au temps "
                    "passé en formation sont éligibles."
                ),
                scheme=SCHEME,
                references=refs_at(data, "fse_plus.excludes_annex_costs", day),
            )
        )
    if counterpart is None:
        notices.append(
            Notice.trusted(
                code="FSE_PLUS_COUNTERPART",
                message=(
                    "Le FSE+ ne fait que cofinancer : le reste de l'assiette peut être couvert par "
                    "les fonds conventionnels de la branche ou un versement volontaire de "
                    "l'entreprise ; déclarez-les (co_funders) s'ils sont accordés."
                ),
                scheme=SCHEME,
                references=(data.reference("l6332_1_2"),),
            )
        )
    threshold = decimal_at(data, "plan.headcount_threshold", day)
    if (
        request.channel == "opco"
        and threshold is not None
        and dossier.company.headcount < threshold
    ):
        notices.append(
            Notice.trusted(
                code="FSE_PLUS_PLAN_COMBINATION_UNCONFIRMED",
                message=(
                    "Les appels FSE+ lus ne citent, pour compléter le FSE+, que les fonds "
                    "conventionnels et les versements volontaires : formafin sert aussi le plan "
                    "de l'OPCO (moins de 50 salariés) sur ce que le FSE+ laisse, cumul à confirmer "
                    "auprès de l'OPCO."
                ),
                scheme=SCHEME,
                references=refs_at(data, "fse_plus.excludes_public_cofunding", day),
            )
        )
    notices.append(
        Notice.trusted(
            code="WITHIN_AVAILABLE_FUNDS",
            message="FSE+ accordé dans la limite de l'enveloppe de l'appel.",
            scheme=SCHEME,
            references=refs,
        )
    )
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
        return declared, _caller(f"fse_plus.{figure}", "Plafond horaire déclaré", declared, "€/h")
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
) -> Check:
    region = (
        f" Le programme cofinance au plus {format_number(programme_rate * 100)} % en "
        f"{_CATEGORY_WORDS[category]} (département {dossier.company.departement})."
        if category is not None and programme_rate is not None
        else ""
    )
    who = f"de l'OPCO {idcc_tables().opco_names[opco]} " if opco is not None else ""
    return Check.trusted(
        code="FSE_PLUS_ENVELOPE_UNKNOWN",
        met=False,
        message=(
            f"Aucun appel FSE+ {who}n'est encodé pour cette entreprise au {day:%d/%m/%Y} : "
            f"déclarez le taux de l'appel (fse_plus.rate).{region}"
        ),
        references=refs,
    )


def _region_unknown(dossier: Dossier, refs: tuple[Reference, ...]) -> Check:
    departement = dossier.company.departement
    return Check.trusted(
        code="FSE_PLUS_REGION_UNKNOWN",
        met=False,
        message=(
            "Catégorie de région inconnue : indiquez le département de l'établissement "
            "(company.departement) ou le taux de l'appel (fse_plus.rate)."
            if departement is None
            else f"Département {departement} : catégorie de région FSE+ non encodée ; déclarez "
            "le taux de l'appel (fse_plus.rate)."
        ),
        references=refs,
    )


def _salary_not_encoded(refs: tuple[Reference, ...]) -> Notice:
    return Notice.trusted(
        code="FSE_PLUS_SALARY_CAP_UNKNOWN",
        message=(
            "La part de rémunération de l'assiette FSE+ dépend d'un plafond horaire de l'appel "
            "que formafin ne connaît pas : déclarez-le (fse_plus.salary_hourly_cap)."
        ),
        scheme=SCHEME,
        references=refs,
    )


def _nothing_left(category: CostCategory, refs: tuple[Reference, ...]) -> Notice:
    return Notice.trusted(
        code="FSE_PLUS_NOTHING_LEFT",
        message=(
            f"FSE+ : rien à cofinancer sur les {_CATEGORY_WORDS_CAT[category]}, déjà entièrement "
            "financés par les dispositifs servis avant lui."
        ),
        scheme=SCHEME,
        references=refs,
    )


def _scope_checks(
    dossier: Dossier,
    request: FsePlusRequest,
    day: date,
    data: RuleData,
    opco: OpcoId | None,
    call: bool,
    earlier: Mapping[str, SchemeOutcome],
) -> list[AnyCheck]:
    """Exclusions: mandatory training; for the OPCO calls, alternance (FPETT), public
    co-funding (FNE-Formation) and the calls' deadlines."""
    checks: list[AnyCheck] = []
    fpett_refs = refs_at(data, "fse_plus.akto_rate", day)
    if request.mandatory_training:
        checks.append(
            Check.trusted(
                code="FSE_PLUS_MANDATORY_TRAINING",
                met=False,
                message=(
                    "Formation imposée par une norme ou relevant de l'obligation générale de "
                    "sécurité de l'employeur : exclue des appels FSE+."
                ),
                references=fpett_refs,
            )
        )
    if call and opco is OpcoId.AKTO and (dossier.apprenticeship or dossier.professionalisation):
        checks.append(
            Check.trusted(
                code="FSE_PLUS_ALTERNANCE_EXCLUDED",
                met=False,
                message=(
                    "Action réalisée dans le cadre d'un contrat d'apprentissage ou de "
                    "professionnalisation : exclue de l'appel FSE+ du FPETT."
                ),
                references=fpett_refs,
            )
        )
    public = earlier.get(SchemeId.FNE.value)
    funded_by_state = public is not None and public.decision.eligible and bool(public.claims)
    excluded = raw_value(data, "fse_plus.excludes_public_cofunding", day) is True
    if request.channel == "opco" and funded_by_state and excluded:
        checks.append(
            Check.trusted(
                code="FSE_PLUS_PUBLIC_COFUNDING",
                met=False,
                message=(
                    "L'action est déjà cofinancée par l'État (FNE-Formation) : les appels FSE+ "
                    "n'admettent aucun autre cofinancement public de la même dépense."
                ),
                references=refs_at(data, "fse_plus.excludes_public_cofunding", day),
            )
        )
    if request.channel == "opco" and opco is not None:
        opco_name = idcc_tables().opco_names[opco]
        end_limit = _dated(raw_value(data, "fse_plus.training_end_deadlines", day), opco)
        if end_limit is not None and dossier.action.end > end_limit:
            checks.append(
                Check.trusted(
                    code="FSE_PLUS_TRAINING_ENDS_TOO_LATE",
                    met=False,
                    message=(
                        f"L'appel FSE+ de l'OPCO {opco_name} finance des formations achevées "
                        f"au plus tard le {end_limit:%d/%m/%Y}."
                    ),
                    references=refs_at(data, "fse_plus.training_end_deadlines", day),
                )
            )
        filed_limit = _dated(raw_value(data, "fse_plus.submission_deadlines", day), opco)
        if filed_limit is not None and dossier.submitted_on > filed_limit:
            checks.append(
                Check.trusted(
                    code="FSE_PLUS_SUBMITTED_TOO_LATE",
                    met=False,
                    message=(
                        f"L'appel FSE+ de l'OPCO {opco_name} recevait les dossiers jusqu'au "
                        f"{filed_limit:%d/%m/%Y}."
                    ),
                    references=refs_at(data, "fse_plus.submission_deadlines", day),
                )
            )
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
