"""Money arithmetic: :class:`~decimal.Decimal` only, one rounding rule.

**Rounding rule.** Computations are exact (no intermediate rounding). Each amount a funder
pays is rounded *down* to the cent once, when its line is final (:func:`funded_cents`): a
cap must never be exceeded because of rounding, so the sub-cent remainder stays with the
payer of the remaining cost. Inputs are whole cents already (validated by the models).

formafin never touches the host program's decimal context: rule code runs inside
:func:`money_context`, a thread-local :func:`decimal.localcontext` that is restored on exit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from decimal import ROUND_DOWN, Context, Decimal, localcontext

__all__ = [
    "CENT",
    "ZERO",
    "format_eur",
    "format_number",
    "funded_cents",
    "money_context",
    "to_cents",
    "total",
]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

_CONTEXT = Context(prec=34, Emax=999_999, Emin=-999_999)


def money_context() -> AbstractContextManager[Context]:
    """A private, thread-local decimal context (34 digits) for rule computations."""
    return localcontext(_CONTEXT)


_local = threading.local()


def to_cents(value: Decimal) -> Decimal:
    """``value`` quantized to the cent in formafin's own context (a per-thread copy), without
    entering a context manager: for input validation, run once per amount.

    >>> to_cents(Decimal("1400.0000"))
    Decimal('1400.00')
    """
    context: Context | None = getattr(_local, "context", None)
    if context is None:
        context = _local.context = _CONTEXT.copy()
    return value.quantize(CENT, context=context)


def funded_cents(amount: Decimal) -> Decimal:
    """Round a funded amount down to the cent (never below zero).

    >>> funded_cents(Decimal("79.7875"))
    Decimal('79.78')
    >>> funded_cents(Decimal("-3"))
    Decimal('0.00')
    """
    if amount <= 0:
        return ZERO
    return amount.quantize(CENT, rounding=ROUND_DOWN)


def total(amounts: Iterable[Decimal]) -> Decimal:
    """Exact sum, starting from ``0.00`` so an empty sum still has cents."""
    result = ZERO
    for amount in amounts:
        result += amount
    return result


def format_eur(amount: Decimal) -> str:
    """French display of an amount: ``1 234,50 €`` (no-break spaces).

    >>> format_eur(Decimal("1234.5"))
    '1\\xa0234,50\\xa0€'
    """
    text = f"{amount.quantize(CENT):,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0€"


def format_number(value: Decimal) -> str:
    """French display of a quantity without useless zeros: ``7,5``, ``35``.

    >>> format_number(Decimal("7.50"))
    '7,5'
    """
    text = f"{value.normalize():f}"
    return text.replace(".", ",")
