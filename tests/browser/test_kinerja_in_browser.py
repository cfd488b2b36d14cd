"""The Kinerja page in a real browser (headless Chromium), on the shipped sample indicators: at
desktop and phone width the overview is drawn first and alone, each card's trend when the card
is opened, every card and chart is drawn, nothing is wider than the window, the cards sit side
by side on a desktop and stack in order on a phone, and the year in the URL works."""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from dashboard.i18n import t
from loaders import pipeline
from tests.browser.conftest import PageOpener, page_state, wait_until_ready
from tests.browser.test_pages_in_browser import assert_page_healthy
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SAMPLE = ROOT / "data" / "sample" / "kinerja_contoh.csv"

CARDS_JS = """
() => [...document.querySelectorAll('[class*="st-key-kinerja_card_"]')]
  .map(card => {
    const box = card.getBoundingClientRect();
    return {left: Math.round(box.left), top: Math.round(box.top), right: Math.round(box.right),
            title: card.querySelector('h4') ? card.querySelector('h4').innerText : null};
  })
"""


def sample_indicators() -> list[str]:
    """Names of the shipped sample's indicators, in code order (as the page lists them)."""
    rows = pipeline.prepare(SAMPLE, pipeline.Options()).indicators.frame
    return rows.drop_duplicates("kode_indikator").sort_values("kode_indikator")[
        "indikator"].tolist()


def cards(page: Page) -> list[dict]:
    return page.evaluate(CARDS_JS)


def open_trends(page: Page, drawn: int = 1) -> int:
    """Open every card's "trend by year", one tap each, waiting for its chart; the number of
    charts then drawn."""
    label = t("kinerja.trend_open", "id")
    toggles = page.get_by_test_id("stExpander").filter(has_text=label).locator("summary")
    for number in range(toggles.count()):
        toggles.nth(number).click()
        drawn += 1
        wait_until_ready(page, drawn)
    return drawn


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_cards_and_charts_are_drawn_without_overflow(open_page: PageOpener, viewport: str):
    names = sample_indicators()
    page = open_page("/kinerja", viewport, charts=1)
    expect(page.locator("h1").first).to_have_text(t("kinerja.title", "id"))
    expect(page.get_by_test_id("stAlert").filter(has_text="DATA CONTOH")).to_be_visible()
    assert len(page_state(page)["charts"]) == 1  # the overview first, alone
    assert open_trends(page) == 1 + len(names)
    assert_page_healthy(page, open_page)
    state = page_state(page, 1 + len(names))
    assert len(state["charts"]) == 1 + len(names), state
    assert all(chart["drawn"] > 0 for chart in state["charts"]), state
    shown = cards(page)
    assert [c["title"] for c in shown] == names
    width = page.viewport_size["width"]
    assert all(c["right"] <= width + 1 for c in shown), shown
    for status in ("met", "nearly", "not_met", "no_data"):
        expect(page.locator(f".kinerja-chip[data-status='{status}']").first).to_contain_text(
            t(f"kinerja.status.{status}", "id"))
    if viewport == "phone":  # one column, in order
        assert len({c["left"] for c in shown}) == 1, shown
        assert [c["top"] for c in shown] == sorted(c["top"] for c in shown)
    else:  # two cards a row
        assert len({c["left"] for c in shown}) == 2, shown
        assert shown[0]["top"] == shown[1]["top"], shown


def test_a_linked_year_shows_that_years_figures(open_page: PageOpener):
    rows = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    first = rows[(rows["tahun"] == "2024")].iloc[0]  # a whole-year row of the first indicator
    page = open_page("/kinerja?tahun_kinerja=2024", "phone", charts=1)
    assert_page_healthy(page, open_page)
    card = page.locator('[class*="st-key-kinerja_card_"]').filter(
        has=page.locator("h4", has_text=first["indikator"])).first
    expect(card).to_contain_text("Tahun 2024")
    expect(card.get_by_test_id("stMetricValue").first).to_have_text(
        f"{first['target']} {first['satuan']}")
    expect(card.get_by_test_id("stMetricValue").nth(1)).to_have_text(
        f"{first['realisasi']} {first['satuan']}")


CLIPPED_JS = """() => [...document.querySelectorAll(
    '[class*="st-key-kinerja_card_"] [data-testid=stMetricValue]')].map(e => {
    const inner = [e, ...e.querySelectorAll('*')];
    return {text: e.innerText, cut: inner.some(x => x.scrollWidth > x.clientWidth + 1)};
})"""


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_cards_figures_are_never_cut(open_page: PageOpener, viewport: str, lang: str):
    """Three figures side by side in half the page were cut to "450 or…" and "belum …" at
    1366 px: they are the card's own figures, smaller than the headline ones, and wrap."""
    page = open_page(f"/kinerja?lang={lang}", viewport, charts=1)
    figures = page.evaluate(CLIPPED_JS)
    assert len(figures) >= 3 * 6, figures  # target, realisation, capaian of each indicator
    assert not [f["text"] for f in figures if f["cut"] or "…" in f["text"]], figures
    shown = " ".join(f["text"] for f in figures)
    assert t("kinerja.not_reported", lang) in shown
