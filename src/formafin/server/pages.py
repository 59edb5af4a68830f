"""The packaged page for people (``GET /``) and the API docs page (``GET /docs``).

Plain HTML, CSS and JavaScript shipped inside the package, read once when the app is built:
nothing is fetched from another site, so both pages work on a network without internet.
The French labels of the page come from the command line's tables, so the page and
``formafin estimate`` say the same words.
"""

from __future__ import annotations

import json
from importlib import resources

from starlette.responses import Response

__all__ = ["Pages"]

STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _labels() -> str:
    from formafin.cli import CATEGORY_LABELS, PAYER_LABELS, SCHEME_LABELS, STATUS_LABELS

    labels = {
        "scheme": dict(SCHEME_LABELS),
        "category": {k.value: v for k, v in CATEGORY_LABELS.items()},
        "payer": {k.value: v for k, v in PAYER_LABELS.items()},
        "status": {k.value: v for k, v in STATUS_LABELS.items()},
    }
    # Safe inside <script type="application/json">: no "</" can close the element.
    return json.dumps(labels, ensure_ascii=False).replace("</", "<\\/")


class Pages:
    """The static files, read from the package once."""

    def __init__(self) -> None:
        base = resources.files(__package__).joinpath("static")
        self.files: dict[str, bytes] = {
            entry.name: entry.read_bytes()
            for entry in base.iterdir()
            if entry.is_file() and not entry.name.startswith(".")
        }
        page = self.files["index.html"].decode()
        self.index = page.replace("{{labels}}", _labels()).encode()

    def html(self, content: bytes) -> Response:
        return Response(content, media_type="text/html; charset=utf-8", headers=_SECURITY_HEADERS)

    def static(self, name: str) -> Response | None:
        """A packaged asset by name, or ``None``."""
        suffix = name[name.rfind(".") :] if "." in name else ""
        content = self.files.get(name)
        if content is None or suffix not in STATIC_TYPES:
            return None
        return Response(
            content,
            media_type=STATIC_TYPES[suffix],
            headers={**_SECURITY_HEADERS, "Cache-Control": "public, max-age=3600"},
        )
