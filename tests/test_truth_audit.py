"""Truth audit: every placement page x {published series, sample series} x {id, en}, as a
reader sees it in AppTest.

- no "NaN", "nan", "None" or "null" in any text or figure label;
- a year whose figures are incomplete (some regencies, some months — as the store's coverage
  says) is never drawn unmarked in the same trace as complete years;
- a figure or page text that says "Seluruh Banten"/"All of Banten" over incomplete years also
  says what those years cover ("hanya …"/"only …"); a series with no complete year never
  says it at all;
- every sample figure carries the sample mark, and no published-series figure does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.chart_spec import chart_frame
from domain import coverage
from store import catalogue, queries
from store.db import connect_read_only
from tests.conftest import ROOT

PAGES = ["pages/overview.py", "pages/trends.py", "pages/schemes.py", "pages/sectors.py",
         "pages/destinations.py", "pages/data_table.py", "pages/map.py"]
#: Pages without placement figures: checked for missing-value words and sample marks only.
OTHER_PAGES = ["pages/performance.py", "pages/updates.py", "pages/about.py"]
SERIES = ["bp2mi", "disnaker", "contoh"]
MISSING = re.compile(r"\b(NaN|nan|None|null)\b")
WHOLE = {"id": "Seluruh Banten", "en": "All of Banten"}
ONLY = {"id": "hanya", "en": "only"}
MARK = "DATA CONTOH"
TEXT_ELEMENTS = ("markdown", "caption", "info", "warning", "title", "subheader", "metric",
                 "header", "text")


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


@pytest.fixture(scope="module")
def incomplete_years(store: Path) -> dict[str, set[int]]:
    """Per series: the years whose province figures are incomplete, from the store."""
    con = connect_read_only(store)
    try:
        out = {}
        for series in SERIES:
            frame = queries.published_totals(con, series, ["tahun"])
            out[series] = {int(y) for y, ok in zip(frame["tahun"], frame["lengkap"],
                                                   strict=True) if not ok}
        return out
    finally:
        con.close()


def run_page(store: Path, monkeypatch: pytest.MonkeyPatch, page: str, series: str,
             lang: str, **params: str) -> AppTest:
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["seri"] = series
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def page_texts(at: AppTest) -> list[str]:
    texts = []
    for kind in TEXT_ELEMENTS:
        for element in at.get(kind):
            for attribute in ("value", "label", "body"):
                value = getattr(element, attribute, None)
                if isinstance(value, str):
                    texts.append(value)
    for frame in at.get("arrow_data_frame"):
        texts.extend(str(v) for v in frame.value.astype(str).to_numpy().ravel())
        texts.extend(str(c) for c in frame.value.columns)
    return texts


def figure_texts(figure: dict) -> list[str]:
    layout = figure.get("layout", {})
    frame = chart_frame(figure)  # written by the page above and below the plot
    texts = [frame.heading, frame.footer] if frame else []
    texts.append(str((layout.get("title") or {}).get("text", "")))
    texts += [str(a.get("text", "")) for a in layout.get("annotations", []) or []]
    for trace in figure.get("data", []):
        texts.append(str(trace.get("name", "")))
        for key in ("text", "x", "y", "customdata", "locations"):
            values = trace.get(key)
            if isinstance(values, list):
                texts += [v for v in _flat(values) if isinstance(v, str)]
            elif isinstance(values, str):
                texts.append(values)
    return texts


def heading(figure: dict) -> str:
    """Sample mark, title and subtitle of a chart, as the page writes them above it."""
    frame = chart_frame(figure)
    assert frame is not None, "every chart is framed"
    return frame.heading


def _flat(values: list) -> list:
    out = []
    for value in values:
        out.extend(_flat(value) if isinstance(value, list) else [value])
    return out


def year_of(value: object) -> int | None:
    text = str(value)
    return int(text) if re.fullmatch(r"(19|20)\d\d", text) else None


def unmarked_years(trace: dict) -> list[int]:
    """Years drawn by a trace without the partial-coverage mark."""
    xs = trace.get("x") or []
    pattern = (trace.get("marker") or {}).get("pattern") or {}
    shapes = pattern.get("shape")
    out = []
    for index, x in enumerate(xs):
        year = year_of(x)
        if year is None:
            continue
        shape = shapes[index] if isinstance(shapes, list) else shapes
        if not shape and trace.get("legendgroup") != "_partial":
            out.append(year)
    return out


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("series", ["bp2mi", "contoh"])
@pytest.mark.parametrize("page", OTHER_PAGES)
def test_pages_without_placements_show_no_missing_words_and_mark_sample_indicators(
        store, monkeypatch, page, series, lang):
    at = run_page(store, monkeypatch, page, series, lang)
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    for text in page_texts(at) + [t for f in figures for t in figure_texts(f)]:
        assert not MISSING.search(text), f"{page} {series} {lang}: {text!r}"
    for figure in figures:  # the shipped indicators are sample data, whatever the series
        title = heading(figure)
        assert MARK in title or "SAMPLE DATA" in title, f"{page}: {title!r}"


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("series", SERIES)
@pytest.mark.parametrize("page", PAGES)
def test_what_a_reader_sees_is_true_to_its_coverage(store, incomplete_years, monkeypatch,
                                                     page, series, lang):
    # every year of the series, so that trend charts span complete and incomplete years
    at = run_page(store, monkeypatch, page, series, lang, tahun="2018-2025")
    texts = page_texts(at)
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    incomplete = incomplete_years[series]
    for text in texts + [t for f in figures for t in figure_texts(f)]:
        assert not MISSING.search(text), f"{page} {series} {lang}: {text!r}"
    for figure in figures:
        title = heading(figure)
        for trace in figure.get("data", []):
            years = set(unmarked_years(trace))
            assert not (years & incomplete and years - incomplete), (
                f"{page} {series}: trace {trace.get('name')!r} mixes complete and incomplete "
                f"years unmarked: {sorted(years)}")
        drawn = {year_of(x) for trace in figure.get("data", []) for x in trace.get("x") or []}
        if WHOLE[lang] in title and drawn & incomplete:
            assert ONLY[lang] in title, f"{page} {series}: {title!r}"
        if series == "contoh":
            assert MARK in title, f"{page}: a sample figure without its mark: {title!r}"
        else:
            assert MARK not in title, f"{page}: a published figure marked as sample"
    complete_years = set(range(2018, 2026)) - incomplete
    series_years = _years(store, series)
    if not series_years & complete_years:
        # nothing of this series covers all of Banten: no text may say it does
        for text in texts + [t for f in figures for t in figure_texts(f)]:
            assert WHOLE[lang] not in text, f"{page} {series}: {text!r}"


def _years(store: Path, series: str) -> set[int]:
    con = connect_read_only(store)
    try:
        return set(catalogue.years_with_figures(con, series))
    finally:
        con.close()


def test_the_published_series_opens_first(store, monkeypatch):
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception
    assert MARK not in " ".join(page_texts(at))
    switch = at.get("button_group")
    assert switch, "the series switch is on the page, not only in the sidebar"


def test_the_switch_moves_to_the_sample_and_back_through_the_url(store, monkeypatch):
    at = run_page(store, monkeypatch, "pages/trends.py", "bp2mi", "id")
    switch = next(g for g in at.get("button_group") if g.key == "series_switch")
    assert switch.value == "terbitan"
    switch.set_value("contoh").run()
    assert at.query_params.get("seri") in (["contoh"], "contoh")
    assert all(MARK in heading(json.loads(c.proto.spec))
               for c in at.get("plotly_chart"))
    switch = next(g for g in at.get("button_group") if g.key == "series_switch")
    switch.set_value("terbitan").run()
    assert not at.query_params.get("seri")  # the published series is the default: short URL
    assert not any(MARK in heading(json.loads(c.proto.spec))
                   for c in at.get("plotly_chart"))


def test_a_page_without_the_breakdown_offers_the_sample_view(store, monkeypatch):
    at = run_page(store, monkeypatch, "pages/schemes.py", "bp2mi", "id")
    infos = " ".join(i.value for i in at.get("info"))
    assert "tidak merinci angka menurut skema" in infos
    buttons = [b for b in at.button if b.key == "see_sample_skema"]
    assert buttons
    buttons[0].click()
    at.run()
    assert at.query_params.get("seri") in (["contoh"], "contoh")


def test_headlines_leave_out_what_the_source_does_not_report(store, monkeypatch):
    at = run_page(store, monkeypatch, "pages/overview.py", "bp2mi", "id", tahun="2024")
    labels = [m.label for m in at.metric]
    assert "PMI ditempatkan" in " ".join(labels)
    assert not any("perempuan" in label.lower() for label in labels)
    shown = " ".join(page_texts(at))
    assert "Tidak dirinci di sumber" not in " ".join(str(m.value) for m in at.metric)
    assert "tidak merinci jenis kelamin, sektor dan negara tujuan" in shown
    assert "angka terbitan BP2MI" in shown


def test_coverage_words_for_a_partial_year(store, monkeypatch):
    at = run_page(store, monkeypatch, "pages/overview.py", "bp2mi", "en", tahun="2018-2024")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    title = heading(figure)
    assert "2024 than in 2023" in title  # compares complete years only, not 2018
    assert "2018–2022 only Cilegon City" in title
    bars = {trace["name"]: trace for trace in figure["data"]}
    partial = bars["Partial coverage (see label)"]
    assert [year_of(x) for x in partial["x"]] == [2018, 2019, 2020, 2021, 2022]
    assert all("only Cilegon City" in text for text in partial["text"])
    assert coverage.REGENCIES  # the eight codes the rule compares against


def test_a_total_over_years_that_cover_different_regencies_says_so(store, monkeypatch):
    """bp2mi 2018–2024 holds Kota Cilegon alone for five years and all of Banten for two: its
    sum is neither "hanya Kota Cilegon" nor "Seluruh Banten"."""
    at = run_page(store, monkeypatch, "pages/overview.py", "bp2mi", "id", tahun="2018-2024")
    header = at.caption[0].value
    assert "wilayah yang tercakup berbeda tiap tahun" in header
    assert "Seluruh Banten" not in header and "hanya Kota Cilegon" not in header
    assert "wilayah yang tercakup berbeda tiap tahun" in " ".join(c.value for c in at.caption)
