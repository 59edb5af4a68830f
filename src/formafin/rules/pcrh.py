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
from formafin.facts import AnyCheck, AnyNotice
from formafin.models import ConsultingRequest, Dossier
from formafin.money import ZERO, format_eur, format_number, funded_cents
from formafin.result import Aid, Check, Notice, ParameterUsed, Payer, SchemeId
from formafin.rules.base import RuleContext
from formafin.rules.common import refs_at, required_decimal
from formafin.rules.fne import company_size
from formafin.rules.outcome import SchemeOutcome, decide, parameter_used, raw_value
from formafin.sources import Reference, ReferenceKind, SourceStatus

__all__ = ["EXCLUDED_SUBJECTS", "RULE", "PcrhRule", "evaluate_pcrh"]

SCHEME = SchemeId.PCRH
LABEL = "Prestation de conseil en ressources humaines (PCRH)"
EXCLUDED_SUBJECTS = {
    "juridique": "une consultation juridique",
    "comptable": "une consultation comptable",
    "mise_aux_normes": "une mise aux normes légales ou réglementaires",
    "formation": "une action de formation",
}
_NEEDS_INPUT = frozenset({"PCRH_FINANCIALS_UNKNOWN", "PCRH_DE_MINIMIS_UNKNOWN"})


def evaluate_pcrh(
    dossier: Dossier, request: ConsultingRequest, as_of: date, data: RuleData
) -> SchemeOutcome:
    """Decide the PCRH of ``request`` under the regime of its convention's date, and compute
    the State's maximum share as an aid on the consulting cost (``aids``, never a claim)."""
    notices: list[AnyNotice] = []
    signed = request.agreement_signed_on
    if signed is None:
        signed = as_of
        notices.append(
            Notice.trusted(
                code="PCRH_AGREEMENT_DATE_UNKNOWN",
                message=(
                    "Date de la convention avec la DREETS inconnue (consulting.agreement_signed_on)"
                    f" : formafin applique le régime en vigueur le {as_of:%d/%m/%Y} ; c'est la "
                    "date de l'engagement de l'aide qui fixe le régime, son taux et ses plafonds."
                ),
                scheme=SCHEME,
                references=(data.reference("pcrh_instruction_2022"),),
            )
        )
    # A convention signed before the rules' coverage is judged by the first regime encoded
    # (the 2016 instruction, in force since 8 March 2016).
    day = max(signed, data.parameter("pcrh.rate_max").first_day)
    refs = (*refs_at(data, "pcrh.rate_max", day), data.reference("pcrh_instruction_2022"))
    if raw_value(data, "pcrh.status_confirmed", day) is not True:
        notices.append(
            Notice.trusted(
                code="PCRH_STATUS_UNKNOWN",
                message=(
                    f"Aucune source datée de {day.year} n'a été trouvée sur la PCRH (crédits des "
                    "DREETS, nouvelle instruction ou abrogation) : formafin applique les règles "
                    "de l'instruction du 15 septembre 2022 ; à confirmer auprès de la DREETS."
                ),
                scheme=SCHEME,
                references=refs_at(data, "pcrh.status_confirmed", day),
            )
        )
    checks = _company_checks(dossier, request, day, data)
    checks.append(_subject_check(request, data))
    headroom, minimis_check, minimis_used = _de_minimis(request, day, data)
    if minimis_check is not None:
        checks.append(minimis_check)
    decision = decide(SCHEME, checks, refs, needs_input=_NEEDS_INPUT)
    if not decision.eligible:
        aid = Aid.trusted(
            scheme=SCHEME,
            label=LABEL,
            eligible=False,
            amount=ZERO,
            payer=Payer.STATE,
            basis="—",
            reasons=decision.reasons,
            references=refs,
        )
        return SchemeOutcome(decision=decision, notices=tuple(notices), aids=(aid,))
    rate, rate_used = parameter_used(data, "pcrh.rate_max", day)
    cap, cap_used = parameter_used(data, "pcrh.cap", day)
    amount = rate * request.cost
    basis = (
        f"au plus {format_number(rate * 100)} % × {format_eur(request.cost)} HT de prestation "
        f"= {format_eur(funded_cents(amount))}"
    )
    if amount > cap:
        amount = cap
        basis += f", plafonné à {format_eur(cap)} par accompagnement"
    parameters = [rate_used, cap_used]
    if headroom is not None:
        parameters.extend(minimis_used)
        if amount > headroom:
            amount = headroom
            basis += f", ramené à {format_eur(headroom)}, reste du plafond de minimis"
    amount = funded_cents(amount)
    notices.append(
        Notice.trusted(
            code="PCRH_MAXIMUM_SHARE",
            message=(
                f"PCRH : {format_eur(amount)} est la part maximale de l'État ; la DREETS la fixe "
                "dans la convention, dans la limite de ses crédits. Le reste de la prestation "
                f"({format_eur(request.cost - amount)} HT) peut être financé par l'OPCO de "
                "l'entreprise."
            ),
            scheme=SCHEME,
            references=refs,
        )
    )
    aid = Aid.trusted(
        scheme=SCHEME,
        label=LABEL,
        eligible=amount > 0,  # as every aid: due when its amount is positive
        amount=amount,
        payer=Payer.STATE,
        basis=basis,
        parameters=tuple(parameters),
        references=refs,
    )
    return SchemeOutcome(decision=decision, notices=tuple(notices), aids=(aid,))


