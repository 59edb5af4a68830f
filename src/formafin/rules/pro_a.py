"""Pro-A, reconversion ou promotion par alternance (avenants signed 2019-01-01 to 2025-12-31).

Old L6324-1 to L6324-10 and D6324-1-1 (versions before 2026): "Elle concerne les salariés en
contrat à durée indéterminée, les salariés, qu'ils soient sportifs ou entraîneurs
professionnels, en contrat de travail à durée déterminée conclu en application de l'article
L. 222-2-3 du code du sport et les salariés bénéficiaires d'un contrat à durée indéterminée
conclu en application de l'article L. 5134-19-1", and those in activité partielle, whose
highest certification is below the licence (level 6); an extended branch agreement listing
eligible certifications (without one, only CléA).
Durations of the contrat de professionnalisation: an action of 6 to 12 months (L6325-11),
"allongée jusqu'à vingt-quatre mois" by branch agreement (L6325-12) and "jusqu'à trente-six
mois pour les personnes mentionnées à l'article L. 6325-1-1" (L6325-11); training between 15
and 25 % of the duration and at least 150 h (L6325-13). Since décret n° 2020-262 (2020-03-18)
none of these *minimum* durations — the 6 months, the 15 % and the 150 h — applies to CléA or
VAE. The OPCO pays the branch's hourly forfait, else 9,15 €/h, within the branch or OPCO caps.

Loi n° 2025-989, art. 11 III: avenants signed before 2026-01-01 keep the Pro-A rules even
when the action runs in 2026; an avenant signed later gets no Pro-A, and formafin assesses
the période de reconversion instead. An avenant signed before 2019-01-01 predates the Pro-A
(loi n° 2018-771): refused with ``PRO_A_NOT_OPEN``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import lasts_at_least, lasts_at_most
from formafin.facts import CheckFact, NoticeFact, Text, Words, check, notice
from formafin.lookup import in_force, value_on
from formafin.models import (
    ContractType,
    CpfActionKind,
    Dossier,
    OpcoId,
    ProARequest,
    QualiopiCategory,
)
from formafin.result import SchemeId
from formafin.rules.base import RuleContext
from formafin.rules.common import decimal_at, int_at, refs_at, required_decimal
from formafin.rules.outcome import (
    Claim,
    SchemeOutcome,
    decide,
    parameter_used,
    per_trainee_within_cap,
)
from formafin.rules.qualiopi import check_qualiopi

__all__ = ["RULE", "evaluate_pro_a"]

SCHEME = SchemeId.PRO_A
_NEEDS_INPUT = frozenset({"PRO_A_CONTRACT_UNKNOWN", "PRO_A_LEVEL_UNKNOWN"})
_ELIGIBLE_CONTRACTS = frozenset({ContractType.CDI, ContractType.CUI_CDI})


def evaluate_pro_a(
    dossier: Dossier, as_of: date, data: RuleData, opco: OpcoId | None
) -> SchemeOutcome:
    """Decide and compute the Pro-A of ``dossier`` (``dossier.pro_a`` must be set)."""
    request = dossier.pro_a
    assert request is not None
    signed = request.avenant_signed_on
    opened = data.parameter("pro_a.open")
    if signed < opened.first_day:
        refs = opened.values[0].references
        text = Text("pro_a.not_open", signed=signed, first=opened.first_day)
        return SchemeOutcome(
            decision=decide(SCHEME, [check("PRO_A_NOT_OPEN", False, text, refs)], refs)
        )
    open_value = in_force(opened, signed)
    refs = open_value.references
    if open_value.value is not True:
        text = Text("pro_a.closed", signed=signed)
        return SchemeOutcome(
            decision=decide(SCHEME, [check("PRO_A_CLOSED", False, text, refs)], refs)
        )

    notices_list: list[NoticeFact] = []
    checks = [
        *_trainee_checks(dossier, request, as_of, data, notices_list),
        _certification_check(dossier, request, as_of, data),
        *_duration_checks(dossier, request, as_of, data),
    ]
    qualiopi, notices = check_qualiopi(
        dossier.provider, dossier.action.category, dossier.action.start, as_of, data
    )
    checks.append(qualiopi)
    notices_list.extend(notices)
    decision = decide(SCHEME, checks, refs, needs_input=_NEEDS_INPUT)
    if not decision.eligible:
        return SchemeOutcome(decision=decision, notices=tuple(notices_list))
    if request.period_hours is None:
        references = refs_at(data, "pro_a.min_training_share", as_of)
        text = Text("pro_a.share_unchecked")
        notices_list.append(notice("PRO_A_SHARE_UNCHECKED", text, references, scheme=SCHEME))
    return SchemeOutcome(
        decision=decision,
        claims=(_claim(dossier, request, as_of, data, opco),),
        notices=tuple(notices_list),
    )


def _trainee_checks(
    dossier: Dossier, request: ProARequest, as_of: date, data: RuleData, notices: list[NoticeFact]
) -> list[CheckFact]:
    checks: list[CheckFact] = []
    max_level = int_at(data, "pro_a.max_level_exclusive", as_of)
    level_refs = refs_at(data, "pro_a.max_level_exclusive", as_of)
    sport = value_on(data, "pro_a.sport_fixed_term_eligible", request.avenant_signed_on)
    for index, trainee in enumerate(dossier.trainees, 1):
        who = (
            Text("cpf.who.reference", reference=trainee.reference)
            if trainee.reference
            else Text("cpf.who.index", index=index)
        )
        if trainee.partial_activity or trainee.contract in _ELIGIBLE_CONTRACTS:
            pass
        elif trainee.contract is ContractType.CDD and request.professional_sport_fixed_term:
            if sport.value is not True and not any(
                n.code == "PRO_A_SPORT_CDD_UNVERIFIED" for n in notices
            ):
                text = Text("pro_a.sport_cdd_unverified")
                notices.append(
                    notice("PRO_A_SPORT_CDD_UNVERIFIED", text, sport.references, scheme=SCHEME)
                )
        elif trainee.contract is None:
            text = Text("pro_a.contract_unknown", who=who)
            checks.append(check("PRO_A_CONTRACT_UNKNOWN", False, text, level_refs))
        else:
            text = Text("pro_a.contract", who=who, contract=trainee.contract.value)
            checks.append(check("PRO_A_CONTRACT", False, text, level_refs))
        level = trainee.highest_qualification_level
        if level is None:
            text = Text("pro_a.level_unknown", who=who)
            checks.append(check("PRO_A_LEVEL_UNKNOWN", False, text, level_refs))
        elif level >= max_level:
            text = Text("pro_a.level_too_high", who=who, level=level, max=max_level)
            checks.append(check("PRO_A_LEVEL_TOO_HIGH", False, text, level_refs))
    if not checks:
        text = Text("pro_a.trainees_ok", max=max_level)
        checks.append(check("PRO_A_TRAINEES_OK", True, text, level_refs))
    return checks


def _certification_check(
    dossier: Dossier, request: ProARequest, as_of: date, data: RuleData
) -> CheckFact:
    action = dossier.action
    refs = refs_at(data, "pro_a.open", as_of)
    agreement = request.branch_agreement
    if agreement is not None and agreement.extended:
        if action.certification in agreement.eligible_certifications:
            text = Text("pro_a.certification_listed", certification=action.certification)
            return check("PRO_A_CERTIFICATION_LISTED", True, text, refs)
        certification: Words = action.certification or Text("pro_a.no_certification")
        text = Text("pro_a.certification_not_listed", certification=certification)
        return check("PRO_A_CERTIFICATION_NOT_LISTED", False, text, refs)
    if action.effective_cpf_kind is CpfActionKind.CLEA:
        text = Text("pro_a.clea_without_agreement")
        return check("PRO_A_CLEA_WITHOUT_AGREEMENT", True, text, refs)
    return check("PRO_A_NO_BRANCH_AGREEMENT", False, Text("pro_a.no_branch_agreement"), refs)


def _duration_checks(
    dossier: Dossier, request: ProARequest, as_of: date, data: RuleData
) -> list[CheckFact]:
    action = dossier.action
    checks: list[CheckFact] = []
    min_months = int_at(data, "pro_a.min_months", as_of)
    max_months = int_at(data, "pro_a.max_months", as_of)
    agreement = request.branch_agreement
    if agreement is not None and agreement.max_months is not None:
        max_months = min(agreement.max_months, int_at(data, "pro_a.max_months_agreement", as_of))
    if request.priority_public:
        max_months = max(max_months, int_at(data, "pro_a.max_months_priority_public", as_of))
    month_refs = refs_at(data, "pro_a.max_months", as_of)
    exempt = value_on(data, "pro_a.short_exemption", as_of).value is True and (
        action.category is QualiopiCategory.VAE or action.effective_cpf_kind is CpfActionKind.CLEA
    )
    if not exempt and not lasts_at_least(request.period_start, request.period_end, min_months):
        text = Text("pro_a.period_too_short", months=min_months)
        checks.append(check("PRO_A_PERIOD_TOO_SHORT", False, text, month_refs))
    if not lasts_at_most(request.period_start, request.period_end, max_months):
        references = (
            *month_refs,
            *refs_at(data, "pro_a.max_months_agreement", as_of),
            *refs_at(data, "pro_a.max_months_priority_public", as_of),
        )
        text = Text("pro_a.period_too_long", months=max_months)
        checks.append(check("PRO_A_PERIOD_TOO_LONG", False, text, references))
    min_hours = required_decimal(data, "pro_a.min_training_hours", as_of)
    hour_refs = refs_at(data, "pro_a.min_training_hours", as_of)
    if not exempt and action.hours < min_hours:
        text = Text("pro_a.training_too_short", hours=action.hours, min_hours=min_hours)
        checks.append(check("PRO_A_TRAINING_TOO_SHORT", False, text, hour_refs))
    if request.period_hours is not None:
        share = action.hours / request.period_hours
        low = required_decimal(data, "pro_a.min_training_share", as_of)
        high = required_decimal(data, "pro_a.max_training_share", as_of)
        too_low = share < low and not exempt
        too_high = share > high and not (agreement is not None and agreement.share_above_25_percent)
        if too_low or too_high:
            text = Text(
                "pro_a.share_out_of_range",
                percent=(share * 100).quantize(Decimal("0.1")),
                low=low * 100,
                high=high * 100,
            )
            references = refs_at(data, "pro_a.max_training_share", as_of)
            checks.append(check("PRO_A_SHARE_OUT_OF_RANGE", False, text, references))
    if not checks:
        references = (
            *month_refs,
            *hour_refs,
            *(refs_at(data, "pro_a.short_exemption", as_of) if exempt else ()),
        )
        text = Text("pro_a.duration_ok_exempt" if exempt else "pro_a.duration_ok")
        checks.append(check("PRO_A_DURATION_OK", True, text, references))
    return checks


def _claim(
    dossier: Dossier, request: ProARequest, as_of: date, data: RuleData, opco: OpcoId | None
) -> Claim:
    hours = dossier.action.hours
    agreement = request.branch_agreement
    default, default_used = parameter_used(data, "pro_a.default_hourly_forfait", as_of)
    params = [default_used]
    if agreement is not None and agreement.hourly_forfait is not None:
        rate, source = agreement.hourly_forfait, Text("contrat_pro.source.branch")
    else:
        rate, source = default, Text("pro_a.source.default")
    per_trainee = rate * hours
    basis: Words = Text("pro_a.basis", source=source, rate=rate, hours=hours)
    cap = agreement.cap if agreement is not None else None
    if cap is None and opco is OpcoId.OPCO_MOBILITES:
        cap = decimal_at(data, "pro_a.cap_opco_mobilites", dossier.submitted_on)
        if cap is not None:
            _, cap_used = parameter_used(data, "pro_a.cap_opco_mobilites", dossier.submitted_on)
            params.append(cap_used)
    amount, basis = per_trainee_within_cap(per_trainee, cap, len(dossier.trainees), basis)
    return Claim.exact(
        SCHEME,
        amount,
        basis,
        Text("pro_a.explanation"),
        parameters=tuple(params),
        references=refs_at(data, "pro_a.default_hourly_forfait", as_of),
    )


class ProARule:
    """The Pro-A (L6324-1 to L6324-10, in force for avenants signed until 31/12/2025)."""

    scheme = SchemeId.PRO_A
    name = "La Pro-A"

    def requested(self, dossier: Dossier) -> bool:
        """Asked for by ``dossier.pro_a``."""
        return dossier.pro_a is not None

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        """See :func:`evaluate_pro_a`."""
        return evaluate_pro_a(context.dossier, context.day, context.data, context.opco.opco)


RULE = ProARule()
