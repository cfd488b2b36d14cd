"""The many-viewers benchmark's driver (benchmarks/bench_concurrency.py): it speaks Streamlit's
protocol to a real server, times runs and notices a run that did not draw what it should. The
driver measures; nothing here asserts a speed."""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import json
import subprocess
import sys

import pytest

from benchmarks import bench_concurrency, servers
from benchmarks.stream_client import Session, stream_url
from tests.conftest import ROOT


def test_only_this_machine_is_measured():
    assert stream_url("http://127.0.0.1:8501") == "ws://127.0.0.1:8501/_stcore/stream"
    assert stream_url("https://localhost/dasbor/") == "wss://localhost/dasbor/_stcore/stream"
    for url in ("http://example.org", "http://10.0.0.1:8501", "ftp://127.0.0.1"):
        with pytest.raises(ValueError):
            stream_url(url)


def test_a_visit_opens_a_page_and_changes_the_view_three_times():
    target = bench_concurrency.Target("d", "http://127.0.0.1:1", [],
                                      bench_concurrency.DASHBOARD_PAGES)
    rng = bench_concurrency.random.Random(1)
    for _ in range(50):
        page, charts, views = target.visit(rng)
        assert page in bench_concurrency.DASHBOARD_PAGES and charts >= 1
        assert len(views) == 4 and all(a != b for a, b in itertools.pairwise(views))
    assert bench_concurrency.percentile([3, 1, 2, 4], 50) == 2
    assert bench_concurrency.percentile([float(n) for n in range(1, 101)], 95) == 95


@pytest.mark.slow
def test_the_driver_measures_one_viewer_of_the_dashboard_and_the_minimal_page(shipped_store,
                                                                              tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_concurrency", "--levels", "1", "--duration",
         "6", "--pause", "0", "--store", str(shipped_store), "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    results = {r["target"]: r for r in json.loads(out.read_text())["results"]}
    assert set(results) == {"minimal", "dashboard"}
    for result in results.values():
        assert result["viewers"] == 1 and result["runs"] >= 1, result
        assert result["failed"] == 0, result["problems"]
        assert result["p95_s"] > 0 and result["rss_end_mb"] > 0, result
    assert "| dashboard | 1 |" in done.stdout


@pytest.mark.slow
def test_a_run_that_draws_too_little_is_reported(tmp_path):
    """The minimal page draws one chart: asked for two, the run is a failure, not a time."""
    with servers.streamlit_server(
            [sys.executable, "-m", "streamlit", "run", str(bench_concurrency.MINIMAL)],
            dict(bench_concurrency.os.environ), tmp_path / "minimal.log") as (url, _pid):
        async def two_runs() -> tuple[object, object]:
            session = await Session.open(url)
            try:
                return await session.run("", "", charts=1), await session.run("", "", charts=2)
            finally:
                await session.close()

        # in a thread of its own: the browser tests' Playwright runs an event loop in this one
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            enough, too_few = pool.submit(asyncio.run, two_runs()).result()
    assert enough.ok and enough.opening and enough.elements["plotly_chart"] == 1
    assert not too_few.ok and not too_few.opening
    assert too_few.problems == ["1 charts, expected 2 or more"]
