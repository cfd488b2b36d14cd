"""Charts as a reader sees them on a phone (375 px) and a desktop, in both languages
(issue #14, phone-first charts): every chart's title, subtitle and source line are whole and
inside the screen, above and below the plot rather than over it; legends and colour keys sit
below the plot and its axis labels; no text of a chart runs past its edge; there is no plotly
mode bar, also on a touch screen; the map's labels are inside the map and apart from each
other. Measured with the bounding boxes the browser computes."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import VIEWPORTS, PageOpener, wait_until_ready

pytestmark = pytest.mark.browser

#: path, charts drawn on the default (sample) view
CHART_PAGES = [("/", 1), ("/tren", 4), ("/skema", 2), ("/sektor", 4), ("/negara", 3),
               ("/kinerja", 1), ("/?seri=bp2mi", 1), ("/tren?seri=bp2mi", 2)]
SLACK = 1.0  # px: sub-pixel rounding of the boxes

#: Per chart, in page order: the words the page writes above and below it and the boxes of
#: the plot's parts.
CHARTS_JS = """
() => {
  const box = e => { if (!e) return null; const b = e.getBoundingClientRect();
    return {x0: b.left, x1: b.right, y0: b.top, y1: b.bottom, w: b.width, h: b.height}; };
  const overflows = e => e ? e.scrollWidth > e.clientWidth + 1 : false;
  const order = [...document.querySelectorAll(
    '.pmi-chart-head, [data-testid="stPlotlyChart"], p.pmi-chart-source')];
  const out = [];
  let head = null;
  order.forEach((element, index) => {
    if (element.matches('.pmi-chart-head')) { head = element; return; }
    if (!element.matches('[data-testid="stPlotlyChart"]')) return;
    const next = order[index + 1];
    const source = next && next.matches('p.pmi-chart-source') ? next : null;
    const svg = element.querySelector('.main-svg');
    const plot = element.querySelector('.draglayer .nsewdrag') ||
                 element.querySelector('.geolayer .bg rect');
    const texts = [...element.querySelectorAll('svg text')]
      .filter(t => t.textContent.trim() && !t.closest('.hoverlayer') && box(t).w > 0)
      .map(t => ({text: t.textContent, ...box(t)}));
    const below = [...element.querySelectorAll('.xtick text, .g-xtitle text')]
      .filter(t => t.textContent.trim()).map(box).filter(b => b.w > 0);
    const legend = element.querySelector('.legend .traces') ? element.querySelector('.legend')
                                                            : null;
    out.push({
      head: head && {...box(head), text: head.innerText, overflows: overflows(head) ||
        [...head.children].some(overflows)},
      title: head && head.querySelector('.pmi-chart-title') ?
        head.querySelector('.pmi-chart-title').innerText : null,
      source: source && {...box(source), text: source.innerText, overflows: overflows(source)},
      svg: box(svg), plot: box(plot), texts, below,
      legend: box(legend), colorbar: box(element.querySelector('.colorbar')),
      modebar: element.querySelectorAll('.modebar-btn').length,
    });
    head = null;
  });
  return {charts: out, innerWidth: window.innerWidth,
          scrollWidth: document.documentElement.scrollWidth,
          modebars: document.querySelectorAll('.modebar-btn, .modebar-group').length};
}
"""


def inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (inner["x0"] >= outer["x0"] - SLACK and inner["x1"] <= outer["x1"] + SLACK
            and inner["y0"] >= outer["y0"] - SLACK and inner["y1"] <= outer["y1"] + SLACK)


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x0"] < b["x1"] - SLACK and b["x0"] < a["x1"] - SLACK
            and a["y0"] < b["y1"] - SLACK and b["y0"] < a["y1"] - SLACK)


def check_charts(page: Page, expected: int) -> list[dict[str, Any]]:
    """Assert what a reader must see of every chart on ``page``; returns the measures."""
    measured = page.evaluate(CHARTS_JS)
    width = measured["innerWidth"]
    screen = {"x0": 0.0, "x1": float(width), "y0": -1e9, "y1": 1e9}
    charts = measured["charts"]
    assert len(charts) >= expected, f"{page.url}: {len(charts)} charts"
    assert measured["scrollWidth"] <= width + SLACK, "the page scrolls sideways"
    assert measured["modebars"] == 0, "a plotly mode bar is on the page"
    for number, chart in enumerate(charts, start=1):
        where = f"{page.url} chart {number} ({chart['title']!r})"
        head, source, svg, plot = chart["head"], chart["source"], chart["svg"], chart["plot"]
        assert head and chart["title"], f"{where}: no title above the chart"
        assert inside(head, screen) and not head["overflows"], f"{where}: title cut {head}"
        assert head["y1"] <= svg["y0"] + SLACK, f"{where}: the title overlaps the plot"
        assert source and source["text"], f"{where}: no source line under the chart"
        assert inside(source, screen) and not source["overflows"], f"{where}: source cut"
        assert source["y0"] >= svg["y1"] - SLACK, f"{where}: the source line overlaps the plot"
        assert inside(svg, screen), f"{where}: the plot runs past the screen {svg}"
        for text in chart["texts"]:
            assert inside(text, svg), f"{where}: {text['text']!r} cut at the chart's edge"
        if chart["legend"]:
            legend = chart["legend"]
            lowest = max([plot["y1"], *(b["y1"] for b in chart["below"])])
            assert legend["y0"] >= lowest - SLACK, f"{where}: the legend is not below the plot"
            assert inside(legend, svg), f"{where}: the legend is cut"
        if chart["colorbar"]:
            assert chart["colorbar"]["y0"] >= plot["y1"] - SLACK, \
                f"{where}: the colour key is not below the map"
        for label in chart["below"]:
            assert inside(label, svg), f"{where}: an axis label is cut"
            assert not (chart["legend"] and overlap(label, chart["legend"])), \
                f"{where}: the legend covers an axis label"
    return charts


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize(("path", "charts"), CHART_PAGES)
def test_every_chart_reads_whole(open_page: PageOpener, path: str, charts: int,
                                 viewport: str, lang: str):
    joiner = "&" if "?" in path else "?"
    page = open_page(f"{path}{joiner}lang={lang}", viewport=viewport, charts=charts)
    measured = check_charts(page, charts)
    if viewport == "phone":
        # on a phone a long title takes two lines or more instead of being cut
        assert any(c["head"]["h"] > 60 for c in measured), "no title wrapped at 375 px"


def test_no_mode_bar_on_a_touch_screen(browser: Browser, app_url: str, open_page: PageOpener):
    context = browser.new_context(viewport=VIEWPORTS["phone"], has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        open_page.adopt(page)
        page.goto(app_url + "/tren?lang=en")
        wait_until_ready(page, 4)
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.scroll_into_view_if_needed()
        chart.tap()
        page.wait_for_timeout(300)
        assert page.locator(".modebar-btn").count() == 0
        # the chart's own menu replaces it
        assert page.get_by_role("button", name="Download").count() >= 1
    finally:
        context.close()


#: The map's labels and its frame (the geo subplot's background).
MAP_JS = """
() => {
  const chart = document.querySelector('[data-testid="stPlotlyChart"]');
  const box = e => { const b = e.getBoundingClientRect();
    return {x0: b.left, x1: b.right, y0: b.top, y1: b.bottom}; };
  const labels = [...chart.querySelectorAll('.geolayer text')]
    .filter(t => t.textContent.trim()).map(t => ({text: t.textContent, ...box(t)}));
  return {frame: box(chart.querySelector('.geolayer .bg rect')), labels,
          innerWidth: window.innerWidth};
}
"""


@pytest.mark.parametrize("series", ["contoh", "bp2mi"])
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_map_labels_are_whole_and_apart(open_page: PageOpener, viewport: str, lang: str,
                                        series: str):
    """Also for the published series, where four cities' labels say "not published"."""
    page = open_page(f"/peta?lang={lang}&seri={series}", viewport=viewport, charts=1)
    page.wait_for_function("() => document.querySelectorAll('.choroplethlocation').length >= 8",
                           timeout=30_000)
    check_charts(page, 1)
    measured = page.evaluate(MAP_JS)
    labels = measured["labels"]
    assert len(labels) == 8, labels
    for label in labels:
        assert inside(label, measured["frame"]), f"{label['text']!r} cut by the map's edge"
        assert label["x0"] >= 0 and label["x1"] <= measured["innerWidth"]
    for index, first in enumerate(labels):
        for second in labels[index + 1:]:
            assert not overlap(first, second), (first["text"], second["text"])
    south = next(label for label in labels if "Selatan" in label["text"] or
                 "South" in label["text"])
    assert "Tangerang" in south["text"]  # the whole name, in lines, not "Kota Tangerang S…"
    hint = "Tap or click a regency" if lang == "en" else "Ketuk atau klik"
    assert page.get_by_text(hint).count() == 1, "no cue that a regency opens its profile"


