"""Which barème applies: the caller's, else a shipped one for the OPCO, branch and date.

Precedence: a caller-supplied :class:`~formafin.baremes.Bareme` (or a shipped one named by
id); else a shipped barème in force on ``as_of`` whose scope matches, branch (IDCC listed)
before OPCO-wide before interprofession (no IDCC); else the *last known* one, the latest
shipped barème of the same scope that ended before ``as_of``, applied as an indicative
amount (the board sets new criteria every year, D6332-39, so an old barème is only a
flagged estimate); else none, and the plan rule gives an indicative range.

Each search is for one :class:`~formafin.baremes.BaremeKind`: the plan of the companies under
50 (the default) never picks a barème of the 50-299 envelopes, nor the other way round.
"""

from __future__ import annotations

from datetime import date

from formafin.baremes import Bareme, BaremeKind, BaremeScope
from formafin.data import RuleData, idcc_tables
from formafin.errors import DataError
from formafin.models import OpcoId

__all__ = ["select_bareme", "select_last_known_bareme"]

_PRECEDENCE = (BaremeScope.BRANCH, BaremeScope.OPCO_WIDE, BaremeScope.NO_IDCC)


def select_bareme(
    opco: OpcoId,
    idcc: str | None,
    as_of: date,
    data: RuleData,
    kind: BaremeKind = BaremeKind.PLAN_UNDER_50,
) -> Bareme | None:
    """The shipped barème of ``kind`` for ``opco`` and ``idcc`` in force on ``as_of``, if any."""
    has_branch = _has_branch(idcc)
    for scope in _PRECEDENCE:
        found = [
            bareme
            for bareme in data.baremes.values()
            if bareme.opco is opco
            and bareme.kind is kind
            and bareme.scope is scope
            and bareme.in_force(as_of)
            and _matches(bareme, idcc, has_branch)
        ]
        if len(found) > 1:
            raise DataError("plusieurs barèmes s'appliquent : " + ", ".join(b.id for b in found))
        if found:
            return found[0]
    return None


def select_last_known_bareme(
    opco: OpcoId,
    idcc: str | None,
    as_of: date,
    data: RuleData,
    kind: BaremeKind = BaremeKind.PLAN_UNDER_50,
) -> Bareme | None:
    """The latest shipped barème of ``kind`` for ``opco`` and ``idcc`` that ended before
    ``as_of``.

    Meant for when :func:`select_bareme` finds none in force: scopes are tried in the same
    order (branch, OPCO-wide, no IDCC), and within a scope the barème that ended last wins.
    Barèmes that start after ``as_of`` and ``by_id_only`` ones are never used.
    """
    has_branch = _has_branch(idcc)
    for scope in _PRECEDENCE:
        ended = [
            bareme
            for bareme in data.baremes.values()
            if bareme.opco is opco
            and bareme.kind is kind
            and bareme.scope is scope
            and bareme.valid_until is not None
            and bareme.valid_until < as_of
            and _matches(bareme, idcc, has_branch)
        ]
        if not ended:
            continue
        latest = max(ended, key=_period)
        ties = [bareme for bareme in ended if _period(bareme) == _period(latest)]
        if len(ties) > 1:
            raise DataError("plusieurs derniers barèmes connus : " + ", ".join(b.id for b in ties))
        return latest
    return None


def _period(bareme: Bareme) -> tuple[date, date]:
    return (bareme.valid_until or date.min, bareme.valid_from or date.min)


def _has_branch(idcc: str | None) -> bool:
    return idcc is not None and idcc not in idcc_tables().escape_codes


def _matches(bareme: Bareme, idcc: str | None, has_branch: bool) -> bool:
    if bareme.scope is BaremeScope.BRANCH:
        return idcc in bareme.idcc
    if bareme.scope is BaremeScope.NO_IDCC:
        return not has_branch
    return True
