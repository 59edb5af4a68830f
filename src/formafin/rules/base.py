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

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from formafin.models import Dossier
from formafin.result import CostCategory, OpcoResolution, ParameterUsed, SchemeKey
from formafin.rules.outcome import SchemeOutcome, parameter_used
from formafin.sources import Reference

if TYPE_CHECKING:
    from formafin.baremes import Bareme
    from formafin.data import RuleData

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


@dataclass(frozen=True, slots=True)
class RuleContext:
    """Everything a rule may read; frozen, built once per estimate and step."""

    dossier: Dossier
    day: date
    """The date the rules are applied (``as_of``)."""
    data: RuleData
    opco: OpcoResolution
    bareme: Bareme | None
    """The OPCO barème in force for the company's branch, or the caller's."""
    last_known_bareme: Bareme | None = None
    """When no barème is in force: the latest one that ended before ``day``."""
    bareme_from_caller: bool = False
    """Whether :attr:`bareme` is the caller's (a barème of the < 50 plan's kind)."""
    caller_bareme: Bareme | None = None
    """The barème the caller passed, whatever its kind (a 50–299 envelope is not applied by
    the < 50 plan, but by the rule of its kind)."""
    left: Mapping[CostCategory, Decimal] = field(default_factory=dict)
    """Per cost category: its cost minus what the rules evaluated before were granted."""
    earlier: Mapping[str, SchemeOutcome] = field(default_factory=dict)
    """Outcomes of the rules evaluated before this one, by scheme id."""

    def parameter(self, name: str) -> tuple[Decimal, ParameterUsed]:
        """The decimal value of dated parameter ``name`` on :attr:`day`, with its trace."""
        return parameter_used(self.data, name, self.day)

    def reference(self, key: str) -> Reference:
        """A shipped reference by key (``references.toml``)."""
        return self.data.reference(key)

    def outcome(self, scheme: str) -> SchemeOutcome | None:
        """The outcome of an earlier rule, if it ran."""
        return self.earlier.get(scheme)

    def remaining(self, category: CostCategory) -> Decimal:
        """What is left of ``category`` after the earlier rules."""
        return self.left[category]
