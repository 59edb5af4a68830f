"""Decimal context, thread safety, laziness and the shipped examples."""

from __future__ import annotations

import decimal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formafin import Dossier, estimate_funding

from .conftest import make_dossier

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_host_decimal_context_is_neither_used_nor_changed() -> None:
    dossier = make_dossier(action={"hours": "7.33", "costs": {"pedagogical": "999.99"}})
    reference = estimate_funding(dossier)
    with decimal.localcontext() as host:
        host.prec = 3
        host.rounding = decimal.ROUND_UP
        host.traps[decimal.Inexact] = True
        estimate = estimate_funding(dossier)
        assert decimal.getcontext().prec == 3 and decimal.getcontext().rounding == decimal.ROUND_UP
    assert estimate == reference


def test_concurrent_estimates_agree() -> None:
    dossiers = [Dossier.model_validate_json(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))]
    expected = [estimate_funding(d) for d in dossiers]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(estimate_funding, dossiers * 25))
    assert results == expected * 25


def test_import_reads_no_data_file() -> None:
    code = (
        "import formafin, formafin.data as d; "
        "assert d.rule_data._value is None and d.idcc_tables._value is None"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_example_is_valid_and_estimated() -> None:
    paths = sorted(EXAMPLES.glob("*.json"))
    assert len(paths) >= 4
    for path in paths:
        estimate = estimate_funding(Dossier.model_validate_json(path.read_text(encoding="utf-8")))
        assert estimate.decisions


def test_examples_tell_their_stories() -> None:
    def load(name: str) -> Dossier:
        return Dossier.model_validate_json((EXAMPLES / name).read_text(encoding="utf-8"))

    large = estimate_funding(load("industrie-120-salaries.json"))
    assert [r.code for r in large.decisions[0].reasons] == ["HEADCOUNT_50_OR_MORE"]
    no_qualiopi = estimate_funding(load("organisme-sans-qualiopi.json"))
    assert [r.code for r in no_qualiopi.decisions[0].reasons] == ["QUALIOPI_MISSING"]
    public_works = estimate_funding(load("travaux-publics-30-salaries-constructys.json"))
    assert public_works.lines[0].amount == Decimal("32.00") * 35 * 3
    consulting = estimate_funding(load("conseil-8-salaries-atlas.json"))
    assert consulting.decisions[0].eligible and consulting.indicative


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
    st.integers(min_value=-50, max_value=50),
)
def test_add_years_moves_dates_like_relativedelta(day: date, years: int) -> None:
    """formafin's own year arithmetic (faster) agrees with dateutil's, 29 February included."""
    from dateutil.relativedelta import relativedelta

    from formafin.dates import add_years

    assert add_years(day, years) == day + relativedelta(years=years)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)  # written out for the reader


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 30)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 30)),
)
def test_months_covered_counts_like_relativedelta(start: date, end: date) -> None:
    """formafin's own month count (faster) agrees with dateutil's ``relativedelta``, ends of
    months, 29 February and an end before the start included."""
    from dateutil.relativedelta import relativedelta

    from formafin.dates import months_covered

    span = relativedelta(end + timedelta(days=1), start)
    assert months_covered(start, end) == (span.years * 12 + span.months, span.days)


@pytest.mark.parametrize(
    ("start", "end", "covered"),
    [
        # 31 January + 1 month is 28 February (no 31st): the day after 27 February.
        (date(2026, 1, 31), date(2026, 2, 27), (1, 0)),
        (date(2026, 1, 31), date(2026, 2, 28), (1, 1)),
        # 30 January 2024 + 1 month = 29 February (leap year); the day after 28 Feb is the 29th.
        (date(2024, 1, 30), date(2024, 2, 28), (1, 0)),
        (date(2025, 9, 1), date(2027, 8, 31), (24, 0)),
        # An end the day before the start covers nothing; two days before, minus one day.
        (date(2026, 3, 10), date(2026, 3, 9), (0, 0)),
        (date(2026, 3, 10), date(2026, 3, 8), (0, -1)),
        (date(2026, 3, 10), date(2026, 1, 5), (-2, -4)),
    ],
)
def test_months_covered_written_out(start: date, end: date, covered: tuple[int, int]) -> None:
    from formafin.dates import months_covered

    assert months_covered(start, end) == covered
