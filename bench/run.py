"""``make bench``: llmkit against the raw-httpx floor, interleaved, as ratios to the floor.

Starts ``bench/server.py`` in its own process, then for each round runs every workload once per
implementation, each in a fresh client process (``bench/clients.py``), alternating which goes
first. Ratios are taken within a round (llmkit's run over the floor's run beside it), and the
table gives their median over the rounds with the lowest and highest as the spread.

Workloads (the scenarios of issue #6):

* ``stream``: one 20,000-chunk stream: client CPU and wall time.
* ``responses``: the same, as a Responses API stream (``openai-responses``; typed events).
* ``gemini``: one 20,000-event Gemini ``streamGenerateContent`` stream (10 % thought parts, CRLF
  framing) through the native ``google`` adapter: client CPU and wall (no openai SDK column).
* ``concurrent``: 500 concurrent streams x 200 chunks on one client: CPU, wall, peak RSS.
* ``sequential``: 200 sequential 5-chunk requests (40 % reasoning): CPU per request, time to
  first chunk.
* ``import``: cold ``import llmkit`` (a fresh interpreter each time) against
  ``import httpx, httpx_sse, pydantic``.
* ``coldstart``: a whole fresh process (``bench/coldstart.py``) that imports, makes a client,
  streams one 5-chunk answer and exits, against the same with the bare dependencies and raw
  httpx: the process's wall and CPU (``getrusage(RUSAGE_CHILDREN)``), start-up included.

A ``--variant`` that lacks a workload's provider (an older llmkit) gets an empty cell there and a
note; the floor or the project's llmkit failing stops the run.

Options: ``--quick`` (fewer rounds, smaller loads: a smoke run), ``--rounds N``, ``--only
stream,import``, ``--llmkit-path PATH`` (measure the llmkit found there rather than the
project's), ``--variant NAME=PATH`` (an extra llmkit column imported from PATH: an
experimental copy of the package, measured in the same interleaved rounds), ``--no-openai``.
The table is printed and written to ``bench/results/`` (Markdown and the raw JSON).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"


@dataclass
class Config:
    rounds: int
    stream_chunks: int = 20_000
    concurrent_streams: int = 500
    concurrent_chunks: int = 200
    sequential_requests: int = 200
    sequential_chunks: int = 5
    sequential_reasoning_percent: int = 40
    import_samples: int = 10
    """Fresh interpreters per implementation per round for the import figure."""
    coldstart_samples: int = 10
    """Whole cold-start processes per implementation per round, interleaved."""


@dataclass
class Impl:
    name: str
    kind: str
    """``floor``, ``llmkit`` or ``openai``: which client in clients.py."""
    pythonpath: str | None = None
    variant: bool = False
    """An extra column: a failure (a provider it lacks) leaves its cell empty instead of stopping."""
    results: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


IMPORT_SNIPPET = (
    "import time\n"
    "c0 = time.process_time(); t0 = time.perf_counter()\n"
    "{statement}\n"
    "t1 = time.perf_counter(); c1 = time.process_time()\n"
    "print(t1 - t0, c1 - c0)\n"
)

# What each implementation imports for the import figures; the floor is the bare dependencies.
IMPORT_FLOOR = "import httpx, httpx_sse, pydantic"
IMPORT_FLOOR_FALLBACK = "import httpx, pydantic"
# The least any library of pydantic models pays on top: ``import pydantic`` alone is lazy and
# loads neither ``BaseModel`` nor ``pydantic.fields``; defining one model loads both.
IMPORT_ONE_MODEL = (
    "\nfrom pydantic import BaseModel, ConfigDict\n"
    "class M(BaseModel):\n    model_config = ConfigDict(defer_build=True)\n    a: int = 0"
)
# Per implementation: the literal import; what the README's first line loads; and "ready to
# stream": imported and a client made (the floor makes an httpx.AsyncClient). A package that
# loads lazily can make the first figure small; the last one it cannot.
IMPORTS = {
    "llmkit": (
        "import llmkit",
        "from llmkit import create_api_handler, TextChunk",
        "import llmkit; llmkit.create_api_handler(api_provider='openai', api_key='k', model_name='m')",
    ),
    "openai": ("import openai", "from openai import AsyncOpenAI", "import openai; openai.AsyncOpenAI(api_key='k')"),
}
READY_FLOOR = "; import httpx; httpx.AsyncClient()"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def child_env(impl: Impl) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if impl.pythonpath:
        env["PYTHONPATH"] = impl.pythonpath
    # Cold means a fresh interpreter, not a fresh checkout: bytecode must be written and reused.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def pin(cpu: int | None) -> None:
    """Pin the calling process to one core (clients on one, the server on the other)."""
    if cpu is not None and hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {cpu})


class Server:
    """The loopback server in its own process; it stops when we close its stdin."""

    def __init__(self, scenarios: list[str], cpu: int | None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(BENCH / "server.py"), "--prerender", *scenarios],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=(lambda: pin(cpu)) if cpu is not None else None,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("PORT "):
            self.close()
            raise SystemExit(f"the bench server did not start: {line!r}")
        self.base = f"http://127.0.0.1:{int(line.split()[1])}"

    def url(self, scenario: str) -> str:
        return f"{self.base}/{scenario}"

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class ClientFailed(Exception):
    pass


def run_client(impl: Impl, workload: str, args: list[str], cpu: int | None) -> dict[str, Any]:
    command = [sys.executable, str(BENCH / "clients.py"), impl.kind, workload, *args]
    done = subprocess.run(
        command,
        env=child_env(impl),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        preexec_fn=(lambda: pin(cpu)) if cpu is not None else None,
    )
    if done.returncode != 0:
        raise ClientFailed(f"{impl.name} {workload} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def time_process(impl: Impl, command: list[str], cpu: int | None) -> tuple[float, float, str]:
    """Wall and CPU (user + system) of one whole child process, and its last line of output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=BENCH,  # not the project root, where ./llmkit would shadow PYTHONPATH
        env=child_env(impl),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=(lambda: pin(cpu)) if cpu is not None else None,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise ClientFailed(f"{impl.name}: {' '.join(command[1:])} failed:\n{done.stderr[-3000:]}")
    cpu_time = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stdout.strip().splitlines()
    return wall, cpu_time, lines[-1] if lines else ""


