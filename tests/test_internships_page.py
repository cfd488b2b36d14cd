"""The Pemagangan page (AppTest), in Indonesian and English and on each intern series: the
headline figures equal the store's by the read rule, one per status and never summed; the
sample is labelled, a published series framed by what it covers; charts say they count interns
(not placed workers); the protection section explains itself and links the law; bad URL values
fall back; the overview's one line, the Data page, Pembaruan data and the open-data export
include the interns — apart from placements."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import export_meta, table_export
from dashboard.i18n import t
from domain.interns import LAW_URL, InternFilters
from loaders import open_data, pipeline
from store import intern_queries
from store.db import connect_read_only
from tests.conftest import ROOT

PAGE = "pages/internships.py"
PUBLISHED = (
    "tahun,kode_wilayah,status,penyelenggara,jumlah_magang,sumber\n"
    "2024,36,Diberangkatkan,,120,uji\n"
    "2024,3604,Diberangkatkan,,40,uji\n"
    "2024,3673,Diberangkatkan,,12,uji\n"
    "2024,3604,Diberangkatkan,Kemnaker-IM Japan,25,uji\n"
    "2024,3604,Diberangkatkan,LPK/SO swasta,15,uji\n"
    "2024,3604,Purna,,7,uji\n"
)


@pytest.fixture(scope="module")
def stores(shipped_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shipped store (sample interns only), one with a published intern series too, and
    one with placements only (no intern figures)."""
    folder = tmp_path_factory.mktemp("interns_page")
    both = folder / "both.duckdb"
    shutil.copy(shipped_store, both)
    source = folder / "magang_uji.csv"
    source.write_text(PUBLISHED, encoding="utf-8")
    reports = pipeline.load([source], both, pipeline.Options(series="magang_disnaker",
                                                             source="Disnaker uji"))
    assert reports[0].status == "loaded", reports[0].format_text()
    none = folder / "none.duckdb"
    assert pipeline.load([ROOT / "docs" / "examples" / "kanonik.csv"], none,
                         pipeline.Options())[0].status == "loaded"
    return {"sample": shipped_store, "both": both, "none": none}


def open_page(monkeypatch, store: Path, **params: str) -> AppTest:
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def departed(store: Path, series: str, status: str, year: int) -> int:
    con = connect_read_only(store)
    try:
        frame = intern_queries.totals(con, series, status, [],
                                      InternFilters(tahun_awal=year, tahun_akhir=year))
    finally:
        con.close()
    return int(frame["jumlah"].sum())


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_sample_page_shows_each_status_apart(monkeypatch, stores, lang):
    at = open_page(monkeypatch, stores["sample"], lang=lang)
    assert at.title[0].value == t("magang.title", lang)
    metrics = {m.label: m.value for m in at.metric}
    counts = {status: departed(stores["sample"], "magang_contoh", status, 2025)
              for status in ("Diberangkatkan", "Purna", "Bermasalah")}
    fmt = "{:,}".format
    for index, status in enumerate(("Diberangkatkan", "Purna", "Bermasalah")):
        shown = metrics[t(f"magang.tile.{index}", lang)]
        expected = fmt(counts[status]).replace(",", "." if lang == "id" else ",")
        assert shown == expected
    total = sum(counts.values())
    assert all(value != str(total) for value in metrics.values()), "statuses are never added"
    assert t("magang.tile.share", lang) in metrics
    assert any(t("magang.sample_badge", lang)[:20] in w.value for w in at.warning)
    assert any(t("magang.tiles_apart", lang)[:30] in c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_chart_counts_interns_not_placements(monkeypatch, stores, lang):
    at = open_page(monkeypatch, stores["sample"], lang=lang)
    panels = [e for e in at.expander if e.label == t("chart.method", lang)]
    assert len(panels) >= 6  # trend, map, organiser, destination, field, protection
    for panel in panels:
        text = " ".join(m.value for m in panel.markdown).replace("\\", "")
        assert t("magang.method.unit", lang, status="")[:12] in text
        assert t("method.unit", lang) not in text
        assert t("magang.method.apart", lang)[:30] in text


def test_the_protection_section_explains_and_links_the_law(monkeypatch, stores):
    at = open_page(monkeypatch, stores["sample"])
    text = " ".join(m.value for m in at.markdown)
    assert LAW_URL in text
    assert "Pasal 4 ayat (2) huruf b" in text
    assert t("magang.protection.heading", "id") in [s.value for s in at.subheader]


def test_a_published_series_opens_first_framed_by_what_it_covers(monkeypatch, stores):
    at = open_page(monkeypatch, stores["both"], tahun_magang="2024")
    assert not any("DATA CONTOH" in w.value for w in at.warning)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("magang.tile.0", "id")] == "120"  # the province figure stands in
    assert metrics[t("magang.tile.1", "id")] == "7"
    assert t("magang.tile.2", "id") not in metrics  # the series has no problem cases
    assert t("magang.tile.share", "id") not in metrics  # no protection table: no share
    captions = " ".join(c.value for c in at.caption)
    assert "Kab. Serang" in captions or "dari 8" in captions or "Banten (tidak" in captions
    switch = [s for s in at.segmented_control if s.label == t("switch.label", "id")]
    assert switch, "both a published and a sample intern series: the switch is offered"


def test_the_sample_is_one_switch_away_and_labelled(monkeypatch, stores):
    at = open_page(monkeypatch, stores["both"], seri_magang="magang_contoh")
    assert any("DATA CONTOH" in w.value for w in at.warning)


def test_another_status_is_read_from_the_url(monkeypatch, stores):
    at = open_page(monkeypatch, stores["sample"], status_magang="Purna", lang="en")
    assert any("returned" in m.value for m in at.markdown if "pmi-chart-title" in m.value)


