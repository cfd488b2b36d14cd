"""The frame every exported chart image carries: title and subtitle wrapped to the width, the
source line with data and download dates, the licence and the sample mark
(dashboard/exports.py explains the design)."""


from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from dashboard import escape
from dashboard.export_meta import (
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    GREY,
    SAMPLE_FILL,
    ExportMeta,
    FigureText,
    date_text,
)
from dashboard.figure_title import (
    _BREAK,
    _figure_dict,
    _plain,
    _sample_marks,
    _title_lines,
    title_parts,
)
from dashboard.i18n import t

# --------------------------------------------------------------------------- the figure's frame

def _is_footer(annotation: Mapping[str, Any]) -> bool:
    """The source line chart_spec.frame_figure puts under the plot."""
    return (annotation.get("xref") == "paper" and annotation.get("yref") == "paper"
            and annotation.get("y") == 0 and (annotation.get("yshift") or 0) < 0
            and annotation.get("showarrow") is False)


def _is_sample_mark(annotation: Mapping[str, Any]) -> bool:
    return _plain(str(annotation.get("text", ""))).casefold() in _sample_marks()


def figure_text(fig: go.Figure | Mapping[str, Any], meta: ExportMeta) -> FigureText:
    """Title, subtitle, source line and sample mark of the exported figure.

    What the figure says is kept; what it lacks comes from ``meta``: the title and subtitle,
    the source line, the download date, the licence, the sample mark.
    """
    figure = _figure_dict(fig)
    layout = figure.get("layout", {})
    title, subtitle = title_parts(figure)
    title = title or meta.title
    subtitle = subtitle or meta.subtitle or t(
        "chart.subtitle", meta.lang, what=t("what.placements", meta.lang),
        regions=meta.regions or t("label.all_banten", meta.lang), period=meta.period,
        series=meta.series)
    annotations = layout.get("annotations", []) or []
    footers = [_plain(_BREAK.sub(" · ", str(a.get("text", ""))))
               for a in annotations if _is_footer(a)]
    footer = footers[0] if footers else t("export.source_line", meta.lang, source=meta.source,
                                          until=meta.data_until or "–")
    parts = [p.strip() for p in footer.split(" · ") if p.strip()]
    downloaded = t("export.downloaded", meta.lang, date=date_text(meta.stamp().date(),
                                                                  meta.lang))
    licence = t("export.licence", meta.lang, licence=meta.licence)
    if downloaded not in parts:
        # before the licence when the footer ends with it ("… · Lisensi CC BY 4.0")
        at = parts.index(licence) if licence in parts else len(parts)
        parts.insert(at, downloaded)
    if not any(meta.licence in p for p in parts):
        parts.append(licence)
    sample = meta.is_sample or _title_lines(layout)[2] or \
        any(_is_sample_mark(a) for a in annotations)
    return FigureText(title=title, subtitle=subtitle, footer=" · ".join(parts),
                      sample_mark=t("chart.sample_mark", meta.lang) if sample else "")


def _wrap(text: str, limit: int, separators: Sequence[str] = (" · ", ", ", " ")) -> list[str]:
    """Greedy line breaks at the first separator kind that makes the lines fit."""
    if len(text) <= limit:
        return [text]
    for separator in separators:
        pieces = text.split(separator)
        if len(pieces) < 2:
            continue
        lines: list[str] = []
        for piece in pieces:
            if lines and len(lines[-1]) + len(separator) + len(piece) <= limit:
                lines[-1] += separator + piece
            else:
                if lines and separator.strip():
                    lines[-1] += separator.rstrip()
                lines.append(piece)
        if all(len(line) <= limit for line in lines):
            return lines
    return [text[i:i + limit] for i in range(0, len(text), limit)]


def _chars(width_px: float, font_px: float, factor: float = 0.55) -> int:
    return max(20, int(width_px / (font_px * factor)))


def prepare_figure(fig: go.Figure | Mapping[str, Any], meta: ExportMeta, *,
                   width: int = DEFAULT_WIDTH, height: int | None = None,
                   framed: bool = True) -> dict[str, Any]:
    """The figure as it is exported (plotly JSON): a fixed size, and margins that leave room
    for every line of text.

    ``framed``: with title, subtitle, source line and sample mark drawn in the image (a chart
    for an article); without (``False``), just the plot, for a slide that writes the frame as
    text around it.
    """
    figure = _figure_dict(fig)
    layout = figure.setdefault("layout", {})
    text = figure_text(figure, meta)
    kept = [a for a in layout.get("annotations", []) or []
            if not _is_footer(a) and not _is_sample_mark(a)]
    legend = bool(layout.get("showlegend"))
    if not framed:
        layout.pop("title", None)
        layout["annotations"] = kept
        layout["margin"] = {"l": 12, "r": 12, "t": 44 if legend else 12, "b": 12, "pad": 0}
        size_height = height or int(layout.get("height") or DEFAULT_HEIGHT)
    else:
        below = _x_labels_height(figure, width)
        size_height = _frame(layout, kept, text, width, height, legend, below)
    layout.update(width=width, height=size_height, autosize=False)
    return figure


