"""The regency slide of presentation mode and the briefing pack: the map of placements per
regency beside the ranked bar, one figure (one title, one source line, one sample mark).

The bar is the meeting chart :func:`briefing.region_chart` declares (the map page's words);
the map is the map page's choropleth of the same counts (``map_figure.choropleth`` on the
shipped boundaries, labelled as on the page), put into the bar's figure on the left. Without
boundaries the bar is shown alone. A regency whose count is suppressed or not published is
grey on the map ("no data"), as on the map page.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import data, maps
from dashboard.context import ViewContext
from dashboard.i18n import number, t
from dashboard.map_figure import choropleth

#: The map takes the left of the figure, the bars the right (their regency names are drawn
#: left of the bars, in the gap between).
MAP_WIDTH = 0.38
BARS_FROM = 0.72


def with_map(ctx: ViewContext, published: pd.DataFrame, bars: go.Figure) -> go.Figure:
    """``bars`` (a copy) with the map of ``published`` (``kode_wilayah``, ``jumlah``,
    ``ditekan``) beside it; ``bars`` itself when no boundaries are present."""
    geojson = data.boundaries(data.boundaries_key())
    if geojson is None:
        return bars
    codes = list(ctx.choices.regions)
    counts = maps.region_metric("jumlah", published, {})
    frame = pd.DataFrame({"kode_wilayah": codes, "nilai": [counts.get(c) for c in codes]})
    names = {code: ctx.region_name(code) for code in codes}
    no_data = t("peta.no_data", ctx.lang)
    shown = {code: no_data if counts.get(code) is None else number(counts[code] or 0,
                                                                      ctx.lang)
             for code in codes}
    drawn = choropleth(geojson, frame, "nilai", lang=ctx.lang, digits=0,
                       value_label=t("peta.metric.jumlah", ctx.lang), no_data_label=no_data,
                       names=names)
    drawn = maps.add_labels(drawn, maps.label_anchors(geojson), names, shown)
    out = go.Figure(bars)
    for trace in drawn.data:
        out.add_trace(trace)
    out.update_layout(geo=drawn.layout.geo)
    out.update_geos(domain={"x": [0, MAP_WIDTH], "y": [0, 1]})
    out.update_xaxes(domain=[BARS_FROM, 1])
    # the classes' colour bar between the map and the bars' names
    out.update_traces(colorbar={"x": MAP_WIDTH, "xanchor": "left", "len": 0.7},
                      selector={"type": "choropleth"})
    return out
