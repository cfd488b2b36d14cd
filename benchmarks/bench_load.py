"""Benchmark: load large record-level exports and time the dashboard's summary over them.

For each size it generates (or reuses) a fake record export (benchmarks/generate_records.py),
runs ``python -m loaders load FILE --db STORE`` in a child process and measures its wall time,
rows per second and peak resident memory (``ru_maxrss`` of that child, from ``os.wait4``).
Then, in this process, it times ``store.queries.totals`` by ``kode_wilayah,skema`` — the query
behind ``python -m loaders summary --by kode_wilayah,skema``, without the interpreter start —
repeated, and reports the median (and the same for the small-count-suppressed variant that
``summary`` prints). It checks that the store holds exactly one person per row of the file.

This measures and reports; it asserts nothing about speed (it is not a test).

    .venv/bin/python -m benchmarks.bench_load                       # 1M and 5M rows
    .venv/bin/python -m benchmarks.bench_load --rows 1000000 --dir /tmp/pmi-bench
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from benchmarks.generate_records import write_records
from store import queries
from store.db import connect_read_only

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ROWS = (1_000_000, 5_000_000)
DEFAULT_DIR = Path(tempfile.gettempdir()) / "pmi-bench"
SUMMARY_BY = ("kode_wilayah", "skema")
SERIES = "bp2mi"


@dataclass
class LoadResult:
    rows: int
    file_mb: float
    seconds: float
    cpu_seconds: float
    rows_per_second: float
    peak_rss_mb: float
    exit_code: int
    rows_stored: int
    total_in_store: int
    summary_cold_ms: float
    summary_median_ms: float
    summary_min_ms: float
    published_median_ms: float
    summary_cli_seconds: float
    load_average: float  # of the machine over the last minute, before the load


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory_gb = 0.0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = int(line.split()[1]) / 1024 / 1024
    versions = {name: metadata.version(name) for name in ("pandas", "numpy", "pyarrow", "duckdb")}
    return {"nproc": os.cpu_count(), "cpu": model, "ram_gb": round(memory_gb, 1),
            "python": platform.python_version(), "platform": platform.platform(), **versions}


def records_file(directory: Path, rows: int, regenerate: bool) -> Path:
    path = directory / f"records_{rows}.csv"
    if regenerate or not path.exists():
        print(f"membuat {path} …", file=sys.stderr)
        write_records(path, rows)
    return path


def run_load(path: Path, db: Path) -> tuple[float, float, float, int, dict[str, object]]:
    """Wall seconds, CPU seconds (user + system, all threads), peak RSS (MB), exit code and
    JSON report of one ``loaders load``."""
    command = [sys.executable, "-m", "loaders", "load", str(path), "--db", str(db),
               "--series", SERIES, "--source", "benchmark (data palsu)", "--json"]
    env = {**os.environ, "CI": "1"}  # no progress bar
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                 stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8")
    report = json.loads(text)[0] if text.strip().startswith("[") else {}
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, child.returncode, report


def _timings(call: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds of ``repeat`` calls of ``call``."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def time_summary(db: Path, repeat: int) -> dict[str, float]:
    """Milliseconds of ``queries.totals`` by SUMMARY_BY (first call, then median and fastest
    of ``repeat``), of the small-count-suppressed variant ``summary`` prints, if the store
    module has it, and the grand total in the store."""
    con = connect_read_only(db)
    by, filters = list(SUMMARY_BY), queries.Filters()
    try:
        cold, *warm = _timings(lambda: queries.totals(con, SERIES, by, filters), repeat + 1)
        published = getattr(queries, "published_totals", None)
        shown = (_timings(lambda: published(con, SERIES, by, filters), repeat)
                 if published is not None else [0.0])
        total = int(queries.totals(con, SERIES, [], filters)["jumlah"].sum())
    finally:
        con.close()
    return {"cold": cold, "median": statistics.median(warm), "min": min(warm),
            "published": statistics.median(shown), "total": total}


def time_summary_cli(db: Path) -> float:
    command = [sys.executable, "-m", "loaders", "summary", "--db", str(db), "--series", SERIES,
               "--by", ",".join(SUMMARY_BY), "--csv"]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def bench(rows: int, directory: Path, repeat: int, regenerate: bool) -> LoadResult:
    path = records_file(directory, rows, regenerate)
    store_dir = directory / f"store_{rows}"
    shutil.rmtree(store_dir, ignore_errors=True)
    store_dir.mkdir(parents=True)
    db = store_dir / "pmi.duckdb"
    load_average = os.getloadavg()[0]
    seconds, cpu, peak, code, report = run_load(path, db)
    summary = (time_summary(db, repeat) if code == 0
               else dict.fromkeys(("cold", "median", "min", "published", "total"), 0.0))
    cli = time_summary_cli(db) if code == 0 else 0.0
    return LoadResult(
        rows=rows, file_mb=round(path.stat().st_size / 1e6, 1), seconds=round(seconds, 2),
        cpu_seconds=round(cpu, 2), rows_per_second=round(rows / seconds),
        peak_rss_mb=round(peak), exit_code=code,
        rows_stored=int(report.get("rows_stored", 0)), total_in_store=int(summary["total"]),
        summary_cold_ms=round(summary["cold"], 1), summary_median_ms=round(summary["median"], 1),
        summary_min_ms=round(summary["min"], 1),
        published_median_ms=round(summary["published"], 1), summary_cli_seconds=round(cli, 2),
        load_average=round(load_average, 2))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark memuat ekspor per orang.")
    parser.add_argument("--rows", type=int, nargs="+", default=list(DEFAULT_ROWS))
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR,
                        help=f"folder berkas dan penyimpanan uji (bawaan: {DEFAULT_DIR})")
    parser.add_argument("--repeat", type=int, default=21, help="ulangan kueri ringkasan")
    parser.add_argument("--regenerate", action="store_true", help="buat ulang berkas data")
    parser.add_argument("--json", type=Path, help="tulis hasil sebagai JSON ke berkas ini")
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    info = machine()
    print(json.dumps(info, indent=2))
    results = []
    for rows in args.rows:
        result = bench(rows, args.dir, args.repeat, args.regenerate)
        results.append(result)
        print(json.dumps(asdict(result), indent=2), flush=True)
        if result.exit_code != 0 or result.total_in_store != rows:
            print(f"PERINGATAN: muat gagal atau total {result.total_in_store} != {rows}",
                  file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"machine": info,
                                         "results": [asdict(r) for r in results]}, indent=2))
    return 0 if all(r.exit_code == 0 and r.total_in_store == r.rows for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
