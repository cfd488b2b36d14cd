"""Every chart has its text alternative (issue 18): one screen-reader sentence per chart on
every chart page, built from the figures the chart draws, and the same sentence inside the
exported SVG (<title>/<desc>) and PNG (Title/Description text chunks)."""

from __future__ import annotations

import os
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import exports
from dashboard.i18n import number
from dashboard.image_text import png_text, png_with_text, svg_with_text
from store import queries
from store.db import connect_read_only
from tests.conftest import ROOT

CHART_PAGES = ["pages/overview.py", "pages/trends.py", "pages/schemes.py",
               "pages/sectors.py", "pages/destinations.py"]
SUMMARY = re.compile(r'<p class="sr-only pmi-chart-summary">(.*?)</p>', re.S)


def _open(store: Path, monkeypatch: pytest.MonkeyPatch, page: str, **params: str) -> AppTest:
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != CHART_PAGES[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _summaries(at: AppTest) -> list[str]:
    return [match for element in at.markdown for match in SUMMARY.findall(element.value)]


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page", CHART_PAGES)
def test_one_summary_per_chart(shipped_store: Path, monkeypatch: pytest.MonkeyPatch,
                               page: str, lang: str) -> None:
    at = _open(shipped_store, monkeypatch, page, seri="contoh", lang=lang)
    charts = at.get("plotly_chart")
    summaries = _summaries(at)
    assert charts, "the sample series draws every chart"
    assert len(summaries) == len(charts)
    assert all(text.strip() for text in summaries)
    word = "Highest" if lang == "en" else "Tertinggi"
    if page == "pages/overview.py":
        assert word in summaries[0]


def test_the_overview_summary_is_built_from_the_charted_figures(
        shipped_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(shipped_store, monkeypatch, CHART_PAGES[0], seri="contoh", lang="en")
    text = _summaries(at)[0]
    con = connect_read_only(shipped_store)
    try:
        yearly = queries.published_totals(
            con, "contoh", ["tahun"], queries.Filters(tahun_awal=2019, tahun_akhir=2025), 5)
    finally:
        con.close()
    yearly = yearly.sort_values("tahun")
    high = yearly.loc[yearly["jumlah"].idxmax()]
    low = yearly.loc[yearly["jumlah"].idxmin()]
    assert (f"Highest {number(float(high['jumlah']), 'en')} in {int(high['tahun'])}, "
            f"lowest {number(float(low['jumlah']), 'en')} in {int(low['tahun'])}.") in text
    assert f"to {number(float(yearly['jumlah'].iloc[-1]), 'en')} in " \
           f"{int(yearly['tahun'].iloc[-1])}" in text


def _png() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + \
            struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b""))


def test_png_carries_title_and_description_in_valid_chunks() -> None:
    described = png_with_text(_png(), "Penempatan", "Dari 800 pada 2021 menjadi 3.100 — naik.")
    assert png_text(described) == {"Title": "Penempatan",
                                   "Description": "Dari 800 pada 2021 menjadi 3.100 — naik."}
    position = 8
    while position < len(described):  # every chunk's CRC is right
        length = struct.unpack(">I", described[position:position + 4])[0]
        body = described[position + 4:position + 8 + length]
        crc = struct.unpack(">I", described[position + 8 + length:position + 12 + length])[0]
        assert zlib.crc32(body) & 0xFFFFFFFF == crc
        position += 12 + length
    assert position == len(described)


def test_svg_gets_title_and_desc_escaped() -> None:
    svg = b'<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" width="10"><g/></svg>'
    described = svg_with_text(svg, "A <b> & C", "Most Kab. Serang (951).", "en")
    assert described.startswith(b'<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" '
                                b'width="10" role="img" lang="en" '
                                b'aria-labelledby="pmi-title pmi-desc">'
                                b'<title id="pmi-title">A &lt;b&gt; &amp; C</title>'
                                b'<desc id="pmi-desc">Most Kab. Serang (951).</desc><g/>')


@pytest.mark.slow
@pytest.mark.skipif(not exports.renderer_available() and not os.environ.get("CI"),
                    reason="no Chromium (/usr/bin/chromium or BROWSER_PATH); CI installs it")
