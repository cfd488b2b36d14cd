"""A briefing pack ("bahan paparan") for the selected view: PowerPoint (16:9) and PDF.

Slides: a title slide (dashboard name, series, period, regencies, data date, sample mark), the
headline figures, one slide per chart (its title, its subtitle, the chart as a PNG from
``exports.figure_png`` and its source line), and a closing slide with the sources, the data
date, the small-count rule, the licence and the link to the live view with its QR code
(segno, made here: no network). The PDF has the same pages, drawn with fpdf2 from the same
images (cached, so making both renders each chart once; dashboard/deck_pdf.py). The frame of
each chart is written as text on the slide, not into the picture, so it stays searchable and
editable.

Every slide carries speaker notes (the PowerPoint's notes pane; pages after the slides in the
PDF): what the slide shows with its numbers followed by their words (dashboard/spoken.py), so
a presenter reads "3.700 (tiga ribu tujuh ratus)". The headline tiles are laid out from their
measured text (dashboard/deck_layout.py): each value at the largest size that fits its tile,
labels and notes wrapped to the tile's width, each row as tall as its tallest tile, the
remark under the last row.

Pure (no Streamlit). Text comes from the translation table; fonts are Arial in the PowerPoint
(LibreOffice shows it with the metric-compatible Liberation Sans) and Liberation Sans embedded
in the PDF.
"""

from __future__ import annotations

import io
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu, Inches, Pt

from dashboard import chart_spec, exports, spoken
from dashboard.deck_layout import (
    INSET,
    LABEL_PT,
    MARGIN,
    NOTE_PT,
    REMARK_PT,
    SLIDE_H,
    SLIDE_W,
    TileBox,
    height,
    text_width,
    tile_layout,
)
from dashboard.deck_notes import QR_BOX, QR_SIDE, figure_notes, qr_png
from dashboard.exports import ExportMeta
from dashboard.i18n import t

#: Where things go on a chart slide: (left, top, width, height) in inches.
TITLE_BOX = (MARGIN, 0.55, SLIDE_W - 2 * MARGIN, 0.9)
SUBTITLE_BOX = (MARGIN, 1.45, SLIDE_W - 2 * MARGIN, 0.45)
PICTURE_BOX = (MARGIN, 1.95, SLIDE_W - 2 * MARGIN, 4.75)
SOURCE_BOX = (MARGIN, 6.8, SLIDE_W - 2 * MARGIN, 0.5)
SAMPLE_BOX = (SLIDE_W - MARGIN - 3.4, 0.12, 3.4, 0.36)
#: Chart pictures: this many CSS pixels wide (less than a web page, so the text reads on a
#: projector), at the picture box's aspect ratio, 2x scale.
PICTURE_PX = 1000
TEXT = RGBColor(0x0B, 0x0C, 0x0C)
GREY = RGBColor(0x50, 0x5A, 0x5F)
YELLOW = RGBColor(0xFF, 0xDD, 0x00)
BLUE = RGBColor(0x12, 0x43, 0x6D)
PPTX_FONT = "Arial"


@dataclass(frozen=True)
class SlideSpec:
    """One chart slide: the framed figure from charts.py, and the key its picture is cached
    under (chart key, filter state, store version, language). ``title`` overrides the
    figure's title."""

    figure: go.Figure
    key: Hashable = None
    title: str = ""


@dataclass(frozen=True)
class Headline:
    """One headline figure, as shown on the overview page."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Slide:
    """A slide's content, independent of the file format."""

    kind: str  # "title" | "headlines" | "chart" | "closing"
    title: str
    subtitle: str = ""
    lines: tuple[str, ...] = ()
    headlines: tuple[Headline, ...] = ()
    picture: bytes | None = field(default=None, repr=False)
    source: str = ""
    #: The speaker notes (numbers followed by their words).
    notes: str = ""


def picture_size() -> tuple[int, int]:
    """CSS pixel size of the chart pictures (the picture box's aspect ratio)."""
    _, _, width, height = PICTURE_BOX
    return PICTURE_PX, round(PICTURE_PX * height / width)


#: The height (CSS px of a picture) a row of a chart of rows needs on a slide — its name on
#: one line over its bar — and what its axis takes besides.
ROW_PX, ROWS_AXIS_PX = 44, 70


def slide_picture(figure: go.Figure) -> tuple[go.Figure, tuple[int, int]]:
    """The figure as a slide's picture shows it, and the size (CSS px) it is drawn at: the
    picture box's. A chart of rows made for a phone (Kinerja's indicators: taller than the
    box, each name wrapped over its bar) gets its names on one line, which the slide's width
    holds, and so fits the box at its size: its words print at 11–12 pt (drawn at its phone
    height and scaled down, they printed at 6 pt). With more rows than the box holds it is
    drawn taller and scaled down as little as its rows need; any other figure taller than the
    box is drawn at its own height and scaled down (squeezed, its rows ran together)."""
    width, height = picture_size()
    natural = int(figure.layout.height or 0)
    if natural <= height:
        return figure, (width, height)
    wide, rows = chart_spec.row_names_on_one_line(figure)
    if not rows:  # any other tall figure: drawn at its own height and scaled down
        return figure, (round(natural * width / height), natural)
    needed = rows * ROW_PX + ROWS_AXIS_PX
    if needed <= height:
        return wide, (width, height)
    return wide, (round(needed * width / height), needed)


