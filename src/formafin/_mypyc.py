"""mypyc's class options for the compiled build (``FORMAFIN_COMPILE=1``, see
:mod:`formafin.compilation`); a no-op in the pure-Python build, which does not need
``mypy_extensions``.

``allow_interpreted_subclasses=True`` marks the classes a third-party rule may subclass
(an outcome that overrides ``trainee_pays``, a fact): without it, a Python subclass of a
compiled class cannot be instantiated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["mypyc_attr"]

if TYPE_CHECKING:
    from mypy_extensions import mypyc_attr
else:
    try:
        from mypy_extensions import mypyc_attr
    except ImportError:  # the pure-Python build, installed without mypy

        def mypyc_attr(*attrs: str, **kwattrs: object) -> Any:
            return lambda cls: cls
