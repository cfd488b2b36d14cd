"""Exports: framed PNG/SVG images, CSV/XLSX of the data behind a chart, the briefing deck.

Image, deck and LibreOffice tests drive Chromium (kaleido) or LibreOffice: they are marked
slow and skip only when the program is missing and CI is unset (.ci/run installs both).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from dashboard import chart_spec, charts, deck, deck_pdf, exports
from dashboard.i18n import month_year, t
from domain.config import settings
from store import catalogue, queries
from store.db import connect_read_only

IN_CI = bool(os.environ.get("CI"))
needs_chromium = pytest.mark.skipif(
    not exports.renderer_available() and not IN_CI,
    reason="no Chromium (/usr/bin/chromium or BROWSER_PATH); CI installs it")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None and not IN_CI,
    reason="LibreOffice (soffice) is not installed; CI installs libreoffice-impress")

DOWNLOADED = dt.datetime(2025, 6, 12, 14, 5, tzinfo=exports.WIB)
TITLE = "Kabupaten Serang mengirim PMI terbanyak pada 2024"
FOOTER = "Sumber: BP2MI/KemenP2MI · Data s.d. Desember 2024 · Lisensi CC BY 4.0"
SPEC = chart_spec.ChartSpec(
    title=TITLE, subtitle="Jumlah PMI yang ditempatkan, Seluruh Banten, 2024",
    footer=FOOTER, lang="id", sample_mark=t("chart.sample_mark", "id"),
    value_label="Jumlah PMI")
LABELS = {"kode_wilayah": {"3601": "Kab. Pandeglang", "3604": "Kab. Serang"},
          "skema": {"P to P": "P to P", "G to G": "G to G"}}


def sample_meta(lang: str = "id", **changes: object) -> exports.ExportMeta:
    values: dict[str, object] = dict(
        lang=lang, title=TITLE, subtitle="Jumlah PMI yang ditempatkan, Seluruh Banten, 2024",
        series="Data contoh", source="BP2MI/KemenP2MI", period="2024",
        regions=t("label.all_banten", lang), data_until="Desember 2024", is_sample=True,
        downloaded=DOWNLOADED, labels=LABELS)
    values.update(changes)
    return exports.ExportMeta(**values)  # type: ignore[arg-type]


def bar_figure(height: int = 460) -> go.Figure:
    frame = pd.DataFrame({"tahun": [2022, 2023, 2024],
                          "jumlah": pd.array([1234, 2345, 3567], dtype="Int64"),
                          "ditekan": [False, False, False]})
    return charts.bar_chart(frame, "tahun", dataclasses.replace(SPEC, height=height))


def raw_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "kode_wilayah": ["3601", "3601", "3604", None],
        "skema": ["P to P", "G to G", "P to P", None],
        "jumlah": pd.array([692, None, 1234567, 40], dtype="Int64"),
        "ditekan": [False, True, False, False],
    })


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), comment="#", dtype=str, keep_default_na=False)


def xlsx_table(data: bytes, first_header: str) -> tuple[list[str], list[list[object]]]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] == first_header)
    return [str(h) for h in rows[start]], rows[start + 1:]


@pytest.fixture(scope="module", autouse=True)
def _stop_renderer():
    yield
    exports.stop_renderer()


# --------------------------------------------------------------------------- the frame


def test_exported_figure_keeps_the_frame_and_adds_download_date_and_licence():
    """Given a framed chart from charts.py, when it is prepared for export, then it carries
    title, subtitle, one source line with data date, download date and licence, the sample
    mark, and a fixed size."""
    figure = exports.prepare_figure(bar_figure(), sample_meta())
    layout = figure["layout"]
    assert layout["width"] == 1200 and layout["height"] >= 460
    assert TITLE in layout["title"]["text"]
    assert "Jumlah PMI yang ditempatkan, Seluruh Banten, 2024" in layout["title"]["text"]
    texts = [a["text"] for a in layout["annotations"]]
    footers = [x for x in texts if x.startswith("Sumber:")]
    assert footers == ["Sumber: BP2MI/KemenP2MI · Data s.d. Desember 2024 · Diunduh 12 Juni 2025"
                       " · Lisensi CC BY 4.0"]
    assert texts.count("<b>DATA CONTOH / SAMPLE DATA</b>") == 1


def test_a_sample_chart_keeps_its_mark_even_when_the_meta_does_not_say_so():
    text = exports.figure_text(bar_figure(), sample_meta(is_sample=False))
    assert text.sample_mark == "DATA CONTOH / SAMPLE DATA"
    assert text.title == TITLE  # the mark is not taken for the title


def test_a_bare_figure_gets_its_frame_from_the_meta_in_english():
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    meta = sample_meta("en", title="Title from meta", subtitle="", is_sample=False,
                       data_until="December 2024", regions="Kab. Serang")
    text = exports.figure_text(fig, meta)
    assert text.title == "Title from meta"
    assert text.subtitle.startswith("Migrant workers placed, Kab. Serang, 2024 · ")
    assert text.footer == ("Source: BP2MI/KemenP2MI · Data up to December 2024 · "
                           "Downloaded 12 June 2025 · Licence CC BY 4.0")
    assert text.sample_mark == ""


def test_long_texts_wrap_and_the_margins_grow_so_nothing_is_clipped():
    long_spec = chart_spec.ChartSpec(title=" ".join(["Judul yang sangat panjang"] * 8),
                                     subtitle=", ".join(["Kab. Pandeglang"] * 12),
                                     footer=" · ".join(["Sumber: BP2MI dikutip media daerah"] * 6))
    short = exports.prepare_figure(bar_figure(), sample_meta())["layout"]
    long = exports.prepare_figure(charts.bar_chart(
        pd.DataFrame({"tahun": [2024], "jumlah": [1]}), "tahun", long_spec),
        sample_meta())["layout"]
    assert long["title"]["text"].count("<br>") >= 3
    assert long["margin"]["t"] > short["margin"]["t"]
    assert long["margin"]["b"] > short["margin"]["b"]
    assert long["height"] > short["height"]


def test_without_frame_the_picture_is_just_the_plot():
    layout = exports.prepare_figure(bar_figure(), sample_meta(), height=500,
                                    framed=False)["layout"]
    assert "title" not in layout and layout["height"] == 500
    assert not [a for a in layout.get("annotations", []) if "Sumber" in a["text"]
                or "CONTOH" in a["text"]]


def test_month_labels_that_do_not_fit_are_turned_and_the_source_line_goes_below_them():
    periods = [f"2025-{m:02d}" for m in range(1, 13)]
    frame = pd.DataFrame({"periode": periods, "jumlah": range(12), "ditekan": [False] * 12})
    names = {p: month_year(2025, int(p[5:]), "id") for p in periods}
    turned = exports.prepare_figure(charts.line_chart(frame, "periode", SPEC, x_labels=names),
                                    sample_meta())["layout"]
    flat = exports.prepare_figure(bar_figure(), sample_meta())["layout"]
    assert turned["xaxis"]["tickangle"] == -30 and "tickangle" not in flat["xaxis"]
    footer = next(a for a in turned["annotations"] if a["text"].startswith("Sumber"))
    assert -footer["yshift"] > 14 * 0.56 * len("September 2025") / 2
    assert turned["margin"]["b"] > flat["margin"]["b"]


def test_meta_for_a_view_names_period_regions_filters_and_sample(monkeypatch):
    from dashboard.context import ViewContext
    from domain import filters

    ctx = ViewContext(
        lang="en", version="v1", series="contoh", series_name="Sample data",
        series_note="synthetic", series_source="Synthetic sample data", is_sample=True,
        state=filters.FilterState(2023, 2024, wilayah=("3604",), skema=("P to P",),
                                  jenis_kelamin=("Perempuan",)),
        choices=filters.Choices((2023, 2024), ("3604",), ("P to P",), ("Formal",),
                                ("Perempuan",)),
        labels={"kode_wilayah": {"3604": "Serang Regency"}, "skema": {"P to P": "P to P"},
                "jenis_kelamin": {"Perempuan": "Female"}},
        threshold=5, until=(2024, 12))
    meta = exports.ExportMeta.for_view(ctx, fig=bar_figure(), sources=["BP2MI 2024"],
                                       permalink="http://x/?tahun=2023-2024")
    assert (meta.title, meta.lang, meta.source) == (TITLE, "en", "BP2MI 2024")
    assert (meta.period, meta.regions, meta.scheme, meta.sector, meta.gender) == \
        ("2023–2024", "Serang Regency", "P to P", "", "Female")
    assert meta.data_until == "December 2024" and meta.is_sample
    assert hash(meta) == hash(dataclasses.replace(meta, labels={}))


def test_a_wrong_browser_path_fails_at_once_instead_of_hanging(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert not exports.renderer_available()
    with pytest.raises(exports.RendererUnavailable, match="BROWSER_PATH"):
        exports.figure_png(go.Figure(), sample_meta())


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_browser_that_does_not_start_fails_the_export_instead_of_hanging(monkeypatch):
    """Given a "browser" that exits at once, when an image is asked for, then the export
    fails within seconds (kaleido alone would wait forever on its dead server)."""
    exports.stop_renderer()
    monkeypatch.setenv("BROWSER_PATH", shutil.which("false") or "/bin/false")
    with pytest.raises(exports.RendererUnavailable, match="stopped or did not start"):
        exports.figure_png(go.Figure(), sample_meta(), key="dead-browser")
    monkeypatch.delenv("BROWSER_PATH")
    exports.stop_renderer()


def test_png_size_reads_the_header_and_refuses_other_bytes():
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + (2400).to_bytes(4, "big") + \
        (920).to_bytes(4, "big")
    assert exports.png_size(header) == (2400, 920)
    with pytest.raises(ValueError):
        exports.png_size(b"<svg/>")


def test_download_name_says_what_and_when_and_marks_sample_data():
    assert exports.download_name(sample_meta(), "png") == \
        "pmi-banten_contoh_kabupaten-serang-mengirim-pmi-terbanyak-pada-2024_20250612.png"


# --------------------------------------------------------------------------- tables


def test_raw_frame_csv_keeps_codes_adds_names_and_round_trips():
    """Given the query layer's frame, when exported as CSV, then codes stay, names are added,
    counts are numbers without separators and suppressed cells read "<5"."""
    data = exports.table_csv(raw_frame(), sample_meta())
    assert data.startswith(b"\xef\xbb\xbf# ")
    back = read_csv(data)
    assert list(back.columns) == ["kode_wilayah", "nama_wilayah", "skema", "nama_skema",
                                  "jumlah"]
    assert back["kode_wilayah"].tolist() == ["3601", "3601", "3604", ""]
    assert back["nama_wilayah"].tolist() == ["Kab. Pandeglang", "Kab. Pandeglang", "Kab. Serang",
                                             t("label.banten_not_broken_down", "id")]
    assert back["jumlah"].tolist() == ["692", "<5", "1234567", "40"]


def test_csv_header_block_names_source_period_filters_and_download_time():
    text = exports.table_csv(raw_frame(), sample_meta(scheme="P to P")).decode("utf-8-sig")
    header = [line for line in text.splitlines() if line.startswith("#")]
    joined = "\n".join(header)
    for expected in ("# DATA CONTOH / SAMPLE DATA:", f"# Judul: {TITLE}",
                     "# Sumber: BP2MI/KemenP2MI", "# Seri data: Data contoh", "# Periode: 2024",
                     "# Kabupaten/kota: Seluruh Banten", "# Skema: P to P", "# Sektor: Semua",
                     "# Jenis kelamin: Semua", "# Satuan: orang", "# Angka kecil:",
                     "# Lisensi: CC BY 4.0", "# Data s.d.: Desember 2024",
                     "# Diunduh: 12 Juni 2025 14.05 WIB", "# Kolom kode_wilayah:"):
        assert expected in joined, expected
    assert header[0].startswith("# DATA CONTOH")


def test_xlsx_has_numbers_as_numbers_header_rows_and_an_about_sheet():
    data = exports.table_xlsx(raw_frame(), sample_meta("en"))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Data", "About"]
    first_rows = [row[0].value for row in book["Data"].iter_rows(max_row=4)]
    assert first_rows[0] == "SAMPLE DATA / DATA CONTOH" and first_rows[1] == TITLE
    assert "Downloaded 12 June 2025" in first_rows[3]
    headers, rows = xlsx_table(data, "kode_wilayah")
    assert headers == ["kode_wilayah", "nama_wilayah", "skema", "nama_skema", "jumlah"]
    assert [r[4] for r in rows] == [692, "<5", 1234567, 40]
    assert isinstance(rows[0][4], int)
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert about["Source"] == "BP2MI/KemenP2MI"
    assert about["Downloaded"] == "12 June 2025 14:05 WIB"
    assert about["Licence"].startswith("CC BY 4.0")
    assert about["SAMPLE DATA / DATA CONTOH"].startswith("SAMPLE DATA")


def display_ctx(lang: str = "id") -> SimpleNamespace:
    names = {"3601": "Kab. Pandeglang", "3604": "Kab. Serang"}
    return SimpleNamespace(
        lang=lang, threshold=5, labels={"skema": LABELS["skema"]},
        region_name=lambda code: names.get(code, t("label.banten_not_broken_down", lang))
        if isinstance(code, str) else t("label.banten_not_broken_down", lang))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_table_as_shown_round_trips_to_the_numbers_behind_it(lang):
    """Given render.display_table's frame ("1.234.567", "<5", names), when exported, then the
    counts read back as the numbers of the raw frame and the names stay as shown."""
    from dashboard import render

    frame = raw_frame()
    shown = render.display_table(frame, display_ctx(lang), ["kode_wilayah", "skema"])
    assert "1.234.567" in shown.iloc[:, -1].tolist() or lang == "en"
    meta = sample_meta(lang)
    back = read_csv(exports.table_csv(shown, meta))
    assert list(back.columns) == list(shown.columns)
    assert back.iloc[:, -1].tolist() == ["692", "<5", "1234567", "40"]
    assert back.iloc[:, 0].tolist() == shown.iloc[:, 0].tolist()
    headers, rows = xlsx_table(exports.table_xlsx(shown, meta), shown.columns[0])
    assert headers == list(shown.columns)
    assert [r[-1] for r in rows] == [692, "<5", 1234567, 40]


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


def test_exports_equal_the_published_totals_and_the_summary_command(store, cli):
    """Given a store rebuilt from data/, when a filtered breakdown is exported, then CSV and
    XLSX hold exactly published_totals — the numbers `loaders summary` prints."""
    filters = queries.Filters(tahun_awal=2024, tahun_akhir=2024, sektor=("Formal",))
    by = ["kode_wilayah", "skema"]
    threshold = settings().small_count_threshold
    con = connect_read_only(store)
    try:
        series = "contoh"  # the series with sectors and schemes
        frame = queries.published_totals(con, series, by, filters, threshold)
        labels = catalogue.labels(con, "id")
    finally:
        con.close()
    assert frame["ditekan"].any() and not frame.empty
    expected = [f"<{threshold}" if s else str(int(v))
                for v, s in zip(frame["jumlah"], frame["ditekan"], strict=True)]
    meta = sample_meta(labels=labels, threshold=threshold)

    back = read_csv(exports.table_csv(frame, meta))
    assert back["jumlah"].tolist() == expected
    assert back["kode_wilayah"].tolist() == frame["kode_wilayah"].fillna("").tolist()
    headers, rows = xlsx_table(exports.table_xlsx(frame, meta), "kode_wilayah")
    jumlah = [r[headers.index("jumlah")] for r in rows]
    assert [str(v) for v in jumlah] == expected
    assert all(isinstance(v, int) for v, s in zip(jumlah, frame["ditekan"], strict=True)
               if not s)

    result = cli("summary", "--db", store, "--by", ",".join(by), "--tahun", "2024",
                 "--sektor", "Formal", "--series", series, "--csv")
    assert result.code == 0, result.err
    printed = list(csv.DictReader(io.StringIO(result.out)))
    assert [row["jumlah"] for row in printed] == expected
    assert [row["kode_wilayah"] for row in printed] == back["kode_wilayah"].tolist()


# --------------------------------------------------------------------------- formula guard

HOSTILE = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def test_neutralise_prefixes_formula_text_and_leaves_numbers_alone():
    assert [exports.neutralise(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert exports.neutralise(-5) == -5 and exports.neutralise(-2.5) == -2.5
    assert exports.neutralise("Kab. Serang") == "Kab. Serang"


def hostile_inputs() -> tuple[pd.DataFrame, exports.ExportMeta]:
    frame = pd.DataFrame({"jabatan": HOSTILE, "selisih": [-5, 3, -1, 0, 2, -7],
                          "jumlah": pd.array([1, 2, 3, 4, 5, 6], dtype="Int64"),
                          "ditekan": [False] * 6})
    meta = sample_meta(title="=cmd|' /C calc'!A0", regions="Kab. Serang,=1+1, @x",
                       source="-2+3\n=newline")
    return frame, meta


def test_csv_neutralises_formula_cells_header_block_included():
    frame, meta = hostile_inputs()
    text = exports.table_csv(frame, meta).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    formulas = [c for c in cells if c.lstrip(" ").startswith(exports.FORMULA_TRIGGERS)]
    assert formulas == ["-5", "-1", "-7"]  # the negative numbers, and nothing else
    back = read_csv(text.encode("utf-8-sig"))
    assert back["jabatan"].tolist() == ["'" + v for v in HOSTILE]
    assert back["selisih"].tolist() == ["-5", "3", "-1", "0", "2", "-7"]
    assert all(line.startswith("#") or not line.startswith(("=", "+", "-", "@"))
               for line in text.splitlines())


def test_xlsx_neutralises_formula_cells_and_keeps_negative_numbers_numbers():
    frame, meta = hostile_inputs()
    book = load_workbook(io.BytesIO(exports.table_xlsx(frame, meta)))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert not [c for c in cells
                if isinstance(c.value, str) and c.value.startswith(exports.FORMULA_TRIGGERS)]
    _, rows = xlsx_table(exports.table_xlsx(frame, meta), "jabatan")
    assert [r[0] for r in rows] == ["'" + v for v in HOSTILE]
    assert [r[1] for r in rows] == [-5, 3, -1, 0, 2, -7]
    numbers = [cell for row in book.worksheets[0].iter_rows() for cell in row
               if cell.value == -5]
    assert numbers and numbers[0].data_type == "n"


# --------------------------------------------------------------------------- images


def png_pixels(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


@pytest.mark.slow
@needs_chromium
def test_png_has_the_expected_size_and_is_not_blank():
    fig = bar_figure()
    meta = sample_meta()
    expected_height = exports.prepare_figure(fig, meta)["layout"]["height"]
    data = exports.figure_png(fig, meta)
    assert exports.png_size(data) == (2400, 2 * expected_height)
    image = png_pixels(data)
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 10
    dark = sum(count for count, (r, g, b) in colours if r + g + b < 200)
    assert dark > 10_000  # bars and text, not an empty canvas
    yellow = sum(count for count, colour in colours if colour == (255, 221, 0))
    assert yellow > 1_000  # the sample mark


@pytest.mark.slow
@needs_chromium
def test_svg_has_title_source_line_and_sample_mark_as_text():
    data = exports.figure_svg(bar_figure(), sample_meta())
    root = ET.fromstring(data)
    texts = ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]
    source = ("Sumber: BP2MI/KemenP2MI · Data s.d. Desember 2024 · Diunduh 12 Juni 2025 · "
              "Lisensi CC BY 4.0")
    for expected in (TITLE, source, "DATA CONTOH / SAMPLE DATA"):
        assert any(expected in text for text in texts), expected
    assert "3.567" in texts  # Indonesian number format


@pytest.mark.slow
@needs_chromium
def test_images_are_cached_by_key_and_figure():
    fig, meta = bar_figure(), sample_meta()
    first = exports.figure_png(fig, meta, key=("chart", "state", "v1", "id"))
    assert exports.figure_png(fig, meta, key=("chart", "state", "v1", "id")) is first
    english = exports.figure_png(fig, sample_meta("en"), key=("chart", "state", "v1", "en"))
    assert english != first


@pytest.mark.slow
@needs_chromium
def test_threads_exporting_at_once_each_get_their_own_image():
    heights = [300, 420, 540, 660]
    results: dict[int, bytes] = {}

    def export(height: int) -> None:
        results[height] = exports.figure_png(bar_figure(height), sample_meta(), scale=1,
                                             height=height, key=("thread", height))

    threads = [threading.Thread(target=export, args=(h,)) for h in heights]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert {h: exports.png_size(results[h]) for h in heights} == {h: (1200, h) for h in heights}


@pytest.mark.slow
@needs_chromium
def test_a_map_exports_offline_with_its_frame():
    """plotly's geo maps ask a CDN for a base map; the export gives them the offline one."""
    from dashboard.map_figure import choropleth

    square = [[[106.0, -6.0], [106.0, -6.3], [106.3, -6.3], [106.3, -6.0], [106.0, -6.0]]]
    geojson = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"kode": "3604", "nama": "Kab. Serang"},
        "geometry": {"type": "Polygon", "coordinates": square}}]}
    fig = choropleth(geojson, pd.DataFrame({"kode_wilayah": ["3604"], "nilai": [911.0]}),
                     "nilai", lang="id", digits=0, value_label="PMI", no_data_label="-",
                     names={"3604": "Kab. Serang"})
    fig = chart_spec.frame_figure(fig, dataclasses.replace(SPEC, footer=FOOTER + "<br>Batas: X"))
    data = exports.figure_svg(fig, sample_meta())
    texts = ["".join(n.itertext()) for n in ET.fromstring(data).iter(
        "{http://www.w3.org/2000/svg}text")]
    assert any(TITLE in text for text in texts)
    assert any("Diunduh 12 Juni 2025 · Lisensi CC BY 4.0 · Batas: X" in text for text in texts)


