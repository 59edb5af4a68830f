"""AIF (aide individuelle à la formation): France Travail tops up what nothing else covers.

C. trav. L6121-4: « L'opérateur France Travail attribue des aides individuelles à la
formation » (Pôle emploi until 2023). L6323-23: the CPF of a job seeker pays « dans la limite
du droit acquis du compte personnel en cas de financement complémentaire. Ce financement
complémentaire correspond à toute aide individuelle à la formation du demandeur d'emploi ».
L6316-1: a provider funded by France Travail must be Qualiopi-certified.

France Travail's own rules (Carif-Oref Occitanie): registered job seekers, a training
validated in their PPAE, when other funding does not cover it all; « le montant de l'AIF est
égal au montant des frais pédagogiques de la formation restant à la charge du bénéficiaire »;
paid to the provider. It decides case by case, within its budget, with no published cap.

So formafin never counts a firm AIF amount: the line is indicative, from 0 € up to the
pedagogical cost the earlier schemes (CPF included) left on the job seekers' share of the
action (the pedagogical cost shared equally between trainees, as for the CPF). Its amount
counted is 0 €, its range shows what France Travail may pay.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.facts import CheckFact, NoticeFact, Text, check, notice
from formafin.models import Dossier
from formafin.money import ZERO, funded_cents
from formafin.result import CostCategory, Payer, SchemeId
from formafin.rules.base import RuleContext
from formafin.rules.common import refs_at
from formafin.rules.outcome import Claim, SchemeOutcome, decide, parameter_used
from formafin.rules.qualiopi import check_qualiopi

__all__ = ["RULE", "AifRule", "evaluate_aif", "job_seekers"]

SCHEME = SchemeId.AIF


def job_seekers(dossier: Dossier) -> int:
    """How many trainees of ``dossier`` are job seekers."""
    return sum(1 for trainee in dossier.trainees if trainee.job_seeker)


def evaluate_aif(
    dossier: Dossier, as_of: date, data: RuleData, pedagogical_left: Decimal
) -> SchemeOutcome:
    """Decide the AIF of the job seekers of ``dossier``; ``pedagogical_left`` is the
    pedagogical cost the schemes evaluated before it (the CPF among them) left unfunded."""
    action = dossier.action
    seekers, everyone = job_seekers(dossier), len(dossier.trainees)
    refs = (
        data.reference("l6121_4"),
        data.reference("l6323_23"),
        *refs_at(data, "aif.max_share_of_remaining", as_of),
    )
    share, share_used = parameter_used(data, "aif.max_share_of_remaining", as_of)
    text = Text("aif.job_seeker", seekers=seekers, everyone=everyone)
    references = (data.reference("l6121_4"), data.reference("aif_ppae"))
    checks: list[CheckFact] = [check("AIF_JOB_SEEKER", seekers > 0, text, references)]
    qualiopi, qualiopi_notices = check_qualiopi(
        dossier.provider, action.category, action.start, as_of, data
    )
    checks.append(qualiopi)
    their_cost = action.costs.pedagogical * seekers / everyone
    ceiling = funded_cents(min(pedagogical_left, their_cost) * share)
    text = Text("aif.cost_covered", ceiling=ceiling)
    references = (data.reference("l6323_23"), data.reference("aif_ppae"))
    checks.append(check("AIF_COST_COVERED", ceiling > 0, text, references))
    decision = decide(SCHEME, checks, refs, indicative=True)
    if not decision.eligible:
        return SchemeOutcome(decision=decision, notices=qualiopi_notices)
    basis = Text(
        "aif.basis",
        low=ZERO,
        ceiling=ceiling,
        percent=share * 100,
        seekers=seekers,
        everyone=everyone,
    )
    claim = Claim(
        scheme=SCHEME,
        category=CostCategory.PEDAGOGICAL,
        payer=Payer.OTHER,
        low=ZERO,
        high=ceiling,
        basis=basis,
        explanation=Text("aif.explanation"),
        parameters=(share_used,),
        references=refs,
        flagged=True,
    )
    notices: tuple[NoticeFact, ...] = (
        *qualiopi_notices,
        notice(
            "AIF_CASE_BY_CASE",
            Text("aif.case_by_case", ceiling=ceiling),
            (data.reference("l6121_4"), data.reference("aif_ppae")),
            scheme=SCHEME,
        ),
    )
    return SchemeOutcome(decision=decision, claims=(claim,), notices=tuple(notices))


class AifRule:
    """France Travail's aide individuelle à la formation (L6121-4, L6323-23), evaluated after
    the CPF (``allocation.order``): it sees the pedagogical cost the CPF and the others left."""

    scheme = SchemeId.AIF
    name = "L'aide individuelle à la formation (AIF) de France Travail"

    def requested(self, dossier: Dossier) -> bool:
        """Concerns every dossier with a job seeker among its trainees."""
        return job_seekers(dossier) > 0

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        """See :func:`evaluate_aif`."""
        left = context.remaining(CostCategory.PEDAGOGICAL)
        return evaluate_aif(context.dossier, context.day, context.data, left)


RULE = AifRule()
