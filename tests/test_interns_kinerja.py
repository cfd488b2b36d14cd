"""Intern indicators on the Kinerja page (the same indicator file layout): the shipped sample's
MAG-… indicators report what the intern sample adds up to, and the page marks them as intern
indicators — never placement figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from domain import kinerja
from domain.interns import protection_share
from tests.conftest import ROOT

KINERJA = ROOT / "data" / "sample" / "kinerja_contoh.csv"
INTERNS = ROOT / "data" / "sample" / "magang_contoh.csv"


def number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return pd.read_csv(KINERJA, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def departed() -> pd.DataFrame:
    frame = pd.read_csv(INTERNS, dtype={"kode_wilayah": str})
    return frame[frame["status"] == "Diberangkatkan"]


def test_interns_sent_to_japan_equal_the_intern_sample(indicators, departed):
    rows = indicators[indicators["kode_indikator"] == "MAG-01"]
    assert len(rows) == 5 and (rows["triwulan"] == "").all()
    japan = departed[departed["negara_tujuan"] == "JP"].groupby("tahun")["jumlah_magang"].sum()
    for row in rows.itertuples(index=False):
        assert int(number(row.realisasi)) == int(japan[int(row.tahun)]), row.tahun


def test_the_recorded_share_equals_the_intern_sample(indicators, departed):
    rows = indicators[indicators["kode_indikator"] == "MAG-02"]
    assert set(rows["satuan"]) == {"%"}
    for row in rows.itertuples(index=False):
        year = departed[departed["tahun"] == int(row.tahun)].assign(
            pelindungan=lambda f: f["pelindungan"].where(f["pelindungan"] != "tidak diketahui"),
            jumlah=lambda f: f["jumlah_magang"])
        share = protection_share(year[["pelindungan", "jumlah"]]).share
        assert share is not None
        assert number(row.realisasi) == round(share * 100, 1), row.tahun


@pytest.mark.parametrize(("code", "name", "expected"), [
    ("MAG-01", "Apa saja", True), ("mag-07", "", True),
    ("X-1", "Peserta magang tercatat", True), ("X-2", "Program pemagangan", True),
    ("PMI-01", "PMI asal Banten yang ditempatkan", False), (None, None, False),
])
def test_an_intern_indicator_is_known_by_its_code_or_name(code, name, expected):
    assert kinerja.is_intern_indicator(code, name) is expected


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_kinerja_page_marks_the_intern_indicators(monkeypatch, shipped_store: Path, lang):
    monkeypatch.setenv("PMI_DB", str(shipped_store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    at.query_params["tahun_kinerja"] = "2024"
    at.run()
    at.switch_page("pages/performance.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    marks = [c for c in at.caption if t("kinerja.intern_indicator", lang) in c.value]
    assert len(marks) == 2  # MAG-01 and MAG-02, not the placement indicators