def measure_coldstart(impls: list[Impl], url: str, samples: int, cpu: int | None) -> dict[str, dict[str, Any]]:
    """``samples`` whole cold-start processes per implementation, interleaved sample by sample.

    The floor also times a bare interpreter (``python -c pass``), the start-up both sides pay.
    Returns each implementation's medians and samples, or ``{"failed": why}``.
    """
    runs: dict[str, list[tuple[float, float]]] = {impl.name: [] for impl in impls}
    startup: list[tuple[float, float]] = []
    received: dict[str, dict[str, Any]] = {}
    failed: dict[str, str] = {}
    bare = [sys.executable, "-c", "pass"]
    for impl in impls:  # untimed: writes any missing .pyc (a fresh checkout has none)
        try:
            time_process(impl, [sys.executable, str(BENCH / "coldstart.py"), impl.kind, url], cpu)
        except ClientFailed as error:
            failed[impl.name] = str(error)
    for sample in range(samples):
        for impl in impls if sample % 2 == 0 else impls[::-1]:
            if impl.name in failed:
                continue
            command = [sys.executable, str(BENCH / "coldstart.py"), impl.kind, url]
            wall, cpu_time, line = time_process(impl, command, cpu)
            runs[impl.name].append((wall, cpu_time))
            received[impl.name] = json.loads(line)
            if impl.kind == "floor":
                wall, cpu_time, _ = time_process(impl, bare, cpu)
                startup.append((wall, cpu_time))
    results: dict[str, dict[str, Any]] = {}
    for impl in impls:
        if impl.name in failed:
            results[impl.name] = {"failed": failed[impl.name]}
            continue
        result: dict[str, Any] = {
            "wall": statistics.median(w for w, _ in runs[impl.name]),
            "cpu": statistics.median(c for _, c in runs[impl.name]),
            "samples": [{"wall": w, "cpu": c} for w, c in runs[impl.name]],
            **received[impl.name],
        }
        if impl.kind == "floor":
            result["startup_wall"] = statistics.median(w for w, _ in startup)
            result["startup_cpu"] = statistics.median(c for _, c in startup)
        results[impl.name] = result
    return results


