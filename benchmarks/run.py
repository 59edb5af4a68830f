"""formafin benchmarks: one command, a table, and a JSON file to compare across commits.

    python benchmarks/run.py                    # defaults: a couple of minutes
    python benchmarks/run.py --stream 1000000   # the full streaming measure
    python benchmarks/run.py --quick            # smaller sizes, for a smoke run

Method (docs/performance.md, « Méthode de mesure »):

- **Varied dossiers**: ``--distinct`` (≥ 1 000 by default) distinct dossiers generated from a
  seed (:mod:`benchmarks.dossiers`), all answered by formafin, validated before timing.
- **Paired**: every comparison alternates its two sides (A B, then B A, ...) in the same
  run, so that a neighbour's load on a shared machine weighs on both sides alike; the
  figure compared is the median of the per-pair differences or ratios.
- **Distributions**: median, p99, min and max; wall time (``perf_counter_ns``) and CPU time
  of the process (``process_time_ns``).
- **Floor**: :func:`benchmarks.floor.plan_floor`, a bare function computing the same numbers
  for the plan < 50 case, timed beside ``estimate_funding`` on the same dossiers, and checked
  equal to it on every one of them.
- **Streaming**: JSON lines in, JSON lines out through ``formafin.batch.estimate_lines``, in a
  fresh process, with throughput per CPU-second and resident memory sampled over time.
- **Start-up**: fresh interpreters, paired with a one-model pydantic program; every child
  reads compiled bytecode, as an installed package does (a cache of the benchmark's own,
  filled by one unmeasured run; the host's ``PYTHONDONTWRITEBYTECODE`` does not apply).

Not a timed test: the figures are read by people, with the target beside each one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.dossiers import generate, is_plan_only  # noqa: E402
from benchmarks.floor import compile_terms, plan_floor  # noqa: E402

EXAMPLE = ROOT / "examples" / "conseil-8-salaries-atlas.json"

TARGETS = {
    "estimate_median_us": 60,
    "stream_per_cpu_s": 4_000,
    "stream_summary_per_cpu_s": 10_000,
    "cold_added_ms": 100,
    "import_added_ms": 50,
}

# Start-up programs: each prints "wall_ns cpu_ns" of the part it times.
PYDANTIC_PROGRAM = """
import pydantic
class M(pydantic.BaseModel):
    x: int
M(x=1)
"""
FIRST_ESTIMATE_PROGRAM = """
import pathlib
from formafin import Dossier, estimate_funding
estimate_funding(Dossier.model_validate_json(pathlib.Path({path!r}).read_bytes()))
"""
IMPORT_FLOOR = """
import time
w, c = time.perf_counter_ns(), time.process_time_ns()
import pydantic
class M(pydantic.BaseModel):
    x: int
print(time.perf_counter_ns() - w, time.process_time_ns() - c)
"""
IMPORT_NAMES = """
import time
w, c = time.perf_counter_ns(), time.process_time_ns()
import pydantic
class M(pydantic.BaseModel):
    x: int
