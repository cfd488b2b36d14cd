"""Presentation mode on a projector (issue 15): at 1920×1080 the headline figures are at least
64 px, a chart slide's chart fills at least 70 % of the screen height with a title of at least
36 px and axis labels of at least 20 px; the keys a presenter or a clicker sends move between
slides and the address follows; Esc leaves and keeps the view; at 1366×768 a slide fits
without scrolling. Every slide is drawn when presentation mode opens and the keys switch
between them in the browser: a slide brought into sight has its chart at full size."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import VIEWPORTS, PageOpener, wait_until_ready

pytestmark = pytest.mark.browser
BASE = "/?seri=contoh&tahun=2021-2024&mode=presentasi"

FIGURES_JS = """() => [...document.querySelectorAll('.pmi-tile .pmi-value')]
    .map(e => parseFloat(getComputedStyle(e).fontSize))"""
CHART_JS = """() => {
  // the chart of the slide in sight (the others wait out of sight, hidden)
  const chart = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
      .find(e => getComputedStyle(e).visibility === 'visible'
                 && e.getBoundingClientRect().left >= 0);
  const box = chart.getBoundingClientRect();
  const size = (selector) => [...chart.querySelectorAll(selector)]
      .map(e => parseFloat(getComputedStyle(e).fontSize));
  return {height: box.height, width: box.width, title: size('.gtitle'),
          xticks: size('.xtick text'), yticks: size('.ytick text'),
          map: chart.querySelectorAll('.choroplethlocation').length,
          bars: chart.querySelectorAll('.trace.bars .point path').length};
}"""
FITS_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const last = [...document.querySelectorAll('.pmi-controls, [class*="st-key-presentation_"]')]
      .map(e => e.getBoundingClientRect().bottom);
  return {scroll: main.scrollHeight - main.clientHeight,
          doc: document.documentElement.scrollHeight - window.innerHeight,
          bottom: Math.max(...last), height: window.innerHeight};
}"""


def _params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _counter(page: Page) -> str:
    return page.locator(".pmi-counter").inner_text().strip()


def _wait_for(page: Page, text: str) -> None:
    page.locator(".pmi-counter", has_text=text).wait_for(timeout=30_000)
    wait_until_ready(page)


def test_headline_figures_read_from_the_back_of_the_room(open_page: PageOpener):
    page = open_page(BASE + "&slide=2", viewport="projector")
    sizes = page.evaluate(FIGURES_JS)
    assert sizes and min(sizes) >= 64, sizes
    assert "DATA CONTOH" in page.inner_text("body")
    assert "Grafik" not in _counter(page) and _counter(page).startswith("2 / ")


def test_a_chart_slide_fills_the_screen_with_large_type(open_page: PageOpener):
    page = open_page(BASE + "&slide=3", viewport="projector", charts=1)
    measured = page.evaluate(CHART_JS)
    assert measured["height"] >= 0.7 * 1080, measured
    assert min(measured["title"]) >= 36, measured
    assert min(measured["xticks"] + measured["yticks"]) >= 20, measured


def test_keys_move_between_slides_and_the_address_follows(open_page: PageOpener):
    page = open_page(BASE + "&slide=1", viewport="projector")
    total = _counter(page).split("/")[1].strip()
    for key, expected in (("ArrowRight", "2"), ("PageDown", "3"), ("PageUp", "2"),
                          ("ArrowLeft", "1"), ("End", total), ("Home", "1")):
        page.keyboard.press(key)
        _wait_for(page, f"{expected} / {total}")
        assert _params(page).get("slide") == [expected], (key, page.url)
    # the regency slide, brought into sight by keys: its map and bars at full size
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    _wait_for(page, f"4 / {total}")
    measured = page.evaluate(CHART_JS)
    assert measured["height"] >= 0.7 * 1080 and measured["width"] >= 0.9 * 1920, measured
    assert measured["map"] == 8 and measured["bars"] == 8, measured
    page.locator(".pmi-controls button[data-go='first']").click()  # the buttons work too
    _wait_for(page, f"1 / {total}")
    assert _params(page).get("slide") == ["1"]
    page.keyboard.press("Escape")
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=30_000)
    params = _params(page)
    assert "mode" not in params and "slide" not in params
    assert params.get("seri") == ["contoh"] and params.get("tahun") == ["2021-2024"]


@pytest.mark.parametrize("slide", ["1", "2", "3", "4"])
def test_a_slide_fits_a_small_projector_without_scrolling(open_page: PageOpener, slide: str):
    page = open_page(f"{BASE}&slide={slide}", viewport="desktop",
                     charts=1 if int(slide) > 2 else 0)
    assert VIEWPORTS["desktop"] == {"width": 1366, "height": 768}
    fits = page.evaluate(FITS_JS)
    assert fits["scroll"] <= 1 and fits["doc"] <= 1, fits
    assert fits["bottom"] <= fits["height"], fits