def time_import(impl: Impl, statement: str, cpu: int | None) -> dict[str, float]:
    """A fresh interpreter's wall and CPU time for ``statement`` alone (start-up excluded)."""
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_SNIPPET.format(statement=statement)],
        cwd=BENCH,  # not the project root, where `-c` would find ./llmkit before PYTHONPATH
        env=child_env(impl),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=(lambda: pin(cpu)) if cpu is not None else None,
    )
    if done.returncode != 0:
        raise SystemExit(f"{statement!r} failed:\n{done.stderr[-3000:]}")
    wall, cpu_time = map(float, done.stdout.split())
    return {"wall": wall, "cpu": cpu_time}


def have(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def ensure_httpx_sse(install: bool) -> bool:
    """The import baseline names httpx-sse; install it into this environment when missing."""
    if have("httpx_sse"):
        return True
    if install:
        log("installing httpx-sse for the import baseline (pass --no-install to skip) ...")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "httpx-sse"],
            check=False,
        )
        importlib.invalidate_caches()
    return have("httpx_sse")


WORKLOADS = ("stream", "responses", "gemini", "concurrent", "sequential", "import", "coldstart")
NO_OPENAI = ("gemini", "coldstart")

# -- the table ---------------------------------------------------------------------------------

# (workload, metric key, label, target ratio or None); labels are filled from the Config.
ROWS: list[tuple[str, str, str, float | None]] = [
    ("stream", "cpu", "{stream_chunks:,}-chunk stream: client CPU", 1.3),
    ("stream", "wall", "{stream_chunks:,}-chunk stream: wall", None),
    ("responses", "cpu", "{stream_chunks:,}-delta Responses stream: client CPU", 1.3),
    ("responses", "wall", "{stream_chunks:,}-delta Responses stream: wall", None),
    ("gemini", "cpu", "{stream_chunks:,}-event Gemini stream: client CPU", 1.3),
    ("gemini", "wall", "{stream_chunks:,}-event Gemini stream: wall", None),
    ("concurrent", "cpu", "{concurrent_streams} x {concurrent_chunks} concurrent: client CPU", 1.3),
    ("concurrent", "maxrss_kib", "{concurrent_streams} x {concurrent_chunks} concurrent: peak RSS", 1.2),
    ("concurrent", "wall", "{concurrent_streams} x {concurrent_chunks} concurrent: wall", None),
    ("sequential", "cpu", "{sequential_requests} sequential {sequential_chunks}-chunk requests: CPU per request", 1.2),
    ("sequential", "ttfc_median", "{sequential_requests} sequential requests: time to first chunk", None),
    ("import", "wall", "cold `import llmkit` (wall)", 1.3),
    ("import", "cpu", "cold `import llmkit` (CPU)", None),
    ("import", "use_wall", "cold `from llmkit import create_api_handler, TextChunk` (wall)", None),
    ("import", "ready_wall", "cold import + create a handler (floor: + `httpx.AsyncClient()`) (wall)", None),
    ("import", "model_wall", "reference: the deps + one pydantic model (wall)", None),
    ("coldstart", "wall", "cold start, whole process: import, handler, {sequential_chunks}-chunk stream (wall)", 1.3),
    ("coldstart", "cpu", "cold start: whole process (CPU)", 1.3),
    ("coldstart", "startup_cpu", "reference: a bare interpreter, `python -c pass` (CPU)", None),
]


