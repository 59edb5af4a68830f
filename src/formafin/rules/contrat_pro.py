"""Contrat de professionnalisation: OPCO forfait, durations, deadline, remaining aids.

- D6332-85: the OPCO pays a flat amount per contract at the branch's level; D6332-86: by
  default « 9,15 euros par heure ou, lorsqu'il porte sur des contrats conclus avec les
  personnes mentionnées à l'article L. 6325-1-1 ou les personnes en parcours d'insertion dans
  un groupement d'employeur pour l'insertion et la qualification ..., à 15 euros par heure »
  (GEIQ: contracts concluded from 2020-10-01). The forfait covers all or part of
  pedagogical costs, pay and transport: formafin spends it on pedagogical costs first, then
  pay, then annex costs.
- L6325-11/-12: action de professionnalisation of 6 to 12 months, 24 by branch agreement,
  36 for the publics of L6325-1-1; L6325-13: training « d'une durée minimale comprise entre
  15 %, sans être inférieure à cent cinquante heures, et 25 % de la durée totale du
  contrat »; L6325-14: « Un accord de branche peut porter au-delà de 25 % la durée des
  actions » (the share the agreement sets replaces 25 %).
- L6332-14 I 4°, D6332-92, D6332-93: the OPCO funds the tutor's training « 15 euros par
  heure de formation et ... 40 heures », and the exercise of tutorat « 230 euros par mois et
  par salarié pour une durée maximale de six mois », « majoré de 50 % » for a tutor of 45 or
  more or a public of L6325-1-1: an aid line (OPCO) where the dossier gives a tutor.
- D6325-1/-2: the contract is sent to the OPCO within five days after the start; the OPCO
  answers within 20 days, silence meaning acceptance.
- The 6 000 € exceptional hiring aid ended for contracts concluded from 2024-05-01
  (décret n° 2024-392); the France Travail and State aids are not encoded (2026 status not
  verified).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import lasts_at_least, lasts_at_most
from formafin.facts import AidFact, CheckFact, NoticeFact, Text, Words, check, notice
from formafin.lookup import value_on
from formafin.models import Dossier, ProfessionalisationContract, QualiopiCategory, Tutor
from formafin.money import funded_cents
from formafin.result import CostCategory, Payer, SchemeId
from formafin.rules.base import RuleContext
from formafin.rules.common import int_at, refs_at, required_decimal
from formafin.rules.outcome import Claim, SchemeOutcome, decide, parameter_used, raw_value
from formafin.rules.qualiopi import check_qualiopi

__all__ = ["RULE", "evaluate_contrat_pro"]

SCHEME = SchemeId.CONTRAT_PRO


def evaluate_contrat_pro(
    dossier: Dossier, data: RuleData
) -> tuple[SchemeOutcome, tuple[AidFact, ...]]:
    """The OPCO funding of a contrat de professionnalisation, the hiring aid if any and the
    tutor's costs if the dossier gives a tutor."""
    contract = dossier.professionalisation
    assert contract is not None
    day = contract.concluded_on
    action = dossier.action
    notices: list[NoticeFact] = []
    checks: list[CheckFact] = [_duration_check(contract, dossier, data)]
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
            text = Text("contrat_pro.sent_late", late=late, days=days)
            references = refs_at(data, "contrat_pro.sent_within_days", day)
            notices.append(notice("CONTRAT_PRO_SENT_LATE", text, references, scheme=SCHEME))
    refs = refs_at(data, "contrat_pro.default_hourly", day)
    decision = decide(SCHEME, checks, refs)
    hiring = _aid(contract, data)
    aids = (*(() if hiring is None else (hiring,)), *_tutor_aids(dossier, contract, data))
    if not decision.eligible:
        return SchemeOutcome(decision=decision, notices=tuple(notices)), aids
    geiq = contract.geiq_insertion and (
        raw_value(data, "contrat_pro.geiq_priority_rate", day) is True
    )
    name = (
        "contrat_pro.default_hourly_priority"
        if contract.priority_public or geiq
        else "contrat_pro.default_hourly"
    )
    default, used = parameter_used(data, name, day)
    if contract.branch_hourly_forfait is not None:
        rate, source = contract.branch_hourly_forfait, Text("contrat_pro.source.branch")
    elif geiq and not contract.priority_public:
        rate, source = default, Text("contrat_pro.source.geiq")
    else:
        rate, source = default, Text("contrat_pro.source.default")
    if contract.geiq_insertion and not geiq and contract.branch_hourly_forfait is None:
        text = Text("contrat_pro.geiq_before_october_2020")
        references = refs_at(data, "contrat_pro.geiq_priority_rate", day)
        notices.append(
            notice("CONTRAT_PRO_GEIQ_BEFORE_OCTOBER_2020", text, references, scheme=SCHEME)
        )
    trainees = Decimal(len(dossier.trainees))
    forfait = rate * action.hours * trainees
    basis = Text(
        "contrat_pro.basis.forfait",
        source=source,
        rate=rate,
        hours=action.hours,
        trainees=trainees,
        forfait=forfait,
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
                    explanation=Text("contrat_pro.explanation"),
                    parameters=(used,),
                    references=refs,
                )
            )
    return SchemeOutcome(decision=decision, claims=tuple(claims), notices=tuple(notices)), aids


