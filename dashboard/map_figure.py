"""The choropleth of Banten's 8 kabupaten/kota: a pure function, and the plotly config that
keeps it offline.

**No network.** plotly's geo choropleth (d3, SVG) always loads a base-map topojson
(``world_110m.json``) from ``topojsonURL``, by default plotly's CDN, even when it only draws a
custom GeoJSON with the base map hidden; offline it then draws nothing. This figure hides the
base map, so an empty topology is all plotly needs: :data:`OFFLINE_TOPOJSON_URL` is a
``data:`` URL holding one, and plotly's request for ``<url>/world_110m.json`` lands in the URL's
``#fragment``, which is ignored. Pass :func:`plotly_config` wherever the figure is drawn::

    st.plotly_chart(fig, config=plotly_config())
    fig.write_html(path, include_plotlyjs=True, config=plotly_config())
    plotly.io.defaults.topojson = OFFLINE_TOPOJSON_URL   # kaleido image export

Without that config plotly fetches from cdn.plot.ly (tests/test_geo_browser.py shows both).
The MapLibre traces (``go.Choroplethmap``) were not chosen: they draw on a WebGL canvas (it
stayed blank in our headless Chromium run with ``--disable-gpu``, and is a bitmap in SVG
exports), and MapLibre fetches font glyphs from a server for any text on the map (even the
built-in ``white-bg`` style names one), while here labels can be SVG text (``go.Scattergeo``).

**Rings.** d3 needs clockwise exterior rings; ``python -m geo import`` writes them so.
"""

from __future__ import annotations

import json
import math
import textwrap
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go
import shapely
from shapely.geometry import shape

from dashboard.i18n import number
from geo.classes import Classes, given_classes, nice_classes

NO_DATA_COLOUR: Final = "#BFBFBF"  # grey means "no data" and nothing else
BORDER_COLOUR: Final = "#6F777B"  # visible between the lightest class and white
FONT: Final = "Liberation Sans, Arial, Helvetica, sans-serif"
SEPARATORS: Final = {"id": ",.", "en": ".,"}  # plotly: decimal mark, then thousands separator
FEATURE_ID_KEY: Final = "properties.kode"
FRAME_MARGIN: Final = 0.02  # of the units' extent, on each side

#: The layers plotly's geo subplot may read from its base-map topojson, all empty.
_BASE_LAYERS: Final = ("land", "ocean", "lakes", "rivers", "coastlines", "countries", "subunits")
OFFLINE_TOPOJSON: Final = json.dumps(
    {"type": "Topology", "arcs": [],
     "objects": {layer: {"type": "GeometryCollection", "geometries": []}
                 for layer in _BASE_LAYERS}},
    separators=(",", ":"))
OFFLINE_TOPOJSON_URL: Final = (
    "data:application/json," + urllib.parse.quote(OFFLINE_TOPOJSON, safe="") + "#")


def plotly_config(**options: Any) -> dict[str, Any]:
    """plotly config for drawing :func:`choropleth` without any network request
    (``options`` are added, e.g. ``displaylogo=False``)."""
    return {"topojsonURL": OFFLINE_TOPOJSON_URL, **options}


def choropleth(geojson: Mapping[str, Any], frame: pd.DataFrame, value_column: str, *,
               code_column: str = "kode_wilayah", lang: str = "id", digits: int = 0,
               breaks: list[float] | None = None, value_label: str = "",
               no_data_label: str = "Tidak ada data", height: int = 520,
               names: Mapping[str, str] | None = None) -> go.Figure:
    """The 8 units filled by class of ``frame[value_column]`` (joined on ``code_column`` =
    ``properties.kode``), framed to Banten.

    Classes are round equal steps (:func:`geo.classes.nice_classes`) unless ``breaks`` gives
    the edges; the colour bar states them. Units without a value are grey ("no data", in the
    legend). Hover shows the unit's name (``names`` by code, else ``properties.nama``) and its
    value with ``digits`` decimals in ``lang``'s number format. The frame is Banten's extent
    plus a 2% margin. Draw it with :func:`plotly_config`.
    """
    values = _values(frame, code_column, value_column)
    features = {str(f["properties"]["kode"]): f for f in geojson["features"]}
    shown = {code: names.get(code, code) if names else str(f["properties"].get("nama", code))
             for code, f in features.items()}
    present = [code for code in features if values.get(code) is not None]
    classes = given_classes(breaks) if breaks is not None else \
        nice_classes(values[code] for code in present)
    outside = [code for code in present if classes.index(values[code]) is None]
    if outside:
        raise ValueError(f"nilai di luar batas kelas {classes.edges}: "
                         + ", ".join(f"{code}={values[code]}" for code in outside))
    missing = [code for code in features if code not in present]

    def fmt(value: float) -> str:
        return number(value, lang, digits)

    fig = go.Figure()
    if present:
        fig.add_trace(_classed_trace(features, present, values, classes, shown, fmt,
                                     integers=digits == 0, title=value_label))
    if missing:
        fig.add_trace(_no_data_trace(features, missing, shown, no_data_label))
        fig.add_trace(_hatch_trace(features, missing))
    west, south, east, north = _framed_bounds(features.values())
    fig.update_geos(fitbounds=False, lonaxis_range=[west, east], lataxis_range=[south, north],
                    visible=False, projection_type="mercator", bgcolor="rgba(0,0,0,0)")
    fig.update_layout(
        height=height, margin={"l": 0, "r": 0, "t": 8, "b": 8},
        font={"family": FONT, "size": 14, "color": "#0B0C0C"},
        separators=SEPARATORS.get(lang, SEPARATORS["id"]),
        paper_bgcolor="white",
        legend={"orientation": "h", "x": 0, "y": 0, "xanchor": "left", "yanchor": "top",
                "itemclick": False, "itemdoubleclick": False},
        hoverlabel={"font": {"family": FONT}},
    )
    return fig


