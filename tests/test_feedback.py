"""Public feedback (masukan): limits, cleaning, topic whitelist, NIK/passport masking, the rate
limit, the separate feedback store (round trip, two writers, purge, schema), the CLI (list,
JSON, export with the formula guard, purge) and what is — and is not — kept."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import textwrap
import time
import unicodedata
from pathlib import Path

import duckdb
import openpyxl
import pytest

from dashboard import masukan_view
from domain import masukan
from domain.config import masukan_settings, settings
from domain.limits import Rule
from loaders import masukan_export
from store import masukan as store
from store.sql import masukan as masukan_sql
from tests.conftest import ROOT

MESSAGE = "Angka Kab. Serang 2024 berbeda dengan laporan BP3MI."


@pytest.fixture
def fdb(tmp_path: Path) -> Path:
    """Path of a feedback store that does not exist yet."""
    return tmp_path / "fb" / "masukan.duckdb"


def ok(**fields: str | None) -> masukan.Checked:
    values: dict[str, str | None] = {"topik": "pertanyaan", "nama": "", "kontak": "",
                                     "pesan": MESSAGE}
    values.update(fields)
    return masukan.check(values["topik"], values["nama"], values["kontak"], values["pesan"],
                          "id")


def error_keys(checked: masukan.Checked) -> set[str]:
    return {e.key for e in checked.errors}


def entry(pesan: str = MESSAGE, topik: str = "pertanyaan", **more: str | None) -> store.Entry:
    return store.Entry(topik=topik, pesan=pesan, bahasa=str(more.pop("bahasa", None) or "id"),
                       **more)


# --------------------------------------------------------------------------- limits


@pytest.mark.parametrize(("field", "limit"), [("nama", masukan.NAME_MAX),
                                              ("kontak", masukan.CONTACT_MAX)])
def test_optional_fields_accept_their_limit_and_refuse_one_more(field, limit):
    at_limit = ok(**{field: "a" * limit})
    assert at_limit.ok and getattr(at_limit.entry, field) == "a" * limit
    over = ok(**{field: "a" * (limit + 1)})
    assert not over.ok
    assert [(e.field, e.key, dict(e.values)) for e in over.errors] == [
        (field, f"masukan.error.{field}_too_long", {"length": limit + 1, "max": limit})]


def test_message_length_is_checked_at_both_ends_after_trimming():
    shortest = "x" * masukan.MESSAGE_MIN
    longest = "y" * masukan.MESSAGE_MAX
    assert ok(pesan=f"  \n {shortest} \n\t ").entry.pesan == shortest
    assert ok(pesan=longest).entry.pesan == longest
    too_short = ok(pesan=f"   {shortest[1:]}      ")
    assert error_keys(too_short) == {"masukan.error.pesan_too_short"}
    assert dict(too_short.errors[0].values) == {"length": masukan.MESSAGE_MIN - 1,
                                                "min": masukan.MESSAGE_MIN}
    assert error_keys(ok(pesan=longest + "y")) == {"masukan.error.pesan_too_long"}


@pytest.mark.parametrize("blank", [None, "", "   \n\t  ", "\x00\x07\u202e"])
def test_a_message_is_required(blank):
    assert error_keys(ok(pesan=blank)) == {"masukan.error.pesan_missing"}


def test_empty_optional_fields_are_stored_as_null():
    checked = ok(nama="   ", kontak="\n")
    assert checked.entry.nama is None and checked.entry.kontak is None


def test_every_error_is_reported_at_once_and_translated_with_numbers():
    checked = masukan.check(None, "n" * 81, "k" * 121, "short", "id")
    assert [e.field for e in checked.errors] == ["topik", "nama", "kontak", "pesan"]
    texts = [masukan_view.error_text(e, "id") for e in checked.errors]
    assert texts[0].startswith("Topik:")
    assert "81 karakter" in texts[1] and "80" in texts[1]
    assert "5 karakter" in texts[3] and "10" in texts[3]
    long_message = ok(pesan="z" * 2345).errors[0]
    text_id = masukan_view.error_text(long_message, "id")
    text_en = masukan_view.error_text(long_message, "en")
    assert "2.345" in text_id and "2.000" in text_id
    assert "2,345" in text_en and "Message:" in text_en


# --------------------------------------------------------------------------- cleaning


def test_text_is_nfc_normalised_and_limits_count_characters_after_it():
    decomposed = unicodedata.normalize("NFD", "é") * masukan.NAME_MAX  # 160 code points
    checked = ok(nama=decomposed, pesan=unicodedata.normalize("NFD", "Pesan tentang Cilegón"))
    assert checked.ok
    assert checked.entry.nama == "é" * masukan.NAME_MAX
    assert checked.entry.pesan == "Pesan tentang Cilegón"
    assert unicodedata.is_normalized("NFC", checked.entry.pesan)


def test_control_and_direction_characters_are_removed_newlines_kept():
    raw = "Baris satu\x1b[31m merah\x00\r\nBaris dua\u202e terbalik\rBaris\ttiga\u200b \x7f"
    checked = ok(pesan=raw, nama="Siti\nAminah\x08", kontak="\u2066siti@example.org\u2069")
    assert checked.entry.pesan == "Baris satu[31m merah\nBaris dua terbalik\nBaris tiga"
    assert checked.entry.nama == "Siti Aminah"
    assert checked.entry.kontak == "siti@example.org"


def test_topics_come_from_the_fixed_list():
    for code in masukan.TOPICS:
        assert ok(topik=code).entry.topik == code
    assert error_keys(ok(topik=None)) == {"masukan.error.topik_missing"}
    assert error_keys(ok(topik="<script>")) == {"masukan.error.topik_unknown"}
    assert error_keys(ok(topik="Pertanyaan")) == {"masukan.error.topik_unknown"}


def test_unknown_language_is_stored_as_indonesian():
    assert masukan.check("lainnya", "", "", MESSAGE, "fr").entry.bahasa == "id"
    assert masukan.check("lainnya", "", "", MESSAGE, "en").entry.bahasa == "en"


# --------------------------------------------------------------------------- personal data


@pytest.mark.parametrize("nik", ["3601234567890123", "3601 2345 6789 0123",
                                 "3601.2345.6789.0123", "3601-2345-6789-0123"])
def test_nik_like_numbers_are_masked_before_storing(nik):
    checked = ok(pesan=f"NIK saya {nik}, mohon dicek.")
    assert checked.entry.pesan == f"NIK saya {masukan.NIK_MASK}, mohon dicek."
    assert checked.masked == 1


@pytest.mark.parametrize("nik", [
    "３６０１２３４５６７８９０１２３",            # fullwidth digits (NFKC)
    "3601/2345/6789/0123",                 # slashes
    "3601  2345  6789  0123",              # double spaces
    "3601 - 2345 - 6789 - 0123",           # spaced dashes
    "3601\u20132345\u20136789\u20130123",   # en dashes
    "٣٦٠١٢٣٤٥٦٧٨٩٠١٢٣",                    # Arabic-Indic digits
    "３６０１／２３４５／６７８９／０１２３",    # fullwidth digits and slashes
])
def test_disguised_nik_is_masked_too(nik):
    """Issue 12: feedback masking missed NIK written in fullwidth digits, with '/' separators
    or with double spaces; digits and separators are normalised (NFKC) before matching, and
    only the number is replaced."""
    checked = ok(pesan=f"NIK saya {nik}, mohon dicek.")
    assert checked.entry.pesan == f"NIK saya {masukan.NIK_MASK}, mohon dicek."
    assert checked.masked == 1


def test_a_fullwidth_passport_is_masked_and_the_rest_of_the_text_is_kept():
    text, found = masukan.mask_personal_numbers("Paspor Ｂ１２３４５６７ — ｔｅｒｉｍａ kasih")
    assert text == f"Paspor {masukan.PASSPORT_MASK} — ｔｅｒｉｍａ kasih" and found == 1


def test_a_period_of_two_dates_is_not_a_nik():
    for text in ("periode 01/01/2024-31/12/2024", "2024-01-01 s.d. 2024-12-31"):
        assert masukan.mask_personal_numbers(text) == (text, 0)


@pytest.mark.parametrize("passport", ["A1234567", "B 1234567", "XC1234567"])
def test_passport_like_numbers_are_masked(passport):
    checked = ok(pesan=f"Paspor hilang: {passport} tahun lalu")
    assert passport not in checked.entry.pesan
    assert masukan.PASSPORT_MASK in checked.entry.pesan
    assert checked.masked == 1


def test_a_number_written_after_the_word_paspor_is_masked():
    text, found = masukan.mask_personal_numbers("nomor paspor: c76543x1 sudah kadaluarsa")
    assert text == f"nomor paspor: {masukan.PASSPORT_MASK} sudah kadaluarsa" and found == 1


@pytest.mark.parametrize("text", [
    "Total 2024: 1.234.567 orang",          # a figure
    "Hubungi 0812-3456-7890 ya",              # a phone number (12 digits)
    "+62 812 3456 7890",                      # with country code (13 digits)
    "nomor 360123456789012",                  # 15 digits
    "kode 36012345678901234",                 # 17 digits: not a NIK
    "Rp 1234567 per bulan",                   # money, not a passport
    "paspor saya hilang di Riyadh",           # no number after "paspor"
])
def test_other_numbers_are_left_alone(text):
    assert masukan.mask_personal_numbers(text) == (text, 0)


def test_name_and_contact_are_masked_too():
    checked = ok(nama="Budi 3601234567890123", kontak="paspor A1234567")
    assert checked.entry.nama == f"Budi {masukan.NIK_MASK}"
    assert checked.entry.kontak == f"paspor {masukan.PASSPORT_MASK}"
    assert checked.masked == 2


def test_the_dashboard_view_is_kept_as_a_short_query_string():
    assert masukan.view_reference({"seri": "bp2mi", "tahun": "2024"}) == "seri=bp2mi&tahun=2024"
    assert masukan.view_reference({}) is None
    long = masukan.view_reference({"wilayah": ",".join(["3601"] * 200)})
    assert long is not None and len(long) == masukan.VIEW_MAX
    assert masukan.check("lainnya", "", "", MESSAGE, "id", "seri=contoh\x00").entry.halaman \
        == "seri=contoh"


# --------------------------------------------------------------------------- rate limit


def test_rate_limit_minimum_interval_between_two_submissions():
    rule = masukan.session_rule(masukan_settings())
    assert rule.wait([], now=1000) == 0
    assert rule.wait([1000], now=1010) == 20
    assert rule.wait([1000], now=1029.5) == 0.5
    assert rule.wait([1000], now=1030) == 0


def test_rate_limit_at_most_n_per_window():
    rule = masukan.session_rule(masukan_settings())  # 3 in 600 s, 30 s apart
    # three sent at 1000, 1040, 1080; now 1120: the first leaves the window at 1600
    assert rule.wait([1000, 1040, 1080], now=1120) == 480
    assert rule.wait([1000, 1040, 1080], now=1599) == 1
    assert rule.wait([1000, 1040, 1080], now=1600) == 0
    # 1040, 1080, 1600: the next may go when 1040 leaves the window
    assert rule.wait([1000, 1040, 1080, 1600], now=1600) == 40


def test_rate_limit_counts_the_last_n_submissions_in_the_window():
    limit = Rule(max_events=2, window_seconds=600, min_interval_seconds=0)
    assert limit.wait([0, 100, 200], now=250) == 450  # 100 leaves the window at 700
    assert limit.wait([200, 0, 100], now=250) == 450  # in any order
    assert limit.wait([0, 200], now=250) == 350
    assert limit.wait([0], now=250) == 0
    assert limit.wait([], now=0) == 0


def test_rate_limits_come_from_the_config():
    settings_ = masukan_settings()
    assert masukan.session_rule(settings_) == Rule(3, 600, 30)
    assert masukan.address_rule(settings_) == Rule(10, 3600, 0)
    session, address = masukan.limits(settings_, "token", "203.0.113.9")
    assert (session.scope, session.who, address.scope, address.who) == (
        "sesi", "token", "alamat", "203.0.113.9")
    assert (settings_.max_per_hour, settings_.queue_per_hour) == (60, 240)


def test_the_queue_status_of_a_submission():
    assert masukan.queue_status(0, 60, 240) == masukan.RECEIVED
    assert masukan.queue_status(59, 60, 240) == masukan.RECEIVED
    assert masukan.queue_status(60, 60, 240) == masukan.QUEUED
    assert masukan.queue_status(299, 60, 240) == masukan.QUEUED
    assert masukan.queue_status(300, 60, 240) is None
    assert masukan.queue_status(60, 60, 0) is None
    assert masukan.queue_status(10_000, 0, 0) == masukan.RECEIVED  # no cap


def test_wait_text_in_seconds_then_minutes():
    assert masukan_view.wait_text(30, "id") == "30 detik"
    assert masukan_view.wait_text(89, "en") == "89 seconds"
    assert masukan_view.wait_text(481, "id") == "9 menit"


# --------------------------------------------------------------------------- the store


def test_feedback_has_its_own_file_apart_from_the_placement_store(monkeypatch, tmp_path):
    monkeypatch.delenv("PMI_MASUKAN_DB", raising=False)
    monkeypatch.delenv("PMI_FEEDBACK_DB", raising=False)
    assert masukan_settings().db == ROOT / "data" / "masukan.duckdb"
    assert masukan_settings().db != settings().db
    monkeypatch.setenv("PMI_MASUKAN_DB", str(tmp_path / "x.duckdb"))
    assert store.path() == tmp_path / "x.duckdb"
    assert store.path(tmp_path / "y.duckdb") == (tmp_path / "y.duckdb").resolve()


def test_the_former_variable_name_is_still_read(monkeypatch, tmp_path):
    """Deployments set ``PMI_FEEDBACK_DB``; the new name wins when both are set."""
    monkeypatch.delenv("PMI_MASUKAN_DB", raising=False)
    monkeypatch.setenv("PMI_FEEDBACK_DB", str(tmp_path / "old.duckdb"))
    assert masukan_settings().db == tmp_path / "old.duckdb"
    monkeypatch.setenv("PMI_MASUKAN_DB", str(tmp_path / "new.duckdb"))
    assert masukan_settings().db == tmp_path / "new.duckdb"

def test_round_trip_newest_first_with_filters(fdb):
    t0 = dt.datetime(2025, 3, 1, 2, 0)
    first = store.add(entry("pertama pesan", nama="Ani", kontak="ani@example.org",
                            halaman="seri=bp2mi"), fdb, now=t0, retention_days=10_000).id
    second = store.add(entry("kedua pesannya", topik="lainnya", bahasa="en"), fdb,
                       now=t0 + dt.timedelta(hours=1), retention_days=10_000).id
    assert second == first + 1
    frame = store.entries(fdb)
    assert list(frame.columns) == list(store.COLUMNS)
    assert frame["id"].tolist() == [second, first]
    row = frame.iloc[1].to_dict()
    assert row == {"id": first, "diterima_pada": t0, "topik": "pertanyaan", "nama": "Ani",
                   "kontak": "ani@example.org", "pesan": "pertama pesan", "bahasa": "id",
                   "halaman": "seri=bp2mi", "status": "diterima"}
    assert frame.iloc[0]["nama"] is None
    assert store.entries(fdb, topic="lainnya")["id"].tolist() == [second]
    assert store.entries(fdb, since=t0 + dt.timedelta(minutes=1))["id"].tolist() == [second]
    assert store.count(fdb) == 2


def test_time_is_stored_in_utc(fdb):
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    store.add(entry(), fdb)
    stored = store.entries(fdb)["diterima_pada"].iloc[0]
    assert before <= stored <= dt.datetime.now(dt.UTC).replace(tzinfo=None)


def test_text_is_stored_exactly_as_given(fdb):
    payload = "<script>alert(1)</script> **bold** [klik](javascript:alert(1)) 'a'; DROP --"
    store.add(entry(payload, nama="O'Brien; --"), fdb)
    row = store.entries(fdb).iloc[0]
    assert row["pesan"] == payload and row["nama"] == "O'Brien; --"


def test_reading_a_missing_store_creates_nothing(fdb):
    assert store.entries(fdb).empty
    assert store.count(fdb) == 0
    assert store.purge(1, fdb) == 0
    assert not fdb.exists()


def test_only_what_the_sender_typed_the_time_language_and_view_are_kept(fdb):
    store.add(entry(), fdb)
    con = duckdb.connect(str(fdb), read_only=True)
    try:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        columns = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'masukan' "
            "ORDER BY ordinal_position").fetchall()]
        version = con.execute(masukan_sql.MASUKAN_GET_META, ["schema_version"]).fetchone()[0]
    finally:
        con.close()
    assert tables == {"masukan", "masukan_meta"}
    assert columns == list(store.COLUMNS)
    assert not {c for c in columns if any(w in c.lower() for w in
                                          ("ip", "agent", "cookie", "session", "host"))}
    assert int(version) == masukan_sql.MASUKAN_SCHEMA_VERSION


def test_a_store_written_by_newer_code_is_refused(fdb):
    store.add(entry(), fdb)
    con = duckdb.connect(str(fdb))
    con.execute(masukan_sql.MASUKAN_SET_META,
                ["schema_version", str(masukan_sql.MASUKAN_SCHEMA_VERSION + 1)])
    con.close()
    with pytest.raises(store.MasukanStoreError, match="lebih baru"):
        store.add(entry(), fdb)


def test_purge_deletes_only_what_is_older_than_n_days(fdb):
    now = dt.datetime(2025, 6, 1, 12, 0)
    for days in (400, 366, 364, 1):
        store.add(entry(f"umur {days} hari"), fdb, now=now - dt.timedelta(days=days),
                  retention_days=10_000)
    assert store.purge(365, fdb, now=now) == 2
    assert sorted(store.entries(fdb)["pesan"]) == ["umur 1 hari", "umur 364 hari"]
    assert store.purge(365, fdb, now=now) == 0


def test_a_new_submission_deletes_what_is_past_retention(fdb):
    now = dt.datetime(2025, 6, 1, 12, 0)
    store.add(entry("lama sekali pesannya"), fdb, now=now - dt.timedelta(days=40),
              retention_days=30)
    store.add(entry("baru saja dikirim"), fdb, now=now, retention_days=30)
    assert store.entries(fdb)["pesan"].tolist() == ["baru saja dikirim"]


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from store import masukan
    path, tag, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    for i in range(n):
        masukan.add(masukan.Entry("lainnya", f"{tag} pesan ke-{i}", "id"), path)
""")


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(fdb):
    n = 15
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(fdb), tag, str(n)], cwd=ROOT,
                              stderr=subprocess.PIPE) for tag in ("satu", "dua")]
    seen_while_writing = 0
    while any(p.poll() is None for p in procs):  # a third process reads meanwhile
        seen_while_writing = max(seen_while_writing, store.count(fdb))
        time.sleep(0.01)
    for proc in procs:
        assert proc.wait() == 0, proc.stderr.read().decode()
    frame = store.entries(fdb)
    assert len(frame) == 2 * n and frame["id"].is_unique
    assert {m for m in frame["pesan"]} == {f"{tag} pesan ke-{i}" for tag in ("satu", "dua")
                                          for i in range(n)}
    assert seen_while_writing <= 2 * n