def absolute(workload: str, metric: str, value: float, cfg: Config) -> str:
    if metric == "maxrss_kib":
        return f"{value / 1024:.1f} MiB"
    if workload in ("stream", "responses", "gemini") and metric == "cpu":
        return f"{value * 1e3:.0f} ms ({value / cfg.stream_chunks * 1e6:.1f} µs/chunk)"
    if workload == "concurrent" and metric == "cpu":
        chunks = cfg.concurrent_streams * cfg.concurrent_chunks
        return f"{value * 1e3:.0f} ms ({value / chunks * 1e6:.1f} µs/chunk)"
    if workload == "sequential" and metric == "cpu":
        return f"{value / cfg.sequential_requests * 1e6:.0f} µs/request"
    if metric == "ttfc_median":
        return f"{value * 1e6:.0f} µs"
    return f"{value * 1e3:.1f} ms" if value < 10 else f"{value:.1f} s"


def summarise(impls: list[Impl], cfg: Config, notes: list[str]) -> tuple[str, list[dict[str, Any]]]:
    floor = impls[0]
    others = impls[1:]
    header = "| figure | floor (median) | " + " | ".join(
        f"{impl.name} ratio: median [min–max] | {impl.name} (median)" for impl in others
    )
    header += " | target |"
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    rows = []
    for workload, metric, label, target in ROWS:
        label = label.format(**cfg.__dict__)
        floor_runs = floor.results.get(workload, [])
        base = [r[metric] for r in floor_runs if r.get(metric) is not None]
        if not base:
            continue
        cells = [label, absolute(workload, metric, statistics.median(base), cfg)]
        row: dict[str, Any] = {"figure": label, "floor": statistics.median(base), "target": target}
        reference = {"model_wall": "wall", "startup_cpu": "cpu"}.get(metric)
        if reference is not None:
            # A floor-side reference: the share of the floor's own figure it accounts for.
            ratios = [r[metric] / r[reference] for r in floor_runs if r.get(metric) is not None]
            cells[1] += f" = {statistics.median(ratios):.2f}× the floor's"
            lines.append("| " + " | ".join(cells + ["", ""] * len(others) + [""]) + " |")
            rows.append({**row, "ratio_to_floor": statistics.median(ratios)})
            continue
        for impl in others:
            # Rounds pair up by position: every implementation appends one result per round it ran.
            pairs = [
                (r[metric], b[metric])
                for r, b in zip(impl.results.get(workload, []), floor_runs, strict=False)
                if r.get(metric) is not None and b.get(metric)
            ]
            values = [v for v, _ in pairs]
            ratios = [v / b for v, b in pairs]
            if not ratios:
                cells += ["–", "–"]
                continue
            med = statistics.median(ratios)
            mark = ""
            if target is not None and impl.kind == "llmkit":
                mark = " ✓" if med <= target else " ✗"
            cells.append(f"{med:.2f}× [{min(ratios):.2f}–{max(ratios):.2f}]{mark}")
            cells.append(absolute(workload, metric, statistics.median(values), cfg))
            row[impl.name] = {"median": med, "min": min(ratios), "max": max(ratios), "rounds": len(ratios)}
        cells.append(f"≤ {target}×" if target is not None else "")
        lines.append("| " + " | ".join(cells) + " |")
        rows.append(row)
    table = "\n".join(lines)
    text = "\n".join(
        [
            f"llmkit bench, {dt.datetime.now().isoformat(timespec='seconds')}, {cfg.rounds} interleaved rounds",
            f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
            f"{platform.machine()}; ratios are per-round (implementation / floor of the same round)",
            *notes,
            "",
            table,
            "",
        ]
    )
    return text, rows


