"""The map in a real browser (Debian's headless Chromium): the choropleth of
``dashboard.map_figure``,
written as a local HTML file with plotly's offline bundle, draws Banten's 8 units filled with
their class colours, and **no request leaves the machine** while it renders.

Every request the page makes is recorded (``page.on("request")``); any that is not the local
file or 127.0.0.1 is also aborted by a route, so even a failing run sends nothing out. Two
controls show that the checks can fail: without ``plotly_config()`` plotly asks its CDN for
``world_110m.json`` (recorded, aborted), and with counter-clockwise rings d3 fills the whole
map instead of the unit.

Never ``playwright install``: without /usr/bin/chromium these tests are skipped, unless CI is
set, when they fail.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
import shapely
from playwright.sync_api import Browser, Page, Route
from shapely.geometry import mapping, shape

from dashboard.map_figure import NO_DATA_COLOUR, choropleth, plotly_config
from geo.boundaries import load_boundaries
from geo.classes import RAMP
from geo.cli import main

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
#: 11 units of the national boundary file, Banten's 8 among them (tests/fixtures/geo/README.md)
NATIONAL = ROOT / "tests" / "fixtures" / "geo" / "idn_adm2_subset.topojson"
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 375, "height": 812}}
DRAW_TIMEOUT_MS = 20_000

VALUES = {"3601": 120, "3602": 360, "3603": 911, "3604": 767, "3671": 45, "3672": 30,
          "3673": 488}  # 3674 has no value: grey
BREAKS = [0, 200, 400, 600, 800, 1000]
EXPECTED_FILL = {"3601": RAMP[0], "3602": RAMP[1], "3603": RAMP[4], "3604": RAMP[3],
                 "3671": RAMP[0], "3672": RAMP[0], "3673": RAMP[2], "3674": NO_DATA_COLOUR}

#: Each drawn unit: its code (d3's bound datum), computed fill and box; the geo frame's size.
SHAPES_JS = """
() => {
  const paths = [...document.querySelectorAll('.geo .choroplethlocation')];
  const frame = document.querySelector('.geo .layer.bg rect').getBoundingClientRect();
  return {
    frame: {width: frame.width, height: frame.height},
    units: paths.map(p => {
      const box = p.getBoundingClientRect();
      return {kode: p.__data__ ? p.__data__.loc : null, fill: getComputedStyle(p).fill,
              width: box.width, height: box.height};
    }),
    baseMaps: Object.keys((window.PlotlyGeoAssets || {}).topojson || {}),
  };
}
"""


def rgb(colour: str) -> str:
    """'#0868AC' -> 'rgb(8, 104, 172)', as the browser computes a fill."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def is_local(url: str) -> bool:
    return url.startswith(("file://", "http://127.0.0.1", "data:", "blob:", "about:"))


@dataclass
class Rendered:
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    shapes: dict[str, Any] = field(default_factory=dict)

    @property
    def outside(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]


@pytest.fixture(scope="module")
def boundaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("geo-cache")
    assert main(["import", str(NATIONAL), "--out", str(out)]) == 0
    loaded = load_boundaries(out)
    assert loaded is not None
    return loaded


def figure(geojson: dict[str, Any]) -> go.Figure:
    frame = pd.DataFrame({"kode_wilayah": list(VALUES), "jumlah": list(VALUES.values())})
    return choropleth(geojson, frame, "jumlah", breaks=BREAKS, value_label="PMI")


def render(browser: Browser, fig: go.Figure, html: Path, viewport: str = "desktop",
           config: dict[str, Any] | None = None, drawn: bool = True) -> Rendered:
    """Open ``fig`` written with plotly's offline bundle as a local file; record every request
    (aborting any that would leave the machine) and what was drawn. With ``drawn=False`` wait
    for a request leaving the machine instead of for the 8 units."""
    fig.write_html(html, include_plotlyjs=True, full_html=True, config=config)
    rendered = Rendered()
    context = browser.new_context(viewport=VIEWPORTS[viewport])

    def guard(route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    try:
        context.route("**/*", guard)
        page: Page = context.new_page()
        page.on("request", lambda request: rendered.requests.append(request.url))
        page.on("pageerror", lambda error: rendered.errors.append(str(error)))
        page.goto(html.as_uri())
        if drawn:
            page.wait_for_function(
                "() => document.querySelectorAll('.geo .choroplethlocation').length >= 8",
                timeout=DRAW_TIMEOUT_MS, polling=100)
            page.wait_for_timeout(300)  # let any late request show up
            rendered.shapes = page.evaluate(SHAPES_JS)
        else:
            for _ in range(DRAW_TIMEOUT_MS // 100):
                if rendered.outside:
                    break
                page.wait_for_timeout(100)
    finally:
        context.close()
    return rendered


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_map_draws_8_filled_units_and_no_request_leaves_the_machine(
        browser: Browser, boundaries: dict[str, Any], tmp_path: Path, viewport: str) -> None:
    html = tmp_path / "map.html"
    rendered = render(browser, figure(boundaries), html, viewport, config=plotly_config())

    assert rendered.outside == []
    assert rendered.requests == [html.as_uri()]
    assert rendered.errors == []
    units = rendered.shapes["units"]
    assert sorted(u["kode"] for u in units) == sorted(EXPECTED_FILL)
    for unit in units:
        assert unit["fill"] == rgb(EXPECTED_FILL[unit["kode"]]), unit["kode"]
        assert unit["width"] > 0 and unit["height"] > 0, unit["kode"]
        # a unit drawn inside out would cover the whole geo frame
        assert unit["width"] < 0.9 * rendered.shapes["frame"]["width"], unit["kode"]
    widths = {unit["kode"]: unit["width"] for unit in units}
    assert widths["3601"] > 0.5 * rendered.shapes["frame"]["width"] - 1  # framed to Banten
    assert rendered.shapes["baseMaps"] == ["world_110m"]  # the empty one from the data: URL


def test_control_without_the_offline_config_plotly_asks_its_cdn(
        browser: Browser, boundaries: dict[str, Any], tmp_path: Path) -> None:
    """The recorder sees a request that would leave the machine (it is aborted, not sent)."""
    rendered = render(browser, figure(boundaries), tmp_path / "map.html", drawn=False)
    assert any(url.startswith("https://cdn.plot.ly/") and url.endswith("world_110m.json")
               for url in rendered.outside), rendered.requests


def test_control_counter_clockwise_rings_fill_the_whole_map(
        browser: Browser, boundaries: dict[str, Any], tmp_path: Path) -> None:
    """Why the import orients rings: reversed, d3 reads each unit as 'the world except it'."""
    reversed_rings = copy.deepcopy(boundaries)
    for feature in reversed_rings["features"]:
        geometry = shapely.orient_polygons(shape(feature["geometry"]), exterior_cw=False)
        feature["geometry"] = mapping(geometry)
    rendered = render(browser, figure(reversed_rings), tmp_path / "map.html",
                      config=plotly_config())
    frame = rendered.shapes["frame"]
    assert rendered.shapes["units"]
    assert all(u["width"] >= 0.99 * frame["width"] and u["height"] >= 0.99 * frame["height"]
               for u in rendered.shapes["units"]), rendered.shapes
