"""A shipped rule evaluated only on request, imported when a dossier first asks for it.

The registry (:mod:`formafin.rules.registry`) stands one :class:`OnDemand` for each such
scheme; the pipeline asks each one, for every dossier, whether the dossier requests it.
Apart from the registry so that the compiled build (``FORMAFIN_COMPILE=1``) compiles it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from formafin.result import SchemeId
from formafin.rules.base import RuleContext
from formafin.rules.outcome import SchemeOutcome

if TYPE_CHECKING:
    from formafin.models import Dossier
    from formafin.rules.base import Rule

__all__ = ["OnDemand"]


class OnDemand:
    """A shipped rule whose module is imported when a dossier first asks for it: ``load``
    gives the rule of a scheme (the registry's ``shipped_rule``)."""

    def __init__(
        self, scheme: SchemeId, fields: tuple[str, ...], load: Callable[[str], Rule]
    ) -> None:
        self.scheme = scheme
        self._fields = fields
        self._load = load

    @property
    def name(self) -> str:
        """The rule's French name."""
        return self._load(self.scheme).name

    def requested(self, dossier: Dossier) -> bool:
        """Whether one of the fields that ask for the scheme is filled."""
        # A loop, not any() over a generator: this runs for every rule and every dossier.
        for field in self._fields:  # noqa: SIM110
            if getattr(dossier, field) is not None:
                return True
        return False

    def evaluate(self, context: RuleContext) -> SchemeOutcome | None:
        """The shipped rule's evaluation."""
        return self._load(self.scheme).evaluate(context)

    def __repr__(self) -> str:
        return f"<règle {self.scheme.value}, chargée à la demande>"
