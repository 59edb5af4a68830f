"""Print the OpenAPI document: ``python -m formafin.server.export > docs/openapi.json``."""

from __future__ import annotations

import json
import sys

from formafin.server.app import create_app
from formafin.server.settings import Settings

__all__ = ["openapi_text"]


def openapi_text() -> str:
    """The document served at ``/openapi.json`` (without API key), indented, stable."""
    document = create_app(Settings()).openapi()
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(openapi_text())
