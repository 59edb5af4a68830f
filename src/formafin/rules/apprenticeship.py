"""Contrat d'apprentissage: OPCO funding at the NPEC, employer participation, hiring aid.

- The OPCO funds the contract at the niveau de prise en charge (NPEC) of the certification,
  which the caller supplies (France compétences' référentiel is not shipped). From
  2025-07-01 the NPEC is cut by 20 % when the CFA delivers at least 80 % at a distance, with
  a 4 000 € floor (décret n° 2025-586).
- R6332-25-1 (contracts concluded from 2025-07-01): « 750 euros pour chaque contrat
  d'apprentissage visant ... au moins le niveau 6 », deducted from the OPCO's funding and
  invoiced by the CFA after the period of L6222-18 (R6332-25-2). « En cas de rupture du
  contrat au cours de la période mentionnée au premier alinéa de l'article L. 6222-18 »,
  i.e. « des quarante-cinq premiers jours, consécutifs ou non, de formation pratique en
  entreprise », the participation is « dans la limite de 750 euros, à 50 % du montant de prise
  en charge ..., retenu au prorata temporis du nombre de jours effectués dans le cadre du
  contrat » ; a new employer after an early rupture (L6222-18-2) pays 200 €.
- The hiring aid is computed in :mod:`formafin.rules.apprenticeship_aid`.
- D6224-1: the contract is sent to the OPCO within five working days (jours ouvrables) of the
  start.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import add_working_days, days_in_year_from
from formafin.facts import AnyCheck, AnyNotice
from formafin.models import ApprenticeshipContract, Dossier, QualiopiCategory
from formafin.money import ZERO, format_eur, format_number
from formafin.result import Aid, Check, CostCategory, Notice, Payer, SchemeId
from formafin.rules.apprenticeship_aid import apprenticeship_aid
from formafin.rules.base import RuleContext
from formafin.rules.common import decimal_at, int_at, refs_at, required_decimal
from formafin.rules.outcome import Claim, SchemeOutcome, decide, raw_value
from formafin.rules.qualiopi import check_qualiopi

__all__ = ["RULE", "apprenticeship_aid", "evaluate_apprenticeship"]

SCHEME = SchemeId.APPRENTISSAGE


def evaluate_apprenticeship(dossier: Dossier, data: RuleData) -> tuple[SchemeOutcome, Aid]:
    """The OPCO funding of the contract and the employer's hiring aid."""
    contract = dossier.apprenticeship
    assert contract is not None
    day = contract.concluded_on
    notices: list[AnyNotice] = []
    checks: list[AnyCheck] = []
    qualiopi, qualiopi_notices = check_qualiopi(
        dossier.provider, QualiopiCategory.APPRENTISSAGE, contract.start, day, data
    )
    checks.append(qualiopi)
    notices.extend(qualiopi_notices)
    sent_days = raw_value(data, "apprentissage.sent_within_working_days", day)
    if contract.sent_to_opco_on is not None and isinstance(sent_days, int):
        limit = add_working_days(
            contract.start, sent_days, "ouvrables", dossier.company.departement
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
                    references=refs_at(data, "apprentissage.sent_within_working_days", day),
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
                references=refs_at(data, "apprentissage.employer_participation", day),
            )
        )
    refs = refs_at(data, "apprentissage.employer_participation", day)
    decision = decide(SCHEME, checks, refs, needs_input=frozenset({"NPEC_UNKNOWN"}))
    aid = apprenticeship_aid(dossier, contract, data, notices)
    if not decision.eligible or contract.npec is None:
        return SchemeOutcome(decision=decision, notices=tuple(notices)), aid
    npec, basis = _npec(contract, day, data)
    share = _participation(contract, npec, day, data)
    cost = dossier.action.costs.pedagogical
    funded = min(cost, npec)
    low = max(ZERO, funded - share.high)
    high = max(ZERO, funded - share.low)
    basis += f" ; prise en charge min(coût {format_eur(cost)}, NPEC)"
    if share.high > 0:
        basis += f" − participation de l'employeur {share.text}"
        notices.append(
            Notice.trusted(
                code="APPRENTICESHIP_EMPLOYER_PARTICIPATION",
                message=(
                    f"Participation de l'employeur : {share.text}, facturée par le CFA à l'issue "
                    "des 45 premiers jours de formation pratique en entreprise et déduite de la "
                    "prise en charge de l'OPCO."
                ),
                scheme=SCHEME,
                references=refs,
            )
        )
    if share.low != share.high:
        notices.append(
            Notice.trusted(
                code="APPRENTICESHIP_PRACTICAL_DAYS_UNKNOWN",
                message=(
                    "Rupture plus de 45 jours après le début : la participation dépend des jours "
                    "de formation pratique en entreprise effectués, consécutifs ou non (L6222-18). "
                    "Indiquez apprenticeship.company_training_days."
                ),
                scheme=SCHEME,
                references=refs_at(data, "apprentissage.participation_grace_days", day),
            )
        )
    claim = Claim(
        scheme=SCHEME,
        category=CostCategory.PEDAGOGICAL,
        payer=Payer.OPCO,
        low=low,
        high=high,
        basis=basis,
        explanation=(
            "Prise en charge du contrat d'apprentissage par l'OPCO au niveau de prise en charge "
            "de la certification, payée au CFA."
        ),
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


@dataclass(frozen=True)
class _Participation:
    low: Decimal
    high: Decimal
    text: str


def _participation(
    contract: ApprenticeshipContract, npec: Decimal, day: date, data: RuleData
) -> _Participation:
    """R6332-25-1: 750 €, 200 € for a new employer after a rupture, or on a rupture within
    the 45 days of practical training of L6222-18, 50 % of the NPEC pro rata of the days done."""
    amount = decimal_at(data, "apprentissage.employer_participation", day)
    if amount is None:
        return _Participation(ZERO, ZERO, "")
    min_level = int_at(data, "apprentissage.participation_min_level", day)
    if contract.certification_level < min_level:
        return _Participation(ZERO, ZERO, "")
    if contract.after_previous_rupture:
        after = required_decimal(data, "apprentissage.participation_after_rupture", day)
        return _Participation(
            after, after, f"{format_eur(after)} (nouvel employeur après une rupture)"
        )
    flat = _Participation(
        amount,
        amount,
        f"{format_eur(amount)} (certification de niveau {contract.certification_level})",
    )
    if contract.ruptured_on is None:
        return flat
    grace = int_at(data, "apprentissage.participation_grace_days", day)
    elapsed = (contract.ruptured_on - contract.start).days + 1
    practical = contract.company_training_days
    rate = required_decimal(data, "apprentissage.participation_rupture_share", day)
    prorata = min(
        amount, npec * rate * Decimal(elapsed) / Decimal(days_in_year_from(contract.start))
    )
    text = (
        f"{format_eur(prorata)} = min({format_eur(amount)}, {format_number(rate * 100)} % × NPEC "
        f"{format_eur(npec)} × {elapsed}/{days_in_year_from(contract.start)} jours effectués)"
    )
    if practical is not None and practical > grace:
        return flat
    if practical is not None or elapsed <= grace:
        days = elapsed if practical is None else practical
        return _Participation(
            prorata, prorata, f"{text}, rupture après {days} jours de formation pratique"
        )
    return _Participation(
        prorata,
        amount,
        f"entre {text} et {format_eur(amount)} selon les jours de formation pratique effectués",
    )


class ApprenticeshipRule:
    """The contrat d'apprentissage (L6332-14 NPEC, D6243-2 aid)."""

    scheme = SchemeId.APPRENTISSAGE
    name = "Le contrat d'apprentissage"

    def requested(self, dossier: Dossier) -> bool:
        """Asked for by ``dossier.apprenticeship``."""
        return dossier.apprenticeship is not None

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        """See :func:`evaluate_apprenticeship`; the hiring aid comes back in ``aids``."""
        outcome, aid = evaluate_apprenticeship(context.dossier, context.data)
        return replace(outcome, aids=(*outcome.aids, aid))


RULE = ApprenticeshipRule()
