"""Map figures besides the boundary choropleth (dashboard/map_figure.py): the tile map, where
each of the
8 regencies is one equal square in its geographic arrangement, so the four small cities are as
visible as Lebak. Pure: data in, plotly figure out; it also serves when no boundary file is
present."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.map_figure import NO_DATA_COLOUR
from geo.boundaries import TILE_COLUMNS, TILE_ROWS, tile_layout
from geo.classes import Classes

TEXT_DARK = "#0B0C0C"
TEXT_LIGHT = "#FFFFFF"


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
                           text=f"<b>{names.get(code, code)}</b><br>{shown}",
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


METRICS: tuple[str, ...] = ("jumlah", "per100k", "perempuan", "formal", "perubahan")


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


#: Where the four small cities' labels go, away from the map (lon, lat), joined by a leader
#: line to a point inside the city: in the Java Sea to the north, or east towards Jakarta.
CITY_LABELS: dict[str, tuple[float, float]] = {
    "3672": (105.78, -5.86),   # Kota Cilegon: north-west, over Banten Bay
    "3673": (106.17, -5.80),   # Kota Serang: north
    "3671": (106.62, -5.86),   # Kota Tangerang: north-east
    "3674": (106.98, -6.30),   # Kota Tangerang Selatan: east
}


def add_labels(fig: go.Figure, points: Mapping[str, tuple[float, float]],
               texts: Mapping[str, str]) -> go.Figure:
    """Name and value on each regency; the four small cities get leader labels outside the
    map, and the frame grows to hold them."""
    for code, (lon, lat) in CITY_LABELS.items():
        if code in points:
            fig.add_trace(go.Scattergeo(
                lon=[points[code][0], lon], lat=[points[code][1], lat], mode="lines",
                line={"color": "#505a5f", "width": 1}, hoverinfo="skip", showlegend=False))
    codes = [c for c in points if c in texts]
    positions = [CITY_LABELS.get(c, points[c]) for c in codes]
    fig.add_trace(go.Scattergeo(
        lon=[p[0] for p in positions], lat=[p[1] for p in positions], mode="text",
        text=[texts[c] for c in codes], textfont={"size": 12, "color": "#0B0C0C"},
        hoverinfo="skip", showlegend=False))
    geo = fig.layout.geo
    if geo.lonaxis.range and geo.lataxis.range:
        west, east = geo.lonaxis.range
        south, north = geo.lataxis.range
        fig.update_geos(lonaxis_range=[west, max(east, 107.12)],
                        lataxis_range=[south, max(north, -5.74)])
    return fig
