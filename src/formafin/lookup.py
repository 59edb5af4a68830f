"""Reading the dated data: the value of a parameter in force on a day.

:meth:`Parameter.at <formafin.parameters.Parameter.at>` and the rules read parameters
through these functions. The parameters module defines pydantic models and stays Python;
this one is compiled by the compiled build (``FORMAFIN_COMPILE=1``), so that a rule's
reading of its data is a C call. Errors are the data's own: :class:`DataError` for an
unknown name (:meth:`RuleData.parameter <formafin.data.RuleData.parameter>`),
:class:`UnsupportedDateError` for a day without value (:meth:`Parameter.at
<formafin.parameters.Parameter.at>`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from formafin.data import RuleData
    from formafin.parameters import Parameter, ParameterValue

__all__ = ["find_value", "in_force", "parameter_named", "value_on"]


def find_value(
    values: Sequence[ParameterValue], start_dates: Sequence[date], day: date
) -> ParameterValue | None:
    """The value covering ``day`` among contiguous ``values`` (their ``start_dates`` in
    order), by bisection; None before the first one or after a closed last one."""
    index = bisect_right(start_dates, day) - 1
    if index >= 0:
        found = values[index]
        until = found.until
        if until is None or day <= until:
            return found
    return None


def in_force(parameter: Parameter, day: date) -> ParameterValue:
    """The value of ``parameter`` in force on ``day`` (as ``parameter.at(day)``)."""
    found = find_value(parameter.values, parameter.start_dates, day)
    return found if found is not None else parameter.at(day)  # at() raises


def parameter_named(data: RuleData, name: str) -> Parameter:
    """The parameter called ``name`` (as ``data.parameter(name)``)."""
    parameter = data.parameters.get(name)
    return parameter if parameter is not None else data.parameter(name)  # raises DataError


def value_on(data: RuleData, name: str, day: date) -> ParameterValue:
    """The value of parameter ``name`` in force on ``day`` (as
    ``data.parameter(name).at(day)``)."""
    return in_force(parameter_named(data, name), day)
