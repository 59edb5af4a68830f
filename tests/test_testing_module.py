"""``formafin.testing`` imports in a fresh interpreter, whatever the import order, with and
without Hypothesis's entry point (issue 13, point 1)."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

_ORDERS = {
    "testing_first": "from formafin.testing import dossiers\nimport hypothesis\n",
    "hypothesis_first": "import hypothesis\nfrom formafin.testing import dossiers\n",
    "strategies_first": (
        "from hypothesis import strategies as st\nfrom formafin.testing import dossiers\n"
    ),
}
_DRAW = (
    "from hypothesis import given, settings, strategies as st\n"
    "from formafin import Dossier\n"
    "@settings(max_examples=3, database=None)\n"
    "@given(dossiers(), st.from_type(Dossier))\n"
    "def draw(a, b):\n"
    "    assert isinstance(a, Dossier) and isinstance(b, Dossier)\n"
    "draw()\n"
    "print('ok')\n"
)


def _run(code: str, tmp_path: Path, *, plugins: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    if not plugins:
        env["HYPOTHESIS_NO_PLUGINS"] = "1"
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("plugins", [True, False], ids=["entry_point", "no_entry_point"])
@pytest.mark.parametrize("order", sorted(_ORDERS))
def test_testing_module_imports_in_any_order(order: str, plugins: bool, tmp_path: Path) -> None:
    result = _run(_ORDERS[order] + _DRAW, tmp_path, plugins=plugins)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_entry_point_alone_registers_the_strategies(tmp_path: Path) -> None:
    # Without importing formafin.testing, st.from_type(Dossier) draws valid dossiers.
    code = (
        "from hypothesis import given, settings, strategies as st\n"
        "from formafin import Dossier\n"
        "@settings(max_examples=3, database=None)\n"
        "@given(st.from_type(Dossier))\n"
        "def draw(a):\n"
        "    assert isinstance(a, Dossier)\n"
        "draw()\n"
        "print('ok')\n"
    )
    result = _run(code, tmp_path, plugins=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_entry_point_is_declared_and_loads() -> None:
    (entry,) = [e for e in entry_points(group="hypothesis") if e.name == "formafin"]
    assert callable(entry.load())
