"""Type hints match the runtime (issue 13, point 3): the natural code of
``tests/typing/test_public_api.py`` passes ``mypy --strict`` as an integrator runs it (no
pydantic plugin), the code of ``tests/typing/refused_public_api.py`` fails where marked, and
the constructor signatures written for type checkers follow the models' fields."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from formafin import models

ROOT = Path(__file__).resolve().parents[1]
TYPING = ROOT / "tests" / "typing"


def test_mypy_strict_without_plugin_accepts_natural_code_and_refuses_the_rest(
    tmp_path: Path,
) -> None:
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")  # no pydantic plugin: an integrator's setup
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            str(TYPING),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    reported = {
        (Path(m.group(1)).name, int(m.group(2)), m.group(3))
        for m in re.finditer(r"^(\S+\.py):(\d+): error: .*\[([a-z\-]+)\]$", result.stdout, re.M)
    }
    expected = {
        ("refused_public_api.py", number, mark.group(1))
        for number, line in enumerate(
            (TYPING / "refused_public_api.py").read_text(encoding="utf-8").splitlines(), 1
        )
        if (mark := re.search(r"# E: ([a-z\-]+)$", line))
    }
    assert len(expected) >= 5
    assert reported == expected, result.stdout


def _constructor_stubs() -> dict[str, ast.FunctionDef]:
    tree = ast.parse(Path(models.__file__).read_text(encoding="utf-8"))
    stubs = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            if isinstance(item, ast.If) and ast.unparse(item.test) == "TYPE_CHECKING":
                for inner in item.body:
                    if isinstance(inner, ast.FunctionDef) and inner.name == "__init__":
                        stubs[node.name] = inner
    return stubs


def test_the_public_input_models_have_typed_constructors() -> None:
    wanted = {"Company", "Costs", "Dossier", "Provider", "QualiopiCertificate", "Trainee"}
    wanted |= {"TrainingAction", "CpfMobilisation", "Programme", "TrainingAgreement"}
    assert wanted <= set(_constructor_stubs())


@pytest.mark.parametrize("name", sorted(_constructor_stubs()))
def test_constructor_stub_follows_the_fields(name: str) -> None:
    """A field added to a model must be added to its ``__init__`` for type checkers too."""
    stub = _constructor_stubs()[name]
    fields = getattr(models, name).model_fields
    args = stub.args.kwonlyargs
    assert [a.arg for a in args] == list(fields), "ordre ou noms des champs"
    required = {
        a.arg for a, default in zip(args, stub.args.kw_defaults, strict=True) if not default
    }
    assert required == {f for f, info in fields.items() if info.is_required()}


@pytest.mark.parametrize(
    ("alias", "enum"),
    [
        (models.OpcoIdInput, models.OpcoId),
        (models.QualiopiCategoryInput, models.QualiopiCategory),
        (models.ContractTypeInput, models.ContractType),
        (models.CpfActionKindInput, models.CpfActionKind),
    ],
)
def test_enum_inputs_list_exactly_the_enum_values(alias: object, enum: type) -> None:
    literal = next(a for a in typing.get_args(alias) if typing.get_origin(a) is typing.Literal)
    assert set(typing.get_args(literal)) == {member.value for member in enum}
