"""Reflow and zoom (issue 18, point 3; WCAG 1.4.10 and 1.4.4): every page at 320 CSS px wide
(a 1280 px screen at 400 %, or a small phone) and at 200 % zoom of a 1280 px screen (a 640 CSS
px viewport drawn at device scale factor 2) shows its content without scrolling sideways:
the document and the main column are no wider than the window, every control, link and
heading lies inside it, and the sidebar (the filters, language and navigation) opens from
its button and fits too. Data tables scroll inside their own frame, which WCAG allows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import PageOpener, _failed, save_artifacts, wait_until_ready

pytestmark = pytest.mark.browser

#: Every page of the navigation (app.py), by its address.
PATHS = ["/", "/tren", "/skema", "/sektor", "/negara", "/peta", "/pemagangan", "/kinerja",
         "/data", "/pembaruan", "/tentang", "/masukan", "/kelola"]
#: name: (viewport, device scale factor, language)
SIZES: dict[str, tuple[dict[str, int], int, str]] = {
    "320px": ({"width": 320, "height": 640}, 1, "id"),
    "zoom200": ({"width": 640, "height": 400}, 2, "en"),
}

#: What sticks out sideways: the document, the main column, and each visible control, link,
#: heading or paragraph outside the window (inside a data table's own scrolling frame or a
#: chart's drawing it is not counted).
OVERFLOW_JS = """
(root) => {
  const width = window.innerWidth;
  const scope = document.querySelector(root);
  const main = document.querySelector('[data-testid="stMain"]');
  const out = [];
  if (scope) {
    for (const e of scope.querySelectorAll(
        'a, button, input, textarea, select, summary, [role="radio"], [role="slider"], '
        + 'h1, h2, h3, h4, p, li, label, [data-testid="stMetricValue"]')) {
      if (e.closest('[data-testid="stDataFrame"], [data-testid="stTable"], .js-plotly-plot, '
                    + '.sr-only, [data-testid="stCode"], [data-testid="stSkipToContent"]'))
        continue;
      const box = e.getBoundingClientRect();
      const style = getComputedStyle(e);
      const parent = e.parentElement ? e.parentElement.getBoundingClientRect() : box;
      if (box.width < 2 || box.height < 2 || style.visibility === 'hidden'
          || style.opacity === '0' || parent.width < 2) continue;  // visually hidden
      if (box.left < -1 || box.right > width + 1) {
        out.push({tag: e.tagName, text: (e.innerText || e.value || e.getAttribute('aria-label')
                  || '').trim().slice(0, 60), left: Math.round(box.left),
                  right: Math.round(box.right)});
      }
    }
  }
  return {width, document: document.documentElement.scrollWidth,
          main: main ? main.scrollWidth : 0, mainClient: main ? main.clientWidth : 0,
          outside: out.slice(0, 10)};
}
"""


@pytest.fixture(scope="module")
def zoom_contexts(browser: Browser) -> Iterator[Callable[[str], BrowserContext]]:
    contexts: dict[str, BrowserContext] = {}

    def get(size: str) -> BrowserContext:
        if size not in contexts:
            viewport, scale, _ = SIZES[size]
            contexts[size] = browser.new_context(viewport=viewport, device_scale_factor=scale)
        return contexts[size]

    yield get
    for context in contexts.values():
        context.close()


@pytest.fixture
def open_zoomed(request: pytest.FixtureRequest, zoom_contexts: Callable[[str], BrowserContext],
                app_url: str, server_log: Any) -> Iterator[PageOpener]:
    opener = PageOpener(zoom_contexts, app_url)
    yield opener
    if _failed(request.node):
        save_artifacts(request.node, opener.pages, server_log)
    for page in opener.pages:
        page.close()


def problems(page: Page, root: str) -> list[str]:
    found = page.evaluate(OVERFLOW_JS, root)
    out = []
    if found["document"] > found["width"] + 1:
        out.append(f"document {found['document']} px wide in a {found['width']} px window")
    if root == '[data-testid="stMain"]' and found["main"] > found["mainClient"] + 1:
        out.append(f"main column scrolls sideways ({found['main']} > {found['mainClient']})")
    out += [f"outside the window: {item}" for item in found["outside"]]
    return out


def test_the_overflow_check_sees_a_wide_element(open_zoomed: PageOpener) -> None:
    """The check is not a formality: an element wider than the window is reported."""
    page = open_zoomed("/tentang?lang=id", "320px")
    assert problems(page, '[data-testid="stMain"]') == []
    page.evaluate("""() => { const p = document.createElement('p');
      p.textContent = 'x'; p.style.width = '900px';
      document.querySelector('[data-testid="stMainBlockContainer"]').appendChild(p); }""")
    assert problems(page, '[data-testid="stMain"]')


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("path", PATHS)
def test_every_page_reflows_without_sideways_scrolling(open_zoomed: PageOpener, path: str,
                                                        size: str) -> None:
    lang = SIZES[size][2]
    page = open_zoomed(f"{path}?lang={lang}&seri=contoh", size)
    found = problems(page, '[data-testid="stMain"]')
    assert page.locator("h1").first.is_visible()
    # the sidebar (navigation, language, filters) opens from its button and fits (the
    # browser keeps it open from an earlier page of the same context)
    opener = page.get_by_test_id("stExpandSidebarButton")
    if opener.count():
        expect(opener).to_be_visible()
        opener.click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_be_visible()
    page.wait_for_timeout(400)  # the sidebar's slide-in transition
    wait_until_ready(page)
    found += [f"sidebar: {p}" for p in problems(page, '[data-testid="stSidebar"]')]
    assert not found, found
