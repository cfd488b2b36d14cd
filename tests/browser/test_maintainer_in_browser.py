"""The maintainers' page (``/kelola``) in a real browser, at phone (375 px) and desktop width,
on a server of its own: its own copy of a store built from the shipped data, its own archive
folder and a secrets file with a known password (``--secrets.files``) — the session's shared
server and its store are never written to.

A wrong password is refused; a CSV with an unknown regency code on line 3 shows that error
with its line and column and leaves the store as it was; a good CSV (series ``verifikasi``, a
year the store does not have) is checked, loaded, listed in the batch history and then given
by ``python -m loaders summary --db <that store>``; the archive keeps these
aggregate tables whole."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from dashboard.i18n import t
from domain import auth
from domain.config import KelolaSettings
from loaders import upload_log
from loaders.cli import main as loaders_main
from store import db as store_db
from tests.browser.conftest import (
    READY_TIMEOUT_MS,
    PageOpener,
    _failed,
    contexts_per_viewport,
    save_artifacts,
    streamlit_server,
    wait_until_ready,
)
from tests.conftest import query

pytestmark = pytest.mark.browser

PASSWORD = "uji-peramban-kelola-2026"
#: An unknown regency code (3699) on line 3, column kode_wilayah.
BAD = "tahun,kode_wilayah,jumlah\n2018,3604,12\n2018,3699,5\n"
#: A good file per viewport: a year the store has no ``verifikasi`` figures for.
GOOD_YEAR = {"phone": 2018, "desktop": 2017}
GOOD_FIGURES = {"3604": 12, "3601": 7}

FITS_JS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {innerWidth: window.innerWidth,
          documentScrollWidth: document.documentElement.scrollWidth,
          mainScrollWidth: main ? main.scrollWidth : null,
          mainClientWidth: main ? main.clientWidth : null};
}
"""


class KelolaServer:
    def __init__(self, url: str, store: Path, archive: Path, log: Path) -> None:
        self.url, self.store, self.archive, self.log = url, store, archive, log


@pytest.fixture(scope="module")
def kelola_contexts(browser: Browser) -> Iterator[Callable[[str], BrowserContext]]:
    """Browser contexts of this module's own (cookies apart from the shared server's)."""
    yield from contexts_per_viewport(browser)


@pytest.fixture(scope="module")
def kelola_server(app_store: Path, tmp_path_factory: pytest.TempPathFactory,
                  kelola_contexts: Callable[[str], BrowserContext]) -> Iterator[KelolaServer]:
    folder = tmp_path_factory.mktemp("kelola-server")
    store = folder / "pmi.duckdb"
    shutil.copyfile(app_store, store)  # the shipped data, in a store of this server only
    secrets = folder / "secrets.toml"
    secrets.write_text(auth.secrets_lines(auth.hash_password(PASSWORD)) + "\n",
                       encoding="utf-8")
    archive = folder / "arsip"
    log = folder / "streamlit.log"
    with streamlit_server(store, log, extra_env={"PMI_ARCHIVE_DIR": str(archive)},
                          extra_args=["--secrets.files", str(secrets)]) as url:
        # one visit to / first, as app_url does: a cold server's very first session opened
        # on another path gets "Page not found" (the same for every page, not this one's)
        page = kelola_contexts("desktop").new_page()
        try:
            page.goto(url + "/")
            wait_until_ready(page, 1)
        finally:
            page.close()
        yield KelolaServer(url, store, archive, log)


@pytest.fixture
def kelola(request: pytest.FixtureRequest, kelola_contexts: Callable[[str], BrowserContext],
           kelola_server: KelolaServer) -> Iterator[PageOpener]:
    """Pages on the kelola server; saved to test-artifacts/ when the test fails."""
    opener = PageOpener(kelola_contexts, kelola_server.url)
    yield opener
    if _failed(request.node):
        save_artifacts(request.node, opener.pages, kelola_server.log)
    for page in opener.pages:
        with contextlib.suppress(Exception):
            page.close()


def assert_fits(page: Page, opener: PageOpener) -> None:
    """No exception box, no JavaScript error, nothing wider than the window."""
    exceptions = page.get_by_test_id("stException")
    assert exceptions.count() == 0, "\n".join(exceptions.all_inner_texts())
    assert opener.js_errors(page) == [], opener.js_errors(page)
    layout = page.evaluate(FITS_JS)
    assert layout["documentScrollWidth"] <= layout["innerWidth"] + 1, layout
    assert layout["mainScrollWidth"] <= layout["mainClientWidth"] + 1, layout


def sign_in(opener: PageOpener, viewport: str, password: str = PASSWORD) -> Page:
    page = opener("/kelola", viewport)
    expect(page.locator("h1").first).to_have_text(t("kelola.title", "id"))
    page.get_by_label(t("kelola.password", "id")).fill(password)
    page.get_by_role("button", name=t("kelola.login", "id"), exact=True).click()
    return page


def signed_in(opener: PageOpener, viewport: str) -> Page:
    page = sign_in(opener, viewport)
    expect(page.get_by_test_id("stFileUploader")).to_be_visible(timeout=READY_TIMEOUT_MS)
    wait_until_ready(page)
    return page


def upload_csv(page: Page, path: Path) -> None:
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(path))


def batches(store: Path) -> list[tuple]:
    return query(store, "SELECT * FROM batch ORDER BY batch_id")


