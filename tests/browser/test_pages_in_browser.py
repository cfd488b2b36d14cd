"""The dashboard in a real browser (headless Chromium): every page is drawn at desktop and
phone width without an exception, a "Page not found" or a horizontal scroll; the sample badge,
the language switch, the filter bar and the URL state work as people use them; the figures
shown are those ``python -m loaders summary`` gives for the same filter."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from dashboard.i18n import t
from tests.browser.conftest import (
    PageOpener,
    page_state,
    save_artifacts,
    wait_until_ready,
)

pytestmark = pytest.mark.browser

#: url path, title key, charts the page draws on the default (sample) view.
PAGES = [
    ("/", "ringkasan.title", 1),
    ("/tren", "tren.title", 4),
    ("/skema", "skema.title", 2),
    ("/sektor", "sektor.title", 4),
    ("/negara", "negara.title", 3),
    ("/data", "data.title", 0),
    ("/kinerja", "kinerja.title", 1),  # the overview; a card's trend when opened
    ("/pembaruan", "pembaruan.title", 0),
    ("/tentang", "tentang.title", 0),
    ("/masukan", "masukan.title", 0),
    ("/kelola", "kelola.title", 0),
]
REGION = "3604"  # Kab. Serang
REGION_NAME = "Kab. Serang"

LAYOUT_JS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const charts = [...document.querySelectorAll('.js-plotly-plot .main-svg')]
    .map(svg => Math.round(svg.getBoundingClientRect().right));
  return {
    innerWidth: window.innerWidth,
    documentScrollWidth: document.documentElement.scrollWidth,
    mainScrollWidth: main ? main.scrollWidth : null,
    mainClientWidth: main ? main.clientWidth : null,
    chartRightEdges: charts,
  };
}
"""

TREND_JS = """
() => {
  const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  return plot && plot._fullData
    ? plot._fullData.map(trace => ({x: Array.from(trace.x), y: Array.from(trace.y)})) : null;
}
"""


