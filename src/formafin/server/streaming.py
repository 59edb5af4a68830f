"""``POST /v1/batch``: JSON lines in, JSON lines out, streamed, in bounded memory.

The request body is read from the connection a chunk at a time through a blocking,
file-like view (:class:`_BodyReader`), so that the library's own
:func:`formafin.batch.read_lines` numbers the lines and cuts an oversized one, and
:func:`formafin.batch.estimate_lines` (the code of ``formafin batch``) turns each into a
result record; both run in a worker thread, and each record is sent as soon as it is
computed. At most one line (itself held to the per-dossier limit), one network chunk and
one result are held at a time, whatever the size of the batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO, cast

import anyio.to_thread
from anyio import from_thread
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from formafin.batch import Line, read_lines

__all__ = ["NDJSON", "BatchStream"]

NDJSON = "application/x-ndjson"

Runner = Callable[[Iterator[Line]], Iterator[bytes]]


class _BodyReader:
    """The request body as a blocking stream with ``readline``, for a worker thread.

    Past ``total_limit`` bytes it stops reading (end of stream) and records why.
    """

    def __init__(self, receive: Receive, total_limit: int) -> None:
        self._receive = receive
        self._total_limit = total_limit
        self._buffer = bytearray()
        self._total = 0
        self._done = False
        self.error: dict[str, str] | None = None

    async def _more(self) -> None:
        message = await self._receive()
        if message["type"] != "http.request":  # the client went away
            self._done = True
            return
        chunk: bytes = message.get("body", b"")
        self._total += len(chunk)
        if self._total > self._total_limit:
            self.error = {
                "code": "BODY_TOO_LARGE",
                "error": f"Le lot dépasse la limite de {self._total_limit} octets ; "
                "lot interrompu.",
            }
            self._buffer.clear()
            self._done = True
            return
        self._buffer += chunk
        self._done = not message.get("more_body", False)

    def readline(self, size: int = -1) -> bytes:
        """One line (with its ``\\n``), at most ``size`` bytes; ``b""`` at the end."""
        while True:
            cut = self._buffer.find(b"\n")
            if cut >= 0 and (size < 0 or cut < size):
                return self._take(cut + 1)
            if 0 <= size <= len(self._buffer):
                return self._take(size)
            if self._done:
                return self._take(len(self._buffer))
            from_thread.run(self._more)

    def _take(self, count: int) -> bytes:
        piece = bytes(self._buffer[:count])
        del self._buffer[:count]
        return piece


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
        reader = _BodyReader(receive, self._total_limit)
        stream = cast(IO[bytes], reader)
        results = self._run(read_lines(stream, max_bytes=self._line_limit))
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", NDJSON.encode())],
                }
            )
            while True:
                result = await anyio.to_thread.run_sync(next, results, _END)
                if not isinstance(result, bytes):  # _END
                    break
                body = result + b"\n"
                await send({"type": "http.response.body", "body": body, "more_body": True})
            if reader.error is not None:
                tail = (json.dumps(reader.error, ensure_ascii=False) + "\n").encode()
                await send({"type": "http.response.body", "body": tail, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:  # the client went away mid-batch: stop, nothing to answer
            return