def _company_checks(
    dossier: Dossier, request: ConsultingRequest, day: date, data: RuleData
) -> list[AnyCheck]:
    """Headcount, group, EU SME definition and auto-entrepreneurs."""
    company = dossier.company
    limit = required_decimal(data, "pcrh.max_headcount", day)
    limit_refs = refs_at(data, "pcrh.max_headcount", day)
    checks: list[AnyCheck] = [
        Check.trusted(
            code="PCRH_HEADCOUNT",
            met=company.headcount < limit,
            message=(
                f"Effectif de {format_number(company.headcount)} salarié(s) ; la PCRH est "
                f"réservée aux entreprises de moins de {format_number(limit)} salariés."
            ),
            references=limit_refs,
        )
    ]
    group = request.group_headcount
    if group is not None:
        checks.append(
            Check.trusted(
                code="PCRH_GROUP_TOO_LARGE",
                met=group < limit,
                message=(
                    f"Groupe de {format_number(group)} salarié(s) : une entreprise d'un groupe "
                    f"de {format_number(limit)} salariés ou plus est exclue de la PCRH."
                ),
                references=limit_refs,
            )
        )
    if request.micro_entrepreneur:
        checks.append(
            Check.trusted(
                code="PCRH_MICRO_ENTREPRENEUR",
                met=False,
                message="Les micro-entrepreneurs (auto-entrepreneurs) sont exclus de la PCRH.",
                references=(data.reference("pcrh_instruction_2022"),),
            )
        )
    if raw_value(data, "pcrh.requires_eu_sme", day) is True and company.headcount < limit:
        sme_refs = refs_at(data, "pcrh.requires_eu_sme", day)
        size = company_size(dossier, day, data)
        if size is None:
            checks.append(
                Check.trusted(
                    code="PCRH_FINANCIALS_UNKNOWN",
                    met=False,
                    message=(
                        "PME au sens européen à vérifier : indiquez le chiffre d'affaires ou le "
                        "total de bilan (company.annual_turnover, company.balance_sheet_total)."
                    ),
                    references=sme_refs,
                )
            )
        else:
            checks.append(
                Check.trusted(
                    code="PCRH_NOT_SME",
                    met=size != "large",
                    message=(
                        "Chiffre d'affaires et total de bilan au-dessus des seuils de la PME "
                        "européenne : l'entreprise n'est pas une PME au sens de la PCRH."
                        if size == "large"
                        else "PME au sens européen (chiffre d'affaires ou total de bilan)."
                    ),
                    references=sme_refs,
                )
            )
    return checks


def _subject_check(request: ConsultingRequest, data: RuleData) -> Check:
    excluded = EXCLUDED_SUBJECTS.get(request.subject)
    return Check.trusted(
        code="PCRH_SUBJECT_EXCLUDED",
        met=excluded is None,
        message=(
            f"La PCRH ne peut pas avoir pour objet {excluded}."
            if excluded
            else f"Objet de la prestation : « {request.subject} », dans le champ de la PCRH."
        ),
        references=(data.reference("pcrh_instruction_2022"), data.reference("pcrh_scope")),
    )


def _de_minimis(
    request: ConsultingRequest, day: date, data: RuleData
) -> tuple[Decimal | None, Check | None, list[ParameterUsed]]:
    """What is left under the de minimis ceiling (None where the rule does not apply)."""
    if raw_value(data, "pcrh.de_minimis", day) is not True:
        return None, None, []
    refs = (*refs_at(data, "pcrh.de_minimis", day), *refs_at(data, "pcrh.de_minimis_ceiling", day))
    if request.de_minimis_ceiling is not None:
        ceiling = request.de_minimis_ceiling
        used = ParameterUsed.trusted(
            name="consulting.de_minimis_ceiling",
            label="Plafond de minimis du secteur de l'entreprise (déclaré)",
            value=str(ceiling),
            unit="€",
            status=SourceStatus.CALLER,
            references=(
                Reference.trusted(kind=ReferenceKind.CALLER, id="Déclaration de l'appelant"),
            ),
        )
    else:
        ceiling, used = parameter_used(data, "pcrh.de_minimis_ceiling", day)
    received = request.de_minimis_received
    if received is None:
        check = Check.trusted(
            code="PCRH_DE_MINIMIS_UNKNOWN",
            met=False,
            message=(
                "La PCRH est une aide de minimis : indiquez les aides de minimis déjà reçues ou "
                f"demandées (consulting.de_minimis_received), plafond de {format_eur(ceiling)} "
                "sur trois ans."
            ),
            references=refs,
        )
        return None, check, [used]
    headroom = max(ZERO, ceiling - received)
    check = Check.trusted(
        code="PCRH_DE_MINIMIS_EXCEEDED",
        met=headroom > 0,
        message=(
            f"Aides de minimis déjà reçues : {format_eur(received)} pour un plafond de "
            f"{format_eur(ceiling)} ; reste {format_eur(headroom)}."
        ),
        references=refs,
    )
    return headroom, check, [used]


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