def summary(store: Path, year: int) -> pd.DataFrame:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = loaders_main(["summary", "--db", str(store), "--series", "verifikasi",
                             "--by", "tahun,kode_wilayah", "--tahun", str(year), "--csv"])
    assert code == 0
    return pd.read_csv(io.StringIO(out.getvalue()), dtype=str)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_wrong_password_is_refused(kelola: PageOpener, viewport: str):
    page = sign_in(kelola, viewport, "bukan-kata-sandinya")
    expect(page.get_by_test_id("stAlert").filter(has_text=t("kelola.wrong_password", "id"))
           ).to_be_visible(timeout=READY_TIMEOUT_MS)
    wait_until_ready(page)
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    expect(page.get_by_role("tab")).to_have_count(0)
    assert_fits(page, kelola)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_bad_file_shows_its_error_and_changes_nothing(kelola: PageOpener,
                                                        kelola_server: KelolaServer,
                                                        tmp_path: Path, viewport: str):
    before, signature = batches(kelola_server.store), store_db.signature(kelola_server.store)
    bad = tmp_path / f"salah_{viewport}.csv"
    bad.write_text(BAD, encoding="utf-8")
    page = signed_in(kelola, viewport)
    upload_csv(page, bad)
    error = page.get_by_test_id("stAlert").filter(
        has_text=f"{bad.name}, baris 3, kolom 'kode_wilayah'")
    expect(error).to_be_visible(timeout=READY_TIMEOUT_MS)
    wait_until_ready(page)
    expect(error).to_contain_text("3699")
    expect(page.get_by_role("button", name=t("kelola.confirm", "id"))).to_have_count(0)
    assert_fits(page, kelola)
    assert batches(kelola_server.store) == before
    assert store_db.signature(kelola_server.store) == signature

    page.get_by_role("button", name=t("kelola.cancel", "id"), exact=True).click()
    expect(page.get_by_text(t("kelola.cancelled", "id", file=bad.name))).to_be_visible(
        timeout=READY_TIMEOUT_MS)
    settings = KelolaSettings(kelola_server.archive, 20)
    mine = [e for e in upload_log.read_log(settings) if e["file"] == bad.name]
    assert [(e["action"], e["outcome"]) for e in mine] == [
        ("upload", "staged"), ("archive", "whole"), ("check", "refused"), ("cancel", "cancelled")]
    assert (kelola_server.archive / mine[1]["archive"]).read_text(encoding="utf-8") == BAD
    assert store_db.signature(kelola_server.store) == signature


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_good_file_loads_and_is_in_the_history(kelola: PageOpener,
                                                 kelola_server: KelolaServer,
                                                 tmp_path: Path, viewport: str):
    year = GOOD_YEAR[viewport]
    assert summary(kelola_server.store, year).empty, f"the store has verifikasi {year} already"
    good = tmp_path / f"verifikasi_{year}.csv"
    good.write_text("tahun,kode_wilayah,jumlah\n" + "".join(
        f"{year},{code},{value}\n" for code, value in GOOD_FIGURES.items()), encoding="utf-8")
    page = signed_in(kelola, viewport)
    page.get_by_label(t("kelola.source", "id")).fill("Disnaker (uji peramban)")
    page.get_by_label(t("kelola.source", "id")).press("Enter")
    wait_until_ready(page)
    series = page.get_by_role("combobox", name=t("kelola.series", "id"))
    series.click()
    page.get_by_role("option", name=re.compile(r"^Verifikasi calon PMI")).click()
    wait_until_ready(page)
    upload_csv(page, good)
    expect(page.get_by_text(t("kelola.status_dry_run", "id"))).to_be_visible(
        timeout=READY_TIMEOUT_MS)
    wait_until_ready(page)
    assert_fits(page, kelola)
    assert summary(kelola_server.store, year).empty, "the check must not store anything"

    page.get_by_role("button", name=t("kelola.confirm", "id")).click()
    loaded = page.get_by_test_id("stAlert").filter(has_text=re.compile(
        rf"{good.name} dimuat sebagai batch (\d+)"))
    expect(loaded).to_be_visible(timeout=READY_TIMEOUT_MS)
    wait_until_ready(page)
    batch = int(re.search(r"batch (\d+)", loaded.inner_text()).group(1))
    assert_fits(page, kelola)

    # the batch history lists it (the roll-back choice offers the active batches)
    page.get_by_role("tab", name=t("kelola.tab_history", "id")).click()
    choice = page.get_by_role("combobox", name=t("kelola.rollback_batch", "id"))
    choice.scroll_into_view_if_needed()
    choice.click()
    expect(page.get_by_role("option", name=f"{batch} — {good.name}")).to_be_visible()
    page.keyboard.press("Escape")
    assert_fits(page, kelola)

    figures = summary(kelola_server.store, year)
    assert dict(zip(figures["kode_wilayah"], figures["jumlah"].astype(int), strict=True)) == \
        GOOD_FIGURES
    [(source, status)] = query(kelola_server.store, "SELECT source, status FROM batch "
                               "WHERE batch_id = ?", [batch])
    assert (source, status) == ("Disnaker (uji peramban)", "active")
    log = upload_log.read_log(KelolaSettings(kelola_server.archive, 20))
    assert ("load", "loaded", batch) in [(e["action"], e["outcome"], e["batch_id"]) for e in log]
