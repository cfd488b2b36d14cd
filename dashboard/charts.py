"""Chart builders: pure functions, data frame (+ spec) in, plotly figure out.

No Streamlit here: the same functions serve the pages, the image exports and the slide deck.
Every figure is framed (dashboard/chart_spec.py: active title, subtitle saying what is
counted, where and when; a footer with source, data date and licence) and carries the
sample-data mark when the data is sample data. Colours come from dashboard/palette.py.

The builders of whole charts (``bar_chart``, ``ranking_chart``, ``line_chart``, ``heatmap``)
are memoized (dashboard/figure_memo.py): the same arguments give the same figure object, shared
by every session — never change a figure they return; copy it first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard import escape
from dashboard.chart_spec import ChartSpec, frame_figure
from dashboard.figure_memo import memoized
from dashboard.palette import (
    NOT_REPORTED_COLOUR,
    PALETTE,
    SEQUENTIAL,
    TEXT_COLOUR,
    chart_colours,
    colour_for,
    is_missing,
)


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


PARTIAL_PATTERN = {"shape": "/", "fgcolor": "white", "size": 7, "solidity": 0.35}


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
        _highlight(fig, frame[x].tolist(), x_names, spec)
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
    _highlight(fig, frame[x].tolist(), x_names, spec)
    return frame_figure(fig, spec)


#: The frame around the selected period on a chart over time: a dotted line, no fill (a shade
#: behind the bars would take the lightest colours below 3:1 against their background;
#: tests/test_contrast.py), with the period's labels in bold.
HIGHLIGHT_LINE = {"color": "#505A5F", "width": 1.5, "dash": "dot"}
HIGHLIGHT_NAME = "selected_period"
#: Up to this many x values, the selected ones are written in bold on the axis (with more, a
#: fixed list of labels would crowd a phone's axis; the frame alone marks them).
MAX_BOLD_TICKS = 16


def _highlight(fig: go.Figure, values: Sequence[object], shown: Sequence[str],
               spec: ChartSpec) -> None:
    """Frame the selected period (``spec.highlight``; ``values`` as in the frame, ``shown``
    as drawn) on a chart over time and write its labels in bold — nothing when no x or every
    x is selected (the chart shows the selected period alone)."""
    order = list(dict.fromkeys(shown))
    marked = {name for value, name in zip(values, shown, strict=True)
              if str(value) in spec.highlight}
    if not marked or len(marked) == len(order):
        return
    at = [i for i, name in enumerate(order) if name in marked]
    fig.add_shape(type="rect", xref="x", yref="paper", x0=min(at) - 0.5, x1=max(at) + 0.5,
                  y0=0, y1=1, fillcolor="rgba(0,0,0,0)", line=HIGHLIGHT_LINE, layer="below",
                  name=HIGHLIGHT_NAME)
    if len(order) <= MAX_BOLD_TICKS:
        fig.update_xaxes(tickmode="array", tickvals=order,
                         ticktext=[f"<b>{name}</b>" if name in marked else name
                                   for name in order])


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
               (NOT_REPORTED_COLOUR if is_missing(v) else PALETTE[0]) for v in ordered[category]]
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


#: Height of one category's row of a breakdown: stacked bars share a row, grouped ones get a
#: bar each within it.
ROW_STACKED = 34
ROW_PER_GROUP = 22


@memoized
def breakdown_chart(frame: pd.DataFrame, category: str, spec: ChartSpec,
                    color: str | None = None, stacked: bool = True,
                    category_labels: Mapping[str, str] | None = None) -> go.Figure:
    """Horizontal bars of ``jumlah`` per ``category`` (a regency, a sector), in the frame's
    order from the top, stacked or grouped by ``color``: a category's name is read across
    beside its bar, on a phone too, never turned or run into its neighbour's."""
    names = [spec.not_reported if is_missing(v) else _shown(category_labels, v)
             for v in frame[category]]
    frame = frame.assign(_y=names)
    order = list(dict.fromkeys(names))
    colours = chart_colours(color, list(dict.fromkeys(frame[color].tolist()))) if color else {}
    longest = max(_values(frame, spec)[0], default=0.0)
    fig = go.Figure()
    for group, part, name in _series(frame, color, spec):
        heights, texts = _values(part, spec)
        inside = [bool(longest) and h >= INSIDE_SHARE * longest for h in heights]
        fig.add_trace(go.Bar(
            x=heights, y=part["_y"], name=name, orientation="h", text=texts,
            textposition="inside" if color and stacked else
            ["inside" if i else "outside" for i in inside],
            insidetextanchor="middle" if color and stacked else "end", cliponaxis=False,
            textangle=0,  # a number that does not fit is left out, never turned
            marker_color=colours[str(group)] if color else PALETTE[0],
            hovertemplate=f"%{{y}}<br>{_in_template(name)}: %{{text}}<extra></extra>",
        ))
    groups = 1 if stacked or not color else frame[color].nunique(dropna=False)
    row = ROW_STACKED if groups == 1 else ROW_PER_GROUP * groups + 10
    height = max(260, 150 + row * len(order))
    # the legend in the bars' order, left to right (plotly reverses it for stacked bars)
    fig.update_layout(barmode="stack" if stacked else "group", showlegend=color is not None,
                      uniformtext={"minsize": 10, "mode": "hide"}, height=height,
                      legend={"traceorder": "normal"})
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order,
                     autorange="reversed", automargin=True)
    fig.update_xaxes(rangemode="tozero")
    framed = frame_figure(fig, spec)
    framed.update_layout(height=height)
    return framed


