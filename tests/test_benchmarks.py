"""Smoke tests of the benchmark harness (benchmarks/), with tiny sizes and no timing asserted.

What must hold for the figures to be trusted: the dossiers are deterministic, distinct,
varied and answered by formafin; the bare-function floor computes formafin's numbers; one
run of ``benchmarks/run.py`` goes through every measure and writes its JSON file.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from benchmarks import run
from benchmarks.dossiers import SCHEME_REQUESTS, generate, is_plan_only
from benchmarks.floor import compile_terms, plan_floor

from formafin import Dossier, estimate_funding
from formafin.result import CostCategory
from formafin.rules.registry import SHIPPED

_SIZE = 300


@pytest.fixture(scope="module")
def raws() -> list[dict[str, object]]:
    return list(generate(_SIZE, seed=11))


def test_same_seed_same_dossiers_other_seed_others(raws: list[dict[str, object]]) -> None:
    assert list(generate(20, seed=11)) == raws[:20]
    assert list(generate(20, seed=12)) != raws[:20]


def test_dossiers_are_distinct_without_their_reference(raws: list[dict[str, object]]) -> None:
    keys = {
        json.dumps({k: v for k, v in raw.items() if k != "reference"}, sort_keys=True)
        for raw in raws
    }
    assert len(keys) == _SIZE


def test_dossiers_vary_every_field_the_rules_read(raws: list[dict[str, object]]) -> None:
    dossiers = [Dossier.model_validate(raw) for raw in raws]
    estimates = [estimate_funding(d) for d in dossiers]  # answered: nothing raises
    headcounts = {d.company.headcount for d in dossiers}
    # Both sides of each threshold (11, 50, 250, 300) are drawn.
    for threshold in (11, 50, 250, 300):
        assert any(h < threshold for h in headcounts)
        assert any(h >= threshold for h in headcounts)
    resolutions = [e.opco for e in estimates if e.opco is not None]
    assert len({r.opco for r in resolutions if r.opco is not None}) >= 6
    assert len({r.method for r in resolutions}) >= 3  # IDCC, explicit, ambiguous, ...
    assert {d.action.start.year for d in dossiers} >= set(range(2019, 2027))
    assert len({d.action.category for d in dossiers}) == 4
    assert len({d.company.departement for d in dossiers}) >= 8
    assert len({len(d.trainees) for d in dossiers}) >= 5
    assert any(t.cpf is not None for d in dossiers for t in d.trainees)
    providers = Counter(
        "internal" if d.provider.internal else "none" if d.provider.qualiopi is None else "cert"
        for d in dossiers
    )
    assert set(providers) == {"internal", "none", "cert"}
    schemes = Counter(decision.scheme for e in estimates for decision in e.decisions)
    # Every shipped scheme is asked for at least once (the plan and the CPF always are).
    assert len(schemes) == len(SHIPPED)
    statuses = Counter(d.status for e in estimates for d in e.decisions)
    assert len(statuses) == 3  # eligible, ineligible, needs_input


def test_floor_computes_formafins_numbers_on_every_plan_only_dossier(
    raws: list[dict[str, object]],
) -> None:
    plan_only = [Dossier.model_validate(raw) for raw in raws if is_plan_only(raw)]
    assert len(plan_only) >= 50
    paying = with_bareme = 0
    categories = (CostCategory.PEDAGOGICAL, CostCategory.SALARY, CostCategory.ANNEX)
    for dossier in plan_only:
        estimate = estimate_funding(dossier)
        terms = compile_terms(dossier)
        got = plan_floor(dossier, terms)
        expected = tuple(
            sum((line.amount for line in estimate.lines if line.category is c), 0)
            for c in categories
        )
        assert got == expected, dossier.reference
        assert estimate.remaining_cost == dossier.action.costs.total - sum(got)
        paying += any(got)
        with_bareme += any(got) and terms.has_bareme
    # Both paths are exercised: a barème's amounts and the indicative low bound.
    assert paying > with_bareme > 0


def test_a_plan_only_dossier_has_no_request_and_no_cpf_holder() -> None:
    raw = next(iter(generate(1, seed=3)))
    base = {k: v for k, v in raw.items() if k not in SCHEME_REQUESTS}
    base["trainees"] = [{"reference": "A"}]
    assert is_plan_only(base)
    assert not is_plan_only({**base, "fne": {}})  # an empty request is still a request
    assert not is_plan_only({**base, "trainees": [{"cpf": {"rights": "10"}}]})


def test_one_run_goes_through_every_measure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    code = run.main(
        ["--distinct", "30", "--rounds", "1", "--stream", "40", "--pairs", "1", "--json", str(out)]
    )
    assert code == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    estimates = results["estimates"]
    assert estimates["dossiers"] == 30
    assert estimates["estimate_wall_us"]["n"] == 30
    plan = estimates["plan_only"]
    assert plan["floor_agrees"] == plan["dossiers"]
    assert plan["floor_wall_us"]["n"] == plan["dossiers"]
    for stats in (estimates["estimate_wall_us"], estimates["estimate_cpu_us"]):
        assert stats["min"] <= stats["median"] <= stats["p99"] <= stats["max"]
    stream = results["stream"]
    assert stream["lines"] == 40
    assert stream["estimates"] == 40  # every line answered with an estimate
    assert len(stream["samples"]) == 20
    assert results["cold"]["pairs"] == results["import"]["pairs"] == 1
    assert results["machine"]["cores"] >= 1
    table = capsys.readouterr().out
    assert "bare-function floor" in table
    assert "from formafin import Dossier, estimate_funding" in table


def test_floor_on_a_dossier_computed_by_hand() -> None:
    # Constructys, bâtiment (IDCC 1596), barème 2024: 24,00 €/h per trainee for a
    # non-qualifying action; pay at 13,00 €/h under 11 employees, capped at the hourly SMIC
    # (D6332-39: 11,65 € on 2024-03-11); annex rule unknown, so 0 counted; no annual cap.
    # Pedagogical: 24,00 × 10,5 h × 1 = 252,00 €. Salary: 11,65 × 10,5 = 122,325 → 122,32 €
    # (rounded down to the cent).
    dossier = Dossier.model_validate(
        {
            "company": {"headcount": "8", "idcc": "1596"},
            "provider": {
                "qualiopi": {
                    "categories": ["actions_de_formation"],
                    "valid_from": "2023-01-01",
                    "valid_until": "2025-12-31",
                }
            },
            "action": {
                "title": "Hand-computed",
                "start": "2024-03-11",
                "end": "2024-03-12",
                "hours": "10.5",
                "costs": {"pedagogical": "600.00", "salary": "300.00", "annex": "50.00"},
            },
            "trainees": [{"reference": "A"}],
            "submitted_on": "2024-02-01",
        }
    )
    expected = (Decimal("252.00"), Decimal("122.32"), Decimal("0.00"))
    assert plan_floor(dossier, compile_terms(dossier)) == expected
    assert estimate_funding(dossier).total_funded == sum(expected)


def test_children_read_bytecode_like_an_installed_package(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pydantic floor reads its bytecode from site-packages; formafin's must be read too,
    # even where the host forbids writing it (an editable install would compile its source
    # in every measured child, ≈ 15 ms of import and as much again at the first estimate).
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    environment = run._child_environment()
    assert "PYTHONDONTWRITEBYTECODE" not in environment
    assert environment["PYTHONPYCACHEPREFIX"] == str(run._BYTECODE)
    code = "import sys; print(sys.flags.dont_write_bytecode, sys.pycache_prefix)"
    _, _, out = run._run_child(code)
    assert out.split() == ["0", str(run._BYTECODE)]