def shown(value: int, lang: str = "id") -> str:
    """A whole number as the dashboard writes it: 3.567 (id) / 3,567 (en)."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "id" else text


def cli_total(summary: Callable[..., pd.DataFrame], **options: str) -> int:
    """The headline figure ``loaders summary --by tahun`` gives for a filter."""
    frame = summary(by="tahun", **options)
    assert not frame.empty, f"summary {options} gave no rows"
    return int(frame["jumlah"].astype(int).sum())


def query(page: Page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def headline(page: Page) -> str:
    return page.get_by_test_id("stMetricValue").first.inner_text().strip()


def assert_page_healthy(page: Page, opener: PageOpener) -> None:
    """No exception box, no "Page not found", no uncaught JS error, nothing wider than the
    window (the document, Streamlit's scrolling main column and every chart)."""
    exceptions = page.get_by_test_id("stException")
    assert exceptions.count() == 0, f"{page.url}: exception shown:\n" + \
        "\n---\n".join(exceptions.all_inner_texts())
    assert "Page not found" not in page.locator("body").inner_text(), \
        f"{page.url}: 'Page not found'"
    assert opener.js_errors(page) == [], f"{page.url}: JavaScript errors {opener.js_errors(page)}"
    layout = page.evaluate(LAYOUT_JS)
    width = layout["innerWidth"]
    assert layout["documentScrollWidth"] <= width + 1, f"{page.url}: horizontal overflow {layout}"
    assert layout["mainScrollWidth"] is not None, f"{page.url}: no stMain"
    assert layout["mainScrollWidth"] <= layout["mainClientWidth"] + 1, \
        f"{page.url}: the main column scrolls sideways {layout}"
    assert all(right <= width + 1 for right in layout["chartRightEdges"]), \
        f"{page.url}: a chart runs past the window's right edge {layout}"


# -- every page, desktop and phone ------------------------------------------------------------

@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(("path", "title_key", "charts"), PAGES,
                         ids=[p.strip("/") or "ringkasan" for p, _, _ in PAGES])
def test_page_is_drawn_without_errors_or_overflow(open_page: PageOpener, path: str,
                                                  title_key: str, charts: int, viewport: str):
    page = open_page(path, viewport, charts=charts)
    assert urlsplit(page.url).path == path, f"opened {path}, now at {page.url}"
    expect(page.locator("h1").first).to_have_text(t(title_key, "id"))
    assert_page_healthy(page, open_page)
    state = page_state(page, charts)
    assert len(state["charts"]) >= charts and all(c["drawn"] for c in state["charts"]), state
    if viewport == "phone":  # the filter bar starts folded away on a phone
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")


# -- sample badge -----------------------------------------------------------------------------

def test_sample_badge_on_the_sample_view_only(open_page: PageOpener,
                                              summary: Callable[..., pd.DataFrame]):
    sample = open_page("/", charts=1)
    badge = sample.get_by_test_id("stAlert").filter(has_text="DATA CONTOH")
    expect(badge).to_be_visible()

    published = open_page("/?seri=bp2mi", charts=1)
    assert query(published).get("seri") == "bp2mi", published.url
    # case-sensitive: the on-page switch's "Data contoh" option is not the mark
    expect(published.get_by_text(re.compile("DATA CONTOH"))).to_have_count(0)
    expect(published.get_by_text(re.compile("SAMPLE DATA"))).to_have_count(0)
    latest = summary(series="bp2mi")["tahun"].max()
    assert headline(published) == shown(cli_total(summary, series="bp2mi", tahun=latest))
    assert_page_healthy(published, open_page)


# -- language ---------------------------------------------------------------------------------

def test_switching_to_english_in_the_sidebar(open_page: PageOpener,
                                             summary: Callable[..., pd.DataFrame]):
    page = open_page("/", charts=1)
    latest = summary()["tahun"].max()
    total = cli_total(summary, tahun=latest)
    expect(page.get_by_test_id("stMetricLabel").first).to_have_text("PMI ditempatkan")
    assert headline(page) == shown(total, "id")

    page.get_by_test_id("stSidebar").get_by_role("radio", name="English").click()
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    expect(page.get_by_test_id("stMetricLabel").first).to_have_text("Migrant workers placed")
    wait_until_ready(page, 1)
    assert_page_healthy(page, open_page)
    assert headline(page) == shown(total, "en")  # 3,700 — not 3.700
    values = page.get_by_test_id("stMetricValue").all_inner_texts()
    assert re.fullmatch(r"\d{1,3}\.\d%", values[1].strip()), values  # 61.3% — not 61,3%
    delta = page.get_by_test_id("stMetricDelta").first.inner_text()
    assert "compared with" in delta and re.search(r"\(-?\d+\.\d%\)", delta), delta
    expect(page.get_by_test_id("stAlert").filter(has_text="SAMPLE DATA")).to_be_visible()
    expect(page.locator("h1").first).to_have_text("Overview")
    expect(page.get_by_test_id("stSidebar").get_by_role("link", name="Trends")).to_be_visible()
    body = page.locator("body").inner_text()
    assert "PMI ditempatkan" not in body and "Seluruh Banten" not in body


# -- the filter bar and the URL ---------------------------------------------------------------

@dataclass
class FilteredView:
    page: Page
    before: str  # the headline before any filter
    after_region: str  # after the regency was picked
    params: dict[str, str]  # the URL after the year slider moved too
    figure: str  # and the headline then


def pick_region(page: Page) -> None:
    """Pick Kab. Serang in the sidebar's regency field."""
    sidebar = page.get_by_test_id("stSidebar")
    regions = sidebar.get_by_role("combobox", name=t("filter.regions", "id"))
    # Scroll the sidebar first, as a person does: clicking a field below the fold makes
    # Playwright scroll while the option list opens, and its click then lands elsewhere.
    regions.scroll_into_view_if_needed()
    regions.click()
    expect(page.get_by_role("listbox")).to_be_visible()
    page.get_by_role("option", name=REGION_NAME, exact=True).click()
    page.keyboard.press("Escape")


def widen_years(page: Page) -> None:
    """Move the year slider's first handle one year back (keyboard)."""
    start = page.get_by_test_id("stSidebar").get_by_role("slider", name=re.compile(r"\bstart\b"))
    start.scroll_into_view_if_needed()
    start.focus()
    page.keyboard.press("ArrowLeft")


def wait_for_query(page: Page, **expected: str) -> None:
    """Wait until the URL holds ``expected`` (then for the run to end); fail with what the
    URL and the filter bar show otherwise."""
    wanted = re.compile("".join(rf"(?=.*[?&]{k}={re.escape(v)}(&|$))" for k, v in
                                expected.items()))
    try:
        expect(page).to_have_url(wanted, timeout=10_000)
        held = True
    except AssertionError:
        held = False
    if not held:
        sidebar = page.get_by_test_id("stSidebar")
        years = [s.input_value() for s in sidebar.get_by_role("slider").all()]
        regions = sidebar.get_by_test_id("stMultiSelect").first.inner_text()
        pytest.fail(f"the URL should hold {expected} but is {page.url}; the year slider shows "
                    f"{years}, the regency field {regions!r}, the headline {headline(page)}",
                    pytrace=False)
    wait_until_ready(page, 1)


@pytest.fixture(scope="module")
def filtered_view(browser_contexts: Callable[[str], BrowserContext], app_url: str,
                  server_log: Path, summary: Callable[..., pd.DataFrame],
                  request: pytest.FixtureRequest) -> Iterator[FilteredView]:
    """The overview after a regency was picked and the year slider moved in the sidebar."""
    latest = int(summary()["tahun"].max())
    page = browser_contexts("desktop").new_page()
    try:
        page.goto(app_url + "/")
        wait_until_ready(page, 1)
        before = headline(page)
        pick_region(page)
        wait_for_query(page, wilayah=REGION)
        after_region = headline(page)
        widen_years(page)
        wait_for_query(page, wilayah=REGION, tahun=f"{latest - 1}-{latest}")
    except BaseException:
        save_artifacts(request.node, [page], server_log)
        page.close()
        raise
    yield FilteredView(page, before, after_region, query(page), headline(page))
    page.close()


def test_filters_in_the_sidebar_go_to_the_url_and_the_figures(
        filtered_view: FilteredView, open_page: PageOpener,
        summary: Callable[..., pd.DataFrame]):
    page = filtered_view.page
    open_page.adopt(page)
    latest = int(summary()["tahun"].max())
    assert filtered_view.before == shown(cli_total(summary, tahun=str(latest)))
    region_only = cli_total(summary, wilayah=REGION, tahun=str(latest))
    assert filtered_view.after_region == shown(region_only), \
        f"headline {filtered_view.after_region} for {REGION}, summary gives {region_only}"
    assert filtered_view.after_region != filtered_view.before

    years = f"{latest - 1}-{latest}"
    assert filtered_view.params == {"wilayah": REGION, "tahun": years}, page.url
    expected = cli_total(summary, wilayah=REGION, tahun=years)
    assert filtered_view.figure == shown(expected), \
        f"headline {filtered_view.figure} for {REGION} {years}, summary gives {expected}"
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text=REGION_NAME).first) \
        .to_be_visible()
    assert_page_healthy(page, open_page)


