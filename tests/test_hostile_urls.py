"""Hostile query strings never crash a page, and a page that fails shows a friendly message.

* URL parameters are parsed with ASCII-only rules (dashboard/state.py, domain/filters.py,
  dashboard/presentation.py): unicode digits ("²", "٢٠٢٤", "２０２４"), 100 KB values, NUL and
  other control characters, negative numbers, reversed ranges, SQL-ish and HTML text and
  repeated parameters are dropped (the view falls back to its default) or read in order —
  never raised;
* every page of app.py's navigation, run with each hostile query string, shows its title, no
  exception, no traceback and no server path, and leaves only well-formed values in the URL;
* the error boundary (dashboard/errors.py) turns any exception of a page into the translated
  ``error.page`` message, logs the detail, and lets ``st.stop``/``st.rerun`` through.
"""

from __future__ import annotations

import ast
import logging
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies
from streamlit.config import ShowErrorDetailsConfigOptions
from streamlit.testing.v1 import AppTest

from dashboard import presentation, state
from dashboard.i18n import LANGUAGES, t
from domain import filters
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
#: What must never reach a visitor: a traceback, a server file path, a Python file name.
LEAKS = ("Traceback", 'File "/', '.py"', str(ROOT))

CHOICES = filters.Choices(years=tuple(range(2019, 2026)), regions=("3601", "3602", "3604"),
                          skema=("P to P", "UKPS"), sektor=("Formal", "Informal"),
                          jenis_kelamin=("Laki-laki", "Perempuan"))

#: Single hostile values, each tried for every parameter the app reads.
HOSTILE_VALUES = [
    "²", "٢٠٢٤", "２０２４", "৬", "2024²", "1" * 100_000, "9" * 5000 + "-2024",
    "-1", "-2024", "2024-2018", "2024--2018", "-2018-2024", "0", "00", "13", "99999999999999999999",
    " 6 ", "+6", "6.0", "1_0", "0x6", "6\x00", "\x00", "2024\n", "2024\r\n2025", "\x1b[31m",
    "'; DROP TABLE penempatan; --", "3604' OR '1'='1", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "[x](http://example.com)", "%00", "%C2%B2", "", ",,,",
    "3604," * 20_000, "\ud800", "presentasi\x00", "en\u200b",
]
PARAMS = ["tahun", "bulan", "wilayah", "skema", "sektor", "jk", "lang", "seri", "mode", "slide",
          "tahun_kinerja", "ukuran", "tampilan", "rincian", "ukuran_magang", "tabel", "kolom"]

#: Whole query strings for the app (a list value repeats the parameter).
HOSTILE_QUERIES: dict[str, dict[str, Any]] = {
    "unicode-digits": {"tahun": "٢٠٢٤", "bulan": "²", "wilayah": "３６０４", "lang": "ｅｎ",
                       "tahun_kinerja": "２０２４", "slide": "³"},
    "superscript-month": {"bulan": "²"},
    # (Streamlit itself ignores a whole query string over 512 KiB)
    "100kb": {"tahun": "1" * 100_000, "bulan": "6" * 100_000, "skema": "x" * 100_000,
              "tahun_kinerja": "2" * 100_000, "lang": "e" * 50_000, "seri": "c" * 50_000},
    "100kb-list": {"wilayah": "3604," * 20_000, "jk": "Perempuan," * 5_000},
    "nul-and-control": {"tahun": "2024\x00", "bulan": "6\x00", "wilayah": "3604\x00",
                        "lang": "en\x00", "seri": "contoh\x00", "jk": "\x1b[31mPerempuan",
                        "tahun_kinerja": "2024\x00"},
    "negative": {"tahun": "-2024", "bulan": "-1", "tahun_kinerja": "-2024", "slide": "-5"},
    "reversed-range": {"tahun": "2025-2018", "bulan": "12"},
    "malformed-numbers": {"tahun": " 2024 ", "bulan": "+6", "tahun_kinerja": "2_024",
                          "slide": "1_0"},
    "overflow": {"tahun": "99999999999999999999-1", "bulan": "18446744073709551617",
                 "tahun_kinerja": "9" * 5000},
    "sql": {"tahun": "2024; DROP TABLE penempatan", "skema": "'; DROP TABLE penempatan; --",
            "wilayah": "3604' OR '1'='1", "seri": "x' OR 1=1 --", "sektor": "Formal' --"},
    "html": {"wilayah": "<script>alert(1)</script>", "lang": "<img src=x onerror=alert(1)>",
             "tahun": "<b>2024</b>", "seri": "<script>alert(1)</script>",
             "sektor": "[x](http://example.com)"},
    "repeated": {"bulan": ["6", "²"], "tahun": ["2024", "x"], "lang": ["en", "id", "en"],
                 "wilayah": ["3604", "3601"]},
    "presentation": {"mode": "presentasi", "slide": "²", "bulan": "²"},
    "presentation-huge-slide": {"mode": "presentasi", "slide": "9" * 100_000},
    # the pages' own choices (domain/page_choices.py): unknown, unicode, control, huge, lists
    "page-choices": {"ukuran": "per100k<script>", "tampilan": "ｐｅｔａｋ", "rincian": "skema\x00",
                     "ukuran_magang": "9" * 100_000, "tabel": "peta," * 20_000,
                     "kolom": "skema," * 20_000},
    "page-choices-repeated": {"ukuran": ["per100k", "x"], "tampilan": ["petak", "petak"],
                              "tabel": ["peta", "<b>"], "rincian": ["'; DROP TABLE x; --"],
                              "kolom": ["sektor", "sektor,²"]},
}


