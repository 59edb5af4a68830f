"""Small pieces shared by the scheme rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.errors import DataError
from formafin.lookup import value_on
from formafin.sources import Reference

__all__ = ["decimal_at", "int_at", "refs_at", "required_decimal"]


def refs_at(data: RuleData, name: str, day: date) -> tuple[Reference, ...]:
    """The references of parameter ``name`` on ``day``."""
    return value_on(data, name, day).references


def decimal_at(data: RuleData, name: str, day: date) -> Decimal | None:
    """The decimal value of ``name`` on ``day``, or None where the rule does not exist."""
    value = value_on(data, name, day).value
    return value if isinstance(value, Decimal) else None


def int_at(data: RuleData, name: str, day: date) -> int:
    """The integer value of ``name`` on ``day``."""
    value = value_on(data, name, day).value
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} : entier attendu")
    return value


def required_decimal(data: RuleData, name: str, day: date) -> Decimal:
    """The decimal value of ``name`` on ``day``; the rule must exist on that day."""
    value = value_on(data, name, day).value
    if not isinstance(value, Decimal):
        raise DataError(f"{name} : aucune valeur décimale au {day:%d/%m/%Y}")
    return value