w2, c2 = time.perf_counter_ns(), time.process_time_ns()
from formafin import Dossier, estimate_funding
w3, c3 = time.perf_counter_ns(), time.process_time_ns()
print(w3 - w, c3 - c, w3 - w2, c3 - c2)
"""
STREAM_PROGRAM = """
import json, os, resource, sys, time
from formafin.batch import estimate_lines
pool = open({pool!r}, encoding="utf-8").read().splitlines()
count, every = {count}, max(1, {count} // 20)
page = os.sysconf("SC_PAGE_SIZE")
def rss_kb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * page // 1024
def lines():
    size = len(pool)
    for i in range(count):
        line = pool[i % size]
        yield '{{"id": "L' + str(i) + '", ' + line[1:]
samples = []
answered = 0
w0, c0 = time.perf_counter_ns(), time.process_time_ns()
with open(os.devnull, "wb") as out:
    for i, result in enumerate(estimate_lines(lines(), detail={detail!r}), 1):
        out.write(result)
        out.write(b"\\n")
        answered += result.startswith(b'{{"index"') and b'"error":null,' in result
        if i % every == 0:
            samples.append([i, (time.perf_counter_ns() - w0) / 1e9, rss_kb(),
                            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss])
wall, cpu = (time.perf_counter_ns() - w0) / 1e9, (time.process_time_ns() - c0) / 1e9
print(json.dumps({{"lines": count, "estimates": answered, "wall_s": wall, "cpu_s": cpu,
                  "samples": samples,
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""


def _stats(values: list[float]) -> dict[str, float]:
    """Median, p99, min, max (and the count) of ``values``."""
    ordered = sorted(values)
    return {
        "median": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
        "min": ordered[0],
        "max": ordered[-1],
        "n": len(ordered),
    }


_BYTECODE = Path(tempfile.gettempdir()) / f"formafin-bench-pycache-{os.getuid()}"


def _child_environment() -> dict[str, str]:
    """The children read compiled bytecode, as every installed package does (pip writes it
    at install time): never compiling source, whether the host sets
    ``PYTHONDONTWRITEBYTECODE`` or formafin is an editable install. Their bytecode lives in
    a cache of the benchmark's own (``PYTHONPYCACHEPREFIX``), not in the source tree, and
    :func:`_paired_children` fills it with one unmeasured run of each program."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(_BYTECODE)
    return environment


def _run_child(code: str) -> tuple[int, int, str]:
    """Run ``code`` in a fresh interpreter: (wall ns, child CPU ns, stdout)."""
    environment = _child_environment()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter_ns()
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=environment
    ).stdout
    wall = time.perf_counter_ns() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1e9
    return wall, int(cpu), out


def _paired_children(a: str, b: str, pairs: int) -> list[tuple[Any, Any]]:
    """``pairs`` runs of ``a`` and ``b``, alternating which goes first, after one
    unmeasured run of each (their bytecode written, see :func:`_child_environment`)."""
    _run_child(a)
    _run_child(b)
    results = []
    for index in range(pairs):
        if index % 2 == 0:
            first, second = _run_child(a), _run_child(b)
            results.append((first, second))
        else:
            second, first = _run_child(b), _run_child(a)
            results.append((first, second))
    return results


def measure_cold(pairs: int) -> dict[str, Any]:
    """Cold process to the first estimate vs a one-model pydantic program (whole process)."""
    runs = _paired_children(
        PYDANTIC_PROGRAM, FIRST_ESTIMATE_PROGRAM.format(path=str(EXAMPLE)), pairs
    )
    ms = 1e-6
    return {
        "pairs": pairs,
        "dossier": EXAMPLE.name,
        "pydantic_wall_ms": _stats([a[0] * ms for a, _ in runs]),
        "formafin_wall_ms": _stats([b[0] * ms for _, b in runs]),
        "added_wall_ms": _stats([(b[0] - a[0]) * ms for a, b in runs]),
        "pydantic_cpu_ms": _stats([a[1] * ms for a, _ in runs]),
        "formafin_cpu_ms": _stats([b[1] * ms for _, b in runs]),
        "added_cpu_ms": _stats([(b[1] - a[1]) * ms for a, b in runs]),
    }


def measure_import(pairs: int) -> dict[str, Any]:
    """``from formafin import Dossier, estimate_funding`` vs the pydantic floor, paired."""
    runs = _paired_children(IMPORT_FLOOR, IMPORT_NAMES, pairs)
    ms = 1e-6
    floor = [[int(x) for x in a[2].split()] for a, _ in runs]
    names = [[int(x) for x in b[2].split()] for _, b in runs]
    return {
        "pairs": pairs,
        "pydantic_wall_ms": _stats([f[0] * ms for f in floor]),
        "with_names_wall_ms": _stats([n[0] * ms for n in names]),
        "added_wall_ms": _stats([(n[0] - f[0]) * ms for f, n in zip(floor, names, strict=True)]),
        "added_cpu_ms": _stats([(n[1] - f[1]) * ms for f, n in zip(floor, names, strict=True)]),
        "names_alone_wall_ms": _stats([n[2] * ms for n in names]),
        "names_alone_cpu_ms": _stats([n[3] * ms for n in names]),
    }


def _timer_overhead_ns(runs: int = 2000) -> dict[str, float]:
    """What the two clock reads around an empty call cost (included in every sample)."""
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter_ns(), time.process_time_ns()
        w2, c2 = time.perf_counter_ns(), time.process_time_ns()
        walls.append(w2 - w)
        cpus.append(c2 - c)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus)}


def measure_estimates(raws: list[dict[str, Any]], rounds: int, seed: int) -> dict[str, Any]:
    """``estimate_funding`` on every distinct dossier; paired with the floor on the plan-only
    ones (floor then formafin, then formafin then floor, ...)."""
    from formafin import Dossier, estimate_funding
    from formafin.result import CostCategory

    dossiers = [Dossier.model_validate(raw) for raw in raws]
    plan_only = [i for i, raw in enumerate(raws) if is_plan_only(raw)]
    terms = {i: compile_terms(dossiers[i]) for i in plan_only}
    categories = (CostCategory.PEDAGOGICAL, CostCategory.SALARY, CostCategory.ANNEX)
    # The floor must compute formafin's numbers, or its time means nothing.
    funded = {i for i, d in enumerate(dossiers) if estimate_funding(d).total_funded > 0}
    agree = 0
    paying = 0
    for i in plan_only:
        estimate = estimate_funding(dossiers[i])
        expected = tuple(
            sum((line.amount for line in estimate.lines if line.category is c), 0)
            for c in categories
        )
        got = plan_floor(dossiers[i], terms[i])
        agree += got == expected
        paying += any(got)
    wall: list[float] = []
    cpu: list[float] = []
    floor_wall: list[float] = []
    floor_cpu: list[float] = []
    plan_wall: list[float] = []
    ratios: list[float] = []
    funded_wall: list[float] = []
    unfunded_wall: list[float] = []
    read_cpu: list[float] = []
    summary_cpu: list[float] = []
    order = list(range(len(dossiers)))
    rng = random.Random(seed)
    plan_set = set(plan_only)
    perf, proc = time.perf_counter_ns, time.process_time_ns
    for round_ in range(rounds):
        rng.shuffle(order)
        for position, i in enumerate(order):
            dossier = dossiers[i]
            floor_first = (round_ + position) % 2 == 0
            if i in plan_set and floor_first:
                w, c = perf(), proc()
                plan_floor(dossier, terms[i])
                fw, fc = perf() - w, proc() - c
            w, c = perf(), proc()
            estimate_funding(dossier)
            ew, ec = perf() - w, proc() - c
            if i in plan_set and not floor_first:
                w, c = perf(), proc()
                plan_floor(dossier, terms[i])
                fw, fc = perf() - w, proc() - c
            # The same dossier again, every explanatory field read (words rendered), and
            # in summary form (numbers and codes).
            c = proc()
            estimate = estimate_funding(dossier)
            estimate.lines, estimate.decisions, estimate.categories  # noqa: B018
            estimate.aids, estimate.warnings  # noqa: B018
            read_cpu.append((proc() - c) / 1e3)
            c = proc()
            estimate_funding(dossier, detail="summary")
            summary_cpu.append((proc() - c) / 1e3)
            wall.append(ew / 1e3)
            cpu.append(ec / 1e3)
            (funded_wall if i in funded else unfunded_wall).append(ew / 1e3)
            if i in plan_set:
                floor_wall.append(fw / 1e3)
                floor_cpu.append(fc / 1e3)
                plan_wall.append(ew / 1e3)
                ratios.append(ew / max(fw, 1))
    return {
        "dossiers": len(dossiers),
        "rounds": rounds,
        "timer_overhead_ns": _timer_overhead_ns(),
        "estimate_wall_us": _stats(wall),
        "estimate_cpu_us": _stats(cpu),
        "estimate_read_cpu_us": _stats(read_cpu),
        "summary_cpu_us": _stats(summary_cpu),
        "funded_dossiers": len(funded),
        "funded_wall_us": _stats(funded_wall),
        "unfunded_wall_us": _stats(unfunded_wall or [0.0]),
        "plan_only": {
            "dossiers": len(plan_only),
            "plan_pays": paying,
            "floor_agrees": agree,
            "estimate_wall_us": _stats(plan_wall),
            "floor_wall_us": _stats(floor_wall),
            "floor_cpu_us": _stats(floor_cpu),
            "ratio_estimate_over_floor": _stats(ratios),
        },
    }


def measure_stream(raws: list[dict[str, Any]], count: int, detail: str = "full") -> dict[str, Any]:
    """JSON lines in → JSON lines out (UTF-8 bytes, as ``formafin batch`` and ``POST
    /v1/batch`` write them) through ``estimate_lines`` in a fresh process: the
    distinct dossiers cycled ``count`` times, each line with its own id; ``detail`` is
    ``"full"`` (the whole result) or ``"summary"`` (numbers and codes)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for raw in raws:
            f.write(json.dumps(raw, ensure_ascii=False, separators=(", ", ": ")) + "\n")
        pool = f.name
    try:
        _, _, out = _run_child(STREAM_PROGRAM.format(pool=pool, count=count, detail=detail))
    finally:
        os.unlink(pool)
    figures: dict[str, Any] = json.loads(out)
    figures["per_cpu_s"] = figures["lines"] / figures["cpu_s"]
    figures["per_wall_s"] = figures["lines"] / figures["wall_s"]
    samples = figures["samples"]
    if samples:
        first = samples[0][2]
        figures["rss_first_sample_kb"] = first
        figures["rss_last_sample_kb"] = samples[-1][2]
        figures["rss_growth_kb"] = max(s[2] for s in samples) - first
        # The caches of derived answers fill up first (bounded): the second half says
        # whether memory still grows once they are full.
        middle = samples[len(samples) // 2 - 1][2]
        figures["rss_second_half_growth_kb"] = max(s[2] for s in samples) - middle
    return figures


def machine() -> dict[str, Any]:
    """Where and when: CPU, cores, load (other agents share this machine), versions, and
    which build of formafin ran (pure Python or compiled with mypyc)."""
    import pydantic

    from formafin import compiled

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "pydantic": pydantic.VERSION,
        "formafin_build": "compiled (mypyc)" if compiled() else "pure Python",
        "bytecode": f"cached (PYTHONPYCACHEPREFIX={_BYTECODE}, one warm-up run)",
        "platform": platform.platform(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def measure(
    *, distinct: int, rounds: int, stream: int, pairs: int, seed: int, progress: bool = True
) -> dict[str, Any]:
    """Run every measure; return the figures with the targets."""

    def say(text: str) -> None:
        if progress:
            print(text, file=sys.stderr, flush=True)

    results: dict[str, Any] = {"machine_before": machine(), "seed": seed, "targets": TARGETS}
    say(f"generating {distinct} distinct dossiers (seed {seed}, not timed)…")
    raws = list(generate(distinct, seed))
    say(f"estimate_funding × {distinct} × {rounds} rounds, paired with the floor…")
    results["estimates"] = measure_estimates(raws, rounds, seed)
    if stream:
        say(f"streaming {stream:,} JSON lines through estimate_lines…")
        results["stream"] = measure_stream(raws, stream)
        say(f"streaming {stream:,} JSON lines, detail='summary'…")
        results["stream_summary"] = measure_stream(raws, stream, "summary")
    if pairs:
        say(f"cold processes, {pairs} pairs…")
        results["cold"] = measure_cold(pairs)
        say(f"imports, {pairs} pairs…")
        results["import"] = measure_import(pairs)
    results["machine"] = machine()
    return results


def _row(label: str, value: str, target: str = "") -> str:
    return f"{label:<62} {value:>34}  {target}".rstrip()


def _dist(stats: dict[str, float], unit: str, digits: int = 1) -> str:
    return (
        f"{stats['median']:.{digits}f} (p99 {stats['p99']:.{digits}f}, "
        f"{stats['min']:.{digits}f}–{stats['max']:.{digits}f}) {unit}"
    )


def render(results: dict[str, Any]) -> str:
    """The table people read: median (p99, min–max)."""
    est = results["estimates"]
    plan = est["plan_only"]
    t = results["targets"]
    lines = [
        _row("measure", "median (p99, min–max)", "target"),
        "-" * 110,
        _row(
            f"estimate_funding, {est['dossiers']} distinct dossiers × {est['rounds']}, wall",
            _dist(est["estimate_wall_us"], "µs"),
            f"≤ {t['estimate_median_us']} µs",
        ),
        _row("  same, CPU time", _dist(est["estimate_cpu_us"], "µs")),
        _row(
            "  same, then every explanatory field read (words built), CPU",
            _dist(est["estimate_read_cpu_us"], "µs"),
        ),
        _row("  detail='summary', CPU", _dist(est["summary_cpu_us"], "µs")),
        _row(
            f"  dossiers where something is funded ({est['funded_dossiers']}), wall",
            _dist(est["funded_wall_us"], "µs"),
        ),
        _row("  dossiers where nothing is funded, wall", _dist(est["unfunded_wall_us"], "µs")),
        _row(
            f"plan-only dossiers ({plan['dossiers']}, plan pays {plan['plan_pays']}): formafin",
            _dist(plan["estimate_wall_us"], "µs"),
        ),
        _row("  bare-function floor, paired, wall", _dist(plan["floor_wall_us"], "µs", 2)),
        _row("  floor, CPU time", _dist(plan["floor_cpu_us"], "µs", 2)),
        _row("  ratio formafin / floor, per pair", _dist(plan["ratio_estimate_over_floor"], "×")),
        _row(
            "  floor equals formafin's amounts on",
            f"{plan['floor_agrees']} / {plan['dossiers']} dossiers",
            "" if plan["floor_agrees"] == plan["dossiers"] else "✘ floor wrong: figure void",
        ),
        _row(
            "  timer overhead per sample (wall / CPU)",
            f"{est['timer_overhead_ns']['wall']:.0f} / {est['timer_overhead_ns']['cpu']:.0f} ns",
        ),
    ]
    if "stream" in results:
        s = results["stream"]
        lines += [
            _row(
                f"stream {s['lines']:,} JSON lines → JSON lines, 1 process",
                f"{s['per_cpu_s']:,.0f} /CPU-s ({s['per_wall_s']:,.0f} /s wall)",
                f"≥ {t['stream_per_cpu_s']:,} /s/core",
            ),
            _row(
                "  resident memory at 5 % → at the end (growth); peak",
                f"{s['rss_first_sample_kb'] / 1024:.1f} → {s['rss_last_sample_kb'] / 1024:.1f} MB "
                f"(+{s['rss_growth_kb'] / 1024:.1f}); {s['peak_rss_kb'] / 1024:.1f} MB",
                "flat",
            ),
        ]
        if "rss_second_half_growth_kb" in s:
            lines.append(
                _row(
                    "  resident memory growth over the second half",
                    f"+{s['rss_second_half_growth_kb'] / 1024:.1f} MB",
                    "flat",
                )
            )
    if "stream_summary" in results:
        s = results["stream_summary"]
        lines.append(
            _row(
                f"stream {s['lines']:,} lines, detail='summary', 1 process",
                f"{s['per_cpu_s']:,.0f} /CPU-s ({s['per_wall_s']:,.0f} /s wall)",
                f"≥ {t['stream_summary_per_cpu_s']:,} /s/core",
            )
        )
    if "cold" in results:
        c = results["cold"]
        i = results["import"]
        lines += [
            _row(
                f"cold process: one-model pydantic program ({c['pairs']} pairs)",
                _dist(c["pydantic_wall_ms"], "ms"),
            ),
            _row("cold process: to the first estimate", _dist(c["formafin_wall_ms"], "ms")),
            _row(
                "  added, per pair (wall)",
                _dist(c["added_wall_ms"], "ms"),
                f"≤ +{t['cold_added_ms']} ms",
            ),
            _row("  added, per pair (CPU)", _dist(c["added_cpu_ms"], "ms")),
            _row("import pydantic + one model (in process)", _dist(i["pydantic_wall_ms"], "ms")),
            _row(
                "  + from formafin import Dossier, estimate_funding, per pair",
                _dist(i["added_wall_ms"], "ms"),
                f"≤ +{t['import_added_ms']} ms",
            ),
            _row("    same, CPU", _dist(i["added_cpu_ms"], "ms")),
            _row("    the import alone, after pydantic", _dist(i["names_alone_wall_ms"], "ms")),
        ]
    m = results["machine"]
    if est["dossiers"] < 1000:
        lines.append(f"(only {est['dossiers']} distinct dossiers: 1 000 or more are meant)")
    lines += [
        "",
        f"formafin {m['formafin_build']}; {m['cpu']}, {m['cores']} cores, "
        f"Python {m['python']}, pydantic {m['pydantic']}, {m['measured_at']}; load average before "
        f"{', '.join(f'{x:.1f}' for x in results['machine_before']['load_average'])}, after "
        f"{', '.join(f'{x:.1f}' for x in m['load_average'])}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run, print the table, write the JSON file."""
    parser = argparse.ArgumentParser(
        description="formafin benchmarks (paired, varied dossiers, streaming)."
    )
    parser.add_argument("--distinct", type=int, default=1000, help="distinct dossiers (1000)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over them (3)")
    parser.add_argument(
        "--stream", type=int, default=20_000, help="JSON lines streamed (20000; 0: skip)"
    )
    parser.add_argument(
        "--pairs", type=int, default=10, help="paired fresh-process runs (10; 0: skip)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed of the dossiers (2026)")
    parser.add_argument(
        "--quick", action="store_true", help="1 round, 5 000 lines streamed, 4 pairs"
    )
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.stream, args.pairs = 1, min(args.stream, 5_000), min(args.pairs, 4)
    results = measure(
        distinct=args.distinct,
        rounds=args.rounds,
        stream=args.stream,
        pairs=args.pairs,
        seed=args.seed,
    )
    print(render(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nJSON written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