# -- the parsers ------------------------------------------------------------------------------

@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=lambda v: ascii(v)[:30])
def test_filters_never_raise_and_fall_back_to_the_default(value: str):
    for name in filters.PARAMS.values():
        parsed = filters.from_params({name: value}, CHOICES)
        assert CHOICES.years[0] <= parsed.tahun_awal <= parsed.tahun_akhir <= CHOICES.years[-1]
        assert parsed.bulan is None or 1 <= parsed.bulan <= 12
        assert set(parsed.wilayah) <= set(CHOICES.regions)
    every = filters.from_params(dict.fromkeys(filters.PARAMS.values(), value), CHOICES)
    assert every.tahun_awal <= every.tahun_akhir
    assert state.ascii_int(value) is None or value.isascii()
    for name in PARAMS:
        state.acceptable(name, value)  # never raises


@pytest.mark.parametrize("value", ["²", "٢٠٢٤", "２０２４", "2024²", "৬", " 6", "+6", "1_0",
                                   "6\x00", "-1", "0x6", "6.0"])
def test_numbers_are_ascii_digits_only(value: str):
    assert state.ascii_int(value) is None
    assert filters.from_params({"bulan": value}, CHOICES).bulan is None
    assert filters.from_params({"tahun": value}, CHOICES) == filters.default_state(CHOICES)
    for name in ("tahun", "bulan", "slide", "tahun_kinerja"):
        assert not state.acceptable(name, value)


def test_well_formed_values_are_kept():
    assert filters.from_params({"tahun": "2024-2018"}, CHOICES).years() == tuple(
        range(2019, 2025))  # a reversed range is read in order, clamped to the data
    assert filters.from_params({"bulan": "06"}, CHOICES).bulan == 6
    assert state.ascii_int("007") == 7 and state.ascii_int("12345") is None
    assert state.ascii_int("12345", digits=5) == 12345 and state.ascii_int(None) is None
    for name, value in [("tahun", "2024"), ("tahun", "2023-2024"), ("bulan", "12"),
                        ("slide", "3"), ("tahun_kinerja", "2024"), ("lang", "en"),
                        ("mode", presentation.VALUE), ("wilayah", "3604,3601"),
                        ("skema", "P to P"), ("seri", "contoh"), ("lain", "apa saja"),
                        ("ukuran", "per100k"), ("tampilan", "petak"), ("rincian", "skema"),
                        ("ukuran_magang", "per100k"), ("tabel", "peta,tren_yearly"),
                        ("kolom", "skema,sektor"), ("kolom", "-")]:
        assert state.acceptable(name, value), (name, value)


def test_the_url_forms_match_what_the_app_reads():
    assert state.FORMS[presentation.PARAM].fullmatch(presentation.VALUE)
    assert all(state.FORMS["lang"].fullmatch(lang) for lang in LANGUAGES)


def test_cleaning_drops_malformed_and_collapses_repeats():
    changes = state.cleaned({"bulan": ["²"], "tahun": ["2024"], "lang": ["id", "en"],
                             "wilayah": ["3604" * 1000], "lain": ["a\x00"], "seri": ["contoh"],
                             "mode": ["presentasi", "x"]})
    assert changes == {"bulan": None, "lang": "en", "wilayah": None, "lain": None,
                       "mode": None}


@settings(max_examples=300, deadline=None)
@given(strategies.sampled_from([*PARAMS, "lain"]),
       strategies.lists(strategies.text(max_size=60) | strategies.sampled_from(HOSTILE_VALUES),
                        min_size=1, max_size=3))
def test_any_value_is_either_kept_well_formed_or_dropped(name: str, values: list[str]):
    changes = state.cleaned({name: values})
    kept = changes.get(name, values[-1])
    if kept is not None:
        assert kept == values[-1] and state.acceptable(name, kept)
        if name in state.FORMS:
            assert kept.isascii()
    parsed = filters.from_params({name: values[-1]}, CHOICES)
    assert parsed.tahun_awal <= parsed.tahun_akhir


# -- every page of the app --------------------------------------------------------------------

