"""Période de reconversion (loi n° 2025-989; décrets n° 2026-39 and 2026-40).

L6324-1 to L6324-10 and L6332-14-1 apply from 2026-01-01 (loi n° 2025-989, art. 11 II),
though the decrees (R6324-1 filing, D6332-89/-90 forfait) only from 2026-02-01: a period
starting in January 2026 is assessed on the law, with the decrees' first figures and a notice.
Every rule is read on the day the period starts.

L6324-1: "une période de reconversion ayant pour objet l'acquisition d'une des qualifications
prévues aux 1° et 3° de l'article L. 6314-1 ou d'un ou de plusieurs blocs de compétences" —
RNCP, CQP — or CléA; L6324-2 adds VAE. Nothing else (RS certification, no certification,
bilan) is refused.
L6324-3: internal (contract continues) or external (contract suspended; "un contrat à durée
indéterminée … ou … un contrat à durée déterminée d'au moins six mois" with the host company).
L6324-9: external periods run under an L1237-17 agreement; unilaterally only under 50
employees, from 50 to 299 without a union delegate, or after a procès-verbal de désaccord
(50–299 with a delegate); from 300 (or a community-scale group) negotiation, no fallback.
L6324-4: 150 to 450 hours over at most 12 months, except CléA; up to 2 100 hours over 36
months by company or branch agreement.
R6324-1: the employer files "dans les trente jours précédant le début de l'exécution": a
filing earlier than the 30th day, on the start day or after does not meet the text (R6324-3
lets the OPCO refuse for it).
D6332-89/-90: the OPCO pays the branch's flat amount per period, else 9,15 €/h; 5 000 € is
an *average* each OPCO must respect, not a cap per dossier (shown as information; a cap the
caller knows applies). Annex costs and the pay gap only for external periods under an
agreement or a unilateral decision (R6324-2), at a level the OPCO board sets: indicative.
L6324-10: the CPF may co-fund, at most half the rights for an internal period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import lasts_at_most
from formafin.facts import CheckFact, NoticeFact, Text, Words, check, notice, reason_codes
from formafin.lookup import in_force, parameter_named, value_on
from formafin.models import CpfActionKind, Dossier, ReconversionRequest
from formafin.money import ZERO
from formafin.result import CostCategory, Payer, SchemeId
from formafin.rules.base import RuleContext
from formafin.rules.common import decimal_at, int_at, refs_at, required_decimal
from formafin.rules.outcome import (
    Claim,
    SchemeOutcome,
    decide,
    parameter_used,
    per_trainee_within_cap,
    raw_value,
)
from formafin.rules.qualiopi import check_qualiopi

__all__ = ["RULE", "ReconversionOutcome", "evaluate_reconversion"]

SCHEME = SchemeId.PERIODE_RECONVERSION
_NEEDS_INPUT = frozenset(
    {
        "RECONVERSION_EXTERNAL_FRAME_UNKNOWN",
        "RECONVERSION_UNION_DELEGATE_UNKNOWN",
        "RECONVERSION_HOST_CONTRACT_UNKNOWN",
    }
)


@dataclass(frozen=True)
class ReconversionOutcome(SchemeOutcome):
    """The outcome, with the share of CPF rights the holder may mobilise (None: no limit)."""

    cpf_rights_share: Decimal | None = None


def evaluate_reconversion(
    dossier: Dossier, request: ReconversionRequest, as_of: date, data: RuleData, *, derived: bool
) -> ReconversionOutcome:
    """Decide and compute a période de reconversion (rules of the day the period starts)."""
    action = dossier.action
    notices: list[NoticeFact] = []
    day = max(request.period_start, data.ruleset.covers_from)
    if derived:
        text = Text("reconversion.instead_of_pro_a")
        references = refs_at(data, "reconversion.open", day)
        notices.append(
            notice("RECONVERSION_ASSESSED_INSTEAD_OF_PRO_A", text, references, scheme=SCHEME)
        )
    open_value = value_on(data, "reconversion.open", day)
    refs = open_value.references
    if open_value.value is not True or request.period_start < day:
        text = Text("reconversion.not_open", start=request.period_start)
        found = check("RECONVERSION_NOT_OPEN", False, text, refs)
        return ReconversionOutcome(decision=decide(SCHEME, [found], refs), notices=tuple(notices))

    before_decrees = raw_value(data, "reconversion.default_hourly_forfait", day) is None
    if before_decrees:
        text = Text("reconversion.before_decrees", start=request.period_start)
        notices.append(notice("RECONVERSION_BEFORE_DECREES", text, refs, scheme=SCHEME))
    checks = [
        _qualification_check(dossier, request, day, data),
        *_external_checks(dossier, request, day, data),
        _duration_check(dossier, request, day, data),
        _filing_check(dossier, request, day, data),
    ]
    qualiopi, qualiopi_notices = check_qualiopi(
        dossier.provider, action.category, action.start, as_of, data
    )
    checks.append(qualiopi)
    notices.extend(qualiopi_notices)
    decision = decide(SCHEME, checks, refs, needs_input=_NEEDS_INPUT, indicative=before_decrees)
    internal = request.kind == "internal"
    share = decimal_at(data, "reconversion.cpf_internal_share", day) if internal else None
    if not decision.eligible:
        return ReconversionOutcome(decision=decision, notices=tuple(notices))
    figures_day = _decree_day(data, day)
    average, average_used = parameter_used(data, "reconversion.opco_average", figures_day)
    text = Text("reconversion.opco_average", average=average)
    references = average_used.references
    notices.append(notice("RECONVERSION_OPCO_AVERAGE", text, references, scheme=SCHEME))
    if request.kind == "external":
        opco: Words = (
            request.host_company_opco.value
            if request.host_company_opco
            else Text("reconversion.host_opco_unknown")
        )
        text = Text("reconversion.host_opco", opco=opco)
        notices.append(notice("RECONVERSION_HOST_OPCO", text, refs, scheme=SCHEME))
    claims = [_pedagogical_claim(dossier, request, figures_day, data)]
    annex_cost = action.costs.annex
    if request.kind == "external" and request.external_agreement_or_decision and annex_cost > 0:
        claims.append(
            Claim(
                scheme=SCHEME,
                category=CostCategory.ANNEX,
                payer=Payer.OPCO,
                low=ZERO,
                high=annex_cost,
                basis=Text("reconversion.basis.annex_unknown"),
                explanation=Text("reconversion.explanation.annex"),
                references=refs,
            )
        )
    elif annex_cost > 0:
        text = Text("reconversion.annex_not_funded")
        notices.append(notice("CATEGORY_NOT_FUNDED", text, refs, scheme=SCHEME))
    return ReconversionOutcome(
        decision=decision, claims=tuple(claims), notices=tuple(notices), cpf_rights_share=share
    )


def _decree_day(data: RuleData, day: date) -> date:
    """``day``, or the first day the decrees' figures exist when the period starts before."""
    parameter = parameter_named(data, "reconversion.default_hourly_forfait")
    if in_force(parameter, day).value is not None:
        return day
    return next(item.start for item in parameter.values if item.start > day)


