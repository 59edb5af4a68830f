"""Golden cases written by hand from the sources (tests/cases/*.yaml).

Each case gives a dossier, the expected decisions (status and reason codes), the lines with
a positive amount, totals, and the references the result must cite. Expected figures come
from the texts quoted in each case's description, not from running formafin.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from formafin import Dossier, FundingEstimate, estimate_funding

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


def _cited(estimate: FundingEstimate) -> str:
    ids = [ref.id for line in estimate.lines for ref in line.references]
    for decision in estimate.decisions:
        ids += [ref.id for ref in decision.references]
        ids += [ref.id for check in decision.checks for ref in check.references]
        ids += [ref.id for reason in decision.reasons for ref in reason.references]
    ids += [ref.id for notice in estimate.warnings for ref in notice.references]
    return "\n".join(ids)


def check_case(case: dict[str, Any]) -> None:
    """Assert that formafin's result matches a golden case."""
    dossier = Dossier.model_validate(case["dossier"])
    as_of = date.fromisoformat(str(case["as_of"])) if case.get("as_of") else None
    estimate = estimate_funding(dossier, as_of=as_of, bareme=case.get("bareme"))
    expect = case["expect"]
    for scheme, wanted in expect.get("decisions", {}).items():
        decision = estimate.decision(scheme)
        assert decision is not None, f"no decision for {scheme}"
        assert decision.status.value == wanted["status"], (scheme, decision.reasons)
        if "reasons" in wanted:
            assert sorted(r.code for r in decision.reasons) == sorted(wanted["reasons"])
    if "lines" in expect:
        got = sorted(
            (x.scheme.value, x.category.value, x.payer.value, x.amount)
            for x in estimate.lines
            if x.amount > 0
        )
        wanted_lines = sorted(
            (x["scheme"], x["category"], x["payer"], Decimal(str(x["amount"])))
            for x in expect["lines"]
        )
        assert got == wanted_lines
    for field in ("total_funded", "remaining_cost", "remaining_employer", "remaining_trainee"):
        if field in expect:
            assert getattr(estimate, field) == Decimal(str(expect[field])), field
    cited = _cited(estimate)
    for reference in expect.get("references", []):
        assert reference in cited, f"{reference!r} not cited"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_golden_case(path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert case["description"].strip(), "a case says where its figures come from"
    check_case(case)


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 8


def test_cli_turns_a_dossier_into_a_case_that_round_trips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from formafin.cli import main

    example = Path(__file__).resolve().parents[1] / "examples" / "cpf-anglais-salariee-2026.json"
    assert main(["case", str(example), "--name", "cpf anglais"]) == 0
    case = yaml.safe_load(capsys.readouterr().out)
    assert case["name"] == "cpf anglais" and "RELIRE" in case["description"]
    assert case["expect"]["decisions"]["cpf"]["status"] == "eligible"
    check_case(case)  # the draft describes the current answer exactly
    broken = {**case, "expect": {**case["expect"], "remaining_trainee": "0.00"}}
    with pytest.raises(AssertionError):
        check_case(broken)
