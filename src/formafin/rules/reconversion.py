"""Période de reconversion (loi n° 2025-989; décrets n° 2026-39 and 2026-40).

L6324-1 to L6324-10: any employee, internal (contract continues, L6324-3 I) or external
(contract suspended, CDI or CDD of at least six months with a host company whose OPCO is
competent, L6324-3 II). L6324-4: 150 to 450 hours over at most 12 months, except CléA; up to
2 100 hours over 36 months by company or branch agreement. R6324-1: the employer files
"dans les trente jours précédant le début de l'exécution" — formafin reads it as: at the
earliest 30 days before the start and at the latest the day before; a file at or after the
start is refused, an earlier file is flagged to be sent again within the window.
D6332-89/-90: the OPCO pays the branch's flat amount per period, else 9,15 €/h; 5 000 € is
an *average* each OPCO must respect, not a cap per dossier (shown as information; a cap the
caller knows applies). Annex costs and the pay gap only for external periods under an
agreement or a unilateral decision (R6324-2), at a level the OPCO board sets: indicative.
L6324-10: the CPF may co-fund, at most half the rights for an internal period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import lasts_at_most
from formafin.models import CpfActionKind, Dossier, ReconversionRequest
from formafin.money import ZERO, format_eur, format_number
from formafin.result import Check, CostCategory, Notice, Payer, SchemeId
from formafin.rules.common import decimal_at, int_at, refs_at, required_decimal
from formafin.rules.outcome import (
    Claim,
    SchemeOutcome,
    decide,
    parameter_used,
    per_trainee_within_cap,
)
from formafin.rules.qualiopi import check_qualiopi

__all__ = ["ReconversionOutcome", "evaluate_reconversion"]

SCHEME = SchemeId.PERIODE_RECONVERSION


@dataclass(frozen=True)
class ReconversionOutcome(SchemeOutcome):
    """The outcome, with the share of CPF rights the holder may mobilise (None: no limit)."""

    cpf_rights_share: Decimal | None = None


def evaluate_reconversion(
    dossier: Dossier, request: ReconversionRequest, as_of: date, data: RuleData, *, derived: bool
) -> ReconversionOutcome:
    """Decide and compute a période de reconversion."""
    action = dossier.action
    notices: list[Notice] = []
    if derived:
        notices.append(
            Notice.trusted(
                code="RECONVERSION_ASSESSED_INSTEAD_OF_PRO_A",
                message=(
                    "Avenant Pro-A signé après le 31 décembre 2025 : formafin évalue à la place "
                    "une "
                    "période de reconversion interne sur les mêmes dates."
                ),
                scheme=SCHEME,
                references=refs_at(data, "reconversion.open", request.period_start),
            )
        )
    open_value = data.parameter("reconversion.open").at(request.period_start)
    refs = open_value.references
    if open_value.value is not True:
        check = Check.trusted(
            code="RECONVERSION_NOT_OPEN",
            met=False,
            message=(
                f"Période commençant le {request.period_start:%d/%m/%Y} : la période de "
                "reconversion s'applique aux périodes commençant à partir du 1er février 2026 "
                "(décrets n° 2026-39 et 2026-40)."
            ),
            references=refs,
        )
        return ReconversionOutcome(decision=decide(SCHEME, [check], refs), notices=tuple(notices))

    checks = [
        _duration_check(dossier, request, as_of, data),
        _filing_check(dossier, as_of, data, notices),
    ]
    qualiopi, qualiopi_notices = check_qualiopi(
        dossier.provider, action.category, action.start, as_of, data
    )
    checks.append(qualiopi)
    notices.extend(qualiopi_notices)
    decision = decide(SCHEME, checks, refs)
    internal = request.kind == "internal"
    share = decimal_at(data, "reconversion.cpf_internal_share", as_of) if internal else None
    if not decision.eligible:
        return ReconversionOutcome(decision=decision, notices=tuple(notices))
    average, average_used = parameter_used(data, "reconversion.opco_average", as_of)
    notices.append(
        Notice.trusted(
            code="RECONVERSION_OPCO_AVERAGE",
            message=(
                f"Chaque OPCO doit respecter un montant moyen de {format_eur(average)} par "
                "période de reconversion : ce n'est pas un plafond par dossier, mais l'OPCO peut "
                "fixer ses propres critères."
            ),
            scheme=SCHEME,
            references=average_used.references,
        )
    )
    if request.kind == "external":
        opco = request.host_company_opco.value if request.host_company_opco else "à préciser"
        notices.append(
            Notice.trusted(
                code="RECONVERSION_HOST_OPCO",
                message=(
                    f"Période externe : l'OPCO compétent est celui de l'entreprise d'accueil "
                    f"({opco})."
                ),
                scheme=SCHEME,
                references=refs,
            )
        )
    claims = [_pedagogical_claim(dossier, request, as_of, data, average_used)]
    annex_cost = action.costs.annex
    if request.kind == "external" and request.external_agreement_or_decision and annex_cost > 0:
        claims.append(
            Claim(
                scheme=SCHEME,
                category=CostCategory.ANNEX,
                payer=Payer.OPCO,
                low=ZERO,
                high=annex_cost,
                basis=(
                    "niveau fixé par le conseil d'administration de l'OPCO, inconnu : de 0 au coût"
                ),
                explanation=(
                    "Période externe avec accord ou décision unilatérale : l'OPCO peut prendre en "
                    "charge les frais annexes (et le différentiel de rémunération) au niveau fixé "
                    "par son conseil d'administration. Montant indicatif."
                ),
                references=refs,
            )
        )
    elif annex_cost > 0:
        notices.append(
            Notice.trusted(
                code="CATEGORY_NOT_FUNDED",
                message=(
                    "Frais annexes de la période de reconversion : pris en charge seulement pour "
                    "une période externe prévue par un accord ou une décision unilatérale."
                ),
                scheme=SCHEME,
                references=refs,
            )
        )
    return ReconversionOutcome(
        decision=decision, claims=tuple(claims), notices=tuple(notices), cpf_rights_share=share
    )


def _duration_check(
    dossier: Dossier, request: ReconversionRequest, as_of: date, data: RuleData
) -> Check:
    action = dossier.action
    with_agreement = request.agreement is not None
    suffix = "_agreement" if with_agreement else ""
    max_hours = required_decimal(data, f"reconversion.max_hours{suffix}", as_of)
    max_months = int_at(data, f"reconversion.max_months{suffix}", as_of)
    if with_agreement and request.agreement is not None and request.agreement.max_months:
        max_months = min(max_months, request.agreement.max_months)
    min_hours = required_decimal(data, "reconversion.min_hours", as_of)
    refs = refs_at(data, "reconversion.max_hours", as_of)
    clea = action.effective_cpf_kind is CpfActionKind.CLEA
    problems = []
    if not clea and action.hours < min_hours:
        problems.append(
            f"{format_number(action.hours)} h, moins que le minimum de {format_number(min_hours)} h"
        )
    if not clea and action.hours > max_hours:
        problems.append(
            f"{format_number(action.hours)} h, plus que le maximum de {format_number(max_hours)} h"
        )
    if not lasts_at_most(request.period_start, request.period_end, max_months):
        problems.append(f"période de plus de {max_months} mois")
    if problems:
        return Check.trusted(
            code="RECONVERSION_DURATION",
            met=False,
            message=(
                "Durée non conforme : " + " ; ".join(problems) + " (150 à 450 h sur 12 mois, "
                "jusqu'à 2 100 h sur 36 mois par accord, sauf CléA)."
            ),
            references=refs,
        )
    return Check.trusted(
        code="RECONVERSION_DURATION_OK",
        met=True,
        message=(
            f"{format_number(action.hours)} h de formation sur {max_months} mois au plus : "
            "conforme."
        ),
        references=refs,
    )


def _filing_check(dossier: Dossier, as_of: date, data: RuleData, notices: list[Notice]) -> Check:
    start, submitted = dossier.action.start, dossier.submitted_on
    window = int_at(data, "reconversion.filing_window_days", as_of)
    refs = refs_at(data, "reconversion.filing_window_days", as_of)
    if submitted >= start:
        return Check.trusted(
            code="RECONVERSION_REQUEST_AFTER_START",
            met=False,
            message=(
                f"Dossier transmis le {submitted:%d/%m/%Y}, pas avant le début de la période "
                f"({start:%d/%m/%Y}) : R6324-1 impose l'envoi dans les {window} jours qui "
                "précèdent."
            ),
            references=refs,
        )
    days = (start - submitted).days
    if days > window:
        notices.append(
            Notice.trusted(
                code="RECONVERSION_REQUEST_TOO_EARLY",
                message=(
                    f"Dossier transmis {days} jours avant le début : R6324-1 prévoit l'envoi « "
                    "dans "
                    f"les {window} jours précédant le début » ; renvoyez-le dans cette fenêtre."
                ),
                scheme=SCHEME,
                references=refs,
            )
        )
    return Check.trusted(
        code="RECONVERSION_REQUEST_BEFORE_START",
        met=True,
        message=f"Dossier transmis {days} jour(s) avant le début.",
        references=refs,
    )


def _pedagogical_claim(
    dossier: Dossier,
    request: ReconversionRequest,
    as_of: date,
    data: RuleData,
    average_used: object,
) -> Claim:
    hours = dossier.action.hours
    default, default_used = parameter_used(data, "reconversion.default_hourly_forfait", as_of)
    agreement = request.agreement
    if agreement is not None and agreement.period_forfait is not None:
        per_trainee, basis = (
            agreement.period_forfait,
            f"forfait de branche {format_eur(agreement.period_forfait)} par période",
        )
    elif agreement is not None and agreement.hourly_forfait is not None:
        per_trainee = agreement.hourly_forfait * hours
        basis = (
            f"forfait de branche {format_eur(agreement.hourly_forfait)}/h × {format_number(hours)}"
            " h"
        )
    else:
        per_trainee = default * hours
        basis = f"forfait par défaut {format_eur(default)}/h × {format_number(hours)} h"
    cap = (
        request.opco_cap if request.opco_cap is not None else (agreement.cap if agreement else None)
    )
    amount, basis = per_trainee_within_cap(per_trainee, cap, len(dossier.trainees), basis)
    return Claim.exact(
        SCHEME,
        amount,
        basis,
        "Frais pédagogiques de la période de reconversion pris en charge par l'OPCO (section "
        "« périodes de reconversion ») au forfait de la branche, à défaut 9,15 €/h (D6332-90).",
        parameters=(default_used,),
        references=refs_at(data, "reconversion.default_hourly_forfait", as_of),
    )
