"""Which barème applies: the caller's, else a shipped one for the OPCO, branch and date.

Precedence: a caller-supplied :class:`~formafin.baremes.Bareme` (or a shipped one named by
id); else a shipped barème in force on ``as_of`` whose scope matches, branch (IDCC listed)
before OPCO-wide before interprofession (no IDCC); else none, and the plan rule gives an
indicative range.
"""

from __future__ import annotations

from datetime import date

from formafin.baremes import Bareme, BaremeScope
from formafin.data import RuleData, idcc_tables
from formafin.errors import DataError
from formafin.models import OpcoId

__all__ = ["select_bareme"]

_PRECEDENCE = (BaremeScope.BRANCH, BaremeScope.OPCO_WIDE, BaremeScope.NO_IDCC)


def select_bareme(opco: OpcoId, idcc: str | None, as_of: date, data: RuleData) -> Bareme | None:
    """The shipped barème for ``opco`` and ``idcc`` in force on ``as_of``, if any."""
    has_branch = idcc is not None and idcc not in idcc_tables().escape_codes
    for scope in _PRECEDENCE:
        found = [
            bareme
            for bareme in data.baremes.values()
            if bareme.opco is opco
            and bareme.scope is scope
            and bareme.in_force(as_of)
            and _matches(bareme, idcc, has_branch)
        ]
        if len(found) > 1:
            raise DataError("plusieurs barèmes s'appliquent : " + ", ".join(b.id for b in found))
        if found:
            return found[0]
    return None


def _matches(bareme: Bareme, idcc: str | None, has_branch: bool) -> bool:
    if bareme.scope is BaremeScope.BRANCH:
        return idcc in bareme.idcc
    if bareme.scope is BaremeScope.NO_IDCC:
        return not has_branch
    return True
