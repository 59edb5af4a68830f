"""FNE-Formation: State co-funding through the OPCOs, by yearly DGEFP instruction.

There is no statute: each year's rules come in a DGEFP instruction run through State-OPCO
agreements. **The campaign is set by the date of the funding agreement (convention / accord de
prise en charge), not by the training dates**: the 2024 conventions "doivent être conclues au
plus tard le 31/12/2024" and fund training "achevée au plus tard le 31/12/2025" at the 2024
rates; the 2023 ones, agreed by 2023-12-31, training finished by 2024-12-31. Without the
agreement date formafin takes the filing date, and says so.
2023 and 2024 (general block exemption regulation, RGEC): 70 % of pedagogical costs for small
companies, 60 % for medium, 50 % for large, by the EU SME definition (headcount, and turnover
or balance sheet); 3 M€ per project; training of at most 12 months. Eligible only within the
year's priority axes (2023: ecological, agricultural and food, digital transitions and major
sporting events; 2024: plus the demographic transition). Excluded: apprentices and contrats de
professionnalisation, employees leaving under a PSE or an RCC, mandatory (safety) training.
Afdas applied its own rates to its 2024 envelope (60/40/40). From 2025 no national envelope
was found: the decision is ineligible, unless the caller declares an OPCO envelope with its
rate.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import lasts_at_most
from formafin.facts import AnyCheck, AnyNotice
from formafin.models import ContractType, Dossier, FneRequest, OpcoId
from formafin.money import format_eur, format_number
from formafin.result import Check, Notice, Payer, SchemeId
from formafin.rules.base import RuleContext
from formafin.rules.common import decimal_at, refs_at, required_decimal
from formafin.rules.outcome import Claim, SchemeOutcome, decide, parameter_used, raw_value
from formafin.rules.qualiopi import check_qualiopi

__all__ = ["RULE", "company_size", "evaluate_fne"]

SCHEME = SchemeId.FNE
_EXCLUDED = frozenset({ContractType.APPRENTISSAGE, ContractType.PROFESSIONNALISATION})
_SIZE_WORDS = {"small": "petite", "medium": "moyenne", "large": "grande"}
_NEEDS_INPUT = frozenset({"FNE_FINANCIALS_UNKNOWN", "FNE_PRIORITY_AXIS_UNKNOWN"})


def company_size(dossier: Dossier, as_of: date, data: RuleData) -> str | None:
    """``small``, ``medium`` or ``large`` by the EU SME definition; None if unknown."""
    company = dossier.company
    medium_headcount = required_decimal(data, "fne.medium_headcount", as_of)
    if company.headcount >= medium_headcount:
        return "large"
    turnover, balance = company.annual_turnover, company.balance_sheet_total
    if turnover is None and balance is None:
        return None
    small_headcount = required_decimal(data, "fne.small_headcount", as_of)
    small_money = required_decimal(data, "fne.small_turnover", as_of)
    medium_turnover = required_decimal(data, "fne.medium_turnover", as_of)
    medium_balance = required_decimal(data, "fne.medium_balance_sheet", as_of)
    if company.headcount < small_headcount and (
        (turnover is not None and turnover <= small_money)
        or (balance is not None and balance <= small_money)
    ):
        return "small"
    if (turnover is not None and turnover <= medium_turnover) or (
        balance is not None and balance <= medium_balance
    ):
        return "medium"
    return "large"


def evaluate_fne(
    dossier: Dossier, request: FneRequest, as_of: date, data: RuleData, opco: OpcoId | None
) -> SchemeOutcome:
    """Decide and compute the FNE-Formation of ``dossier``, under its agreement's campaign."""
    action = dossier.action
    notices: list[AnyNotice] = []
    agreed = request.agreement_signed_on
    if agreed is None:
        agreed = dossier.submitted_on
        notices.append(
            Notice.trusted(
                code="FNE_CAMPAIGN_FROM_SUBMISSION",
                message=(
                    "Date de la convention FNE inconnue (fne.agreement_signed_on) : formafin "
                    f"applique la campagne de la date de dépôt ({agreed:%d/%m/%Y}) ; c'est la "
                    "date de la convention qui fixe la campagne, ses taux et ses délais."
                ),
                scheme=SCHEME,
                references=refs_at(data, "fne.agreement_deadline", max(agreed, _first(data))),
            )
        )
    day = max(agreed, _first(data))
    refs = refs_at(data, "fne.rate_small", day)
    checks: list[AnyCheck] = []
    size = company_size(dossier, day, data)
    rate: Decimal | None = None
    rate_name = ""
    if size is None:
        checks.append(
            Check.trusted(
                code="FNE_FINANCIALS_UNKNOWN",
                met=False,
                message=(
                    "Taille au sens européen indéterminée : indiquez le chiffre d'affaires ou le "
                    "total de bilan (company.annual_turnover, company.balance_sheet_total)."
                ),
                references=refs_at(data, "fne.small_turnover", day),
            )
        )
    else:
        rate_name = f"fne.rate_{size}"
        if opco is OpcoId.AFDAS and decimal_at(data, f"{rate_name}_afdas", day) is not None:
            rate_name = f"{rate_name}_afdas"
        rate = decimal_at(data, rate_name, day)
    national = decimal_at(data, "fne.rate_small", day) is not None
    if not national:
        if request.opco_envelope_rate is not None:
            if size is not None:
                rate = request.opco_envelope_rate
            notices.append(
                Notice.trusted(
                    code="FNE_CALLER_ENVELOPE",
                    message=(
                        f"Aucune campagne nationale encodée pour une convention du "
                        f"{agreed:%d/%m/%Y} : taux de "
                        f"{format_number(request.opco_envelope_rate * 100)} % déclaré par "
                        "l'appelant pour l'enveloppe de l'OPCO."
                    ),
                    scheme=SCHEME,
                    references=refs,
                )
            )
        else:
            checks.append(
                Check.trusted(
                    code="FNE_NO_ENVELOPE",
                    met=False,
                    message=(
                        f"Aucune enveloppe nationale FNE-Formation n'est encodée pour une "
                        f"convention du {agreed:%d/%m/%Y} (campagnes encodées : conventions "
                        "2023 et 2024) : pas de financement, sauf enveloppe propre à l'OPCO "
                        "(fne.opco_envelope_rate)."
                    ),
                    references=refs,
                )
            )
    checks.extend(_calendar_checks(dossier, request, day, data))
    checks.extend(_scope_checks(dossier, request, day, data))
    qualiopi, qualiopi_notices = check_qualiopi(
        dossier.provider, action.category, action.start, as_of, data
    )
    checks.append(qualiopi)
    notices.extend(qualiopi_notices)
    decision = decide(SCHEME, checks, refs, needs_input=_NEEDS_INPUT)
    if not decision.eligible or rate is None or size is None:
        return SchemeOutcome(decision=decision, notices=tuple(notices))
    amount = rate * action.costs.pedagogical
    campaign = f"campagne {day.year}, " if national else ""
    basis = (
        f"{campaign}entreprise {_SIZE_WORDS[size]} : {format_number(rate * 100)} % × "
        f"{format_eur(action.costs.pedagogical)} de coûts pédagogiques"
    )
    params = []
    if rate_name and decimal_at(data, rate_name, day) is not None:
        params.append(parameter_used(data, rate_name, day)[1])
    cap = decimal_at(data, "fne.project_cap", day)
    if cap is not None and amount > cap:
        amount = cap
        basis += f", plafonné à {format_eur(cap)} par projet"
    claim = Claim.exact(
        SCHEME,
        amount,
        basis,
        "Cofinancement de l'État (FNE-Formation) par l'intermédiaire de l'OPCO, sur les coûts "
        "pédagogiques, au taux de la campagne de la convention selon la taille de l'entreprise.",
        payer=Payer.STATE,
        parameters=tuple(params),
        references=refs,
    )
    notices.append(
        Notice.trusted(
            code="WITHIN_AVAILABLE_FUNDS",
            message="FNE-Formation accordé dans la limite de l'enveloppe de l'OPCO.",
            scheme=SCHEME,
            references=refs,
        )
    )
    return SchemeOutcome(decision=decision, claims=(claim,), notices=tuple(notices))