#: Per series of a line chart, in order: a marker shape and a dash of its own, so that lines
#: (and their legend entries) are told apart without colour (WCAG 1.4.1; issue 18).
LINE_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "triangle-down", "cross",
                "star", "hexagon")
LINE_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash")


@memoized
def line_chart(frame: pd.DataFrame, x: str, spec: ChartSpec, color: str | None = None,
               x_labels: Mapping[str, str] | None = None) -> go.Figure:
    """Lines of ``jumlah`` over ``x`` (ordered as given), one per ``color`` value.

    Points of incomplete x values (``spec.partial``) leave the line: they are drawn as open
    markers of their own trace, labelled with what they cover."""
    fig = go.Figure()
    legend_partial = False
    colours = chart_colours(color, list(dict.fromkeys(frame[color].tolist()))) if color else {}
    for number, (group, part, name) in enumerate(_series(frame, color, spec)):
        heights, texts = _values(part, spec)
        xs = [_shown(x_labels, v) for v in part[x]]
        symbol = LINE_SYMBOLS[number % len(LINE_SYMBOLS)] if color else "circle"
        dash = LINE_DASHES[number % len(LINE_DASHES)] if color else "solid"
        provisional = [str(v) in spec.provisional_x for v in part[x]]
        partial = [str(v) in spec.partial for v in part[x]]
        colour = colours[str(group)] if color else PALETTE[0]
        fig.add_trace(go.Scatter(
            x=xs, y=[None if p else h for h, p in zip(heights, partial, strict=True)],
            name=name, mode="lines+markers", text=texts,
            legendgroup=None if group is None else str(group),
            line={"width": 3, "color": colour, "dash": dash},
            marker={"size": [11 if p else 8 if color else 7 for p in provisional],
                    "symbol": [f"{symbol}-open" if p else symbol for p in provisional]},
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
                                   font={"size": 12, "color": "#505a5f"},
                                   bgcolor="white")  # over the period's dotted frame
    fig.update_layout(showlegend=color is not None or legend_partial)
    fig.update_xaxes(type="category")
    _highlight(fig, frame[x].tolist(), [_shown(x_labels, v) for v in frame[x]], spec)
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


def _same(column: pd.Series, value: object) -> pd.Series:
    return column.isna() if is_missing(value) else (column == value)
