"""Examples in the docs run as tests."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_integrator_example_runs() -> None:
    text = (DOCS / "testing.md").read_text(encoding="utf-8")
    match = re.search(r'```python title="test_integrateur.py"\n(.*?)```', text, re.S)
    assert match, "example block not found"
    namespace: dict[str, object] = {}
    exec(compile(match.group(1), "test_integrateur.py", "exec"), namespace)
    test = namespace["test_invoice_never_exceeds_the_remaining_cost"]
    assert callable(test)
    test()
