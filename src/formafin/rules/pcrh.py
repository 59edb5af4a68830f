"""PCRH (prestation de conseil en ressources humaines): State aid on an HR consulting service.

No statute: DGEFP instructions, chosen by the date of the convention with the DREETS (« pour
les nouveaux engagements de crédits réalisés à partir de la date de publication de cette
instruction », instruction of 15 September 2022, read by Centre Inffo on 30/09/2022):

- 2016 instruction (from 2019 in formafin): companies under 300 employees not in a group of
  300 or more; the State pays at most 50 % of the cost HT, at most 15 000 € HT.
- Instruction of 4 June 2020 (Covid-19), extended to conventions signed by 30 June 2022:
  under 250 employees; the public share « pourra [...] aller le cas échéant jusqu'à une prise
  en charge financière intégrale », still at most 15 000 € HT.
- Instruction of 15 September 2022: companies under 250 employees, not in a group of 250 or
  more, within the EU definition of an SME (turnover ≤ 50 M€ or balance sheet ≤ 43 M€);
  auto-entrepreneurs excluded; « plafonné à 50 % des coûts admissibles hors taxe, dans la
  limite de 15 000 €, pour un accompagnement individuel comme pour un accompagnement d'un
  collectif d'entreprises »; a de minimis aid (200 000 € over three fiscal years under
  regulation 1407/2013, 300 000 € over three rolling years from 2024 under regulation
  2023/2831; sector regulations have their own ceilings); « le reste à charge peut-être
  financé par un opco ». Not for legal or accounting advice, compliance work or training.

Representation (documented choice, docs/rules/pcrh-aif.md): the consulting service is not a
training action, so its cost is not a training cost; the State's share is an :class:`Aid`
paid to the company on the consulting cost, outside the lines, the cost categories and the
remaining cost of the training. The amount is a maximum: the DREETS sets the share in the
convention, within its credits. No source after January 2024 was found: from 2025 formafin
applies the 2022 instruction and says so.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.facts import AidFact, CheckFact, NoticeFact, Text, Words, check, notice, say
from formafin.models import ConsultingRequest, Dossier
from formafin.money import ZERO, funded_cents
from formafin.result import ParameterUsed, Payer, SchemeId
from formafin.rules.base import RuleContext
from formafin.rules.common import refs_at, required_decimal
from formafin.rules.fne import company_size
from formafin.rules.outcome import SchemeOutcome, decide, parameter_used, raw_value
from formafin.sources import Reference, ReferenceKind, SourceStatus

__all__ = ["EXCLUDED_SUBJECTS", "RULE", "PcrhRule", "evaluate_pcrh"]

SCHEME = SchemeId.PCRH
LABEL = Text("pcrh.label")
EXCLUDED_SUBJECTS = {
    "juridique": Text("pcrh.subject.juridique"),
    "comptable": Text("pcrh.subject.comptable"),
    "mise_aux_normes": Text("pcrh.subject.mise_aux_normes"),
    "formation": Text("pcrh.subject.formation"),
}
"""The subjects a PCRH may not have, with their words."""
_NEEDS_INPUT = frozenset({"PCRH_FINANCIALS_UNKNOWN", "PCRH_DE_MINIMIS_UNKNOWN"})


def evaluate_pcrh(
    dossier: Dossier, request: ConsultingRequest, as_of: date, data: RuleData
) -> SchemeOutcome:
    """Decide the PCRH of ``request`` under the regime of its convention's date, and compute
    the State's maximum share as an aid on the consulting cost (``aids``, never a claim)."""
    notices: list[NoticeFact] = []
    signed = request.agreement_signed_on
    if signed is None:
        signed = as_of
        text = Text("pcrh.agreement_date_unknown", day=as_of)
        instruction = (data.reference("pcrh_instruction_2022"),)
        notices.append(notice("PCRH_AGREEMENT_DATE_UNKNOWN", text, instruction, scheme=SCHEME))
    # A convention signed before the rules' coverage is judged by the first regime encoded
    # (the 2016 instruction, in force since 8 March 2016).
    day = max(signed, data.parameter("pcrh.rate_max").first_day)
    refs = (*refs_at(data, "pcrh.rate_max", day), data.reference("pcrh_instruction_2022"))
    if raw_value(data, "pcrh.status_confirmed", day) is not True:
        text = Text("pcrh.status_unknown", year=day.year)
        references = refs_at(data, "pcrh.status_confirmed", day)
        notices.append(notice("PCRH_STATUS_UNKNOWN", text, references, scheme=SCHEME))
    checks = _company_checks(dossier, request, day, data)
    checks.append(_subject_check(request, data))
    headroom, minimis_check, minimis_used = _de_minimis(request, day, data)
    if minimis_check is not None:
        checks.append(minimis_check)
    decision = decide(SCHEME, checks, refs, needs_input=_NEEDS_INPUT)
    if not decision.eligible:
        failed = tuple(c for c in decision.checks if not c.met)
        aid = AidFact.refused(SCHEME, LABEL, failed, refs)
        return SchemeOutcome(decision=decision, notices=tuple(notices), aids=(aid,))
    rate, rate_used = parameter_used(data, "pcrh.rate_max", day)
    cap, cap_used = parameter_used(data, "pcrh.cap", day)
    amount = rate * request.cost
    basis: tuple[Words, ...] = (
        Text(
            "pcrh.basis.share",
            percent=rate * 100,
            cost=request.cost,
            amount=funded_cents(amount),
        ),
    )
    if amount > cap:
        amount = cap
        basis += (Text("pcrh.basis.capped", cap=cap),)
    parameters = [rate_used, cap_used]
    if headroom is not None:
        parameters.extend(minimis_used)
        if amount > headroom:
            amount = headroom
            basis += (Text("pcrh.basis.de_minimis", headroom=headroom),)
    amount = funded_cents(amount)
    text = Text("pcrh.maximum_share", amount=amount, rest=request.cost - amount)
    notices.append(notice("PCRH_MAXIMUM_SHARE", text, refs, scheme=SCHEME))
    aid = AidFact(
        SCHEME,
        LABEL,
        amount > 0,  # as every aid: due when its amount is positive
        amount,
        Payer.STATE,
        basis,
        parameters=tuple(parameters),
        references=refs,
    )
    return SchemeOutcome(decision=decision, notices=tuple(notices), aids=(aid,))


