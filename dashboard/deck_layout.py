"""Measuring and laying out the briefing pack's text (dashboard/deck.py): the slide's
geometry, text widths measured with the slides' font (Liberation Sans, metric-compatible with
the Arial of the PowerPoint), lines wrapped to a width, and the headline tiles laid out from
their measured text, so nothing runs into anything else. Pure (no Streamlit)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PIL import ImageFont

#: Slide size (16:9) in inches; the margin around the content.
SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.5
#: Text boxes' inner margins (inches): left/right (PowerPoint's default), top/bottom.
INSET = 0.1
PDF_FONTS = (Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
             Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"))
PDF_FALLBACK_FONTS = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                      Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))


class Tile(Protocol):
    """A headline figure (dashboard.deck.Headline)."""

    @property
    def label(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def note(self) -> str: ...


def text_width(text: str, size: float, bold: bool = True) -> float:
    """``text``'s width in points at ``size`` points, in the slides' font."""
    index = 1 if bold else 0
    font = next((f for f in (PDF_FONTS[index], PDF_FALLBACK_FONTS[index]) if f.exists()), None)
    if font is None:
        return len(text) * size * 0.6  # no font to measure: a wide estimate
    return float(ImageFont.truetype(str(font), round(size * 10)).getlength(text)) / 10


def wrapped(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines that fit ``width`` inches at ``size`` points (measured; a
    word longer than a line keeps its own line)."""
    room = width * 72 * 0.97
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


#: Headline tiles: the value's largest and smallest size, the label's and note's sizes
#: (points), the leading (line height / size), the gaps between tiles (inches), where the
#: tiles start and where they must end (the notes under them included).
VALUE_PT, VALUE_MIN_PT, LABEL_PT, NOTE_PT, REMARK_PT = 54, 20, 18, 13, 14
LEADING = 1.25
TILE_GAP_X, TILE_GAP_Y, TILES_TOP, TILES_BOTTOM = 0.35, 0.3, 2.05, 7.05


@dataclass(frozen=True)
class TileBox:
    """Where one headline tile's parts go (inches) and at which sizes (points)."""

    left: float
    top: float
    width: float
    value_size: int
    label: tuple[float, tuple[str, ...]]  # top, lines
    note: tuple[float, tuple[str, ...]]


#: Text boxes' inner margins, top and bottom (inches).
INSET_Y = 0.05


def height(lines: int, size: float) -> float:
    """The height (inches) of ``lines`` lines at ``size`` points, with the box's insets."""
    return lines * size * LEADING / 72 + 2 * INSET_Y




def tile_layout(headlines: Sequence[Tile], remarks: Sequence[str] = ()
                ) -> tuple[list[TileBox], float, list[str]]:
    """The tiles laid out from their measured text: up to three a row (the first, placements
    with what it covers, on a row of its own when its note is long), each value at the
    largest size up to :data:`VALUE_PT` at which it fits its tile on one line, label and
    note wrapped to the tile; a row is as tall as its tallest tile. When the tiles and the
    remarks under them would run past :data:`TILES_BOTTOM`, the values get smaller, and
    then the first tile shares its row. Returns the tiles, the top of the remarks under them
    and the remarks' wrapped lines."""
    long_note = len(headlines) > 1 and bool(headlines[0].note) and len(
        wrapped(headlines[0].note, NOTE_PT, _tile_width(3) - 2 * INSET)) > 2
    for first_alone in dict.fromkeys((long_note, False)):
        for largest in range(VALUE_PT, VALUE_MIN_PT - 1, -4):
            boxes, below, lines = _tiles(headlines, remarks, largest, first_alone)
            if below + (height(len(lines), REMARK_PT) if lines else 0) <= TILES_BOTTOM:
                return boxes, below, lines
    return boxes, below, lines


def _tiles(headlines: Sequence[Tile], remarks: Sequence[str], largest: int,
           first_alone: bool) -> tuple[list[TileBox], float, list[str]]:
    count = len(headlines)
    rows: list[list[int]] = []
    if count:
        rest = list(range(1 if first_alone else 0, count))
        rows = [[0]] if first_alone else []
        per_row = 3 if len(rest) != 4 else 2
        rows += [rest[i:i + per_row] for i in range(0, len(rest), per_row)]
    boxes: list[TileBox] = []
    top = TILES_TOP
    for row in rows:
        width = _tile_width(len(row))
        heights = []
        for position, index in enumerate(row):
            headline = headlines[index]
            room = width - 2 * INSET
            size = next((size for size in range(largest, VALUE_MIN_PT - 1, -2)
                         if text_width(headline.value, size) <= room * 72 * 0.97),
                        VALUE_MIN_PT)
            label_top = top + height(1, size)
            label = tuple(wrapped(headline.label, LABEL_PT, room))
            note_top = label_top + height(len(label), LABEL_PT)
            note = tuple(wrapped(headline.note, NOTE_PT, room)) if headline.note else ()
            boxes.append(TileBox(MARGIN + position * (width + TILE_GAP_X), top, width, size,
                                 (label_top, label), (note_top, note)))
            heights.append(note_top + (height(len(note), NOTE_PT) if note else 0) - top)
        top += max(heights) + TILE_GAP_Y
    lines = [line for remark in remarks
             for line in wrapped(remark, REMARK_PT, SLIDE_W - 2 * MARGIN - 2 * INSET)]
    return boxes, top, lines


def _tile_width(columns: int) -> float:
    return (SLIDE_W - 2 * MARGIN - TILE_GAP_X * (columns - 1)) / max(columns, 1)
