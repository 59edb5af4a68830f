"""The one interface every scheme implements, shipped or third-party.

A rule says which scheme it is (:attr:`Rule.scheme`), whether a dossier asks for it
(:meth:`Rule.requested`) and what it decides and claims (:meth:`Rule.evaluate`), from one
:class:`RuleContext`: the dossier, the date, the rule data, the OPCO, the barème, what the
rules evaluated before it left per cost category and their outcomes. The pipeline
(:mod:`formafin.pipeline`) runs the rules in the legal funding order — the dated parameter
``allocation.order`` — and serves each rule's claims right after it, so a later rule (the
CPF, a co-funder) sees exactly what is left.

Writing a rule: see the documentation page « Écrire une règle ».
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from formafin.models import Dossier
from formafin.result import SchemeKey
from formafin.rules.context import RuleContext
from formafin.rules.outcome import SchemeOutcome

if TYPE_CHECKING:
    pass

__all__ = ["DEFAULT_BEFORE", "Rule", "RuleContext"]

DEFAULT_BEFORE = "cpf"
"""Where a rule whose scheme is not in ``allocation.order`` is placed: just before the CPF,
which by C. trav. R6333-3 covers only what the other funders leave."""


@runtime_checkable
class Rule(Protocol):
    """A funding scheme: its id, its French name, when it applies, how it decides.

    A third-party rule may also define ``before`` (a scheme id, ``"cpf"`` by default): its
    place in the funding order when its scheme is not listed in ``allocation.order``.
    """

    @property
    def scheme(self) -> SchemeKey:
        """The scheme id: a :class:`~formafin.result.SchemeId` or ``"vendor.name"``."""
        ...

    @property
    def name(self) -> str:
        """The scheme's French name with its article (« Le FNE-Formation »)."""
        ...

    def requested(self, dossier: Dossier) -> bool:
        """Whether ``dossier`` asks for this scheme (or always concerns it)."""
        ...

    def evaluate(self, context: RuleContext) -> SchemeOutcome | None:
        """The decision, claims, notices and aids; ``None`` if the dossier turns out not
        to concern the scheme after all (no decision is shown then)."""
        ...
