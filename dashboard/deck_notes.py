"""What the briefing pack says beyond its slides' text (dashboard/deck.py): the speaker notes
of a chart slide — its bars or points with their numbers followed by their words
(dashboard/spoken.py) — and the QR code of the live view on the closing slide (segno, made
here: no network). Pure (no Streamlit)."""

from __future__ import annotations

import io
import re
from numbers import Real

import plotly.graph_objects as go
import segno

from dashboard import spoken
from dashboard.deck_layout import MARGIN, SLIDE_W
from dashboard.i18n import number


def qr_png(link: str) -> bytes | None:
    """The QR code of ``link`` (a web address) as a PNG, or None when there is no address."""
    if not link.startswith(("http://", "https://")):
        return None
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


#: Where the QR code goes on the closing slide (inches) and the text beside it ends.
QR_SIDE = 2.4
QR_BOX = (SLIDE_W - MARGIN - QR_SIDE, 1.7, QR_SIDE, QR_SIDE)


def figure_notes(figure: go.Figure, lang: str) -> list[str]:
    """What a chart's bars show, one line a bar (in reading order: left to right, top to
    bottom; at most 12 a series): its category as the axis names it, and its number as the
    bar is labelled (else the value), followed by its words."""
    lines: list[str] = []
    bars = [trace for trace in figure.data if getattr(trace, "type", "") == "bar"
            and trace.x is not None and trace.y is not None]
    for trace in bars:
        horizontal = trace.orientation == "h"
        categories, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        axis = figure.layout.yaxis if horizontal else figure.layout.xaxis
        named = dict(zip(axis.tickvals or (), axis.ticktext or (), strict=False))
        texts = list(trace.text) if isinstance(trace.text, tuple | list) else []
        # a bar named in its hover by its data (Kinerja's indicators: name, then its label)
        hover = list(trace.customdata) if trace.customdata is not None and str(
            trace.hovertemplate or "").startswith("%{customdata[0]}") else []
        rows = []
        for index, (category, value) in enumerate(zip(categories, values, strict=False)):
            if not isinstance(value, Real) or value != value:
                continue
            text = texts[index] if index < len(texts) else None
            shown = _plain(str(text)) if text else \
                number(float(value), lang, 0 if value == int(value) else 1)
            category = named.get(category, category)
            if index < len(hover) and len(hover[index]) > 1:
                category, shown = hover[index][0], _plain(str(hover[index][1]))
            rows.append((_plain(str(category)), shown))
        if horizontal:  # drawn from the bottom up: the top bar is the last
            rows.reverse()
        name = f"{trace.name} · " if trace.name and len(bars) > 1 else ""  # a series' name
        lines += [f"{name}{category}: {spoken.said(shown, lang)}"
                  for category, shown in rows[:12]]
    return lines


def _plain(text: str) -> str:
    """An axis or bar label without its markup (``<br>``, ``<b>``)."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())
