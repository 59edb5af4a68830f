"""Pro-A, reconversion ou promotion par alternance (avenants signed 2019-01-01 to 2025-12-31).

Old L6324-1 to L6324-10 and D6324-1-1 (versions before 2026): "Elle concerne les salariés en
contrat à durée indéterminée, les salariés, qu'ils soient sportifs ou entraîneurs
professionnels, en contrat de travail à durée déterminée conclu en application de l'article
L. 222-2-3 du code du sport et les salariés bénéficiaires d'un contrat à durée indéterminée
conclu en application de l'article L. 5134-19-1", and those in activité partielle, whose
highest certification is below the licence (level 6); an extended branch agreement listing
eligible certifications (without one, only CléA).
Durations of the contrat de professionnalisation: an action of 6 to 12 months (L6325-11),
"allongée jusqu'à vingt-quatre mois" by branch agreement (L6325-12) and "jusqu'à trente-six
mois pour les personnes mentionnées à l'article L. 6325-1-1" (L6325-11); training between 15
and 25 % of the duration and at least 150 h (L6325-13). Since décret n° 2020-262 (2020-03-18)
none of these *minimum* durations — the 6 months, the 15 % and the 150 h — applies to CléA or
VAE. The OPCO pays the branch's hourly forfait, else 9,15 €/h, within the branch or OPCO caps.

Loi n° 2025-989, art. 11 III: avenants signed before 2026-01-01 keep the Pro-A rules even
when the action runs in 2026; an avenant signed later gets no Pro-A, and formafin assesses
the période de reconversion instead. An avenant signed before 2019-01-01 predates the Pro-A
(loi n° 2018-771): refused with ``PRO_A_NOT_OPEN``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import lasts_at_least, lasts_at_most
from formafin.facts import AnyCheck, AnyNotice
from formafin.models import (
    ContractType,
    CpfActionKind,
    Dossier,
    OpcoId,
    ProARequest,
    QualiopiCategory,
)
from formafin.money import format_eur, format_number
from formafin.result import Check, Notice, SchemeId
from formafin.rules.base import RuleContext
from formafin.rules.common import decimal_at, int_at, refs_at, required_decimal
from formafin.rules.outcome import (
    Claim,
    SchemeOutcome,
    decide,
    parameter_used,
    per_trainee_within_cap,
)
from formafin.rules.qualiopi import check_qualiopi

__all__ = ["RULE", "evaluate_pro_a"]

SCHEME = SchemeId.PRO_A
_NEEDS_INPUT = frozenset({"PRO_A_CONTRACT_UNKNOWN", "PRO_A_LEVEL_UNKNOWN"})
_ELIGIBLE_CONTRACTS = frozenset({ContractType.CDI, ContractType.CUI_CDI})


def evaluate_pro_a(
    dossier: Dossier, as_of: date, data: RuleData, opco: OpcoId | None
) -> SchemeOutcome:
    """Decide and compute the Pro-A of ``dossier`` (``dossier.pro_a`` must be set)."""
    request = dossier.pro_a
    assert request is not None
    signed = request.avenant_signed_on
    opened = data.parameter("pro_a.open")
    if signed < opened.first_day:
        refs = opened.values[0].references
        check = Check.trusted(
            code="PRO_A_NOT_OPEN",
            met=False,
            message=(
                f"Avenant signé le {signed:%d/%m/%Y} : la Pro-A, créée par la loi n° 2018-771, "
                f"ne s'applique qu'aux avenants signés à partir du {opened.first_day:%d/%m/%Y}."
            ),
            references=refs,
        )
        return SchemeOutcome(decision=decide(SCHEME, [check], refs))
    open_value = opened.at(signed)
    refs = open_value.references
    if open_value.value is not True:
        check = Check.trusted(
            code="PRO_A_CLOSED",
            met=False,
            message=(
                f"Avenant signé le {signed:%d/%m/%Y} : la Pro-A ne s'applique qu'aux avenants "
                "signés avant le 1er janvier 2026 (loi n° 2025-989, art. 11 III). La période de "
                "reconversion la remplace, pour les périodes commençant à partir du 1er février "
                "2026 (décrets n° 2026-39 et 2026-40)."
            ),
            references=refs,
        )
        return SchemeOutcome(decision=decide(SCHEME, [check], refs))

    notices_list: list[AnyNotice] = []
    checks = [
        *_trainee_checks(dossier, request, as_of, data, notices_list),
        _certification_check(dossier, request, as_of, data),
        *_duration_checks(dossier, request, as_of, data),
    ]
    qualiopi, notices = check_qualiopi(
        dossier.provider, dossier.action.category, dossier.action.start, as_of, data
    )
    checks.append(qualiopi)
    notices_list.extend(notices)
    decision = decide(SCHEME, checks, refs, needs_input=_NEEDS_INPUT)
    if not decision.eligible:
        return SchemeOutcome(decision=decision, notices=tuple(notices_list))
    if request.period_hours is None:
        notices_list.append(
            Notice.trusted(
                code="PRO_A_SHARE_UNCHECKED",
                message=(
                    "Durée totale de l'action (pro_a.period_hours) non indiquée : la part de "
                    "formation (15 à 25 %) n'a pas été vérifiée."
                ),
                scheme=SCHEME,
                references=refs_at(data, "pro_a.min_training_share", as_of),
            )
        )
    return SchemeOutcome(
        decision=decision,
        claims=(_claim(dossier, request, as_of, data, opco),),
        notices=tuple(notices_list),
    )


def _trainee_checks(
    dossier: Dossier, request: ProARequest, as_of: date, data: RuleData, notices: list[AnyNotice]
) -> list[AnyCheck]:
    checks: list[AnyCheck] = []
    max_level = int_at(data, "pro_a.max_level_exclusive", as_of)
    level_refs = refs_at(data, "pro_a.max_level_exclusive", as_of)
    sport = data.parameter("pro_a.sport_fixed_term_eligible").at(request.avenant_signed_on)
    for index, trainee in enumerate(dossier.trainees, 1):
        who = f"Stagiaire {trainee.reference}" if trainee.reference else f"Stagiaire n° {index}"
        if trainee.partial_activity or trainee.contract in _ELIGIBLE_CONTRACTS:
            pass
        elif trainee.contract is ContractType.CDD and request.professional_sport_fixed_term:
            if sport.value is not True and not any(
                n.code == "PRO_A_SPORT_CDD_UNVERIFIED" for n in notices
            ):
                notices.append(
                    Notice.trusted(
                        code="PRO_A_SPORT_CDD_UNVERIFIED",
                        message=(
                            "CDD de sportif ou d'entraîneur professionnel (C. sport L222-2-3) : "
                            "éligibilité lue dans L6324-1 depuis le 23 août 2019 ; la rédaction "
                            "antérieure n'a pas été vérifiée."
                        ),
                        scheme=SCHEME,
                        references=sport.references,
                    )
                )
        elif trainee.contract is None:
            checks.append(
                Check.trusted(
                    code="PRO_A_CONTRACT_UNKNOWN",
                    met=False,
                    message=(
                        f"{who} : type de contrat inconnu (la Pro-A exige un CDI ou un CUI-CDI)."
                    ),
                    references=level_refs,
                )
            )
        else:
            checks.append(
                Check.trusted(
                    code="PRO_A_CONTRACT",
                    met=False,
                    message=(
                        f"{who} : contrat {trainee.contract.value} ; la Pro-A est ouverte aux "
                        "salariés en CDI ou CUI-CDI, aux sportifs et entraîneurs professionnels "
                        "en CDD du code du sport (pro_a.professional_sport_fixed_term), ou en "
                        "activité partielle."
                    ),
                    references=level_refs,
                )
            )
        level = trainee.highest_qualification_level
        if level is None:
            checks.append(
                Check.trusted(
                    code="PRO_A_LEVEL_UNKNOWN",
                    met=False,
                    message=(
                        f"{who} : niveau de qualification inconnu (champ "
                        "highest_qualification_level)."
                    ),
                    references=level_refs,
                )
            )
        elif level >= max_level:
            checks.append(
                Check.trusted(
                    code="PRO_A_LEVEL_TOO_HIGH",
                    met=False,
                    message=(
                        f"{who} : certification de niveau {level} ; la Pro-A est réservée aux "
                        f"salariés sous le niveau {max_level} (grade de licence)."
                    ),
                    references=level_refs,
                )
            )
    if not checks:
        checks.append(
            Check.trusted(
                code="PRO_A_TRAINEES_OK",
                met=True,
                message=(
                    f"Stagiaires en CDI, CUI-CDI ou activité partielle, sous le niveau {max_level}."
                ),
                references=level_refs,
            )
        )
    return checks


def _certification_check(
    dossier: Dossier, request: ProARequest, as_of: date, data: RuleData
) -> Check:
    action = dossier.action
    refs = refs_at(data, "pro_a.open", as_of)
    agreement = request.branch_agreement
    if agreement is not None and agreement.extended:
        if action.certification in agreement.eligible_certifications:
            return Check.trusted(
                code="PRO_A_CERTIFICATION_LISTED",
                met=True,
                message=(
                    f"Certification {action.certification} listée par l'accord de branche étendu."
                ),
                references=refs,
            )
        return Check.trusted(
            code="PRO_A_CERTIFICATION_NOT_LISTED",
            met=False,
            message=(
                f"La certification visée ({action.certification or 'aucune'}) n'est pas listée "
                "par l'accord de branche étendu."
            ),
            references=refs,
        )
    if action.effective_cpf_kind is CpfActionKind.CLEA:
        return Check.trusted(
            code="PRO_A_CLEA_WITHOUT_AGREEMENT",
            met=True,
            message="Sans accord de branche étendu, seule CléA est éligible : c'est le cas ici.",
            references=refs,
        )
    return Check.trusted(
        code="PRO_A_NO_BRANCH_AGREEMENT",
        met=False,
        message=(
            "Sans accord de branche étendu listant les certifications éligibles, seule la "
            "certification CléA ouvre droit à la Pro-A (indiquez pro_a.branch_agreement)."
        ),
        references=refs,
    )


def _duration_checks(
    dossier: Dossier, request: ProARequest, as_of: date, data: RuleData
) -> list[AnyCheck]:
    action = dossier.action
    checks: list[AnyCheck] = []
    min_months = int_at(data, "pro_a.min_months", as_of)
    max_months = int_at(data, "pro_a.max_months", as_of)
    agreement = request.branch_agreement
    if agreement is not None and agreement.max_months is not None:
        max_months = min(agreement.max_months, int_at(data, "pro_a.max_months_agreement", as_of))
    if request.priority_public:
        max_months = max(max_months, int_at(data, "pro_a.max_months_priority_public", as_of))
    month_refs = refs_at(data, "pro_a.max_months", as_of)
    exempt = data.parameter("pro_a.short_exemption").at(as_of).value is True and (
        action.category is QualiopiCategory.VAE or action.effective_cpf_kind is CpfActionKind.CLEA
    )
    if not exempt and not lasts_at_least(request.period_start, request.period_end, min_months):
        checks.append(
            Check.trusted(
                code="PRO_A_PERIOD_TOO_SHORT",
                met=False,
                message=(
                    f"L'action de professionnalisation dure moins de {min_months} mois (sauf "
                    "CléA et VAE)."
                ),
                references=month_refs,
            )
        )
    if not lasts_at_most(request.period_start, request.period_end, max_months):
        checks.append(
            Check.trusted(
                code="PRO_A_PERIOD_TOO_LONG",
                met=False,
                message=(
                    f"L'action de professionnalisation dépasse {max_months} mois (12 mois, 24 "
                    "par accord de branche, 36 pour les publics de L6325-1-1)."
                ),
                references=(
                    *month_refs,
                    *refs_at(data, "pro_a.max_months_agreement", as_of),
                    *refs_at(data, "pro_a.max_months_priority_public", as_of),
                ),
            )
        )
    min_hours = required_decimal(data, "pro_a.min_training_hours", as_of)
    hour_refs = refs_at(data, "pro_a.min_training_hours", as_of)
    if not exempt and action.hours < min_hours:
        checks.append(
            Check.trusted(
                code="PRO_A_TRAINING_TOO_SHORT",
                met=False,
                message=(
                    f"{format_number(action.hours)} h de formation : la Pro-A en exige au moins "
                    f"{format_number(min_hours)} (sauf CléA et VAE)."
                ),
                references=hour_refs,
            )
        )
    if request.period_hours is not None:
        share = action.hours / request.period_hours
        low = required_decimal(data, "pro_a.min_training_share", as_of)
        high = required_decimal(data, "pro_a.max_training_share", as_of)
        too_low = share < low and not exempt
        too_high = share > high and not (agreement is not None and agreement.share_above_25_percent)
        if too_low or too_high:
            percent = format_number((share * 100).quantize(Decimal("0.1")))
            checks.append(
                Check.trusted(
                    code="PRO_A_SHARE_OUT_OF_RANGE",
                    met=False,
                    message=(
                        f"La formation représente {percent} % de l'action ; elle doit être "
                        f"comprise entre {format_number(low * 100)} et "
                        f"{format_number(high * 100)} %."
                    ),
                    references=refs_at(data, "pro_a.max_training_share", as_of),
                )
            )
    if not checks:
        checks.append(
            Check.trusted(
                code="PRO_A_DURATION_OK",
                met=True,
                message=(
                    "Durées de l'action et de la formation conformes"
                    + (" (pas de durée minimale pour CléA et la VAE)." if exempt else ".")
                ),
                references=(
                    *month_refs,
                    *hour_refs,
                    *(refs_at(data, "pro_a.short_exemption", as_of) if exempt else ()),
                ),
            )
        )
    return checks


def _claim(
    dossier: Dossier, request: ProARequest, as_of: date, data: RuleData, opco: OpcoId | None
) -> Claim:
    hours = dossier.action.hours
    agreement = request.branch_agreement
    default, default_used = parameter_used(data, "pro_a.default_hourly_forfait", as_of)
    params = [default_used]
    if agreement is not None and agreement.hourly_forfait is not None:
        rate, source = agreement.hourly_forfait, "forfait de la branche"
    else:
        rate, source = default, "forfait légal par défaut"
    per_trainee = rate * hours
    basis = f"{source} {format_eur(rate)}/h × {format_number(hours)} h"
    cap = agreement.cap if agreement is not None else None
    if cap is None and opco is OpcoId.OPCO_MOBILITES:
        cap = decimal_at(data, "pro_a.cap_opco_mobilites", dossier.submitted_on)
        if cap is not None:
            _, cap_used = parameter_used(data, "pro_a.cap_opco_mobilites", dossier.submitted_on)
            params.append(cap_used)
    amount, basis = per_trainee_within_cap(per_trainee, cap, len(dossier.trainees), basis)
    return Claim.exact(
        SCHEME,
        amount,
        basis,
        "Prise en charge forfaitaire de la Pro-A par l'OPCO (section alternance) : le forfait "
        "couvre les frais pédagogiques, et selon l'accord de branche le transport, "
        "l'hébergement et la rémunération.",
        parameters=tuple(params),
        references=refs_at(data, "pro_a.default_hourly_forfait", as_of),
    )


class ProARule:
    """The Pro-A (L6324-1 to L6324-10, in force for avenants signed until 31/12/2025)."""

    scheme = SchemeId.PRO_A
    name = "La Pro-A"

    def requested(self, dossier: Dossier) -> bool:
        """Asked for by ``dossier.pro_a``."""
        return dossier.pro_a is not None

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        """See :func:`evaluate_pro_a`."""
        return evaluate_pro_a(context.dossier, context.day, context.data, context.opco.opco)


RULE = ProARule()