#: A slide title's largest and smallest size (points).
TITLE_PT, TITLE_MIN_PT = 28, 18


def title_size(text: str, box: tuple[float, float, float, float] = TITLE_BOX,
               largest: int = TITLE_PT, smallest: int = TITLE_MIN_PT) -> int:
    """The largest size (points) at which ``text`` fits the box's width on one line,
    measured with the bold font the slides use (a title wrapped to a second line ran into
    the subtitle under it); ``smallest`` if none does (it then wraps)."""
    room = (box[2] - 2 * INSET) * 72 * 0.97  # points, a little spare for the renderer
    for size in range(largest, smallest - 1, -1):
        if text_width(text, size) <= room:
            return size
    return smallest


def plan(slides: Sequence[SlideSpec], meta: ExportMeta,
         headlines: Sequence[Headline] = (), notes: Sequence[str] = ()) -> list[Slide]:
    """The slides of the pack, chart pictures rendered. The headline slide is left out when
    there are no headlines; ``notes`` (e.g. which breakdowns the source does not report) are
    written under its figures."""
    lang = meta.lang
    dashboard = t("app.title", lang)
    made = exports.date_text(meta.stamp().date(), lang)
    view = t("export.deck.view", lang, series=meta.series, period=meta.period,
             regions=meta.regions or t("label.all_banten", lang))
    until = t("ringkasan.until", lang, period=meta.data_until or "–")
    pages = [Slide("title", dashboard, subtitle=t("app.tagline", lang),
                   lines=(view, until,
                          t("export.deck.prepared", lang, date=made, dashboard=dashboard)),
                   notes="\n".join([view, until]))]
    if headlines:
        said = [f"{h.label}: {spoken.said(h.value, lang)}" for h in headlines]
        pages.append(Slide("headlines", t("export.deck.headlines", lang), subtitle=view,
                           headlines=tuple(headlines), lines=tuple(notes),
                           notes="\n".join([view, *said, *notes])))
    for spec in slides:
        text = exports.figure_text(spec.figure, meta)
        figure, size = slide_picture(spec.figure)
        picture = exports.figure_png(figure, meta, key=spec.key, width=size[0],
                                     height=size[1], framed=False)
        title = spec.title or text.title
        pages.append(Slide("chart", title, subtitle=text.subtitle, picture=picture,
                           source=text.footer,
                           notes="\n".join([spoken.said(title, lang),
                                            spoken.said(text.subtitle, lang),
                                            *figure_notes(spec.figure, lang)])))
    closing = _closing_lines(meta)
    pages.append(Slide("closing", t("export.deck.closing", lang), lines=closing,
                       picture=qr_png(meta.permalink), notes="\n".join(closing)))
    return pages


def _closing_lines(meta: ExportMeta) -> tuple[str, ...]:
    lang = meta.lang
    sources = "; ".join(meta.sources) if meta.sources else meta.source
    lines = [
        t("method.sources", lang, sources=sources or "–"),
        f"{t('control.series', lang)}: {meta.series}",
        f"{t('export.field.period', lang)}: {meta.period} · "
        f"{t('filter.regions', lang)}: {meta.regions or t('label.all_banten', lang)}",
    ]
    chosen = [(t("filter.skema", lang), meta.scheme), (t("filter.sektor", lang), meta.sector),
              (t("filter.gender", lang), meta.gender)]
    if any(value for _, value in chosen):
        lines.append(" · ".join(f"{label}: {value or meta.all_text()}"
                                for label, value in chosen))
    lines += [
        t("ringkasan.until", lang, period=meta.data_until or "–") + " · "
        + t("export.downloaded", lang, date=exports.time_text(meta.stamp(), lang)),
        f"{t('export.field.unit', lang)}: {t('export.unit', lang)}",
        t("export.small_counts", lang, threshold=meta.threshold),
        f"{t('export.field.licence', lang)}: "
        + t("export.licence_terms", lang, licence=meta.licence, url=exports.LICENCE_URL),
    ]
    if meta.permalink:
        lines.append(f"{t('export.field.link', lang)}: {meta.permalink}")
    return tuple(lines)


# --------------------------------------------------------------------------- PowerPoint


def build_deck(slides: Sequence[SlideSpec], meta: ExportMeta,
               headlines: Sequence[Headline] = (), notes: Sequence[str] = ()) -> bytes:
    """The pack as a .pptx (16:9) that opens in PowerPoint and LibreOffice."""
    return pptx_from_plan(plan(slides, meta, headlines, notes), meta)


