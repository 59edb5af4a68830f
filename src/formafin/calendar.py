"""Calendar arithmetic (not law): quarters and the like."""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["end_of_next_quarter", "lasts_at_least", "lasts_at_most", "months_covered"]

_MONTHS_PER_QUARTER = 3


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
    from dateutil.relativedelta import relativedelta

    span = relativedelta(end + timedelta(days=1), start)
    return span.years * 12 + span.months, span.days


def lasts_at_least(start: date, end: date, months: int) -> bool:
    """Whether ``start``..``end`` (inclusive) covers at least ``months`` months."""
    whole, _ = months_covered(start, end)
    return whole >= months


def lasts_at_most(start: date, end: date, months: int) -> bool:
    """Whether ``start``..``end`` (inclusive) fits within ``months`` months."""
    whole, days = months_covered(start, end)
    return whole < months or (whole == months and days == 0)