def _company_checks(
    dossier: Dossier, request: ConsultingRequest, day: date, data: RuleData
) -> list[CheckFact]:
    """Headcount, group, EU SME definition and auto-entrepreneurs."""
    company = dossier.company
    limit = required_decimal(data, "pcrh.max_headcount", day)
    limit_refs = refs_at(data, "pcrh.max_headcount", day)
    text = Text("pcrh.headcount", headcount=company.headcount, limit=limit)
    checks: list[CheckFact] = [check("PCRH_HEADCOUNT", company.headcount < limit, text, limit_refs)]
    group = request.group_headcount
    if group is not None:
        text = Text("pcrh.group_too_large", group=group, limit=limit)
        checks.append(check("PCRH_GROUP_TOO_LARGE", group < limit, text, limit_refs))
    if request.micro_entrepreneur:
        text = Text("pcrh.micro_entrepreneur")
        references = (data.reference("pcrh_instruction_2022"),)
        checks.append(check("PCRH_MICRO_ENTREPRENEUR", False, text, references))
    if raw_value(data, "pcrh.requires_eu_sme", day) is True and company.headcount < limit:
        sme_refs = refs_at(data, "pcrh.requires_eu_sme", day)
        size = company_size(dossier, day, data)
        if size is None:
            text = Text("pcrh.financials_unknown")
            checks.append(check("PCRH_FINANCIALS_UNKNOWN", False, text, sme_refs))
        else:
            text = Text("pcrh.not_sme" if size == "large" else "pcrh.sme")
            checks.append(check("PCRH_NOT_SME", size != "large", text, sme_refs))
    return checks


def _subject_check(request: ConsultingRequest, data: RuleData) -> CheckFact:
    excluded = EXCLUDED_SUBJECTS.get(request.subject)
    text = (
        Text("pcrh.subject_excluded", subject=excluded)
        if excluded
        else Text("pcrh.subject_ok", subject=request.subject)
    )
    references = (data.reference("pcrh_instruction_2022"), data.reference("pcrh_scope"))
    return check("PCRH_SUBJECT_EXCLUDED", excluded is None, text, references)


def _de_minimis(
    request: ConsultingRequest, day: date, data: RuleData
) -> tuple[Decimal | None, CheckFact | None, list[ParameterUsed]]:
    """What is left under the de minimis ceiling (None where the rule does not apply)."""
    if raw_value(data, "pcrh.de_minimis", day) is not True:
        return None, None, []
    refs = (*refs_at(data, "pcrh.de_minimis", day), *refs_at(data, "pcrh.de_minimis_ceiling", day))
    if request.de_minimis_ceiling is not None:
        ceiling = request.de_minimis_ceiling
        used = ParameterUsed.trusted(
            name="consulting.de_minimis_ceiling",
            label=say(Text("pcrh.label_declared_ceiling")),
            value=str(ceiling),
            unit="€",
            status=SourceStatus.CALLER,
            references=(
                Reference.trusted(
                    kind=ReferenceKind.CALLER, id=say(Text("pcrh.declared_by_caller"))
                ),
            ),
        )
    else:
        ceiling, used = parameter_used(data, "pcrh.de_minimis_ceiling", day)
    received = request.de_minimis_received
    if received is None:
        text = Text("pcrh.de_minimis_unknown", ceiling=ceiling)
        return None, check("PCRH_DE_MINIMIS_UNKNOWN", False, text, refs), [used]
    headroom = max(ZERO, ceiling - received)
    text = Text("pcrh.de_minimis", received=received, ceiling=ceiling, headroom=headroom)
    return headroom, check("PCRH_DE_MINIMIS_EXCEEDED", headroom > 0, text, refs), [used]


class PcrhRule:
    """The prestation de conseil en ressources humaines (DGEFP instructions, DREETS
    convention): an aid on the consulting cost, outside the training's costs, so its place in
    ``allocation.order`` (last) changes nothing of the training's lines."""

    scheme = SchemeId.PCRH
    name = "La prestation de conseil en ressources humaines (PCRH)"

    def requested(self, dossier: Dossier) -> bool:
        """Asked for by ``dossier.consulting``."""
        return dossier.consulting is not None

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        """See :func:`evaluate_pcrh`."""
        request = context.dossier.consulting
        assert request is not None
        return evaluate_pcrh(context.dossier, request, context.day, context.data)


RULE = PcrhRule()
