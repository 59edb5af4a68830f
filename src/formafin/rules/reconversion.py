"""Période de reconversion (loi n° 2025-989; décrets n° 2026-39 and 2026-40).

L6324-1 to L6324-10 and L6332-14-1 apply from 2026-01-01 (loi n° 2025-989, art. 11 II),
though the decrees (R6324-1 filing, D6332-89/-90 forfait) only from 2026-02-01: a period
starting in January 2026 is assessed on the law, with the decrees' first figures and a notice.
Every rule is read on the day the period starts.

L6324-1: "une période de reconversion ayant pour objet l'acquisition d'une des qualifications
prévues aux 1° et 3° de l'article L. 6314-1 ou d'un ou de plusieurs blocs de compétences" —
RNCP, CQP — or CléA; L6324-2 adds VAE. Nothing else (RS certification, no certification,
bilan) is refused.
L6324-3: internal (contract continues) or external (contract suspended; "un contrat à durée
indéterminée … ou … un contrat à durée déterminée d'au moins six mois" with the host company).
L6324-9: external periods run under an L1237-17 agreement; unilaterally only under 50
employees, from 50 to 299 without a union delegate, or after a procès-verbal de désaccord
(50–299 with a delegate); from 300 (or a community-scale group) negotiation, no fallback.
L6324-4: 150 to 450 hours over at most 12 months, except CléA; up to 2 100 hours over 36
months by company or branch agreement.
R6324-1: the employer files "dans les trente jours précédant le début de l'exécution": a
filing earlier than the 30th day, on the start day or after does not meet the text (R6324-3
lets the OPCO refuse for it).
D6332-89/-90: the OPCO pays the branch's flat amount per period, else 9,15 €/h; 5 000 € is
an *average* each OPCO must respect, not a cap per dossier (shown as information; a cap the
caller knows applies). Annex costs and the pay gap only for external periods under an
agreement or a unilateral decision (R6324-2), at a level the OPCO board sets: indicative.
L6324-10: the CPF may co-fund, at most half the rights for an internal period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import lasts_at_most
from formafin.facts import AnyCheck, AnyNotice
from formafin.models import CpfActionKind, Dossier, ReconversionRequest
from formafin.money import ZERO, format_eur, format_number
from formafin.result import Check, CostCategory, Notice, Payer, SchemeId
from formafin.rules.base import RuleContext
from formafin.rules.common import decimal_at, int_at, refs_at, required_decimal
from formafin.rules.outcome import (
    Claim,
    SchemeOutcome,
    decide,
    parameter_used,
    per_trainee_within_cap,
    raw_value,
)
from formafin.rules.qualiopi import check_qualiopi

__all__ = ["RULE", "ReconversionOutcome", "evaluate_reconversion"]

SCHEME = SchemeId.PERIODE_RECONVERSION
_NEEDS_INPUT = frozenset(
    {
        "RECONVERSION_EXTERNAL_FRAME_UNKNOWN",
        "RECONVERSION_UNION_DELEGATE_UNKNOWN",
        "RECONVERSION_HOST_CONTRACT_UNKNOWN",
    }
)


@dataclass(frozen=True)
class ReconversionOutcome(SchemeOutcome):
    """The outcome, with the share of CPF rights the holder may mobilise (None: no limit)."""

    cpf_rights_share: Decimal | None = None


def evaluate_reconversion(
    dossier: Dossier, request: ReconversionRequest, as_of: date, data: RuleData, *, derived: bool
) -> ReconversionOutcome:
    """Decide and compute a période de reconversion (rules of the day the period starts)."""
    action = dossier.action
    notices: list[AnyNotice] = []
    day = max(request.period_start, data.ruleset.covers_from)
    if derived:
        notices.append(
            Notice.trusted(
                code="RECONVERSION_ASSESSED_INSTEAD_OF_PRO_A",
                message=(
                    "Avenant Pro-A signé après le 31 décembre 2025 : formafin évalue à la place "
                    "une période de reconversion interne sur les mêmes dates."
                ),
                scheme=SCHEME,
                references=refs_at(data, "reconversion.open", day),
            )
        )
    open_value = data.parameter("reconversion.open").at(day)
    refs = open_value.references
    if open_value.value is not True or request.period_start < day:
        check = Check.trusted(
            code="RECONVERSION_NOT_OPEN",
            met=False,
            message=(
                f"Période commençant le {request.period_start:%d/%m/%Y} : la période de "
                "reconversion s'applique aux périodes commençant à partir du 1er janvier 2026 "
                "(loi n° 2025-989, art. 11 II)."
            ),
            references=refs,
        )
        return ReconversionOutcome(decision=decide(SCHEME, [check], refs), notices=tuple(notices))

    before_decrees = raw_value(data, "reconversion.default_hourly_forfait", day) is None
    if before_decrees:
        notices.append(
            Notice.trusted(
                code="RECONVERSION_BEFORE_DECREES",
                message=(
                    f"Période commençant le {request.period_start:%d/%m/%Y}, avant l'entrée en "
                    "vigueur des décrets n° 2026-39 et 2026-40 (1er février 2026) : la loi "
                    "s'applique depuis le 1er janvier 2026 (L6324-1 à L6324-10, L6332-14-1), mais "
                    "ni le forfait de D6332-90 ni la procédure de R6324-1 n'existaient encore. "
                    "formafin applique le forfait par défaut du 1er février 2026 : montant "
                    "indicatif, à confirmer par l'OPCO."
                ),
                scheme=SCHEME,
                references=refs,
            )
        )
    checks = [
        _qualification_check(dossier, request, day, data),
        *_external_checks(dossier, request, day, data),
        _duration_check(dossier, request, day, data),
        _filing_check(dossier, request, day, data),
    ]
    qualiopi, qualiopi_notices = check_qualiopi(
        dossier.provider, action.category, action.start, as_of, data
    )
    checks.append(qualiopi)
    notices.extend(qualiopi_notices)
    decision = decide(SCHEME, checks, refs, needs_input=_NEEDS_INPUT, indicative=before_decrees)
    internal = request.kind == "internal"
    share = decimal_at(data, "reconversion.cpf_internal_share", day) if internal else None
    if not decision.eligible:
        return ReconversionOutcome(decision=decision, notices=tuple(notices))
    figures_day = _decree_day(data, day)
    average, average_used = parameter_used(data, "reconversion.opco_average", figures_day)
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
    claims = [_pedagogical_claim(dossier, request, figures_day, data)]
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


def _decree_day(data: RuleData, day: date) -> date:
    """``day``, or the first day the decrees' figures exist when the period starts before."""
    parameter = data.parameter("reconversion.default_hourly_forfait")
    if parameter.at(day).value is not None:
        return day
    return next(item.start for item in parameter.values if item.start > day)


