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

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import add_working_days, days_in_year_from
from formafin.facts import AidFact, CheckFact, NoticeFact, Text, Words, check, notice
from formafin.models import ApprenticeshipContract, Dossier, QualiopiCategory
from formafin.money import ZERO
from formafin.result import CostCategory, Payer, SchemeId
from formafin.rules.apprenticeship_aid import apprenticeship_aid
from formafin.rules.base import RuleContext
from formafin.rules.common import decimal_at, int_at, refs_at, required_decimal
from formafin.rules.outcome import Claim, SchemeOutcome, decide, raw_value
from formafin.rules.qualiopi import check_qualiopi

__all__ = ["RULE", "apprenticeship_aid", "evaluate_apprenticeship"]

SCHEME = SchemeId.APPRENTISSAGE


def evaluate_apprenticeship(dossier: Dossier, data: RuleData) -> tuple[SchemeOutcome, AidFact]:
    """The OPCO funding of the contract and the employer's hiring aid."""
    contract = dossier.apprenticeship
    assert contract is not None
    day = contract.concluded_on
    notices: list[NoticeFact] = []
    checks: list[CheckFact] = []
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
            text = Text("apprenticeship.sent_late", sent=contract.sent_to_opco_on, limit=limit)
            references = refs_at(data, "apprentissage.sent_within_working_days", day)
            notices.append(notice("APPRENTICESHIP_SENT_LATE", text, references, scheme=SCHEME))
    if contract.npec is None:
        references = refs_at(data, "apprentissage.employer_participation", day)
        checks.append(check("NPEC_UNKNOWN", False, Text("apprenticeship.npec_unknown"), references))
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
    basis += (Text("apprenticeship.basis.funded", cost=cost),)
    if share.high > 0:
        basis += (Text("apprenticeship.basis.participation", share=share.text),)
        text = Text("apprenticeship.employer_participation", share=share.text)
        notices.append(notice("APPRENTICESHIP_EMPLOYER_PARTICIPATION", text, refs, scheme=SCHEME))
    if share.low != share.high:
        text = Text("apprenticeship.practical_days_unknown")
        references = refs_at(data, "apprentissage.participation_grace_days", day)
        notices.append(
            notice("APPRENTICESHIP_PRACTICAL_DAYS_UNKNOWN", text, references, scheme=SCHEME)
        )
    claim = Claim(
        scheme=SCHEME,
        category=CostCategory.PEDAGOGICAL,
        payer=Payer.OPCO,
        low=low,
        high=high,
        basis=basis,
        explanation=Text("apprenticeship.explanation"),
        references=refs,
    )
    return SchemeOutcome(decision=decision, claims=(claim,), notices=tuple(notices)), aid


def _npec(
    contract: ApprenticeshipContract, day: date, data: RuleData
) -> tuple[Decimal, tuple[Words, ...]]:
    npec = contract.npec or ZERO
    basis: tuple[Words, ...] = (Text("apprenticeship.basis.npec", npec=npec),)
    cut = decimal_at(data, "apprentissage.npec_distance_cut", day)
    if contract.distance_learning_80 and cut is not None:
        floor = required_decimal(data, "apprentissage.npec_distance_floor", day)
        reduced = max(min(npec, floor), npec * (1 - cut))
        basis += (
            Text("apprenticeship.basis.distance", percent=cut * 100, floor=floor, reduced=reduced),
        )
        npec = reduced
    return npec, basis


@dataclass(frozen=True)
class _Participation:
    low: Decimal
    high: Decimal
    text: Words


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
        return _Participation(after, after, Text("apprenticeship.share.after_rupture", after=after))
    flat = _Participation(
        amount,
        amount,
        Text("apprenticeship.share.flat", amount=amount, level=contract.certification_level),
    )
    if contract.ruptured_on is None:
        return flat
    grace = int_at(data, "apprentissage.participation_grace_days", day)
    elapsed = (contract.ruptured_on - contract.start).days + 1
    practical = contract.company_training_days
    rate = required_decimal(data, "apprentissage.participation_rupture_share", day)
    days_in_year = days_in_year_from(contract.start)
    prorata = min(amount, npec * rate * Decimal(elapsed) / Decimal(days_in_year))
    text = Text(
        "apprenticeship.share.prorata",
        prorata=prorata,
        amount=amount,
        percent=rate * 100,
        npec=npec,
        elapsed=elapsed,
        days_in_year=days_in_year,
    )
    if practical is not None and practical > grace:
        return flat
    if practical is not None or elapsed <= grace:
        days = elapsed if practical is None else practical
        return _Participation(
            prorata, prorata, Text("apprenticeship.share.rupture_after", text=text, days=days)
        )
    return _Participation(
        prorata, amount, Text("apprenticeship.share.between", text=text, amount=amount)
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
        return SchemeOutcome(
            outcome.decision, outcome.claims, outcome.notices, (*outcome.aids, aid)
        )


RULE = ApprenticeshipRule()
