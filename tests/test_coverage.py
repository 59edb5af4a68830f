"""The coverage report (issue 16, point 3): its arithmetic on a tiny fixture, then the CLI."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from formafin.baremes import Bareme
from formafin.cli import main
from formafin.coverage import CoverageCount, CoverageStatus, coverage_report
from formafin.data import IdccRow, rule_data
from formafin.errors import UnsupportedDateError
from formafin.models import OpcoId

SIRO = Path(__file__).resolve().parents[1] / "src" / "formafin" / "data" / "idcc" / "idcc_opco.csv"


def _row(idcc: str, opco: str, establishments: int) -> IdccRow:
    return IdccRow(
        idcc=idcc,
        opco=OpcoId(opco),
        title=f"Branche {idcc}",
        split=False,
        primary=True,
        establishments=establishments,
        majority_share=None,
        other_opco_seen=False,
        ministry_2019_opco=None,
    )


def _bareme(bareme_id: str, idcc: str, year: int, **fields: Any) -> Bareme:
    return Bareme.model_validate(
        {
            "id": bareme_id,
            "opco": "atlas",
            "branch": f"Branche {idcc}",
            "scope": "branch",
            "idcc": [idcc],
            "valid_from": f"{year}-01-01",
            "valid_until": f"{year}-12-31",
            "status": "primary",
            "last_verified_on": "2026-11-26",
            "references": [{"kind": "opco_page", "id": "page"}],
            **fields,
        }
    )


ROWS = [
    _row("1111", "atlas", 100),
    _row("2222", "atlas", 50),
    _row("3333", "opco_ep", 25),
    _row("4444", "atlas", 10),  # a shared IDCC: one row per OPCO
    _row("4444", "opco_ep", 5),
    _row("5555", "opco_ep", 0),
]
BAREMES = (
    _bareme("b1111-2024", "1111", 2024),
    _bareme("b1111-2025", "1111", 2025),
    _bareme("b2222-2023", "2222", 2023),
    _bareme("b3333-by-id", "3333", 2025, opco="opco_ep", scope="by_id_only"),
)


def _report(**kwargs: Any) -> Any:
    data = replace(rule_data(), baremes={b.id: b for b in BAREMES})
    return coverage_report((2024, 2025, 2026), data=data, rows=ROWS, **kwargs)


def test_counts_by_status_opco_and_year() -> None:
    report = _report()
    y2024 = report.year(2024)
    assert y2024.day == date(2024, 7, 1)
    # 1111 exact (100); 2222 last known 2023 (50); 4444-atlas none (10); OPCO EP none (30):
    # the by-id-only barème of 3333 never counts.
    assert y2024.total == CoverageCount(exact=100, fallback=50, none=40)
    assert dict(y2024.by_opco) == {
        OpcoId.ATLAS: CoverageCount(exact=100, fallback=50, none=10),
        OpcoId.OPCO_EP: CoverageCount(exact=0, fallback=0, none=30),
    }
    assert report.year(2025).total == CoverageCount(exact=100, fallback=50, none=40)
    # 2026: nothing in force; 1111 falls back on its 2025 barème, the latest.
    y2026 = report.year(2026)
    assert y2026.total == CoverageCount(exact=0, fallback=150, none=40)
    first = y2026.top_uncovered[0]
    assert (first.idcc, first.status, first.bareme_id) == (
        "1111",
        CoverageStatus.FALLBACK,
        "b1111-2025",
    )


def test_percentages_are_rounded_to_a_tenth() -> None:
    total = _report().year(2024).total
    assert total.establishments == 190
    assert total.percent(total.exact) == Decimal("52.6")  # 100 / 190 = 52,63 %
    assert total.percent(total.at_least_fallback) == Decimal("78.9")  # 150 / 190 = 78,95 %
    assert total.percent(total.none) == Decimal("21.1")  # 40 / 190 = 21,05 %
    assert CoverageCount().percent(0) == Decimal("0.0")


def test_top_uncovered_lists_the_largest_branches_without_an_exact_barème() -> None:
    top = _report(top=3).year(2024).top_uncovered
    # 1111 is exact in 2024; 5555 has no establishment.
    assert [(b.idcc, b.opco.value, b.establishments) for b in top] == [
        ("2222", "atlas", 50),
        ("3333", "opco_ep", 25),
        ("4444", "atlas", 10),
    ]
    assert [b.status for b in top] == [
        CoverageStatus.FALLBACK,
        CoverageStatus.NONE,
        CoverageStatus.NONE,
    ]


def test_a_year_before_the_rules_is_refused() -> None:
    with pytest.raises(UnsupportedDateError, match="year"):
        coverage_report([2010])


def test_the_cli_counts_every_siro_establishment(capsys: pytest.CaptureFixture[str]) -> None:
    with SIRO.open(encoding="utf-8") as handle:
        expected = sum(int(r["siro_establishments"] or 0) for r in csv.DictReader(handle))
    assert main(["coverage", "--year", "2025", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (year,) = data["years"]
    total = year["total"]
    assert year["year"] == 2025 and total["establishments"] == expected
    assert total["exact"] + total["fallback"] + total["none"] == expected
    assert sum(c["establishments"] for c in year["by_opco"].values()) == expected
    # Constructys's bâtiment barèmes (IDCC 1596, 272 923 establishments) are in force in 2025.
    assert year["by_opco"]["constructys"]["exact"] >= 272923


def test_the_cli_prints_a_french_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    for year in ("01/07/2024", "01/07/2025", "01/07/2026"):
        assert f"Couverture des barèmes au {year}" in out
    assert "dernier connu" in out and "total" in out
