"""An example of a third-party formafin rule: a regional training aid.

**Fictitious figures.** formafin encodes only what the law or a funder's page says; a
regional aid's rate and cap are the region's decision, so this rule takes them from the
integrator (:class:`RegionalAid` arguments), and the shipped ``RULE`` uses demonstration
values. Copy this package, set your region's figures and its reference, and publish it:
``pip install`` is enough for formafin to run it (entry point ``formafin.rules``).

The rule pays ``rate`` of the pedagogical cost the earlier funders left (the OPCO's schemes
run first; it runs just before the CPF, which covers only what the others leave, C. trav.
R6333-3), within ``cap_per_trainee`` per trainee, for companies of the listed départements
with fewer than ``max_headcount`` employees.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from formafin import (
    Claim,
    CostCategory,
    Dossier,
    Payer,
    Reference,
    ReferenceKind,
    RuleContext,
    SchemeOutcome,
    check,
    decide,
)

__all__ = ["RULE", "RegionalAid"]

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class RegionalAid:
    """A regional aid on the pedagogical cost: a rate of what is left, capped per trainee."""

    scheme: str
    name: str
    departements: Collection[str]
    rate: Decimal
    cap_per_trainee: Decimal
    max_headcount: Decimal
    reference: Reference
    before: str = "cpf"

    def requested(self, dossier: Dossier) -> bool:
        """Only companies of the region are concerned."""
        return dossier.company.departement in self.departements

    def evaluate(self, context: RuleContext) -> SchemeOutcome:
        """Decide on the company's size, then claim the rate of what is left, capped."""
        dossier = context.dossier
        refs = (self.reference,)
        headcount = dossier.company.headcount
        small = headcount < self.max_headcount
        # A condition as a fact: its code, whether it is met, its words (plain text here;
        # formafin's own rules name a message of its catalogue instead).
        checks = [
            check(
                "EXEMPLE_REGION_TAILLE",
                small,
                f"Effectif de {headcount} salariés : l'aide est réservée aux entreprises de "
                f"moins de {self.max_headcount} salariés.",
                refs,
            )
        ]
        decision = decide(self.scheme, checks, refs)
        if not decision.eligible:
            return SchemeOutcome(decision=decision)
        left = context.remaining(CostCategory.PEDAGOGICAL)
        trainees = len(dossier.trainees)
        cap = self.cap_per_trainee * trainees
        amount = min(left * self.rate, cap).quantize(_CENT)
        claim = Claim.exact(
            self.scheme,
            amount,
            f"{self.rate * 100:.0f} % de {left} € restant, plafonné à {cap} € "
            f"({trainees} stagiaire(s) × {self.cap_per_trainee} €)",
            f"{self.name} : part des coûts pédagogiques laissés par les financeurs précédents.",
            payer=Payer.OTHER,
            references=refs,
        )
        return SchemeOutcome(decision=decision, claims=(claim,))


RULE = RegionalAid(
    scheme="exemple.aide_region",
    name="L'aide régionale d'exemple",
    departements=frozenset({"44", "49", "53", "72", "85"}),
    rate=Decimal("0.5"),
    cap_per_trainee=Decimal("500"),
    max_headcount=Decimal("50"),
    reference=Reference(
        kind=ReferenceKind.CALLER,
        id="Exemple fictif",
        title="chiffres de démonstration, à remplacer par ceux de la région",
    ),
)
"""The rule formafin loads through the entry point (demonstration figures)."""
