"""The documentation shows what integrators need and its build catches empty pages
(issue 13, point 5)."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
import yaml

import formafin
from formafin import testing
from formafin.cli import _parser

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("formafin_docs_hooks", DOCS / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_python_objects_example_runs() -> None:
    text = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    match = re.search(r'```python title="dossier_en_python.py"\n(.*?)```', text, re.S)
    assert match, "example block not found"
    exec(compile(match.group(1), "dossier_en_python.py", "exec"), {})


def test_api_reference_lists_every_public_name_and_strategy() -> None:
    page = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    names = [n for n in formafin.__all__ if not n.startswith("_")]
    names += ["estimate_many", "estimate_partition", "json_schema"]
    names += [n for n in testing.__all__ if not n.startswith("_")]
    missing = [n for n in names if not re.search(rf"\b{n}\b", page)]
    assert missing == []


def test_cli_reference_documents_every_subcommand() -> None:
    page = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    parser = _parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    assert sub.choices is not None
    for command in sub.choices:
        assert f"## `{command}`" in page, command
    assert "--version" in page
    assert "## Codes de sortie" in page and "## Erreurs" in page


@pytest.mark.parametrize("page", sorted((DOCS / "opco").glob("*.md")), ids=lambda p: p.stem)
def test_every_opco_page_renders_its_data(page: Path) -> None:
    # The OPCO 2i page used to render empty: its id has a digit the marker regex refused.
    rendered = _hooks().on_page_markdown(page.read_text(encoding="utf-8"))
    assert "formafin:" not in rendered
    assert "Site :" in rendered and "IDCC majoritairement" in rendered


@pytest.mark.parametrize(
    "markdown",
    [
        "<!-- formafin:baremes opco-2i -->",  # misspelt: would be left as an HTML comment
        "<!-- formafin:parameters inexistant -->",  # renders nothing
    ],
)
def test_the_build_fails_on_an_empty_or_unrendered_marker(markdown: str) -> None:
    with pytest.raises(ValueError, match="formafin marker"):
        _hooks().on_page_markdown(f"# Page\n\n{markdown}\n")


def test_hooks_are_not_published() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks.py" in config["exclude_docs"].split()


def test_opco_sectors_are_in_french() -> None:
    path = ROOT / "src" / "formafin" / "data" / "idcc" / "opcos.csv"
    english = re.compile(r"\b(and|also|the|excluding|e\.g\.|which|for|private)\b")
    for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines()):
        assert not english.search(row["sectors"]), (row["id"], row["sectors"])


def test_readme_says_the_docs_need_their_extra() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    development = readme[readme.index("## Development") :]
    assert '".[docs]"' in development or '".[dev,docs]"' in development