def test_a_write_waits_for_a_reader_in_another_process(fdb):
    store.add(entry(), fdb)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], "
         "read_only=True); print('open', flush=True); time.sleep(0.6); c.close()", str(fdb)],
        stdout=subprocess.PIPE)
    assert holder.stdout.readline().strip() == b"open"
    started = time.monotonic()
    store.add(entry("ditulis setelah menunggu"), fdb)
    assert time.monotonic() - started > 0.2  # it waited instead of failing
    assert holder.wait() == 0
    assert store.count(fdb) == 2


# --------------------------------------------------------------------------- exports


def seeded(fdb: Path) -> None:
    store.add(entry("=HYPERLINK(\"http://x\",\"klik\")", nama="+62 812", kontak="@siti",
                    halaman="seri=contoh"), fdb, now=dt.datetime(2025, 1, 31, 16, 59),
              retention_days=100_000)
    store.add(entry("-1 pesan negatif\nbaris kedua", topik="data_tidak_sesuai"), fdb,
              now=dt.datetime(2025, 1, 31, 17, 0), retention_days=100_000)


def test_since_is_a_day_in_wib_and_an_empty_listing_exports_empty():
    frame = store.entries(Path("/nonexistent/none.duckdb"))
    assert masukan.export_table(frame).empty
    assert masukan.since_utc("2025-02-01") == dt.datetime(2025, 1, 31, 17, 0)


