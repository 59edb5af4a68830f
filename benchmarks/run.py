"""formafin benchmarks: one command, a table, and a JSON file to compare across commits.

    python benchmarks/run.py           # prints the table, writes benchmarks/results/latest.json
    python benchmarks/run.py --quick   # fewer repetitions

Measured with ``time.perf_counter`` in fresh subprocesses for start-up figures (cold import,
first estimate, first OPCO resolution) and in-process for warm figures. Not a timed test: the
figures are read by people, with the target beside each one.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

FLOOR = """
import time
t = time.perf_counter()
import pydantic
class M(pydantic.BaseModel):
    x: int
print(time.perf_counter() - t)
"""
IMPORT = """
import time
t = time.perf_counter()
import pydantic
class M(pydantic.BaseModel):
    x: int
import formafin
print(time.perf_counter() - t)
"""
IMPORT_USED = """
import time
t = time.perf_counter()
import pydantic
class M(pydantic.BaseModel):
    x: int
from formafin import Dossier, estimate_funding
print(time.perf_counter() - t)
"""
FIRST_ESTIMATE = """
import time, pathlib
from formafin import Dossier, estimate_funding
d = Dossier.model_validate_json(pathlib.Path({path!r}).read_text())
t = time.perf_counter()
estimate_funding(d)
print(time.perf_counter() - t)
"""
STREAM_MEMORY = """
import json, resource, sys, time
from pathlib import Path
from formafin.batch import estimate_many
paths = sorted(Path({examples!r}).glob("*.json"))
examples = [json.dumps(json.loads(p.read_text())) for p in paths]
count = {count}
def lines():
    for i in range(count):
        yield examples[i % len(examples)]
