"""The first visit after a server start (issue: deep links fell back to the main page with
Streamlit's "Page not found" notice, because Streamlit serves a ``pages/`` folder by file
names until ``st.navigation`` has run once). Each test starts a server of its own, so the
page it opens is the first that server ever serves."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import VIEWPORTS, streamlit_server, wait_until_ready

pytestmark = pytest.mark.browser

NOT_FOUND = ("page not found", "halaman tidak ditemukan", "running the app's main page")


@pytest.mark.parametrize("path, heading", [
    ("ringkasan", "Ringkasan"),
    ("peta", "Peta"),
    ("", "Ringkasan"),
])
def test_a_deep_link_is_served_on_the_first_visit(path: str, heading: str, app_store: Path,
                                                  tmp_path: Path, browser) -> None:
    with streamlit_server(app_store, tmp_path / "first.log") as base:
        context = browser.new_context(viewport=VIEWPORTS["desktop"])
        page = context.new_page()
        page.goto(f"{base}/{path}")
        try:
            wait_until_ready(page, min_charts=0)
            text = page.inner_text("body").casefold()
            assert not [n for n in NOT_FOUND if n in text], text[:400]
            assert page.url.rstrip("/") == f"{base}/{path}".rstrip("/")
            h1 = page.locator("h1").first.inner_text()
            assert heading.casefold() in h1.casefold(), h1
        finally:
            context.close()
