"""Benchmark: how fast each dashboard page runs, in Streamlit's AppTest and in a real browser.

1. Script time per page (AppTest): cold (the page's first run in a new session with Streamlit's
   query caches emptied; modules already imported) and warm (the median of further reruns),
   on a store built from the shipped data and, if given ``--big-store``, on a store built from a
   5-million-row record export (``python -m benchmarks.bench_load`` leaves one in
   /tmp/pmi-bench).
2. In headless Chromium (Debian's /usr/bin/chromium, driven by Playwright): time from opening a
   page to its first drawn chart, against a minimal one-chart Streamlit page served the same way
   in the same run (the ratio is what the dashboard issue asks to keep under 1.3).

This measures and reports; it asserts nothing about speed (it is not a test).

    .venv/bin/python -m benchmarks.bench_pages
    .venv/bin/python -m benchmarks.bench_pages --big-store /tmp/pmi-bench/store_5000000.duckdb
    .venv/bin/python -m benchmarks.bench_pages --browser-only --pages kinerja --repeat 7
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"ringkasan": "pages/overview.py", "tren": "pages/trends.py",
         "skema": "pages/schemes.py", "sektor": "pages/sectors.py",
         "negara": "pages/destinations.py", "data": "pages/data_table.py",
         "kinerja": "pages/performance.py", "pembaruan": "pages/updates.py",
         "tentang": "pages/about.py", "masukan": "pages/feedback.py",
         "kelola": "pages/maintainer.py"}
CHART_PAGES = ("", "tren", "skema", "sektor", "negara", "kinerja")
CHROMIUM = "/usr/bin/chromium"
#: Drawn marks of a chart (not only its container): bars, lines, heat map cells.
CHART_MARKS = ".trace.bars .point path, .scatterlayer .trace, .heatmaplayer .hm"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
#: The floor: a minimal one-chart Streamlit page (also the floor of bench_concurrency).
MINIMAL = ROOT / "benchmarks" / "minimal_app.py"


def script_times(store: Path, repeats: int = 5) -> dict[str, dict[str, float]]:
    """Cold and warm script time per page, in milliseconds."""
    os.environ["PMI_DB"] = str(store)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import shared_cache

    def clear_caches() -> None:
        st.cache_data.clear()
        shared_cache.clear()

    results: dict[str, dict[str, float]] = {}
    for name, page in PAGES.items():
        clear_caches()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        if page != PAGES["ringkasan"]:
            at.run()  # open the app, then the page with empty query caches
            at.switch_page(page)
            clear_caches()
        started = time.perf_counter()
        at.run()
        cold = time.perf_counter() - started
        warm = []
        for _ in range(repeats):
            started = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - started)
        assert not at.exception, at.exception
        results[name] = {"cold_ms": round(cold * 1000), "warm_ms":
                         round(statistics.median(warm) * 1000)}
    return results


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(app: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=app.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return process, url
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("streamlit did not start")


def _first_chart_ms(browser: object, url: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        page = browser.new_page(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(CHART_MARKS, state="attached", timeout=60_000)
        times.append(time.perf_counter() - started)
        page.close()
    return round(statistics.median(times) * 1000)


def browser_times(store: Path, repeats: int = 3,
                  paths: tuple[str, ...] = CHART_PAGES) -> dict[str, object]:
    """Median open-to-first-chart per page, and the same for the minimal one-chart page,
    measured in rounds (the minimal page, then each page), so that a machine whose load
    changes meanwhile weighs on both alike."""
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "PMI_DB": str(store)}
    dashboard, dashboard_url = _serve(ROOT / "app.py", env)
    minimal, minimal_url = _serve(MINIMAL, env)
    urls = {"minimal": minimal_url,
            **{path or "ringkasan": f"{dashboard_url}/{path}" for path in paths}}
    times: dict[str, list[float]] = {name: [] for name in urls}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            _first_chart_ms(browser, dashboard_url, 1)  # warm the server's caches
            for url in urls.values():
                _first_chart_ms(browser, url, 1)
            for _ in range(repeats):
                for name, url in urls.items():
                    times[name].append(_first_chart_ms(browser, url, 1))
            browser.close()
    finally:
        for process in (dashboard, minimal):
            process.terminate()
            process.wait(timeout=30)
    medians = {name: round(statistics.median(values)) for name, values in times.items()}
    baseline = medians.pop("minimal")
    return {"minimal_ms": baseline, "pages_ms": medians,
            "ratio": {k: round(v / baseline, 2) for k, v in medians.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-store", type=Path, help="a store built from 5M record rows")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--browser-only", action="store_true", help="skip the script times")
    parser.add_argument("--pages", help="browser: these paths only, comma-separated "
                                        "(e.g. kinerja,tren; 'ringkasan' for the overview)")
    parser.add_argument("--repeat", type=int, default=3, help="browser: loads per page (3)")
    args = parser.parse_args(argv)
    from loaders import pipeline

    shipped = Path(tempfile.mkdtemp(prefix="bench-pages-")) / "pmi.duckdb"
    pipeline.rebuild(shipped)
    report: dict[str, object] = {}
    if not args.browser_only:
        report["shipped"] = script_times(shipped)
        if args.big_store:
            report["big_store"] = script_times(args.big_store)
    if not args.no_browser and Path(CHROMIUM).exists():
        paths = CHART_PAGES if not args.pages else tuple(
            "" if path == "ringkasan" else path for path in args.pages.split(","))
        report["browser"] = browser_times(shipped, args.repeat, paths)
    report["load_average"] = os.getloadavg()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
