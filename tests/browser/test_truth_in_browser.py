"""The published series' Ringkasan and Peta in a real browser, desktop and phone: partial
years are labelled with what they cover, unpublished regencies are a state (never "NaN"),
and nothing says "Seluruh Banten" of a figure that covers less. A screenshot of each view is
kept in the test's folder (pytest's tmp_path) for a person to look at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import PageOpener

pytestmark = pytest.mark.browser
MISSING = re.compile(r"\b(NaN|nan|None|null|undefined)\b")


#: A chart's words: the title, subtitle and source line the page writes around the plot, and
#: every text of the plot (a label's lines joined by spaces).
CHART_TEXT_JS = """() => [...document.querySelectorAll(
    '.pmi-chart-head, .pmi-chart-source, .js-plotly-plot .main-svg text')].map(e => {
  const lines = e.matches('text') ? [...e.querySelectorAll('tspan.line')] : [];
  return lines.length ? lines.map(l => l.textContent).join(' ') : e.textContent;
}).join(' ')"""


def chart_text(page) -> str:
    return str(page.evaluate(CHART_TEXT_JS))


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_ringkasan_of_the_published_series_frames_its_partial_years(
        open_page: PageOpener, viewport: str, tmp_path: Path):
    page = open_page("/?seri=bp2mi&tahun=2018-2024", viewport=viewport, charts=1)
    body = page.locator("body").inner_text()
    text = chart_text(page)
    assert not MISSING.search(body) and not MISSING.search(text)
    assert "dibanding 2023" in text  # the title compares complete years only
    assert text.count("hanya Kota Cilegon") >= 5  # each partial bar says what it covers
    assert "2018–2022 hanya Kota Cilegon" in body  # and one sentence above the chart
    assert "DATA CONTOH" not in body
    assert page.get_by_role("radio", name="Data contoh").count() + \
        page.get_by_text("Data contoh", exact=True).count() >= 1  # the switch is on the page
    page.screenshot(path=str(tmp_path / f"ringkasan-bp2mi-{viewport}.png"))


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_peta_of_the_published_series_shows_unpublished_regencies_as_such(
        open_page: PageOpener, viewport: str, tmp_path: Path):
    page = open_page("/peta?seri=bp2mi&tahun=2024", viewport=viewport, charts=1)
    text = chart_text(page)
    body = page.locator("body").inner_text()
    assert not MISSING.search(text) and not MISSING.search(body)
    assert text.count("Tidak diterbitkan") >= 4  # the four cities, and the legend entry
    assert "Seluruh Banten" not in text
    assert "4 dari 8 kabupaten/kota" in text
    page.screenshot(path=str(tmp_path / f"peta-bp2mi-{viewport}.png"))
