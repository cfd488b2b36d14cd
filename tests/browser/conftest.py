"""Real-browser fixtures: one Streamlit server and one headless Chromium for the session.

* ``app_store``: a store built from the shipped data in a temporary folder (``PMI_DB`` of the
  server process), so the tests never touch ``data/pmi.duckdb``;
* ``app_url``: ``streamlit run app.py`` on a free port, waited for through
  ``/_stcore/health``, terminated at the end of the session (also when tests fail);
* ``browser``: Debian's Chromium (``/usr/bin/chromium``) driven by Playwright — never
  ``playwright install``. Without it the browser tests are skipped, unless ``CI`` is set: then
  they fail, because CI (``.ci/run``) installs it;
* ``open_page``: every test gets new pages (one browser context per viewport is shared for its
  HTTP cache, so each page does not download Streamlit's bundle again); when a test fails, a
  screenshot and the HTML of each of its pages are saved in ``test-artifacts/``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from loaders import pipeline
from loaders.cli import main as loaders_main

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
VIEWPORTS: dict[str, dict[str, int]] = {
    "desktop": {"width": 1366, "height": 768},
    "phone": {"width": 375, "height": 812},
    "projector": {"width": 1920, "height": 1080},
}
SERVER_START_TIMEOUT = 60.0
READY_TIMEOUT_MS = 30_000

#: Marks plotly draws for the chart types the pages use (bars, lines, heat maps).
CHART_MARKS = (".trace.bars .point path, .scatterlayer .trace, .heatmaplayer .hm, "
               ".choroplethlocation")

#: State of the page: whether the script run is over and every element (charts included)
#: is drawn. ``ready`` is what ``wait_until_ready`` waits for; the rest explains a timeout.
PAGE_STATE_JS = """
(minCharts) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const scriptState = app ? app.getAttribute('data-test-script-state') : null;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(chart => {
    const marks = [...chart.querySelectorAll(MARKS)];
    const drawn = marks.filter(m => {
      const box = m.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    });
    return {svg: chart.querySelector('.js-plotly-plot .main-svg') !== null,
            marks: marks.length, drawn: drawn.length};
  });
  const busy = {
    statusWidget: document.querySelectorAll('[data-testid="stStatusWidget"]').length,
    skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
    stale: document.querySelectorAll('[data-stale="true"]').length,
  };
  const ready = scriptState === 'notRunning' && !busy.statusWidget && !busy.skeletons
    && !busy.stale && charts.length >= minCharts && charts.every(c => c.svg && c.drawn > 0);
  return {ready, scriptState, busy, charts};
}
""".replace("MARKS", repr(CHART_MARKS))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item (``item.rep_setup`` / ``rep_call``) for the
    artifact capture in ``open_page``."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# -- the browser ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium_path() -> str:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {CHROMIUM} is missing: the browser tests need Debian's "
                    "Chromium (.ci/run installs it: apt-get install -y chromium "
                    "fonts-liberation).", pytrace=False)
    pytest.skip(f"{CHROMIUM} not found: `apt-get install -y chromium fonts-liberation` to run "
                "the browser tests (with CI set they fail instead of being skipped)")


@pytest.fixture(scope="session")
def playwright_driver(chromium_path: str) -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright, chromium_path: str) -> Iterator[Browser]:
    chromium = playwright_driver.chromium.launch(executable_path=chromium_path,
                                                 args=LAUNCH_ARGS)
    yield chromium
    chromium.close()


def contexts_per_viewport(browser: Browser) -> Iterator[Callable[[str], BrowserContext]]:
    """One context per viewport, created when first asked for; all closed at the end."""
    contexts: dict[str, BrowserContext] = {}

    def get(viewport: str) -> BrowserContext:
        if viewport not in contexts:
            contexts[viewport] = browser.new_context(viewport=VIEWPORTS[viewport])
        return contexts[viewport]

    yield get
    for context in contexts.values():
        context.close()


@pytest.fixture(scope="session")
def browser_contexts(browser: Browser) -> Iterator[Callable[[str], BrowserContext]]:
    """One context per viewport for the session (tests open their own pages)."""
    yield from contexts_per_viewport(browser)


# -- the app ----------------------------------------------------------------------------------

#: 11 units of the national boundary file, Banten's 8 among them (tests/fixtures/geo/README.md)
NATIONAL = ROOT / "tests" / "fixtures" / "geo" / "idn_adm2_subset.topojson"


@pytest.fixture(scope="session")
def app_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the shipped data, private to this test session."""
    path = tmp_path_factory.mktemp("browser-store") / "pmi.duckdb"
    pipeline.ensure_store(path)
    return path


