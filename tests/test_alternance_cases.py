"""The alternance golden cases (tests/cases/alternance-*.yaml), with their employer aids.

``tests/test_cases.py`` checks decisions, lines and totals of every case; the aids (hiring aid,
tutor's costs) are outside the training cost, so this module checks ``expect.aids`` too.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from formafin import Dossier, estimate_funding

from .test_cases import check_case

CASES = sorted((Path(__file__).parent / "cases").glob("alternance-*.yaml"))


def test_there_is_a_case_per_alternance_rule() -> None:
    assert len(CASES) >= 6


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_alternance_case_with_its_aids(path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    check_case(case)
    wanted = case["expect"].get("aids")
    if wanted is None:
        return
    estimate = estimate_funding(Dossier.model_validate(case["dossier"]))
    got = sorted(
        (a.label, a.payer.value, a.amount, tuple(sorted(r.code for r in a.reasons)))
        for a in estimate.aids
    )
    expected = sorted(
        (
            w["label"],
            w["payer"],
            Decimal(str(w["amount"])),
            tuple(sorted(w.get("reasons", []))),
        )
        for w in wanted
    )
    assert got == expected