def _qualification_check(
    dossier: Dossier, request: ReconversionRequest, day: date, data: RuleData
) -> Check:
    """L6324-1, L6324-2: RNCP (or blocs), CQP (L6314-1 1° and 3°), CléA or VAE only."""
    allowed = raw_value(data, "reconversion.qualifications", day)
    refs = refs_at(data, "reconversion.qualifications", day)
    assert isinstance(allowed, tuple)
    action = dossier.action
    kind = action.effective_cpf_kind
    target = "cqp" if request.cqp else (kind.value if kind is not None else None)
    if target in allowed:
        return Check.trusted(
            code="RECONVERSION_QUALIFICATION_OK",
            met=True,
            message=f"L'action vise {_TARGET_WORDS.get(str(target), str(target))} : éligible.",
            references=refs,
        )
    if kind is CpfActionKind.RS:
        code, what = (
            "RECONVERSION_QUALIFICATION_RS",
            (f"la certification {action.certification} du Répertoire spécifique"),
        )
    elif kind is CpfActionKind.BILAN:
        code, what = "RECONVERSION_QUALIFICATION_BILAN", "un bilan de compétences"
    elif kind is None:
        code, what = "RECONVERSION_QUALIFICATION_MISSING", "aucune certification"
    else:
        code, what = "RECONVERSION_QUALIFICATION_OTHER", f"une action de type « {kind.value} »"
    return Check.trusted(
        code=code,
        met=False,
        message=(
            f"L'action vise {what} : la période de reconversion ne peut conduire qu'à une "
            "certification du RNCP ou des blocs de compétences, un CQP (L6314-1 1° et 3°), "
            "CléA ou une VAE (L6324-1, L6324-2). Indiquez le code RNCP (action.certification) "
            "ou reconversion.cqp s'il s'agit d'un CQP."
        ),
        references=refs,
    )


