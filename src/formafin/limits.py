"""Input limits: what formafin refuses before any work starts.

A dossier is a small document; these bounds keep a hostile or broken input (a 200 MB file,
a million trainees, JSON nested a hundred thousand levels deep) from costing gigabytes or
minutes. Each limit is refused with a French message naming the field or the document.
They are documented in ``docs/reference/limits.md``.
"""

from __future__ import annotations

from datetime import date

__all__ = [
    "CACHE_ENTRIES",
    "EARLIEST_DATE",
    "LATEST_DATE",
    "MAX_DOSSIER_BYTES",
    "MAX_LIST_ITEMS",
    "MAX_NUMBER_DIGITS",
    "MAX_SHOWN_CHARS",
    "MAX_TEXT_CHARS",
    "MAX_TRAINEES",
    "OPEN_END_DATE",
    "outside_accepted_range",
    "shown",
]

CACHE_ENTRIES = 4096
"""Entries kept by each of formafin's caches of derived answers (an OPCO resolution per
IDCC, a barème per branch and date, a parameter's value per date…): memory stays bounded
over any stream, and a cache that is full is emptied."""

MAX_DOSSIER_BYTES = 1024 * 1024
"""One dossier as JSON (a file, a batch line, a request body): 1 MiB."""

MAX_TRAINEES = 1000
"""Trainees in one dossier (one action, one company)."""

MAX_LIST_ITEMS = 100
"""Items of any other list of a dossier (themes, skills, certifications...)."""

MAX_TEXT_CHARS = 2000
"""Characters of one free-text field (title, objectives...)."""

MAX_NUMBER_DIGITS = 40
"""Digits of one number written in a JSON or TOML input."""

MAX_SHOWN_CHARS = 60
"""Characters of a received value echoed back in an error message."""

EARLIEST_DATE = date(1900, 1, 1)
"""First date a dossier may carry."""

LATEST_DATE = date(2199, 12, 31)
"""Last date a dossier may carry (an HR system's "no end" 9999-12-31 is refused, except
where the field means an open end, see :data:`OPEN_END_DATE`)."""

OPEN_END_DATE = date(9999, 12, 31)
"""The "no end date" of HR systems, accepted where a validity may have no end."""


def shown(value: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """``repr`` of a received value, cut to ``limit`` characters for an error message.

    >>> shown("1486")
    "'1486'"
    >>> shown("x" * 100, 10)
    "'xxxxxxxxx… (102 caractères)"
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} caractères)"


def outside_accepted_range(day: date) -> str | None:
    """Why ``day`` is refused (outside :data:`EARLIEST_DATE` – :data:`LATEST_DATE`), or None.

    >>> outside_accepted_range(date(9999, 12, 31))
    'date 9999-12-31 hors de la plage acceptée (1900-01-01 – 2199-12-31)'
    """
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return (
        f"date {day.isoformat()} hors de la plage acceptée "
        f"({EARLIEST_DATE.isoformat()} – {LATEST_DATE.isoformat()})"
    )