def test_csv_export_guards_formulas_and_keeps_text(fdb):
    seeded(fdb)
    data = masukan_export.csv_bytes(store.entries(fdb))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["pesan"] for r in rows] == ["'-1 pesan negatif\nbaris kedua",
                                          "'=HYPERLINK(\"http://x\",\"klik\")"]
    assert rows[1]["nama"] == "'+62 812" and rows[1]["kontak"] == "'@siti"
    assert rows[0]["diterima_pada"] == "2025-02-01T00:00:00+07:00"
    assert rows[1]["diterima_pada"] == "2025-01-31T23:59:00+07:00"
    assert list(rows[0]) == list(store.COLUMNS)


def test_cli_list_text_and_json(fdb, cli):
    seeded(fdb)
    text = cli("masukan", "list", "--db", fdb)
    assert text.code == 0
    first, second = text.out.split("\n\n")[:2]
    assert first.startswith("MSK-00002  2025-02-01T00:00:00+07:00  data_tidak_sesuai")
    assert "    -1 pesan negatif\n    baris kedua" in first
    assert "nama: +62 812" in second and "kontak: @siti" in second
    assert text.out.rstrip().endswith("2 masukan")
    rows = json.loads(cli("masukan", "list", "--json", "--db", fdb).out)
    assert [r["id"] for r in rows] == [2, 1]
    assert rows[1]["pesan"] == "=HYPERLINK(\"http://x\",\"klik\")"  # JSON is not a spreadsheet
    assert rows[1]["nama"] == "+62 812" and rows[0]["nama"] is None
    since = json.loads(cli("masukan", "list", "--json", "--since", "2025-02-01", "--db",
                           fdb).out)
    assert [r["id"] for r in since] == [2]  # 2025-02-01 00:00 WIB = 2025-01-31 17:00 UTC
    topic = json.loads(cli("masukan", "list", "--json", "--topik", "pertanyaan", "--db",
                           fdb).out)
    assert [r["id"] for r in topic] == [1]


