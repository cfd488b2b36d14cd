"""The Pemagangan page in a real browser (headless Chromium) on the shipped sample interns: at
phone (375 px) and desktop width every chart — the offline regency map included — is drawn,
nothing is wider than the window, the headline tiles stack on a phone, the status control
changes what is counted, and the overview's line leads to the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from tests.browser.conftest import PageOpener, page_state
from tests.browser.test_pages_in_browser import assert_page_healthy

pytestmark = pytest.mark.browser

#: Trend, map, organiser, destination, field, protection.
CHARTS = 6

TILES_JS = """
() => [...document.querySelectorAll('[data-testid="stMetric"]')].map(tile => {
  const box = tile.getBoundingClientRect();
  return {left: Math.round(box.left), top: Math.round(box.top), right: Math.round(box.right)};
})
"""


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_page_is_drawn_without_overflow(open_page: PageOpener, viewport: str, lang: str):
    page = open_page(f"/pemagangan?lang={lang}", viewport, charts=CHARTS)
    expect(page.locator("h1").first).to_have_text(t("magang.title", lang))
    expect(page.get_by_test_id("stAlert").filter(has_text="DATA CONTOH" if lang == "id"
                                                 else "SAMPLE DATA")).to_be_visible()
    assert_page_healthy(page, open_page)
    state = page_state(page, CHARTS)
    assert len(state["charts"]) >= CHARTS and all(c["drawn"] for c in state["charts"]), state
    assert page.locator(".choroplethlocation").count() >= 8, "the offline map is drawn"
    tiles = page.evaluate(TILES_JS)
    assert len(tiles) == 4
    width = page.viewport_size["width"]
    assert all(tile["right"] <= width + 1 for tile in tiles), tiles
    if viewport == "phone":  # one tile a row, in order
        assert len({tile["left"] for tile in tiles}) == 1, tiles
        assert [tile["top"] for tile in tiles] == sorted(tile["top"] for tile in tiles)
    else:  # two a row
        assert len({tile["left"] for tile in tiles}) == 2, tiles
    expect(page.get_by_role("link", name=t("magang.protection.why", lang).split("[")[1]
                            .split("]")[0])).to_have_attribute(
        "href", "https://id.wikisource.org/wiki/Undang-Undang_Republik_Indonesia_Nomor_18_Tahun_2017")


def test_the_status_control_changes_what_is_counted(open_page: PageOpener):
    page = open_page("/pemagangan", "phone", charts=CHARTS)
    page.get_by_role("radio", name=t("magang.status.1", "id")).click()
    expect(page).to_have_url(re.compile(r"status_magang=Purna"))
    expect(page.locator(".pmi-chart-title").first).to_contain_text("kembali")


def test_the_overview_line_leads_to_the_page(open_page: PageOpener):
    page = open_page("/ringkasan?lang=en", "phone", charts=1)
    link = page.get_by_role("link", name="see the Internships abroad page")
    expect(link).to_be_visible()
    href = link.get_attribute("href") or ""
    assert href.endswith("pemagangan?lang=en"), href
