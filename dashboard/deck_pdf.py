"""The briefing pack as a PDF (fpdf2): one 16:9 page a slide, drawn from the same plan and the
same chart pictures as the PowerPoint (dashboard/deck.py), then the speaker notes.

The PowerPoint keeps a slide's notes in its notes pane; a PDF has none, so the notes follow
the slides as pages of their own ("Catatan pembicara"): each slide's number and title, then
its notes — the numbers followed by their words — in print-sized text, flowing from page to
page. A presenter who prints the PDF has the slides and what to say about them; the slides
themselves stay as they are projected.

Pure (no Streamlit). Liberation Sans is embedded, with DejaVu Sans for the signs it lacks
(DejaVu Sans alone if it is missing; the built-in Helvetica, Latin-1 only, as a last resort).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from fpdf import FPDF
from pptx.dml.color import RGBColor

from dashboard import exports
from dashboard.deck import (
    BLUE,
    GREY,
    PICTURE_BOX,
    SAMPLE_BOX,
    SOURCE_BOX,
    SUBTITLE_BOX,
    TEXT,
    TITLE_BOX,
    YELLOW,
    Headline,
    Slide,
    SlideSpec,
    closing_box,
    plan,
    title_size,
)
from dashboard.deck_layout import (
    INSET,
    INSET_Y,
    LABEL_PT,
    MARGIN,
    NOTE_PT,
    PDF_FALLBACK_FONTS,
    PDF_FONTS,
    REMARK_PT,
    SLIDE_H,
    SLIDE_W,
    tile_layout,
)
from dashboard.deck_notes import QR_BOX
from dashboard.exports import ExportMeta
from dashboard.i18n import t

MM = 25.4  # millimetres an inch
PT_MM = 0.3528  # millimetres a point
#: The speaker notes' text (points): a slide's heading, its notes; the page's margins (inches).
NOTES_HEADING_PT, NOTES_PT = 14, 12
NOTES_TOP, NOTES_BOTTOM = 1.35, 0.6


def build_pdf(slides: Sequence[SlideSpec], meta: ExportMeta,
              headlines: Sequence[Headline] = (), notes: Sequence[str] = ()) -> bytes:
    """The pack as a PDF: one 16:9 page a slide, then the speaker notes."""
    return pdf_from_plan(plan(slides, meta, headlines, notes), meta)


class _Pdf(FPDF):
    def __init__(self, sample: str, notes_title: str) -> None:
        super().__init__(orientation="L", unit="mm", format=(SLIDE_H * MM, SLIDE_W * MM))
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.sample = sample
        self.notes_title = notes_title
        self.in_notes = False
        fonts = next((pair for pair in (PDF_FONTS, PDF_FALLBACK_FONTS)
                      if all(p.is_file() for p in pair)), None)
        if fonts:
            self.add_font("Sans", "", str(fonts[0]))
            self.add_font("Sans", "B", str(fonts[1]))
            self._family = "Sans"
            # signs Liberation Sans lacks (a status' ✔ ✖ ◐ in Kinerja's notes) from DejaVu
            if fonts is PDF_FONTS and PDF_FALLBACK_FONTS[0].is_file():
                self.add_font("Signs", "", str(PDF_FALLBACK_FONTS[0]))
                self.set_fallback_fonts(["Signs"], exact_match=False)
        else:  # the built-in font: Latin-1 only
            self._family = "Helvetica"

    def header(self) -> None:
        """On every page the sample mark (when the view is sample data); on a notes page its
        title too, and the text under it."""
        if self.sample:
            left, top, width, height = SAMPLE_BOX
            self.set_fill_color(*YELLOW)
            self.rect(left * MM, top * MM, width * MM, height * MM, style="F")
            self.text_box((left + 0.1, top + 0.07, width - 0.2, height), [self.sample], 12,
                          TEXT, bold=True, align="C")
        if self.in_notes:
            self.text_box(TITLE_BOX, [self.notes_title], 24, TEXT, bold=True)
            self.set_xy(MARGIN * MM, NOTES_TOP * MM)

    def text_box(self, box: tuple[float, float, float, float], lines: Sequence[str],
                 size: float, colour: RGBColor, *, bold: bool = False, spacing: float = 0,
                 align: str = "L") -> None:
        left, top, width, _ = box
        self.set_font(self._family, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.set_xy(left * MM, top * MM)
        for line in lines:
            self.set_x(left * MM)
            self.multi_cell(width * MM, _leading(size), self.safe(line), align=align,
                            new_x="LMARGIN", new_y="NEXT")
            self.set_y(self.get_y() + spacing * PT_MM)

    def safe(self, text: str) -> str:
        if self._family == "Helvetica":
            return text.encode("latin-1", "replace").decode("latin-1")
        return text

    def notes_pages(self, pages: Sequence[Slide], lang: str) -> None:
        """Every slide's notes after the slides: "Slide 3 · its title", then its lines."""
        self.in_notes = True
        self.set_margins(MARGIN * MM, NOTES_TOP * MM, MARGIN * MM)
        self.set_auto_page_break(True, NOTES_BOTTOM * MM)
        self.add_page()
        self.start_section(self.notes_title)
        width = (SLIDE_W - 2 * MARGIN) * MM
        for number, page in enumerate(pages, start=1):
            lines = [line for line in page.notes.splitlines() if line.strip()]
            if not lines:
                continue
            # a slide's heading stays with its first two lines of notes
            if self.get_y() + _leading(NOTES_HEADING_PT) + 2 * _leading(NOTES_PT) > \
                    self.page_break_trigger:
                self.add_page()
            self.set_y(self.get_y() + 2)
            self.set_font(self._family, "B", NOTES_HEADING_PT)
            self.set_text_color(*BLUE)
            heading = t("export.deck.notes_slide", lang, number=number, title=page.title)
            self.multi_cell(width, _leading(NOTES_HEADING_PT), self.safe(heading),
                            new_x="LMARGIN", new_y="NEXT")
            self.set_font(self._family, "", NOTES_PT)
            self.set_text_color(*TEXT)
            for line in lines:
                self.multi_cell(width, _leading(NOTES_PT), self.safe(line),
                                new_x="LMARGIN", new_y="NEXT")


