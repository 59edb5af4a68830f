"""Load test of ``formafin serve`` on loopback: throughput, latency, and exact answers.

    python benchmarks/server_load.py                  # 20 000 requests, 32 concurrent, 2 workers
    python benchmarks/server_load.py --requests 2000 --workers 1

Starts ``formafin serve --workers N`` on a free port of 127.0.0.1, warms it up, then sends
``--requests`` ``POST /v1/estimate`` over ``--concurrency`` keep-alive connections (a small
asyncio HTTP/1.1 client, so the client costs little of the shared CPU). The dossiers are
variants of the shipped examples (headcount, costs, hours); every answer is compared byte
for byte with the library's answer for the same dossier, so a lost or mixed-up answer is
counted. Stops by itself: after the requests, or after ``--timeout`` seconds. Loopback
only: ``--url`` accepts only 127.0.0.0/8, localhost or [::1].

Prints requests/s, p50, p90, p99 and max latency, and writes
``benchmarks/results/server_load.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
# `formafin serve` in a child process (the same as the console script).
SERVE = "import sys; from formafin.cli import main; sys.exit(main(sys.argv[1:]))"
EXAMPLES = ROOT / "examples"
RESULTS = ROOT / "benchmarks" / "results"


def _variants() -> list[tuple[bytes, bytes]]:
    """(request body, expected response body) for ~100 distinct dossiers."""
    from formafin import Dossier, estimate_funding

    pairs: list[tuple[bytes, bytes]] = []
    for path in sorted(EXAMPLES.glob("*.json")):
        base = json.loads(path.read_text(encoding="utf-8"))
        for step in range(16):
            dossier = json.loads(json.dumps(base))
            company = dossier["company"]
            company["headcount"] = str(1 + (int(float(company["headcount"])) + step * 3) % 60)
            costs = dossier["action"]["costs"]
            costs["pedagogical"] = f"{1000 + 137 * step}.{step:02d}"
            dossier["action"]["hours"] = str(7 * (1 + step % 5))
            body = json.dumps({"dossier": dossier}).encode()
            expected = estimate_funding(Dossier.model_validate_json(json.dumps(dossier)))
            pairs.append((body, expected.model_dump_json().encode()))
    return pairs


def _loopback(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"{url} : adresse de bouclage seulement (127.0.0.0/8, localhost, ::1)")
    return host, parts.port or 80


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _client(
    host: str,
    port: int,
    jobs: asyncio.Queue[int],
    pairs: list[tuple[bytes, bytes]],
    latencies: list[float],
    failures: dict[str, int],
    deadline: float,
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    head = (
        f"POST /v1/estimate HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Content-Type: application/json\r\nContent-Length: "
    ).encode()
    try:
        while time.monotonic() < deadline:
            try:
                index = jobs.get_nowait()
            except asyncio.QueueEmpty:
                return
            body, expected = pairs[index % len(pairs)]
            start = time.perf_counter()
            writer.write(head + str(len(body)).encode() + b"\r\n\r\n" + body)
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            answer = await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if not status_line.startswith(b"HTTP/1.1 200"):
                key = status_line.decode().strip()
                failures[key] = failures.get(key, 0) + 1
            elif answer != expected:
                failures["réponse différente de la bibliothèque"] = (
                    failures.get("réponse différente de la bibliothèque", 0) + 1
                )
    finally:
        writer.close()


async def _run(
    host: str,
    port: int,
    pairs: list[tuple[bytes, bytes]],
    total: int,
    concurrency: int,
    timeout: float,
) -> tuple[list[float], dict[str, int], float, int]:
    jobs: asyncio.Queue[int] = asyncio.Queue()
    for index in range(total):
        jobs.put_nowait(index)
    latencies: list[float] = []
    failures: dict[str, int] = {}
    deadline = time.monotonic() + timeout
    start = time.perf_counter()
    await asyncio.gather(
        *(
            _client(host, port, jobs, pairs, latencies, failures, deadline)
            for _ in range(concurrency)
        )
    )
    return latencies, failures, time.perf_counter() - start, jobs.qsize()


def _start(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SERVE,
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env={k: v for k, v in os.environ.items() if k != "FORMAFIN_API_KEY"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("le serveur n'a pas démarré en 60 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300.0, help="arrêt au plus tard (s)")
    parser.add_argument("--url", default=None, help="serveur déjà lancé (bouclage seulement)")
    args = parser.parse_args()
    pairs = _variants()
    process = None
    if args.url is None:
        process, url = _start(args.workers)
    else:
        url = args.url
    host, port = _loopback(url)
    try:
        try:
            import uvloop

            runner = uvloop.run
        except ImportError:
            runner = asyncio.run
        # Warm-up: every worker loads its data and builds its validators.
        runner(_run(host, port, pairs, 400, args.concurrency, 60))
        latencies, failures, elapsed, left = runner(
            _run(host, port, pairs, args.requests, args.concurrency, args.timeout)
        )
    finally:
        if process is not None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    done = len(latencies)
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return ordered[min(done - 1, int(q * done))] * 1000

    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} CPU, "
            f"{platform.python_implementation()} {platform.python_version()}"
        ),
        "load_average": os.getloadavg(),
        "workers": args.workers if args.url is None else None,
        "concurrency": args.concurrency,
        "requests": done,
        "not_sent": left,
        "distinct_dossiers": len(pairs),
        "elapsed_s": round(elapsed, 2),
        "requests_per_s": round(done / elapsed, 1),
        "p50_ms": round(pct(0.50), 2),
        "p90_ms": round(pct(0.90), 2),
        "p99_ms": round(pct(0.99), 2),
        "max_ms": round(ordered[-1] * 1000, 2),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2),
        "failures": failures,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "server_load.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(
        f"{done} requêtes en {elapsed:.1f} s, {args.concurrency} en parallèle : "
        f"{report['requests_per_s']} req/s ; p50 {report['p50_ms']} ms, p90 {report['p90_ms']} ms, "
        f"p99 {report['p99_ms']} ms, max {report['max_ms']} ms ; "
        f"échecs : {failures or 'aucun'} ; charge de la machine {report['load_average']}"
    )
    return 1 if failures or left else 0


if __name__ == "__main__":
    raise SystemExit(main())
