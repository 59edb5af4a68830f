"""``estimate_funding``: which schemes pay, how much, what is left to pay, and why."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from formafin.baremes import Bareme
from formafin.data import RuleData, rule_data
from formafin.dates import as_of_day
from formafin.errors import DataError, UnsupportedDateError
from formafin.models import Dossier, ReconversionRequest
from formafin.money import ZERO, format_eur, funded_cents, money_context
from formafin.result import (
    Aid,
    CostCategory,
    Decision,
    DecisionStatus,
    FundingEstimate,
    MoneyRange,
    Notice,
    Reason,
    SchemeId,
)
from formafin.rules.allocation import allocate
from formafin.rules.apprenticeship import evaluate_apprenticeship
from formafin.rules.bareme_selection import select_bareme, select_last_known_bareme
from formafin.rules.contrat_pro import evaluate_contrat_pro
from formafin.rules.cpf import CpfOutcome, evaluate_cpf
from formafin.rules.fne import evaluate_fne
from formafin.rules.opco_plan import bareme_period, evaluate_opco_plan
from formafin.rules.opco_resolution import resolve_opco
from formafin.rules.outcome import SchemeOutcome
from formafin.rules.pro_a import evaluate_pro_a
from formafin.rules.reconversion import ReconversionOutcome, evaluate_reconversion
from formafin.sources import Reference, SourceStatus

__all__ = ["estimate_funding"]


def estimate_funding(
    dossier: Dossier, *, as_of: date | None = None, bareme: Bareme | str | None = None
) -> FundingEstimate:
    """Estimate the funding of ``dossier`` under the rules in force on ``as_of``.

    ``as_of`` defaults to the training's start date (formafin never reads today's date).
    ``bareme`` is a caller-supplied :class:`~formafin.baremes.Bareme`, or the id of a shipped
    one, that replaces the automatic choice. Ineligibility comes back as decisions with
    reasons; invalid input has already been refused by the models; a date outside the
    rules' coverage raises :class:`~formafin.errors.UnsupportedDateError`.
    """
    day = as_of_day(as_of, dossier.action.start)
    data = rule_data()
    with money_context():
        estimate = _estimate(dossier, day, bareme, data)
        if os.environ.get("FORMAFIN_STRICT") == "1":
            _check_strictly(estimate)
        return estimate


_CODE = re.compile(r"^[A-Z][A-Z0-9_]+$")


def _check_strictly(estimate: FundingEstimate) -> None:
    """Strict mode (``FORMAFIN_STRICT=1``): validate the result formafin built without
    validation, and the format of every code. Meant for tests and integration checks."""
    try:
        validated = FundingEstimate.model_validate(estimate.model_dump())
    except ValueError as error:
        raise DataError(f"résultat mal formé : {error}") from error
    if validated != estimate:
        raise DataError("résultat mal formé : la validation le modifie")
    codes = [n.code for n in estimate.warnings]
    for decision in estimate.decisions:
        codes += [r.code for r in decision.reasons] + [c.code for c in decision.checks]
    codes += [r.code for aid in estimate.aids for r in aid.reasons]
    bad = [code for code in codes if not _CODE.match(code)]
    if bad:
        raise DataError(f"codes mal formés : {bad}")


def _estimate(
    dossier: Dossier, day: date, bareme_choice: Bareme | str | None, data: RuleData
) -> FundingEstimate:
    ruleset = data.ruleset
    if day < ruleset.covers_from:
        raise UnsupportedDateError(
            f"as_of = {day:%d/%m/%Y} : les règles livrées couvrent les dossiers à partir du "
            f"{ruleset.covers_from:%d/%m/%Y} (réforme de la loi n° 2018-771)."
        )
    warnings: list[Notice] = []
    if day > ruleset.verified_until:
        warnings.append(
            Notice.trusted(
                code="RULES_NOT_VERIFIED_AT_DATE",
                message=(
                    f"Les textes ont été vérifiés jusqu'au {ruleset.verified_until:%d/%m/%Y} ; au "
                    f"{day:%d/%m/%Y}, formafin applique les valeurs alors en vigueur, qui ont pu "
                    "changer depuis."
                ),
            )
        )
    company = dossier.company
    resolution = resolve_opco(company.idcc, naf=company.naf, opco=company.opco)
    warnings.extend(resolution.notices)

    bareme = data.bareme(bareme_choice) if isinstance(bareme_choice, str) else bareme_choice
    last_known = None
    if bareme is not None:
        warnings.extend(_chosen_bareme_notices(bareme, resolution.opco, day))
    elif resolution.opco is not None:
        idcc = resolution.idcc_used.split("/")[0] if resolution.idcc_used else None
        bareme = select_bareme(resolution.opco, idcc, day, data)
        if bareme is None:
            last_known = select_last_known_bareme(resolution.opco, idcc, day, data)

    costs = dossier.action.costs
    chosen = bareme
    plan = _guarded(
        SchemeId.OPCO_PLAN,
        data,
        lambda: evaluate_opco_plan(dossier, day, resolution, chosen, data, last_known=last_known),
    )
    warnings.extend(plan.notices)
    if plan.decision.status is DecisionStatus.ELIGIBLE:
        if bareme is None and last_known is not None:
            warnings.extend(_last_known_notices(last_known, day, data, company.headcount))
        else:
            warnings.extend(_bareme_notices(bareme, data, company.headcount))

    decisions = [plan.decision]
    claims = list(plan.claims)
    cpf_share = None
    in_reconversion = False
    reconversion_request = dossier.reconversion
    derived = False
    if dossier.pro_a is not None:
        pro_a = _guarded(
            SchemeId.PRO_A, data, lambda: evaluate_pro_a(dossier, day, data, resolution.opco)
        )
        decisions.append(pro_a.decision)
        claims.extend(pro_a.claims)
        warnings.extend(pro_a.notices)
        closed = any(r.code == "PRO_A_CLOSED" for r in pro_a.decision.reasons)
        if closed and reconversion_request is None:
            reconversion_request = ReconversionRequest(
                kind="internal",
                period_start=dossier.pro_a.period_start,
                period_end=dossier.pro_a.period_end,
            )
            derived = True
    if reconversion_request is not None:
        request = reconversion_request
        reconversion = _guarded(
            SchemeId.PERIODE_RECONVERSION,
            data,
            lambda: evaluate_reconversion(dossier, request, day, data, derived=derived),
        )
        decisions.append(reconversion.decision)
        claims.extend(reconversion.claims)
        warnings.extend(reconversion.notices)
        if isinstance(reconversion, ReconversionOutcome) and reconversion.decision.eligible:
            cpf_share = reconversion.cpf_rights_share
            in_reconversion = True
    aids: list[Aid] = []
    if dossier.apprenticeship is not None:
        apprenticeship, aid = _guarded_with_aid(
            SchemeId.APPRENTISSAGE, data, lambda: evaluate_apprenticeship(dossier, data)
        )
        decisions.append(apprenticeship.decision)
        claims.extend(apprenticeship.claims)
        warnings.extend(apprenticeship.notices)
        if aid is not None:
            aids.append(aid)
    if dossier.professionalisation is not None:
        try:
            contrat_pro, pro_aids = evaluate_contrat_pro(dossier, data)
        except UnsupportedDateError as error:
            contrat_pro, pro_aids = _not_in_force(SchemeId.CONTRAT_PRO, data, error), ()
        decisions.append(contrat_pro.decision)
        claims.extend(contrat_pro.claims)
        warnings.extend(contrat_pro.notices)
        aids.extend(pro_aids)
    if dossier.fne is not None:
        fne_request = dossier.fne
        fne = _guarded(
            SchemeId.FNE,
            data,
            lambda: evaluate_fne(dossier, fne_request, day, data, resolution.opco),
        )
        decisions.append(fne.decision)
        claims.extend(fne.claims)
        warnings.extend(fne.notices)

    # Schemes are served in the legal order: the CPF sees what the others left.
    _, before_cpf = allocate(claims, costs, day, data)
    pedagogical_left = next(
        t.remaining for t in before_cpf if t.category is CostCategory.PEDAGOGICAL
    )
    # Who bears what the CPF leaves: the holder, or the employer when the action is his
    # (plan co-funded by the CPF) or a période de reconversion (L6324-6); see rules.cpf.
    try:
        cpf = evaluate_cpf(
            dossier,
            day,
            data,
            pedagogical_left,
            rights_share=cpf_share,
            employer_plan=plan.decision.eligible,
            reconversion=in_reconversion,
        )
    except UnsupportedDateError as error:
        cpf = CpfOutcome(decision=_not_in_force(SchemeId.CPF, data, error).decision)
    warnings.extend(cpf.notices)
    decisions.insert(1, cpf.decision)
    claims.extend(cpf.claims)

    lines, categories = allocate(claims, costs, day, data)
    total_cost = costs.total
    total_funded = sum((line.amount for line in lines), ZERO)
    remaining = total_cost - total_funded
    pedagogical_remaining = next(
        t.remaining for t in categories if t.category is CostCategory.PEDAGOGICAL
    )
    remaining_trainee = min(pedagogical_remaining, funded_cents(cpf.holder_share))
    indicative = any(line.indicative for line in lines) or any(d.indicative for d in decisions)
    remaining_range = None
    if any(line.range is not None for line in lines):
        high_funded = sum((line.range.high if line.range else line.amount for line in lines), ZERO)
        remaining_range = MoneyRange.trusted(
            low=max(ZERO, total_cost - min(high_funded, total_cost)), high=remaining
        )
        warnings.append(
            Notice.trusted(
                code="INDICATIVE_AMOUNTS",
                message=(
                    "Montants indicatifs : reste à charge estimé entre "
                    f"{format_eur(remaining_range.low)} et {format_eur(remaining_range.high)}. "
                    "Fournissez le barème de votre OPCO pour un chiffrage exact."
                ),
                references=(data.reference("d6332_39"),),
            )
        )
    requested = (
        dossier.pro_a,
        dossier.reconversion,
        dossier.fne,
        dossier.apprenticeship,
        dossier.professionalisation,
    )
    if all(request is None for request in requested):
        warnings.append(
            Notice.trusted(
                code="SCHEMES_ON_REQUEST",
                message=(
                    "Pro-A, période de reconversion, FNE-Formation, contrat d'apprentissage et "
                    "contrat de professionnalisation ne sont évalués que si le dossier les décrit "
                    "(champs pro_a, reconversion, fne, apprenticeship, professionalisation)."
                ),
            )
        )
    return FundingEstimate.trusted(
        as_of=day,
        ruleset_version=ruleset.version,
        opco=resolution,
        lines=lines,
        decisions=tuple(decisions),
        categories=categories,
        total_cost=total_cost,
        total_funded=total_funded,
        remaining_cost=remaining,
        remaining_employer=remaining - remaining_trainee,
        remaining_trainee=remaining_trainee,
        remaining_cost_range=remaining_range,
        indicative=indicative,
        aids=tuple(aids),
        warnings=_once(warnings),
    )


_SCHEME_NAMES = {
    SchemeId.OPCO_PLAN: "Le plan de développement des compétences",
    SchemeId.CPF: "Le compte personnel de formation",
    SchemeId.PRO_A: "La Pro-A",
    SchemeId.PERIODE_RECONVERSION: "La période de reconversion",
    SchemeId.FNE: "Le FNE-Formation",
    SchemeId.APPRENTISSAGE: "Le contrat d'apprentissage",
    SchemeId.CONTRAT_PRO: "Le contrat de professionnalisation",
}


def _once(notices: list[Notice]) -> tuple[Notice, ...]:
    """The notices without repeats: several schemes run the same check (Qualiopi, dates)
    and would otherwise each add the same notice."""
    seen: set[tuple[str, str, SchemeId | None]] = set()
    kept: list[Notice] = []
    for notice in notices:
        key = (notice.code, notice.message, notice.scheme)
        if key not in seen:
            seen.add(key)
            kept.append(notice)
    return tuple(kept)


def _not_in_force(scheme: SchemeId, data: RuleData, error: UnsupportedDateError) -> SchemeOutcome:
    """Safety net: a date outside the encoded range of one scheme's parameters (an avenant
    signed before the scheme existed, a contract concluded before the 2018 reform took effect)
    is a refusal of that scheme, never an exception that would hide the other schemes."""
    reason = Reason.trusted(
        code="SCHEME_NOT_IN_FORCE",
        message=(
            f"{_SCHEME_NAMES[scheme]} ne peut pas être évalué à la date du dossier : les règles "
            f"livrées ne couvrent pas cette date pour ce dispositif. {error}"
        ),
        references=(data.reference("loi_2018_771"),),
    )
    return SchemeOutcome(
        decision=Decision.trusted(
            scheme=scheme,
            status=DecisionStatus.INELIGIBLE,
            eligible=False,
            reasons=(reason,),
            references=reason.references,
        )
    )


def _guarded(
    scheme: SchemeId, data: RuleData, evaluate: Callable[[], SchemeOutcome]
) -> SchemeOutcome:
    try:
        return evaluate()
    except UnsupportedDateError as error:
        return _not_in_force(scheme, data, error)


def _guarded_with_aid(
    scheme: SchemeId,
    data: RuleData,
    evaluate: Callable[[], tuple[SchemeOutcome, Aid | None]],
) -> tuple[SchemeOutcome, Aid | None]:
    try:
        return evaluate()
    except UnsupportedDateError as error:
        return _not_in_force(scheme, data, error), None


def _chosen_bareme_notices(bareme: Bareme, opco: object, day: date) -> list[Notice]:
    notices = [
        Notice.trusted(
            code="BAREME_CHOSEN_BY_CALLER",
            message=(
                f"Barème « {bareme.id} » choisi par l'appelant : il remplace le choix automatique."
            ),
            scheme=SchemeId.OPCO_PLAN,
            references=bareme.references,
        )
    ]
    if opco is not None and bareme.opco != opco:
        notices.append(
            Notice.trusted(
                code="BAREME_OPCO_MISMATCH",
                message=(
                    f"Le barème « {bareme.id} » est celui de {bareme.opco.value}, pas de "
                    f"l'OPCO de l'entreprise ({opco})."
                ),
                scheme=SchemeId.OPCO_PLAN,
            )
        )
    if not bareme.in_force(day):
        notices.append(
            Notice.trusted(
                code="BAREME_NOT_IN_FORCE",
                message=(
                    f"Le barème « {bareme.id} » n'est pas daté ou ne couvre pas le "
                    f"{day:%d/%m/%Y} : ses montants sont appliqués tels quels."
                ),
                scheme=SchemeId.OPCO_PLAN,
            )
        )
    return notices


def _last_known_notices(
    bareme: Bareme, day: date, data: RuleData, headcount: Decimal
) -> list[Notice]:
    """No barème in force, an outdated one applied: say which, from when, and from where."""
    scheme = SchemeId.OPCO_PLAN
    board = (data.reference("d6332_39"), data.reference("l6332_17"))
    source = bareme.references[0]
    where = source.id + (f", {source.url}" if source.url else "")
    notices = [
        Notice.trusted(
            code="BAREME_LAST_KNOWN",
            message=(
                f"Aucun barème de l'OPCO en vigueur le {day:%d/%m/%Y} n'est connu de formafin "
                f"pour cette entreprise : le plan est chiffré à titre indicatif avec le dernier "
                f"barème connu, « {bareme.branch} » ({bareme_period(bareme)} ; source : {where}). "
                "Le conseil d'administration de l'OPCO fixe ses critères chaque année : "
                "fournissez le barème en vigueur pour un chiffrage exact."
            ),
            scheme=scheme,
            references=(*bareme.references, *board),
        )
    ]
    notices.extend(_bareme_notes(bareme, headcount))
    notices.append(_within_funds(board))
    return notices


def _bareme_notices(bareme: Bareme | None, data: RuleData, headcount: Decimal) -> list[Notice]:
    scheme = SchemeId.OPCO_PLAN
    board = (data.reference("d6332_39"), data.reference("l6332_17"))
    if bareme is None:
        return [
            Notice.trusted(
                code="BAREME_UNKNOWN",
                message=(
                    "Aucun barème de l'OPCO n'est connu de formafin pour cette branche et cette "
                    "date : les montants du plan sont indicatifs."
                ),
                scheme=scheme,
                references=board,
            ),
            _within_funds(board),
        ]
    notices = _bareme_notes(bareme, headcount)
    if bareme.status in (SourceStatus.SECONDARY, SourceStatus.BELIEVED):
        notices.append(
            Notice.trusted(
                code="BAREME_SECONDARY_SOURCE",
                message=(
                    f"Le barème « {bareme.id} » vient d'une source secondaire : à confirmer "
                    "auprès de l'OPCO."
                ),
                scheme=scheme,
                references=bareme.references,
            )
        )
    if bareme.within_available_funds:
        notices.append(_within_funds(bareme.references))
    return notices


def _bareme_notes(bareme: Bareme, headcount: Decimal) -> list[Notice]:
    """The barème's own reservations that concern a company of this size."""
    return [
        Notice.trusted(
            code="BAREME_NOTE",
            message=note,
            scheme=SchemeId.OPCO_PLAN,
            references=bareme.references,
        )
        for note in bareme.notes_for(headcount)
    ]


def _within_funds(references: tuple[Reference, ...]) -> Notice:
    """The OPCO pays within the funds available (its board's decision)."""
    return Notice.trusted(
        code="WITHIN_AVAILABLE_FUNDS",
        message="Financement de l'OPCO accordé dans la limite des fonds disponibles.",
        scheme=SchemeId.OPCO_PLAN,
        references=references,
    )
