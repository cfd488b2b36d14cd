"""Chart builders: pure functions, data frame (+ spec) in, plotly figure out.

No Streamlit here: the same functions serve the pages, the image exports and the slide deck.
Every figure is framed (active title, subtitle saying what is counted, where and when; a
footer with source, data date and licence) and carries the sample-data mark when the data is
sample data. Colours follow one fixed mapping per category, so a scheme or a sector has the
same colour on every chart; grey means "not reported" and nothing else.

The builders of whole charts (``bar_chart``, ``ranking_chart``, ``line_chart``, ``heatmap``)
are memoized (dashboard/figure_memo.py): the same arguments give the same figure object, shared
by every session — never change a figure they return; copy it first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import escape
from dashboard.figure_memo import memoized

# UK Government Analysis Function categorical palette (colour-blind safe), in a fixed order.
PALETTE: tuple[str, ...] = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
SEQUENTIAL: tuple[str, ...] = ("#F0F9E8", "#BAE4BC", "#7BCCC4", "#43A2CA", "#0868AC")
NOT_REPORTED_COLOUR = "#BFBFBF"
TEXT_COLOUR = "#0B0C0C"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"

#: Categories compared in one chart (schemes, regencies, countries, years): eight colours that
#: stay apart for people with a colour-vision deficiency — in CAM02-UCS, every pair differs by
#: ΔE ≥ 12 with normal vision and under full deuteranomaly, protanomaly and tritanomaly
#: simulation (colorspacious), and each has ≥ 3:1 contrast against white (tests/test_palette.py).
#: Chosen from Paul Tol's, Okabe & Ito's and Tableau's palettes by that criterion. A chart
#: never shows more than eight of them.
CATEGORICAL: tuple[str, ...] = ("#332288", "#117733", "#AA3377", "#999933", "#9467BD",
                                "#009E73", "#801650", "#CC79A7")
MIN_CVD_DELTA_E = 12.0

#: Same category, same colour, everywhere.
CATEGORY_COLOURS: dict[str, dict[str, str]] = {
    "skema": {"P to P": CATEGORICAL[0], "G to G": CATEGORICAL[1], "Mandiri": CATEGORICAL[2],
              "G to P": CATEGORICAL[3], "UKPS": CATEGORICAL[4]},
    "sektor": {"Formal": CATEGORICAL[0], "Informal": CATEGORICAL[3]},
    "jenis_kelamin": {"Laki-laki": CATEGORICAL[0], "Perempuan": CATEGORICAL[2]},
    "kode_wilayah": dict(zip(("3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674"),
                             CATEGORICAL, strict=True)),
}
SEPARATORS = {"id": ",.", "en": ".,"}  # plotly: decimal mark, then thousands separator


@dataclass(frozen=True)
class ChartSpec:
    """Everything a chart says besides its numbers."""

    title: str
    subtitle: str
    footer: str
    lang: str = "id"
    sample_mark: str | None = None  # e.g. "DATA CONTOH / SAMPLE DATA" when sample data
    x_title: str = ""
    y_title: str = ""
    value_label: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)  # category value -> shown text
    not_reported: str = "Tidak dirinci di sumber"
    suppressed: str = "<5"
    height: int = 460
    provisional_x: tuple[str, ...] = ()  # x values (as shown) the source calls provisional
    provisional_label: str = "sementara"
    #: x values (as in the frame, e.g. a year) whose figures are incomplete -> why
    #: ("hanya Kota Cilegon", "Jan–Agu"): drawn apart, hatched and labelled, never in the same
    #: unmarked trace as complete ones.
    partial: Mapping[str, str] = field(default_factory=dict)
    partial_legend: str = "Cakupan sebagian (lihat label)"


PARTIAL_PATTERN = {"shape": "/", "fgcolor": "white", "size": 7, "solidity": 0.35}


def colour_for(dimension: str | None, value: object) -> str:
    """The fixed colour of a category (grey for a missing/not reported value); a value without
    a fixed colour (a country, a year) gets one by :func:`chart_colours`."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return NOT_REPORTED_COLOUR
    mapping = CATEGORY_COLOURS.get(dimension or "", {})
    if str(value) in mapping:
        return mapping[str(value)]
    return CATEGORICAL[sum(map(ord, str(value))) % len(CATEGORICAL)]