def _x_labels_height(figure: dict[str, Any], width: int) -> int:
    """Pixels the x axis' labels (and title) take under the plot, so the source line can go
    below them. Category labels that would not fit side by side are turned (30 or 90 degrees)
    here, as plotly would, so that their height is known."""
    layout = figure["layout"]
    axis = layout.setdefault("xaxis", {})
    font = float((layout.get("font") or {}).get("size") or 12)
    title = axis.get("title")
    titled = bool(title.get("text") if isinstance(title, Mapping) else title)
    extra = font * 1.4 + 8 if titled else 0
    if axis.get("side") == "top" or axis.get("showticklabels") is False:
        return int(extra)
    labels = [str(v) for trace in figure.get("data", []) if trace.get("orientation") != "h"
              and isinstance(trace.get("x"), list) for v in trace["x"]]
    if axis.get("type") != "category" or not labels:
        return int(font * 1.4 + 8 + extra)
    count, longest = len(set(labels)), max(len(label) for label in labels) * font * 0.56
    plot_width = width - 48 - 60
    if count * (longest + 12) <= plot_width:
        return int(font * 1.4 + 8 + extra)
    angle = 30 if count * font * 2 <= plot_width else 90
    axis["tickangle"] = -angle
    turned = longest * math.sin(math.radians(angle)) + font * math.cos(math.radians(angle))
    return int(turned + 10 + extra)


def _frame(layout: dict[str, Any], kept: list[dict[str, Any]], text: FigureText, width: int,
           height: int | None, legend: bool, below: int) -> int:
    """Draw title, subtitle, footer and sample mark into ``layout``; returns the height.
    ``below``: pixels under the plot taken by the x axis."""
    mark_px = 24 + 8 * len(text.sample_mark) if text.sample_mark else 0
    title_lines = _wrap(text.title, _chars(width - 48 - mark_px, 18, 0.6))
    sub_lines = _wrap(text.subtitle, _chars(width - 48, 14.4))
    foot_lines = _wrap(text.footer, _chars(width - 48, 11))
    # plotly puts the first line of a multi-line title at pad.t - 13 px, then ~23 px a line
    top = 30 + 23 * (len(title_lines) + len(sub_lines)) + (38 if legend else 16)
    gap = max(below + 14, 36)  # from the plot's bottom edge to the source line
    bottom = gap + 15 * len(foot_lines) + 12
    base = int(layout.get("height") or DEFAULT_HEIGHT)
    total = height or max(base, base - 96 - 96 + top + bottom)
    # the lines are plain text (figure_text): escaped here, so data never becomes markup
    title_html = "<br>".join(f"<b>{escape.plotly(line)}</b>" for line in title_lines)
    sub_html = "<br>".join(f"<span style='font-size:0.8em;color:{GREY}'>"
                           f"{escape.plotly(line)}</span>" for line in sub_lines)
    layout["title"] = {**(layout.get("title") or {}),
                       "text": f"{title_html}<br>{sub_html}", "x": 24 / width,
                       "xanchor": "left", "xref": "container", "y": 1, "yanchor": "top",
                       "yref": "container", "pad": {"t": 28, "b": 0, "l": 0, "r": 0}}
    layout["margin"] = {"l": 24, "r": 24, "t": top, "b": bottom, "pad": 0}
    kept.append({"text": "<br>".join(escape.plotly(line) for line in foot_lines),
                 "xref": "paper", "yref": "paper", "x": 0,
                 "y": 0, "xanchor": "left", "yanchor": "top", "yshift": -gap,
                 "showarrow": False, "align": "left", "font": {"size": 11, "color": GREY}})
    if text.sample_mark:
        kept.append({"text": f"<b>{escape.plotly(text.sample_mark)}</b>", "xref": "paper",
                     "yref": "paper",
                     "x": 1, "y": 1, "xanchor": "right", "yanchor": "top", "yshift": top - 10,
                     "showarrow": False, "bgcolor": f"#{SAMPLE_FILL}", "borderpad": 4,
                     "font": {"size": 12, "color": "#0B0C0C"}})
    layout["annotations"] = kept
    return total
