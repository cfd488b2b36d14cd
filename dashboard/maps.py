"""Map figures besides the boundary choropleth (dashboard/map_figure.py): the tile map, where
each of the
8 regencies is one equal square in its geographic arrangement, so the four small cities are as
visible as Lebak. Pure: data in, plotly figure out; it also serves when no boundary file is
present."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.chart_spec import ChartSpec, frame_figure
from dashboard.figure_memo import Keyed, memoized
from dashboard.map_figure import NO_DATA_COLOUR, choropleth
from domain import page_choices
from geo.boundaries import TILE_COLUMNS, TILE_ROWS, label_points, tile_layout
from geo.classes import Classes, nice_classes

TEXT_DARK = "#0B0C0C"
TEXT_LIGHT = "#FFFFFF"
HALO = ("1px 1px 1px #fff, -1px -1px 1px #fff, 1px -1px 1px #fff, -1px 1px 1px #fff, "
        "0 0 3px #fff")


def tile_map(values: Mapping[str, float | None], names: Mapping[str, str],
             classes: Classes, fmt: Callable[[float], str], no_data: str,
             height: int = 420) -> go.Figure:
    """Squares coloured by class, each labelled with the regency's name and value; a click
    selects a tile (``customdata`` is the 4-digit code)."""
    layout = tile_layout()
    fig = go.Figure()
    xs, ys, codes, hovers = [], [], [], []
    for code, (row, column) in layout.items():
        value = values.get(code)
        position = classes.index(value)
        colour = NO_DATA_COLOUR if position is None else classes.colours[position]
        y = TILE_ROWS - 1 - row
        fig.add_shape(type="rect", x0=column + 0.04, x1=column + 0.96, y0=y + 0.04,
                      y1=y + 0.96, fillcolor=colour, line={"color": "#6F777B", "width": 1},
                      layer="below")
        shown = no_data if value is None else fmt(value)
        dark = position is not None and position >= max(classes.count - 2, 1)
        fig.add_annotation(x=column + 0.5, y=y + 0.5, showarrow=False,
                           text=f"<b>{label_lines(names.get(code, code))}</b><br>{shown}",
                           font={"size": 13, "color": TEXT_LIGHT if dark else TEXT_DARK})
        xs.append(column + 0.5)
        ys.append(y + 0.5)
        codes.append(code)
        hovers.append(f"{names.get(code, code)}: {shown}")
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", customdata=codes, text=hovers,
                             marker={"size": 60, "symbol": "square", "opacity": 0},
                             hovertemplate="%{text}<extra></extra>", showlegend=False))
    fig.update_xaxes(visible=False, range=[0, TILE_COLUMNS], fixedrange=True)
    fig.update_yaxes(visible=False, range=[0, TILE_ROWS], fixedrange=True,
                     scaleanchor="x", scaleratio=1)
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 8, "b": 8},
                      plot_bgcolor="white", paper_bgcolor="white", dragmode=False)
    return fig


def classes_of(values: Sequence[float]) -> Classes:
    """The map's classes for ``values``: round equal steps (geo.classes.nice_classes)."""
    return nice_classes(values)


