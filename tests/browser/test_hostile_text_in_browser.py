"""Text from files is text, in a real browser (issue 12, point 5): a server whose only batch
has a Markdown/HTML payload as its source, as an occupation outside the list, in its file name
and in a caveat shows them as literal text — no link to the hostile host, no image, and no
request to it or to the payload's relative image (every request of the page is recorded) —
on Pembaruan, Tentang, Data and the chart pages; and hostile query strings on every page show
no traceback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from dashboard import escape
from dashboard.i18n import LANGUAGES, t
from loaders.cli import main
from tests.browser.conftest import ROOT, PageOpener, save_artifacts, streamlit_server

pytestmark = pytest.mark.browser

PAYLOAD = "[x](http://evil.example) ![i](http://evil.example/i.png) <img src=x> **b**"
CAVEAT = "<a href='http://evil.example/c'>klik</a> :red[merah] `kode`"
FILE = "[f](evil)_**tebal**_.csv"
SERIES = "verifikasi"
LEAKS = ("Traceback", 'File "/', '.py"', str(ROOT))
#: Every page's path (app.py's PAGES).
PATHS = ("ringkasan", "tren", "skema", "sektor", "negara", "peta", "kinerja", "data",
         "pembaruan", "tentang", "masukan", "kelola")

#: Links and images on the page, plotly's SVG links included.
LINKS_JS = """() => ({
  links: [...document.querySelectorAll('a')].map(
    a => a.getAttribute('href') || a.getAttribute('xlink:href') || ''),
  images: [...document.querySelectorAll('img, image')].map(
    i => i.getAttribute('src') || i.getAttribute('href') || i.getAttribute('xlink:href') || ''),
  strong: [...document.querySelectorAll('strong, b')].map(s => s.textContent),
})"""


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-browser")
    data = folder / FILE
    data.write_text("tahun,kode_wilayah,jabatan,jumlah,seri\n"
                    f"2024,3604,\"{PAYLOAD}\",400,{SERIES}\n"
                    f"2024,3604,Perawat,30,{SERIES}\n", encoding="utf-8")
    (folder / FILE.replace(".csv", ".meta.yml")).write_text(
        f"licence: CC BY 4.0\ncaveats:\n  - \"{CAVEAT}\"\n", encoding="utf-8")
    db = folder / "pmi.duckdb"
    assert main(["load", str(data), "--db", str(db), "--source", PAYLOAD]) == 0
    return db


@pytest.fixture(scope="module")
def hostile_url(hostile_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("hostile-server") / "streamlit.log"
    with streamlit_server(hostile_store, log, extra_env={"PMI_DEFAULT_SERIES": SERIES}) as base:
        yield base


@pytest.fixture
def opener(request: pytest.FixtureRequest, browser_contexts: Callable[[str], BrowserContext],
           hostile_url: str, tmp_path: Path) -> Iterator[PageOpener]:
    opener = PageOpener(browser_contexts, hostile_url)
    yield opener
    if any(getattr(getattr(request.node, f"rep_{w}", None), "failed", False)
           for w in ("setup", "call")):
        save_artifacts(request.node, opener.pages, tmp_path / "none.log")
    for page in opener.pages:
        page.close()


def open_recorded(opener: PageOpener, path: str, charts: int = 0) -> tuple[Page, list[str]]:
    """A page at ``path`` with every request it made (recorded from before it loads)."""
    context = opener.contexts("desktop")
    requests: list[str] = []

    def record(request: object) -> None:
        requests.append(str(getattr(request, "url", "")))

    context.on("request", record)
    try:
        page = opener(path, charts=charts)
        page.wait_for_timeout(500)  # an image would be requested by now
    finally:
        context.remove_listener("request", record)
    return page, requests


def _elsewhere(url: str, base: str) -> bool:
    """Whether ``url`` (as written in the page, maybe relative) leaves the app's own host, or
    is the payload's relative image ``x``."""
    target = urlsplit(urljoin(base + "/", url))
    return target.scheme not in ("http", "https", "data", "ws", "wss", "blob", "about", "") \
        or (target.scheme not in ("data", "blob", "about") and target.netloc
            and target.netloc != urlsplit(base).netloc) \
        or target.path.rstrip("/").endswith("/x")


def assert_literal(page: Page, requests: list[str], base: str) -> str:
    """No link, image or request leaving the app's host (to the hostile host) or fetching the
    payload's image; the page's text (word joiners dropped) returned."""
    found = page.evaluate(LINKS_JS)
    links = [link for link in found["links"] if link and not link.startswith("#")]
    assert not [link for link in links if _elsewhere(link, base)], links
    assert not [src for src in found["images"] if _elsewhere(src, base)], found["images"]
    assert "b" not in found["strong"] and "tebal" not in found["strong"], found["strong"]
    assert not [url for url in requests if _elsewhere(url, base)], requests
    return page.locator("body").inner_text().replace(escape.WORD_JOINER, "")


def test_pembaruan_shows_source_occupation_and_file_name_as_written(opener: PageOpener):
    page, requests = open_recorded(opener, f"/pembaruan?seri={SERIES}")
    text = assert_literal(page, requests, opener.base)
    assert PAYLOAD in text and FILE in text


def test_tentang_shows_the_source_as_written(opener: PageOpener):
    page, requests = open_recorded(opener, f"/tentang?seri={SERIES}")
    assert PAYLOAD in assert_literal(page, requests, opener.base)


def test_data_shows_the_occupation_as_written(opener: PageOpener):
    page, requests = open_recorded(opener, f"/data?seri={SERIES}")
    assert_literal(page, requests, opener.base)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()


@pytest.mark.parametrize("path", ["sektor", "ringkasan", "tren"])
def test_chart_pages_show_source_occupation_and_caveat_as_written(opener: PageOpener,
                                                                  path: str):
    page, requests = open_recorded(opener, f"/{path}?seri={SERIES}", charts=1)
    for expander in page.get_by_test_id("stExpander").all():
        expander.locator("summary").click()  # the sources-and-method panels
    page.wait_for_timeout(300)
    text = assert_literal(page, requests, opener.base)
    assert PAYLOAD in text, "the source (and on Sektor the occupation) as written"
    assert CAVEAT in text, "the caveat as written"
    if path == "sektor":
        labels = page.evaluate("() => [...document.querySelectorAll("
                               "'.js-plotly-plot .ytick text')].map(t => t.textContent)")
        assert PAYLOAD in labels, labels  # the occupation chart's label, drawn as written


HOSTILE_QUERY = "?" + "&".join(f"{name}={quote(value, safe='')}" for name, value in (
    ("bulan", "²"), ("tahun", "٢٠٢٤"), ("wilayah", "<img src=x>"), ("jk", "\x1b[31m"),
    ("seri", "[x](http://evil.example)"), ("lang", "**b**"), ("skema", "'; DROP TABLE x; --")))


@pytest.mark.parametrize("path", PATHS)
def test_a_hostile_query_string_on_every_page_shows_no_traceback(opener: PageOpener,
                                                                 path: str):
    page, requests = open_recorded(opener, f"/{path}{HOSTILE_QUERY}")
    exceptions = page.get_by_test_id("stException")
    assert exceptions.count() == 0, "\n---\n".join(exceptions.all_inner_texts())
    body = assert_literal(page, requests, opener.base)
    assert not [leak for leak in LEAKS if leak in body], body[:2000]
    assert not any(t("error.page", lang) in body for lang in LANGUAGES)
    expect(page.locator("h1").first).to_be_visible()
    assert opener.js_errors(page) == []
