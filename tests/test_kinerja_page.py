"""The Kinerja page (AppTest): every figure shown is the loaded file's, with capaian and status
computed; statuses in words; the year in the URL; English; the sample badge; a friendly message
without indicators; indicator batches on the Pembaruan data page."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import exports, kinerja_text
from dashboard import kinerja_charts as view
from dashboard.chart_spec import chart_frame
from dashboard.i18n import t
from domain import kinerja as performance
from domain.checksum import sha256_of
from loaders import pipeline
from store import catalogue
from tests.conftest import ROOT, open_menus

PLACEMENTS = ROOT / "docs" / "examples" / "kanonik.csv"
INDICATORS = (
    "kode_indikator,indikator,satuan,tahun,triwulan,target,realisasi,arah,"
    "unit_penanggung_jawab,sumber,catatan\n"
    "A,PMI ditempatkan,orang,2024,,1.000,950,naik,Bidang Penempatan,LKjIP 2024,catatan A\n"
    "A,PMI ditempatkan,orang,2025,I,1.000,900,naik,Bidang Penempatan,,\n"
    "A,PMI ditempatkan,orang,2025,II,2.000,2.100,naik,Bidang Penempatan,,\n"
    "B,Kasus nonprosedural,kasus,2024,,30,35,turun,Seksi Perlindungan,,\n"
    "B,Kasus nonprosedural,kasus,2025,III,0,0,turun,Seksi Perlindungan,,\n"
    'C,Pengaduan selesai,%,2024,,90,"80,1",naik,,,\n'
    "C,Pengaduan selesai,%,2025,,95,,naik,,,belum dilaporkan\n"
)


def _store(folder: Path, indicators: str | None, sample: bool = False) -> Path:
    store = folder / "pmi.duckdb"
    files = [PLACEMENTS]
    if indicators is not None:
        path = folder / "kinerja_uji.csv"
        path.write_text(indicators, encoding="utf-8")
        if sample:
            path.with_name("kinerja_uji.meta.yml").write_text("sample: true\n", encoding="utf-8")
        files.append(path)
    reports = pipeline.load(files, store, pipeline.Options())
    assert all(r.status == "loaded" for r in reports), [r.format_text() for r in reports]
    return store


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Path]:
    return {name: _store(tmp_path_factory.mktemp(name), text, sample) for name, text, sample in
            (("plain", INDICATORS, False), ("sample", INDICATORS, True), ("none", None, False))}


def open_page(monkeypatch, store: Path, page: str = "pages/performance.py",
              **params: str) -> AppTest:
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_trends(at: AppTest, codes: str = "ABC") -> AppTest:
    """Open the cards' "trend by year" (built only when opened), as a tap on each does."""
    for code in codes:
        at.session_state[f"trend_kinerja_{code}"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def text_of(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_the_latest_year_with_figures_is_shown_as_written_in_the_file(monkeypatch, stores):
    """Given indicators for 2024 and 2025, when the page opens, then 2025 is shown: the
    latest reported quarter of A (Q2, not Q1), B's target of 0, C not reported yet."""
    at = open_page(monkeypatch, stores["plain"])
    assert at.title[0].value == t("kinerja.title", "id")
    assert metrics(at) == [
        ("Target", "2.000 orang"), ("Realisasi", "2.100 orang"), ("Capaian", "105,0%"),
        ("Target", "0 kasus"), ("Realisasi", "0 kasus"), ("Capaian", "—"),
        ("Target", "95%"), ("Realisasi", "belum dilaporkan"), ("Capaian", "—"),
    ]
    text = text_of(at)
    for words in ("s.d. Triwulan II 2025", "s.d. Triwulan III 2025", "Tahun 2025",
                  # the file name is data: escaped in the Markdown source, shown as written
                  "kinerja\\_uji.csv, baris 4", "Bidang Penempatan",
                  "semakin rendah semakin baik", "Penanggung jawab: – ·"):
        assert words in text, words
    chips = [m.value for m in at.markdown if "kinerja-chip" in m.value]
    assert [c.split("data-status='")[1].split("'")[0] for c in chips] == [
        "met", "met", "no_data"]
    assert "✔</span> Tercapai" in chips[0] and "○</span> Belum ada data" in chips[2]
    assert "✔ 2 tercapai" in text and "◐ 0 hampir tercapai" in text
    assert "○ 1 belum ada data" in text
    assert not any("DATA CONTOH" in w.value for w in at.warning)


def test_charts_carry_the_files_figures(monkeypatch, stores):
    at = open_page(monkeypatch, stores["plain"])
    # on opening, the overview only: each card's trend is drawn when the card is opened
    assert len(at.get("plotly_chart")) == 1
    assert [e.label for e in at.expander if e.label == t("kinerja.trend_open", "id")] == [
        t("kinerja.trend_open", "id")] * 3
    charts = [json.loads(c.proto.spec) for c in open_trends(at).get("plotly_chart")]
    assert len(charts) == 4  # the overview and one trend per indicator
    overview = charts[0]
    assert overview["data"][0]["x"] == [0.0, 0.0, 105.0]  # C, B (no capaian), A: top first
    trend_a = charts[1]["data"]
    assert trend_a[0]["y"] == [950.0, 2100.0] and trend_a[1]["y"] == [1000.0, 2000.0]
    assert "Target tercapai pada 1 dari 2 tahun" in chart_frame(charts[1]).heading


def test_the_year_is_kept_in_the_url(monkeypatch, stores):
    at = open_page(monkeypatch, stores["plain"], tahun_kinerja="2024")
    assert metrics(at) == [
        ("Target", "1.000 orang"), ("Realisasi", "950 orang"), ("Capaian", "95,0%"),
        ("Target", "30 kasus"), ("Realisasi", "35 kasus"), ("Capaian", "83,3%"),
        ("Target", "90%"), ("Realisasi", "80,1%"), ("Capaian", "89,0%"),
    ]
    chips = [m.value for m in at.markdown if "kinerja-chip" in m.value]
    assert ["Hampir tercapai" in chips[0], "Belum tercapai" in chips[1],
            "Belum tercapai" in chips[2]] == [True, True, True]
    assert "**catatan A**" not in text_of(at) and "catatan A" in text_of(at)
    assert at.selectbox(key="kinerja_year").value == 2024

    at.selectbox(key="kinerja_year").set_value(2025).run()
    assert at.query_params.get("tahun_kinerja") in (None, [], "")  # the default: a short link
    assert metrics(at)[1] == ("Realisasi", "2.100 orang")


def test_a_year_without_indicators_in_the_url_falls_back_to_the_default(monkeypatch, stores):
    at = open_page(monkeypatch, stores["plain"], tahun_kinerja="1999")
    assert at.selectbox(key="kinerja_year").value == 2025


def test_english(monkeypatch, stores):
    at = open_page(monkeypatch, stores["plain"], lang="en")
    assert at.title[0].value == "Performance against targets"
    # the file gives no English: its unit is a common one, translated ("orang" -> "people")
    assert metrics(at)[:3] == [("Target", "2,000 people"), ("Realisation", "2,100 people"),
                               ("Achievement", "105.0%")]
    text = text_of(at)
    assert "to end of Q2 2025" in text and "Year 2025" in text and "lower is better" in text
    assert "Not met" not in text and "No data yet" in text


def test_sample_indicators_carry_the_badge_and_the_chart_mark(monkeypatch, stores):
    at = open_trends(open_page(monkeypatch, stores["sample"]))
    assert any(w.value == t("kinerja.sample_badge", "id") for w in at.warning)
    titles = [chart_frame(json.loads(c.proto.spec)).heading
              for c in at.get("plotly_chart")]
    assert len(titles) == 4 and all("DATA CONTOH / SAMPLE DATA" in title for title in titles)
    plain = open_trends(open_page(monkeypatch, stores["plain"]))
    assert not any("DATA CONTOH" in chart_frame(json.loads(c.proto.spec)).heading
                   for c in plain.get("plotly_chart"))
    english = open_page(monkeypatch, stores["sample"], lang="en")
    assert any("SAMPLE DATA" in w.value for w in english.warning)


def test_without_indicators_a_friendly_message(monkeypatch, stores):
    at = open_page(monkeypatch, stores["none"])
    assert [i.value for i in at.info] == [t("kinerja.empty", "id")]
    assert not at.get("plotly_chart") and not at.metric


def test_the_updates_page_lists_the_indicator_file(monkeypatch, stores):
    at = open_page(monkeypatch, stores["sample"], page="pages/updates.py")
    files = at.dataframe[1].value
    row = files[files["Berkas"] == "kinerja_uji.csv"]
    assert len(row) == 1
    assert row["Seri"].iloc[0] == t("kinerja.updates_series", "id")
    assert row["SHA-256"].iloc[0] == sha256_of(stores["sample"].parent / "kinerja_uji.csv")[:12]
    until = at.dataframe[0].value
    kinerja = until[until["Seri"].str.startswith(t("kinerja.updates_series", "id"))]
    assert kinerja["Angka mencakup s.d. (periode data)"].tolist() == ["Triwulan III 2025"]
    assert "DATA CONTOH" in kinerja["Seri"].iloc[0]


# -- the pure builders behind the page ---------------------------------------------------------

def test_a_status_is_never_shown_by_colour_alone():
    statuses = performance.STATUSES
    chips = {status: kinerja_text.status_chip(status, "id") for status in statuses}
    icons = {status: kinerja_text.STATUS_ICONS[status] for status in statuses}
    assert len(set(icons.values())) == len(statuses)  # a shape of its own
    assert len(set(kinerja_text.STATUS_COLOURS.values())) == len(statuses)
    for status, chip in chips.items():
        assert icons[status] in chip and t(f"kinerja.status.{status}", "id") in chip
    assert kinerja_text.STATUS_COLOURS["no_data"] == "#BFBFBF"  # grey means no data, nothing else


def test_labels_and_numbers_per_language():
    assert kinerja_text.period_label(2024, None, "id") == "Tahun 2024"
    assert kinerja_text.period_label(2025, 3, "id") == "s.d. Triwulan III 2025"
    assert kinerja_text.period_label(2025, 3, "en") == "to end of Q3 2025"
    assert kinerja_text.capaian_text(97.9, "id") == "97,9%"
    assert kinerja_text.capaian_text(None, "id") == "—"
    assert kinerja_text.with_unit(1234.5, "orang", "id") == "1.234,5 orang"
    assert kinerja_text.with_unit(96.1, "%", "en") == "96.1%"
    assert kinerja_text.with_unit(3000.0, "orang", "en") == "3,000 orang"


def test_the_csv_download_keeps_the_rows_labels_sample_and_guards_formulas(stores):
    con = duckdb.connect(str(stores["sample"]), read_only=True)
    try:
        rows = catalogue.indicators(con)
    finally:
        con.close()
    rows.loc[0, "catatan"] = "=HYPERLINK(1)"
    data = view.table_csv(performance.assess(rows), "id",
                          [(t("chart.sample_mark", "id"), t("kinerja.sample_badge", "id"))])
    text = data.decode("utf-8-sig")
    assert text.startswith("# DATA CONTOH / SAMPLE DATA: DATA CONTOH")
    table = list(csv.DictReader(io.StringIO("\n".join(
        line for line in text.splitlines() if not line.startswith("#")))))
    assert len(table) == INDICATORS.count("\n") - 1
    assert table[0]["catatan"] == "'=HYPERLINK(1)"
    by_line = {row["baris"]: row for row in table}
    assert by_line["4"]["target"] == "2000" and by_line["4"]["realisasi"] == "2100"
    assert by_line["4"]["capaian"] == "105" and by_line["4"]["status"] == "Tercapai"
    assert by_line["6"]["capaian"] == "" and by_line["8"]["status"] == "Belum ada data"
    assert {row["data_contoh"] for row in table} == {"True"}


@pytest.mark.slow
@pytest.mark.skipif(not exports.renderer_available() and not os.environ.get("CI"),
                    reason="no Chromium (/usr/bin/chromium or BROWSER_PATH); CI installs it")
def test_a_trend_chart_exports_as_svg_with_its_title_source_and_sample_mark(monkeypatch,
                                                                           stores):
    """Given the sample indicators, when a card's chart is downloaded as SVG, then the image
    carries the chart's title, the sample mark and the indicator's source as text."""
    at = open_trends(open_page(monkeypatch, stores["sample"]))  # the cards draw on opening
    assert not {"PNG", "SVG"} & {b.label for b in at.get("download_button")}  # made on opening
    open_menus(at)
    assert {"PNG", "SVG", "CSV"} <= {b.label for b in at.get("download_button")}
    con = duckdb.connect(str(stores["sample"]), read_only=True)
    try:
        rows = performance.assess(performance.per_year(catalogue.indicators(con)))
    finally:
        con.close()
    history = rows[rows["kode_indikator"] == "A"].sort_values("tahun")
    fig = view.trend_chart(history, "id")
    title, subtitle = exports.title_parts(fig)
    meta = exports.ExportMeta(lang="id", title=title, subtitle=subtitle,
                              source=kinerja_text.sources_text(history), data_until="2025",
                              is_sample=True)
    root = ET.fromstring(exports.figure_svg(fig, meta))
    texts = " ".join("".join(node.itertext())
                     for node in root.iter("{http://www.w3.org/2000/svg}text"))
    assert title in texts and "DATA CONTOH / SAMPLE DATA" in texts
    # 2024's row cites its report; 2025's rows cite nothing, so their file is named
    assert "LKjIP 2024" in texts and "kinerja_uji.csv" in texts
    assert "Sumber: –" not in texts
