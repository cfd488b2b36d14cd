"""The colours of every chart: one fixed mapping per category, so a scheme, a sector, a sex or
a regency has the same colour on every chart; grey means "not reported" and nothing else.

No Streamlit and no plotly here; the chart builders (dashboard/charts.py), the maps and the
Kinerja charts take their colours from this module.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

# UK Government Analysis Function categorical palette (colour-blind safe), in a fixed order.
PALETTE: tuple[str, ...] = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
SEQUENTIAL: tuple[str, ...] = ("#F0F9E8", "#BAE4BC", "#7BCCC4", "#43A2CA", "#0868AC")
NOT_REPORTED_COLOUR = "#BFBFBF"
TEXT_COLOUR = "#0B0C0C"

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
    used = {mapping[str(v)] for v in values if str(v) in mapping and not is_missing(v)}
    free = [c for c in CATEGORICAL if c not in used]
    for value in values:
        key = str(value)
        if key in out:
            continue
        if is_missing(value):
            out[key] = NOT_REPORTED_COLOUR
        elif key in mapping:
            out[key] = mapping[key]
        else:
            out[key] = free.pop(0) if free else colour_for(dimension, value)
    return out


def is_missing(value: object) -> bool:
    """Whether ``value`` is a missing (not reported) category."""
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))