def test_cli_list_of_an_empty_store(fdb, cli):
    result = cli("masukan", "list", "--db", fdb)
    assert (result.code, result.out.strip()) == (0, "belum ada masukan")
    assert json.loads(cli("masukan", "list", "--json", "--db", fdb).out) == []


def test_cli_refuses_a_bad_date_or_topic_with_a_hint(fdb, cli):
    bad_date = cli("masukan", "list", "--since", "31-01-2025", "--db", fdb)
    assert bad_date.code == 2 and "YYYY-MM-DD" in bad_date.err
    bad_topic = cli("masukan", "list", "--topik", "spam", "--db", fdb)
    assert bad_topic.code == 2 and "data_tidak_sesuai" in bad_topic.err


def test_cli_export_csv_and_xlsx_with_the_formula_guard(fdb, cli, tmp_path):
    seeded(fdb)
    out_csv = tmp_path / "out" / "masukan.csv"
    result = cli("masukan", "export", out_csv, "--db", fdb)
    assert result.code == 0 and "2 masukan" in result.out
    assert out_csv.read_bytes() == masukan_export.csv_bytes(store.entries(fdb))
    again = cli("masukan", "export", out_csv, "--db", fdb)
    assert again.code == 1 and "--force" in again.err
    assert cli("masukan", "export", out_csv, "--db", fdb, "--force").code == 0

    out_xlsx = tmp_path / "out" / "masukan.xlsx"
    assert cli("masukan", "export", out_xlsx, "--db", fdb, "--since", "2025-02-01").code == 0
    sheet = openpyxl.load_workbook(out_xlsx).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == list(store.COLUMNS)
    assert len(values) == 2 and values[1][0] == 2
    assert values[1][5] == "'-1 pesan negatif\nbaris kedua"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

    wrong = cli("masukan", "export", tmp_path / "masukan.json", "--db", fdb)
    assert wrong.code == 2 and ".csv" in wrong.err
    # no temporary file left behind; beside each export only its manifest (what --force may
    # replace)
    assert sorted(p.name for p in tmp_path.rglob(".masukan*")) == [
        ".masukan.csv.pmi-ekspor.json", ".masukan.xlsx.pmi-ekspor.json"]


