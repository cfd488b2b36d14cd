"""Text from files is text (issue 12, point 5): a batch whose source (``--source``, as the
upload form's *Sumber*), unknown occupation, file name and caveat are Markdown and HTML
payloads is shown as literal text on every page — Pembaruan, Tentang, Data and the chart pages
— never as a link, an image, emphasis or a tag, in Markdown elements and in the figures (plotly
renders pseudo-HTML in titles, labels, legends and hover text)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import escape
from loaders.cli import main
from tests.conftest import ROOT

PAYLOAD = "[x](http://evil.example) ![i](http://evil.example/i.png) <img src=x> **b**"
CAVEAT = "<a href='http://evil.example/c'>klik</a> :red[merah] `kode` # judul"
FILE = "[f](evil)_**tebal**_.csv"
SERIES = "verifikasi"
#: Elements whose text Streamlit reads as Markdown.
MARKUP = ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader",
          "header")
PAGES = ["pages/overview.py", "pages/trends.py", "pages/schemes.py", "pages/sectors.py",
         "pages/destinations.py", "pages/map.py", "pages/data_table.py", "pages/updates.py",
         "pages/about.py"]


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose only batch carries the payloads: its source, an occupation outside the
    list (the largest, so it leads the occupation chart's title), its file name and a caveat
    of its sidecar."""
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / FILE
    data.write_text(
        "tahun,kode_wilayah,jabatan,jumlah,seri\n"
        f"2024,3604,\"{PAYLOAD}\",400,{SERIES}\n"
        f"2024,3604,Perawat,30,{SERIES}\n", encoding="utf-8")
    (folder / FILE.replace(".csv", ".meta.yml")).write_text(
        f"licence: CC BY 4.0\ncaveats:\n  - \"{CAVEAT}\"\n", encoding="utf-8")
    db = folder / "pmi.duckdb"
    assert main(["load", str(data), "--db", str(db), "--source", PAYLOAD]) == 0
    return db


@pytest.fixture
def app_env(hostile_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PMI_DB", str(hostile_store))
    monkeypatch.setenv("PMI_DEFAULT_SERIES", SERIES)
    monkeypatch.setenv("PMI_MASUKAN_DB", str(tmp_path / "masukan.duckdb"))


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page(page)
    at.query_params["seri"] = SERIES
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markup_texts(at: AppTest) -> Iterator[tuple[str, bool]]:
    """(text, whether it is HTML) of every element Streamlit renders as Markdown."""
    for kind in MARKUP:
        for element in getattr(at, kind):
            allow_html = bool(getattr(element.proto, "allow_html", False))
            yield str(element.value), allow_html


#: What of the payloads must never be read as markup: in Markdown, their links, images, tags,
#: emphasis, directive or code left unescaped, or a web address Streamlit would link (the app's
#: own Markdown, such as a link to another page, is not the data's); in HTML, a tag of the data.
_MARKDOWN_HAZARDS = re.compile(r"(?<!\\)(?:\[x\]\(|\[i\]\(|\[f\]\(|<img|<a |\*\*b\*\*|"
                               r"\*\*tebal|:red\[|`kode)|http://evil|www\.evil")
_HTML_HAZARDS = re.compile(r"<img|<a |:red\[")


def assert_markup_is_literal(at: AppTest) -> None:
    for text, is_html in markup_texts(at):
        hazard = (_HTML_HAZARDS if is_html else _MARKDOWN_HAZARDS).search(text)
        assert hazard is None, (hazard.group(0), text[:400])


def figure_strings(at: AppTest) -> list[str]:
    """Every string of every plotly figure on the page (titles, labels, data, hover)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for chart in at.get("plotly_chart"):
        walk(json.loads(chart.proto.spec))
    return found


def assert_figures_are_literal(at: AppTest) -> None:
    for text in figure_strings(at):
        assert "<img" not in text and "<a " not in text, text[:400]


@pytest.mark.parametrize("page", PAGES)
def test_no_page_reads_the_payloads_as_markup(app_env, page):
    at = open_page(page)
    assert_markup_is_literal(at)
    assert_figures_are_literal(at)


def test_tentang_shows_the_source_as_written(app_env):
    at = open_page("pages/about.py")
    captions = [c.value for c in at.caption]
    assert any(escape.markdown(PAYLOAD) in c for c in captions), captions


def test_pembaruan_shows_source_file_name_and_occupation_as_written(app_env):
    at = open_page("pages/updates.py")
    batches = at.dataframe[1].value
    assert PAYLOAD in batches.iloc[:, 2].tolist()  # the source column: a table is plain text
    assert any(FILE in str(v) for v in batches.iloc[:, 1])
    findings = "\n".join(m.value for m in at.markdown)
    assert escape.markdown(PAYLOAD) in findings and escape.markdown(FILE) in findings


def test_data_shows_the_occupation_as_written(app_env):
    at = open_page("pages/data_table.py")
    at.multiselect(key="data_columns").set_value(["jabatan"]).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert PAYLOAD in table.iloc[:, 1].tolist()


def test_the_occupation_chart_names_the_occupation_as_written(app_env):
    at = open_page("pages/sectors.py")
    strings = figure_strings(at)
    shown = escape.plotly(PAYLOAD)
    assert shown in strings, "the occupation is a label of the ranking chart"
    assert any(shown in s for s in strings if s != shown), "…and in the chart's title"
    assert html.unescape(shown) == PAYLOAD


def test_the_method_panel_lists_the_source_and_the_caveat_as_written(app_env):
    at = open_page("pages/sectors.py")
    method = "\n".join(m.value for m in at.markdown)
    assert escape.markdown(PAYLOAD) in method
    assert escape.markdown(CAVEAT) in method
