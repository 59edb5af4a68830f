"""The JSON Schema tells the truth (issue 13, point 4): shipped examples and generated
dossiers validate against it, and so do their estimates and checks; what the runtime refuses
(a float for money, a malformed identifier) the schema refuses too."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from formafin import Dossier, check_dossier, estimate_funding
from formafin.cli import main
from formafin.schema import json_schema
from formafin.testing import dossiers

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))
VALIDATORS = {
    kind: Draft202012Validator(json_schema(kind)) for kind in ("dossier", "estimate", "check")
}


def _errors(kind: str, document: object) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in VALIDATORS[kind].iter_errors(document)
    ]


def test_the_schemas_are_valid_json_schemas() -> None:
    for kind in VALIDATORS:
        Draft202012Validator.check_schema(json_schema(kind))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_shipped_examples_and_their_results_validate(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert _errors("dossier", document) == []
    dossier = Dossier.model_validate(document)
    assert _errors("estimate", estimate_funding(dossier).model_dump(mode="json")) == []
    assert _errors("check", check_dossier(dossier).model_dump(mode="json")) == []


@given(dossiers())
def test_generated_dossiers_and_estimates_validate(dossier: Dossier) -> None:
    assert _errors("dossier", dossier.model_dump(mode="json")) == []
    assert _errors("estimate", estimate_funding(dossier).model_dump(mode="json")) == []


def _example() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("action", "costs", "pedagogical"), 1800.5),  # a float: refused at runtime too
        (("action", "costs", "pedagogical"), "10.005"),  # three decimals
        (("action", "costs", "pedagogical"), "-1"),
        (("company", "idcc"), "14860"),
        (("company", "idcc"), "1486a"),
        (("company", "siret"), "7328293200007"),  # 13 digits
        (("company", "naf"), "62A"),
        (("provider", "nda"), "123"),
        (("action", "certification"), "XX12"),
    ],
)
def test_the_schema_refuses_what_the_runtime_refuses(path: tuple[str, ...], value: object) -> None:
    document = copy.deepcopy(_example())
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert _errors("dossier", document), f"{path} = {value!r} accepted by the schema"
    with pytest.raises(ValidationError):
        Dossier.model_validate(document)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("action", "costs", "pedagogical"), 1800),
        (("action", "costs", "pedagogical"), "1800.5"),
        (("company", "idcc"), 16),
        (("company", "siret"), "732 829 320 00074"),
        (("company", "naf"), "7022Z"),
    ],
)
def test_the_schema_accepts_what_the_runtime_accepts(path: tuple[str, ...], value: object) -> None:
    document = copy.deepcopy(_example())
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    Dossier.model_validate(document)
    assert _errors("dossier", document) == []


def test_money_is_never_advertised_as_a_number() -> None:
    costs = json_schema("dossier")["$defs"]["Costs"]["properties"]["pedagogical"]
    assert {"type": "number"} not in costs["anyOf"]
    total = json_schema("estimate")["properties"]["total_cost"]
    assert total["type"] == "string" and "pattern" in total
    assert json_schema("dossier") == {
        **Dossier.model_json_schema(),
        "$schema": json_schema()["$schema"],
    }


@pytest.mark.parametrize("kind", ["dossier", "estimate", "check"])
def test_cli_prints_the_schema(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", kind]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema(kind)


def test_cli_outputs_validate_against_the_cli_schema(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(EXAMPLES[0])
    main(["estimate", "--json", path])
    assert _errors("estimate", json.loads(capsys.readouterr().out)) == []
    main(["check", "--json", path])
    assert _errors("check", json.loads(capsys.readouterr().out)) == []
