"""Which build of formafin is running: pure Python, or compiled with mypyc.

formafin is written in typed Python and built as pure Python by default. Installed with
``FORMAFIN_COMPILE=1`` (``FORMAFIN_COMPILE=1 pip install formafin --no-binary formafin``),
the modules of an estimate's hot path — the orchestrator, the pipeline, the facts and the
rules — are compiled to C extensions by mypyc from the same source (list in ``setup.py``).
The results are the same, byte for byte; an estimate takes about a third less time (see
the documentation page « Performances »).
"""

from __future__ import annotations

import importlib.util

__all__ = ["compiled"]


def compiled() -> bool:
    """Whether this formafin is the compiled build (its orchestrator is a C extension).

    >>> isinstance(compiled(), bool)
    True
    """
    spec = importlib.util.find_spec("formafin.estimate")
    origin = spec.origin if spec is not None else None
    return origin is not None and not origin.endswith(".py")
