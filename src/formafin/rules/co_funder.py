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
from formafin.facts import CheckFact, NoticeFact, Text, Words, check, notice, say
from formafin.models import CoFunder, CoFunderKind, Dossier
from formafin.money import ZERO, funded_cents
from formafin.result import COST_CATEGORIES, CostCategory, ParameterUsed, Payer, SchemeId
from formafin.rules.allocation import category_cost
from formafin.rules.base import RuleContext
from formafin.rules.outcome import Claim, SchemeOutcome, decide
from formafin.sources import Reference, ReferenceKind, SourceStatus

__all__ = ["NAME", "RULE", "evaluate_co_funders"]

SCHEME = SchemeId.CO_FUNDER
NAME = "Les cofinanceurs déclarés par l'appelant (C. trav. L6323-4 II, L6332-1-2)"
_KIND_WORDS = {
    CoFunderKind.REGION: Text("co_funder.kind.region"),
    CoFunderKind.AGEFIPH: Text("co_funder.kind.agefiph"),
    CoFunderKind.EMPLOYER_VOLUNTARY: Text("co_funder.kind.employer_voluntary"),
    CoFunderKind.BRANCH: Text("co_funder.kind.branch"),
    CoFunderKind.OTHER: Text("co_funder.kind.other"),
}
_CATEGORY_WORDS = {
    CostCategory.PEDAGOGICAL: Text("co_funder.category.pedagogical"),
    CostCategory.SALARY: Text("co_funder.category.salary"),
    CostCategory.ANNEX: Text("co_funder.category.annex"),
}


def _source(funder: CoFunder) -> Reference:
    """The caller's declaration as a source (said at once: references are data)."""
    title = funder.reference if funder.reference is not None else say(_KIND_WORDS[funder.kind])
    return Reference.trusted(
        kind=ReferenceKind.CALLER,
        id=say(Text("co_funder.declared_by_caller", name=funder.name)),
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
    remaining = {category: left.get(category, ZERO) for category in COST_CATEGORIES}
    checks: list[CheckFact] = []
    claims: list[Claim] = []
    notices: list[NoticeFact] = []
    for index, funder in enumerate(dossier.co_funders):
        used: tuple[ParameterUsed, ...]
        category = CostCategory(funder.category)
        cost = category_cost(dossier.action.costs, category)
        source = _source(funder)
        words = _CATEGORY_WORDS[category]
        basis: tuple[Words, ...]
        if funder.amount is not None:
            wanted = funder.amount
            basis = (Text("co_funder.basis.amount", amount=wanted, words=words),)
            label = say(Text("co_funder.label.amount"))
            used = (_used(index, "amount", label, wanted, "€", source),)
        else:
            rate = funder.rate if funder.rate is not None else ZERO
            wanted = funded_cents(rate * cost)
            basis = (Text("co_funder.basis.rate", percent=rate * 100, cost=cost, words=words),)
            label = say(Text("co_funder.label.rate"))
            unit = say(Text("co_funder.unit.share_of_cost"))
            used = (_used(index, "rate", label, rate, unit, source),)
            if funder.cap is not None:
                label = say(Text("co_funder.label.cap"))
                used += (_used(index, "cap", label, funder.cap, "€", source),)
                if wanted > funder.cap:
                    wanted = funder.cap
                    basis += (Text("co_funder.basis.capped", cap=funder.cap),)
        granted = min(wanted, remaining[category])
        remaining[category] -= granted
        kind = _KIND_WORDS[funder.kind]
        text = Text("co_funder.declared", name=funder.name, kind=kind, basis=basis)
        checks.append(check("CO_FUNDER_DECLARED", True, text, (source,)))
        if granted < wanted:
            text = Text(
                "co_funder.reduced", name=funder.name, wanted=wanted, granted=granted, words=words
            )
            notices.append(notice("CO_FUNDER_REDUCED", text, (source,), scheme=SCHEME))
        if granted <= 0:
            continue
        if granted < wanted:
            basis += (Text("co_funder.basis.reduced", granted=granted),)
        claims.append(
            Claim.exact(
                SCHEME,
                granted,
                basis,
                Text("co_funder.explanation", kind=kind),
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
