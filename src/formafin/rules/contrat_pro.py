"""Contrat de professionnalisation: OPCO forfait, durations, deadline, remaining aids.

- D6332-85: the OPCO pays a flat amount per contract at the branch's level; D6332-86: by
  default 9,15 €/h (15 €/h for the publics of L6325-1-1). The forfait covers all or part of
  pedagogical costs, pay and transport: formafin spends it on pedagogical costs first, then
  pay, then annex costs.
- L6325-11/-12: action de professionnalisation of 6 to 12 months, 24 by branch agreement,
  36 for the publics of L6325-1-1; L6325-13/-14: training between 15 and 25 % of the contract
  and at least 150 h (more than 25 % by branch agreement).
- D6325-1/-2: the contract is sent to the OPCO within five days after the start; the OPCO
  answers within 20 days, silence meaning acceptance.
- The 6 000 € exceptional hiring aid ended for contracts concluded from 2024-05-01
  (décret n° 2024-392); the France Travail and State aids are not encoded (2026 status not
  verified).
"""

from __future__ import annotations

from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import lasts_at_least, lasts_at_most
from formafin.models import Dossier, ProfessionalisationContract, QualiopiCategory
from formafin.money import ZERO, format_eur, format_number
from formafin.result import Aid, Check, CostCategory, Notice, Payer, Reason, SchemeId
from formafin.rules.common import int_at, refs_at, required_decimal
from formafin.rules.outcome import Claim, SchemeOutcome, decide, parameter_used
from formafin.rules.qualiopi import check_qualiopi

__all__ = ["evaluate_contrat_pro"]

SCHEME = SchemeId.CONTRAT_PRO


def evaluate_contrat_pro(dossier: Dossier, data: RuleData) -> tuple[SchemeOutcome, Aid | None]:
    """The OPCO funding of a contrat de professionnalisation, and the hiring aid if any."""
    contract = dossier.professionalisation
    assert contract is not None
    day = contract.concluded_on
    action = dossier.action
    notices: list[Notice] = []
    checks = [_duration_check(contract, dossier, data)]
    if not dossier.provider.internal:
        qualiopi, qualiopi_notices = check_qualiopi(
            dossier.provider, QualiopiCategory.ACTIONS_DE_FORMATION, contract.start, day, data
        )
        checks.append(qualiopi)
        notices.extend(qualiopi_notices)
    if contract.sent_to_opco_on is not None:
        days = int_at(data, "contrat_pro.sent_within_days", day)
        late = (contract.sent_to_opco_on - contract.start).days
        if late > days:
            notices.append(
                Notice.trusted(
                    code="CONTRAT_PRO_SENT_LATE",
                    message=(
                        f"Contrat transmis à l'OPCO {late} jours après le début : D6325-1 impose "
                        f"un envoi au plus tard dans les {days} jours qui suivent."
                    ),
                    scheme=SCHEME,
                    references=refs_at(data, "contrat_pro.sent_within_days", day),
                )
            )
    refs = refs_at(data, "contrat_pro.default_hourly", day)
    decision = decide(SCHEME, checks, refs)
    aid = _aid(contract, data)
    if not decision.eligible:
        return SchemeOutcome(decision=decision, notices=tuple(notices)), aid
    name = (
        "contrat_pro.default_hourly_priority"
        if contract.priority_public
        else "contrat_pro.default_hourly"
    )
    default, used = parameter_used(data, name, day)
    if contract.branch_hourly_forfait is not None:
        rate, source = contract.branch_hourly_forfait, "forfait de la branche"
    else:
        rate, source = default, "forfait légal par défaut (D6332-86)"
    trainees = Decimal(len(dossier.trainees))
    forfait = rate * action.hours * trainees
    basis = (
        f"{source} {format_eur(rate)}/h × {format_number(action.hours)} h × "
        f"{format_number(trainees)} stagiaire(s) = {format_eur(forfait)}"
    )
    claims = []
    left = forfait
    for category, cost in (
        (CostCategory.PEDAGOGICAL, action.costs.pedagogical),
        (CostCategory.SALARY, action.costs.salary),
        (CostCategory.ANNEX, action.costs.annex),
    ):
        part = min(left, cost)
        left -= part
        if part > 0:
            claims.append(
                Claim(
                    scheme=SCHEME,
                    category=category,
                    payer=Payer.OPCO,
                    low=part,
                    high=part,
                    basis=basis,
                    explanation=(
                        "Forfait du contrat de professionnalisation versé par l'OPCO (D6332-85) ; "
                        "il couvre les frais pédagogiques, puis la rémunération et les frais de "
                        "transport et d'hébergement."
                    ),
                    parameters=(used,),
                    references=refs,
                )
            )
    return SchemeOutcome(decision=decision, claims=tuple(claims), notices=tuple(notices)), aid


