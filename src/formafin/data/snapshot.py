"""The shipped data compiled once: every TOML and CSV file validated into frozen objects and
saved as one file, ``compiled.pickle``, read in one go at first use.

Reading and validating some sixty TOML and CSV files is most of a cold start; the snapshot
holds the result. It records a fingerprint of the source files (SHA-256 of their bytes),
the Python and pydantic versions it was built with: when any of them differs — a
contributor edited a barème and did not rebuild, another pydantic — formafin compiles the
sources as before, so a stale snapshot can make a start slower, never an answer wrong. The
tests check that the shipped snapshot is fresh and equals a fresh compilation.

Rebuild it after changing the data::

    python -m formafin.data.snapshot
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pydantic

__all__ = [
    "SNAPSHOT_NAME",
    "fingerprint",
    "read_snapshot",
    "snapshot_contents",
    "write_snapshot",
]

SNAPSHOT_NAME = "compiled.pickle"
_FORMAT = 1
_SOURCES = ("ruleset.toml", "references.toml", "parameters", "baremes", "idcc")


def _versions() -> tuple[str, str]:
    return f"{sys.version_info.major}.{sys.version_info.minor}", pydantic.VERSION


def fingerprint() -> str:
    """SHA-256 of every shipped data file (name and bytes), in a fixed order."""
    digest = hashlib.sha256()
    base = resources.files(__package__ or "formafin.data")
    for source in _SOURCES:
        node = base.joinpath(source)
        entries = sorted(node.iterdir(), key=lambda e: e.name) if node.is_dir() else [node]
        for entry in entries:
            if entry.name.endswith((".toml", ".csv")):
                digest.update(f"{source}/{entry.name}\0".encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()


def read_snapshot() -> dict[str, Any] | None:
    """The compiled data, or None when there is no snapshot or it does not match the
    sources, this Python or this pydantic (the caller then compiles the sources)."""
    found = snapshot_contents()
    if found is None:
        return None
    header, payload = found
    if header != {"format": _FORMAT, "versions": _versions(), "fingerprint": fingerprint()}:
        return None
    return payload


def snapshot_contents() -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The snapshot's header and data as saved, unchecked (None if it cannot be read).
    Unpickling is safe here: the file is shipped inside the package, like its code."""
    try:
        raw = resources.files(__package__ or "formafin.data").joinpath(SNAPSHOT_NAME).read_bytes()
        header, payload = pickle.loads(raw)
    except Exception:  # missing, truncated, or written by an incompatible version
        return None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        return None
    return header, payload


def write_snapshot(path: Path | None = None) -> Path:
    """Compile the sources and write the snapshot (next to them by default)."""
    from formafin.data import compile_sources

    target = path or Path(__file__).with_name(SNAPSHOT_NAME)
    header = {"format": _FORMAT, "versions": _versions(), "fingerprint": fingerprint()}
    payload = compile_sources()
    target.write_bytes(pickle.dumps((header, payload), protocol=pickle.HIGHEST_PROTOCOL))
    return target


if __name__ == "__main__":
    print(write_snapshot())
