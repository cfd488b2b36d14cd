"""The maintainer's page (pages/maintainer.py, url path ``kelola``) in AppTest: it is not in
the public navigation, only a signed-in maintainer sees its link, yet it keeps its address;
without a configured password it says only that it is not enabled (no setup, paths or setting
names, in either language); a wrong password is refused (and five lock
the session); with the right one a file is uploaded through the real ``st.file_uploader``, its
report shown, and it is loaded or cancelled; the batch history rolls a batch back."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from dashboard import escape
from dashboard.i18n import t
from domain import auth
from domain.config import ENV_ARCHIVE_DIR, KelolaSettings
from loaders import pipeline, upload, upload_log
from store import db as store_db
from store import masukan as masukan_store
from tests.conftest import ROOT, query

PASSWORD = "kuda-lumping-merah-99"
HASH = auth.hash_password(PASSWORD, n=2**8)
GOOD = b"tahun,kode_wilayah,jumlah\n2019,3604,12\n2019,3601,7\n"
BAD = b"tahun,kode_wilayah,jumlah\n2019,3604,12\n2019,3699,5\n"


@pytest.fixture(scope="module")
def shipped_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kelola") / "pmi.duckdb"
    pipeline.rebuild(path)
    return path


@pytest.fixture
def store(shipped_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store" / "pmi.duckdb"
    path.parent.mkdir()
    shutil.copyfile(shipped_store, path)
    monkeypatch.setenv("PMI_DB", str(path))
    return path


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KelolaSettings:
    folder = tmp_path / "arsip"
    monkeypatch.setenv(ENV_ARCHIVE_DIR, str(folder))
    return KelolaSettings(archive_dir=folder, max_upload_mb=20)


@pytest.fixture
def no_secrets_file(tmp_path: Path) -> Iterator[None]:
    """Streamlit looks for secrets only in a file that does not exist."""
    saved = st_config.get_option("secrets.files")
    st_config.set_option("secrets.files", [str(tmp_path / "tidak-ada" / "secrets.toml")])
    yield
    st_config.set_option("secrets.files", saved)


def open_kelola(secrets: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if secrets:
        at.secrets.update(secrets)
    at.run()
    at.switch_page("pages/maintainer.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "error", "warning", "success")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def click(at: AppTest, label_key: str) -> AppTest:
    [button] = [b for b in at.button if b.label == t(label_key, "id")]
    button.click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def log_in(at: AppTest, password: str = PASSWORD) -> AppTest:
    at.text_input[0].input(password)
    return click(at, "kelola.login")


@pytest.fixture
def logged_in(store: Path, archive: KelolaSettings) -> AppTest:
    at = log_in(open_kelola({"kelola": {"password_hash": HASH}}))
    assert at.file_uploader, texts(at)
    return at


def upload_file(at: AppTest, name: str, content: bytes,
                series: str | None = "verifikasi") -> AppTest:
    at.selectbox(key="kelola_series").set_value(series)
    at.text_input(key="kelola_source").input("Disnaker (uji)")
    at.file_uploader[0].upload(name, content, "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button_labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


#: Words of server setup and development that the public must not read on the page.
DEVELOPER_WORDS = ("python", "loaders", "password-hash", "password_hash", "secrets", ".toml",
                   "docs/", ".md", "[kelola]", "[auth]", "allowed_emails", "hash", "server",
                   "Streamlit", "git", "/")


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info",
                                  "error", "warning", "success", "exception")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def nav_pages(at: AppTest) -> list[str]:
    return [link.proto.page for link in at.get("page_link")]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_unconfigured_page_says_only_that_it_is_not_enabled(store: Path, no_secrets_file: None,
                                                            lang: str):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/maintainer.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("kelola.title", lang)
    assert [i.value for i in at.info] == [t("kelola.not_enabled", lang)]
    page = shown_text(at).replace(t("kelola.title", lang), "")
    page = page.replace(t("kelola.not_enabled", lang), "")
    leaked = [w for w in DEVELOPER_WORDS if w.casefold() in page.casefold()]
    assert not leaked, (leaked, page)
    assert not any(w.casefold() in t("kelola.not_enabled", lang).casefold()
                   for w in DEVELOPER_WORDS)
    assert not at.file_uploader and not at.text_input and not at.dataframe and not at.tabs
    assert t("kelola.login", lang) not in button_labels(at)
    assert "kelola" not in nav_pages(at)  # reachable at its address, not listed


def test_a_malformed_hash_is_logged_not_shown_and_opens_nothing(store: Path, caplog):
    with caplog.at_level(logging.WARNING, logger="dashboard.kelola"):
        at = open_kelola({"kelola": {"password_hash": "scrypt$kacau"}})
    assert [i.value for i in at.info] == [t("kelola.not_enabled", "id")]
    assert not at.error and "password" not in shown_text(at).casefold()
    assert any("scrypt" in r.getMessage() or "hash" in r.getMessage() for r in caplog.records
               if r.name == "dashboard.kelola")
    assert not at.file_uploader and not at.text_input and not at.dataframe


def test_only_a_signed_in_maintainer_sees_the_page_in_the_navigation(store: Path,
                                                                      archive: KelolaSettings):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets.update({"kelola": {"password_hash": HASH}})
    at.run()
    public = nav_pages(at)
    assert "peta" in public and "pembaruan" in public and "kelola" not in public
    at.switch_page("pages/maintainer.py")  # its address still opens it: the sign-in form
    at.run()
    assert at.text_input and "kelola" not in nav_pages(at)
    log_in(at)
    assert at.file_uploader
    assert "kelola" in nav_pages(at)
    click(at, "kelola.logout")
    assert "kelola" not in nav_pages(at)


def test_a_wrong_password_is_refused(store: Path, archive: KelolaSettings):
    at = log_in(open_kelola({"kelola": {"password_hash": HASH}}), "salah-sekali-ini")
    assert t("kelola.wrong_password", "id") in [e.value for e in at.error]
    assert not at.file_uploader and not at.dataframe and not at.tabs
    at = log_in(at)
    assert at.file_uploader and [tab.label for tab in at.tabs] == [
        t(f"kelola.tab_{name}", "id") for name in ("upload", "history", "masukan", "publication")]
    assert t("kelola.wrong_password", "id") not in [e.value for e in at.error]


def test_five_wrong_passwords_lock_the_session(store: Path):
    at = open_kelola({"kelola": {"password_hash": HASH}})
    for _ in range(auth.MAX_ATTEMPTS):
        at = log_in(at, "tebak-tebakan")
    locked = t("kelola.locked", "id", minutes=5)
    assert locked in [e.value for e in at.error]
    at = log_in(at)  # the right password, but too late
    assert locked in [e.value for e in at.error] and not at.file_uploader


def test_a_bad_file_shows_its_errors_and_changes_nothing(logged_in: AppTest, store: Path,
                                                         archive: KelolaSettings):
    before, signature = query(store, "SELECT * FROM batch ORDER BY 1"), store_db.signature(store)
    at = upload_file(logged_in, "salah.csv", BAD)
    errors = " ".join(e.value for e in at.error)
    assert "salah.csv, baris 3, kolom 'kode\\_wilayah'" in errors, errors
    assert "3699" in errors and t("kelola.not_loadable", "id") in errors
    assert t("kelola.confirm", "id") not in button_labels(at)
    assert query(store, "SELECT * FROM batch ORDER BY 1") == before
    assert store_db.signature(store) == signature
    click(at, "kelola.cancel")
    assert t("kelola.cancelled", "id", file="salah.csv") in [i.value for i in at.info]
    assert not list((archive.archive_dir / upload.STAGING_DIR).iterdir())
    assert [(e["action"], e["outcome"]) for e in upload_log.read_log(archive)] == [
        ("upload", "staged"), ("archive", "whole"), ("check", "refused"),
        ("cancel", "cancelled")]
    assert store_db.signature(store) == signature


def test_a_check_over_the_memory_limit_is_stopped_with_a_message(
        store: Path, archive: KelolaSettings, monkeypatch: pytest.MonkeyPatch):
    """Issue 12: the check runs in a limited child process; over its limit the page says so,
    offers no load, and the working copy is gone."""
    monkeypatch.setenv("PMI_CHECK_MEMORY_MB", "300")
    signature = store_db.signature(store)
    at = upload_file(log_in(open_kelola({"kelola": {"password_hash": HASH}})),
                     "penempatan.csv", GOOD)
    errors = " ".join(e.value for e in at.error)
    assert t("kelola.limit_stopped", "id") in errors and "300 MB" in errors, errors
    assert t("kelola.confirm", "id") not in button_labels(at)
    assert t("kelola.cancel", "id") not in button_labels(at)
    assert not any((archive.archive_dir / upload.STAGING_DIR).iterdir())
    assert ("cancel", "limit-memory") in [(e["action"], e["outcome"])
                                          for e in upload_log.read_log(archive)]
    assert store_db.signature(store) == signature


def test_a_file_over_the_limit_is_refused_by_the_app(store: Path, archive: KelolaSettings,
                                                      monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PMI_MAX_UPLOAD_MB", "1")
    at = log_in(open_kelola({"kelola": {"password_hash": HASH}}))
    big = GOOD + b"2019,3602,1\n" * (1024 * 1024 // 12)
    at = upload_file(at, "besar.csv", big)
    # the message is Markdown with the file's text escaped: compare what the reader sees
    errors = [e.value.replace("\\", "").replace("\u2060", "") for e in at.error]
    assert any(e.startswith("besar.csv: ukuran 1,0 MB melebihi batas 1 MB") for e in errors), \
        errors
    assert t("kelola.confirm", "id") not in button_labels(at)
    assert not any(t("kelola.report_status", "id") in m.value for m in at.markdown), \
        "no report for a file that was not read"
    assert [e["outcome"] for e in upload_log.read_log(archive)] == ["refused-size"]


def test_a_good_file_loads_and_the_other_pages_show_it(logged_in: AppTest, store: Path,
                                                       archive: KelolaSettings):
    signature = store_db.signature(store)
    at = logged_in
    # the overview is seen first (its caches filled) for a year the series has no figures for
    at.query_params["seri"] = "verifikasi"
    at.query_params["tahun"] = "2019"
    at.switch_page("pages/overview.py")
    at.run()
    assert at.metric[0].value != "19"
    at.switch_page("pages/maintainer.py")
    at.run()
    at = upload_file(at, "verifikasi_2019.csv", GOOD)
    assert not at.error, [e.value for e in at.error]
    report = " ".join(m.value for m in at.markdown)
    assert t("kelola.status_dry_run", "id") in report and "kanonik" in report
    assert at.dataframe[0].value.iloc[:, 1].tolist() == ["3601", "3604"]
    assert store_db.signature(store) == signature, "the check must not write"
    click(at, "kelola.confirm")
    [batch] = query(store, "SELECT batch_id FROM batch WHERE file_name = 'verifikasi_2019.csv' "
                    "AND status = 'active'")
    # the file name is shown as written: escaped in the Markdown source
    loaded = t("kelola.loaded", "id", file=escape.markdown("verifikasi_2019.csv"), batch=batch[0])
    assert loaded in [s.value for s in at.success]
    assert at.file_uploader[0].value is None, "the upload field is emptied after a load"
    assert upload_log.read_log(archive)[-1]["batch_id"] == batch[0]
    # the history tab lists it, and the overview (same session, same caches) shows its total
    history = at.dataframe[0].value
    assert history.iloc[-1][t("kelola.column_file", "id")] == "verifikasi_2019.csv"
    at.query_params["seri"] = "verifikasi"
    at.query_params["tahun"] = "2019"  # the first visit dropped the year it had no figures for
    at.switch_page("pages/overview.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value == "19"


def test_a_batch_is_rolled_back_from_the_history(logged_in: AppTest, store: Path):
    at = upload_file(logged_in, "verifikasi_2019.csv", GOOD)
    click(at, "kelola.confirm")
    [(batch,)] = query(store, "SELECT batch_id FROM batch WHERE file_name = "
                       "'verifikasi_2019.csv'")
    rollback = next(b for b in at.button if b.label == t("kelola.rollback", "id"))
    assert rollback.disabled, "nothing chosen yet"
    at.selectbox(key="kelola_rollback_batch").set_value(batch)
    at.checkbox(key="kelola_rollback_sure").check()
    at.run()
    click(at, "kelola.rollback")
    assert t("kelola.rolled_back", "id", batch=batch, series="verifikasi") in \
        [s.value for s in at.success]
    assert query(store, "SELECT status FROM batch WHERE batch_id = ?", [batch]) == \
        [("rolled_back",)]


def test_logging_out_hides_the_upload(logged_in: AppTest):
    at = click(logged_in, "kelola.logout")
    assert not at.file_uploader and at.text_input


def test_the_page_speaks_english(store: Path, archive: KelolaSettings):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["kelola"] = {"password_hash": HASH}
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/maintainer.py")
    at.run()
    assert at.title[0].value == t("kelola.title", "en")
    assert at.text_input[0].label == t("kelola.password", "en")


def test_the_masukan_tab_lists_public_feedback_only_after_logging_in(
        store: Path, archive: KelolaSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Given one public feedback message, when a maintainer logs in, then the page's feedback
    tab lists it; before logging in, the message appears nowhere on the page."""
    feedback_db = tmp_path / "masukan.duckdb"
    monkeypatch.setenv("PMI_MASUKAN_DB", str(feedback_db))
    masukan_store.add(masukan_store.Entry("pertanyaan", "Angka Lebak 2024 kurang?", "id"),
                       feedback_db)
    at = open_kelola({"kelola": {"password_hash": HASH}})
    assert not at.dataframe
    assert "Lebak 2024" not in texts(at)
    log_in(at)
    assert t("kelola.tab_masukan", "id") in [tab.label for tab in at.tabs]
    shown = [frame.value for frame in at.dataframe]
    column = t("masukan.column.pesan", "id")
    assert any(column in frame and "Angka Lebak 2024 kurang?" in frame[column].tolist()
               for frame in shown)
