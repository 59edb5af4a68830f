"""``estimate_funding``: which schemes pay, how much, what is left to pay, and why."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from formafin.baremes import Bareme
from formafin.data import RuleData, rule_data
from formafin.dates import as_of_day
from formafin.errors import DataError, UnsupportedDateError
from formafin.models import Dossier
from formafin.money import ZERO, format_eur, funded_cents, money_context
from formafin.pipeline import run_rules
from formafin.result import CostCategory, FundingEstimate, FundingLine, MoneyRange, Notice
from formafin.rules.bareme_selection import select_bareme, select_last_known_bareme
from formafin.rules.base import Rule, RuleContext
from formafin.rules.opco_resolution import resolve_opco
from formafin.rules.outcome import SchemeOutcome
from formafin.rules.registry import SHIPPED, installed_rules

__all__ = ["estimate_funding"]


def estimate_funding(
    dossier: Dossier,
    *,
    as_of: date | None = None,
    bareme: Bareme | str | None = None,
    rules: Sequence[Rule] | None = None,
) -> FundingEstimate:
    """Estimate the funding of ``dossier`` under the rules in force on ``as_of``.

    ``as_of`` defaults to the training's start date (formafin never reads today's date).
    ``bareme`` is a caller-supplied :class:`~formafin.baremes.Bareme`, or the id of a shipped
    one, that replaces the automatic choice. ``rules`` chooses the schemes evaluated (by
    default the shipped rules and those registered under the ``formafin.rules`` entry
    point; see :func:`formafin.rules.registry.installed_rules`): they run in the legal
    funding order whatever the order given. Ineligibility comes back as decisions with
    reasons; invalid input has already been refused by the models; a date outside the
    rules' coverage raises :class:`~formafin.errors.UnsupportedDateError`.
    """
    day = as_of_day(as_of, dossier.action.start)
    data = rule_data()
    with money_context():
        estimate = _estimate(dossier, day, bareme, data, rules)
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
    dossier: Dossier,
    day: date,
    bareme_choice: Bareme | str | None,
    data: RuleData,
    rules: Sequence[Rule] | None,
) -> FundingEstimate:
    context, warnings = _context(dossier, day, bareme_choice, data)
    run = run_rules(installed_rules() if rules is None else rules, context)
    outcomes = [run.outcomes[scheme] for scheme in _display_order(run.outcomes)]
    allocator = run.allocator
    lines, categories = allocator.lines(), allocator.totals()
    for outcome in outcomes:
        warnings.extend(outcome.notices)
    total_cost = dossier.action.costs.total
    total_funded = allocator.funded()
    remaining = total_cost - total_funded
    trainee_pays = funded_cents(sum((o.trainee_pays() for o in outcomes), ZERO))
    remaining_trainee = min(allocator.left[CostCategory.PEDAGOGICAL], trainee_pays)
    decisions = tuple(outcome.decision for outcome in outcomes)
    indicative = any(line.indicative for line in lines) or any(d.indicative for d in decisions)
    remaining_range = _remaining_range(lines, total_cost, remaining)
    if remaining_range is not None:
        warnings.append(_indicative_notice(remaining_range, data))
    if all(request is None for request in _requests(dossier)):
        warnings.append(Notice.trusted(**_SCHEMES_ON_REQUEST))
    return FundingEstimate.trusted(
        as_of=day,
        ruleset_version=data.ruleset.version,
        opco=context.opco,
        lines=lines,
        decisions=decisions,
        categories=categories,
        total_cost=total_cost,
        total_funded=total_funded,
        remaining_cost=remaining,
        remaining_employer=remaining - remaining_trainee,
        remaining_trainee=remaining_trainee,
        remaining_cost_range=remaining_range,
        indicative=indicative,
        aids=tuple(aid for outcome in outcomes for aid in outcome.aids),
        warnings=_once(warnings),
    )


def _context(
    dossier: Dossier, day: date, bareme_choice: Bareme | str | None, data: RuleData
) -> tuple[RuleContext, list[Notice]]:
    """What every rule reads: the date checked against the rules' coverage, the OPCO, the
    barème (the caller's, the one in force, or the last known); and the first warnings."""
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
    if bareme is None and resolution.opco is not None:
        idcc = resolution.idcc_used.split("/")[0] if resolution.idcc_used else None
        bareme = select_bareme(resolution.opco, idcc, day, data)
        if bareme is None:
            last_known = select_last_known_bareme(resolution.opco, idcc, day, data)
    context = RuleContext(
        dossier=dossier,
        day=day,
        data=data,
        opco=resolution,
        bareme=bareme,
        last_known_bareme=last_known,
        bareme_from_caller=bareme_choice is not None,
    )
    return context, warnings


_SHOWN_FIRST = {scheme: index for index, scheme in enumerate(SHIPPED)}


def _display_order(outcomes: dict[str, SchemeOutcome]) -> list[str]:
    """Shipped schemes in their usual order (plan, CPF, Pro-A…), then the others as run."""
    ranked = [(_SHOWN_FIRST.get(scheme, len(_SHOWN_FIRST)), i) for i, scheme in enumerate(outcomes)]
    schemes = list(outcomes)
    return [schemes[i] for _, i in sorted(ranked)]


def _requests(dossier: Dossier) -> tuple[object, ...]:
    return (
        dossier.pro_a,
        dossier.reconversion,
        dossier.fne,
        dossier.apprenticeship,
        dossier.professionalisation,
    )


_SCHEMES_ON_REQUEST = {
    "code": "SCHEMES_ON_REQUEST",
    "message": (
        "Pro-A, période de reconversion, FNE-Formation, contrat d'apprentissage et "
        "contrat de professionnalisation ne sont évalués que si le dossier les décrit "
        "(champs pro_a, reconversion, fne, apprenticeship, professionalisation)."
    ),
}


def _remaining_range(
    lines: tuple[FundingLine, ...], total_cost: Decimal, remaining: Decimal
) -> MoneyRange | None:
    """The range of the remaining cost when an amount is indicative."""
    if all(line.range is None for line in lines):
        return None
    high_funded = sum((line.range.high if line.range else line.amount for line in lines), ZERO)
    return MoneyRange.trusted(
        low=max(ZERO, total_cost - min(high_funded, total_cost)), high=remaining
    )


def _indicative_notice(remaining_range: MoneyRange, data: RuleData) -> Notice:
    return Notice.trusted(
        code="INDICATIVE_AMOUNTS",
        message=(
            "Montants indicatifs : reste à charge estimé entre "
            f"{format_eur(remaining_range.low)} et {format_eur(remaining_range.high)}. "
            "Fournissez le barème de votre OPCO pour un chiffrage exact."
        ),
        references=(data.reference("d6332_39"),),
    )


def _once(notices: list[Notice]) -> tuple[Notice, ...]:
    """The notices without repeats: several schemes run the same check (Qualiopi, dates)
    and would otherwise each add the same notice."""
    seen: set[tuple[str, str, str | None]] = set()
    kept: list[Notice] = []
    for notice in notices:
        key = (notice.code, notice.message, notice.scheme)
        if key not in seen:
            seen.add(key)
            kept.append(notice)
    return tuple(kept)