def test_a_picked_regency_links_to_its_profile(open_page: PageOpener):
    page = open_page("/peta?lang=en&wilayah=3674", viewport="phone", charts=2)
    link = page.get_by_role("link", name="↓ Profile of South Tangerang City")
    assert link.count() == 1
    link.click()
    heading = page.get_by_role("heading", name="South Tangerang City").first
    page.wait_for_timeout(500)
    top = heading.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < VIEWPORTS["phone"]["height"], "the link does not bring the profile up"


def test_a_tap_on_a_small_city_opens_that_city(browser: Browser, app_url: str,
                                               open_page: PageOpener):
    """A tap on a small city opens that city, not a neighbour whose label is near:
    Kota Cilegon, a few pixels wide on a phone, beside Kab. Serang's label."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        open_page.adopt(page)
        page.goto(app_url + "/peta?lang=en")
        wait_until_ready(page, 1)
        page.locator('[data-testid="stPlotlyChart"]').first.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => document.querySelectorAll('.choroplethlocation').length >= 8")
        index = page.evaluate("() => [...document.querySelectorAll('.choroplethlocation')]"
                              ".map(p => String(p.__data__.loc))").index("3672")
        box = page.locator(".choroplethlocation").nth(index).bounding_box()
        assert box is not None
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_function("() => location.search.includes('wilayah=')", timeout=30_000)
        assert "wilayah=3672" in page.url
    finally:
        context.close()