_TARGET_WORDS = {
    "rncp": "une certification du RNCP (ou des blocs de compétences)",
    "cqp": "un certificat de qualification professionnelle",
    "clea": "le socle CléA",
    "vae": "une validation des acquis de l'expérience",
}


def _external_checks(
    dossier: Dossier, request: ReconversionRequest, day: date, data: RuleData
) -> list[AnyCheck]:
    """L6324-9 (frame) and L6324-3 II (host contract) for an external period."""
    if request.kind != "external":
        return []
    return [_frame_check(dossier, request, day, data), _host_contract_check(request, day, data)]


def _frame_check(
    dossier: Dossier, request: ReconversionRequest, day: date, data: RuleData
) -> Check:
    headcount = dossier.company.headcount
    small = required_decimal(data, "reconversion.unilateral_below_headcount", day)
    large = required_decimal(data, "reconversion.negotiation_from_headcount", day)
    refs = refs_at(data, "reconversion.negotiation_from_headcount", day)
    frame = request.external_frame
    size = f"{format_number(headcount)} salariés"
    if frame is None:
        return Check.trusted(
            code="RECONVERSION_EXTERNAL_FRAME_UNKNOWN",
            met=False,
            message=(
                "Période externe : indiquez son cadre (reconversion.external_frame) : accord "
                "collectif (L1237-17), décision unilatérale, ou décision unilatérale après "
                "procès-verbal de désaccord (L6324-9)."
            ),
            references=refs,
        )
    if frame == "agreement":
        return Check.trusted(
            code="RECONVERSION_EXTERNAL_FRAME_OK",
            met=True,
            message="Période externe mise en œuvre dans le cadre d'un accord (L6324-9 I).",
            references=refs,
        )
    if request.community_scale or headcount >= large:
        return Check.trusted(
            code="RECONVERSION_NEGOTIATION_REQUIRED",
            met=False,
            message=(
                f"Période externe par décision unilatérale dans une entreprise de {size}"
                + (" (dimension communautaire)" if request.community_scale else "")
                + f" : à partir de {format_number(large)} salariés, l'employeur doit négocier "
                "les périodes externes (L6324-9 I B) ; le texte n'y prévoit pas de décision "
                "unilatérale."
            ),
            references=refs,
        )
    if headcount < small:
        return Check.trusted(
            code="RECONVERSION_EXTERNAL_FRAME_OK",
            met=True,
            message=(
                f"Entreprise de {size} (moins de {format_number(small)}) : décision "
                "unilatérale permise (L6324-9 I C)."
            ),
            references=refs,
        )
    if frame == "unilateral_after_disagreement":
        return Check.trusted(
            code="RECONVERSION_EXTERNAL_FRAME_OK",
            met=True,
            message=(
                f"Entreprise de {size} : décision unilatérale après procès-verbal de désaccord "
                "(L6324-9 I A)."
            ),
            references=refs,
        )
    if request.union_delegate is None:
        return Check.trusted(
            code="RECONVERSION_UNION_DELEGATE_UNKNOWN",
            met=False,
            message=(
                f"Entreprise de {size} : la décision unilatérale n'est permise que sans délégué "
                "syndical (L6324-9 I C) ; indiquez reconversion.union_delegate."
            ),
            references=refs,
        )
    if request.union_delegate:
        return Check.trusted(
            code="RECONVERSION_UNILATERAL_NOT_ALLOWED",
            met=False,
            message=(
                f"Entreprise de {size} pourvue d'un délégué syndical : la période externe "
                "relève d'un accord ; décision unilatérale seulement après trois mois de "
                "négociation et un procès-verbal de désaccord (L6324-9 I A)."
            ),
            references=refs,
        )
    return Check.trusted(
        code="RECONVERSION_EXTERNAL_FRAME_OK",
        met=True,
        message=(
            f"Entreprise de {size} sans délégué syndical : décision unilatérale permise "
            "(L6324-9 I C)."
        ),
        references=refs,
    )


