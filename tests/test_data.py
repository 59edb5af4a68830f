"""The shipped data: dated, sourced, contiguous; no legal figure in rule code."""

from __future__ import annotations

import ast
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from formafin.baremes import BaremeScope
from formafin.data import rule_data
from formafin.errors import UnsupportedDateError
from formafin.parameters import Parameter

SRC = Path(__file__).resolve().parents[1] / "src" / "formafin"


def test_every_parameter_covers_each_date_exactly_once() -> None:
    data = rule_data()
    horizon = date(2027, 12, 31)
    for parameter in data.parameters.values():
        day = parameter.first_day
        end = parameter.last_day or horizon
        while day <= end:
            covering = [v for v in parameter.values if v.covers(day)]
            assert len(covering) == 1, (parameter.name, day, len(covering))
            assert parameter.at(day) is covering[0]
            day += timedelta(days=7 if day.day != 1 else 1)
        assert parameter.first_day >= data.ruleset.covers_from or parameter.name


def test_every_parameter_answers_at_the_edges_of_each_value() -> None:
    """Parameter.at bisects the start dates: on the first and last day of every value it
    returns that value; the day before the first value and the day after a closed last
    value are outside the data (UnsupportedDateError naming the parameter)."""
    one = timedelta(days=1)
    for parameter in rule_data().parameters.values():
        for value in parameter.values:
            assert parameter.at(value.start) is value, (parameter.name, value.start)
            if value.until is not None and value is not parameter.values[-1]:
                assert parameter.at(value.until) is value, (parameter.name, value.until)
        with pytest.raises(UnsupportedDateError, match=re.escape(parameter.name)):
            parameter.at(parameter.first_day - one)
        if parameter.last_day is not None:
            assert parameter.at(parameter.last_day) is parameter.values[-1]
            with pytest.raises(UnsupportedDateError, match=re.escape(parameter.name)):
                parameter.at(parameter.last_day + one)


def test_every_parameter_starts_with_the_ruleset() -> None:
    data = rule_data()
    for parameter in data.parameters.values():
        assert parameter.first_day <= data.ruleset.covers_from, parameter.name


def test_every_value_has_a_source_and_a_verification_date() -> None:
    data = rule_data()
    for parameter in data.parameters.values():
        for value in parameter.values:
            assert value.references, parameter.name
            assert value.last_verified_on <= data.ruleset.verified_until
    for bareme in data.baremes.values():
        assert bareme.references and all(r.id for r in bareme.references), bareme.id
        assert bareme.last_verified_on <= data.ruleset.verified_until


def test_auto_selected_baremes_are_dated_and_never_overlap() -> None:
    data = rule_data()
    auto = [b for b in data.baremes.values() if b.scope is not BaremeScope.BY_ID_ONLY]
    for first in auto:
        assert first.valid_from is not None and first.valid_until is not None
        for second in auto:
            if first.id >= second.id or first.opco is not second.opco:
                continue
            if first.kind is not second.kind:  # the < 50 plan and the 50-299 envelopes
                continue
            same_scope = first.scope is second.scope and (
                first.scope is not BaremeScope.BRANCH or set(first.idcc) & set(second.idcc)
            )
            if not same_scope:
                continue
            assert second.valid_from is not None and second.valid_until is not None
            overlap = (
                first.valid_from <= second.valid_until and second.valid_from <= first.valid_until
            )
            assert not overlap, (first.id, second.id)


def test_parameter_outside_its_range_is_an_explicit_error() -> None:
    smic = rule_data().parameter("smic.hourly_gross")
    with pytest.raises(UnsupportedDateError, match="SMIC"):
        smic.at(date(2018, 12, 31))


def test_gap_or_overlap_is_refused_when_loading() -> None:
    base = {
        "status": "primary",
        "last_verified_on": date(2026, 1, 1),
        "references": [{"kind": "code", "id": "X"}],
    }
    with pytest.raises(ValueError, match="contiguës"):
        Parameter.model_validate(
            {
                "name": "t",
                "label": "t",
                "unit": "€",
                "kind": "money",
                "values": [
                    {**base, "start": date(2020, 1, 1), "until": date(2020, 6, 30), "value": "1"},
                    {**base, "start": date(2020, 8, 1), "value": "2"},
                ],
            }
        )
    with pytest.raises(ValueError, match="guillemets"):
        Parameter.model_validate(
            {
                "name": "t",
                "label": "t",
                "unit": "€",
                "kind": "money",
                "values": [{**base, "start": date(2020, 1, 1), "value": 1.5}],
            }
        )


def test_known_values_from_the_texts() -> None:
    data = rule_data()
    assert data.parameter("plan.headcount_threshold").at(date(2026, 1, 1)).value == Decimal(50)
    assert data.parameter("smic.hourly_gross").at(date(2026, 6, 1)).value == Decimal("12.02")
    assert data.parameter("smic.hourly_gross").at(date(2024, 10, 31)).value == Decimal("11.65")
    assert data.parameter("smic.hourly_gross").at(date(2024, 11, 1)).value == Decimal("11.88")
    assert data.parameter("qualiopi.required").at(date(2021, 12, 31)).value is False
    assert data.parameter("qualiopi.required").at(date(2022, 1, 1)).value is True
    assert data.parameter("plan.lead_days_akto").at(date(2026, 1, 1)).value == 30


RULE_MODULES = [*sorted((SRC / "rules").glob("*.py")), SRC / "estimate.py"]


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: p.name)
def test_no_legal_figure_in_rule_code(path: Path) -> None:
    """Rule modules may only use 0, 1 and 100 (percent display) as literal numbers."""
    text = path.read_text(encoding="utf-8")
    if "mutmut" in text:
        pytest.skip("source instrumented by mutmut (mutation testing run)")
    tree = ast.parse(text)
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and type(node.value) in (int, float)
            and node.value not in (0, 1, 100)
        ):
            found.append((node.lineno, node.value))
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "Decimal"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            literal = Decimal(node.args[0].value)
            if literal not in (0, 1) and literal.as_tuple().exponent >= 0:
                found.append((node.lineno, node.args[0].value))
    assert not found, f"literal figures in {path.name}: {found}"


def test_every_code_is_documented() -> None:
    import re

    codes_page = (SRC.parents[1] / "docs" / "reference" / "codes.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", codes_page))
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "data" in path.relative_to(SRC).parts:  # maintainers' tools, not results
            continue
        text = path.read_text(encoding="utf-8")
        if "mutmut" in text:
            pytest.skip("sources instrumented by mutmut (mutation testing run)")
        text = re.sub(r"__all__ = \[.*?\]", "", text, flags=re.DOTALL)  # names, not codes
        used |= set(re.findall(r'code="([A-Z][A-Z0-9_]+)"', text))
        used |= set(re.findall(r'"([A-Z][A-Z0-9]*_[A-Z0-9_]+)"', text))
    assert used, "no code found"
    assert used <= documented, sorted(used - documented)


def test_mutation_testing_scope_is_the_rules() -> None:
    """Every module outside rules/ is excluded from mutation (pyproject [tool.mutmut])."""
    import tomllib

    config = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    excluded = set(config["tool"]["mutmut"]["do_not_mutate"])
    modules = {
        str(path.relative_to(SRC.parents[1]))
        for path in [*SRC.glob("*.py"), *(SRC / "data").glob("*.py")]
    }
    assert modules == excluded
