"""The Kelola upload (loaders/upload.py) accepts intern files: an intern table is checked
without a write, loaded into its intern series and kept whole in the archive; a list of
participants is kept only as its hash and its aggregated figures (a ``magang_kanonik`` file
with the same figures and no personal data); a placement series is refused for interns."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from domain.config import KelolaSettings
from loaders import pipeline, upload
from store import db as store_db
from tests.conftest import query
from tests.test_intern_records import PERSONAL, export

TABLE = (b"tahun,kode_wilayah,status,penyelenggara,jumlah_magang\n"
         b"2024,3604,Diberangkatkan,,12\n2024,3604,Diberangkatkan,LPK/SO swasta,12\n")
FORM = upload.Form(series="magang_disnaker", source="Disnaker (uji)", licence="CC BY 4.0")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("upload_interns") / "pmi.duckdb"
    pipeline.rebuild(path)
    return path


@pytest.fixture
def store(shipped: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store" / "pmi.duckdb"
    path.parent.mkdir()
    shutil.copyfile(shipped, path)
    return path


@pytest.fixture
def settings(tmp_path: Path) -> KelolaSettings:
    return KelolaSettings(archive_dir=tmp_path / "arsip", max_upload_mb=1)


def test_an_intern_table_is_checked_loaded_and_kept_whole(store, settings):
    signature = store_db.signature(store)
    staged = upload.stage("magang_2024.csv", TABLE, settings)
    report = upload.check(staged, FORM, store, settings)
    assert report.status == "dry-run" and upload.can_load(report), report.format_text()
    assert report.layout == "magang_kanonik"
    assert store_db.signature(store) == signature, "the check writes nothing"
    assert staged.kept == upload.KEPT_WHOLE
    loaded = upload.confirm(staged, FORM, store, settings, by="password")
    assert loaded.status == "loaded"
    assert query(store, "SELECT series, jenis, source FROM batch WHERE batch_id = ?",
                 [loaded.batch_id]) == [("magang_disnaker", "magang", "Disnaker (uji)")]
    assert query(store, "SELECT count(*) FROM magang_fact WHERE batch_id = ?",
                 [loaded.batch_id]) == [(2,)]
    assert upload.rollback(store, loaded.batch_id, settings)[0] == "magang_disnaker"


def test_a_placement_series_is_refused_for_an_intern_file(store, settings):
    before = store_db.signature(store)
    staged = upload.stage("magang.csv", TABLE, settings)
    report = upload.check(staged, upload.Form(series="bp2mi"), store, settings)
    assert report.status == "refused" and not upload.can_load(report)
    assert "bukan seri pemagangan" in report.errors[0].message
    assert store_db.signature(store) == before


def test_a_list_of_participants_is_kept_as_its_aggregate_only(store, settings, cli):
    data = export().encode("utf-8")
    staged = upload.stage("peserta_magang.csv", data, settings)
    report = upload.check(staged, FORM, store, settings)
    assert report.layout == "magang_records" and upload.can_load(report), report.format_text()
    assert staged.kept == upload.KEPT_HASH and staged.archived is None
    loaded = upload.confirm(staged, FORM, store, settings, by="password")
    assert loaded.status == "loaded"
    [aggregate] = settings.archive_dir.glob(f"*_{staged.sha256[:16]}_*{upload.AGGREGATE_SUFFIX}")
    text = aggregate.read_text(encoding="utf-8")
    assert [value for value in PERSONAL if value in text] == []
    assert text.splitlines()[0] == ("tahun,bulan,s_d_bulan,kode_wilayah,status,penyelenggara,"
                                    "negara_tujuan,bidang,jenis_kelamin,pelindungan,"
                                    "jumlah_magang")
    again = cli("check", aggregate, "--series", "magang_disnaker", "--json")
    assert again.code == 0
    stored = query(store, "SELECT status, tahun, kode_wilayah, sum(jumlah) FROM magang_fact "
                          "WHERE batch_id = ? GROUP BY ALL ORDER BY ALL", [loaded.batch_id])
    totals = sorted((r["status"], r["tahun"], r["kode_wilayah"], r["jumlah"])
                    for r in json.loads(again.out)[0]["totals"])
    assert totals == sorted(stored)
    for archived in settings.archive_dir.rglob("*"):
        if archived.is_file():
            raw = archived.read_bytes()
            assert [v for v in PERSONAL if v.encode() in raw] == [], archived.name