# --------------------------------------------------------------------------- deck

HEADLINES = [deck.Headline("PMI ditempatkan", "3.567", "+384 (12,1%) dibanding 2023"),
             deck.Headline("Perempuan", "62,3%"), deck.Headline("Negara tujuan utama", "Hong Kong")]


def deck_inputs() -> tuple[list[deck.SlideSpec], exports.ExportMeta]:
    slides = [deck.SlideSpec(bar_figure(), key="one"),
              deck.SlideSpec(bar_figure(380), key="two", title="Tren lima negara tujuan utama")]
    return slides, sample_meta(sources=("BP2MI, Data Penempatan 2024",))


@pytest.fixture(scope="module")
def pptx_bytes() -> bytes:
    slides, meta = deck_inputs()
    return deck.build_deck(slides, meta, HEADLINES)


@pytest.mark.slow
@needs_chromium
def test_deck_has_title_headlines_one_slide_per_chart_and_closing(pptx_bytes):
    presentation = Presentation(io.BytesIO(pptx_bytes))
    assert presentation.slide_width / presentation.slide_height == pytest.approx(16 / 9, 0.01)
    titles = [slide.shapes.title.text for slide in presentation.slides]
    assert titles == ["Dasbor PMI Banten", "Angka utama", TITLE,
                      "Tren lima negara tujuan utama", "Sumber dan tanggal data"]
    texts = [" ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
             for slide in presentation.slides]
    assert all("DATA CONTOH / SAMPLE DATA" in text for text in texts)
    assert "Data contoh · 2024 · Seluruh Banten" in texts[0]
    assert "3.567" in texts[1] and "Hong Kong" in texts[1]
    assert "Diunduh 12 Juni 2025" in texts[2] and "Lisensi CC BY 4.0" in texts[2]
    assert "BP2MI, Data Penempatan 2024" in texts[4]
    pictures = [shape for slide in presentation.slides for shape in slide.shapes
                if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 2


@pytest.mark.slow
@needs_chromium
def test_deck_pdf_has_one_page_per_slide():
    slides, meta = deck_inputs()
    reader = PdfReader(io.BytesIO(deck_pdf.build_pdf(slides, meta, HEADLINES)))
    texts = [page.extract_text() for page in reader.pages]
    slide_pages = [text for text in texts if "Catatan pembicara" not in text]
    assert len(slide_pages) == 5 and texts[:5] == slide_pages  # the slides, then the notes
    assert all(f"Slide {n} dari 5" in text for n, text in enumerate(slide_pages, 1))
    assert len(texts) > 5 and "Slide 2 · Angka utama" in " ".join(texts[5:])
    box = reader.pages[0].mediabox
    assert float(box.width) / float(box.height) == pytest.approx(16 / 9, 0.01)
    assert "Angka utama" in texts[1]
    assert "Diunduh 12 Juni 2025" in texts[2]


def test_deck_without_headlines_leaves_that_slide_out(monkeypatch):
    monkeypatch.setattr(exports, "figure_png", lambda *a, **k: TINY_PNG)
    slides, meta = deck_inputs()
    presentation = Presentation(io.BytesIO(deck.build_deck(slides, meta)))
    assert len(presentation.slides) == 4
    texts = [page.extract_text()
             for page in PdfReader(io.BytesIO(deck_pdf.build_pdf(slides[:1], meta))).pages]
    assert [n for n, text in enumerate(texts, 1) if f"Slide {n} dari 3" in text] == [1, 2, 3]
    assert "Catatan pembicara" in texts[3] and "Angka utama" not in " ".join(texts)


def _tiny_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 8), "white").save(out, format="PNG")
    return out.getvalue()


TINY_PNG = _tiny_png()


@pytest.mark.slow
@needs_chromium
@needs_libreoffice
def test_libreoffice_opens_the_deck_and_converts_it_to_pdf(pptx_bytes, tmp_path):
    """The deck opens in LibreOffice: converted headless, it gives one PDF page a slide."""
    source = tmp_path / "paparan.pptx"
    source.write_bytes(pptx_bytes)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([SOFFICE or "soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    reader = PdfReader(str(tmp_path / "paparan.pdf"))
    assert len(reader.pages) == len(Presentation(io.BytesIO(pptx_bytes)).slides) == 5
    assert "Angka utama" in reader.pages[1].extract_text()
