"""FNE-Formation: State co-funding through the OPCOs, by yearly DGEFP instruction.

There is no statute: each year's rules come in a DGEFP instruction run through State-OPCO
agreements. **The campaign is set by the date of the funding agreement (convention / accord de
prise en charge), not by the training dates**: the 2024 conventions "doivent être conclues au
plus tard le 31/12/2024" and fund training "achevée au plus tard le 31/12/2025" at the 2024
rates; the 2023 ones, agreed by 2023-12-31, training finished by 2024-12-31. Without the
agreement date formafin takes the filing date, and says so.
2023 and 2024 (general block exemption regulation, RGEC): 70 % of pedagogical costs for small
companies, 60 % for medium, 50 % for large, by the EU SME definition (headcount, and turnover
or balance sheet); 3 M€ per project; training of at most 12 months. Eligible only within the
year's priority axes (2023: ecological, agricultural and food, digital transitions and major
sporting events; 2024: plus the demographic transition). Excluded: apprentices and contrats de
professionnalisation, employees leaving under a PSE or an RCC, mandatory (safety) training.
Afdas applied its own rates to its 2024 envelope (60/40/40). From 2025 no national envelope
was found: the decision is ineligible, unless the caller declares an OPCO envelope with its
rate.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import lasts_at_most
from formafin.facts import CheckFact, NoticeFact, Text, Words, check, notice
from formafin.lookup import value_on
from formafin.models import ContractType, Dossier, FneRequest, OpcoId
from formafin.result import Payer, SchemeId
from formafin.rules.base import RuleContext
from formafin.rules.common import decimal_at, refs_at, required_decimal
from formafin.rules.outcome import Claim, SchemeOutcome, decide, parameter_used, raw_value
from formafin.rules.qualiopi import check_qualiopi

__all__ = ["RULE", "company_size", "evaluate_fne"]

SCHEME = SchemeId.FNE
_EXCLUDED = frozenset({ContractType.APPRENTISSAGE, ContractType.PROFESSIONNALISATION})
_SIZE_WORDS = {
    "small": Text("fne.size.small"),
    "medium": Text("fne.size.medium"),
    "large": Text("fne.size.large"),
}
_NEEDS_INPUT = frozenset({"FNE_FINANCIALS_UNKNOWN", "FNE_PRIORITY_AXIS_UNKNOWN"})


def company_size(dossier: Dossier, as_of: date, data: RuleData) -> str | None:
    """``small``, ``medium`` or ``large`` by the EU SME definition; None if unknown."""
    company = dossier.company
    medium_headcount = required_decimal(data, "fne.medium_headcount", as_of)
    if company.headcount >= medium_headcount:
        return "large"
    turnover, balance = company.annual_turnover, company.balance_sheet_total
    if turnover is None and balance is None:
        return None
    small_headcount = required_decimal(data, "fne.small_headcount", as_of)
    small_money = required_decimal(data, "fne.small_turnover", as_of)
    medium_turnover = required_decimal(data, "fne.medium_turnover", as_of)
    medium_balance = required_decimal(data, "fne.medium_balance_sheet", as_of)
    if company.headcount < small_headcount and (
        (turnover is not None and turnover <= small_money)
        or (balance is not None and balance <= small_money)
    ):
        return "small"
    if (turnover is not None and turnover <= medium_turnover) or (
        balance is not None and balance <= medium_balance
    ):
        return "medium"
    return "large"


def evaluate_fne(
    dossier: Dossier, request: FneRequest, as_of: date, data: RuleData, opco: OpcoId | None
) -> SchemeOutcome:
    """Decide and compute the FNE-Formation of ``dossier``, under its agreement's campaign."""
    action = dossier.action
    notices: list[NoticeFact] = []
    agreed = request.agreement_signed_on
    if agreed is None:
        agreed = dossier.submitted_on
        text = Text("fne.campaign_from_submission", agreed=agreed)
        references = refs_at(data, "fne.agreement_deadline", max(agreed, _first(data)))
        notices.append(notice("FNE_CAMPAIGN_FROM_SUBMISSION", text, references, scheme=SCHEME))
    day = max(agreed, _first(data))
    refs = refs_at(data, "fne.rate_small", day)
    checks: list[CheckFact] = []
    size = company_size(dossier, day, data)
    rate: Decimal | None = None
    rate_name = ""
    if size is None:
        text = Text("fne.financials_unknown")
        references = refs_at(data, "fne.small_turnover", day)
        checks.append(check("FNE_FINANCIALS_UNKNOWN", False, text, references))
    else:
        rate_name = f"fne.rate_{size}"
        if opco is OpcoId.AFDAS and decimal_at(data, f"{rate_name}_afdas", day) is not None:
            rate_name = f"{rate_name}_afdas"
        rate = decimal_at(data, rate_name, day)
    national = decimal_at(data, "fne.rate_small", day) is not None
    if not national:
        if request.opco_envelope_rate is not None:
            if size is not None:
                rate = request.opco_envelope_rate
            text = Text(
                "fne.caller_envelope", agreed=agreed, percent=request.opco_envelope_rate * 100
            )
            notices.append(notice("FNE_CALLER_ENVELOPE", text, refs, scheme=SCHEME))
        else:
            text = Text("fne.no_envelope", agreed=agreed)
            checks.append(check("FNE_NO_ENVELOPE", False, text, refs))
    checks.extend(_calendar_checks(dossier, request, day, data))
    checks.extend(_scope_checks(dossier, request, day, data))
    qualiopi, qualiopi_notices = check_qualiopi(
        dossier.provider, action.category, action.start, as_of, data
    )
    checks.append(qualiopi)
    notices.extend(qualiopi_notices)
    decision = decide(SCHEME, checks, refs, needs_input=_NEEDS_INPUT)
    if not decision.eligible or rate is None or size is None:
        return SchemeOutcome(decision=decision, notices=tuple(notices))
    amount = rate * action.costs.pedagogical
    campaign: Words = Text("fne.basis.campaign", year=day.year) if national else ""
    basis: Words = Text(
        "fne.basis.rate",
        campaign=campaign,
        size=_SIZE_WORDS[size],
        percent=rate * 100,
        cost=action.costs.pedagogical,
    )
    params = []
    if rate_name and decimal_at(data, rate_name, day) is not None:
        params.append(parameter_used(data, rate_name, day)[1])
    cap = decimal_at(data, "fne.project_cap", day)
    if cap is not None and amount > cap:
        amount = cap
        basis = (basis, Text("fne.basis.capped", cap=cap))
    claim = Claim.exact(
        SCHEME,
        amount,
        basis,
        Text("fne.explanation"),
        payer=Payer.STATE,
        parameters=tuple(params),
        references=refs,
    )
    text = Text("fne.within_available_funds")
    notices.append(notice("WITHIN_AVAILABLE_FUNDS", text, refs, scheme=SCHEME))
    return SchemeOutcome(decision=decision, claims=(claim,), notices=tuple(notices))


