"""Pembaruan data: every loaded file with its source, the date each series runs to, and the
data-quality findings."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from domain.checksum import sha256_of
from loaders import pipeline
from tests.conftest import ROOT


def open_updates(monkeypatch, store: Path) -> AppTest:
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/updates.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_every_loaded_file_is_listed_with_its_source_and_fingerprint(monkeypatch, tmp_path):
    store = tmp_path / "s.duckdb"
    pipeline.rebuild(store)
    at = open_updates(monkeypatch, store)
    files = at.dataframe[1].value
    for path in pipeline.shipped_files():
        row = files[files["Berkas"] == path.name]
        assert len(row) == 1, path.name
        assert row["SHA-256"].iloc[0] == sha256_of(path)[:12]
        assert row["Sumber"].iloc[0] != "–"
    until = at.dataframe[0].value.set_index("Seri")
    # "data up to" (the period the figures cover) apart from "loaded on" (the load time)
    assert "Desember 2025" in until["Angka mencakup s.d. (periode data)"].tolist()
    assert until["Berkas terakhir dimuat pada"].str.match(r"\d{4}-\d\d-\d\d").all()
    bp2mi = until.loc["Penempatan menurut BP2MI/KemenP2MI", "Wilayah yang dicakup per tahun"]
    assert bp2mi == "Seluruh Banten 2023–2024; 2018–2022 hanya Kota Cilegon"


def test_quality_findings_list_disagreements_and_unknown_occupations(monkeypatch, tmp_path):
    store = tmp_path / "s.duckdb"
    data = tmp_path / "in"
    data.mkdir()
    (data / "a.csv").write_text("tahun,kode_wilayah,jumlah\n2024,3604,911\n", encoding="utf-8")
    (data / "b.csv").write_text("tahun,kode_wilayah,jabatan,jumlah\n2024,3604,Pemetik Teh,900\n",
                                encoding="utf-8")
    for name in ("a.csv", "b.csv"):
        report = pipeline.load([data / name], store, pipeline.Options(series="bp2mi"))[0]
        assert report.status == "loaded", report.format_text()
    monkeypatch.setenv("PMI_DEFAULT_SERIES", "bp2mi")
    at = open_updates(monkeypatch, store)
    text = " ".join(m.value for m in at.markdown)
    assert "tabel-tabel sumber berbeda total" in text and "911" in text and "900" in text
    assert "Pemetik Teh" in text
