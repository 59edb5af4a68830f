"""Contrat d'apprentissage: OPCO funding at the NPEC, employer participation, hiring aid.

- The OPCO funds the contract at the niveau de prise en charge (NPEC) of the certification,
  which the caller supplies (France compétences' référentiel is not shipped). From
  2025-07-01 the NPEC is cut by 20 % when the CFA delivers at least 80 % at a distance, with
  a 4 000 € floor (décret n° 2025-586).
- R6332-25-1 (contracts from 2025-07-01): the employer pays 750 € for a certification at
  level 6 or above, deducted from the OPCO's funding and invoiced by the CFA after the
  45-day period of L6222-18; on a rupture during that period, 50 % of the NPEC pro rata
  temporis of the days done, within 750 €; a new employer after an early rupture pays 200 €.
- Hiring aid by the date the contract was concluded (L6243-1, D6243-2; décrets n° 2025-174
  and 2026-168): amounts by company size and level, 6 000 € for an RQTH apprentice;
  from 2025-11-01, a contract shorter than a year gets its first and last months pro rata.
- D6224-1: the contract is sent to the OPCO within five working days (jours ouvrables) of the
  start.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import add_working_days, days_in_year_from, first_year_fraction
from formafin.models import ApprenticeshipContract, Dossier, QualiopiCategory
from formafin.money import ZERO, format_eur, format_number
from formafin.result import Aid, Check, Notice, Payer, Reason, SchemeId
from formafin.rules.common import decimal_at, int_at, refs_at, required_decimal
from formafin.rules.outcome import Claim, SchemeOutcome, decide, parameter_used
from formafin.rules.qualiopi import check_qualiopi
from formafin.sources import Reference

__all__ = ["apprenticeship_aid", "evaluate_apprenticeship"]

SCHEME = SchemeId.APPRENTISSAGE


def evaluate_apprenticeship(dossier: Dossier, data: RuleData) -> tuple[SchemeOutcome, Aid]:
    """The OPCO funding of the contract and the employer's hiring aid."""
    contract = dossier.apprenticeship
    assert contract is not None
    day = contract.concluded_on
    notices: list[Notice] = []
    checks: list[Check] = []
    qualiopi, qualiopi_notices = check_qualiopi(
        dossier.provider, QualiopiCategory.APPRENTISSAGE, contract.start, day, data
    )
    checks.append(qualiopi)
    notices.extend(qualiopi_notices)
    sent_refs = refs_at(data, "apprentissage.sent_within_working_days", day)
    if contract.sent_to_opco_on is not None:
        limit = add_working_days(
            contract.start,
            int_at(data, "apprentissage.sent_within_working_days", day),
            "ouvrables",
            dossier.company.departement,
        )
        if contract.sent_to_opco_on > limit:
            notices.append(
                Notice.trusted(
                    code="APPRENTICESHIP_SENT_LATE",
                    message=(
                        f"Contrat transmis à l'OPCO le {contract.sent_to_opco_on:%d/%m/%Y}, après "
                        f"le {limit:%d/%m/%Y} (cinq jours ouvrables après le début, D6224-1)."
                    ),
                    scheme=SCHEME,
                    references=sent_refs,
                )
            )
    if contract.npec is None:
        checks.append(
            Check.trusted(
                code="NPEC_UNKNOWN",
                met=False,
                message=(
                    "Niveau de prise en charge (NPEC) de la certification inconnu : indiquez-le "
                    "(apprenticeship.npec) pour chiffrer la prise en charge de l'OPCO."
                ),
                references=refs_at(data, "apprentissage.npec_distance_floor", day),
            )
        )
    refs = refs_at(data, "apprentissage.employer_participation", day)
    decision = decide(SCHEME, checks, refs, needs_input=frozenset({"NPEC_UNKNOWN"}))
    aid = apprenticeship_aid(dossier, contract, data, notices)
    if not decision.eligible or contract.npec is None:
        return SchemeOutcome(decision=decision, notices=tuple(notices)), aid
    npec, basis = _npec(contract, day, data)
    participation, participation_text = _participation(contract, npec, day, data)
    cost = dossier.action.costs.pedagogical
    amount = max(ZERO, min(cost, npec) - participation)
    basis += f" ; prise en charge min(coût {format_eur(cost)}, NPEC)"
    if participation > 0:
        basis += f" − participation de l'employeur {format_eur(participation)}"
        notices.append(
            Notice.trusted(
                code="APPRENTICESHIP_EMPLOYER_PARTICIPATION",
                message=(
                    f"Participation de l'employeur : {format_eur(participation)} "
                    f"({participation_text}), facturée par le CFA à l'issue des 45 premiers jours "
                    "et déduite de la prise en charge de l'OPCO."
                ),
                scheme=SCHEME,
                references=refs,
            )
        )
    claim = Claim.exact(
        SCHEME,
        amount,
        basis,
        "Prise en charge du contrat d'apprentissage par l'OPCO au niveau de prise en charge de "
        "la certification, payée au CFA.",
        references=refs,
    )
    return SchemeOutcome(decision=decision, claims=(claim,), notices=tuple(notices)), aid