def test_cli_purge(fdb, cli):
    store.add(entry("lama sekali pesannya"), fdb,
              now=store.utc_now() - dt.timedelta(days=50), retention_days=10_000)
    store.add(entry("baru saja dikirim"), fdb)
    result = cli("masukan", "purge", "--older-than-days", "30", "--db", fdb)
    assert result.code == 0 and result.out.startswith("1 masukan dihapus")
    assert store.entries(fdb)["pesan"].tolist() == ["baru saja dikirim"]
    assert cli("masukan", "purge", "--older-than-days", "-1", "--db", fdb).code == 2
    default = cli("masukan", "purge", "--db", fdb)
    assert default.code == 0 and f"{masukan_settings().retention_days} hari" in default.out


def test_the_hourly_cap_for_all_senders_queues_then_asks_to_retry(fdb):
    """Given a cap of 2 an hour (all senders together) and a queue of 2: the third and fourth
    submissions of the hour are stored as queued (``antre``), not refused; the fifth is refused
    with MasukanBusy saying when a place frees up (when the first is an hour old) and nothing
    is stored; once it is, one more is received; a cap of 0 means no cap."""
    start = store.utc_now() - dt.timedelta(minutes=90)
    entry = store.Entry("pertanyaan", "Pesan yang cukup panjang.", "id")
    caps = {"max_per_hour": 2, "queue_per_hour": 2}
    minutes = [0, 10, 20, 30]
    receipts = [store.add(entry, fdb, now=start + dt.timedelta(minutes=m), **caps)
                for m in minutes]
    assert [r.status for r in receipts] == ["diterima", "diterima", "antre", "antre"]
    assert [r.id for r in receipts] == [1, 2, 3, 4]
    with pytest.raises(store.MasukanBusy) as busy:
        store.add(entry, fdb, now=start + dt.timedelta(minutes=50), **caps)
    assert busy.value.retry_seconds == 10 * 60  # the first leaves the hour at minute 60
    assert store.count(fdb) == 4
    assert store.entries(fdb)["status"].tolist() == ["antre", "antre", "diterima", "diterima"]
    # minute 61: 10, 20, 30 in the last hour — three of 2 + 2: queued, not refused
    assert store.add(entry, fdb, now=start + dt.timedelta(minutes=61), **caps).status == "antre"
    # minute 89: 30 and 61 in the last hour — the cap of 2 is still reached
    assert store.add(entry, fdb, now=start + dt.timedelta(minutes=89), **caps).status == "antre"
    assert store.count(fdb) == 6
    for minute in range(5):
        receipt = store.add(entry, fdb, now=start + dt.timedelta(minutes=62 + minute),
                            max_per_hour=0)
        assert receipt.status == "diterima"
    assert store.count(fdb) == 11


