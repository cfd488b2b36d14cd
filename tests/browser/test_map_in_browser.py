"""The map page in Chromium: 8 filled regencies at desktop and phone width, no request leaves
the machine, and a click on Kab. Lebak opens its profile and puts 3602 in the URL."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PageOpener, wait_until_ready

pytestmark = pytest.mark.browser

UNITS_JS = """
() => [...document.querySelectorAll('.choroplethlocation')].map(path => {
  const box = path.getBoundingClientRect();
  return {loc: path.__data__ ? String(path.__data__.loc) : null,
          fill: getComputedStyle(path).fill, width: box.width, height: box.height,
          x: box.x + box.width / 2, y: box.y + box.height / 2};
})
"""


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_map_draws_eight_units_without_any_outside_request(open_page: PageOpener,
                                                          app_url: str, viewport: str):
    outside: list[str] = []
    page = open_page.contexts(viewport).new_page()
    open_page.pages.append(page)
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((app_url, "data:", "blob:")) else None)
    page.goto(app_url + "/peta")
    wait_until_ready(page, 1)
    page.wait_for_function("() => document.querySelectorAll('.choroplethlocation').length >= 8",
                           timeout=30_000)
    units = page.evaluate(UNITS_JS)
    assert sorted(u["loc"] for u in units) == ["3601", "3602", "3603", "3604", "3671",
                                                "3672", "3673", "3674"]
    assert all(u["width"] > 0 and u["height"] > 0 for u in units)
    assert all(u["fill"] not in ("none", "") for u in units)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    assert outside == [], outside


def test_click_on_lebak_opens_its_profile_and_sets_the_url(open_page: PageOpener):
    page = open_page("/peta", charts=1)
    page.wait_for_function("() => document.querySelectorAll('.choroplethlocation').length >= 8",
                           timeout=30_000)
    index = [u["loc"] for u in page.evaluate(UNITS_JS)].index("3602")
    page.locator(".choroplethlocation").nth(index).click(force=True)
    page.wait_for_function("() => location.search.includes('wilayah=3602')", timeout=30_000)
    wait_until_ready(page, 2)
    assert page.get_by_role("heading", name="Kab. Lebak").count() >= 1
    assert "Peringkat" in page.inner_text('[data-testid="stMain"]')
