"""Date arithmetic (not law): quarters, months, working days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Literal

__all__ = [
    "add_working_days",
    "as_of_day",
    "calendar_months",
    "days_in_year_from",
    "end_of_next_quarter",
    "first_year_fraction",
    "is_working_day",
    "lasts_at_least",
    "lasts_at_most",
    "months_covered",
    "next_month",
]

_MONTHS_PER_QUARTER = 3
MONTHS_IN_YEAR = 12
_FEBRUARY = 2
_THIRTY_DAYS = frozenset({4, 6, 9, 11})


def as_of_day(as_of: object, default: date) -> date:
    """The date the rules are read at: ``as_of`` (a ``datetime`` counts as its date) or
    ``default``. Anything else, or a date outside 1900-2199, is refused in French.

    >>> as_of_day(datetime(2026, 3, 16, 9, 30), date(2026, 1, 1))
    datetime.date(2026, 3, 16)
    """
    if as_of is None:  # the common case first: no import, no check (models check dates)
        return default
    from formafin.errors import UnsupportedDateError
    from formafin.limits import outside_accepted_range

    if isinstance(as_of, datetime):
        as_of = as_of.date()
    if not isinstance(as_of, date):
        raise UnsupportedDateError(
            f"as_of : date attendue (AAAA-MM-JJ), reçu {type(as_of).__name__}"
        )
    reason = outside_accepted_range(as_of)
    if reason is not None:
        raise UnsupportedDateError(f"as_of : {reason}")
    return as_of


def end_of_next_quarter(day: date) -> date:
    """Last day of the calendar quarter after the one containing ``day``.

    >>> end_of_next_quarter(date(2026, 3, 19))
    datetime.date(2026, 6, 30)
    """
    quarter = (day.month - 1) // _MONTHS_PER_QUARTER
    first_month_after = (quarter + 2) * _MONTHS_PER_QUARTER + 1
    year = day.year + (first_month_after - 1) // 12
    month = (first_month_after - 1) % 12 + 1
    return date(year, month, 1) - timedelta(days=1)


def months_covered(start: date, end: date) -> tuple[int, int]:
    """Whole months and extra days from ``start`` to ``end`` inclusive.

    >>> months_covered(date(2025, 9, 1), date(2026, 2, 28))
    (6, 0)
    """
    # dateutil's ``relativedelta(end + 1 day, start)``, without building one (it was about
    # 5 µs an estimate): the calendar months between the two months, one fewer while
    # ``start`` moved by them passes the day after ``end``; what is left is days.
    stop = end + timedelta(days=1)
    months = (stop.year - start.year) * MONTHS_IN_YEAR + stop.month - start.month
    step = -1 if stop >= start else 1
    reached = _plus_months(start, months)
    while (reached > stop) if step < 0 else (reached < stop):
        months += step
        reached = _plus_months(start, months)
    return months, (stop - reached).days


def _plus_months(day: date, months: int) -> date:
    """``day`` moved by ``months``; the month's last day where it has no such day."""
    year, month = divmod(day.year * MONTHS_IN_YEAR + day.month - 1 + months, MONTHS_IN_YEAR)
    month += 1
    return date(year, month, min(day.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    if month == _FEBRUARY:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in _THIRTY_DAYS else 31


def lasts_at_least(start: date, end: date, months: int) -> bool:
    """Whether ``start``..``end`` (inclusive) covers at least ``months`` months."""
    whole, _ = months_covered(start, end)
    return whole >= months


def lasts_at_most(start: date, end: date, months: int) -> bool:
    """Whether ``start``..``end`` (inclusive) fits within ``months`` months."""
    whole, days = months_covered(start, end)
    return whole < months or (whole == months and days == 0)


_ALSACE_MOSELLE = frozenset({"57", "67", "68"})
_SUNDAY = 6
_SATURDAY = 5


@lru_cache(maxsize=256)
def _public_holidays(year: int, departement: str | None) -> frozenset[date]:
    """Public holidays (jours fériés) of ``year`` where the company is established.

    The national list (L3133-1) comes from the ``holidays`` package. Alsace-Moselle
    (départements 57, 67 and 68, L3134-13) adds Good Friday where there is a Protestant
    church and 26 December: formafin adds both itself, because the package names these
    subdivisions differently from one version to the next. Overseas départements add the
    package's local holidays (abolition of slavery...) where the installed version knows
    the département; any other code (2A, 2B, a département the package does not list)
    gets the national list.
    """
    import holidays  # imported lazily: only deadlines in working days need it
    from dateutil.easter import easter

    subdivisions = getattr(holidays.country_holidays("FR"), "subdivisions", ())
    overseas = departement is not None and departement.startswith("97")
    subdiv = departement if overseas and departement in subdivisions else None
    days = set(holidays.country_holidays("FR", subdiv=subdiv, years=year))
    if departement in _ALSACE_MOSELLE:
        days |= {easter(year) - timedelta(days=2), date(year, 12, 26)}
    return frozenset(days)


def is_working_day(
    day: date, kind: Literal["ouvrables", "ouvres"], departement: str | None = None
) -> bool:
    """Jour ouvrable (Monday to Saturday) or jour ouvré (Monday to Friday), not a public holiday.

    Alsace-Moselle (départements 57, 67, 68) adds Good Friday and 26 December.

    >>> is_working_day(date(2026, 5, 1), "ouvrables")
    False
    >>> is_working_day(date(2026, 4, 3), "ouvres", "67")
    False
    >>> is_working_day(date(2026, 4, 3), "ouvres", "75")
    True
    """
    if day.weekday() == _SUNDAY or (kind == "ouvres" and day.weekday() == _SATURDAY):
        return False
    return day not in _public_holidays(day.year, departement)


def add_working_days(
    day: date, count: int, kind: Literal["ouvrables", "ouvres"], departement: str | None = None
) -> date:
    """The date ``count`` working days after ``day`` (before it when ``count`` is negative).

    >>> add_working_days(date(2026, 4, 30), 2, "ouvrables")
    datetime.date(2026, 5, 4)
    """
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    current = day
    while remaining:
        current += step
        if is_working_day(current, kind, departement):
            remaining -= 1
    return current


def days_in_year_from(start: date) -> int:
    """Days from ``start`` to the same date a year later (365 or 366; from 29 February,
    to 28 February)."""
    return (add_years(start, 1) - start).days


def first_year_fraction(start: date, end: date) -> Decimal:
    """Share of a year covered by the contract: whole months, partial months by days."""
    year_end = start + timedelta(days=days_in_year_from(start) - 1)
    if end >= year_end:
        return Decimal(1)
    total = Decimal(0)
    month_start = start
    while month_start <= end:
        next_month = (month_start.replace(day=1) + timedelta(days=32)).replace(day=1)
        month_days = (next_month - month_start.replace(day=1)).days
        covered = (min(end, next_month - timedelta(days=1)) - month_start).days + 1
        total += Decimal(covered) / Decimal(month_days)
        month_start = next_month
    return total / Decimal(12)


def calendar_months(start: date, stop: date) -> list[tuple[date, int, int]]:
    """Each calendar month from ``start`` to ``stop`` (inclusive): its first day, how many days
    of ``start``..``stop`` it holds, and its length in days.

    >>> calendar_months(date(2026, 1, 20), date(2026, 2, 10))
    [(datetime.date(2026, 1, 1), 12, 31), (datetime.date(2026, 2, 1), 10, 28)]
    """
    months = []
    first = start.replace(day=1)
    while first <= stop:
        following = (first + timedelta(days=32)).replace(day=1)
        low = max(first, start)
        high = min(following - timedelta(days=1), stop)
        months.append((first, (high - low).days + 1, (following - first).days))
        first = following
    return months


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole ``years`` (negative: back); 29 February falls on 28 February
    in a common year, as with ``dateutil.relativedelta`` (checked in the tests)."""
    year = day.year + years
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return day.replace(year=year, day=28)


def next_month(day: date) -> date:
    """First day of the month after the one containing ``day``.

    >>> next_month(date(2026, 12, 18))
    datetime.date(2027, 1, 1)
    """
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)
