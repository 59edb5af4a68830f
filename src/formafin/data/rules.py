"""The shipped rule data as one frozen object: :class:`RuleData`.

Defined apart from the loader (:mod:`formafin.data`, which re-exports it) so that the
compiled build (``FORMAFIN_COMPILE=1``) compiles it: the rules read their references and
parameters through it on every estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from formafin.baremes import Bareme
from formafin.errors import DataError, UnknownBaremeError
from formafin.parameters import Parameter, Ruleset
from formafin.sources import Reference

__all__ = ["RuleData"]


@dataclass(frozen=True, eq=False)
class RuleData:
    """Every dated parameter, shipped barème and cited reference."""

    ruleset: Ruleset
    parameters: Mapping[str, Parameter]
    baremes: Mapping[str, Bareme]
    references: Mapping[str, Reference]

    def reference(self, key: str) -> Reference:
        """The reference called ``key`` in ``references.toml``."""
        try:
            return self.references[key]
        except KeyError:
            raise DataError(f"référence inconnue : {key}") from None

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``."""
        try:
            return self.parameters[name]
        except KeyError:
            raise DataError(f"paramètre inconnu : {name}") from None

    def bareme(self, bareme_id: str) -> Bareme:
        """The shipped barème called ``bareme_id``."""
        try:
            return self.baremes[bareme_id]
        except KeyError:
            raise UnknownBaremeError(
                f"Barème « {bareme_id} » inconnu. Barèmes livrés : "
                + ", ".join(sorted(self.baremes))
            ) from None
