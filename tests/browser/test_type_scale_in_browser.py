"""Headline figures read at a glance (issue #14): at least 32 px on a desktop and 28 px on a
phone, measured as the browser computes them — the stylesheet's general paragraph rule must not
shrink them to body size."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PageOpener

pytestmark = pytest.mark.browser
SIZES_JS = """() => [...document.querySelectorAll('[data-testid=stMetricValue]')].map(e => {
    const text = e.querySelector('p') || e;
    return parseFloat(getComputedStyle(text).fontSize);
})"""


@pytest.mark.parametrize(("viewport", "minimum"), [("desktop", 32), ("phone", 28)])
@pytest.mark.parametrize("path", ["/?seri=bp2mi", "/?seri=contoh&lang=en"])
def test_headline_figures_are_large(open_page: PageOpener, viewport: str, minimum: int,
                                    path: str):
    page = open_page(path, viewport=viewport, charts=1)
    sizes = page.evaluate(SIZES_JS)
    assert sizes, "the overview shows headline figures"
    assert min(sizes) >= minimum, (viewport, sizes)
