"""The feedback page (masukan) in a real browser at phone width (375 px): a person fills in the
form and sends it; the HTML/Markdown in the message comes back as literal text, no element
from it (<b>, <strong>, <script>, <a>, <img>) is in the page, no dialog opens, nothing is wider
than the screen, and the message is in the server's feedback store (a temporary file, see
``streamlit_server`` in conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from dashboard.i18n import t
from store import masukan as store
from tests.browser.conftest import PageOpener, wait_until_ready

pytestmark = pytest.mark.browser

PAYLOAD = ('<b>tebal</b> <script>window.__masukanXss = 1</script> [klik](javascript:alert(1)) '
           '**kuat** <img src="x" onerror="window.__masukanXss = 2">')
LONG_WORD = "https://contoh.example/" + "a" * 90  # no place to break: must wrap anyway

#: What the payload would become if it were rendered instead of shown as text.
INJECTED_JS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {
    bold: [...main.querySelectorAll('b, strong')].filter(e => /tebal|kuat/.test(e.textContent))
      .length,
    scripts: [...document.querySelectorAll('script')]
      .filter(s => s.textContent.includes('__masukanXss')).length,
    links: main.querySelectorAll('a[href^="javascript"]').length,
    images: main.querySelectorAll('img[src="x"]').length,
    ran: window.__masukanXss || 0,
    innerWidth: window.innerWidth,
    documentScrollWidth: document.documentElement.scrollWidth,
    mainScrollWidth: main.scrollWidth,
    mainClientWidth: main.clientWidth,
  };
}
"""


def fill_and_send(page: Page, message: str) -> None:
    topic = page.get_by_role("combobox", name=t("masukan.topic.label", "id"))
    # scroll first, as a person does: a click that has to scroll closes the list again
    topic.scroll_into_view_if_needed()
    topic.click()
    expect(page.get_by_role("listbox")).to_be_visible()
    page.get_by_role("option", name=t("masukan.topic.data_tidak_sesuai", "id")).click()
    page.get_by_label(t("masukan.name.label", "id")).fill("<i>Rina</i>")
    page.get_by_label(t("masukan.message.label", "id")).fill(message)
    page.get_by_role("button", name=t("masukan.submit", "id")).click()


def test_feedback_at_phone_width_shows_the_payload_as_literal_text(open_page: PageOpener,
                                                                   server_log: Path):
    dialogs: list[str] = []
    page = open_page("/masukan", "phone")
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss())
            if isinstance(dialog, Dialog) else None)
    expect(page.locator("h1").first).to_have_text(t("masukan.title", "id"))
    expect(page.get_by_text("alamat IP", exact=False)).to_be_visible()

    message = f"{PAYLOAD}\nBaris kedua: {LONG_WORD}"
    fill_and_send(page, message)
    confirmation = page.get_by_test_id("stAlert").filter(has_text="MSK-")
    expect(confirmation).to_be_visible()
    wait_until_ready(page)

    expect(page.get_by_label(t("masukan.message.label", "id"))).to_have_value("")  # form reset
    shown = page.get_by_test_id("stText").all_inner_texts()
    assert message in shown, shown
    assert "<i>Rina</i>" in shown, shown
    found = page.evaluate(INJECTED_JS)
    assert (found["bold"], found["scripts"], found["links"], found["images"], found["ran"]) \
        == (0, 0, 0, 0, 0), found
    assert page.locator("i", has_text="Rina").count() == 0
    assert dialogs == []
    assert found["documentScrollWidth"] <= found["innerWidth"] + 1, found
    assert found["mainScrollWidth"] <= found["mainClientWidth"] + 1, found
    assert page.get_by_test_id("stException").count() == 0
    assert open_page.js_errors(page) == []

    stored = store.entries(server_log.with_name("masukan.duckdb"))
    assert message in stored["pesan"].tolist()
    reference = confirmation.inner_text()
    row = stored[stored["pesan"] == message].iloc[0]
    assert f"MSK-{int(row['id']):05d}" in reference


def test_invalid_feedback_at_phone_width_explains_what_to_fix(open_page: PageOpener,
                                                              server_log: Path):
    page = open_page("/masukan?lang=en", "phone")
    page.get_by_label(t("masukan.message.label", "en")).fill("too short")
    page.get_by_role("button", name=t("masukan.submit", "en")).click()
    error = page.get_by_test_id("stAlert").filter(has_text="was not sent")
    expect(error).to_be_visible()
    wait_until_ready(page)
    text = error.inner_text()
    assert "Topic:" in text and "Message: 9 characters" in text, text
    stored = store.entries(server_log.with_name("masukan.duckdb"))
    assert "too short" not in stored["pesan"].tolist()