def _npec(contract: ApprenticeshipContract, day: date, data: RuleData) -> tuple[Decimal, str]:
    npec = contract.npec or ZERO
    basis = f"NPEC {format_eur(npec)}"
    cut = decimal_at(data, "apprentissage.npec_distance_cut", day)
    if contract.distance_learning_80 and cut is not None:
        floor = required_decimal(data, "apprentissage.npec_distance_floor", day)
        reduced = max(min(npec, floor), npec * (1 - cut))
        basis += (
            f", minoré de {format_number(cut * 100)} % (formation à distance) dans la limite "
            f"d'un plancher de {format_eur(floor)} : {format_eur(reduced)}"
        )
        npec = reduced
    return npec, basis


def _participation(
    contract: ApprenticeshipContract, npec: Decimal, day: date, data: RuleData
) -> tuple[Decimal, str]:
    amount = decimal_at(data, "apprentissage.employer_participation", day)
    min_level = int_at(data, "apprentissage.participation_min_level", day)
    if amount is None or contract.certification_level < min_level:
        return ZERO, ""
    if contract.after_previous_rupture:
        return (
            required_decimal(data, "apprentissage.participation_after_rupture", day),
            "nouvel employeur après une rupture",
        )
    grace = int_at(data, "apprentissage.participation_grace_days", day)
    if contract.ruptured_on is not None and contract.ruptured_on < contract.start + timedelta(
        days=grace
    ):
        share = required_decimal(data, "apprentissage.participation_rupture_share", day)
        days = (contract.ruptured_on - contract.start).days + 1
        prorata = npec * share * Decimal(days) / Decimal(days_in_year_from(contract.start))
        return min(amount, prorata), f"rupture après {days} jours"
    return amount, f"certification de niveau {contract.certification_level}"


def apprenticeship_aid(
    dossier: Dossier, contract: ApprenticeshipContract, data: RuleData, notices: list[Notice]
) -> Aid:
    """The hiring aid for the first year, by the date the contract was concluded."""
    day = contract.concluded_on
    threshold = required_decimal(data, "apprentissage.aid_size_threshold", day)
    small = dossier.company.headcount < threshold
    level = contract.certification_level
    low_max = int_at(data, "apprentissage.aid_low_level_max", day)
    mid = int_at(data, "apprentissage.aid_mid_level", day)
    high_max = int_at(data, "apprentissage.aid_high_level_max", day)
    band = "low" if level <= low_max else "mid" if level == mid else "high"
    name = f"apprentissage.aid_{'small' if small else 'large'}_{band}"
    rqth_amount = decimal_at(data, "apprentissage.aid_rqth", day)
    if contract.rqth and rqth_amount is not None:
        name = "apprentissage.aid_rqth"
    value = data.parameter(name).at(day)
    refs = value.references
    label = "Aide à l'embauche d'un apprenti"
    if level > high_max and name != "apprentissage.aid_rqth":
        return _no_aid(
            label,
            "APPRENTICESHIP_AID_LEVEL_NOT_COVERED",
            f"niveau {level} : aide limitée au niveau {high_max}",
            refs,
        )
    if value.value is None:
        return _no_aid(
            label,
            "APPRENTICESHIP_AID_NOT_ENCODED",
            f"aucun barème d'aide encodé pour un contrat conclu le {day:%d/%m/%Y} ({value.note})",
            refs,
        )
    amount = value.value
    assert isinstance(amount, Decimal)
    size_text = f"{'moins de' if small else 'au moins'} {format_number(threshold)} salariés"
    if amount == 0:
        return _no_aid(
            label,
            "APPRENTICESHIP_AID_NOT_COVERED",
            (
                f"contrat conclu le {day:%d/%m/%Y}, entreprise de {size_text}, certification de "
                f"niveau {level} : pas d'aide pour cette situation ({value.note})"
            ),
            refs,
        )
    who = "apprenti RQTH" if name.endswith("rqth") else size_text
    basis = f"{format_eur(amount)} ({who}, niveau {level})"
    prorata = data.parameter("apprentissage.aid_daily_prorata").at(day).value is True
    fraction = first_year_fraction(contract.start, contract.end)
    if prorata and fraction < 1:
        amount = amount * fraction
        basis += (
            f" × {format_number(fraction.quantize(Decimal('0.0001')))} (contrat de moins d'un an)"
        )
    if not small:
        notices.append(
            Notice.trusted(
                code="APPRENTICESHIP_AID_QUOTA_CONDITION",
                message=(
                    "Entreprise d'au moins 250 salariés : l'aide suppose d'atteindre le quota "
                    "d'alternants (5 %, ou 3 % avec progression) et de transmettre l'engagement."
                ),
                scheme=SCHEME,
                references=refs,
            )
        )
    _, used = parameter_used(data, name, day)
    return Aid.trusted(
        scheme=SCHEME,
        label=label,
        eligible=True,
        amount=amount.quantize(Decimal("0.01")),
        payer=Payer.STATE,
        basis=basis,
        parameters=(used,),
        references=refs,
    )


def _no_aid(label: str, code: str, why: str, refs: tuple[Reference, ...]) -> Aid:
    message = why[0].upper() + why[1:] + "."
    return Aid.trusted(
        scheme=SCHEME,
        label=label,
        eligible=False,
        amount=ZERO,
        payer=Payer.STATE,
        basis="—",
        reasons=(Reason.trusted(code=code, message=message, references=refs),),
        references=refs,
    )