# -- the run -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description="llmkit vs. the raw-httpx floor, interleaved (see docstring).")
    parser.add_argument("--quick", action="store_true", help="3 rounds of smaller loads: a smoke run")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 7, --quick 3)")
    parser.add_argument("--only", help="comma-separated workloads: " + ",".join(WORKLOADS))
    parser.add_argument("--llmkit-path", help="import the llmkit column from PATH instead of the project")
    parser.add_argument("--variant", action="append", default=[], help="NAME=PATH: another llmkit from PATH")
    parser.add_argument("--no-openai", action="store_true", help="leave the openai SDK out even if installed")
    parser.add_argument("--no-install", action="store_true", help="do not pip-install httpx-sse if missing")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the server and clients to cores")
    parser.add_argument("--out", type=Path, help="results file (default bench/results/bench-<time>.md)")
    args = parser.parse_args()

    cfg = Config(rounds=args.rounds or (3 if args.quick else 7))
    if args.quick:
        cfg.stream_chunks = 5_000
        cfg.concurrent_streams = 100
        cfg.sequential_requests = 50
        cfg.import_samples = 5
        cfg.coldstart_samples = 5
    workloads = list(WORKLOADS)
    if args.only:
        workloads = [w for w in workloads if w in args.only.split(",")]

    notes: list[str] = []
    import_floor = IMPORT_FLOOR
    if "import" in workloads and not ensure_httpx_sse(not args.no_install):
        import_floor = IMPORT_FLOOR_FALLBACK
        notes.append("NOTE: httpx-sse is not installed: the import baseline is `import httpx, pydantic`.")
    notes.append(f"import baseline: `{import_floor}`")

    impls = [Impl("floor", "floor"), Impl("llmkit", "llmkit", args.llmkit_path)]
    for spec in args.variant:
        name, _, path = spec.partition("=")
        if not path or not (Path(path) / "llmkit" / "__init__.py").exists():
            raise SystemExit(f"--variant {spec!r}: expected NAME=PATH with PATH/llmkit/__init__.py")
        impls.append(Impl(name, "llmkit", str(Path(path).resolve()), variant=True))
    if not args.no_openai and have("openai"):
        impls.append(Impl("openai", "openai"))
        notes.append("openai SDK: installed, measured as a column")
    else:
        notes.append("openai SDK: not installed (pip install openai to add it as a column)")

    pinned = not args.no_pin and (os.cpu_count() or 1) > 1 and hasattr(os, "sched_setaffinity")
    client_cpu, server_cpu = (0, 1) if pinned else (None, None)
    if pinned:
        notes.append("the server runs pinned to core 1, every client to core 0")

    scenarios = {
        "stream": f"n{cfg.stream_chunks}",
        "responses": f"n{cfg.stream_chunks}-resp",
        "gemini": f"g{cfg.stream_chunks}-r10",
        "concurrent": f"n{cfg.concurrent_chunks}",
        "sequential": f"n{cfg.sequential_chunks}-r{cfg.sequential_reasoning_percent}",
        "coldstart": f"n{cfg.sequential_chunks}-r{cfg.sequential_reasoning_percent}",
    }
    client_args = {
        "stream": [],
        "responses": [],
        "gemini": [],
        "concurrent": ["--streams", str(cfg.concurrent_streams)],
        "sequential": ["--requests", str(cfg.sequential_requests)],
    }
    started = time.perf_counter()
    server = Server(sorted({scenarios[w] for w in workloads if w in scenarios}), server_cpu)
    skipped: set[tuple[str, str]] = set()  # (variant, workload) that failed once: not run again
    try:
        for round_no in range(cfg.rounds):
            # Alternate the order each round so neither side always runs first (or last).
            order = impls if round_no % 2 == 0 else [*impls[1:], impls[0]]
            order = order if round_no % 4 < 2 else list(reversed(order))
            for workload in workloads:
                # The openai SDK has no Gemini client, and no cold-start script.
                runners = [i for i in order if not (i.kind == "openai" and workload in NO_OPENAI)]
                runners = [i for i in runners if (i.name, workload) not in skipped]
                if workload == "coldstart":
                    url = server.url(scenarios[workload])
                    by_name = measure_coldstart(runners, url, cfg.coldstart_samples, client_cpu)
                    for impl in runners:
                        record(impl, workload, by_name[impl.name], skipped, notes)
                for impl in runners if workload != "coldstart" else ():
                    try:
                        if workload == "import":
                            result = measure_imports(impl, import_floor, cfg.import_samples, client_cpu)
                        else:
                            url = server.url(scenarios[workload])
                            result = run_client(impl, workload, ["--url", url, *client_args[workload]], client_cpu)
                    except ClientFailed as error:
                        result = {"failed": str(error)}
                    record(impl, workload, result, skipped, notes)
                check_same(impls, workload)
            log(f"round {round_no + 1}/{cfg.rounds} done ({time.perf_counter() - started:.0f} s)")
    finally:
        server.close()

    text, rows = summarise(impls, cfg, notes)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.out or RESULTS / f"bench-{stamp}.md"
    out.write_text(text, encoding="utf-8")
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    raw = {
        "config": cfg.__dict__,
        "notes": notes,
        "rows": rows,
        "runs": {impl.name: impl.results for impl in impls},
    }
    out.with_suffix(".json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    log(f"written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} (and results/latest.md)")