def pptx_from_plan(pages: Sequence[Slide], meta: ExportMeta) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    sample = t("chart.sample_mark", meta.lang) if meta.is_sample else ""
    for number, page in enumerate(pages, start=1):
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
        if page.kind == "title":
            _title_slide(slide, page)
        else:
            _set_title(slide, page.title, TITLE_BOX, title_size(page.title))
        if page.kind == "headlines":
            _text(slide, SUBTITLE_BOX, [page.subtitle], 14, GREY)
            boxes, below, remarks = tile_layout(page.headlines, page.lines)
            _headline_grid(slide, page.headlines, boxes)
            if remarks:
                _text(slide, (MARGIN, below, SLIDE_W - 2 * MARGIN,
                              height(len(remarks), REMARK_PT)), remarks, REMARK_PT, TEXT)
        elif page.kind == "chart":
            _text(slide, SUBTITLE_BOX, [page.subtitle], 14, GREY)
            _picture(slide, page.picture or b"")
            _text(slide, SOURCE_BOX, [page.source], 10, GREY)
        elif page.kind == "closing":
            _text(slide, closing_box(page), list(page.lines), 15, TEXT, spacing=8)
            if page.picture:
                slide.shapes.add_picture(io.BytesIO(page.picture), *_box(QR_BOX))
        if page.notes:
            slide.notes_slide.notes_text_frame.text = page.notes
        if sample:
            box = _text(slide, SAMPLE_BOX, [sample], 12, TEXT, bold=True,
                        align=PP_ALIGN.CENTER)
            box.fill.solid()
            box.fill.fore_color.rgb = YELLOW
        _text(slide, (SLIDE_W - MARGIN - 2.5, SLIDE_H - 0.32, 2.5, 0.28),
              [t("export.deck.page", meta.lang, number=number, total=len(pages))], 9, GREY,
              align=PP_ALIGN.RIGHT)
    properties = deck.core_properties
    properties.title = pages[0].title if pages else t("app.title", meta.lang)
    properties.subject = pages[0].lines[0] if pages and pages[0].lines else ""
    properties.author = t("app.title", meta.lang)
    properties.language = "id-ID" if meta.lang == "id" else "en-GB"
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _box(box: tuple[float, float, float, float]) -> tuple[Emu, Emu, Emu, Emu]:
    left, top, width, height = box
    return Inches(left), Inches(top), Inches(width), Inches(height)


def _set_title(slide: PptxSlide, text: str, box: tuple[float, float, float, float],
               size: int) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = _box(box)
    frame = title.text_frame
    frame.word_wrap = True
    frame.text = text
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size, run.font.bold, run.font.name = Pt(size), True, PPTX_FONT
            run.font.color.rgb = TEXT


def _text(slide: PptxSlide, box: tuple[float, float, float, float], lines: Sequence[str],
          size: int, colour: RGBColor, *, bold: bool = False, spacing: int = 0,
          align: PP_ALIGN = PP_ALIGN.LEFT) -> Shape:
    shape = slide.shapes.add_textbox(*_box(box))
    frame = shape.text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if spacing:
            paragraph.space_after = Pt(spacing)
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, PPTX_FONT
        run.font.color.rgb = colour
    return shape


def _title_slide(slide: PptxSlide, page: Slide) -> None:
    _set_title(slide, page.title, (0.8, 2.0, SLIDE_W - 1.6, 1.2), 40)
    _text(slide, (0.8, 3.25, SLIDE_W - 1.6, 0.6), [page.subtitle], 20, GREY)
    _text(slide, (0.8, 4.1, SLIDE_W - 1.6, 1.8), list(page.lines[:2]), 18, TEXT, spacing=6)
    _text(slide, (0.8, SLIDE_H - 0.9, SLIDE_W - 1.6, 0.4), list(page.lines[2:]), 12, GREY)


def closing_box(page: Slide) -> tuple[float, float, float, float]:
    """The closing slide's text: beside the QR code when there is one."""
    width = SLIDE_W - 2 * MARGIN - ((QR_SIDE + 0.3) if page.picture else 0)
    return (MARGIN, 1.6, width, 5.4)


def _headline_grid(slide: PptxSlide, headlines: Sequence[Headline],
                   boxes: Sequence[TileBox]) -> None:
    for headline, box in zip(headlines, boxes, strict=True):
        _text(slide, (box.left, box.top, box.width, height(1, box.value_size)),
              [headline.value], box.value_size, BLUE, bold=True)
        top, lines = box.label
        _text(slide, (box.left, top, box.width, height(len(lines), LABEL_PT)),
              [" ".join(lines)], LABEL_PT, TEXT)
        top, lines = box.note
        if lines:
            _text(slide, (box.left, top, box.width, height(len(lines), NOTE_PT)),
                  [" ".join(lines)], NOTE_PT, GREY)


def _picture(slide: PptxSlide, png: bytes) -> None:
    left, top, width, height = PICTURE_BOX
    pixels_w, pixels_h = exports.png_size(png)
    scale = min(width / pixels_w, height / pixels_h)
    shown_w, shown_h = pixels_w * scale, pixels_h * scale
    slide.shapes.add_picture(
        io.BytesIO(png), Inches(left + (width - shown_w) / 2), Inches(top),
        Inches(shown_w), Inches(shown_h))
