"""Hostile query strings in a real browser: the page is drawn with its title, without an
exception box, a traceback, a server path or the error boundary's message, and the malformed
parameters are gone from the address bar (dashboard/state.py drops them)."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import expect

from dashboard import state
from dashboard.i18n import LANGUAGES, t
from tests.browser.conftest import ROOT, PageOpener

pytestmark = pytest.mark.browser

LEAKS = ("Traceback", 'File "/', '.py"', str(ROOT))


def _q(**params: str | list[str]) -> str:
    parts = []
    for name, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(f"{name}={quote(item, safe='')}")
    return "?" + "&".join(parts)


#: path with its query string, and the parameters that must be gone after the page ran.
CASES = [
    ("/" + _q(bulan="²", tahun="٢٠٢٤", wilayah="３６０４"), {"bulan", "tahun"}),
    ("/tren" + _q(tahun="2025-2018", bulan="-1", lang="\x00", jk="\x1b[31mPerempuan",
                  wilayah="<script>alert(1)</script>"), {"bulan", "lang", "jk"}),
    ("/kinerja" + _q(tahun_kinerja="２０２４", bulan="²",
                     skema="'; DROP TABLE penempatan; --"), {"tahun_kinerja", "bulan"}),
    # the longest address the server takes in (a 100 KB one is refused before the app: below)
    ("/data" + _q(tahun="1" * 30_000, bulan=["6", "²"], seri="c" * 5_000), {"tahun", "bulan"}),
    ("/" + _q(mode="presentasi", slide="²"), {"slide"}),
]


@pytest.mark.parametrize(("path", "dropped"), CASES, ids=[c[0][:40] for c in CASES])
def test_a_hostile_query_string_shows_no_traceback(open_page: PageOpener, path: str,
                                                   dropped: set[str]):
    page = open_page(path)
    exceptions = page.get_by_test_id("stException")
    assert exceptions.count() == 0, "\n---\n".join(exceptions.all_inner_texts())
    body = page.locator("body").inner_text()
    assert not [leak for leak in LEAKS if leak in body], body[:2000]
    assert not any(t("error.page", lang) in body for lang in LANGUAGES), \
        "the hostile URL reached the error boundary instead of being dropped"
    expect(page.locator("h1").first).to_be_visible()
    assert open_page.js_errors(page) == []
    query = parse_qs(urlsplit(page.url).query, keep_blank_values=True)
    assert not dropped & set(query), f"still in the address bar: {sorted(dropped & set(query))}"
    for name, values in query.items():
        assert len(values) == 1 and state.acceptable(name, values[0]), (name, values[0][:80])


def test_a_100_kb_address_is_refused_without_a_traceback(open_page: PageOpener):
    """Streamlit's web server (Tornado: 64 KB of request line and headers) answers an address
    of 100 KB with a plain "Invalid HTTP request received." before the app runs."""
    page = open_page.contexts("desktop").new_page()
    open_page.pages.append(page)  # saved with the artifacts if the test fails, closed after
    answer = page.goto(open_page.base + "/" + _q(bulan="²", tahun="1" * 100_000))
    body = page.locator("body").inner_text()
    assert answer is None or answer.status < 500, body[:500]
    assert not [leak for leak in LEAKS if leak in body], body[:2000]