def _app_pages() -> list[str]:
    """The page files listed in app.py's PAGES (read from its source, not run)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "PAGES" for target in node.targets):
            return [entry[0] for entry in ast.literal_eval(node.value)]
    raise AssertionError("app.py has no PAGES")


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


@pytest.fixture
def app_env(store: Path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PMI_DB", str(store))
    monkeypatch.setenv("PMI_MASUKAN_DB", str(tmp_path / "masukan.duckdb"))


def _strings(message: Any) -> Iterator[str]:
    """Every string field of a protobuf message, nested messages included."""
    for _field, value in message.ListFields():
        single = isinstance(value, str | bytes) or hasattr(value, "ListFields")
        for item in [value] if single or not hasattr(value, "__iter__") else value:
            if isinstance(item, str):
                yield item
            elif hasattr(item, "ListFields"):
                yield from _strings(item)


def _shown_text(at: AppTest) -> list[str]:
    texts: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            texts.extend(_strings(proto))
        children = getattr(node, "children", None)
        for child in (children.values() if isinstance(children, dict) else children or []):
            walk(child)

    walk(at._tree)
    return texts


def assert_no_leak(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    leaks = [text[:300] for text in _shown_text(at) if any(leak in text for leak in LEAKS)]
    assert not leaks, leaks


def open_page(page: str, params: dict[str, Any]) -> AppTest:
    """``page`` opened with the query string ``params`` (AppTest switches pages only after a
    first run, which cleans the URL: the hostile one is set again for the page's own run)."""
    at = AppTest.from_file(APP, default_timeout=60)
    if page != _app_pages()[0]:  # the default page opens first
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        at.switch_page(page)
    at.query_params.clear()
    at.query_params.update(params)
    at.run()
    return at


@pytest.mark.parametrize("query", list(HOSTILE_QUERIES), ids=str)
@pytest.mark.parametrize("page", _app_pages())
def test_a_hostile_query_string_leaves_every_page_whole(app_env, page: str, query: str):
    at = open_page(page, HOSTILE_QUERIES[query])
    assert_no_leak(at)
    assert at.title, "the page still has its title"
    assert not any(e.value == t("error.page", lang) for e in at.error for lang in LANGUAGES), \
        "a hostile URL is dropped by the parsers, not caught by the error boundary"
    for name, value in at.query_params.items():
        values = value if isinstance(value, list) else [value]
        assert len(values) == 1 and state.acceptable(name, values[0]), (name, values[:1])


def test_the_superscript_month_falls_back_to_the_whole_year(app_env):
    at = open_page("pages/overview.py", {"bulan": "²", "tahun": "2024", "seri": "contoh"})
    assert_no_leak(at)
    assert dict(at.query_params) == {"tahun": "2024", "seri": "contoh"}
    assert at.selectbox(key="f_month").value == 0


# -- the error boundary -----------------------------------------------------------------------

def _failing_script() -> None:
    import streamlit as st

    from dashboard import errors

    st.title("Sebelum")
    with errors.boundary(st.query_params.get("lang", "id"), "test page"):
        st.markdown("dalam halaman")
        raise ValueError('File "/srv/dasbor/pages/secret.py", line 1, in <module>')
    st.caption("sesudah")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_boundary_shows_the_friendly_message_and_logs_the_detail(lang: str, caplog):
    at = AppTest.from_function(_failing_script)
    at.query_params["lang"] = lang
    with caplog.at_level(logging.ERROR, logger="dashboard.errors"):
        at.run()
    assert_no_leak(at)
    assert [e.value for e in at.error] == [t("error.page", lang)]
    assert [c.value for c in at.caption] == ["sesudah"]  # the rest of the script still runs
    logged = [r for r in caplog.records if r.name == "dashboard.errors"]
    assert logged and logged[0].exc_info and "secret.py" in str(logged[0].exc_info[1])


def _stopping_script() -> None:
    import streamlit as st

    from dashboard import errors

    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    with errors.boundary("id"):
        if st.session_state["runs"] == 1:
            st.rerun()
        st.markdown("sebelum berhenti")
        st.stop()
    st.markdown("tidak pernah")


def test_stop_and_rerun_pass_through_the_boundary():
    at = AppTest.from_function(_stopping_script).run()
    assert not at.exception and not at.error
    assert at.session_state["runs"] == 2  # st.rerun reran the script
    assert [m.value for m in at.markdown] == ["sebelum berhenti"]  # st.stop stopped it


def test_a_failing_page_in_the_app_shows_the_message_not_a_traceback(app_env, monkeypatch,
                                                                      caplog):
    from dashboard import briefing

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"boom in {ROOT / 'dashboard' / 'briefing.py'}")

    monkeypatch.setattr(briefing, "headline_figures", broken)
    with caplog.at_level(logging.ERROR, logger="dashboard.errors"):
        at = open_page("pages/overview.py", {"lang": "en"})
    assert_no_leak(at)
    assert [e.value for e in at.error] == [t("error.page", "en")]
    assert at.title  # what the page drew before it failed stays
    assert any(r.exc_info and "boom" in str(r.exc_info[1]) for r in caplog.records)
    # the presentation is inside the boundary too
    monkeypatch.setattr(briefing, "key_charts", broken)
    at = open_page("pages/overview.py", {"mode": "presentasi"})
    assert_no_leak(at)
    assert [e.value for e in at.error] == [t("error.page", "id")]


def test_a_public_deployment_shows_no_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = config["client"]["showErrorDetails"]
    assert value == ShowErrorDetailsConfigOptions.NONE.value
    assert value in {option.value for option in ShowErrorDetailsConfigOptions}
