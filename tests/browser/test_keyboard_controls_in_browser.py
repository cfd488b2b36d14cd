"""By keyboard only (issue 18, point 2): the controls beside the filters and the map's list —
the language and series switches, the filter bar's slider and lists, a chart's "show as table"
toggle and download menu, presentation mode and the feedback form — are reached with Tab in
the order they are read, used with Enter, Space and the arrow keys, and every stop on the way
shows a focus ring: on ``:focus-visible`` a computed outline (or box shadow) of at least 2 px
in a colour of at least 3:1 against white."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.i18n import t
from tests.browser.conftest import READY_TIMEOUT_MS, PageOpener, wait_until_ready

pytestmark = pytest.mark.browser

MAX_TABS = 120
#: The focused element: what it is, where, its name, and the ring ``:focus-visible`` draws.
FOCUS_JS = """
() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  const label = e.getAttribute('aria-label')
    || (e.labels && e.labels[0] ? e.labels[0].innerText : '')
    || (e.closest('[data-testid="stTextArea"], [data-testid="stTextInput"]')
        ?.querySelector('label')?.innerText || '');
  return {tag: e.tagName, role: e.getAttribute('role') || '', label: label.trim(),
          text: (e.innerText || '').trim().slice(0, 80),
          checked: e.getAttribute('aria-checked'), type: e.getAttribute('type') || '',
          inSidebar: !!e.closest('[data-testid="stSidebar"]'),
          inPopover: !!e.closest('[data-testid="stPopoverBody"]'),
          widget: e.closest('[data-testid^="st"]')?.getAttribute('data-testid') || '',
          focusVisible: e.matches(':focus-visible'),
          outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
          outlineColor: s.outlineColor, boxShadow: s.boxShadow,
          width: box.width, height: box.height};
}
"""


def _channel(value: float) -> float:
    value /= 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def contrast_with_white(css_colour: str) -> float:
    """WCAG contrast of an ``rgb()``/``rgba()`` colour against white (transparent: 1)."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css_colour)]
    if len(numbers) < 3 or (len(numbers) == 4 and numbers[3] == 0):
        return 1.0
    r, g, b = (_channel(n) for n in numbers[:3])
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def ring_is_visible(stop: dict[str, Any]) -> bool:
    outline = (stop["outlineStyle"] not in ("none", "hidden") and stop["outlineWidth"] >= 2
               and contrast_with_white(stop["outlineColor"]) >= 3)
    shadow = stop["boxShadow"] not in ("", "none") and bool(
        re.search(r"\b([2-9]|\d{2,})px\b", stop["boxShadow"]))
    return stop["focusVisible"] and (outline or shadow)