def _first(data: RuleData) -> date:
    return data.parameter("fne.rate_small").first_day


def _scope_checks(
    dossier: Dossier, request: FneRequest, day: date, data: RuleData
) -> list[AnyCheck]:
    """Excluded publics and trainings, and the campaign's priority axes."""
    checks: list[AnyCheck] = []
    refs = refs_at(data, "fne.excludes_leavers", day)
    excluded = [t for t in dossier.trainees if t.contract in _EXCLUDED]
    if excluded:
        checks.append(
            Check.trusted(
                code="FNE_EXCLUDED_CONTRACT",
                met=False,
                message=(
                    "Les apprentis et les salariés en contrat de professionnalisation sont exclus"
                    " du FNE-Formation."
                ),
                references=refs,
            )
        )
    if request.trainees_leaving and raw_value(data, "fne.excludes_leavers", day) is True:
        checks.append(
            Check.trusted(
                code="FNE_TRAINEES_LEAVING",
                met=False,
                message=(
                    "Un stagiaire quitte l'entreprise dans le cadre d'un PSE ou d'une rupture "
                    "conventionnelle collective : exclu du FNE-Formation."
                ),
                references=refs,
            )
        )
    mandatory = raw_value(data, "fne.excludes_mandatory_training", day)
    if request.mandatory_training and mandatory is True:
        checks.append(
            Check.trusted(
                code="FNE_MANDATORY_TRAINING",
                met=False,
                message=(
                    "Formation obligatoire à la charge de l'employeur (sécurité, habilitation "
                    "réglementaire) : hors du champ du FNE-Formation."
                ),
                references=refs_at(data, "fne.excludes_mandatory_training", day),
            )
        )
    axes = raw_value(data, "fne.priority_axes", day)
    axis_refs = refs_at(data, "fne.priority_axes", day)
    if isinstance(axes, tuple):
        if request.priority_axis is None:
            checks.append(
                Check.trusted(
                    code="FNE_PRIORITY_AXIS_UNKNOWN",
                    met=False,
                    message=(
                        f"Campagne {day.year} : la formation doit s'inscrire dans un axe "
                        f"prioritaire ({', '.join(axes)}) ; indiquez fne.priority_axis."
                    ),
                    references=axis_refs,
                )
            )
        elif request.priority_axis not in axes:
            checks.append(
                Check.trusted(
                    code="FNE_PRIORITY_AXIS",
                    met=False,
                    message=(
                        f"Axe « {request.priority_axis} » hors des axes prioritaires de la "
                        f"campagne {day.year} ({', '.join(axes)})."
                    ),
                    references=axis_refs,
                )
            )
    return checks


