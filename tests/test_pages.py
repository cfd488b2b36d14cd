"""Every page runs in AppTest for the default view and several filter states, and the figures
it shows equal ``python -m loaders summary`` for the same filter."""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import queries
from store.db import connect_read_only
from tests.conftest import ROOT

PAGES = ["pages/overview.py", "pages/trends.py", "pages/schemes.py", "pages/sectors.py",
         "pages/destinations.py", "pages/data_table.py", "pages/about.py",
         "pages/performance.py", "pages/updates.py", "pages/feedback.py",
         "pages/maintainer.py"]
#: Covered by their own test files (the map needs boundaries: tests/test_map_page.py).
TESTED_ELSEWHERE = {"pages/map.py", "pages/internships.py"}
#: Pages that show placement figures and so have the series picker and the filter bar.
FILTER_PAGES = {"pages/overview.py", "pages/trends.py", "pages/schemes.py",
                "pages/sectors.py", "pages/destinations.py", "pages/data_table.py",
                "pages/map.py"}
CHART_PAGES = {"pages/overview.py": 1, "pages/trends.py": 3, "pages/schemes.py": 2,
               "pages/sectors.py": 3, "pages/destinations.py": 2}
#: The years of the sample series.
YEARS = range(2019, 2026)
STATES = [
    {},
    {"tahun": "2023-2024"},
    {"wilayah": "3604"},
    {"tahun": "2024", "skema": "P to P"},
    {"sektor": "Informal", "jk": "Perempuan"},
    {"tahun": "2025", "bulan": "6"},
    {"seri": "bp2mi"},
    {"seri": "disnaker", "tahun": "2023"},
    {"lang": "en", "wilayah": "3601,3602"},
]


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


@pytest.fixture
def app(store: Path, monkeypatch):
    monkeypatch.setenv("PMI_DB", str(store))

    def open_page(page: str, **params: str) -> AppTest:
        # these tests check every chart against summary: they use the sample series, which
        # breaks every dimension down (the dashboard opens on the published one)
        params.setdefault("seri", "contoh")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        if page != PAGES[0]:
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


def _id(params: dict[str, str]) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items()) or "default"


@pytest.mark.parametrize("params", STATES, ids=_id)
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(app, page: str, params: dict[str, str]):
    at = app(page, **params)
    assert at.title, "every page has a title"
    if page in CHART_PAGES and not params.get("seri"):
        # the sample series breaks every dimension down: every chart is drawn
        assert len(at.get("plotly_chart")) >= CHART_PAGES[page]


def _filters(params: dict[str, str]) -> queries.Filters:
    first, _, last = params.get("tahun", "2025").partition("-")
    return queries.Filters(
        tahun_awal=int(first), tahun_akhir=int(last or first),
        bulan=int(params["bulan"]) if "bulan" in params else None,
        kode_wilayah=tuple(params["wilayah"].split(",")) if "wilayah" in params else (),
        skema=tuple(params["skema"].split(",")) if "skema" in params else (),
        sektor=tuple(params["sektor"].split(",")) if "sektor" in params else (),
        jenis_kelamin=tuple(params["jk"].split(",")) if "jk" in params else (),
    )


def _summary(store: Path, series: str, by: list[str], filters: queries.Filters):
    con = connect_read_only(store)
    try:
        return queries.published_totals(con, series, by, filters, 5)
    finally:
        con.close()


@pytest.mark.parametrize("params", [s for s in STATES if "seri" not in s and "lang" not in s],
                         ids=_id)
def test_headline_equals_summary(app, store: Path, params: dict[str, str]):
    at = app(PAGES[0], **params)
    expected = _summary(store, "contoh", [], _filters(params))
    shown = at.metric[0].value
    assert shown == f"{int(expected['jumlah'].iloc[0]):,}".replace(",", ".")


def _numbers(values) -> list[str]:
    return sorted(str(v).replace(".", "") for v in values)


