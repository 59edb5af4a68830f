"""formafin's build backend: setuptools, plus mypyc when ``FORMAFIN_COMPILE=1``.

By default formafin builds as pure Python (the reference implementation: the tests, the
mutation runs and the docs read it). With ``FORMAFIN_COMPILE=1`` in the environment,
``setup.py`` compiles the modules of an estimate's hot path with mypyc (same source, same
results, about a third less time an estimate: see ``docs/performance.md``); this backend
then asks for what mypyc needs to type-check the source in the isolated build
environment. Everything else is setuptools' own backend.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (the PEP 517 hooks not redefined here)

COMPILE_REQUIRES = [
    # The mypyc that compiled and tested the shipped list (setup.py); its type checker
    # reads the project's mypy configuration, hence pydantic's plugin and the stubs.
    "mypy==2.4.1",
    "pydantic>=2.6,<3",
    "python-dateutil>=2.8",
    "types-python-dateutil",
    "holidays>=0.50",
    "tqdm>=4.66",
]


def _requires(hook: Callable[[Any], Iterable[str]], config_settings: Any) -> list[str]:
    """What setuptools' ``hook`` asks for (``setup.py`` told not to compile while it is
    asked), and mypyc's requirements when compiling."""
    os.environ["FORMAFIN_BUILD_REQUIRES_ONLY"] = "1"
    try:
        found = list(hook(config_settings))
    finally:
        del os.environ["FORMAFIN_BUILD_REQUIRES_ONLY"]
    return found + (COMPILE_REQUIRES if os.environ.get("FORMAFIN_COMPILE") == "1" else [])


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    """setuptools' requirements, and mypyc's when compiling."""
    return _requires(_setuptools.get_requires_for_build_wheel, config_settings)


def get_requires_for_build_editable(config_settings: dict[str, Any] | None = None) -> list[str]:
    """As for a wheel: an editable install may be compiled too."""
    return _requires(_setuptools.get_requires_for_build_editable, config_settings)