def _leading(size: float) -> float:
    """A line's height (mm) for text of ``size`` points."""
    return size * PT_MM * 1.25


def pdf_from_plan(pages: Sequence[Slide], meta: ExportMeta) -> bytes:
    sample = t("chart.sample_mark", meta.lang) if meta.is_sample else ""
    pdf = _Pdf(sample, t("export.deck.notes", meta.lang))
    pdf.set_title(pages[0].title if pages else t("app.title", meta.lang))
    pdf.set_author(t("app.title", meta.lang))
    pdf.set_lang("id-ID" if meta.lang == "id" else "en-GB")
    for number, page in enumerate(pages, start=1):
        pdf.add_page()
        pdf.start_section(page.title)
        _slide(pdf, page)
        pdf.text_box((SLIDE_W - MARGIN - 2.5, SLIDE_H - 0.32, 2.5, 0.28),
                     [t("export.deck.page", meta.lang, number=number, total=len(pages))], 9,
                     GREY, align="R")
    if any(page.notes for page in pages):
        pdf.notes_pages(pages, meta.lang)
    return bytes(pdf.output())


def _slide(pdf: _Pdf, page: Slide) -> None:
    if page.kind == "title":
        pdf.text_box((0.8, 2.0, SLIDE_W - 1.6, 1.2), [page.title], 40, TEXT, bold=True)
        pdf.text_box((0.8, 3.25, SLIDE_W - 1.6, 0.6), [page.subtitle], 20, GREY)
        pdf.text_box((0.8, 4.1, SLIDE_W - 1.6, 1.8), page.lines[:2], 18, TEXT, spacing=6)
        pdf.text_box((0.8, SLIDE_H - 0.9, SLIDE_W - 1.6, 0.4), page.lines[2:], 12, GREY)
    else:
        pdf.text_box(TITLE_BOX, [page.title], title_size(page.title), TEXT, bold=True)
    if page.kind == "headlines":
        pdf.text_box(SUBTITLE_BOX, [page.subtitle], 14, GREY)
        boxes, below, remarks = tile_layout(page.headlines, page.lines)
        for headline, box in zip(page.headlines, boxes, strict=True):
            inner = (box.left + INSET, box.top + INSET_Y, box.width - 2 * INSET, 0)
            pdf.text_box(inner, [headline.value], box.value_size, BLUE, bold=True)
            for (top, lines), size, colour in ((box.label, LABEL_PT, TEXT),
                                               (box.note, NOTE_PT, GREY)):
                pdf.text_box((inner[0], top + INSET_Y, inner[2], 0), lines, size, colour)
        if remarks:
            pdf.text_box((MARGIN + INSET, below + INSET_Y, SLIDE_W - 2 * MARGIN, 0),
                         remarks, REMARK_PT, TEXT)
    elif page.kind == "chart":
        pdf.text_box(SUBTITLE_BOX, [page.subtitle], 14, GREY)
        _picture(pdf, page.picture or b"")
        pdf.text_box(SOURCE_BOX, [page.source], 10, GREY)
    elif page.kind == "closing":
        pdf.text_box(closing_box(page), page.lines, 15, TEXT, spacing=8)
        if page.picture:
            left, top, width, height = QR_BOX
            pdf.image(io.BytesIO(page.picture), x=left * MM, y=top * MM, w=width * MM,
                      h=height * MM)


def _picture(pdf: FPDF, png: bytes) -> None:
    left, top, width, height = PICTURE_BOX
    pixels_w, pixels_h = exports.png_size(png)
    scale = min(width / pixels_w, height / pixels_h)
    shown_w, shown_h = pixels_w * scale, pixels_h * scale
    pdf.image(io.BytesIO(png), x=(left + (width - shown_w) / 2) * MM, y=top * MM,
              w=shown_w * MM, h=shown_h * MM)