@pytest.mark.parametrize(("page", "key", "by"), [
    ("pages/schemes.py", "skema_grid", ["kode_wilayah", "skema"]),
    ("pages/sectors.py", "sektor_region", ["kode_wilayah", "sektor"]),
    ("pages/destinations.py", "negara_top", ["negara_tujuan"]),
    ("pages/trends.py", "tren_regions", ["tahun", "kode_wilayah"]),
])
@pytest.mark.parametrize("params", [{}, {"tahun": "2024", "wilayah": "3604,3673"},
                                    {"sektor": "Formal"}],
                         ids=["default", "two-regencies-2024", "formal"])
def test_chart_table_equals_summary(app, store: Path, page: str, key: str, by: list[str],
                                   params: dict[str, str]):
    """Given a chart, when it is shown as a table, then its numbers are summary's."""
    at = app(page, **params)
    at.toggle(key=f"table_{key}").set_value(True).run()
    assert not at.exception
    table = at.dataframe[0].value
    filters = _filters(params)
    if "tahun" in by:  # an "over time" chart spans every year when one year is selected
        filters = dataclasses.replace(filters, tahun_awal=min(YEARS), tahun_akhir=max(YEARS))
    expected = _summary(store, "contoh", by, filters)
    expected = expected[expected[by[0]].notna()]
    if by == ["negara_tujuan"]:
        expected = expected.sort_values("jumlah", ascending=False).head(10)
    if page == "pages/schemes.py":  # the heat map shows every regency x scheme, zeros too
        assert _numbers(v for v in table["Jumlah PMI"] if v != "0") == _numbers(
            "<5" if s else int(v) for v, s in zip(expected["jumlah"], expected["ditekan"],
                                                  strict=True) if s or v)
        return
    assert _numbers(table["Jumlah PMI"]) == _numbers(
        "<5" if s else int(v) for v, s in zip(expected["jumlah"], expected["ditekan"],
                                              strict=True))


def test_english_view_uses_english_text_and_number_format(app, store: Path):
    at = app(PAGES[0], lang="en")
    assert at.title[0].value == "Overview"
    expected = _summary(store, "contoh", [], _filters({}))
    assert at.metric[0].value == f"{int(expected['jumlah'].iloc[0]):,}"
    assert any("SAMPLE DATA" in w.value for w in at.warning)


def test_empty_selection_gives_a_friendly_message(app):
    at = app(PAGES[1], seri="verifikasi", tahun="2023", skema="UKPS")
    assert any("Tidak ada angka" in i.value for i in at.info)


def _app_pages() -> list[str]:
    """The page files listed in app.py's PAGES (read from its source, not run)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "PAGES" for target in node.targets):
            return [entry[0] for entry in ast.literal_eval(node.value)]
    raise AssertionError("app.py has no PAGES")


def test_every_page_of_the_navigation_is_run_here_or_in_its_own_test():
    assert set(_app_pages()) == set(PAGES) | TESTED_ELSEWHERE


@pytest.mark.parametrize("page", PAGES)
def test_filter_bar_only_where_it_changes_the_page(app, page: str):
    """Given a view with a regency filter in the URL, when a page opens, then only pages that
    show placement figures show the series picker and filter bar, and every page keeps the
    filter in the URL (so going back to a chart keeps the view)."""
    at = app(page, wilayah="3604", tahun="2024")
    keys = {w.key for w in [*at.selectbox, *at.multiselect]}
    has_controls = {"f_series", "f_regions"} <= keys
    assert has_controls == (page in FILTER_PAGES)
    assert has_controls == any(b.key == "presentation_on" for b in at.button)
    assert at.query_params["wilayah"] == "3604" and at.query_params["tahun"] == "2024"


@pytest.mark.parametrize(("page", "index"), [("pages/trends.py", 0), ("pages/schemes.py", 0),
                                             ("pages/sectors.py", 1)])
def test_over_time_charts_span_every_year_when_one_year_is_selected(app, page: str, index: int):
    """The default view is the latest year; a chart over time then shows the whole range, and
    a chosen range of years is kept."""
    for params, wanted in (({}, {str(y) for y in YEARS}), ({"tahun": "2023-2024"},
                                                             {"2023", "2024"})):
        spec = json.loads(app(page, **params).get("plotly_chart")[index].proto.spec)
        years = {str(x) for trace in spec["data"] for x in trace.get("x") or [] if x}
        assert years == wanted, (page, params)
        # the latest (selected) year framed among every year; nothing when only it is shown
        assert _marked(spec) == ([(len(YEARS) - 1.5, len(YEARS) - 0.5)] if not params else [])


def _marked(spec: dict) -> list[tuple[float, float]]:
    """The x span of the selected period's frame on a chart (plotly JSON)."""
    return [(shape["x0"], shape["x1"]) for shape in spec["layout"].get("shapes", [])
            if shape.get("name") == "selected_period"]


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_overview_is_the_latest_full_year_and_its_trend_marks_it(app, store: Path):
    """Ringkasan opens on the latest full year (the sample runs through December 2025) and its
    trend over every year frames that year."""
    at = app(PAGES[0])
    assert at.slider(key="f_years").value == (max(YEARS), max(YEARS))
    trend = _charts(at)[0]
    assert {str(x) for trace in trend["data"] for x in trace["x"]} == {str(y) for y in YEARS}
    assert _marked(trend) == [(len(YEARS) - 1.5, len(YEARS) - 0.5)]