def test_without_a_queue_the_hourly_cap_refuses_and_stores_nothing(fdb):
    start = store.utc_now() - dt.timedelta(minutes=90)
    entry = store.Entry("pertanyaan", "Pesan yang cukup panjang.", "id")
    store.add(entry, fdb, now=start, max_per_hour=2, queue_per_hour=0)
    store.add(entry, fdb, now=start + dt.timedelta(minutes=40), max_per_hour=2,
              queue_per_hour=0)
    with pytest.raises(store.MasukanBusy) as busy:
        store.add(entry, fdb, now=start + dt.timedelta(minutes=50), max_per_hour=2,
                  queue_per_hour=0)
    assert busy.value.retry_seconds == 10 * 60
    assert store.count(fdb) == 2
    store.add(entry, fdb, now=start + dt.timedelta(minutes=61), max_per_hour=2,
              queue_per_hour=0)
    assert store.count(fdb) == 3


def test_a_version_1_feedback_file_is_migrated_and_its_rows_count_as_received(fdb):
    fdb.parent.mkdir(parents=True)
    con = duckdb.connect(str(fdb))
    for statement in masukan_sql.MASUKAN_SCHEMA_V1:
        con.execute(statement)
    con.execute(masukan_sql.MASUKAN_SET_META, ["schema_version", "1"])
    con.execute("INSERT INTO masukan (diterima_pada, topik, pesan, bahasa) "
                "VALUES (now()::TIMESTAMP, 'lainnya', 'pesan lama sekali', 'id')")
    con.close()
    frame = store.entries(fdb)
    assert frame["status"].tolist() == ["diterima"]
    assert list(frame.columns) == list(store.COLUMNS)