def _duration_check(
    contract: ProfessionalisationContract, dossier: Dossier, data: RuleData
) -> Check:
    day = contract.concluded_on
    hours = dossier.action.hours
    minimum = int_at(data, "contrat_pro.min_months", day)
    if contract.priority_public:
        maximum = int_at(data, "contrat_pro.max_months_priority", day)
    elif contract.branch_agreement_24_months:
        maximum = int_at(data, "contrat_pro.max_months_branch", day)
    else:
        maximum = int_at(data, "contrat_pro.max_months", day)
    problems = []
    if not lasts_at_least(contract.start, contract.end, minimum):
        problems.append(f"action de moins de {minimum} mois")
    if not lasts_at_most(contract.start, contract.end, maximum):
        problems.append(f"action de plus de {maximum} mois")
    min_hours = required_decimal(data, "contrat_pro.min_training_hours", day)
    if hours < min_hours:
        problems.append(
            f"{format_number(hours)} h de formation, moins de {format_number(min_hours)} h"
        )
    if contract.contract_hours is not None:
        share = hours / contract.contract_hours
        low = required_decimal(data, "contrat_pro.min_training_share", day)
        high = required_decimal(data, "contrat_pro.max_training_share", day)
        if share < low or share > high:
            percent = format_number((share * 100).quantize(Decimal("0.1")))
            problems.append(
                f"formation à {percent} % du contrat, "
                f"hors de {format_number(low * 100)} à {format_number(high * 100)} %"
            )
    refs = (
        *refs_at(data, "contrat_pro.max_months", day),
        *refs_at(data, "contrat_pro.min_training_hours", day),
    )
    if problems:
        return Check.trusted(
            code="CONTRAT_PRO_DURATION",
            met=False,
            message="Durées non conformes : " + " ; ".join(problems) + ".",
            references=refs,
        )
    return Check.trusted(
        code="CONTRAT_PRO_DURATION_OK",
        met=True,
        message=f"Action de {minimum} à {maximum} mois et {format_number(hours)} h de formation.",
        references=refs,
    )


def _aid(contract: ProfessionalisationContract, data: RuleData) -> Aid | None:
    day = contract.concluded_on
    value = data.parameter("contrat_pro.exceptional_aid").at(day)
    label = "Aide exceptionnelle à l'embauche en contrat de professionnalisation"
    if value.value is None:
        return None
    assert isinstance(value.value, Decimal)
    if value.value == 0 or contract.under_30 is False:
        why = (
            "aide supprimée pour les contrats conclus à partir du 1er mai 2024"
            if value.value == 0
            else "aide réservée aux salariés de moins de 30 ans"
        )
        return Aid.trusted(
            scheme=SCHEME,
            label=label,
            eligible=False,
            amount=ZERO,
            payer=Payer.STATE,
            basis="—",
            reasons=(
                Reason.trusted(
                    code="CONTRAT_PRO_AID_NOT_DUE",
                    message=why[0].upper() + why[1:] + ".",
                    references=value.references,
                ),
            ),
            references=value.references,
        )
    if contract.under_30 is None:
        return None
    _, used = parameter_used(data, "contrat_pro.exceptional_aid", day)
    return Aid.trusted(
        scheme=SCHEME,
        label=label,
        eligible=True,
        amount=value.value,
        payer=Payer.STATE,
        basis=f"{format_eur(value.value)} pour un contrat conclu le {day:%d/%m/%Y}",
        parameters=(used,),
        references=value.references,
    )
