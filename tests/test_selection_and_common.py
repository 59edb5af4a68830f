"""Barème selection and the shared parameter helpers, on tiny hand-made data: the data errors
say which barèmes collide, the last known barème is the one that ended last (then started
last), and the typed lookups refuse a value of the wrong kind with the parameter's name."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from formafin.baremes import Bareme
from formafin.data import RuleData, rule_data
from formafin.errors import DataError
from formafin.models import OpcoId
from formafin.rules.bareme_selection import select_bareme, select_last_known_bareme
from formafin.rules.common import decimal_at, int_at, required_decimal

from .conftest import data_with_parameter


def _bareme(ident: str, start: str, end: str) -> Bareme:
    return Bareme.model_validate(
        {
            "id": ident,
            "opco": "atlas",
            "branch": "Branche d'essai",
            "scope": "opco_wide",
            "valid_from": start,
            "valid_until": end,
            "status": "caller",
            "last_verified_on": "2026-01-01",
            "references": [{"kind": "caller", "id": "Essai"}],
        }
    )


def _data(*baremes: Bareme) -> RuleData:
    """The shipped rule data with only ``baremes`` (real data: the compiled build checks
    the types its functions receive)."""
    return dataclasses.replace(rule_data(), baremes={b.id: b for b in baremes})


def test_two_barèmes_in_force_are_a_data_error_naming_both() -> None:
    data = _data(_bareme("a", "2025-01-01", "2025-12-31"), _bareme("b", "2025-06-01", "2025-12-31"))
    with pytest.raises(DataError) as caught:
        select_bareme(OpcoId.ATLAS, "1486", date(2025, 7, 1), data)
    assert str(caught.value) == "plusieurs barèmes s'appliquent : a, b"


def test_a_barème_ending_on_the_day_is_in_force_not_last_known() -> None:
    data = _data(_bareme("a", "2025-01-01", "2025-12-31"))
    assert select_last_known_bareme(OpcoId.ATLAS, "1486", date(2025, 12, 31), data) is None
    assert select_last_known_bareme(OpcoId.ATLAS, "1486", date(2026, 1, 1), data).id == "a"


def test_the_last_known_barème_ended_last_then_started_last() -> None:
    # a ended 2023-12-31, b ended earlier (2023-06-30) though it started later: a wins.
    data = _data(_bareme("a", "2022-01-01", "2023-12-31"), _bareme("b", "2023-01-01", "2023-06-30"))
    assert select_last_known_bareme(OpcoId.ATLAS, None, date(2024, 3, 1), data).id == "a"
    # Same end: the one that started last is the latest version.
    data = _data(_bareme("a", "2022-01-01", "2023-12-31"), _bareme("b", "2023-01-01", "2023-12-31"))
    assert select_last_known_bareme(OpcoId.ATLAS, None, date(2024, 3, 1), data).id == "b"


def test_two_equally_recent_last_known_barèmes_are_a_data_error() -> None:
    data = _data(_bareme("a", "2023-01-01", "2023-12-31"), _bareme("b", "2023-01-01", "2023-12-31"))
    with pytest.raises(DataError) as caught:
        select_last_known_bareme(OpcoId.ATLAS, None, date(2024, 3, 1), data)
    assert str(caught.value) == "plusieurs derniers barèmes connus : a, b"


def test_typed_lookups_refuse_a_value_of_the_wrong_kind() -> None:
    day = date(2026, 1, 1)
    days = data_with_parameter("x.jours", "integer", 30)
    assert decimal_at(days, "x.jours", day) is None
    rate = data_with_parameter("x.taux", "decimal", "9.15")
    assert decimal_at(rate, "x.taux", day) == Decimal("9.15")
    assert int_at(days, "x.jours", day) == 30
    for kind, wrong in (("decimal", "30"), ("boolean", True)):
        with pytest.raises(TypeError) as caught:
            int_at(data_with_parameter("x.jours", kind, wrong), "x.jours", day)
        assert str(caught.value) == "x.jours : entier attendu"
    with pytest.raises(DataError) as missing:
        required_decimal(data_with_parameter("x.taux", "decimal", None), "x.taux", day)
    assert str(missing.value) == "x.taux : aucune valeur décimale au 01/01/2026"