def _qualification_check(
    dossier: Dossier, request: ReconversionRequest, day: date, data: RuleData
) -> CheckFact:
    """L6324-1, L6324-2: RNCP (or blocs), CQP (L6314-1 1° and 3°), CléA or VAE only."""
    allowed = raw_value(data, "reconversion.qualifications", day)
    refs = refs_at(data, "reconversion.qualifications", day)
    assert isinstance(allowed, tuple)
    action = dossier.action
    kind = action.effective_cpf_kind
    target = "cqp" if request.cqp else (kind.value if kind is not None else None)
    if target in allowed:
        what: Words = _TARGET_WORDS.get(str(target), str(target))
        text = Text("reconversion.qualification_ok", what=what)
        return check("RECONVERSION_QUALIFICATION_OK", True, text, refs)
    if kind is CpfActionKind.RS:
        code = "RECONVERSION_QUALIFICATION_RS"
        what = Text("reconversion.target.rs", certification=action.certification)
    elif kind is CpfActionKind.BILAN:
        code, what = "RECONVERSION_QUALIFICATION_BILAN", Text("reconversion.target.bilan")
    elif kind is None:
        code, what = "RECONVERSION_QUALIFICATION_MISSING", Text("reconversion.target.none")
    else:
        code = "RECONVERSION_QUALIFICATION_OTHER"
        what = Text("reconversion.target.other", kind=kind.value)
    return check(code, False, Text("reconversion.qualification_refused", what=what), refs)


_TARGET_WORDS = {
    "rncp": Text("reconversion.target.rncp"),
    "cqp": Text("reconversion.target.cqp"),
    "clea": Text("reconversion.target.clea"),
    "vae": Text("reconversion.target.vae"),
}


