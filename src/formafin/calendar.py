"""Calendar arithmetic (not law): quarters and the like."""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["end_of_next_quarter"]

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
