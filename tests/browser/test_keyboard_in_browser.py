"""By keyboard only (issue 18): Tab reaches the filters and a chart's download menu, which
opens with Enter; on the map page Tab reaches the regency list beside the map, and choosing a
regency with the keys opens its profile. Every stop shows a focus ring (computed outline)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.i18n import t
from tests.browser.conftest import PageOpener, wait_until_ready

pytestmark = pytest.mark.browser

MAX_TABS = 120
FOCUSED_JS = """
() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const labelled = e.closest('[data-testid="stWidgetLabel"]') || null;
  const widget = e.closest('[data-testid^="st"][class*="stElementContainer"], '
    + '[data-testid="stMultiSelect"], [data-testid="stSlider"], [data-testid="stSelectbox"], '
    + '[data-testid="stPopover"], [data-testid="stSidebar"]');
  const box = e.getBoundingClientRect();
  return {tag: e.tagName, title: e.getAttribute('title') || '', src: (e.src || '').slice(-60),
          width: box.width, height: box.height, text: (e.innerText || e.value || '').slice(0, 60),
          label: e.getAttribute('aria-label') || '',
          inSidebar: !!e.closest('[data-testid="stSidebar"]'),
          multiselect: !!e.closest('[data-testid="stMultiSelect"]'),
          slider: !!e.closest('[data-testid="stSlider"]'),
          selectbox: !!e.closest('[data-testid="stSelectbox"]'),
          popover: !!e.closest('[data-testid="stPopover"]'),
          outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
          container: widget ? widget.getAttribute('data-testid') : null, labelled: !!labelled};
}
"""


def tab_until(page: Page, wanted: Any, stops: list[dict[str, Any]]) -> dict[str, Any]:
    """Press Tab until ``wanted(stop)``; every stop is recorded in ``stops``."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED_JS)
        if stop is None:
            continue
        stops.append(stop)
        if wanted(stop):
            return stop
    seen = [s["text"] or s["label"] or s["tag"] for s in stops]
    raise AssertionError(f"not reached in {MAX_TABS} tabs: {seen}")


def assert_focus_visible(stops: list[dict[str, Any]]) -> None:
    hidden = [s for s in stops if s["outline"] == "none" or s["outlineWidth"] < 2]
    assert not hidden, hidden


def test_filters_and_download_menu_by_keyboard(open_page: PageOpener) -> None:
    page = open_page("/?seri=contoh&lang=id", "desktop", charts=1)
    stops: list[dict[str, Any]] = []
    tab_until(page, lambda s: s["inSidebar"] and (s["multiselect"] or s["slider"]), stops)
    menu = t("export.menu", "id")
    tab_until(page, lambda s: s["tag"] == "BUTTON" and menu in s["text"], stops)
    assert_focus_visible(stops)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="CSV")).to_be_visible()


def test_map_regency_list_opens_the_profile_by_keyboard(open_page: PageOpener) -> None:
    page = open_page("/peta?seri=contoh&lang=id", "desktop", charts=1)
    stops: list[dict[str, Any]] = []
    tab_until(page, lambda s: s["selectbox"] and not s["inSidebar"]
              and "kabupaten/kota" in s["label"].lower(), stops)
    assert_focus_visible(stops)
    page.keyboard.type("Lebak")
    page.keyboard.press("Enter")
    page.wait_for_url("**wilayah=3602**")
    wait_until_ready(page, 1)
    expect(page.get_by_role("heading", name="Kab. Lebak")).to_be_visible()