@pytest.mark.parametrize("page", ["pages/trends.py", "pages/schemes.py", "pages/sectors.py",
                                  "pages/destinations.py"])
def test_the_page_time_control_sets_the_period_in_the_url(app, store: Path, page: str):
    """Given a chart page, when the reader moves its period slider to 2023–2024, then the URL
    says tahun=2023-2024, the filter bar shows the same years, and the page's breakdowns and
    charts over time follow; another page opened from there keeps the period."""
    at = app(page)
    control = at.slider(key="page_years")
    assert control.value == (max(YEARS), max(YEARS))
    assert control.min == min(YEARS) and control.max == max(YEARS)
    control.set_range(2023, 2024).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["tahun"] == "2023-2024"
    assert at.slider(key="f_years").value == (2023, 2024)
    assert at.slider(key="page_years").value == (2023, 2024)
    if page == "pages/destinations.py":  # the top ten for the period, as summary counts them
        expected = _summary(store, "contoh", ["negara_tujuan"], _filters({"tahun": "2023-2024"}))
        expected = expected[expected["negara_tujuan"].notna()].sort_values(
            "jumlah", ascending=False).head(10)
        bars = _charts(at)[0]["data"][0]
        assert sorted(bars["x"]) == sorted(0.0 if s else float(v) for v, s in zip(
            expected["jumlah"], expected["ditekan"], strict=True))
    else:  # its chart over time: the chosen years only
        over_time = _charts(at)[1 if page == "pages/sectors.py" else 0]
        assert {str(x) for trace in over_time["data"] for x in trace.get("x") or [] if x} == \
            {"2023", "2024"}
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert at.slider(key="f_years").value == (2023, 2024)


@pytest.mark.parametrize(("page", "horizontal", "vertical"), [
    ("pages/sectors.py", (0, 2, 3), (1,)),
    ("pages/destinations.py", (0,), ()),
])
def test_categorical_breakdowns_are_horizontal_bars(app, page: str, horizontal: tuple[int, ...],
                                                    vertical: tuple[int, ...]):
    """Breakdowns by regency, sector or occupation are horizontal bars (names read across on a
    phone); charts over years stay vertical."""
    shown = _charts(app(page))
    for index in horizontal:
        bars = [trace for trace in shown[index]["data"] if trace["type"] == "bar"]
        assert bars and all(trace.get("orientation") == "h" for trace in bars), index
    for index in vertical:
        assert all(trace.get("orientation") != "h" for trace in shown[index]["data"]), index
