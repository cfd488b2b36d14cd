"""The maintainer's upload without Streamlit (loaders/upload.py): staging, the archive and
its log, file names, the size limit, and that a refused file changes nothing while a good one
loads, replaces and rolls back through the pipeline."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from dashboard import upload_view
from domain import config as store_config
from domain.config import KelolaSettings
from loaders import pipeline, upload, upload_log
from store import db as store_db
from store.queries import Filters
from tests.conftest import ROOT, file_digest, query

GOOD = b"tahun,kode_wilayah,jumlah\n2019,3604,12\n2019,3601,7\n"
CORRECTED = b"tahun,kode_wilayah,jumlah\n2019,3604,13\n2019,3601,7\n"
#: An unknown regency code on line 3, column kode_wilayah.
BAD = b"tahun,kode_wilayah,jumlah\n2019,3604,12\n2019,3699,5\n"
VERIFIKASI = upload.Form(series="verifikasi", source="Disnaker (uji)", licence="CC BY 4.0")


@pytest.fixture(scope="module")
def shipped_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("upload") / "pmi.duckdb"
    pipeline.rebuild(path)
    return path


@pytest.fixture
def store(shipped_store: Path, tmp_path: Path) -> Path:
    """A private copy of a store built from the shipped data."""
    path = tmp_path / "store" / "pmi.duckdb"
    path.parent.mkdir()
    shutil.copyfile(shipped_store, path)
    return path


@pytest.fixture
def settings(tmp_path: Path) -> KelolaSettings:
    return KelolaSettings(archive_dir=tmp_path / "arsip", max_upload_mb=1)


def batches(store: Path) -> list[tuple]:
    return query(store, "SELECT batch_id, status, file_name, sha256 FROM batch ORDER BY 1")


def test_names_are_sanitised():
    assert upload_log.safe_name("../../etc/passwd.csv") == "passwd.csv"
    assert upload_log.safe_name("..\\..\\win\\data.XLSX") == "data.xlsx"
    assert upload_log.safe_name("Data Penempatan (2024) final!.csv") == \
        "Data_Penempatan_2024_final.csv"
    assert upload_log.safe_name("/abs/path/.hidden.csv") == "hidden.csv"
    assert upload_log.safe_name("...csv") == "berkas.csv"
    assert upload_log.safe_name("penempatan_éü.csv") == "penempatan.csv"
    assert upload_log.safe_name("x" * 300 + ".csv") == "x" * upload_log.MAX_NAME_CHARS + ".csv"
    for name in ("../a.csv", "a/../../b.csv", "c:\\x\\..\\y.csv", "\x00evil.csv"):
        safe = upload_log.safe_name(name)
        assert "/" not in safe and "\\" not in safe and ".." not in safe and "\x00" not in safe


def test_staging_keeps_a_private_copy_and_the_check_archives_it_under_its_hash(
        store: Path, settings: KelolaSettings):
    staged = upload.stage("../Penempatan 2019.csv", GOOD, settings, by="password")
    digest = file_digest(staged.path)
    assert staged.sha256 == digest and staged.size == len(GOOD)
    assert staged.name == "Penempatan_2019.csv" and staged.path.name == staged.name
    # private staging folder under the archive, not the archive itself
    assert staged.path.parent.parent == settings.archive_dir / upload.STAGING_DIR
    assert staged.path.parent.stat().st_mode & 0o077 == 0
    assert staged.path.stat().st_mode & 0o777 == 0o600
    # nothing is archived before the check says what the file is (issue 12: personal data)
    assert staged.archived is None and staged.kept is None
    [entry] = upload_log.read_log(settings)
    assert entry["action"] == "upload" and entry["outcome"] == "staged"
    assert entry["sha256"] == digest and entry["size"] == len(GOOD) and entry["by"] == "password"
    upload.check(staged, VERIFIKASI, store, settings, by="password")
    # an aggregate table is kept whole, mode 0600
    assert staged.kept == upload.KEPT_WHOLE and staged.archived is not None
    assert staged.archived.parent == settings.archive_dir
    stamp, sha16, name = staged.archived.name.split("_", 2)
    assert sha16 == digest[:16] and name == staged.name and len(stamp) == len("2026-11-28T031500")
    assert staged.archived.read_bytes() == GOOD
    assert staged.archived.stat().st_mode & 0o777 == 0o600
    assert (settings.archive_dir / upload_log.LOG_NAME).stat().st_mode & 0o777 == 0o600
    assert settings.archive_dir.stat().st_mode & 0o777 == 0o700
    archived = upload_log.read_log(settings)[1]
    assert (archived["action"], archived["outcome"], archived["archive"]) == \
        ("archive", "whole", staged.archived.name)
    # the same file again is archived once, logged again
    again = upload.stage("Penempatan 2019.csv", GOOD, settings)
    upload.check(again, VERIFIKASI, store, settings)
    assert again.archived == staged.archived and again.path != staged.path
    kept = [p for p in settings.archive_dir.iterdir() if p.is_file()]
    assert sorted(p.name for p in kept) == sorted([staged.archived.name, upload_log.LOG_NAME])


def test_too_large_or_wrong_type_is_refused_before_anything_is_kept(settings: KelolaSettings):
    big = b"tahun,kode_wilayah,jumlah\n" + b"2019,3604,1\n" * (settings.max_upload_bytes // 12)
    assert len(big) > settings.max_upload_bytes
    with pytest.raises(upload.UploadError) as refused:
        upload.stage("besar.csv", big, settings)
    problem = refused.value.problem
    assert problem.file == "besar.csv" and "melebihi batas 1 MB" in problem.message
    assert "max_upload_mb" in problem.hint
    with pytest.raises(upload.UploadError) as wrong:
        upload.stage("catatan.txt", GOOD, settings)
    assert "'.txt' tidak diterima" in wrong.value.problem.message and wrong.value.problem.hint
    kept = [p for p in settings.archive_dir.rglob("*") if p.is_file()]
    assert [p.name for p in kept] == [upload_log.LOG_NAME]
    assert [e["outcome"] for e in upload_log.read_log(settings)] == ["refused-size", "refused-type"]


def test_the_upload_limit_matches_the_streamlit_server_limit():
    app = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    dasbor = tomllib.loads((ROOT / "config" / "dasbor.toml").read_text(encoding="utf-8"))
    assert app["server"]["maxUploadSize"] == dasbor["kelola"]["max_upload_mb"]


def test_settings_come_from_the_config_and_the_environment(monkeypatch, tmp_path: Path):
    monkeypatch.delenv(store_config.ENV_ARCHIVE_DIR, raising=False)
    monkeypatch.delenv(store_config.ENV_MAX_UPLOAD_MB, raising=False)
    dasbor = tomllib.loads((ROOT / "config" / "dasbor.toml").read_text(encoding="utf-8"))
    default = store_config.kelola_settings()
    assert default.archive_dir == ROOT / dasbor["kelola"]["archive_dir"]
    assert default.max_upload_bytes == dasbor["kelola"]["max_upload_mb"] * 1024 * 1024
    monkeypatch.setenv(store_config.ENV_ARCHIVE_DIR, str(tmp_path / "lain"))
    monkeypatch.setenv(store_config.ENV_MAX_UPLOAD_MB, "3")
    assert store_config.kelola_settings() == KelolaSettings(tmp_path / "lain", 3)


def test_a_refused_file_changes_nothing(store: Path, settings: KelolaSettings):
    before, signature = batches(store), store_db.signature(store)
    staged = upload.stage("salah.csv", BAD, settings)
    report = upload.check(staged, VERIFIKASI, store, settings)
    assert report.status == "refused" and not upload.can_load(report)
    [error] = report.errors
    assert (error.file, error.line, error.column) == ("salah.csv", 3, "kode_wilayah")
    text = upload_view.problem_text(error, "id")
    assert text.startswith("salah.csv, baris 3, kolom 'kode_wilayah': ") and error.hint in text
    assert upload_view.problem_text(error, "en").startswith(
        "salah.csv, line 3, column 'kode_wilayah'")
    # even a forced confirm stores nothing
    forced = upload.confirm(staged, VERIFIKASI, store, settings)
    assert forced.status == "refused" and forced.batch_id is None
    assert batches(store) == before and store_db.signature(store) == signature
    assert staged.path.exists(), "a refused file stays staged until it is cancelled"
    upload.discard(staged, settings)
    assert not staged.path.parent.exists() and staged.archived is not None
    assert staged.archived.read_bytes() == BAD
    log = upload_log.read_log(settings)
    assert [(e["action"], e["outcome"]) for e in log] == [
        ("upload", "staged"), ("archive", "whole"), ("check", "refused"), ("load", "refused"),
        ("cancel", "cancelled")]
    assert all(e["sha256"] == staged.sha256 for e in log)


def test_a_good_file_is_checked_without_a_write_then_loaded(store: Path,
                                                            settings: KelolaSettings):
    before, signature = batches(store), store_db.signature(store)
    staged = upload.stage("verifikasi_2019.csv", GOOD, settings)
    report = upload.check(staged, VERIFIKASI, store, settings)
    assert report.status == "dry-run" and upload.can_load(report), report.format_text()
    assert [(r["kode_wilayah"], r["jumlah"]) for r in report.totals] == [("3601", 7),
                                                                        ("3604", 12)]
    assert report.source == "Disnaker (uji)" and report.licence == "CC BY 4.0"
    assert batches(store) == before and store_db.signature(store) == signature

    loaded = upload.confirm(staged, VERIFIKASI, store, settings, by="password")
    assert loaded.status == "loaded" and loaded.batch_id is not None
    assert not staged.path.exists(), "the staged copy is removed once it is stored"
    after = batches(store)
    assert after[:-1] == before
    assert after[-1] == (loaded.batch_id, "active", "verifikasi_2019.csv", staged.sha256)
    assert query(store, "SELECT source, licence, series FROM batch WHERE batch_id = ?",
                 [loaded.batch_id]) == [("Disnaker (uji)", "CC BY 4.0", "verifikasi")]
    totals = pipeline.summary(store, ["tahun", "kode_wilayah"], "verifikasi",
                              Filters(tahun_awal=2019, tahun_akhir=2019))[1]
    assert dict(zip(totals["kode_wilayah"], totals["jumlah"], strict=True)) == \
        {"3601": 7, "3604": 12}
    last = upload_log.read_log(settings)[-1]
    assert (last["action"], last["outcome"], last["batch_id"], last["series"], last["by"]) == \
        ("load", "loaded", loaded.batch_id, "verifikasi", "password")
    frame = upload.history(store)
    assert loaded.batch_id in upload.active_batches(frame)
    shown = upload_view.history_frame(frame, "id")
    assert shown.iloc[-1]["Berkas"] == "verifikasi_2019.csv"
    assert shown.iloc[-1]["SHA-256"] == staged.sha256[:12]

    # the same file again: unchanged, nothing to confirm
    again = upload.check(upload.stage("verifikasi_2019.csv", GOOD, settings), VERIFIKASI,
                         store, settings)
    assert again.status == "unchanged" and not upload.can_load(again)


def test_a_correction_needs_replace_and_rolls_back(store: Path, settings: KelolaSettings):
    first = upload.confirm(upload.stage("v.csv", GOOD, settings), VERIFIKASI, store, settings)
    assert first.status == "loaded"
    corrected = upload.stage("v_perbaikan.csv", CORRECTED, settings)
    overlap = upload.check(corrected, VERIFIKASI, store, settings)
    assert overlap.status == "refused" and not upload.can_load(overlap)
    assert any(f"batch {first.batch_id}" in p.message and "--replace" in p.hint
               for p in overlap.errors)
    replacing = upload.Form(series="verifikasi", replace=True)
    assert upload.check(corrected, replacing, store, settings).status == "dry-run"
    second = upload.confirm(corrected, replacing, store, settings)
    assert second.status == "loaded" and second.replaced == [first.batch_id]
    statuses = dict(query(store, "SELECT batch_id, status FROM batch"))
    assert statuses[first.batch_id] == "replaced" and statuses[second.batch_id] == "active"

    series, restored = upload.rollback(store, int(second.batch_id), settings, by="password")
    assert (series, restored) == ("verifikasi", [first.batch_id])
    statuses = dict(query(store, "SELECT batch_id, status FROM batch"))
    assert statuses[first.batch_id] == "active" and statuses[second.batch_id] == "rolled_back"
    last = upload_log.read_log(settings)[-1]
    assert (last["action"], last["batch_id"], last["restored"]) == \
        ("rollback", second.batch_id, [first.batch_id])


def test_the_report_is_shown_with_translated_labels(store: Path, settings: KelolaSettings):
    staged = upload.stage("verifikasi_2019.csv", GOOD, settings)
    report = upload.check(staged, VERIFIKASI, store, settings)
    pairs = dict(upload_view.report_summary(report, "en"))
    assert pairs["Layout"] == "kanonik" and pairs["Series"] == "verifikasi"
    assert pairs["Rows"] == "read 2, stored 2, skipped 0"
    assert pairs["Period"] == "2019 (up to month 12)"
    totals = upload_view.totals_frame(report, "id")
    assert totals["Kode"].tolist() == ["3601", "3604"]
    # no link can form: the brackets are escaped
    assert upload_view.markdown_list(["a_b *c* [x](y)"]) == r"- a\_b \*c\* \[x\](y)"


def test_sample_data_from_the_form_is_labelled_everywhere(store: Path,
                                                          settings: KelolaSettings):
    form = upload.Form(series="verifikasi", sample=True)
    staged = upload.stage("contoh_2019.csv", GOOD, settings)
    report = upload.check(staged, form, store, settings)
    assert report.is_sample
    assert "DATA CONTOH" in dict(upload_view.report_summary(report, "id"))["Seri"]
    loaded = upload.confirm(staged, form, store, settings)
    assert query(store, "SELECT is_sample FROM batch WHERE batch_id = ?",
                 [loaded.batch_id]) == [(True,)]
    shown = upload_view.history_frame(upload.history(store), "id")
    assert shown.iloc[-1]["Seri"] == "verifikasi (DATA CONTOH / SAMPLE DATA)"
    # without the tick, the same series is not sample data
    plain = upload.check(upload.stage("v_2018.csv", GOOD.replace(b"2019", b"2018"), settings),
                         upload.Form(series="verifikasi"), store, settings)
    assert not plain.is_sample
