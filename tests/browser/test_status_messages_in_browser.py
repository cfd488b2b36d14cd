"""Status messages are announced (issue 18, point 2; WCAG 4.1.3): what the app says after an
action is in a live region a screen reader reads without moving focus. Streamlit writes
``st.success``/``st.info`` as ``role="status"`` (polite), ``st.error``/``st.warning`` as
``role="alert"`` (assertive), and a spinner's words (``st.spinner``: building the store,
checking and loading a file in Kelola) as ``role="status"``. Checked here in the browser:
feedback sent and refused, the Kelola sign-in by keyboard (a wrong password refused), and an
upload's check (its spinner and its result).

The Kelola tests run on the maintainers' page's own server (its fixtures are those of
``test_maintainer_in_browser.py``: a copy of the store and a known password)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.i18n import t
from tests.browser.conftest import READY_TIMEOUT_MS, PageOpener, wait_until_ready
from tests.browser.test_keyboard_controls_in_browser import assert_rings, tab_until
from tests.browser.test_maintainer_in_browser import (  # noqa: F401 (fixtures)
    BAD,
    PASSWORD,
    kelola,
    kelola_contexts,
    kelola_server,
    signed_in,
    upload_csv,
)

pytestmark = pytest.mark.browser

LIVE = '[role="status"], [role="alert"], [aria-live="polite"], [aria-live="assertive"]'

#: Records the words of every live region that appears (or changes) from now on, so a
#: spinner shown for a moment is seen too.
RECORD_JS = """
() => {
  window.__liveSeen = [];
  const note = (node) => {
    if (!(node instanceof Element)) return;
    const found = node.matches(LIVE) ? [node] : [...node.querySelectorAll(LIVE)];
    for (const live of found) {
      window.__liveSeen.push({role: live.getAttribute('role') || live.getAttribute('aria-live'),
                              text: (live.innerText || '').trim()});
    }
  };
  new MutationObserver(changes => changes.forEach(change => {
    change.addedNodes.forEach(note);
    if (change.type === 'characterData') note(change.target.parentElement);
  })).observe(document.body, {childList: true, subtree: true, characterData: true});
}
""".replace("LIVE", repr(LIVE))


def live_texts(page: Page) -> list[dict[str, str]]:
    return page.evaluate("window.__liveSeen || []")


def live_region_of(page: Page, text: str) -> str | None:
    """The live role around the element showing ``text`` (None if it is in none)."""
    return page.evaluate(
        """(text) => {
          const all = [...document.querySelectorAll('[data-testid="stAlert"], '
                                                   + '[data-testid="stSpinner"]')];
          const hit = all.find(e => e.innerText.includes(text));
          if (!hit) return 'missing';
          const live = hit.matches(LIVE) ? hit : hit.querySelector(LIVE) || hit.closest(LIVE);
          return live ? (live.getAttribute('role') || live.getAttribute('aria-live')) : null;
        }""".replace("LIVE", repr(LIVE)), text)


def test_refused_feedback_is_an_alert(open_page: PageOpener) -> None:
    page = open_page("/masukan?lang=en", "desktop")
    page.get_by_label(t("masukan.message.label", "en")).fill("too short")
    page.get_by_role("button", name=t("masukan.submit", "en")).click()
    error = page.get_by_role("alert").filter(has_text=t("masukan.error.heading", "en")[:20])
    expect(error).to_be_visible(timeout=READY_TIMEOUT_MS)
    assert live_region_of(page, t("masukan.error.heading", "en")[:20]) == "alert"


def test_kelola_sign_in_by_keyboard_and_its_messages_are_announced(
        kelola: PageOpener) -> None:  # noqa: F811
    page = kelola("/kelola", "desktop")
    page.locator("h1").first.click()
    stops: list[dict[str, Any]] = []
    label = t("kelola.password", "id")
    tab_until(page, lambda s: s["tag"] == "INPUT" and s["type"] == "password", stops)
    page.keyboard.type("bukan-kata-sandinya")
    page.keyboard.press("Enter")  # Enter in the form's field sends the form
    refused = page.get_by_role("alert").filter(has_text=t("kelola.wrong_password", "id"))
    expect(refused).to_be_visible(timeout=READY_TIMEOUT_MS)
    wait_until_ready(page)
    field = page.get_by_label(label)
    if page.evaluate("document.activeElement === document.body"):
        page.locator("h1").first.click()
    tab_until(page, lambda s: s["tag"] == "INPUT" and s["type"] == "password", stops)
    page.keyboard.press("Control+A")
    page.keyboard.type(PASSWORD)
    # the field's "show password" eye comes first, then the form's button
    tab_until(page, lambda s: s["tag"] == "BUTTON" and s["text"] == t("kelola.login", "id"),
              stops)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("stFileUploader")).to_be_visible(timeout=READY_TIMEOUT_MS)
    expect(field).to_have_count(0)
    assert_rings(stops)


def test_an_uploads_check_and_its_result_are_announced(kelola: PageOpener,  # noqa: F811
                                                       tmp_path: Path) -> None:
    page = signed_in(kelola, "desktop")
    page.evaluate(RECORD_JS)
    bad = tmp_path / "salah_status.csv"
    bad.write_text(BAD, encoding="utf-8")
    upload_csv(page, bad)
    where = f"{bad.name}, baris 3, kolom 'kode_wilayah'"
    expect(page.get_by_test_id("stAlert").filter(has_text=where)).to_be_visible(
        timeout=READY_TIMEOUT_MS)
    wait_until_ready(page)
    assert live_region_of(page, where) == "alert"
    seen = live_texts(page)
    assert any(s["role"] == "status" and t("kelola.checking", "id") in s["text"]
               for s in seen), seen
