"""Settings of ``formafin serve``, read from the environment once, when the app is built."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from formafin.limits import MAX_DOSSIER_BYTES

__all__ = ["Settings"]

DEFAULT_BODY_LIMIT = MAX_DOSSIER_BYTES
"""1 MiB, the library's limit for one dossier (a real dossier is a few kilobytes)."""

DEFAULT_BATCH_LIMIT = 64 * 1024 * 1024
"""64 MiB: the largest JSON-lines body of ``POST /v1/batch`` (tens of thousands of dossiers;
read line by line, so memory does not grow with it)."""


def _size(environ: Mapping[str, str], name: str, default: int) -> int:
    text = environ.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{name} : entier attendu (octets), reçu {text!r}") from None
    if value <= 0:
        raise ValueError(f"{name} : doit être strictement positif, reçu {value}")
    return value


@dataclass(frozen=True)
class Settings:
    """How the server behaves; every field has a safe default."""

    api_key: str | None = None
    """When set, ``/v1/*`` requires ``Authorization: Bearer <api_key>``."""
    body_limit: int = DEFAULT_BODY_LIMIT
    """Largest request body, in bytes, for every endpoint but the batch."""
    batch_limit: int = DEFAULT_BATCH_LIMIT
    """Largest body of ``POST /v1/batch``, in bytes (each line is also held to ``body_limit``)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """``FORMAFIN_API_KEY``, ``FORMAFIN_MAX_BODY_BYTES``, ``FORMAFIN_MAX_BATCH_BYTES``."""
        env = os.environ if environ is None else environ
        key = env.get("FORMAFIN_API_KEY") or None
        return cls(
            api_key=key,
            body_limit=_size(env, "FORMAFIN_MAX_BODY_BYTES", DEFAULT_BODY_LIMIT),
            batch_limit=_size(env, "FORMAFIN_MAX_BATCH_BYTES", DEFAULT_BATCH_LIMIT),
        )
