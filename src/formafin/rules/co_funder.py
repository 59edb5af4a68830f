"""Caller-declared co-funders: fundings formafin does not encode, served in the legal order.

An HR tool often knows of a funding no rule encodes: a region's programme, an Agefiph aid, the
employer's voluntary contribution to its OPCO or a branch top-up from conventional
contributions (« contributions supplémentaires [...] versées soit en application d'un accord
professionnel national [...] soit sur une base volontaire par l'entreprise », L6332-1-2; the
State, the regions, France Travail and the Agefiph are among the funders L6323-4 II lists).
Each is declared for one cost category, as an amount or as a rate of the category's cost
(optionally capped). formafin serves them after the OPCO schemes and before the CPF, whose
rights cover what the others leave (R6333-3: « les frais de formation qui ne sont pas
financés par les droits mobilisés [...] restent à la charge du titulaire »), in the order the
caller declares them, each within what the earlier schemes and co-funders left (``left``):
a co-funder never pays a euro another funder pays, nor more than the cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from formafin.data import RuleData
from formafin.facts import AnyCheck, AnyNotice
from formafin.models import CoFunder, CoFunderKind, Dossier
from formafin.money import ZERO, format_eur, format_number, funded_cents
from formafin.result import Check, CostCategory, Notice, ParameterUsed, Payer, SchemeId
from formafin.rules.allocation import category_cost
from formafin.rules.base import RuleContext
from formafin.rules.outcome import Claim, SchemeOutcome, decide
from formafin.sources import Reference, ReferenceKind, SourceStatus

__all__ = ["NAME", "RULE", "evaluate_co_funders"]

SCHEME = SchemeId.CO_FUNDER
NAME = "Les cofinanceurs déclarés par l'appelant (C. trav. L6323-4 II, L6332-1-2)"
_KIND_WORDS = {
    CoFunderKind.REGION: "région",
    CoFunderKind.AGEFIPH: "Agefiph",
    CoFunderKind.EMPLOYER_VOLUNTARY: "versement volontaire de l'employeur",
    CoFunderKind.BRANCH: "abondement de branche (fonds conventionnels)",
    CoFunderKind.OTHER: "autre financeur",
}
_CATEGORY_WORDS = {
    CostCategory.PEDAGOGICAL: "coûts pédagogiques",
    CostCategory.SALARY: "rémunération",
    CostCategory.ANNEX: "frais annexes",
}


def _source(funder: CoFunder) -> Reference:
    title = funder.reference if funder.reference is not None else _KIND_WORDS[funder.kind]
    return Reference.trusted(
        kind=ReferenceKind.CALLER,
        id=f"Déclaré par l'appelant : {funder.name}",
        title=title,
        url=funder.url,
    )


def _used(
    index: int, field: str, label: str, value: Decimal, unit: str, ref: Reference
) -> ParameterUsed:
    return ParameterUsed.trusted(
        name=f"co_funders[{index}].{field}",
        label=label,
        value=str(value),
        unit=unit,
        status=SourceStatus.CALLER,
        references=(ref,),
    )


def evaluate_co_funders(
    dossier: Dossier, data: RuleData, left: Mapping[CostCategory, Decimal]
) -> SchemeOutcome:
    """The claims of the declared co-funders, in their order, each within what is left."""
    refs = (data.reference("l6323_4"), data.reference("l6332_1_2"))
    remaining = {category: left.get(category, ZERO) for category in CostCategory}
    checks: list[AnyCheck] = []
    claims: list[Claim] = []
    notices: list[AnyNotice] = []
    for index, funder in enumerate(dossier.co_funders):
        used: tuple[ParameterUsed, ...]
        category = CostCategory(funder.category)
        cost = category_cost(dossier.action.costs, category)
        source = _source(funder)
        words = _CATEGORY_WORDS[category]
        if funder.amount is not None:
            wanted = funder.amount
            basis = f"{format_eur(wanted)} déclarés sur les {words}"
            used = (_used(index, "amount", "Montant déclaré", wanted, "€", source),)
        else:
            rate = funder.rate if funder.rate is not None else ZERO
            wanted = funded_cents(rate * cost)
            basis = f"{format_number(rate * 100)} % × {format_eur(cost)} de {words}"
            used = (_used(index, "rate", "Taux déclaré", rate, "part du coût", source),)
            if funder.cap is not None:
                used += (_used(index, "cap", "Plafond déclaré", funder.cap, "€", source),)
                if wanted > funder.cap:
                    wanted = funder.cap
                    basis += f", plafonné à {format_eur(funder.cap)}"
        granted = min(wanted, remaining[category])
        remaining[category] -= granted
        checks.append(
            Check.trusted(
                code="CO_FUNDER_DECLARED",
                met=True,
                message=f"{funder.name} ({_KIND_WORDS[funder.kind]}) : {basis}.",
                references=(source,),
            )
        )
        if granted < wanted:
            notices.append(
                Notice.trusted(
                    code="CO_FUNDER_REDUCED",
                    message=(
                        f"{funder.name} : {format_eur(wanted)} déclarés, {format_eur(granted)} "
                        f"retenus ; le reste des {words} est déjà financé par les dispositifs "
                        "servis avant lui (ou le coût est moindre)."
                    ),
                    scheme=SCHEME,
                    references=(source,),
                )
            )
        if granted <= 0:
            continue
        if granted < wanted:
            basis += f", ramené à {format_eur(granted)} que les financeurs précédents laissent"
        claims.append(
            Claim.exact(
                SCHEME,
                granted,
                basis,
                f"Financement déclaré par l'appelant ({_KIND_WORDS[funder.kind]}) : formafin ne "
                "l'encode pas et le sert après les dispositifs de l'OPCO, avant le CPF.",
                payer=(
                    Payer.EMPLOYER
                    if funder.kind is CoFunderKind.EMPLOYER_VOLUNTARY
                    else Payer.OTHER
                ),
                category=category,
                parameters=used,
                references=(source, *refs),
            )
        )
    decision = decide(SCHEME, checks, refs)
    return SchemeOutcome(decision=decision, claims=tuple(claims), notices=tuple(notices))


class CoFunderRule:
    """The co-funders the caller declares (``dossier.co_funders``), served after the OPCO
    schemes and before the CPF, each within what is left."""

    scheme = SchemeId.CO_FUNDER
    name = NAME

    def requested(self, dossier: Dossier) -> bool:
        """Asked for when the dossier declares at least one co-funder."""
        return bool(dossier.co_funders)

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        """See :func:`evaluate_co_funders`."""
        return evaluate_co_funders(context.dossier, context.data, context.left)


RULE = CoFunderRule()
