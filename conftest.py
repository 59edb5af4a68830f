"""Root pytest configuration: the optional server is collected only when its extra is there.

``--doctest-modules`` imports every module under ``src``; without ``formafin[server]``
installed, importing ``formafin.server`` would fail, so it is left out (the server's own
tests skip themselves with a reason in that case).
"""

from __future__ import annotations

import importlib.util

collect_ignore_glob: list[str] = []
if importlib.util.find_spec("fastapi") is None or importlib.util.find_spec("uvicorn") is None:
    collect_ignore_glob.append("src/formafin/server/*")