def test_exported_svg_and_png_carry_the_summary() -> None:
    from tests.test_exports import bar_figure, sample_meta

    sentence = "Dari 1.234 pada 2022 menjadi 3.567 pada 2024 (naik)."
    meta = sample_meta(description=sentence)
    svg = ET.fromstring(exports.figure_svg(bar_figure(), meta))
    assert svg.find("{http://www.w3.org/2000/svg}desc").text == sentence  # type: ignore[union-attr]
    assert svg.get("aria-labelledby") == "pmi-title pmi-desc"
    assert png_text(exports.figure_png(bar_figure(), meta))["Description"] == sentence


def test_the_map_has_a_summary_and_a_regency_list_that_opens_the_profile(
        shipped_store: Path, monkeypatch: pytest.MonkeyPatch,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """The regencies are selectable without a pointer: the list beside the map opens the
    same profile as a click on the map (the regency goes to the URL)."""
    from geo.cli import main as geo_main
    from tests.test_map_page import NATIONAL

    geo = tmp_path_factory.mktemp("geo-alt")
    assert geo_main(["import", str(NATIONAL), "--out", str(geo)]) == 0
    monkeypatch.setenv("PMI_GEO_DIR", str(geo))
    at = _open(shipped_store, monkeypatch, "pages/map.py", seri="contoh")
    summaries = _summaries(at)
    assert len(summaries) == len(at.get("plotly_chart")) == 1
    assert "8 kategori; terbanyak" in summaries[0]
    at.selectbox(key="peta_region").select("3602").run()
    assert not at.exception
    assert at.query_params["wilayah"] in ("3602", ["3602"])
    assert "Kab. Lebak" in [s.value for s in at.subheader]
    assert at.selectbox(key="peta_region").value == "3602"
    assert len(_summaries(at)) == len(at.get("plotly_chart"))


def test_the_published_embed_uses_the_summary_as_its_alt_text() -> None:
    from dashboard import publish_index

    chart = publish_index.PublishedChart(
        series="contoh", year=None, key="tren", lang="en", title="Placements",
        subtitle="All of Banten", coverage="", is_sample=True,
        files={"svg": "a.svg", "png": "a.png", "csv": "a.csv"},
        summary="SAMPLE DATA — Placements — All of Banten. From 1 in 2019 to 2 in 2020 (up).")
    assert ('alt="SAMPLE DATA — Placements — All of Banten. From 1 in 2019 to 2 in 2020 '
            '(up)."') in publish_index.figure_html(chart, "en")


# -- Kinerja, Pemagangan and presentation mode (issue 18, point 5) ----------------------------

SLIDE_SUMMARY = re.compile(r"<p class='sr-only pmi-slide-summary'>(.*?)</p>", re.S)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_internships_charts_and_map_have_one_summary_each(
        shipped_store: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    at = _open(shipped_store, monkeypatch, "pages/internships.py", lang=lang)
    charts = at.get("plotly_chart")
    summaries = _summaries(at)
    assert charts and len(summaries) == len(charts)
    assert all(text.strip() for text in summaries)
    word = "Highest" if lang == "en" else "Tertinggi"
    assert any(word in text for text in summaries)  # the chart by year
    interns = "Interns" if lang == "en" else "Peserta magang"
    assert all(interns.lower() in text.lower() for text in summaries)  # never "placements"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_kinerja_overview_and_an_opened_trend_have_their_summaries(
        shipped_store: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    at = _open(shipped_store, monkeypatch, "pages/performance.py", lang=lang)
    summaries = _summaries(at)
    assert len(summaries) == len(at.get("plotly_chart")) == 1  # the overview; cards closed
    highest = "highest achievement" if lang == "en" else "capaian tertinggi"
    assert highest in summaries[0]
    at.session_state["trend_kinerja_PMI-01"] = True  # a card's trend is drawn once opened
    at.run()
    summaries = _summaries(at)
    assert len(summaries) == len(at.get("plotly_chart")) == 2  # the overview and the trend
    assert ("Highest" if lang == "en" else "Tertinggi") in summaries[1]


def test_every_chart_slide_of_presentation_mode_has_its_summary(
        shipped_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMI_DB", str(shipped_store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"mode": "presentasi", "seri": "contoh", "lang": "en"})
    at.run()  # every slide is drawn at once (the browser switches between them)
    assert not at.exception
    seen = [m for h in at.get("html") for m in SLIDE_SUMMARY.findall(str(h.proto.body))]
    assert len(seen) == len(at.get("plotly_chart")) == 6
    assert all(text.startswith("SAMPLE DATA") for text in seen)
    assert "From " in seen[0] and "highest achievement" in seen[-1]
