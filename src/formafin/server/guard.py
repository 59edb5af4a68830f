"""ASGI middleware in front of every route: the optional API key and the body size limits.

It refuses before any route runs: 401 when ``FORMAFIN_API_KEY`` is set and ``/v1/*`` is
called without ``Authorization: Bearer <key>``; 413 when the declared ``Content-Length`` is
over the limit, or when a body without one grows past it (it is read at most up to the
limit, then refused). The batch body is not buffered: its route reads it line by line.
"""

from __future__ import annotations

import hmac

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from formafin.server.problems import make_problem, problem_response
from formafin.server.settings import Settings

__all__ = ["Guard"]

BATCH_PATH = "/v1/batch"


def _too_large(limit: int) -> tuple[int, str, str]:
    return 413, "BODY_TOO_LARGE", f"Le corps de la requête dépasse la limite de {limit} octets."


class Guard:
    """API key and body limits (pure ASGI, so it adds almost nothing per request)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        key = settings.api_key
        self._expected = f"Bearer {key}".encode() if key else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = dict(scope["headers"])
        if self._expected is not None and path.startswith("/v1/"):
            given = headers.get(b"authorization", b"")
            if not hmac.compare_digest(given, self._expected):
                problem = make_problem(
                    401,
                    "UNAUTHORIZED",
                    "Clé d'API manquante ou incorrecte : envoyez « Authorization: Bearer <clé> ».",
                )
                await problem_response(problem, {"WWW-Authenticate": "Bearer"})(
                    scope, receive, send
                )
                return
        limit = self.settings.batch_limit if path == BATCH_PATH else self.settings.body_limit
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size < 0:
                problem = make_problem(400, "BAD_REQUEST", "En-tête Content-Length invalide.")
                await problem_response(problem)(scope, receive, send)
                return
            if size > limit:
                await problem_response(make_problem(*_too_large(limit)))(scope, receive, send)
                return
        if path == BATCH_PATH or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await problem_response(make_problem(*_too_large(limit)))(scope, receive, send)
                return
        await self.app(scope, _replay(bytes(body), receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