def _duration_check(
    contract: ProfessionalisationContract, dossier: Dossier, data: RuleData
) -> CheckFact:
    day = contract.concluded_on
    hours = dossier.action.hours
    minimum = int_at(data, "contrat_pro.min_months", day)
    if contract.priority_public:
        maximum = int_at(data, "contrat_pro.max_months_priority", day)
    elif contract.branch_agreement_24_months:
        maximum = int_at(data, "contrat_pro.max_months_branch", day)
    else:
        maximum = int_at(data, "contrat_pro.max_months", day)
    problems: list[Words] = []
    if not lasts_at_least(contract.start, contract.end, minimum):
        problems.append(Text("contrat_pro.problem.too_short", minimum=minimum))
    if not lasts_at_most(contract.start, contract.end, maximum):
        problems.append(Text("contrat_pro.problem.too_long", maximum=maximum))
    min_hours = required_decimal(data, "contrat_pro.min_training_hours", day)
    if hours < min_hours:
        problems.append(Text("contrat_pro.problem.hours", hours=hours, min_hours=min_hours))
    if contract.contract_hours is not None:
        share = hours / contract.contract_hours
        low = required_decimal(data, "contrat_pro.min_training_share", day)
        high = contract.branch_max_training_share or required_decimal(
            data, "contrat_pro.max_training_share", day
        )
        if share < low or share > high:
            agreement = (
                Text("contrat_pro.problem.agreement") if contract.branch_max_training_share else ""
            )
            problems.append(
                Text(
                    "contrat_pro.problem.share",
                    percent=(share * 100).quantize(Decimal("0.1")),
                    low=low * 100,
                    high=high * 100,
                    agreement=agreement,
                )
            )
    refs = (
        *refs_at(data, "contrat_pro.max_months", day),
        *refs_at(data, "contrat_pro.min_training_hours", day),
    )
    if problems:
        listed: list[Words] = []
        for problem in problems:
            listed += [" ; ", problem] if listed else [problem]
        text = Text("contrat_pro.duration", problems=tuple(listed))
        return check("CONTRAT_PRO_DURATION", False, text, refs)
    text = Text("contrat_pro.duration_ok", minimum=minimum, maximum=maximum, hours=hours)
    return check("CONTRAT_PRO_DURATION_OK", True, text, refs)


def _aid(contract: ProfessionalisationContract, data: RuleData) -> AidFact | None:
    day = contract.concluded_on
    value = value_on(data, "contrat_pro.exceptional_aid", day)
    label = Text("contrat_pro.aid.label")
    if value.value is None:
        return None
    assert isinstance(value.value, Decimal)
    if value.value == 0 or contract.under_30 is False:
        why = "contrat_pro.aid.removed" if value.value == 0 else "contrat_pro.aid.under_30_only"
        failed = check("CONTRAT_PRO_AID_NOT_DUE", False, Text(why), value.references)
        return AidFact.refused(SCHEME, label, (failed,), value.references)
    if contract.under_30 is None:
        return None
    _, used = parameter_used(data, "contrat_pro.exceptional_aid", day)
    return AidFact(
        SCHEME,
        label,
        True,
        value.value,
        Payer.STATE,
        Text("contrat_pro.aid.basis", amount=value.value, day=day),
        parameters=(used,),
        references=value.references,
    )