def _calendar_checks(
    dossier: Dossier, request: FneRequest, as_of: date, data: RuleData
) -> list[AnyCheck]:
    action = dossier.action
    checks: list[AnyCheck] = []
    months = raw_value(data, "fne.max_months", as_of)
    if isinstance(months, int) and not lasts_at_most(action.start, action.end, months):
        checks.append(
            Check.trusted(
                code="FNE_TRAINING_TOO_LONG",
                met=False,
                message=f"La formation dépasse {months} mois, durée maximale du FNE-Formation.",
                references=refs_at(data, "fne.max_months", as_of),
            )
        )
    deadline = data.parameter("fne.agreement_deadline").at(as_of)  # the campaign's day
    signed = request.agreement_signed_on
    if isinstance(deadline.value, date) and signed is not None and signed > deadline.value:
        checks.append(
            Check.trusted(
                code="FNE_AGREEMENT_TOO_LATE",
                met=False,
                message=(
                    f"Convention signée après le {deadline.value:%d/%m/%Y}, date limite des "
                    "dossiers de l'année."
                ),
                references=deadline.references,
            )
        )
    end_deadline = data.parameter("fne.training_end_deadline").at(as_of)
    if isinstance(end_deadline.value, date) and action.end > end_deadline.value:
        checks.append(
            Check.trusted(
                code="FNE_TRAINING_ENDS_TOO_LATE",
                met=False,
                message=(
                    f"La formation doit être achevée au plus tard le {end_deadline.value:%d/%m/%Y}."
                ),
                references=end_deadline.references,
            )
        )
    return checks


class FneRule:
    """The FNE-Formation (L5121-1 and following, campaigns by instruction)."""

    scheme = SchemeId.FNE
    name = "Le FNE-Formation"

    def requested(self, dossier: Dossier) -> bool:
        """Asked for by ``dossier.fne``."""
        return dossier.fne is not None

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        """See :func:`evaluate_fne`."""
        request = context.dossier.fne
        assert request is not None
        return evaluate_fne(context.dossier, request, context.day, context.data, context.opco.opco)


RULE = FneRule()
