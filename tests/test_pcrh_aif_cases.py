"""The PCRH and AIF golden cases (tests/cases/pcrh-*.yaml, aif-*.yaml).

``tests/test_cases.py`` checks decisions, positive lines and totals of every case; the PCRH is
an aid outside the training cost and the AIF an indicative line counted at 0 €, so this module
also checks ``expect.aids``, ``expect.ranges`` (per scheme), ``expect.remaining_cost_range``
and the notices (``expect.notices``, ``expect.absent_notices``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from formafin import Dossier, estimate_funding

from .test_cases import check_case

HERE = Path(__file__).parent / "cases"
CASES = sorted([*HERE.glob("pcrh-*.yaml"), *HERE.glob("aif-*.yaml")])


def test_there_are_pcrh_and_aif_cases() -> None:
    assert sum(p.name.startswith("pcrh-") for p in CASES) >= 3
    assert sum(p.name.startswith("aif-") for p in CASES) >= 2


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_pcrh_aif_case(path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    check_case(case)
    expect = case["expect"]
    estimate = estimate_funding(Dossier.model_validate(case["dossier"]))
    if "aids" in expect:
        got = sorted(
            (a.label, a.payer.value, a.amount, tuple(sorted(r.code for r in a.reasons)))
            for a in estimate.aids
        )
        wanted = sorted(
            (w["label"], w["payer"], Decimal(str(w["amount"])), tuple(sorted(w.get("reasons", []))))
            for w in expect["aids"]
        )
        assert got == wanted
    for scheme, bounds in expect.get("ranges", {}).items():
        (line,) = [line for line in estimate.lines if line.scheme == scheme]
        assert line.indicative and line.range is not None
        assert (line.range.low, line.range.high) == (
            Decimal(str(bounds["low"])),
            Decimal(str(bounds["high"])),
        )
    if "remaining_cost_range" in expect:
        bounds = expect["remaining_cost_range"]
        assert estimate.remaining_cost_range is not None
        assert (estimate.remaining_cost_range.low, estimate.remaining_cost_range.high) == (
            Decimal(str(bounds["low"])),
            Decimal(str(bounds["high"])),
        )
    codes = {notice.code for notice in estimate.warnings}
    assert set(expect.get("notices", [])) <= codes
    assert not set(expect.get("absent_notices", [])) & codes
