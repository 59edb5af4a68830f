"""What a rule reads: :class:`RuleContext` (re-exported by :mod:`formafin.rules.base`).

Apart from the rule Protocol so that the compiled build (``FORMAFIN_COMPILE=1``) compiles
it: every rule reads the context's fields several times an estimate. The classes its fields
are checked against when compiled (:class:`RuleData` among them) are imported at run time,
not only for the type checker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from formafin.data.rules import RuleData
from formafin.models import Dossier
from formafin.result import CostCategory, OpcoResolution, ParameterUsed
from formafin.rules.outcome import SchemeOutcome, parameter_used
from formafin.sources import Reference

if TYPE_CHECKING:
    from formafin.baremes import Bareme

__all__ = ["RuleContext"]


@dataclass(frozen=True)
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