def chart_colours(dimension: str | None, values: Sequence[object]) -> dict[str, str]:
    """One colour per category of a chart, never the same twice: fixed colours where the
    category has one, the next unused colour of :data:`CATEGORICAL` (in order) otherwise."""
    out: dict[str, str] = {}
    mapping = CATEGORY_COLOURS.get(dimension or "", {})
    used = {mapping[str(v)] for v in values if str(v) in mapping and not _missing(v)}
    free = [c for c in CATEGORICAL if c not in used]
    for value in values:
        key = str(value)
        if key in out:
            continue
        if _missing(value):
            out[key] = NOT_REPORTED_COLOUR
        elif key in mapping:
            out[key] = mapping[key]
        else:
            out[key] = free.pop(0) if free else colour_for(dimension, value)
    return out


def _label(spec: ChartSpec, value: object) -> str:
    """A category's name as the figure writes it: its label, or the value itself (an
    occupation outside the list is data, written as it came) escaped for plotly."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return spec.not_reported
    return escape.plotly(spec.labels.get(str(value), str(value)))


def _shown(labels: Mapping[str, str] | None, value: object) -> str:
    """An x value's name (``labels`` or the value itself), escaped for plotly."""
    return escape.plotly((labels or {}).get(str(value), str(value)))


def _in_template(text: str) -> str:
    """A name put into a hover template: a ``%`` of the name never starts a ``%{…}``."""
    return text.replace("%", "&#37;")


def _values(frame: pd.DataFrame, spec: ChartSpec) -> tuple[list[float], list[str]]:
    """Bar heights (0 for suppressed cells) and their text labels ("<5" where suppressed)."""
    suppressed = frame["ditekan"].to_numpy(dtype=bool) if "ditekan" in frame else \
        [False] * len(frame)
    heights = [0.0 if s else float(v) for v, s in zip(frame["jumlah"], suppressed, strict=True)]
    texts = [spec.suppressed if s else _format_int(v, spec.lang)
             for v, s in zip(frame["jumlah"], suppressed, strict=True)]
    return heights, texts


def _format_int(value: object, lang: str) -> str:
    number = int(value)  # type: ignore[call-overload]
    text = f"{number:,}"
    return text.replace(",", ".") if lang == "id" else text