def _first(data: RuleData) -> date:
    return data.parameter("fne.rate_small").first_day


def _scope_checks(
    dossier: Dossier, request: FneRequest, day: date, data: RuleData
) -> list[CheckFact]:
    """Excluded publics and trainings, and the campaign's priority axes."""
    checks: list[CheckFact] = []
    refs = refs_at(data, "fne.excludes_leavers", day)
    excluded = [t for t in dossier.trainees if t.contract in _EXCLUDED]
    if excluded:
        checks.append(check("FNE_EXCLUDED_CONTRACT", False, Text("fne.excluded_contract"), refs))
    if request.trainees_leaving and raw_value(data, "fne.excludes_leavers", day) is True:
        checks.append(check("FNE_TRAINEES_LEAVING", False, Text("fne.trainees_leaving"), refs))
    mandatory = raw_value(data, "fne.excludes_mandatory_training", day)
    if request.mandatory_training and mandatory is True:
        text = Text("fne.mandatory_training")
        references = refs_at(data, "fne.excludes_mandatory_training", day)
        checks.append(check("FNE_MANDATORY_TRAINING", False, text, references))
    axes = raw_value(data, "fne.priority_axes", day)
    axis_refs = refs_at(data, "fne.priority_axes", day)
    if isinstance(axes, tuple):
        listed = ", ".join(axes)  # the axes' own ids (data), not words
        if request.priority_axis is None:
            text = Text("fne.priority_axis_unknown", year=day.year, axes=listed)
            checks.append(check("FNE_PRIORITY_AXIS_UNKNOWN", False, text, axis_refs))
        elif request.priority_axis not in axes:
            text = Text("fne.priority_axis", axis=request.priority_axis, year=day.year, axes=listed)
            checks.append(check("FNE_PRIORITY_AXIS", False, text, axis_refs))
    return checks


def _calendar_checks(
    dossier: Dossier, request: FneRequest, as_of: date, data: RuleData
) -> list[CheckFact]:
    action = dossier.action
    checks: list[CheckFact] = []
    months = raw_value(data, "fne.max_months", as_of)
    if isinstance(months, int) and not lasts_at_most(action.start, action.end, months):
        text = Text("fne.training_too_long", months=months)
        references = refs_at(data, "fne.max_months", as_of)
        checks.append(check("FNE_TRAINING_TOO_LONG", False, text, references))
    deadline = value_on(data, "fne.agreement_deadline", as_of)  # the campaign's day
    signed = request.agreement_signed_on
    if isinstance(deadline.value, date) and signed is not None and signed > deadline.value:
        text = Text("fne.agreement_too_late", deadline=deadline.value)
        checks.append(check("FNE_AGREEMENT_TOO_LATE", False, text, deadline.references))
    end_deadline = value_on(data, "fne.training_end_deadline", as_of)
    if isinstance(end_deadline.value, date) and action.end > end_deadline.value:
        text = Text("fne.training_ends_too_late", deadline=end_deadline.value)
        checks.append(check("FNE_TRAINING_ENDS_TOO_LATE", False, text, end_deadline.references))
    return checks


class FneRule:
    """The FNE-Formation (L5121-1 and following, campaigns by instruction)."""

    scheme = SchemeId.FNE
    name = "Le FNE-Formation"

    def requested(self, dossier: Dossier) -> bool:
        """Asked for by ``dossier.fne``."""
        return dossier.fne is not None

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        """See :func:`evaluate_fne`."""
        request = context.dossier.fne
        assert request is not None
        return evaluate_fne(context.dossier, request, context.day, context.data, context.opco.opco)


RULE = FneRule()