def label_anchors(geojson: Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    """A point inside each regency for its label (geo.boundaries.label_points): the page
    reaches the boundaries' geometry through here, never the geo layer itself."""
    return label_points(geojson)


METRICS: tuple[str, ...] = page_choices.MAP_METRIC.options


def region_metric(metric: str, current: pd.DataFrame, population: Mapping[str, int],
                  by_gender: pd.DataFrame | None = None,
                  by_sector: pd.DataFrame | None = None,
                  previous: pd.DataFrame | None = None) -> dict[str, float | None]:
    """The map's value per regency code for ``metric`` (None where it cannot be computed):
    placements; per 100,000 inhabitants; share of women or of the formal sector among those
    whose gender/sector is reported (%); change against the previous period (%)."""
    counts = _by_code(current)
    if metric == "jumlah":
        return counts
    if metric == "per100k":
        return {code: (None if value is None or not population.get(code)
                       else value / population[code] * 100_000)
                for code, value in counts.items()}
    if metric in ("perempuan", "formal"):
        frame, column, wanted = ((by_gender, "jenis_kelamin", "Perempuan") if metric ==
                                 "perempuan" else (by_sector, "sektor", "Formal"))
        return _shares(frame, column, wanted)
    if metric == "perubahan":
        before = _by_code(previous) if previous is not None else {}
        return {code: (None if value is None or not before.get(code)
                       else (value - before[code]) / before[code] * 100)
                for code, value in counts.items()}
    raise ValueError(f"unknown metric {metric!r}")


def _by_code(frame: pd.DataFrame | None) -> dict[str, float | None]:
    if frame is None or frame.empty:
        return {}
    known = frame[frame["kode_wilayah"].notna()]
    return {str(code): (None if suppressed or value is None or value != value else float(value))
            for code, value, suppressed in zip(known["kode_wilayah"], known["jumlah"],
                                               known.get("ditekan", [False] * len(known)),
                                               strict=True)}


def _shares(frame: pd.DataFrame | None, column: str, wanted: str) -> dict[str, float | None]:
    if frame is None or frame.empty:
        return {}
    out: dict[str, float | None] = {}
    known = frame[frame["kode_wilayah"].notna()]
    for code, group in known.groupby("kode_wilayah"):
        reported = group[group[column].notna()]
        if reported.empty or reported.get("ditekan", False).any():
            out[str(code)] = None
            continue
        base = float(reported["jumlah"].sum())
        part = float(reported.loc[reported[column] == wanted, "jumlah"].sum())
        out[str(code)] = part / base * 100 if base else None
    return out


#: Where the labels of the four small cities go, outside them and joined to them by a leader
#: line: (lon, lat) of the line's outer end, and the side of that end the text takes. They sit
#: in the sea around the province (Sunda Strait, Banten Bay, Java Sea) or east towards Jakarta,
#: where nothing else is written, so they collide neither with each other nor with the
#: regencies' own labels at phone width.
CITY_LABELS: dict[str, tuple[float, float, str]] = {
    "3672": (105.79, -5.90, "middle left"),   # Kota Cilegon: west, over the Sunda Strait
    "3673": (106.17, -5.92, "top center"),    # Kota Serang: north, over Banten Bay
    "3671": (106.72, -5.95, "top center"),    # Kota Tangerang: north-east, the Java Sea
    "3674": (106.86, -6.31, "middle right"),  # Kota Tangerang Selatan: east
}
#: Characters per line of a label: long names break into lines ("Kota<br>Tangerang<br>Selatan")
#: instead of running past the map's edge; the full name is in the hover and the table.
LABEL_WIDTH = 10
#: The map's frame grown to hold the leader labels at phone width (lon east, lat north).
LABEL_FRAME = (107.34, -5.5)


def label_lines(name: str, width: int = LABEL_WIDTH) -> str:
    """A regency's name broken into lines of at most ``width`` characters (a longer word
    keeps its own line)."""
    return "<br>".join(textwrap.wrap(name, width, break_long_words=False)) or name


def add_labels(fig: go.Figure, points: Mapping[str, tuple[float, float]],
               names: Mapping[str, str], values: Mapping[str, str]) -> go.Figure:
    """Name and value (each in lines: "Tidak<br>diterbitkan") on each regency; the four
    small cities get leader labels outside the map, and the frame grows to hold them. Labels
    take no taps: a tap on a regency's area opens it, and a label near a small city must not
    take that city's tap."""
    for code, (lon, lat, _) in CITY_LABELS.items():
        if code in points:
            fig.add_trace(go.Scattergeo(
                lon=[points[code][0], lon], lat=[points[code][1], lat], mode="lines",
                line={"color": "#505a5f", "width": 1}, hoverinfo="skip", showlegend=False))
    codes = [c for c in points if c in names and c in values]
    placed = {c: CITY_LABELS[c] if c in CITY_LABELS else (*points[c], "middle center")
              for c in codes}
    fig.add_trace(go.Scattergeo(
        lon=[placed[c][0] for c in codes], lat=[placed[c][1] for c in codes], mode="text",
        text=[f"<b>{label_lines(names[c])}</b><br>{label_lines(values[c])}" for c in codes],
        textposition=[placed[c][2] for c in codes],
        # a white halo keeps dark text readable on the darkest classes as on the sea
        textfont={"size": 12, "color": TEXT_DARK, "shadow": HALO},
        hoverinfo="skip", showlegend=False))
    geo = fig.layout.geo
    if geo.lonaxis.range and geo.lataxis.range:
        west, east = geo.lonaxis.range
        south, north = geo.lataxis.range
        fig.update_geos(lonaxis_range=[west, max(east, LABEL_FRAME[0])],
                        lataxis_range=[south, max(north, LABEL_FRAME[1])])
    return fig


def framed(fig: go.Figure, spec: ChartSpec) -> go.Figure:
    """A map in the chart frame (title, subtitle, source line, sample mark), without axes."""
    fig = frame_figure(fig, spec)
    fig.update_xaxes(visible=False, showgrid=False)
    fig.update_yaxes(visible=False, showgrid=False)
    return fig


@memoized
def boundary_map(boundaries: Keyed, frame: pd.DataFrame, spec: ChartSpec, *, lang: str,
                 digits: int, value_label: str, no_data: str, names: Mapping[str, str],
                 labels: Mapping[str, str]) -> go.Figure:
    """The framed choropleth of ``frame`` (``kode_wilayah``, ``nilai``) on the boundaries
    (``boundaries.value``, known by their file's identity), each regency labelled with its
    name and ``labels`` text. Built once per view and shared (dashboard/figure_memo.py): the
    map with its boundaries was the most expensive figure of the dashboard to build."""
    geojson = boundaries.value
    fig = choropleth(geojson, frame, "nilai", lang=lang, digits=digits,  # type: ignore[arg-type]
                     value_label=value_label, no_data_label=no_data, names=names)
    return framed(add_labels(fig, label_anchors(geojson), names, labels), spec)  # type: ignore[arg-type]
