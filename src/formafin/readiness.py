"""Dossier readiness: what an OPCO will ask for, the deadlines, and the refusal risks.

:func:`check_dossier` never raises on a valid dossier. It gathers:

- every **reason of the estimate's decisions** (so the two never disagree), blocking for the
  schemes the dossier asks for (the plan when it asks for nothing specific), informative for
  the others;
- the **file's content** the OPCO checklist asks for: a dated programme (objectives, targeted
  skills, modality, evaluation), a quote or training agreement showing the provider's NDA
  (R6351-6), the professional objective and context, the planned traceability (attendance,
  evaluations, certificat de réalisation — arrêté du 21 décembre 2018). These findings are
  checked only here, not in the estimate: a missing document does not change what the law
  funds (documented choice);
- **deadlines** (plan lead time, période de reconversion window, alternance transmissions,
  CPF leave requests and Mon Compte Formation registration), the **budget calendar** and
  **price** checks.

Vague objectives are only detected roughly (empty, very short, or without an action verb)
and are warnings, never blocking.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, computed_field

from formafin.data import RuleData, rule_data
from formafin.dates import add_working_days, as_of_day, lasts_at_least
from formafin.estimate import estimate_funding
from formafin.models import Dossier
from formafin.money import format_eur, money_context
from formafin.result import FundingEstimate, SchemeId
from formafin.sources import FrozenModel, Reference, ReferenceKind

__all__ = ["DossierCheck", "Finding", "Severity", "check_dossier"]

# Heuristics for vague objectives (not law): the minimum length of a useful objective and
# the verbs that start an observable objective (Bloom's taxonomy, in French).
_MIN_OBJECTIVE_LENGTH = 30
_ACTION_VERBS = re.compile(
    r"\b(identifier|connaître|connaitre|décrire|expliquer|appliquer|utiliser|mettre en "
    r"(œuvre|oeuvre|place)|réaliser|analyser|évaluer|concevoir|rédiger|maîtriser|maitriser|"
    r"piloter|gérer|animer|conduire|savoir|être capable|etre capable|organiser|produire|"
    r"diagnostiquer|respecter|sécuriser|manipuler|paramétrer|déployer|négocier|vendre|"
    r"accueillir|communiquer|planifier|contrôler|controler|calculer|installer|réparer|"
    r"entretenir|préparer|construire|développer|adapter|prévenir|traiter|encadrer)",
    re.IGNORECASE,
)
_ARRETE_2018 = Reference(
    kind=ReferenceKind.ARRETE,
    id="Arrêté du 21 décembre 2018 (justificatifs du service fait)",
    url="https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000037880305",
)
_CHECKLIST = Reference(
    kind=ReferenceKind.OPCO_PAGE,
    id="Pièces demandées par les OPCO pour une demande de prise en charge",
)


class Severity(StrEnum):
    """How serious a finding is."""

    BLOCKING = "blocking"
    WARNING = "warning"
    INFO = "info"


class Finding(FrozenModel):
    """Something to fix or to know before sending the file."""

    severity: Severity = Field(description="Bloquant, avertissement ou information.")
    code: str = Field(description="Code stable.")
    message: str = Field(description="Ce qu'il faut corriger, en français.")
    scheme: SchemeId | None = Field(default=None, description="Dispositif concerné.")
    references: tuple[Reference, ...] = Field(default=(), description="Sources.")


class DossierCheck(FrozenModel):
    """All findings, and whether anything blocks."""

    as_of: date = Field(description="Date des règles appliquées.")
    findings: tuple[Finding, ...] = Field(description="Constats, les bloquants d'abord.")
    estimate: FundingEstimate = Field(
        description="L'estimation sur laquelle reposent les constats."
    )

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """The blocking findings."""
        return tuple(f for f in self.findings if f.severity is Severity.BLOCKING)

    @computed_field(description="Vrai si aucun constat n'est bloquant.")  # type: ignore[prop-decorator]
    @property
    def ready(self) -> bool:
        """No blocking finding."""
        return not self.blocking

    def codes(self) -> list[str]:
        """The codes of all findings."""
        return [f.code for f in self.findings]


def check_dossier(dossier: Dossier, *, as_of: date | None = None) -> DossierCheck:
    """Check a dossier before it is sent to the funders."""
    day = as_of_day(as_of, dossier.action.start)
    estimate = estimate_funding(dossier, as_of=day)
    data = rule_data()
    findings: list[Finding] = []
    with money_context():
        findings.extend(_decision_findings(dossier, estimate))
        findings.extend(_scoped_content_findings(dossier))
        findings.extend(_deadline_findings(dossier, estimate, day, data))
        findings.extend(_budget_findings(dossier, estimate, day, data))
        findings.extend(_price_findings(dossier, estimate, day, data))
    order = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}
    findings.sort(key=lambda f: order[f.severity])
    return DossierCheck(as_of=day, findings=tuple(findings), estimate=estimate)


_WARNING_NOTICES = {
    "CONTRAT_PRO_SENT_LATE",
    "APPRENTICESHIP_SENT_LATE",
    "ANNEX_DETAIL_MISSING",
    "INTERNAL_TRAINING_QUALIOPI_UNCONFIRMED",
    "OPCO_IDCC_MISMATCH",
    "OPCO_INDICATIVE",
    "QUALIOPI_VALIDITY_TOO_LONG",
    "BAREME_UNKNOWN",
    "BAREME_LAST_KNOWN",
}


def _requested(dossier: Dossier) -> set[SchemeId]:
    """The schemes the dossier asks for; the plan when it asks for nothing specific."""
    asked = {
        scheme
        for scheme, request in (
            (SchemeId.PRO_A, dossier.pro_a),
            (SchemeId.PERIODE_RECONVERSION, dossier.reconversion),
            (SchemeId.FNE, dossier.fne),
            (SchemeId.APPRENTISSAGE, dossier.apprenticeship),
            (SchemeId.CONTRAT_PRO, dossier.professionalisation),
        )
        if request is not None
    }
    if any(trainee.cpf is not None for trainee in dossier.trainees):
        asked.add(SchemeId.CPF)
    if not asked:
        asked.add(SchemeId.OPCO_PLAN)
    return asked


def _decision_findings(dossier: Dossier, estimate: FundingEstimate) -> list[Finding]:
    findings: list[Finding] = []
    requested = _requested(dossier)
    for decision in estimate.decisions:
        if decision.eligible:
            continue
        # A scheme the dossier does not ask for only informs (e.g. the CPF without rights).
        severity = Severity.BLOCKING if decision.scheme in requested else Severity.INFO
        findings.extend(
            Finding(
                severity=severity,
                code=reason.code,
                message=reason.message,
                scheme=decision.scheme,
                references=reason.references,
            )
            for reason in decision.reasons
        )
    for notice in estimate.warnings:
        if notice.code in _WARNING_NOTICES:
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code=notice.code,
                    message=notice.message,
                    scheme=notice.scheme,
                    references=notice.references,
                )
            )
    return findings


# Schemes whose funding goes through a file sent to the OPCO (programme, quote, certificat de
# réalisation…). The CPF goes through Mon Compte Formation, where the provider files the offer.
_OPCO_FILE_SCHEMES = frozenset(
    {
        SchemeId.OPCO_PLAN,
        SchemeId.PRO_A,
        SchemeId.PERIODE_RECONVERSION,
        SchemeId.FNE,
        SchemeId.CONTRAT_PRO,
        SchemeId.APPRENTISSAGE,
    }
)


def _scoped_content_findings(dossier: Dossier) -> list[Finding]:
    """The OPCO file's content findings, only when a scheme funded through the OPCO is asked
    for, and attributed to that scheme (to none when several are asked for)."""
    asked = _requested(dossier) & _OPCO_FILE_SCHEMES
    if not asked:
        return []
    scheme = next(iter(asked)) if len(asked) == 1 else None
    return [f.model_copy(update={"scheme": scheme}) for f in _content_findings(dossier)]


def _missing(code: str, message: str, *refs: Reference) -> Finding:
    return Finding(
        severity=Severity.BLOCKING, code=code, message=message, references=(_CHECKLIST, *refs)
    )


def _content_findings(dossier: Dossier) -> list[Finding]:
    action = dossier.action
    findings: list[Finding] = []
    programme = action.programme
    if programme is None:
        findings.append(
            _missing(
                "PROGRAMME_MISSING",
                "Joignez le programme daté : objectifs, compétences visées, durée, modalité, "
                "évaluation.",
            )
        )
    else:
        if programme.dated_on is None:
            findings.append(_missing("PROGRAMME_UNDATED", "Datez le programme de formation."))
        findings.extend(_objective_findings(programme.objectives))
        if not programme.skills:
            findings.append(
                _missing("SKILLS_MISSING", "Indiquez les compétences visées par la formation.")
            )
        if programme.modality is None:
            findings.append(
                _missing(
                    "MODALITY_MISSING",
                    "Précisez la modalité : présentiel, à distance (FOAD), mixte ou AFEST.",
                )
            )
        if not (programme.evaluation or "").strip():
            findings.append(
                _missing("EVALUATION_MISSING", "Décrivez les modalités d'évaluation des acquis.")
            )
    agreement = action.agreement
    nda_ref = Reference(kind=ReferenceKind.CODE, id="C. trav. R6351-6")
    if agreement is None:
        findings.append(
            _missing(
                "AGREEMENT_MISSING",
                "Joignez le devis ou la convention de formation (intitulé, dates, coût, "
                "conditions, numéro de déclaration d'activité).",
                Reference(kind=ReferenceKind.CODE, id="C. trav. L6353-1"),
            )
        )
    else:
        if agreement.amount is not None and agreement.amount != action.costs.pedagogical:
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="AGREEMENT_AMOUNT_MISMATCH",
                    message=(
                        f"Le {agreement.kind} indique {format_eur(agreement.amount)}, les coûts "
                        f"pédagogiques du dossier {format_eur(action.costs.pedagogical)}."
                    ),
                    references=(_CHECKLIST,),
                )
            )
        if not (agreement.conditions or "").strip():
            findings.append(
                _missing(
                    "AGREEMENT_CONDITIONS_MISSING",
                    "Précisez les conditions du devis ou de la convention.",
                )
            )
        if not dossier.provider.internal and (
            dossier.provider.nda is None or not agreement.shows_nda
        ):
            findings.append(
                _missing(
                    "NDA_MISSING",
                    "Le numéro de déclaration d'activité de l'organisme doit figurer sur le devis "
                    "ou la convention (R6351-6).",
                    nda_ref,
                )
            )
    context = dossier.context
    if context is None or not all(
        (part or "").strip()
        for part in (context.job, context.expected_change, context.business_need)
    ):
        findings.append(
            _missing(
                "CONTEXT_MISSING",
                "Décrivez l'objectif professionnel : poste, évolution attendue et besoin de "
                "l'entreprise.",
            )
        )
    trace = action.traceability
    if trace is None or not trace.completion_certificate:
        findings.append(
            _missing(
                "COMPLETION_CERTIFICATE_NOT_PLANNED",
                "Prévoyez le certificat de réalisation : l'OPCO paie sur facture et certificat.",
                _ARRETE_2018,
            )
        )
    if trace is None or not trace.attendance_records:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="ATTENDANCE_NOT_PLANNED",
                message=(
                    "Prévoyez des feuilles d'émargement ou leur équivalent numérique : les OPCO "
                    "les demandent en contrôle."
                ),
                references=(_ARRETE_2018,),
            )
        )
    if trace is None or not trace.evaluations:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="EVALUATIONS_NOT_PLANNED",
                message=(
                    "Prévoyez les évaluations (acquis, satisfaction) à conserver en justificatif."
                ),
                references=(_ARRETE_2018,),
            )
        )
    return findings


def _objective_findings(objectives: str | None) -> list[Finding]:
    text = (objectives or "").strip()
    if not text:
        return [_missing("OBJECTIVES_MISSING", "Rédigez les objectifs pédagogiques.")]
    findings = []
    if len(text) < _MIN_OBJECTIVE_LENGTH:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="OBJECTIVES_TOO_SHORT",
                message=(
                    "Objectifs très courts : un OPCO attend des objectifs précis et évaluables."
                ),
                references=(_CHECKLIST,),
            )
        )
    if not _ACTION_VERBS.search(text):
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="OBJECTIVES_WITHOUT_ACTION_VERB",
                message=(
                    "Objectifs sans verbe d'action (« être capable de », « rédiger », "
                    "« diagnostiquer »…) : formulez ce que le stagiaire saura faire."
                ),
                references=(_CHECKLIST,),
            )
        )
    return findings


def _deadline_findings(
    dossier: Dossier, estimate: FundingEstimate, day: date, data: RuleData
) -> list[Finding]:
    findings = []
    start = dossier.action.start
    for index, trainee in enumerate(dossier.trainees, 1):
        cpf = trainee.cpf
        if cpf is None:
            continue
        who = f"stagiaire {trainee.reference or f'n° {index}'}"
        if cpf.on_working_time:
            months = data.parameter("deadlines.cpf_leave_long_months").at(day)
            long_training = isinstance(months.value, int) and lasts_at_least(
                start, dossier.action.end, months.value
            )
            name = (
                "deadlines.cpf_leave_long_days"
                if long_training
                else "deadlines.cpf_leave_short_days"
            )
            notice = data.parameter(name).at(day)
            days = notice.value if isinstance(notice.value, int) else 0
            asked = cpf.leave_requested_on
            if asked is None or (start - asked).days < days:
                findings.append(
                    Finding(
                        severity=Severity.WARNING,
                        code="CPF_LEAVE_REQUEST_LATE",
                        message=(
                            f"CPF sur le temps de travail ({who}) : la demande d'absence doit "
                            f"parvenir à l'employeur {days} jours avant le début."
                        ),
                        scheme=SchemeId.CPF,
                        references=notice.references,
                    )
                )
        if cpf.registered_on is not None:
            rule = data.parameter("deadlines.mcf_registration_working_days").at(day)
            count = rule.value if isinstance(rule.value, int) else 0
            latest = add_working_days(start, -count, "ouvres", dossier.company.departement)
            if cpf.registered_on > latest:
                findings.append(
                    Finding(
                        severity=Severity.WARNING,
                        code="MCF_REGISTRATION_LATE",
                        message=(
                            f"Inscription sur Mon Compte Formation ({who}) après le "
                            f"{latest:%d/%m/%Y} : il faut {count} jours ouvrés avant la session."
                        ),
                        scheme=SchemeId.CPF,
                        references=rule.references,
                    )
                )
    return findings


def _budget_findings(
    dossier: Dossier, estimate: FundingEstimate, day: date, data: RuleData
) -> list[Finding]:
    findings = []
    month = data.parameter("deadlines.year_end_month").at(day)
    if isinstance(month.value, int) and dossier.submitted_on.month >= month.value:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="YEAR_END_REQUEST",
                message=(
                    f"Demande déposée le {dossier.submitted_on:%d/%m/%Y} : les enveloppes des OPCO "
                    "sont annuelles et souvent épuisées en fin d'année ; déposez tôt ou prévoyez "
                    "un report."
                ),
                references=month.references,
            )
        )
    action = dossier.action
    years = action.end.year - action.start.year + 1
    if years == 2:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="SPANS_TWO_BUDGET_YEARS",
                message=(
                    f"La formation court sur {action.start.year} et {action.end.year} : deux "
                    "exercices budgétaires ; vérifiez sur quelle enveloppe l'OPCO l'impute."
                ),
                references=month.references,
            )
        )
    elif years > 2:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="SPANS_SEVERAL_BUDGET_YEARS",
                message=(
                    f"La formation court de {action.start.year} à {action.end.year} : {years} "
                    "exercices budgétaires ; vérifiez sur quelles enveloppes l'OPCO l'impute."
                ),
                references=month.references,
            )
        )
    funded_schemes = {line.scheme for line in estimate.lines if line.amount > 0}
    for notice in estimate.warnings:
        if notice.code == "WITHIN_AVAILABLE_FUNDS" and notice.scheme in funded_schemes:
            findings.append(
                Finding(
                    severity=Severity.INFO,
                    code="WITHIN_AVAILABLE_FUNDS",
                    message=notice.message,
                    scheme=notice.scheme,
                    references=notice.references,
                )
            )
    return findings


def _price_findings(
    dossier: Dossier, estimate: FundingEstimate, day: date, data: RuleData
) -> list[Finding]:
    findings: list[Finding] = []
    plan = estimate.decision(SchemeId.OPCO_PLAN)
    if plan is None or not plan.eligible:
        return findings
    # The barème the estimate applied (shipped ones only: a caller's is not in the data).
    bareme = data.baremes.get(plan.bareme_id) if plan.bareme_id else None
    if bareme is None:
        return findings
    action = dossier.action
    rule = bareme.pedagogical_rule(action.category, action.qualifying, action.hours)
    trainees = Decimal(len(dossier.trainees))
    if rule is not None and rule.per == "trainee_hour":
        hourly = action.costs.pedagogical / (action.hours * trainees)
        if hourly > rule.amount:
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="HOURLY_COST_ABOVE_CAP",
                    message=(
                        f"Coût horaire de {format_eur(hourly)} par stagiaire, au-dessus des "
                        f"{format_eur(rule.amount)} du barème : le reste est à la charge de "
                        "l'employeur."
                    ),
                    scheme=SchemeId.OPCO_PLAN,
                    references=bareme.references,
                )
            )
    band = bareme.band(bareme.annual_caps, dossier.company.headcount)
    if (
        band is not None
        and band.amount is not None
        and dossier.company.opco_plan_used >= band.amount
    ):
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="ANNUAL_CAP_EXHAUSTED",
                message=(
                    f"Plafond annuel de {format_eur(band.amount)} déjà consommé "
                    f"({format_eur(dossier.company.opco_plan_used)}) : plus de prise en charge au "
                    "titre du plan cette année."
                ),
                scheme=SchemeId.OPCO_PLAN,
                references=bareme.references,
            )
        )
    return findings