def frame_figure(fig: go.Figure, spec: ChartSpec) -> go.Figure:
    """Title, subtitle, footer, sample mark, fonts, number format, phone-friendly margins."""
    mark = (f"<span style='font-size:0.72em;color:#8A4B00'><b>■ {spec.sample_mark}</b></span>"
            "<br>") if spec.sample_mark else ""
    fig.update_layout(
        title={"text": f"{mark}<b>{spec.title}</b><br>"
                       f"<span style='font-size:0.8em;color:#505a5f'>{spec.subtitle}</span>",
               "x": 0, "xanchor": "left", "y": 0.97, "yanchor": "top",
               "font": {"size": 18}},
        font={"family": FONT, "size": 14, "color": TEXT_COLOUR},
        separators=SEPARATORS.get(spec.lang, ",."),
        paper_bgcolor="white", plot_bgcolor="white",
        margin={"l": 8, "r": 8, "t": 118 if spec.sample_mark else 96, "b": 96},
        height=spec.height,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.add_annotation(text=spec.footer, xref="paper", yref="paper", x=0, y=0, yshift=-80,
                       xanchor="left", yanchor="bottom", showarrow=False, align="left",
                       font={"size": 11, "color": "#505a5f"}, name=FOOTER_NAME)
    # the frame's words as data too: a page writes them as text around the plot
    # (page_figure), where they wrap at any width; exports draw them from the title above
    fig.update_layout(meta={FRAME_META: {"title": spec.title, "subtitle": spec.subtitle,
                                         "footer": spec.footer,
                                         "sample_mark": spec.sample_mark or ""}})
    fig.update_xaxes(title=spec.x_title or None, automargin=True, showgrid=False,
                     linecolor="#b1b4b6")
    fig.update_yaxes(title=spec.y_title or None, automargin=True, gridcolor="#e5e5e5",
                     rangemode="tozero", zeroline=True, zerolinecolor="#b1b4b6",
                     tickformat=",d")  # 3.500 / 3,500: thousands separator on the axis too
    for axis in fig.layout:
        if axis.startswith("xaxis") and fig.layout[axis].type != "category":
            fig.layout[axis].tickformat = ",d"
    return fig


FRAME_META = "frame"
FOOTER_NAME = "frame_footer"
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class ChartFrame:
    """The words around a framed chart, as plain text: sample mark, title, subtitle and the
    source line (several lines of a footer are joined by " · ")."""

    title: str
    subtitle: str
    footer: str
    sample_mark: str = ""

    @property
    def heading(self) -> str:
        """Everything above the plot on one line: mark, title, subtitle."""
        return " ".join(part for part in (self.sample_mark, self.title, self.subtitle) if part)


def plain(text: str, joiner: str = " ") -> str:
    """plotly's pseudo-HTML as plain text: tags dropped, each ``<br>`` becomes ``joiner``,
    entities (data escaped by ``escape.plotly``) the characters they stand for."""
    return " ".join(escape.from_plotly(_TAG.sub("", _BREAK.sub(joiner, text or ""))).split())


def chart_frame(fig: go.Figure | Mapping[str, Any]) -> ChartFrame | None:
    """The frame :func:`frame_figure` gave ``fig`` (a figure or its JSON dict), or None for
    a figure without one."""
    layout = fig.layout.to_plotly_json() if isinstance(fig, go.Figure) else \
        fig.get("layout", {})
    meta = layout.get("meta")
    frame = meta.get(FRAME_META) if isinstance(meta, Mapping) else None
    if not isinstance(frame, Mapping):
        return None
    return ChartFrame(title=plain(str(frame.get("title", ""))),
                      subtitle=plain(str(frame.get("subtitle", ""))),
                      footer=plain(str(frame.get("footer", "")), " · "),
                      sample_mark=plain(str(frame.get("sample_mark", ""))))


#: Pixels a page figure keeps under its plot for the x axis' labels (more is added by plotly's
#: automargin when they turn) and for each row of a legend below the plot.
PAGE_AXIS_ROOM = 36
PAGE_LEGEND_ROOM = 40


def page_figure(fig: go.Figure) -> go.Figure:
    """The figure as a page draws it: without its title, subtitle and source line (the page
    writes them as text above and below, where they wrap on a phone instead of being cut),
    with the legend and a map's colour key below the plot (under the axis labels, never over
    the plot or the words above it), and with fixed axes (no accidental zoom on a touch
    screen, where there is no mode bar to undo it). The plot keeps the height it had in the
    framed figure. ``fig`` itself is left as it is: exports draw the frame from it.

    Made from ``fig``'s plain JSON form and not validated again (``fig`` was, and what is
    changed here is fixed): plotly's validated copy cost ten times as much per chart."""
    page = fig.to_dict()
    layout: dict[str, Any] = page.setdefault("layout", {})
    traces: list[dict[str, Any]] = page.setdefault("data", [])
    margin: dict[str, Any] = layout.get("margin") or {}
    plot = (layout.get("height") or 460) - (margin.get("t") or 0) - (margin.get("b") or 0)
    layout["title"] = {**(layout.get("title") or {}), "text": ""}
    layout["annotations"] = [a for a in layout.get("annotations") or []
                             if a.get("name") != FOOTER_NAME and not _looks_like_footer(a)]
    entries = sum(1 for trace in traces if trace.get("showlegend") is not False)
    legend = bool(layout["showlegend"]) if layout.get("showlegend") is not None else \
        entries > 1 or any(trace.get("showlegend") is True for trace in traces)
    layout["height"] = max(plot, 160) + PAGE_AXIS_ROOM + (PAGE_LEGEND_ROOM if legend else 0)
    layout["margin"] = {**margin, "t": 12, "b": 8, "l": margin.get("l", 8),
                        "r": margin.get("r", 8)}
    shown_legend = {**(layout.get("legend") or {}), "orientation": "h", "x": 0,
                    "xanchor": "left", "xref": "container", "y": 0, "yanchor": "bottom",
                    "yref": "container"}
    shown_legend.pop("title", None)
    layout["legend"] = shown_legend
    layout["dragmode"] = False
    for trace in traces:
        if trace.get("type") == "choropleth" and trace.get("showscale") is not False:
            # the colour key below the map, across it: beside it, it took a third of a
            # phone's width
            colorbar = trace.get("colorbar") or {}
            trace["colorbar"] = {
                **colorbar, "orientation": "h", "x": 0, "xanchor": "left", "y": -0.02,
                "yanchor": "top", "len": 1, "lenmode": "fraction", "thickness": 12,
                "title": {**(colorbar.get("title") or {}), "side": "top"}}
    for axis in sorted({name for name in layout if AXIS.fullmatch(name)} | {"xaxis", "yaxis"}):
        layout[axis] = {**(layout.get(axis) or {}), "fixedrange": True}
    return go.Figure(page, skip_invalid=False, _validate=False)


AXIS = re.compile(r"[xy]axis[0-9]*")


def _looks_like_footer(annotation: Mapping[str, Any]) -> bool:
    """A source line under the plot written without :data:`FOOTER_NAME` (older figures)."""
    return (annotation.get("xref") == "paper" and annotation.get("yref") == "paper"
            and annotation.get("y") == 0 and (annotation.get("yshift") or 0) < 0
            and annotation.get("showarrow") is False)


@memoized
def bar_chart(frame: pd.DataFrame, x: str, spec: ChartSpec, color: str | None = None,
              stacked: bool = True, x_labels: Mapping[str, str] | None = None) -> go.Figure:
    """Vertical bars of ``jumlah`` by ``x``, stacked or grouped by ``color`` if given.

    Bars of incomplete x values (``spec.partial``) are hatched and labelled with what they
    cover; without ``color`` they form a trace of their own with its legend entry."""
    fig = go.Figure()
    x_names = [_shown(x_labels, v) for v in frame[x]]
    partial = [str(v) in spec.partial for v in frame[x]]
    frame = frame.assign(_x=x_names, _partial=partial)
    if color is None and any(partial):
        parts = [(frame[~frame["_partial"]], spec.value_label, False),
                 (frame[frame["_partial"]], spec.partial_legend, True)]
        for part, name, is_partial in parts:
            if part.empty:
                continue
            heights, texts = _values(part, spec)
            if is_partial:
                texts = [f"{text}<br>{spec.partial[str(v)]}"
                         for text, v in zip(texts, part[x], strict=True)]
            fig.add_trace(go.Bar(
                x=part["_x"], y=heights, name=name, text=texts, textposition="outside",
                textfont={"size": 11 if is_partial else 14}, cliponaxis=False,
                marker_color=PALETTE[0],
                marker_pattern=PARTIAL_PATTERN if is_partial else None,
                marker_line={"color": PALETTE[0], "width": 1.5 if is_partial else 0},
                opacity=0.6 if is_partial else 1.0,
                hovertemplate=f"%{{x}}<br>{_in_template(name)}: %{{text}}<extra></extra>",
            ))
        # no uniformtext "hide": the note on a small partial bar must stay readable on a phone
        fig.update_layout(barmode="overlay", showlegend=True)
        fig.update_xaxes(type="category", categoryorder="array",
                         categoryarray=list(dict.fromkeys(x_names)))
        return frame_figure(fig, spec)
    colours = chart_colours(color, list(dict.fromkeys(frame[color].tolist()))) if color else {}
    for group, part, name in _series(frame, color, spec):
        heights, texts = _values(part, spec)
        flags = part["_partial"].tolist()
        fig.add_trace(go.Bar(
            x=part["_x"], y=heights, name=name, text=texts,
            textposition="inside" if color else "outside", cliponaxis=False,
            marker_color=colours[str(group)] if color else PALETTE[0],
            marker_pattern={**PARTIAL_PATTERN, "shape": ["/" if f else "" for f in flags]}
            if any(flags) else None,
            hovertemplate=f"%{{x}}<br>{_in_template(name)}: %{{text}}<extra></extra>",
        ))
    if any(partial):
        _partial_legend_and_labels(fig, frame, x, spec)
    fig.update_layout(barmode="stack" if stacked else "group",
                      showlegend=color is not None or any(partial),
                      uniformtext={"minsize": 10, "mode": "hide"})
    fig.update_xaxes(type="category", categoryorder="array",
                     categoryarray=list(dict.fromkeys(x_names)))
    return frame_figure(fig, spec)


def _partial_legend_and_labels(fig: go.Figure, frame: pd.DataFrame, x: str,
                               spec: ChartSpec) -> None:
    """A legend entry for the hatch, and each incomplete bar's note written above it."""
    fig.add_trace(go.Bar(x=[None], y=[None], name=spec.partial_legend,
                         marker_color="#FFFFFF", marker_line_color=TEXT_COLOUR,
                         marker_line_width=1, marker_pattern={**PARTIAL_PATTERN,
                                                              "fgcolor": TEXT_COLOUR},
                         hoverinfo="skip"))
    heights = frame.assign(_h=pd.to_numeric(frame["jumlah"], errors="coerce").fillna(0))
    tops = heights.groupby("_x", sort=False)["_h"].sum()
    for value, shown in dict.fromkeys(zip(frame[x], frame["_x"], strict=True)):
        if str(value) in spec.partial:
            fig.add_annotation(x=shown, y=float(tops.get(shown, 0)), yanchor="bottom",
                               text=spec.partial[str(value)], showarrow=False,
                               font={"size": 11, "color": "#505a5f"})


#: A ranking bar at least this share of the longest carries its number inside: the quarter of
#: the plot left beside shorter bars holds a number even on a phone.
INSIDE_SHARE = 0.75


@memoized
def ranking_chart(frame: pd.DataFrame, category: str, spec: ChartSpec,
                  color_dimension: str | None = None) -> go.Figure:
    """Horizontal bars, largest on top, labelled directly (no legend)."""
    ordered = frame.sort_values("jumlah", ascending=True, na_position="first")
    heights, texts = _values(ordered, spec)
    names = [_label(spec, v) for v in ordered[category]]
    colours = [colour_for(color_dimension, v) if color_dimension else
               (NOT_REPORTED_COLOUR if _missing(v) else PALETTE[0]) for v in ordered[category]]
    # a long bar's number inside its end (outside, it ran past the figure's edge on a phone),
    # every other number just outside its bar, a zero's too
    longest = max(heights, default=0.0)
    positions = ["inside" if longest and h >= INSIDE_SHARE * longest else "outside"
                 for h in heights]
    fig = go.Figure(go.Bar(
        x=heights, y=names, orientation="h", text=texts, textposition=positions,
        insidetextanchor="end", cliponaxis=False, marker_color=colours,
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    spec_height = max(spec.height, 140 + 28 * len(ordered))
    fig.update_layout(showlegend=False, height=spec_height)
    fig.update_yaxes(type="category", automargin=True)
    fig.update_xaxes(rangemode="tozero")
    framed = frame_figure(fig, spec)
    framed.update_layout(height=spec_height)
    return framed


@memoized
def line_chart(frame: pd.DataFrame, x: str, spec: ChartSpec, color: str | None = None,
               x_labels: Mapping[str, str] | None = None) -> go.Figure:
    """Lines of ``jumlah`` over ``x`` (ordered as given), one per ``color`` value.

    Points of incomplete x values (``spec.partial``) leave the line: they are drawn as open
    markers of their own trace, labelled with what they cover."""
    fig = go.Figure()
    legend_partial = False
    colours = chart_colours(color, list(dict.fromkeys(frame[color].tolist()))) if color else {}
    for group, part, name in _series(frame, color, spec):
        heights, texts = _values(part, spec)
        xs = [_shown(x_labels, v) for v in part[x]]
        provisional = [str(v) in spec.provisional_x for v in part[x]]
        partial = [str(v) in spec.partial for v in part[x]]
        colour = colours[str(group)] if color else PALETTE[0]
        fig.add_trace(go.Scatter(
            x=xs, y=[None if p else h for h, p in zip(heights, partial, strict=True)],
            name=name, mode="lines+markers", text=texts,
            legendgroup=None if group is None else str(group),
            line={"width": 3, "color": colour},
            marker={"size": [11 if p else 7 for p in provisional],
                    "symbol": ["circle-open" if p else "circle" for p in provisional]},
            customdata=[f" ({spec.provisional_label})" if p else "" for p in provisional],
            hovertemplate=f"%{{x}}<br>{_in_template(name)}: %{{text}}%{{customdata}}"
                          "<extra></extra>",
        ))
        if any(partial):
            notes = [spec.partial[str(v)] for v, p in zip(part[x], partial, strict=True) if p]
            fig.add_trace(go.Scatter(
                x=[v for v, p in zip(xs, partial, strict=True) if p],
                y=[h for h, p in zip(heights, partial, strict=True) if p],
                name=spec.partial_legend, mode="markers", legendgroup="_partial",
                showlegend=not legend_partial,
                marker={"size": 11, "symbol": "circle-open", "color": colour,
                        "line": {"width": 2}},
                text=[t for t, p in zip(texts, partial, strict=True) if p], customdata=notes,
                hovertemplate=f"%{{x}}<br>{_in_template(name)}: %{{text}} (%{{customdata}})"
                              "<extra></extra>",
            ))
            legend_partial = True
        for x_value, height, is_provisional in zip(xs, heights, provisional, strict=True):
            if is_provisional and color is None:
                fig.add_annotation(x=x_value, y=height, text=spec.provisional_label,
                                   showarrow=True, arrowhead=0, ay=-28, ax=0,
                                   font={"size": 12, "color": "#505a5f"})
    fig.update_layout(showlegend=color is not None or legend_partial)
    fig.update_xaxes(type="category")
    return frame_figure(fig, spec)


@memoized
def heatmap(frame: pd.DataFrame, x: str, y: str, spec: ChartSpec,
            x_order: Sequence[str] = (), y_labels: Mapping[str, str] | None = None) -> go.Figure:
    """A y x x grid with the numbers written in each cell ("<5" where suppressed)."""
    xs = list(x_order) or list(dict.fromkeys(frame[x].tolist()))
    ys = list(dict.fromkeys(frame[y].tolist()))
    values: list[list[float | None]] = []
    texts: list[list[str]] = []
    for row in ys:
        value_row, text_row = [], []
        for column in xs:
            cell = frame[_same(frame[y], row) & _same(frame[x], column)]
            if cell.empty:
                value_row.append(0.0)
                text_row.append("0")
            else:
                heights, labels = _values(cell, spec)
                value_row.append(heights[0])
                text_row.append(labels[0])
        values.append(value_row)
        texts.append(text_row)
    fig = go.Figure(go.Heatmap(
        z=values, x=[_label(spec, v) for v in xs],
        y=[_shown(y_labels, v) if str(v) in (y_labels or {}) else _label(spec, v) for v in ys],
        text=texts, texttemplate="%{text}", colorscale=[[i / 4, c] for i, c in
                                                         enumerate(SEQUENTIAL)],
        showscale=False, hovertemplate="%{y} · %{x}: %{text}<extra></extra>", xgap=2, ygap=2,
    ))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="top")
    return frame_figure(fig, spec)


def _series(frame: pd.DataFrame, color: str | None,
            spec: ChartSpec) -> Iterator[tuple[object, pd.DataFrame, str]]:
    """(category, its rows, its shown name) for each trace; one trace when no ``color``."""
    if color is None:
        yield None, frame, spec.value_label
        return
    for group in dict.fromkeys(frame[color].tolist()):
        yield group, frame[_same(frame[color], group)], _label(spec, group)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _same(column: pd.Series, value: object) -> pd.Series:
    return column.isna() if _missing(value) else (column == value)
