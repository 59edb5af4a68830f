"""Run the server with uvicorn: ``formafin serve [--host] [--port] [--workers]``."""

from __future__ import annotations

from formafin.server.settings import Settings

__all__ = ["serve"]


def serve(
    host: str = "127.0.0.1", port: int = 8000, workers: int = 1, log_level: str = "info"
) -> None:
    """Serve the API until interrupted; each worker process builds its own app.

    The settings are read here first, so that a bad ``FORMAFIN_*`` variable stops the
    command before any worker starts.
    """
    import uvicorn

    Settings.from_env()
    uvicorn.run(
        "formafin.server.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        server_header=False,
        access_log=False,
    )