samples = []
t = time.perf_counter()
for i, _ in enumerate(estimate_many(lines(), as_json=True, processes={processes})):
    if i % max(1, count // 10) == 0:
        samples.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
elapsed = time.perf_counter() - t
print(json.dumps({{"peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "children_peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "samples_kb": samples, "seconds": elapsed}}))
"""
FIRST_RESOLUTION = """
import time
from formafin import resolve_opco
t = time.perf_counter()
resolve_opco("1486")
print(time.perf_counter() - t)
"""


def _subprocess_seconds(code: str, runs: int) -> list[float]:
    values = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
        values.append(float(out.strip().splitlines()[-1]))
    return values


def _timed(func: Callable[[], object], runs: int) -> list[float]:
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        values.append(time.perf_counter() - start)
    return values


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def measure(quick: bool, stream_count: int = 100_000) -> dict[str, Any]:
    """Run every measure; return the figures (seconds) with their targets."""
    from formafin import Dossier, estimate_funding, resolve_opco

    cold_runs = 5 if quick else 15
    warm_runs = 300 if quick else 3000
    floor = statistics.median(_subprocess_seconds(FLOOR, cold_runs))
    with_formafin = statistics.median(_subprocess_seconds(IMPORT, cold_runs))
    with_names = statistics.median(_subprocess_seconds(IMPORT_USED, cold_runs))
    example = EXAMPLES / "conseil-8-salaries-atlas.json"
    first = statistics.median(
        _subprocess_seconds(FIRST_ESTIMATE.format(path=str(example)), cold_runs)
    )
    first_resolution = statistics.median(_subprocess_seconds(FIRST_RESOLUTION, cold_runs))
    results: dict[str, Any] = {
        "import_floor_pydantic_s": floor,
        "import_with_formafin_s": with_formafin,
        "import_added_by_formafin_s": with_formafin - floor,
        "import_names_added_s": with_names - floor,
        "first_estimate_s": first,
        "first_opco_resolution_s": first_resolution,
        "examples": {},
    }
    resolve_opco("1486")
    warm_resolution = _timed(lambda: resolve_opco("1486"), warm_runs)
    results["warm_opco_resolution_median_s"] = statistics.median(warm_resolution)
    for path in sorted(EXAMPLES.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        dossier = Dossier.model_validate_json(text)
        estimate_funding(dossier)
        times = _timed(lambda d=dossier: estimate_funding(d), warm_runs)
        parse = _timed(lambda t=text: Dossier.model_validate_json(t), warm_runs)
        results["examples"][path.name] = {
            "estimate_median_s": statistics.median(times),
            "estimate_p99_s": _p99(times),
            "validate_json_median_s": statistics.median(parse),
        }
    from formafin.batch import estimate_many

    lines = [
        json.dumps(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(EXAMPLES.glob("*.json"))
    ]
    batch = lines * (200 if quick else 2000)
    for processes in (1, 2):
        start = time.perf_counter()
        for _ in estimate_many(batch, as_json=True, processes=processes):
            pass
        elapsed = time.perf_counter() - start
        results[f"batch_{processes}_process_per_s"] = len(batch) / elapsed
    results["batch_per_core_per_s"] = results["batch_1_process_per_s"]
    count = 20_000 if quick else stream_count
    code = STREAM_MEMORY.format(examples=str(EXAMPLES), count=count, processes=1)
    memory = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
    )
    results["stream"] = {"dossiers": count, **memory}
    results["targets"] = {
        "import_added_by_formafin_s": 0.050,
        "estimate_median_s": 25e-6,
        "batch_per_core_per_s": 20_000,
        "stream_peak_mb": 100,
    }
    return results


def _fmt(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:8.2f} ms"
    return f"{seconds * 1e6:8.1f} µs"


def render(results: dict[str, Any]) -> str:
    """The table people read."""
    target = results["targets"]
    lines = [
        f"{'measure':<52} {'value':>11}  target",
        "-" * 76,
        f"{'cold import: pydantic + one model (floor)':<52} "
        f"{_fmt(results['import_floor_pydantic_s'])}",
        f"{'cold import: the same + import formafin':<52} "
        f"{_fmt(results['import_with_formafin_s'])}",
        f"{'  added by formafin':<52} {_fmt(results['import_added_by_formafin_s'])}"
        f"  ≤ {_fmt(target['import_added_by_formafin_s']).strip()}",
        f"{'  from formafin import Dossier, estimate_funding':<52} "
        f"{_fmt(results['import_names_added_s'])}",
        f"{'first estimate after import (data loading included)':<52} "
        f"{_fmt(results['first_estimate_s'])}",
        f"{'first OPCO resolution (IDCC table load)':<52} "
        f"{_fmt(results['first_opco_resolution_s'])}",
        f"{'warm OPCO resolution, median':<52} {_fmt(results['warm_opco_resolution_median_s'])}",
    ]
    lines.append(
        f"{'batch from JSON lines, 1 process (validate + estimate)':<52} "
        f"{results['batch_1_process_per_s']:>8.0f} /s  "
        f"≥ {target['batch_per_core_per_s']:,} /s per core"
    )
    lines.append(
        f"{'batch from JSON lines, process pool of 2':<52} "
        f"{results['batch_2_process_per_s']:>8.0f} /s"
    )
    stream = results["stream"]
    lines.append(
        f"{'peak memory streaming ' + format(stream['dossiers'], ',') + ' dossiers':<52} "
        f"{stream['peak_kb'] / 1024:>8.1f} MB  ≤ {target['stream_peak_mb']} MB "
        f"(samples: {', '.join(f'{k / 1024:.0f}' for k in stream['samples_kb'])} MB)"
    )
    for name, figures in results["examples"].items():
        lines.append(f"{name}")
        lines.append(
            f"{'  estimate_funding, median':<52} {_fmt(figures['estimate_median_s'])}"
            f"  ≤ {_fmt(target['estimate_median_s']).strip()}"
        )
        lines.append(f"{'  estimate_funding, p99':<52} {_fmt(figures['estimate_p99_s'])}")
        lines.append(
            f"{'  Dossier.model_validate_json, median':<52} "
            f"{_fmt(figures['validate_json_median_s'])}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run, print, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--stream", type=int, default=100_000, help="dossiers streamed for the memory measure"
    )
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json"
    )
    args = parser.parse_args(argv)
    results = measure(args.quick, args.stream)
    results["machine"] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print(render(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nJSON written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