def _external_checks(
    dossier: Dossier, request: ReconversionRequest, day: date, data: RuleData
) -> list[CheckFact]:
    """L6324-9 (frame) and L6324-3 II (host contract) for an external period."""
    if request.kind != "external":
        return []
    return [_frame_check(dossier, request, day, data), _host_contract_check(request, day, data)]


def _frame_check(
    dossier: Dossier, request: ReconversionRequest, day: date, data: RuleData
) -> CheckFact:
    headcount = dossier.company.headcount
    small = required_decimal(data, "reconversion.unilateral_below_headcount", day)
    large = required_decimal(data, "reconversion.negotiation_from_headcount", day)
    refs = refs_at(data, "reconversion.negotiation_from_headcount", day)
    frame = request.external_frame
    size = Text("reconversion.size", headcount=headcount)
    if frame is None:
        text = Text("reconversion.frame_unknown")
        return check("RECONVERSION_EXTERNAL_FRAME_UNKNOWN", False, text, refs)
    if frame == "agreement":
        text = Text("reconversion.frame_agreement")
        return check("RECONVERSION_EXTERNAL_FRAME_OK", True, text, refs)
    if request.community_scale or headcount >= large:
        community: Words = Text("reconversion.community_scale") if request.community_scale else ""
        text = Text(
            "reconversion.negotiation_required", size=size, community=community, large=large
        )
        return check("RECONVERSION_NEGOTIATION_REQUIRED", False, text, refs)
    if headcount < small:
        text = Text("reconversion.frame_small", size=size, small=small)
        return check("RECONVERSION_EXTERNAL_FRAME_OK", True, text, refs)
    if frame == "unilateral_after_disagreement":
        text = Text("reconversion.frame_after_disagreement", size=size)
        return check("RECONVERSION_EXTERNAL_FRAME_OK", True, text, refs)
    if request.union_delegate is None:
        text = Text("reconversion.union_delegate_unknown", size=size)
        return check("RECONVERSION_UNION_DELEGATE_UNKNOWN", False, text, refs)
    if request.union_delegate:
        text = Text("reconversion.unilateral_not_allowed", size=size)
        return check("RECONVERSION_UNILATERAL_NOT_ALLOWED", False, text, refs)
    text = Text("reconversion.frame_no_delegate", size=size)
    return check("RECONVERSION_EXTERNAL_FRAME_OK", True, text, refs)


def _host_contract_check(request: ReconversionRequest, day: date, data: RuleData) -> CheckFact:
    months = int_at(data, "reconversion.host_cdd_min_months", day)
    refs = refs_at(data, "reconversion.host_cdd_min_months", day)
    contract = request.host_contract
    if contract is None or (contract == "cdd" and request.host_contract_months is None):
        text = Text("reconversion.host_contract_unknown", months=months)
        return check("RECONVERSION_HOST_CONTRACT_UNKNOWN", False, text, refs)
    cdd_months = request.host_contract_months
    if contract == "cdd" and cdd_months is not None and cdd_months < months:
        text = Text("reconversion.host_contract_short", cdd_months=cdd_months, months=months)
        return check("RECONVERSION_HOST_CONTRACT", False, text, refs)
    text = Text("reconversion.host_contract_ok")
    return check("RECONVERSION_HOST_CONTRACT_OK", True, text, refs)


def _duration_check(
    dossier: Dossier, request: ReconversionRequest, as_of: date, data: RuleData
) -> CheckFact:
    action = dossier.action
    with_agreement = request.agreement is not None
    suffix = "_agreement" if with_agreement else ""
    max_hours = required_decimal(data, f"reconversion.max_hours{suffix}", as_of)
    max_months = int_at(data, f"reconversion.max_months{suffix}", as_of)
    if with_agreement and request.agreement is not None and request.agreement.max_months:
        max_months = min(max_months, request.agreement.max_months)
    min_hours = required_decimal(data, "reconversion.min_hours", as_of)
    refs = refs_at(data, "reconversion.max_hours", as_of)
    clea = action.effective_cpf_kind is CpfActionKind.CLEA
    problems: list[Words] = []
    hours = action.hours
    if not clea and hours < min_hours:
        problems.append(Text("reconversion.problem.too_few_hours", hours=hours, limit=min_hours))
    if not clea and hours > max_hours:
        problems.append(Text("reconversion.problem.too_many_hours", hours=hours, limit=max_hours))
    if not lasts_at_most(request.period_start, request.period_end, max_months):
        problems.append(Text("reconversion.problem.too_long", months=max_months))
    if problems:
        listed: list[Words] = []
        for problem in problems:
            listed += [" ; ", problem] if listed else [problem]
        text = Text("reconversion.duration", problems=tuple(listed))
        return check("RECONVERSION_DURATION", False, text, refs)
    text = Text("reconversion.duration_ok", hours=hours, months=max_months)
    return check("RECONVERSION_DURATION_OK", True, text, refs)


