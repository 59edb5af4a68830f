"""The bounds of the input fields, checked in one call each: pydantic calls these from the
input models (:mod:`formafin.models`) as plain validators.

One Python call per field instead of one per constraint (``Field(ge=…, le=…,
decimal_places=…)``): input validation was most of the cost of a JSON line in batch work.
The errors are pydantic's own (same types and contexts as the constraints they replace);
the compiled build (``FORMAFIN_COMPILE=1``) compiles this module.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic_core import PydanticKnownError

from formafin.limits import OPEN_END_DATE, outside_accepted_range
from formafin.money import ZERO, to_cents

__all__ = [
    "MAX_HEADCOUNT",
    "MAX_HOURS",
    "MAX_MONEY",
    "cents_in_bounds",
    "checked_headcount",
    "checked_hours",
    "float_as_written",
    "idcc_as_text",
    "refuse_float_money",
    "two_places",
    "within",
    "within_accepted_range",
    "within_range_or_open",
]

MAX_MONEY = Decimal("1000000000")
"""The largest amount accepted (1 000 000 000 €)."""
MAX_HOURS = Decimal("100000")
"""The largest number of hours accepted."""
MAX_HEADCOUNT = Decimal("10000000")
"""The largest headcount accepted."""


def refuse_float_money(value: Any) -> Any:
    """A money field given as a float is refused: a cent could be lost on the way."""
    if isinstance(value, float):
        raise ValueError(
            "montant donné en nombre flottant : donnez une chaîne (« 1250.50 ») ou un entier, "
            "pour qu'aucun centime ne soit perdu"
        )
    return value


def idcc_as_text(value: Any) -> Any:
    """An IDCC typed as a number (JSON 16, a spreadsheet cell) is read as its digits:
    ``"0016"`` once padded by the IDCC validator."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def float_as_written(value: Any) -> Any:
    """A quantity typed 7.5 in JSON arrives as a float: its shortest decimal repr is what
    was written, not its binary expansion."""
    if isinstance(value, float):
        return str(value)
    return value


def within(value: Decimal, *, le: Decimal, ge: int | None = None, gt: int | None = None) -> Decimal:
    """The bounds pydantic's ``Field(ge/gt/le, allow_inf_nan=False)`` would check, with the
    same error types and contexts."""
    if not value.is_finite():
        raise PydanticKnownError("finite_number")
    if ge is not None and value < ge:
        raise PydanticKnownError("greater_than_equal", {"ge": ge})
    if gt is not None and value <= gt:
        raise PydanticKnownError("greater_than", {"gt": gt})
    if value > le:
        raise PydanticKnownError("less_than_equal", {"le": le})
    return value


def two_places(value: Decimal) -> Decimal:
    """At most two decimals once trailing zeros are dropped (``"1400.0000"`` is fine,
    ``"0.001"`` is not), as pydantic's ``decimal_places=2``; the value in cents."""
    cents = to_cents(value)
    if cents != value:
        raise PydanticKnownError("decimal_max_places", {"decimal_places": 2})
    return cents


def cents_in_bounds(value: Decimal) -> Decimal:
    """A money amount between 0 and :data:`MAX_MONEY`, in one form: ``"674"`` → 674.00,
    ``"-0"`` → 0.00, ``"0E-999999999"`` → 0.00, ``"1400.0000"`` → 1400.00 (results always
    print two decimals)."""
    within(value, ge=0, le=MAX_MONEY)
    if value == 0:
        return ZERO
    return two_places(value)


def checked_hours(value: Decimal) -> Decimal:
    """Hours: strictly positive, at most :data:`MAX_HOURS`, two decimals at most."""
    two_places(within(value, gt=0, le=MAX_HOURS))
    return value


def checked_headcount(value: Decimal) -> Decimal:
    """A headcount: between 0 and :data:`MAX_HEADCOUNT`, two decimals at most (an average
    headcount may have decimals, L130-1)."""
    if within(value, ge=0, le=MAX_HEADCOUNT) != 0:
        two_places(value)
    return value


def within_accepted_range(value: date) -> date:
    """A date between 1900-01-01 and 2199-12-31 (far dates would overflow date
    arithmetic)."""
    reason = outside_accepted_range(value)
    if reason is not None:
        raise ValueError(reason)
    return value


def within_range_or_open(value: date) -> date:
    """A date in the accepted range, or 9999-12-31 for an open end."""
    return value if value == OPEN_END_DATE else within_accepted_range(value)