@pytest.fixture(scope="session")
def app_geo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Regency boundaries imported from the national subset fixture (the app reads only this
    cache, through ``PMI_GEO_DIR``)."""
    from geo.cli import main as geo_main

    folder = tmp_path_factory.mktemp("browser-geo")
    assert geo_main(["import", str(NATIONAL), "--out", str(folder)]) == 0
    return folder


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _log_tail(path: Path, lines: int = 40) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="session")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser-server") / "streamlit.log"


@contextlib.contextmanager
def streamlit_server(store: Path, log_path: Path, geo_dir: Path | None = None, *,
                     extra_env: dict[str, str] | None = None,
                     extra_args: Sequence[str] = ()) -> Iterator[str]:
    """``python -m dashboard.serve`` on a free port serving ``store`` (and the boundaries in
    ``geo_dir``); yields its base URL once ``/_stcore/health`` answers, and terminates it on
    leaving (also after a failure). ``extra_env`` and ``extra_args`` (Streamlit options such
    as ``--secrets.files PATH``) are added for a server of a test's own."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PMI_DB": str(store), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    # these tests draw every chart kind, which only the sample series breaks down; the shipped
    # deployment opens on the published series (tests/test_truth_audit.py checks it)
    env.setdefault("PMI_DEFAULT_SERIES", "contoh")
    # feedback sent in browser tests goes to a file beside the server's log, never to
    # data/masukan.duckdb (tests/browser/test_feedback_in_browser.py reads it there)
    env["PMI_MASUKAN_DB"] = str(log_path.with_name("masukan.duckdb"))
    env["PMI_LIMITS_DB"] = str(log_path.with_name("batas.sqlite3"))
    if geo_dir is not None:
        env["PMI_GEO_DIR"] = str(geo_dir)
    env.update(extra_env or {})
    # the README's way to serve: dashboard.serve (store ready first, st.navigation declared)
    command = [sys.executable, "-m", "dashboard.serve", "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1", *extra_args]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with code {process.returncode} before answering:"
                            f"\n{_log_tail(log_path)}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer on {base}/_stcore/health within "
                            f"{SERVER_START_TIMEOUT:.0f} s:\n{_log_tail(log_path)}",
                            pytrace=False)
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(browser_contexts: Callable[[str], BrowserContext], app_store: Path,
            app_geo_dir: Path, server_log: Path) -> Iterator[str]:
    """Base URL of the session's server (with regency boundaries), after one visit that
    warms its caches (``test_the_first_visitor_after_a_start_can_filter`` covers a cold
    server on a server of its own)."""
    with streamlit_server(app_store, server_log, app_geo_dir) as base:
        page = browser_contexts("desktop").new_page()
        try:
            page.goto(base + "/")
            wait_until_ready(page, 1)
        finally:
            page.close()
        yield base


