"""``detail="summary"``: numbers and codes only, equal to the full estimate's (issue 15)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formafin import FundingSummary, SchemeId, estimate_funding
from formafin.batch import estimate_many

from .conftest import make_dossier


def test_summary_of_the_base_dossier_has_the_figures_of_the_full_estimate() -> None:
    dossier = make_dossier()
    full = estimate_funding(dossier)
    summary = estimate_funding(dossier, detail="summary")
    assert isinstance(summary, FundingSummary)
    assert summary.total_cost == Decimal("1400.00")
    assert summary.remaining_cost == full.remaining_cost
    assert [d.scheme for d in summary.decisions] == [d.scheme for d in full.decisions]
    assert summary.warnings == tuple(n.code for n in full.warnings)
    assert summary.opco is not None and full.opco is not None
    assert summary.opco == full.opco.opco


def test_summary_json_has_no_explanation() -> None:
    text = estimate_funding(make_dossier(), detail="summary").model_dump_json()
    for word in ("message", "explanation", "basis", "references", "parameters"):
        assert f'"{word}"' not in text


def test_summary_keeps_reason_codes() -> None:
    summary = estimate_funding(make_dossier(company={"headcount": "80"}), detail="summary")
    plan = next(d for d in summary.decisions if d.scheme == SchemeId.OPCO_PLAN)
    assert "HEADCOUNT_50_OR_MORE" in plan.reasons


def test_an_unknown_detail_is_refused_naming_the_argument() -> None:
    with pytest.raises(ValueError, match="detail"):
        estimate_funding(make_dossier(), detail="brief")  # type: ignore[call-overload]


def test_batch_summary_lines() -> None:
    line = make_dossier().model_dump_json()
    (full,) = estimate_many([line], as_json=True)
    (summary,) = estimate_many([line], as_json=True, detail="summary")
    assert '"summary":null' in full and '"estimate":null' in summary
    assert '"explanation"' in full and '"explanation"' not in summary
    assert len(summary) < len(full) / 3