def _filing_check(
    dossier: Dossier, request: ReconversionRequest, day: date, data: RuleData
) -> CheckFact:
    """R6324-1: filed "dans les trente jours précédant le début de l'exécution"."""
    start, submitted = request.period_start, dossier.submitted_on
    refs = refs_at(data, "reconversion.filing_window_days", day)
    window_value = raw_value(data, "reconversion.filing_window_days", day)
    if not isinstance(window_value, int) or isinstance(window_value, bool):
        text = Text("reconversion.filing_rule_not_in_force", start=start)
        return check("RECONVERSION_FILING_RULE_NOT_IN_FORCE", True, text, refs)
    window = window_value
    earliest = start - timedelta(days=window)
    if submitted >= start:
        text = Text(
            "reconversion.request_after_start", submitted=submitted, start=start, window=window
        )
        return check("RECONVERSION_REQUEST_AFTER_START", False, text, refs)
    days = (start - submitted).days
    if days > window:
        text = Text(
            "reconversion.request_too_early",
            days=days,
            window=window,
            earliest=earliest,
            latest=start - timedelta(days=1),
        )
        return check("RECONVERSION_REQUEST_TOO_EARLY", False, text, refs)
    text = Text("reconversion.request_before_start", days=days, window=window)
    return check("RECONVERSION_REQUEST_BEFORE_START", True, text, refs)


def _pedagogical_claim(
    dossier: Dossier, request: ReconversionRequest, as_of: date, data: RuleData
) -> Claim:
    hours = dossier.action.hours
    default, default_used = parameter_used(data, "reconversion.default_hourly_forfait", as_of)
    agreement = request.agreement
    basis: Words
    if agreement is not None and agreement.period_forfait is not None:
        per_trainee = agreement.period_forfait
        basis = Text("reconversion.basis.period_forfait", forfait=agreement.period_forfait)
    elif agreement is not None and agreement.hourly_forfait is not None:
        per_trainee = agreement.hourly_forfait * hours
        basis = Text("reconversion.basis.branch_hourly", rate=agreement.hourly_forfait, hours=hours)
    else:
        per_trainee = default * hours
        basis = Text("reconversion.basis.default_hourly", rate=default, hours=hours)
    cap = (
        request.opco_cap if request.opco_cap is not None else (agreement.cap if agreement else None)
    )
    amount, basis = per_trainee_within_cap(per_trainee, cap, len(dossier.trainees), basis)
    return Claim.exact(
        SCHEME,
        amount,
        basis,
        Text("reconversion.explanation.pedagogical"),
        parameters=(default_used,),
        references=refs_at(data, "reconversion.default_hourly_forfait", as_of),
    )


class ReconversionRule:
    """The période de reconversion (L6324-1 and following since loi n° 2025-989, art. 11).

    Asked for by ``dossier.reconversion``, or assessed instead of a Pro-A whose avenant was
    signed after the Pro-A closed (the Pro-A rule, evaluated before, says so)."""

    scheme = SchemeId.PERIODE_RECONVERSION
    name = "La période de reconversion"

    def requested(self, dossier: Dossier) -> bool:
        """Asked for, or possibly instead of a Pro-A."""
        return dossier.reconversion is not None or dossier.pro_a is not None

    def evaluate(self, context: RuleContext) -> ReconversionOutcome | None:
        """See :func:`evaluate_reconversion`; ``None`` for a Pro-A still open."""
        dossier = context.dossier
        request, derived = dossier.reconversion, False
        if request is None:
            pro_a = context.outcome(SchemeId.PRO_A)
            closed = pro_a is not None and "PRO_A_CLOSED" in reason_codes(pro_a.decision)
            if not closed or dossier.pro_a is None:
                return None
            request = ReconversionRequest(
                kind="internal",
                period_start=dossier.pro_a.period_start,
                period_end=dossier.pro_a.period_end,
            )
            derived = True
        return evaluate_reconversion(dossier, request, context.day, context.data, derived=derived)


RULE = ReconversionRule()