@pytest.mark.parametrize("params", [{"seri_magang": "bp2mi"}, {"tahun_magang": "20x4"},
                                    {"status_magang": "Semua"}, {"tahun_magang": "1990"}])
def test_bad_url_values_fall_back(monkeypatch, stores, params):
    at = open_page(monkeypatch, stores["sample"], **params)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("magang.tile.0", "id")] == str(departed(stores["sample"], "magang_contoh",
                                                             "Diberangkatkan", 2025))


def test_without_intern_figures_the_page_says_so(monkeypatch, stores):
    at = open_page(monkeypatch, stores["none"])
    assert at.info[0].value == t("magang.no_data", "id")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_overview_mentions_interns_in_one_line_with_a_link(monkeypatch, stores, lang):
    monkeypatch.setenv("PMI_DB", str(stores["sample"]))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    lines = [m.value for m in at.markdown if "(pemagangan" in m.value]
    assert len(lines) == 1
    assert ("pemagangan?lang=en" in lines[0]) == (lang == "en")


def test_data_and_updates_pages_list_the_interns(monkeypatch, stores):
    monkeypatch.setenv("PMI_DB", str(stores["both"]))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/data_table.py")
    at.run()
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    interns_table = next(f for f in tables if t("magang.status.0", "id") in f.columns)
    assert interns_table.set_index(t("column.tahun", "id")).loc["2024",
                                                                 t("magang.status.0", "id")] \
        == "120"
    at.switch_page("pages/updates.py")
    at.run()
    assert not at.exception
    files = at.dataframe[1].value
    row = files[files["Berkas"] == "magang_uji.csv"]
    assert row["Seri"].iloc[0] == "Pemagangan tercatat Disnaker"
    assert "magang_contoh.csv" in set(files["Berkas"])


def test_an_intern_export_names_interns_and_the_status():
    meta = export_meta.ExportMeta(lang="id", title="x", unit=t("magang.unit", "id",
                                                                 status="yang berangkat"),
                                  filters=((t("magang.status_control", "id"), "yang berangkat"),))
    lines = dict(table_export.header_block(meta))
    assert lines[t("export.field.unit", "id")].startswith("orang (peserta magang")
    assert t("filter.skema", "id") not in lines
    assert lines[t("magang.status_control", "id")] == "yang berangkat"


def test_the_open_data_export_holds_the_intern_tables_apart(stores, tmp_path):
    con = connect_read_only(stores["both"])
    try:
        data = open_data.collect(con)
    finally:
        con.close()
    assert {"pemagangan", "seri_magang", "cakupan_magang"} <= set(data.tables)
    interns = data.tables["pemagangan"]
    assert set(interns["seri"]) == {"magang_contoh", "magang_disnaker"}
    assert not set(data.tables["penempatan"]["seri"]) & set(interns["seri"])
    assert "magang_contoh" in open_data.sample_series(data)
    fine = interns[interns["rincian"] != 0]
    assert not ((fine["jumlah"] > 0) & (fine["jumlah"] < data.threshold)).any()
    out = tmp_path / "paket"
    open_data.write_datapackage(data, out)
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert "pemagangan" in package["description"].lower()
    back = pd.read_csv(out / "pemagangan.csv", dtype={"kode_wilayah": str})
    assert len(back) == len(interns)


def test_the_map_measures_per_100000_inhabitants(monkeypatch, stores):
    at = open_page(monkeypatch, stores["sample"])
    at.segmented_control(key="magang_measure").set_value("per100k").run()
    assert not at.exception, [e.value for e in at.exception]
    con = connect_read_only(stores["sample"])
    try:
        counts = intern_queries.totals(con, "magang_contoh", "Diberangkatkan", ["kode_wilayah"],
                                       InternFilters(tahun_awal=2025, tahun_akhir=2025))
        people = con.execute("SELECT kode_wilayah, penduduk FROM penduduk").fetchall()
    finally:
        con.close()
    population = dict(people)
    expected = {code: n / population[code] * 100_000
                for code, n in zip(counts["kode_wilayah"], counts["jumlah"], strict=True)}
    leader = max(expected, key=expected.__getitem__)
    titles = " ".join(m.value for m in at.markdown if "pmi-chart-title" in m.value)
    assert "dibanding jumlah penduduknya" in titles
    names = {"3601": "Kab. Pandeglang", "3602": "Kab. Lebak", "3603": "Kab. Tangerang",
             "3604": "Kab. Serang", "3671": "Kota Tangerang", "3672": "Kota Cilegon",
             "3673": "Kota Serang", "3674": "Kota Tangerang Selatan"}
    assert names[leader] in titles


def test_the_years_and_status_stay_put_when_another_control_changes(monkeypatch, stores):
    at = open_page(monkeypatch, stores["sample"])
    at.slider(key="magang_years").set_value((2023, 2025)).run()
    assert at.query_params["tahun_magang"] in ("2023-2025", ["2023-2025"])
    at.segmented_control(key="magang_status").set_value("Purna").run()
    at.segmented_control(key="magang_measure").set_value("per100k").run()
    assert not at.exception
    assert at.query_params["tahun_magang"] in ("2023-2025", ["2023-2025"])
    assert at.query_params["status_magang"] in ("Purna", ["Purna"])
    metrics = {m.label: m.value for m in at.metric}
    con = connect_read_only(stores["sample"])
    try:
        returned = intern_queries.totals(con, "magang_contoh", "Purna", [],
                                         InternFilters(tahun_awal=2023, tahun_akhir=2025))
    finally:
        con.close()
    assert metrics[t("magang.tile.1", "id")] == str(int(returned["jumlah"].sum()))
