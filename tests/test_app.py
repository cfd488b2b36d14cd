"""The dashboard on first start builds its store from the shipped data, labels sample data,
formats numbers per language and shows a load made while it runs without a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders import pipeline
from tests.conftest import ROOT, query

APP = str(ROOT / "app.py")


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "app" / "pmi.duckdb"
    monkeypatch.setenv("PMI_DB", str(path))
    return path


def run_app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_first_start_builds_the_store_from_shipped_data_and_labels_sample(app_db: Path):
    assert not app_db.exists()
    at = run_app()
    assert app_db.exists()
    files = {r[0] for r in query(app_db, "SELECT file_name FROM batch")}
    assert files == {p.name for p in pipeline.shipped_files()}
    # the published series opens first; the sample is one switch away and labelled there
    assert not any("DATA CONTOH" in w.value for w in at.warning)
    assert at.metric[0].value == "3.567"
    at = run_app(seri="contoh")
    assert any("DATA CONTOH" in w.value for w in at.warning)
    sample_2025 = query(app_db, "SELECT sum(jumlah) FROM penempatan "
                                "WHERE seri = 'contoh' AND tahun = 2025")[0][0]
    assert at.metric[0].value == f"{sample_2025:,}".replace(",", ".")
    # the sample's meta.yml marks its last month provisional, as real sources do
    # the headline says what it is: the series in plain words, where, when, the data date
    assert ("data contoh, bukan angka resmi · Seluruh Banten · 2025 · Data s.d. Desember 2025 "
            "(angka sejak Desember 2025 sementara)") in [c.value for c in at.caption]


def test_english_formats_numbers_the_english_way(app_db: Path):
    at = run_app(lang="en", seri="contoh")
    sample_2025 = query(app_db, "SELECT sum(jumlah) FROM penempatan "
                                "WHERE seri = 'contoh' AND tahun = 2025")[0][0]
    assert at.metric[0].value == f"{sample_2025:,}"
    assert any("SAMPLE DATA" in w.value for w in at.warning)
    assert any(c.value.endswith("Data up to December 2025 (figures from December 2025 are "
                                "provisional)") for c in at.caption)


def test_published_series_has_no_sample_badge(app_db: Path):
    at = run_app(seri="bp2mi")
    assert not any("DATA CONTOH" in w.value for w in at.warning)
    assert at.metric[0].value == "3.567"
    assert "Banpos" in at.get("plotly_chart")[0].proto.spec  # the chart footer cites it


def test_a_load_while_running_shows_on_the_next_rerun(app_db: Path, tmp_path: Path):
    at = run_app(seri="bp2mi")
    assert at.metric[0].value == "3.567"
    shipped = ROOT / "data" / "published" / "bp2mi_penempatan.csv"
    text = shipped.read_text(encoding="utf-8")
    assert ",3567," in text
    correction = tmp_path / "bp2mi_koreksi.csv"
    correction.write_text(text.replace(",3567,", ",3600,"), encoding="utf-8")
    reports = pipeline.load([correction], app_db, pipeline.Options(series="bp2mi",
                                                                   replace=True))
    assert reports[0].status == "loaded", reports[0].format_text()
    at.run()
    assert at.metric[0].value == "3.600"


def test_provisional_months_are_marked_on_the_monthly_chart(app_db: Path):
    at = run_app(seri="contoh")
    at.switch_page("pages/trends.py")
    at.run()
    monthly = at.get("plotly_chart")[1].proto.spec
    assert "circle-open" in monthly and "sementara" in monthly
    assert query(app_db, "SELECT provisional_from FROM batch WHERE series = 'contoh'") == [
        ("2025-12",)]


def test_sources_panel_lists_the_series_caveats(app_db: Path):
    at = run_app(seri="bp2mi")
    panel = " ".join(m.value for e in at.expander for m in e.markdown)
    assert "Catatan sumber:" in panel and "Banpos" in panel