def _values(frame: pd.DataFrame, code_column: str, value_column: str) -> dict[str, float | None]:
    codes = frame[code_column].astype(str)
    if codes.duplicated().any():
        duplicated = sorted(set(codes[codes.duplicated()]))
        raise ValueError(f"{code_column}: kode muncul lebih dari sekali: {duplicated}")
    numbers = pd.to_numeric(frame[value_column], errors="coerce").astype("float64")
    return {code: (None if math.isnan(value) else float(value))
            for code, value in zip(codes, numbers, strict=True)}


def _framed_bounds(features: Iterable[Mapping[str, Any]]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of all units plus a margin: the map frame.

    Explicit ranges rather than ``fitbounds``: plotly then shapes the geo frame like Banten
    (wider than tall) instead of a square, so the map fills about 40% more of the chart.
    """
    geometries = [shape(feature["geometry"]) for feature in features]
    west, south, east, north = shapely.total_bounds(geometries)
    pad_x, pad_y = (east - west) * FRAME_MARGIN, (north - south) * FRAME_MARGIN
    return (round(west - pad_x, 4), round(south - pad_y, 4),
            round(east + pad_x, 4), round(north + pad_y, 4))


def _subset(features: Mapping[str, Any], codes: list[str]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [features[code] for code in codes]}


def _classed_trace(features: Mapping[str, Any], codes: list[str],
                   values: Mapping[str, float | None], classes: Classes,
                   shown: Mapping[str, str], fmt: Callable[[float], str],
                   integers: bool, title: str) -> go.Choropleth:
    count = classes.count
    colours = classes.colours
    scale: list[list[float | str]] = []
    for position, colour in enumerate(colours):
        scale += [[position / count, colour], [(position + 1) / count, colour]]
    return go.Choropleth(
        geojson=_subset(features, codes), featureidkey=FEATURE_ID_KEY, locations=codes,
        z=[classes.index(values[code]) for code in codes],
        zmin=-0.5, zmax=count - 0.5, colorscale=scale,
        marker={"line": {"color": BORDER_COLOUR, "width": 0.75}},
        # a long measure ("PMI per 100.000 penduduk") in lines, not past the image's edge
        colorbar={"title": {"text": "<br>".join(textwrap.wrap(title, 18)) or title},
                  "tickvals": list(range(count)),
                  "ticktext": classes.labels(fmt, integers), "ticks": "",
                  "thickness": 14, "len": 0.6, "outlinewidth": 0},
        customdata=[[shown[code], fmt(values[code] or 0.0)] for code in codes],
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        name="", showlegend=False)


#: Spacing of the "no data" hatch, in degrees (about 3 km at Banten's latitude).
HATCH_SPACING = 0.03
HATCH_COLOUR = "#6F777B"


def _hatch_trace(features: Mapping[str, Any], codes: list[str]) -> go.Scattergeo:
    """Diagonal lines over the units without a figure: "no data" is a pattern of its own,
    never a colour of the scale (the grey fill alone could read as a low value)."""
    from shapely.geometry import LineString, shape

    lons: list[float | None] = []
    lats: list[float | None] = []
    for code in codes:
        area = shape(features[code]["geometry"])
        west, south, east, north = area.bounds
        start = west - (north - south)
        steps = int((east - start) / HATCH_SPACING) + 1
        for step in range(steps):
            x = start + step * HATCH_SPACING
            line = LineString([(x, south), (x + (north - south), north)]).intersection(area)
            for part in getattr(line, "geoms", [line]):
                if part.is_empty or part.geom_type != "LineString":
                    continue
                for lon, lat in part.coords:
                    lons.append(lon)
                    lats.append(lat)
                lons.append(None)
                lats.append(None)
    return go.Scattergeo(lon=lons, lat=lats, mode="lines", hoverinfo="skip",
                         line={"color": HATCH_COLOUR, "width": 0.8}, showlegend=False)


def _no_data_trace(features: Mapping[str, Any], codes: list[str], shown: Mapping[str, str],
                   label: str) -> go.Choropleth:
    return go.Choropleth(
        geojson=_subset(features, codes), featureidkey=FEATURE_ID_KEY, locations=codes,
        z=[0] * len(codes), zmin=0, zmax=1,
        colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], showscale=False,
        marker={"line": {"color": BORDER_COLOUR, "width": 0.75}},
        customdata=[[shown[code], label] for code in codes],
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        name=label, showlegend=True)
