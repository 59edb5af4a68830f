"""Hypothesis entry point (``[project.entry-points.hypothesis]``): registers formafin's
strategies for ``st.from_type``.

Hypothesis runs this hook while ``hypothesis`` itself is being imported. When that import was
triggered by ``formafin.testing`` (``from formafin.testing import dossiers`` before any
``import hypothesis``), ``formafin.testing`` is only partially initialised: the hook then does
nothing, and ``formafin.testing`` registers its strategies itself at the end of its import.
"""

from __future__ import annotations

import importlib
import sys

__all__ = ["setup_hook"]


def setup_hook() -> None:
    """Import ``formafin.testing`` (which registers the strategies) unless it is importing."""
    if "formafin.testing" in sys.modules:
        return
    importlib.import_module("formafin.testing")
