"""The feedback page (masukan) in AppTest: a valid submission is stored and confirmed with its
reference number, the text shown back only as plain text; HTML and Markdown come back as
literal text; invalid input stores nothing; a quick second submission is held back; English.
And the maintainers' list (dashboard/masukan_admin.py) with a seeded feedback store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from domain import masukan
from loaders import pipeline
from store import masukan as store
from tests.conftest import ROOT

PAGE = "pages/feedback.py"
MESSAGE = "Angka Kab. Lebak 2023 di dasbor berbeda dengan laporan tahunan Disnaker."
PAYLOADS = ["<script>alert(1)</script>", "<b>x</b> tebal?", "**bold** dan _miring_",
            "[klik](javascript:alert(1))", "<img src=x onerror=alert(1)> # judul\n- butir"]


@pytest.fixture(scope="module")
def placement_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("feedback-page") / "pmi.duckdb"
    pipeline.ensure_store(path)
    return path


@pytest.fixture
def fdb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, placement_store: Path) -> Path:
    """The feedback store the page writes to (a fresh temporary file per test)."""
    path = tmp_path / "masukan.duckdb"
    monkeypatch.setenv("PMI_DB", str(placement_store))
    monkeypatch.setenv("PMI_MASUKAN_DB", str(path))
    return path


def open_page(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def submit(at: AppTest, message: str | None, topic: str | None = "pertanyaan",
           name: str = "", contact: str = "") -> AppTest:
    if topic is not None:
        at.selectbox(key="masukan_topik").set_value(topic)
    at.text_input(key="masukan_nama").set_value(name)
    at.text_input(key="masukan_kontak").set_value(contact)
    at.text_area(key="masukan_pesan").set_value(message)
    at.button(key="masukan_kirim").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markup_values(at: AppTest) -> list[str]:
    """Every element that renders Markdown (or HTML): user text must never be in one."""
    elements = [*at.markdown, *at.caption, *at.success, *at.info, *at.warning, *at.error,
                *at.title, *at.subheader]
    return [str(e.value) for e in elements]


def test_the_page_shows_the_form_and_the_privacy_note(fdb):
    at = open_page()
    assert at.title[0].value == t("masukan.title", "id")
    note = "\n".join(m.value for m in at.markdown)
    for part in ("kept", "not_kept", "why", "who", "how_long"):
        assert t(f"masukan.privacy.{part}", "id", days="365") in note
    assert "alamat IP" in note and "365 hari" in note
    assert at.selectbox(key="masukan_topik").options == [t(f"masukan.topic.{c}", "id")
                                                         for c in masukan.TOPICS]
    assert at.text_area(key="masukan_pesan").max_chars == masukan.MESSAGE_MAX
    assert not fdb.exists()


def test_a_valid_submission_is_stored_and_shown_back_verbatim_as_plain_text(fdb):
    at = submit(open_page(seri="bp2mi", wilayah="3604"), MESSAGE, "data_tidak_sesuai",
                name="Rina", contact="rina@example.org")
    frame = store.entries(fdb)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["topik"], row["nama"], row["kontak"], row["pesan"], row["bahasa"]) == (
        "data_tidak_sesuai", "Rina", "rina@example.org", MESSAGE, "id")
    assert row["halaman"] == "seri=bp2mi&wilayah=3604"  # the view it was sent from
    assert [s.value for s in at.success] == [
        t("masukan.thanks", "id", ref=masukan.reference(row["id"]))]
    assert [x.value for x in at.text] == [t("masukan.topic.data_tidak_sesuai", "id"), "Rina",
                                          "rina@example.org", MESSAGE]
    assert not any(MESSAGE in value for value in markup_values(at))
    # the form is empty again
    assert at.text_area(key="masukan_pesan").value in ("", None)
    assert at.selectbox(key="masukan_topik").value is None


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_and_markdown_come_back_as_literal_text(fdb, payload):
    message = f"{payload} — tolong periksa angka ini."
    at = submit(open_page(), message)
    assert store.entries(fdb)["pesan"].tolist() == [message]
    assert message in [x.value for x in at.text]
    assert not any(payload in value for value in markup_values(at))


def test_invalid_input_shows_every_error_and_stores_nothing(fdb):
    at = submit(open_page(), "pendek", topic=None, name="Rina")
    assert len(at.error) == 1
    text = at.error[0].value
    assert text.startswith(t("masukan.error.heading", "id"))
    assert "\n- Topik: belum dipilih" in text and "\n- Pesan: 6 karakter" in text
    assert not at.success and not at.text
    assert store.count(fdb) == 0
    assert at.text_area(key="masukan_pesan").value == "pendek"  # nothing typed is lost


def test_nik_is_masked_and_the_sender_is_told(fdb):
    at = submit(open_page(), f"NIK saya 3601 2345 6789 0123, {MESSAGE}")
    stored = store.entries(fdb)["pesan"].iloc[0]
    assert "3601" not in stored and masukan.NIK_MASK in stored
    assert [i.value for i in at.info] == [t("masukan.masked", "id")]
    assert stored in [x.value for x in at.text]


def test_a_quick_second_submission_is_held_back(fdb):
    at = submit(open_page(), MESSAGE)
    at = submit(at, "Pesan kedua, dikirim segera setelah yang pertama.", "lainnya")
    assert store.count(fdb) == 1
    assert len(at.warning) == 1
    wait = at.warning[0].value
    assert wait.startswith("Anda baru saja mengirim masukan") and "detik" in wait
    assert at.text_area(key="masukan_pesan").value.startswith("Pesan kedua")


def test_the_page_in_english(fdb):
    at = open_page(lang="en")
    assert at.title[0].value == "Send feedback"
    at = submit(at, "short", topic=None)
    assert "Topic:" in at.error[0].value and "Message: 5 characters" in at.error[0].value
    at = submit(at, "The 2024 figure for Cilegon looks too low.", "pertanyaan")
    assert store.entries(fdb)["bahasa"].tolist() == ["en"]
    assert at.success[0].value.startswith("Thank you")
    assert "The 2024 figure for Cilegon looks too low." in [x.value for x in at.text]


# --------------------------------------------------------------------------- admin view


def admin_script(lang: str) -> None:
    from dashboard import masukan_admin

    masukan_admin.show(lang)


def test_admin_view_lists_newest_first_with_a_topic_filter(fdb):
    base = store.utc_now() - dt.timedelta(days=2)
    store.add(store.Entry("pertanyaan", "<b>pertama</b> **tebal**", "id", nama="=1+1"), fdb,
              now=base)
    store.add(store.Entry("lainnya", "kedua pesan\nbaris dua", "en"), fdb,
              now=base + dt.timedelta(hours=1))
    store.add(store.Entry("pertanyaan", "ketiga pesan", "id", kontak="x@example.org"), fdb,
              now=base + dt.timedelta(hours=2))
    at = AppTest.from_function(admin_script, args=("id",), default_timeout=30)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert table[t("masukan.column.pesan", "id")].tolist() == [
        "ketiga pesan", "kedua pesan\nbaris dua", "<b>pertama</b> **tebal**"]
    assert table[t("masukan.column.id", "id")].tolist() == ["MSK-00003", "MSK-00002",
                                                            "MSK-00001"]
    assert table[t("masukan.column.topik", "id")].iloc[0] == t("masukan.topic.pertanyaan", "id")
    assert table[t("masukan.column.nama", "id")].iloc[2] == "=1+1"  # shown as typed
    assert len(at.get("download_button")) == 1
    assert not any("pertama" in v for v in markup_values(at))

    at.multiselect(key="masukan_admin_topik").set_value(["lainnya"]).run()
    table = at.dataframe[0].value
    assert table[t("masukan.column.pesan", "id")].tolist() == ["kedua pesan\nbaris dua"]
    assert t("masukan.admin.count", "id", shown="1", total="3") in [c.value for c in at.caption]


def test_admin_view_of_an_empty_store_in_english(fdb):
    at = AppTest.from_function(admin_script, args=("en",), default_timeout=30)
    at.run()
    assert not at.exception
    assert [i.value for i in at.info] == ["No feedback yet."]
    assert at.subheader[0].value == "Feedback from users"


def test_when_everyone_together_hits_the_hourly_cap_the_feedback_is_queued(fdb, tmp_path,
                                                                          monkeypatch):
    """Given the hourly cap for all senders already reached by other sessions, a valid
    submission is still accepted — queued (``antre``) — with its reference number."""
    config = tmp_path / "dasbor.toml"
    config.write_text("[masukan]\nmax_per_hour = 1\n", encoding="utf-8")
    monkeypatch.setenv("PMI_CONFIG", str(config))
    store.add(store.Entry("lainnya", "Pesan dari sesi lain.", "id"), fdb, max_per_hour=1)
    at = submit(open_page(), MESSAGE)
    frame = store.entries(fdb)
    assert frame["status"].tolist() == ["antre", "diterima"]
    assert [s.value for s in at.success] == [
        t("masukan.queued", "id", ref=masukan.reference(frame["id"].iloc[0]))]
    assert MESSAGE in [x.value for x in at.text]


def test_when_the_queue_is_full_too_the_sender_is_told_when_to_retry(fdb, tmp_path,
                                                                     monkeypatch):
    """Given the hourly cap and its queue full, a valid submission is not stored, the sender
    is told when to try again and keeps the text."""
    config = tmp_path / "dasbor.toml"
    config.write_text("[masukan]\nmax_per_hour = 1\nqueue_per_hour = 0\n", encoding="utf-8")
    monkeypatch.setenv("PMI_CONFIG", str(config))
    store.add(store.Entry("lainnya", "Pesan dari sesi lain.", "id"), fdb, max_per_hour=1,
              now=store.utc_now() - dt.timedelta(minutes=30))
    at = submit(open_page(), MESSAGE)
    assert not at.exception
    assert [w.value for w in at.warning] == [t("masukan.busy", "id", wait="30 menit")]
    assert store.count(fdb) == 1
    assert at.text_area(key="masukan_pesan").value == MESSAGE