def tab_until(page: Page, wanted: Callable[[dict[str, Any]], bool],
              stops: list[dict[str, Any]], key: str = "Tab") -> dict[str, Any]:
    """Press ``key`` until ``wanted(stop)``; every stop is recorded in ``stops``."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        stop = page.evaluate(FOCUS_JS)
        if stop is None:
            continue
        stops.append(stop)
        if wanted(stop):
            return stop
    seen = [s["label"] or s["text"] or s["tag"] for s in stops]
    raise AssertionError(f"not reached in {MAX_TABS} presses of {key}: {seen}")


def assert_rings(stops: list[dict[str, Any]]) -> None:
    missing = [s for s in stops if s["width"] > 0 and not ring_is_visible(s)]
    assert not missing, missing


def focused(page: Page) -> dict[str, Any]:
    stop = page.evaluate(FOCUS_JS)
    assert stop is not None, "focus was lost"
    return stop


def settle(page: Page) -> None:
    page.wait_for_timeout(300)  # the rerun a key started has begun
    wait_until_ready(page)


def test_the_focus_ring_check_fails_without_a_ring() -> None:
    """The check above is not a formality: no ring, a thin one or a faint one fail it."""
    good = {"focusVisible": True, "outlineStyle": "solid", "outlineWidth": 3.0,
            "outlineColor": "rgb(29, 78, 137)", "boxShadow": "none"}
    assert ring_is_visible(good)
    assert not ring_is_visible({**good, "outlineStyle": "none"})
    assert not ring_is_visible({**good, "outlineWidth": 1.0})
    assert not ring_is_visible({**good, "outlineColor": "rgb(230, 230, 230)"})
    assert not ring_is_visible({**good, "focusVisible": False})
    assert ring_is_visible({**good, "outlineStyle": "none",
                            "boxShadow": "rgb(29, 78, 137) 0px 0px 0px 3px"})


def test_language_switch_by_keyboard(open_page: PageOpener) -> None:
    page = open_page("/?seri=contoh&lang=id", "desktop", charts=1)
    stops: list[dict[str, Any]] = []
    first = tab_until(page, lambda s: s["inSidebar"] and s["role"] == "radio", stops)
    assert first["text"] == "Bahasa Indonesia" and first["checked"] == "true"
    # the navigation comes first, then the language, then the filters
    assert any(s["widget"].startswith("stPageLink") for s in stops[:-1])
    assert not any(s["widget"] in ("stSlider", "stMultiSelect") for s in stops)
    page.keyboard.press("ArrowRight")
    assert focused(page)["text"] == "English"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"lang=en"), timeout=READY_TIMEOUT_MS)
    wait_until_ready(page, 1)
    expect(page.locator("h1").first).to_have_text(t("ringkasan.title", "en"))
    assert page.evaluate("document.documentElement.lang") == "en"
    assert_rings(stops)


def test_series_switch_by_keyboard(open_page: PageOpener) -> None:
    page = open_page("/tren?seri=contoh&lang=id", "desktop", charts=1)
    stops: list[dict[str, Any]] = []
    published = t("switch.terbitan", "id")
    tab_until(page, lambda s: not s["inSidebar"] and s["role"] == "radio", stops)
    stop = focused(page)
    if stop["text"] != published:
        page.keyboard.press("ArrowLeft")
    assert focused(page)["text"] == published and focused(page)["checked"] == "false"
    page.keyboard.press("Space")
    page.wait_for_url(lambda url: "seri=contoh" not in url, timeout=READY_TIMEOUT_MS)
    wait_until_ready(page)
    chosen = page.get_by_role("radio", name=published)
    expect(chosen).to_have_attribute("aria-checked", "true")
    assert page.get_by_text(t("chart.sample_mark", "id")).count() == 0  # no sample mark now
    assert_rings(stops)


def test_filters_by_keyboard(open_page: PageOpener) -> None:
    page = open_page("/?seri=contoh&lang=id", "desktop", charts=1)
    stops: list[dict[str, Any]] = []
    start = tab_until(page, lambda s: s["inSidebar"] and s["widget"] == "stSlider", stops)
    assert t("filter.years", "id") in start["label"]
    before = page.url
    page.keyboard.press("ArrowLeft")  # the first year one earlier
    page.wait_for_url(lambda url: url != before and "tahun" in url, timeout=READY_TIMEOUT_MS)
    settle(page)
    regions = t("filter.regions", "id")
    tab_until(page, lambda s: s["inSidebar"] and regions.lower() in s["label"].lower(), stops)
    page.keyboard.type("Lebak")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"wilayah=3602"), timeout=READY_TIMEOUT_MS)
    page.keyboard.press("Escape")
    settle(page)
    assert "tahun" in page.url
    assert_rings(stops)


def test_table_toggle_and_download_menu_by_keyboard(open_page: PageOpener) -> None:
    page = open_page("/tren?seri=contoh&lang=en", "desktop", charts=1)
    charts = page.get_by_test_id("stPlotlyChart").count()
    stops: list[dict[str, Any]] = []
    toggle = tab_until(page, lambda s: s["label"] == t("chart.show_table", "en")
                       or s["text"] == t("chart.show_table", "en"), stops)
    assert not toggle["inSidebar"]
    page.keyboard.press("Space")
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(charts - 1,
                                                                timeout=READY_TIMEOUT_MS)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    wait_until_ready(page)
    tab_until(page, lambda s: s["tag"] == "BUTTON" and t("export.menu", "en") in s["text"], stops)
    page.keyboard.press("Enter")
    csv = page.get_by_role("button", name="CSV", exact=True)
    expect(csv).to_be_visible()
    inside = tab_until(page, lambda s: s["inPopover"], stops)
    assert inside["tag"] in ("BUTTON", "A")
    page.keyboard.press("Escape")
    expect(csv).to_be_hidden()
    assert_rings(stops)


def test_presentation_mode_by_keyboard(open_page: PageOpener) -> None:
    page = open_page("/?seri=contoh&lang=id", "desktop", charts=1)
    stops: list[dict[str, Any]] = []
    tab_until(page, lambda s: t("presentation.toggle", "id") in s["text"], stops)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"mode=presentasi"), timeout=READY_TIMEOUT_MS)
    settle(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"slide=2"), timeout=READY_TIMEOUT_MS)
    settle(page)
    page.keyboard.press("End")
    page.wait_for_url(re.compile(r"slide=\d+"), timeout=READY_TIMEOUT_MS)
    settle(page)
    # the slide's own buttons are keyboard stops too
    tab_until(page, lambda s: s["text"] == t("presentation.exit", "id"), stops)
    page.keyboard.press("Escape")
    page.wait_for_url(lambda url: "mode=" not in url, timeout=READY_TIMEOUT_MS)
    wait_until_ready(page, 1)
    assert "seri=contoh" in page.url
    assert_rings(stops)


def test_feedback_form_by_keyboard(open_page: PageOpener) -> None:
    page = open_page("/masukan?lang=en", "desktop")
    page.locator("h1").first.click()  # start reading at the title, as after a page change
    stops: list[dict[str, Any]] = []
    topic = tab_until(page, lambda s: s["role"] == "combobox" and not s["inSidebar"], stops)
    assert topic["label"] == t("masukan.topic.label", "en")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("listbox")).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("listbox")).to_be_hidden()
    order = [topic["label"]]
    for _ in range(6):
        page.keyboard.press("Tab")
        stop = focused(page)
        stops.append(stop)
        if stop["tag"] in ("INPUT", "TEXTAREA"):
            order.append(stop["label"])
            if stop["tag"] == "TEXTAREA":
                page.keyboard.type("Angka penempatan Kab. Lebak 2024 berbeda dengan laporan "
                                   "dinas; mohon diperiksa kembali.")
                break
            if stop["label"] == t("masukan.name.label", "en"):
                page.keyboard.type("Rina")
    assert order == [t("masukan.topic.label", "en"), t("masukan.name.label", "en"),
                     t("masukan.contact.label", "en"), t("masukan.message.label", "en")]
    send = tab_until(page, lambda s: s["tag"] == "BUTTON", stops)
    assert send["text"] == t("masukan.submit", "en")
    page.keyboard.press("Enter")
    # st.success is role="status" (announced politely), st.error role="alert"
    sent = page.locator('[role="status"]').filter(has_text="MSK-")
    expect(sent).to_be_visible(timeout=READY_TIMEOUT_MS)
    assert_rings(stops)


def test_a_closed_sidebar_is_no_tab_stop_and_opens_by_keyboard(open_page: PageOpener) -> None:
    """At phone width the sidebar is closed: its links and filters are no Tab stops while they
    are out of sight (they were: 22 stops focused off-screen). Tab reaches its button, Enter
    opens it, and then the filters are stops inside the window."""
    page = open_page("/?seri=contoh&lang=id", "phone", charts=1)
    try:
        _closed_sidebar_by_keyboard(page)
    finally:
        # the phone context is shared by the session's tests, and Streamlit keeps the sidebar's
        # state in the browser's storage: leave it closed, as every other phone test expects
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        page.close()


def _closed_sidebar_by_keyboard(page: Page) -> None:
    stops: list[dict[str, Any]] = []
    button = tab_until(page, lambda s: s["widget"] == "stExpandSidebarButton", stops)
    assert [s["widget"] for s in stops] == ["stSkipToContent", "stExpandSidebarButton"]
    width = page.viewport_size["width"] if page.viewport_size else 0
    main_stops = stops[:]
    tab_until(page, lambda s: s["widget"] == "stPopoverButton", main_stops)
    assert not any(s["inSidebar"] for s in main_stops)
    page.keyboard.press("Shift+Tab")
    tab_until(page, lambda s: s["widget"] == "stExpandSidebarButton", stops, key="Shift+Tab")
    assert button["label"] or button["text"]
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "false")
    page.wait_for_timeout(400)  # the slide-in transition
    opened: list[dict[str, Any]] = []
    tab_until(page, lambda s: s["inSidebar"] and s["widget"] == "stSlider", opened)
    inside = [s for s in opened if s["inSidebar"]]
    assert inside, opened
    boxes = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stSidebar"] a, [data-testid="stSidebar"] [role="radio"]')]
        .map(e => e.getBoundingClientRect()).map(b => [b.left, b.right])""")
    assert all(left >= -1 and right <= width + 1 for left, right in boxes), boxes
    assert_rings(stops + main_stops + opened)