def test_reload_keeps_the_view(filtered_view: FilteredView, open_page: PageOpener):
    page = filtered_view.page
    open_page.adopt(page)
    page.reload()
    wait_until_ready(page, 1)
    assert query(page) == filtered_view.params, page.url
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_test_id("stMultiSelect").first).to_contain_text(REGION_NAME)
    first, last = filtered_view.params["tahun"].split("-")
    expect(sidebar.get_by_role("slider", name=re.compile(r"\bstart\b"))).to_have_value(first)
    expect(sidebar.get_by_role("slider", name=re.compile(r"\bend\b"))).to_have_value(last)
    assert headline(page) == filtered_view.figure
    assert_page_healthy(page, open_page)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_pasted_link_opens_the_same_figures(open_page: PageOpener, viewport: str,
                                              summary: Callable[..., pd.DataFrame]):
    page = open_page(f"/?tahun=2023&wilayah={REGION}", viewport, charts=1)
    assert query(page) == {"tahun": "2023", "wilayah": REGION}, page.url
    assert_page_healthy(page, open_page)

    total = cli_total(summary, tahun="2023", wilayah=REGION)
    before = cli_total(summary, tahun="2022", wilayah=REGION)
    assert headline(page) == shown(total)
    delta = page.get_by_test_id("stMetricDelta").first.inner_text()
    assert shown(abs(total - before)) in delta and "2022" in delta, delta
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text=REGION_NAME).first) \
        .to_contain_text("2023")

    # the trend chart: every year of Kab. Serang, as summary gives them
    trend = summary(by="tahun", wilayah=REGION)
    expected = {str(y): int(v) for y, v in zip(trend["tahun"], trend["jumlah"], strict=True)}
    traces = page.evaluate(TREND_JS)
    assert traces and len(traces) == 1, traces
    drawn = {str(x): int(y) for x, y in zip(traces[0]["x"], traces[0]["y"], strict=True)}
    assert drawn == expected


def test_the_first_visitor_after_a_start_can_filter(
        fresh_app_url: str, open_page: PageOpener, summary: Callable[..., pd.DataFrame]):
    """The first browser session a server sees after it starts (after every deploy or
    restart) picks a regency: the choice must stick like any later visitor's."""
    page = open_page("/", charts=1, base=fresh_app_url)
    pick_region(page)
    wait_for_query(page, wilayah=REGION)
    latest = summary()["tahun"].max()
    assert headline(page) == shown(cli_total(summary, wilayah=REGION, tahun=latest))


def test_back_and_forward_restore_the_filtered_views(
        filtered_view: FilteredView, open_page: PageOpener,
        summary: Callable[..., pd.DataFrame]):
    """Each filter change is a history entry: back shows the view before it, forward the
    view after it, with the URL, the filter bar and the figures in step."""
    page = filtered_view.page
    open_page.adopt(page)
    latest = int(summary()["tahun"].max())
    page.go_back()
    wait_for_query(page, wilayah=REGION)
    assert "tahun" not in query(page)
    assert headline(page) == shown(cli_total(summary, wilayah=REGION, tahun=str(latest)))
    page.go_forward()
    wait_for_query(page, wilayah=REGION, tahun=f"{latest - 1}-{latest}")
    assert headline(page) == filtered_view.figure