def _tutor_aids(
    dossier: Dossier, contract: ProfessionalisationContract, data: RuleData
) -> tuple[AidFact, ...]:
    """The tutor's training (D6332-92) and the exercise of tutorat (D6332-93), within their
    caps; where the costs are not given, the cap is shown as the most the OPCO may pay."""
    tutor = contract.tutor
    if tutor is None:
        return ()
    day = contract.concluded_on
    aids = []
    training = _tutor_training(tutor, day, data)
    if training is not None:
        aids.append(training)
    exercise = _tutoring(tutor, contract, len(dossier.trainees), day, data)
    if exercise is not None:
        aids.append(exercise)
    return tuple(aids)


def _tutor_training(tutor: Tutor, day: date, data: RuleData) -> AidFact | None:
    if tutor.training_hours is None:
        return None
    hourly, hourly_used = parameter_used(data, "contrat_pro.tutor_training_hourly_cap", day)
    most, most_used = parameter_used(data, "contrat_pro.tutor_training_max_hours", day)
    hours = min(tutor.training_hours, most)
    cap = hourly * hours
    basis: tuple[Words, ...] = (
        Text("contrat_pro.tutor.training", hourly=hourly, hours=hours, most=most, cap=cap),
    )
    amount = cap
    if tutor.training_costs is not None:
        amount = min(cap, tutor.training_costs)
        costs = tutor.training_costs
        basis += (Text("contrat_pro.tutor.declared", costs=costs, amount=amount),)
    else:
        basis += (Text("contrat_pro.tutor.not_declared"),)
    return AidFact(
        SCHEME,
        Text("contrat_pro.tutor.training_label"),
        amount > 0,
        funded_cents(amount),
        Payer.OPCO,
        basis,
        parameters=(hourly_used, most_used),
        references=refs_at(data, "contrat_pro.tutor_training_hourly_cap", day),
    )


def _tutoring(
    tutor: Tutor,
    contract: ProfessionalisationContract,
    trainees: int,
    day: date,
    data: RuleData,
) -> AidFact | None:
    if tutor.months is None:
        return None
    monthly, monthly_used = parameter_used(data, "contrat_pro.tutoring_monthly_cap", day)
    max_months = int_at(data, "contrat_pro.tutoring_max_months", day)
    parameters = [monthly_used]
    months = min(tutor.months, max_months)
    why: list[Words] = []
    if tutor.aged_45_or_more:
        age = int_at(data, "contrat_pro.tutor_min_age_increase", day)
        why.append(Text("contrat_pro.tutoring.older_tutor", age=age))
    if contract.priority_public:
        why.append(Text("contrat_pro.tutoring.priority_public"))
    if why:
        increase, increase_used = parameter_used(data, "contrat_pro.tutoring_increase", day)
        parameters.append(increase_used)
        monthly = monthly * (1 + increase)
    per_trainee = monthly * months
    basis: tuple[Words, ...] = (Text("contrat_pro.tutoring.monthly", monthly=monthly),)
    if why:
        reasons: tuple[Words, ...] = (why[0], *((", ", w) for w in why[1:]))
        basis += (Text("contrat_pro.tutoring.increased", why=reasons),)
    basis += (Text("contrat_pro.tutoring.months", months=months, max_months=max_months),)
    if tutor.tutoring_costs is not None:
        per_trainee = min(per_trainee, tutor.tutoring_costs)
        basis += (Text("contrat_pro.tutoring.declared", costs=tutor.tutoring_costs),)
    else:
        basis += (Text("contrat_pro.tutoring.not_declared"),)
    amount = per_trainee * trainees
    basis += (Text("contrat_pro.tutoring.trainees", trainees=trainees, amount=amount),)
    return AidFact(
        SCHEME,
        Text("contrat_pro.tutoring.label"),
        amount > 0,
        funded_cents(amount),
        Payer.OPCO,
        basis,
        parameters=tuple(parameters),
        references=refs_at(data, "contrat_pro.tutoring_monthly_cap", day),
    )


class ContratProRule:
    """The contrat de professionnalisation (L6325-1 and following, D6332-87 forfaits)."""

    scheme = SchemeId.CONTRAT_PRO
    name = "Le contrat de professionnalisation"

    def requested(self, dossier: Dossier) -> bool:
        """Asked for by ``dossier.professionalisation``."""
        return dossier.professionalisation is not None

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        """See :func:`evaluate_contrat_pro`; the hiring aids come back as ``aids``."""
        outcome, aids = evaluate_contrat_pro(context.dossier, context.data)
        return SchemeOutcome(outcome.decision, outcome.claims, outcome.notices, outcome.aids + aids)


RULE = ContratProRule()