@pytest.fixture
def fresh_app_url(app_store: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A server of the test's own, just started (no browser session has seen it yet). Ask
    for it before ``open_page``, so that a failing test's pages are saved before it stops."""
    log_path = tmp_path / "streamlit.log"
    with streamlit_server(app_store, log_path) as base:
        yield base
    if _failed(request.node) and log_path.exists():
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copyfile(log_path, ARTIFACTS / f"{request.node.name}-streamlit-server.log")


# -- pages ------------------------------------------------------------------------------------

def page_state(page: Page, min_charts: int = 0) -> dict[str, Any]:
    return page.evaluate(PAGE_STATE_JS, min_charts)


def wait_until_ready(page: Page, min_charts: int = 0, timeout_ms: int = READY_TIMEOUT_MS) -> None:
    """Wait until the script run is over and every chart on the page is drawn (at least
    ``min_charts`` of them); fail with what was still missing otherwise."""
    try:
        page.wait_for_function(f"(n) => ({PAGE_STATE_JS})(n).ready", arg=min_charts,
                               timeout=timeout_ms, polling=100)
    except PlaywrightError as error:
        if "Timeout" not in str(error):
            raise
        pytest.fail(f"{page.url}: not ready after {timeout_ms / 1000:.0f} s "
                    f"(expected at least {min_charts} drawn chart(s)): "
                    f"{page_state(page, min_charts)}", pytrace=False)


def _failed(item: pytest.Item) -> bool:
    return any(getattr(getattr(item, f"rep_{when}", None), "failed", False)
               for when in ("setup", "call"))


def save_artifacts(item: pytest.Item, pages: list[Page], server_log: Path) -> None:
    """Screenshot and HTML of each page of a failed test, and the server log, for CI."""
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", item.nodeid.split("::", 1)[-1]).strip("_")[:150]
    for number, page in enumerate(pages, start=1):
        if page.is_closed():
            continue
        name = stem if len(pages) == 1 else f"{stem}-{number}"
        with contextlib.suppress(PlaywrightError):
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            # Streamlit scrolls inside stMain, so a full-page screenshot is the viewport only:
            # the main column is saved whole as well.
            page.locator('[data-testid="stMain"]').screenshot(
                path=str(ARTIFACTS / f"{name}-main.png"), timeout=5_000)
        with contextlib.suppress(PlaywrightError):
            (ARTIFACTS / f"{name}.html").write_text(
                f"<!-- {page.url} -->\n{page.content()}", encoding="utf-8")
    if server_log.exists():
        shutil.copyfile(server_log, ARTIFACTS / "streamlit-server.log")


class PageOpener:
    """``open_page(path, viewport="desktop", charts=0)``: a new page at ``base + path``
    (``base=`` another server), returned once the app has finished running and at least
    ``charts`` charts are drawn.
    ``open_page.js_errors(page)``: uncaught JavaScript errors seen on that page."""

    def __init__(self, contexts: Callable[[str], BrowserContext], base: str) -> None:
        self.contexts = contexts
        self.base = base
        self.pages: list[Page] = []
        self.adopted: list[Page] = []
        self._errors: dict[int, list[str]] = {}

    def __call__(self, path: str = "/", viewport: str = "desktop", charts: int = 0,
                 base: str | None = None) -> Page:
        page = self.contexts(viewport).new_page()
        errors = self._errors.setdefault(id(page), [])
        page.on("pageerror", lambda error: errors.append(str(error)))
        self.pages.append(page)
        page.goto((base or self.base) + path)
        wait_until_ready(page, charts)
        return page

    def adopt(self, page: Page) -> None:
        """Save a page opened elsewhere (a shared fixture's) with this test's artifacts; it
        is not closed with them."""
        self.pages.append(page)
        self.adopted.append(page)

    def js_errors(self, page: Page) -> list[str]:
        return self._errors.get(id(page), [])


@pytest.fixture
def open_page(request: pytest.FixtureRequest, browser_contexts: Callable[[str], BrowserContext],
              app_url: str, server_log: Path) -> Iterator[PageOpener]:
    """A ``PageOpener`` for this test; its pages are saved to test-artifacts/ if it fails."""
    opener = PageOpener(browser_contexts, app_url)
    yield opener
    if _failed(request.node):
        save_artifacts(request.node, opener.pages, server_log)
    for page in opener.pages:
        if page in opener.adopted:
            continue
        with contextlib.suppress(PlaywrightError):
            page.close()


# -- the figures the CLI gives ----------------------------------------------------------------

@pytest.fixture(scope="session")
def summary(app_store: Path) -> Callable[..., pd.DataFrame]:
    """``summary(by="tahun", tahun="2024", wilayah="3604", series="contoh")``: the CSV of
    ``python -m loaders summary --db <app_store> --csv ...`` (run in-process) as a frame."""

    def run(by: str = "tahun", series: str = "contoh", **options: str) -> pd.DataFrame:
        args = ["summary", "--db", str(app_store), "--by", by, "--series", series, "--csv"]
        for name, value in options.items():
            args += [f"--{name.replace('_', '-')}", value]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = loaders_main(args)
        assert code == 0, f"loaders {' '.join(args)} exited with {code}"
        return pd.read_csv(io.StringIO(out.getvalue()), dtype=str)

    return run
