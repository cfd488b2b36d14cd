"""Truth of the exports: the SVG, the CSV/XLSX header and rows, and the briefing deck say what
the figures cover — as the page does — for the published series and the sample.

Marked slow: the SVG and the deck are rendered by Chromium (kaleido), as on the page.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from dashboard import briefing, deck, exports, framing, render
from dashboard.chart_spec import chart_frame
from dashboard.context import ViewContext
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not exports.renderer_available(),
                       reason="no Chromium (/usr/bin/chromium or BROWSER_PATH); CI installs it"),
]


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


def view(store: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> ViewContext:
    """The view a reader of the overview page has, as the page set it up."""
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at.session_state["_view_context"]


def meta_for(ctx: ViewContext, fig, frame) -> exports.ExportMeta:
    return exports.ExportMeta.for_view(ctx, fig=fig, sources=["BP2MI via Banpos"],
                                       coverage=framing.coverage_note(ctx, frame) or "",
                                       frame=frame)


def svg_text(svg: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", svg.decode("utf-8")).split())


def test_the_trend_svg_and_csv_of_a_partial_series_say_what_each_year_covers(store,
                                                                              monkeypatch):
    ctx = view(store, monkeypatch, seri="bp2mi", tahun="2018-2024")
    trend, fig = briefing.trend_chart(ctx)
    meta = meta_for(ctx, fig, trend)
    text = svg_text(exports.figure_svg(fig, meta, key=("truth-svg", ctx.series)))
    assert "lebih banyak pada 2024 dibanding 2023" in text  # like with like only
    assert "2018–2022 hanya Kota Cilegon" in text
    assert text.count("hanya Kota Cilegon") == 6  # the subtitle and each partial bar's label
    assert not re.search(r"\b(NaN|nan|None|null)\b", text)

    table = render.display_table(trend, ctx, ["tahun"])
    csv_text = exports.table_csv(table, meta).decode("utf-8-sig")
    header = [line for line in csv_text.splitlines() if line.startswith("#")]
    assert any(line.startswith("# Cakupan") and "2018–2022 hanya Kota Cilegon" in line
               for line in header), header
    assert not any("Wilayah: Seluruh Banten" in line and "hanya" not in line
                   for line in header), header
    rows = [line for line in csv_text.splitlines() if line.startswith("2018")]
    assert rows and rows[0].endswith("hanya Kota Cilegon")

    book = load_workbook(io.BytesIO(exports.table_xlsx(table, meta)))
    cells = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows()
                     for c in row if c.value is not None)
    assert "2018–2022 hanya Kota Cilegon" in cells


def deck_text(pptx: bytes) -> list[str]:
    slides = Presentation(io.BytesIO(pptx)).slides
    return [" ".join(shape.text_frame.text for shape in slide.shapes
                     if shape.has_text_frame) for slide in slides]


def pack(ctx: ViewContext) -> bytes:
    tiles, notes = briefing.headline_figures(ctx)
    slides = [deck.SlideSpec(c.figure, key=(c.key, ctx.state, ctx.series, ctx.lang))
              for c in briefing.meeting_charts(ctx)]
    meta = exports.ExportMeta.for_view(ctx, title="Dasbor PMI Banten", subtitle="x",
                                       sources=["s"], frame=ctx.totals())
    return deck.build_deck(slides, meta, tiles, notes)


def test_a_published_series_deck_leaves_out_what_the_source_does_not_report(store,
                                                                            monkeypatch):
    ctx = view(store, monkeypatch, seri="bp2mi", tahun="2024")
    slides = deck_text(pack(ctx))
    everything = " ".join(slides)
    assert "Tidak dirinci di sumber" not in everything
    assert "tidak merinci jenis kelamin, sektor dan negara tujuan" in everything
    assert "angka terbitan BP2MI" in everything
    assert "DATA CONTOH" not in everything  # no sample indicator chart beside real figures
    assert "indikator tercapai" not in everything
    trend_slide = next(s for s in slides if "dibanding 2023" in s)
    assert "2018–2022 hanya Kota Cilegon" in trend_slide


def test_every_slide_of_a_sample_deck_carries_the_mark(store, monkeypatch):
    ctx = view(store, monkeypatch, seri="contoh", lang="en")
    slides = deck_text(pack(ctx))
    assert len(slides) >= 5
    assert all("SAMPLE DATA" in slide for slide in slides), slides


def test_presentation_mode_frames_the_partial_years_as_the_page_does(store, monkeypatch):
    """The headline slide names no unreported breakdown in the figures' font; the first chart
    slide (the trend) frames 2018–2022 as Kota Cilegon's, as the page does."""
    monkeypatch.setenv("PMI_DB", str(store))
    shown: dict[int, AppTest] = {}
    for slide in range(1, 5):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        at.query_params["mode"] = "presentasi"
        at.query_params["seri"] = "bp2mi"
        at.query_params["slide"] = str(slide)
        at.run()
        assert not at.exception
        shown[slide] = at
    figures = [m for at in shown.values() for m in at.metric]
    assert not any("Tidak dirinci" in str(m.value) for m in figures), [m.label for m in figures]
    charted = [at for at in shown.values() if at.get("plotly_chart")]
    assert charted, "a chart slide among the first four"
    title = chart_frame(json.loads(charted[0].get("plotly_chart")[0].proto.spec)).heading
    assert "dibanding 2023" in title and "2018–2022 hanya Kota Cilegon" in title