def _host_contract_check(request: ReconversionRequest, day: date, data: RuleData) -> Check:
    months = int_at(data, "reconversion.host_cdd_min_months", day)
    refs = refs_at(data, "reconversion.host_cdd_min_months", day)
    contract = request.host_contract
    if contract is None or (contract == "cdd" and request.host_contract_months is None):
        return Check.trusted(
            code="RECONVERSION_HOST_CONTRACT_UNKNOWN",
            met=False,
            message=(
                "Période externe : indiquez le contrat conclu avec l'entreprise d'accueil "
                "(reconversion.host_contract : CDI, ou CDD avec host_contract_months), qui doit "
                f"être un CDI ou un CDD d'au moins {months} mois (L6324-3 II)."
            ),
            references=refs,
        )
    cdd_months = request.host_contract_months
    if contract == "cdd" and cdd_months is not None and cdd_months < months:
        return Check.trusted(
            code="RECONVERSION_HOST_CONTRACT",
            met=False,
            message=(
                f"CDD de {cdd_months} mois dans l'entreprise d'accueil : L6324-3 II exige un "
                f"CDI ou un CDD d'au moins {months} mois."
            ),
            references=refs,
        )
    return Check.trusted(
        code="RECONVERSION_HOST_CONTRACT_OK",
        met=True,
        message="Contrat avec l'entreprise d'accueil conforme à L6324-3 II.",
        references=refs,
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


def _filing_check(
    dossier: Dossier, request: ReconversionRequest, day: date, data: RuleData
) -> Check:
    """R6324-1: filed "dans les trente jours précédant le début de l'exécution"."""
    start, submitted = request.period_start, dossier.submitted_on
    refs = refs_at(data, "reconversion.filing_window_days", day)
    window_value = raw_value(data, "reconversion.filing_window_days", day)
    if not isinstance(window_value, int) or isinstance(window_value, bool):
        return Check.trusted(
            code="RECONVERSION_FILING_RULE_NOT_IN_FORCE",
            met=True,
            message=(
                f"Période commençant le {start:%d/%m/%Y} : le délai de dépôt de R6324-1 "
                "(décret n° 2026-39) n'était pas encore en vigueur."
            ),
            references=refs,
        )
    window = window_value
    earliest = start - timedelta(days=window)
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
        return Check.trusted(
            code="RECONVERSION_REQUEST_TOO_EARLY",
            met=False,
            message=(
                f"Dossier transmis {days} jours avant le début : R6324-1 prévoit l'envoi « dans "
                f"les {window} jours précédant le début de l'exécution » ; renvoyez-le entre le "
                f"{earliest:%d/%m/%Y} et le {start - timedelta(days=1):%d/%m/%Y}."
            ),
            references=refs,
        )
    return Check.trusted(
        code="RECONVERSION_REQUEST_BEFORE_START",
        met=True,
        message=f"Dossier transmis {days} jour(s) avant le début, dans les {window} jours.",
        references=refs,
    )


def _pedagogical_claim(
    dossier: Dossier, request: ReconversionRequest, as_of: date, data: RuleData
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


class ReconversionRule:
    """The période de reconversion (L6324-1 and following since loi n° 2025-989, art. 11).

    Asked for by ``dossier.reconversion``, or assessed instead of a Pro-A whose avenant was
    signed after the Pro-A closed (the Pro-A rule, evaluated before, says so)."""

    scheme = SchemeId.PERIODE_RECONVERSION
    name = "La période de reconversion"

    def requested(self, dossier: Dossier) -> bool:
        """Asked for, or possibly instead of a Pro-A."""
        return dossier.reconversion is not None or dossier.pro_a is not None

    def evaluate(self, context: RuleContext) -> ReconversionOutcome | None:
        """See :func:`evaluate_reconversion`; ``None`` for a Pro-A still open."""
        dossier = context.dossier
        request, derived = dossier.reconversion, False
        if request is None:
            pro_a = context.outcome(SchemeId.PRO_A)
            closed = pro_a is not None and any(
                r.code == "PRO_A_CLOSED" for r in pro_a.decision.reasons
            )
            if not closed or dossier.pro_a is None:
                return None
            request = ReconversionRequest(
                kind="internal",
                period_start=dossier.pro_a.period_start,
                period_end=dossier.pro_a.period_end,
            )
            derived = True
        return evaluate_reconversion(dossier, request, context.day, context.data, derived=derived)


RULE = ReconversionRule()