def test_the_hourly_cap_comes_from_the_config(tmp_path, monkeypatch):
    config = tmp_path / "dasbor.toml"
    config.write_text("[masukan]\nmax_per_hour = 7\n", encoding="utf-8")
    monkeypatch.setenv("PMI_CONFIG", str(config))
    assert masukan_settings().max_per_hour == 7
    monkeypatch.delenv("PMI_CONFIG")
    assert masukan_settings().max_per_hour == 60  # config/dasbor.toml as shipped


def test_cli_export_force_replaces_only_its_own_previous_export(fdb, cli, tmp_path):
    """``masukan export --force`` never replaces what it did not write: an unrelated file, a
    changed earlier export, the feedback file itself or the placement store."""
    seeded(fdb)
    notes = tmp_path / "notes.csv"
    notes.write_text("catatan penting\n", encoding="utf-8")
    refused = cli("masukan", "export", notes, "--db", fdb, "--force")
    assert refused.code == 1 and "bukan hasil ekspor" in refused.err
    assert notes.read_text(encoding="utf-8") == "catatan penting\n"

    out = tmp_path / "masukan.csv"
    assert cli("masukan", "export", out, "--db", fdb).code == 0
    assert cli("masukan", "export", out, "--db", fdb, "--force").code == 0  # its own: replaced
    out.write_text("diubah tangan\n", encoding="utf-8")
    changed = cli("masukan", "export", out, "--db", fdb, "--force")
    assert changed.code == 1 and "diubah sesudah ekspor" in changed.err
    assert out.read_text(encoding="utf-8") == "diubah tangan\n"

    before = fdb.read_bytes()
    own = cli("masukan", "export", fdb.with_suffix(".csv").with_name(fdb.name), "--db", fdb,
              "--force")
    assert own.code != 0 and fdb.read_bytes() == before
    store_path = tmp_path / "pmi.duckdb"
    store_path.write_bytes(b"not really a store")
    assert cli("masukan", "export", store_path.with_suffix(".xlsx"), "--db", fdb).code == 0
    placement = cli("masukan", "export", tmp_path, "--db", fdb, "--force")
    assert placement.code != 0
