"""Benchmark: many viewers at once, at the protocol level, against a minimal page in the same run.

Each virtual viewer opens a websocket session to ``/_stcore/stream`` (benchmarks/
stream_client.py), runs a page — Ringkasan, Tren or Peta — and then changes the view three
times (a new query string: series, years, regency, sex, language) with 1–2 s between, closes
the session, waits 1–2 s and comes back as a new viewer. Every run is timed from the request to
``script_finished`` and checked: the page's charts drawn, no exception, no error box. Levels of
1/5/10/20/40 concurrent viewers run for a fixed time each (runs in flight at the end finish,
bounded by the run timeout).

The dashboard is compared with a minimal one-chart page (benchmarks/minimal_app.py) served the
same way and measured in the same run, level by level, so what the machine and Streamlit cost
is the floor. Per level: runs, failures, p50/p95 of the run time, the server's CPU (one core =
100 %) and CPU per run, its memory (RSS at the end and the highest seen), the load average.

    .venv/bin/python -m benchmarks.bench_concurrency                    # both, 1/5/10/20/40
    .venv/bin/python -m benchmarks.bench_concurrency --levels 10,20 --duration 30
    .venv/bin/python -m benchmarks.bench_concurrency --nginx --levels 20,35,40   # 2 replicas
    .venv/bin/python -m benchmarks.bench_concurrency --url http://127.0.0.1:8501 --pid 1234
    .venv/bin/python -m benchmarks.bench_concurrency --streamlit-arg=--runner.postScriptGC=false

The servers it starts listen on 127.0.0.1 and read a store built from data/ in a temporary
folder (or ``--store``); ``--url`` must be a loopback address. This measures and reports; it
is not a test and asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import resource
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.servers import cpu_seconds, nginx_replicas, rss_mb, streamlit_server
from benchmarks.stream_client import RunResult, Session, stream_url

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "benchmarks" / "minimal_app.py"
#: The pages a viewer opens (URL path) and the fewest charts each draws in every view.
DASHBOARD_PAGES = {"ringkasan": 1, "tren": 2, "peta": 1}
MINIMAL_PAGES = {"": 1}
YEARS = tuple(range(2019, 2026))
REGIONS = ("3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674")
SEXES = ("Laki-laki", "Perempuan")
#: How a viewer arrives: the published series (the default), the sample, in English.
OPENINGS = ("", "", "", "seri=contoh", "lang=en")


def view_change(rng: random.Random) -> str:
    """A view a viewer changes to: the sample series (which breaks every dimension down) with
    years, a regency and a sex picked at random — most such views are new to the server — or a
    view of the published series."""
    if rng.random() < 0.2:
        return rng.choice(("tahun=2023", "tahun=2024&wilayah=3604", "tahun=2024&wilayah=3601",
                           "lang=en&tahun=2023"))
    parts = ["seri=contoh"]
    if rng.random() < 0.8:
        first = rng.choice(YEARS)
        last = rng.choice([y for y in YEARS if y >= first]) if rng.random() < 0.3 else first
        parts.append(f"tahun={first}" if first == last else f"tahun={first}-{last}")
    if rng.random() < 0.5:
        parts.append("wilayah=" + ",".join(sorted(rng.sample(REGIONS, rng.choice((1, 1, 2))))))
    if rng.random() < 0.3:
        parts.append(f"jk={rng.choice(SEXES)}")
    if rng.random() < 0.15:
        parts.append("lang=en")
    return "&".join(parts)


@dataclass
class Target:
    """A server measured: its address, the processes whose CPU and memory are counted, and the
    pages its viewers open."""

    name: str
    url: str
    pids: list[int]
    pages: dict[str, int]

    def visit(self, rng: random.Random) -> tuple[str, int, list[str]]:
        page = rng.choice(sorted(self.pages))
        views = [rng.choice(OPENINGS)]
        while len(views) < 4:
            view = view_change(rng)
            if view != views[-1]:
                views.append(view)
        return page, self.pages[page], views


# -- the load --------------------------------------------------------------------------------

@dataclass
class LevelResult:
    target: str
    viewers: int
    seconds: float
    runs: int
    failed: int
    p50_s: float | None
    p95_s: float | None
    max_s: float | None
    opening_p95_s: float | None
    runs_per_s: float
    server_cpu_pct: float
    cpu_ms_per_run: float | None
    rss_end_mb: float
    rss_peak_mb: float
    load_before: float
    load_after: float
    client_cpu_pct: float
    problems: list[str] = field(default_factory=list)


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (``q`` in 0–100)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 100)) - 1))]


async def viewer(target: Target, rng: random.Random, deadline: float, timeout: float,
                 runs: list[RunResult], problems: list[str]) -> None:
    """One viewer after another on one virtual seat, until the deadline."""
    await asyncio.sleep(rng.uniform(0, 2))  # arrivals spread, not in lockstep
    while time.monotonic() < deadline:
        page, charts, views = target.visit(rng)
        try:
            session = await Session.open(target.url, timeout)
        except (OSError, TimeoutError) as error:
            problems.append(f"connect: {error}")
            await asyncio.sleep(1)
            continue
        try:
            for number, query in enumerate(views):
                if number and time.monotonic() >= deadline:
                    break
                result = await session.run(page, query, charts, timeout)
                runs.append(result)
                if not result.ok and result.problems[0].startswith(("connection", "no script")):
                    break
                if number < len(views) - 1:
                    await asyncio.sleep(rng.uniform(1, 2))
        finally:
            with contextlib.suppress(Exception):
                await session.close()
        await asyncio.sleep(rng.uniform(1, 2))


async def _sample_rss(pids: Sequence[int], peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], rss_mb(pids))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)


async def run_level(target: Target, viewers: int, duration: float, timeout: float,
                    seed: int) -> LevelResult:
    runs: list[RunResult] = []
    problems: list[str] = []
    peak = [rss_mb(target.pids)]
    stop = asyncio.Event()
    sampler = asyncio.create_task(_sample_rss(target.pids, peak, stop))
    load_before = os.getloadavg()[0]
    cpu_before = cpu_seconds(target.pids)
    client_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()
    deadline = started + duration
    await asyncio.gather(*(viewer(target, random.Random(seed * 1000 + i), deadline, timeout,
                                  runs, problems) for i in range(viewers)))
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(target.pids) - cpu_before
    client = resource.getrusage(resource.RUSAGE_SELF)
    stop.set()
    await sampler
    times = [r.seconds for r in runs]
    failed = [r for r in runs if not r.ok]
    for result in failed[:5]:
        problems.append(f"{result.page}?{result.query}: {'; '.join(result.problems)}")
    client_cpu = (client.ru_utime + client.ru_stime
                  - client_before.ru_utime - client_before.ru_stime)
    return LevelResult(
        target=target.name, viewers=viewers, seconds=round(elapsed, 1), runs=len(runs),
        failed=len(failed), p50_s=_round(percentile(times, 50)),
        p95_s=_round(percentile(times, 95)), max_s=_round(max(times, default=None)),
        opening_p95_s=_round(percentile([r.seconds for r in runs if r.opening], 95)),
        runs_per_s=round(len(runs) / elapsed, 2), server_cpu_pct=round(100 * cpu / elapsed),
        cpu_ms_per_run=round(1000 * cpu / len(runs)) if runs else None,
        rss_end_mb=round(rss_mb(target.pids)), rss_peak_mb=round(peak[0]),
        load_before=load_before, load_after=os.getloadavg()[0],
        client_cpu_pct=round(100 * client_cpu / elapsed), problems=problems)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


async def warm_up(target: Target, timeout: float) -> None:
    """One viewer per page with the default and two other views, not counted: a server that
    has just started fills its caches and imports once, like a real one before the news.
    The root page first: under a plain ``streamlit run app.py`` a deep link works only after
    ``st.navigation`` has run once (dashboard/serve.py)."""
    for page, charts in {"": min(target.pages.values()), **target.pages}.items():
        session = await Session.open(target.url, timeout)
        try:
            for query in ("", "seri=contoh", "seri=contoh&tahun=2023"):
                result = await session.run(page, query, charts, timeout)
                if not result.ok:
                    raise RuntimeError(f"warm-up of {target.name} /{page}?{query}: "
                                       f"{result.problems}")
        finally:
            await session.close()


async def measure(targets: Sequence[Target], levels: Sequence[int], duration: float,
                  timeout: float, seed: int, pause: float) -> list[LevelResult]:
    for target in targets:
        await warm_up(target, timeout)
    results = []
    for viewers in levels:
        for target in targets:
            result = await run_level(target, viewers, duration, timeout, seed + viewers)
            print(row(result), flush=True)
            results.append(result)
            await asyncio.sleep(pause)
    return results


# -- report ----------------------------------------------------------------------------------

HEADER = ("| target | viewers | runs | failed | p50 | p95 | max | opening p95 | runs/s | "
          "server CPU | CPU/run | RSS end (peak) | load 1 min |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def row(r: LevelResult) -> str:
    return (f"| {r.target} | {r.viewers} | {r.runs} | {r.failed} | {_s(r.p50_s)} | "
            f"{_s(r.p95_s)} | {_s(r.max_s)} | {_s(r.opening_p95_s)} | {r.runs_per_s} | "
            f"{r.server_cpu_pct} % | {r.cpu_ms_per_run or '–'} ms | {r.rss_end_mb:.0f} "
            f"({r.rss_peak_mb:.0f}) MB | {r.load_before:.1f}–{r.load_after:.1f} |")


def machine() -> dict[str, object]:
    import streamlit

    return {"date": time.strftime("%Y-%m-%d %H:%M"), "cores": os.cpu_count(),
            "python": platform.python_version(), "streamlit": streamlit.__version__,
            "load_average": os.getloadavg()}


def _env(pairs: Sequence[str]) -> dict[str, str]:
    env = dict(os.environ)
    for pair in pairs:
        name, _, value = pair.partition("=")
        env[name] = value
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,5,10,20,40",
                        help="concurrent viewers per level, comma-separated (1,5,10,20,40)")
    parser.add_argument("--duration", type=float, default=45.0,
                        help="seconds each level starts new runs (45)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a run may take")
    parser.add_argument("--pause", type=float, default=5.0, help="seconds between levels")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--no-minimal", action="store_true", help="skip the minimal page")
    parser.add_argument("--only-minimal", action="store_true", help="only the minimal page")
    parser.add_argument("--url", help="measure this running dashboard (127.0.0.1) instead of "
                                      "starting one")
    parser.add_argument("--pid", type=int, action="append", default=[],
                        help="with --url: a server process to count CPU and memory of")
    parser.add_argument("--nginx", action="store_true",
                        help="start deploy/run_local.py (replicas behind nginx) and measure it")
    parser.add_argument("--replicas", type=int, default=2, help="with --nginx (2)")
    parser.add_argument("--store", type=Path, help="the store to serve (default: built from "
                                                   "data/ in a temporary folder)")
    parser.add_argument("--streamlit-arg", action="append", default=[],
                        help="an option for the dashboard's streamlit run, e.g. "
                             "--streamlit-arg=--runner.postScriptGC=false")
    parser.add_argument("--variant", action="append", default=[],
                        help="measure several dashboard servers in the same run: "
                             "LABEL:serve|streamlit[@CHECKOUT][:streamlit options], e.g. "
                             "'before:streamlit' (streamlit run app.py), "
                             "'no-gc:serve:--runner.postScriptGC=false' (python -m "
                             "dashboard.serve) or 'old:serve@/tmp/old' (another checkout "
                             "of the code); default one 'dashboard:serve'")
    parser.add_argument("--env", action="append", default=[],
                        help="NAME=VALUE in the dashboard server's environment")
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args(argv)
    # stopped by SIGTERM (timeout, kill): leave through the context managers, which stop the
    # servers this started
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if args.url:
        stream_url(args.url)  # refuses anything but loopback
    levels = [int(n) for n in args.levels.split(",") if n.strip()]
    work = Path(tempfile.mkdtemp(prefix="pmi-concurrency-"))
    store = args.store or work / "pmi.duckdb"
    env = _env([f"PMI_DB={store}", *args.env])
    print(json.dumps(machine()), flush=True)
    print(f"logs: {work}", flush=True)
    with contextlib.ExitStack() as stack:
        targets = []
        if not args.no_minimal:
            url, pid = stack.enter_context(streamlit_server(
                [sys.executable, "-m", "streamlit", "run", str(MINIMAL)], dict(os.environ),
                work / "minimal.log"))
            targets.append(Target("minimal", url, [pid], MINIMAL_PAGES))
        if not args.only_minimal:
            if args.url:
                targets.append(Target("dashboard", args.url.rstrip("/"), args.pid,
                                      DASHBOARD_PAGES))
            elif args.nginx:
                url, pids = stack.enter_context(nginx_replicas(
                    args.replicas, env, work / "run_local.log", args.streamlit_arg))
                targets.append(Target(f"nginx + {args.replicas} replicas", url, pids,
                                      DASHBOARD_PAGES))
            else:
                from loaders import pipeline

                pipeline.ensure_store(store)  # so that plain `streamlit run` finds it built
                for spec in args.variant or ["dashboard:serve"]:
                    label, kind, *options = spec.split(":", 2)
                    kind, _, checkout = kind.partition("@")
                    tree = Path(checkout) if checkout else ROOT
                    command = {"serve": [sys.executable, "-m", "dashboard.serve"],
                               "streamlit": [sys.executable, "-m", "streamlit", "run",
                                             str(tree / "app.py")]}[kind]
                    url, pid = stack.enter_context(streamlit_server(
                        command, env, work / f"{label}.log",
                        [*args.streamlit_arg, *(options[0].split() if options else [])],
                        cwd=tree))
                    targets.append(Target(label, url, [pid], DASHBOARD_PAGES))
        print(HEADER, flush=True)
        results = asyncio.run(measure(targets, levels, args.duration, args.timeout, args.seed,
                                      args.pause))
    for result in results:
        for problem in result.problems:
            print(f"{result.target} × {result.viewers}: {problem}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "args": vars(args) | {
            "json": str(args.json), "store": str(args.store)},
            "results": [asdict(r) for r in results]}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
