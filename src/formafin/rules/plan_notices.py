"""The notices that come with the OPCO plan's barème: chosen by the caller, last known,
unknown, from a secondary source, its own reservations, and « within available funds ».

D6332-39 and L6332-17: the OPCO's board sets the priorities, criteria and caps of the plan,
within the funds available; a barème is therefore an OPCO decision formafin can only read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formafin.baremes import Bareme
from formafin.data import RuleData
from formafin.facts import NoticeFact, Text, notice
from formafin.result import SchemeId, SchemeKey
from formafin.sources import Reference, SourceStatus

__all__ = [
    "bareme_notes",
    "bareme_notices",
    "bareme_period",
    "bareme_source",
    "chosen_bareme_notices",
    "last_known_notices",
    "source_notices",
]


def bareme_period(bareme: Bareme) -> Text:
    """The barème's period in words: « barème du 17/07/2020 au 31/12/2020 »."""
    start, end = bareme.valid_from, bareme.valid_until
    if start is None or end is None:
        return Text("plan_notices.period.undated")
    return Text("plan_notices.period.dated", start=start, end=end)


def bareme_source(bareme: Bareme) -> str:
    """Where the barème was read: its first reference's id, and its address if it has one."""
    source = bareme.references[0]
    return source.id + (f", {source.url}" if source.url else "")


def chosen_bareme_notices(bareme: Bareme, opco: object, day: date) -> list[NoticeFact]:
    scheme = SchemeId.OPCO_PLAN
    text = Text("plan_notices.chosen_by_caller", id=bareme.id)
    notices: list[NoticeFact] = [
        notice("BAREME_CHOSEN_BY_CALLER", text, bareme.references, scheme=scheme)
    ]
    if opco is not None and bareme.opco != opco:
        text = Text("plan_notices.opco_mismatch", id=bareme.id, of=bareme.opco.value, opco=opco)
        notices.append(notice("BAREME_OPCO_MISMATCH", text, scheme=scheme))
    if not bareme.in_force(day):
        text = Text("plan_notices.not_in_force", id=bareme.id, day=day)
        notices.append(notice("BAREME_NOT_IN_FORCE", text, scheme=scheme))
    return notices


def last_known_notices(
    bareme: Bareme, day: date, data: RuleData, headcount: Decimal
) -> list[NoticeFact]:
    """No barème in force, an outdated one applied: say which, from when, and from where."""
    scheme = SchemeId.OPCO_PLAN
    board = (data.reference("d6332_39"), data.reference("l6332_17"))
    text = Text(
        "plan_notices.last_known",
        day=day,
        branch=bareme.branch,
        period=bareme_period(bareme),
        where=bareme_source(bareme),
    )
    notices: list[NoticeFact] = [
        notice("BAREME_LAST_KNOWN", text, (*bareme.references, *board), scheme=scheme)
    ]
    notices.extend(bareme_notes(bareme, headcount))
    notices.append(_within_funds(board))
    return notices


def bareme_notices(bareme: Bareme | None, data: RuleData, headcount: Decimal) -> list[NoticeFact]:
    scheme = SchemeId.OPCO_PLAN
    board = (data.reference("d6332_39"), data.reference("l6332_17"))
    if bareme is None:
        text = Text("plan_notices.unknown")
        return [notice("BAREME_UNKNOWN", text, board, scheme=scheme), _within_funds(board)]
    notices = bareme_notes(bareme, headcount)
    notices += source_notices(bareme, scheme)
    if bareme.within_available_funds:
        notices.append(_within_funds(bareme.references))
    return notices


def bareme_notes(
    bareme: Bareme, headcount: Decimal, scheme: SchemeKey = SchemeId.OPCO_PLAN
) -> list[NoticeFact]:
    """The barème's own reservations that concern a company of this size, for ``scheme``."""
    # The barème's notes are its own words (data), said as they are.
    return [
        notice("BAREME_NOTE", note, bareme.references, scheme=scheme)
        for note in bareme.notes_for(headcount)
    ]


def source_notices(bareme: Bareme, scheme: SchemeKey) -> list[NoticeFact]:
    """A barème read in a secondary or weak source is to be confirmed with the OPCO."""
    if bareme.status not in (SourceStatus.SECONDARY, SourceStatus.BELIEVED):
        return []
    text = Text("plan_notices.secondary_source", id=bareme.id)
    return [notice("BAREME_SECONDARY_SOURCE", text, bareme.references, scheme=scheme)]


def _within_funds(references: tuple[Reference, ...]) -> NoticeFact:
    """The OPCO pays within the funds available (its board's decision)."""
    text = Text("plan_notices.within_funds")
    return notice("WITHIN_AVAILABLE_FUNDS", text, references, scheme=SchemeId.OPCO_PLAN)