def record(impl: Impl, workload: str, result: dict[str, Any], skipped: set[tuple[str, str]], notes: list[str]) -> None:
    """Keep one round's result; a variant's failure becomes a note and an empty cell, others stop the run."""
    failure = result.get("failed")
    if failure is not None:
        if not impl.variant:
            raise SystemExit(failure)
        last = failure.strip().splitlines()[-1]
        notes.append(f"{impl.name}: no `{workload}` figures ({last[:200]})")
        log(notes[-1])
        skipped.add((impl.name, workload))
    impl.results.setdefault(workload, []).append(result)


def measure_imports(impl: Impl, import_floor: str, samples: int, cpu: int | None) -> dict[str, Any]:
    """Median wall and CPU of ``samples`` fresh interpreters for each of the impl's import statements.

    ``wall``/``cpu`` is the literal import (the figure of the issue), ``use_wall`` what the
    README's first line loads, ``ready_wall`` an import and a client made; for the floor ``use``
    is the bare dependencies again, ``ready`` adds an ``httpx.AsyncClient()`` and ``model_wall``
    is the dependencies plus one pydantic model.
    """
    if impl.kind == "floor":
        statements = {"": import_floor, "ready_": import_floor + READY_FLOOR, "model_": import_floor + IMPORT_ONE_MODEL}
    else:
        literal, use, ready = IMPORTS[impl.kind]
        statements = {"": literal, "use_": use, "ready_": ready}
    result: dict[str, Any] = {}
    for prefix, statement in statements.items():
        time_import(impl, statement, cpu)  # untimed: writes any missing .pyc (a fresh clone has none)
        runs = [time_import(impl, statement, cpu) for _ in range(samples)]
        result[prefix + "wall"] = statistics.median(r["wall"] for r in runs)
        result[prefix + "cpu"] = statistics.median(r["cpu"] for r in runs)
        result[prefix + "samples"] = runs
    if impl.kind == "floor":
        result["use_wall"], result["use_cpu"] = result["wall"], result["cpu"]
    return result


def check_same(impls: list[Impl], workload: str) -> None:
    """Every implementation must have received the same text, reasoning and usage."""
    if workload == "import":
        return
    keys = ("text_chars", "reasoning_chars", "usage_tokens", "text_crc", "requests")
    latest = {impl.name: impl.results[workload][-1] for impl in impls if impl.results.get(workload)}
    seen = {name: tuple(r[k] for k in keys) for name, r in latest.items() if "failed" not in r}
    if len(set(seen.values())) != 1:
        raise SystemExit(f"{workload}: the implementations received different streams: {seen}")


if __name__ == "__main__":
    main()
