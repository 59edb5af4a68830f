"""``POST /v1/batch``: JSON lines in, JSON lines out, streamed, in bounded memory.

The body is read from the connection a chunk at a time and cut into lines; each line goes
through :func:`formafin.batch.estimate_many` (the same code as ``formafin batch``) in a
worker thread, and each result is sent as soon as it is computed. At most one line (itself
held to the per-dossier limit) and one result are held at a time, whatever the body size.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import anyio
import anyio.to_thread
from anyio import from_thread
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

__all__ = ["NDJSON", "BatchStream"]

NDJSON = "application/x-ndjson"

Runner = Callable[[Iterator[bytes]], Iterator[str]]


class _LineReader:
    """Cuts the request body into lines, holding at most one line of ``line_limit`` bytes."""

    def __init__(self, receive: Receive, line_limit: int, total_limit: int) -> None:
        self._receive = receive
        self._line_limit = line_limit
        self._total_limit = total_limit
        self._buffer = bytearray()
        self._total = 0
        self._done = False
        self.error: dict[str, str] | None = None

    async def next_line(self) -> bytes | None:
        while True:
            cut = self._buffer.find(b"\n")
            if cut >= 0 and cut <= self._line_limit:
                line = bytes(self._buffer[:cut])
                del self._buffer[: cut + 1]
                return line
            if cut > self._line_limit or len(self._buffer) > self._line_limit:
                self._fail(
                    "LINE_TOO_LARGE",
                    f"Une ligne dépasse la limite de {self._line_limit} octets ; lot interrompu.",
                )
                return None
            if self._done:
                if self._buffer:
                    line = bytes(self._buffer)
                    self._buffer.clear()
                    return line
                return None
            message = await self._receive()
            if message["type"] != "http.request":
                self._done = True  # client gone: stop reading
                self._buffer.clear()
                return None
            chunk: bytes = message.get("body", b"")
            self._total += len(chunk)
            if self._total > self._total_limit:
                self._fail(
                    "BODY_TOO_LARGE",
                    f"Le lot dépasse la limite de {self._total_limit} octets ; lot interrompu.",
                )
                return None
            self._buffer += chunk
            self._done = not message.get("more_body", False)

    def _fail(self, code: str, message: str) -> None:
        self.error = {"code": code, "error": message}
        self._buffer.clear()
        self._done = True


_END = object()


class BatchStream(Response):
    """A response that reads its own request body while it streams the results."""

    media_type = NDJSON

    def __init__(self, run: Runner, line_limit: int, total_limit: int) -> None:
        super().__init__(media_type=NDJSON)
        self._run = run
        self._line_limit = line_limit
        self._total_limit = total_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        reader = _LineReader(receive, self._line_limit, self._total_limit)

        def lines() -> Iterator[bytes]:  # runs in a worker thread
            while (line := from_thread.run(reader.next_line)) is not None:
                if line.strip():
                    yield line

        results = self._run(lines())
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", NDJSON.encode())],
            }
        )
        while True:
            result = await anyio.to_thread.run_sync(next, results, _END)
            if result is _END:
                break
            await send(
                {"type": "http.response.body", "body": f"{result}\n".encode(), "more_body": True}
            )
        if reader.error is not None:
            tail = json.dumps(reader.error, ensure_ascii=False) + "\n"
            await send({"type": "http.response.body", "body": tail.encode(), "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
