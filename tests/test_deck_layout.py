"""The briefing pack of a real view (issue 15), as an official hands it out: the PowerPoint
converted by LibreOffice and the dashboard's own PDF. Read with poppler's ``pdftotext
-bbox-layout`` (the text lines and their boxes): no two text lines overlap, none leaves the
slide; the slides and their titles are the meeting charts' (briefing.meeting_charts, the same
list presentation mode shows); sample content is marked. Marked slow: it drives Chromium
(kaleido) and LibreOffice; ``.ci/run`` installs both and poppler-utils."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dashboard import briefing, chart_spec, deck, deck_pdf, exports
from dashboard.context import ViewContext
from tests.test_truth_exports import view

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not exports.renderer_available(), reason="no Chromium for kaleido"),
    # with CI set, a missing pdftotext fails the tests (.ci/run installs poppler-utils)
    pytest.mark.skipif(shutil.which("pdftotext") is None and not os.environ.get("CI"),
                       reason="poppler-utils is not installed; CI installs it"),
]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NS = "{http://www.w3.org/1999/xhtml}"
Box = tuple[float, float, float, float]


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


def _pack(ctx: ViewContext) -> tuple[list[deck.SlideSpec], exports.ExportMeta,
                                     list[deck.Headline], list[str]]:
    """The pack as the overview page makes it (pages/overview.py)."""
    tiles, notes = briefing.headline_figures(ctx)
    slides = [deck.SlideSpec(c.figure, key=(c.key, ctx.state, ctx.version, ctx.lang,
                                            ctx.series)) for c in briefing.meeting_charts(ctx)]
    meta = exports.ExportMeta.for_view(ctx, title="Dasbor PMI Banten",
                                       subtitle="Penempatan PMI asal Provinsi Banten",
                                       sources=["Data contoh sintetis"], frame=ctx.totals())
    return slides, meta, tiles, notes


def _pages(pdf: Path) -> list[tuple[float, float, list[tuple[str, Box]]]]:
    """Each page's size and its text lines with their boxes (points, origin top left)."""
    out = pdf.with_suffix(".html")
    subprocess.run(["pdftotext", "-bbox-layout", str(pdf), str(out)], check=True,
                   capture_output=True, timeout=60)
    pages = []
    for page in ET.parse(out).getroot().iter(f"{NS}page"):
        lines = []
        for line in page.iter(f"{NS}line"):
            words = " ".join(w.text or "" for w in line.iter(f"{NS}word"))
            lines.append((words, tuple(float(line.get(k, 0)) for k in
                                       ("xMin", "yMin", "xMax", "yMax"))))
        pages.append((float(page.get("width", 0)), float(page.get("height", 0)), lines))
    return pages


def _overlap(a: Box, b: Box, slack: float = 1.5) -> bool:
    """Whether two line boxes overlap by more than ``slack`` points both ways (poppler's
    boxes run from the font's ascent to its descent: two lines set close may touch by a
    point without their letters meeting)."""
    return (min(a[2], b[2]) - max(a[0], b[0]) > slack
            and min(a[3], b[3]) - max(a[1], b[1]) > slack)


def _check_layout(pdf: Path, titles: list[str], notes: bool) -> list[str]:
    """Every page's text inside the page and apart; the slides' titles; the slides' texts
    returned. ``notes``: the speaker notes follow the slides on pages of their own (the
    dashboard's PDF; a PowerPoint converted by LibreOffice has none)."""
    pages = _pages(pdf)
    texts = []
    for number, (width, height, lines) in enumerate(pages, 1):
        for text, box in lines:
            assert box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height, \
                (number, text, box, width, height)
        for i, (text, box) in enumerate(lines):
            for other, other_box in lines[i + 1:]:
                assert not _overlap(box, other_box), (number, text, box, other, other_box)
        texts.append(" ".join(text for text, _ in lines))
    slides = [text for text in texts if "Catatan pembicara" not in text]
    # title, headline figures, one page per chart, closing
    assert len(slides) == len(titles) + 3, (len(slides), titles)
    assert texts[:len(slides)] == slides  # the notes after the slides
    assert (len(texts) > len(slides)) == notes
    for title, page in zip(titles, slides[2:-1], strict=True):
        assert " ".join(title.split()) in page, (title, page)
    return slides


@pytest.fixture(scope="module")
def sample_pack(store: Path, tmp_path_factory: pytest.TempPathFactory):
    monkeypatch = pytest.MonkeyPatch()
    try:
        ctx = view(store, monkeypatch, seri="contoh")
        pack = _pack(ctx)
        titles = [frame.title for s in pack[0]
                  for frame in [chart_spec.chart_frame(s.figure)] if frame is not None]
        folder = tmp_path_factory.mktemp("deck")
        yield pack, titles, folder
    finally:
        monkeypatch.undo()


def test_the_pdf_pack_has_the_meeting_charts_and_no_overlapping_text(sample_pack):
    pack, titles, folder = sample_pack
    pdf = folder / "paparan.pdf"
    pdf.write_bytes(deck_pdf.build_pdf(*pack))
    texts = _check_layout(pdf, titles, notes=True)
    assert len(titles) == 6  # trend, regencies, scheme, sector, destinations, Kinerja
    assert all("DATA CONTOH" in page for page in texts[:-1]), "sample mark on every slide"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed; CI installs it")
def test_the_powerpoint_pack_in_libreoffice_has_no_overlapping_text(sample_pack):
    pack, titles, folder = sample_pack
    source = folder / "paparan-lo.pptx"
    source.write_bytes(deck.build_deck(*pack))
    profile = (folder / "lo-profile").as_uri()
    subprocess.run([SOFFICE or "soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    texts = _check_layout(folder / "paparan-lo.pdf", titles, notes=False)
    assert all("DATA CONTOH" in page for page in texts[:-1]), "sample mark on every slide"
