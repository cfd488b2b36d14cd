"""Colours that never repeat in one chart and stay apart for colour-blind readers (issue #14).

The categorical palette: every pair of colours differs by ΔE ≥ palette.MIN_CVD_DELTA_E in
CAM02-UCS (colorspacious's ``deltaE``) with normal vision and under a full (severity 100)
simulation of deuteranomaly, protanomaly and tritanomaly; and every colour has ≥ 3:1 contrast
against the white background (WCAG 2.2, non-text contrast). Then every chart the pages build
is checked: its series' colours are pairwise different.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE
from streamlit.testing.v1 import AppTest

from dashboard import palette
from dashboard.chart_spec import chart_frame
from tests.conftest import ROOT

CVD = ("deuteranomaly", "protanomaly", "tritanomaly")
CHART_PAGES = ["pages/overview.py", "pages/trends.py", "pages/schemes.py", "pages/sectors.py",
               "pages/destinations.py", "pages/map.py"]


def rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255


def seen_by(colour: str, kind: str | None) -> np.ndarray:
    if kind is None:
        return rgb(colour)
    space = {"name": "sRGB1+CVD", "cvd_type": kind, "severity": 100}
    return np.clip(cspace_convert(rgb(colour), space, "sRGB1"), 0, 1)


def luminance(colour: str) -> float:
    c = rgb(colour)
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


@pytest.mark.parametrize("kind", [None, *CVD])
def test_the_categorical_colours_stay_apart_with_every_kind_of_colour_vision(kind):
    pairs = list(itertools.combinations(palette.CATEGORICAL, 2))
    distances = {(a, b): float(deltaE(seen_by(a, kind), seen_by(b, kind),
                                      input_space="sRGB1")) for a, b in pairs}
    closest = min(distances, key=distances.get)
    assert distances[closest] >= palette.MIN_CVD_DELTA_E, (kind, closest, distances[closest])


def test_the_categorical_colours_stand_out_against_white():
    for colour in palette.CATEGORICAL:
        assert 1.05 / (luminance(colour) + 0.05) >= 3.0, colour


def test_fixed_colours_are_distinct_within_each_dimension():
    for dimension, mapping in palette.CATEGORY_COLOURS.items():
        assert len(set(mapping.values())) == len(mapping), dimension


def test_a_chart_gives_each_category_its_own_colour_even_without_a_fixed_one():
    countries = ["MY", "TW", "HK", "KR", "JP", "SG", "SA", "IT"]
    colours = palette.chart_colours("negara_tujuan", countries)
    assert len(set(colours.values())) == len(countries)
    # a fixed colour is kept, and the others avoid it
    mixed = palette.chart_colours("skema", ["G to G", "Lain"])
    assert mixed["G to G"] == palette.CATEGORY_COLOURS["skema"]["G to G"]
    assert mixed["Lain"] != mixed["G to G"]


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


def trace_colours(figure: dict) -> list[str]:
    """The colour of each series of a figure that has a legend entry or a name."""
    out = []
    for trace in figure.get("data", []):
        if trace.get("type") not in ("bar", "scatter") or trace.get("legendgroup") == "_partial":
            continue
        if trace.get("x") == [None]:  # the hatch's legend entry
            continue
        colour = (trace.get("marker") or {}).get("color") if trace["type"] == "bar" else \
            (trace.get("line") or {}).get("color")
        if isinstance(colour, str):
            out.append(colour.upper())
    return out


@pytest.mark.parametrize("params", [{}, {"tahun": "2019-2025"}, {"wilayah": "3604,3673"}],
                         ids=["default", "all-years", "two-regencies"])
@pytest.mark.parametrize("page", CHART_PAGES)
def test_no_colour_is_used_twice_in_one_chart(store, monkeypatch, page, params):
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["seri"] = "contoh"
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != CHART_PAGES[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert figures
    for figure in figures:
        colours = trace_colours(figure)
        title = chart_frame(figure).heading
        assert len(colours) == len(set(colours)), (page, title, colours)
        if len(colours) > 1:
            allowed = {c.upper() for c in (*palette.CATEGORICAL, palette.NOT_REPORTED_COLOUR)}
            assert set(colours) <= allowed, (page, title, colours)
