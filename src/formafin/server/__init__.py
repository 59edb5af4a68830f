"""``formafin serve``: the rules over HTTP (FastAPI), with an OpenAPI contract and a page.

Optional: install ``formafin[server]``. Nothing here is imported by ``import formafin``.

>>> from formafin.server import create_app  # doctest: +SKIP
>>> app = create_app()  # an ASGI application for uvicorn, gunicorn, hypercorn...
"""

from __future__ import annotations

from formafin.server.app import create_app
from formafin.server.settings import Settings

__all__ = ["Settings", "create_app"]
