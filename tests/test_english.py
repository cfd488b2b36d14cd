"""Complete English (issue #14): every page in the English view shows English only — the page
text from the translation table, and what comes with the data (sources, caveats, indicator
names and units, the map's attribution) from the files' English twins. Text that has no
English twin is shown in Indonesian *marked* "(in Indonesian)", never passed off as English.

Every page of the navigation is run in AppTest in English, for the published series and the
sample, and every text a reader can see is searched for Indonesian words: the words of the
translation table's Indonesian column that its English column never uses, and a list of
common Indonesian words. Allowed: proper nouns and official terms (BP2MI, Disnakertrans, the
schemes' official names, place names), identifiers (file and column names, addresses), the
language switch's "Bahasa Indonesia", and whatever follows an "(in Indonesian)" mark."""

from __future__ import annotations

import ast
import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import TABLE, t
from tests.conftest import ROOT


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\S+", text))


#: Common Indonesian words that never belong in English text.
COMMON = _words("""
    yang dan atau dari untuk dengan tidak bukan pada dalam oleh ini itu adalah akan sudah belum
    juga hanya semua setiap seluruh tahun bulan angka jumlah sumber catatan contoh resmi
    sintetis terbitan penempatan ditempatkan orang kasus desa menurut asal tujuan negara jenis
    kelamin laki perempuan tercapai realisasi capaian dibina diberangkatkan peserta pemagangan
    pengaduan ditangani hingga selesai secara prosedural kumulatif sementara lihat unduh tabel
    grafik peta halaman dasbor lisensi diolah batas wilayah kabupaten provinsi sebagian
""")
#: Proper nouns, and official terms English text quotes as glosses, ("regency/city
#: (kabupaten/kota)", "interns abroad (pemagangan)"), allowed (lower case).
ALLOWED = _words("""
    banten kab kota pmi cpmi bp2mi kemenp2mi bp3mi disnaker disnakertrans kemnaker siskop2mi
    siskotkln ukps desmigratif opp sakip lpk databoks banpos lebak pandeglang serang tangerang
    cilegon pemagangan
""")
#: Written in Indonesian inside English text on purpose: a scheme's official name, the
#: language's own name on the switch, the sample mark that is bilingual in both views.
OFFICIAL_PHRASES = ("Untuk Kepentingan Perusahaan Sendiri", "Bahasa Indonesia",
                    t("chart.sample_mark", "en"))
MARK = t("label.in_indonesian", "en")
SERIES = ["bp2mi", "contoh"]


def _tokens(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", re.sub(r"\{[^}]*\}", " ", text))
            if len(w) >= 3}


def indonesian_words() -> frozenset[str]:
    """Words of the translation table's Indonesian column that its English column never
    uses, and the common words above; proper nouns and official terms left out."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    only_id = set().union(*(_tokens(r["id"]) for r in rows)) - set().union(
        *(_tokens(r["en"]) for r in rows))
    return frozenset((only_id | COMMON) - ALLOWED)


WORDS = indonesian_words()


def app_pages() -> list[str]:
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "PAGES" for target in node.targets):
            return [entry[0] for entry in ast.literal_eval(node.value)]
    raise AssertionError("app.py has no PAGES")


def shown_text(text: str) -> str:
    """What a reader reads of an element's text: without markup, link targets, Markdown
    escapes and identifiers (file, column and URL names), official names, and without what
    follows an "(in Indonesian)" mark on its line."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text).replace("\\", "")
    lines = [line.split(MARK)[0] for line in text.splitlines()]
    text = "\n".join(lines)
    for phrase in OFFICIAL_PHRASES:
        text = text.replace(phrase, " ")
    return " ".join(word for word in text.split()
                    if not re.search(r"[_/@=#]|\w\.\w", word))


def _figure_texts(spec: str) -> Iterator[str]:
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    frame = (layout.get("meta") or {}).get("frame") or {}
    yield from (str(v) for v in frame.values())
    yield str((layout.get("title") or {}).get("text") or "")
    yield from (str(a.get("text", "")) for a in layout.get("annotations") or [])
    for axis in ("xaxis", "yaxis"):
        title = (layout.get(axis) or {}).get("title") or {}
        yield str(title.get("text") or "") if isinstance(title, dict) else str(title)
    for trace in figure.get("data", []):
        yield str(trace.get("name") or "")
        yield str(trace.get("hovertemplate") or "")
        for key in ("text", "x", "y", "customdata"):
            values = trace.get(key)
            if isinstance(values, list):
                yield from (str(v) for v in _flat(values) if isinstance(v, str))
            elif isinstance(values, str):
                yield values


def _flat(values: list[Any]) -> Iterator[Any]:
    for value in values:
        if isinstance(value, list):
            yield from _flat(value)
        else:
            yield value


def texts(node: Any) -> Iterator[tuple[str, str]]:
    """(element type, text) of everything a reader can see under ``node``."""
    kind = getattr(node, "type", "")
    if kind == "plotly_chart":
        yield from ((kind, text) for text in _figure_texts(node.proto.spec))
    elif kind in ("dataframe", "arrow_data_frame"):
        frame = node.value
        identifiers = t("data.column_name", "en")  # the data dictionary names file columns
        yield from ((kind, str(c)) for c in frame.columns)
        for column in frame.columns:
            if column != identifiers:
                yield from ((kind, str(v)) for v in frame[column].astype(str))
    elif kind not in ("code",):  # a permalink is an address, not text
        for attribute in ("label", "help", "placeholder", "body"):
            value = getattr(node, attribute, None)
            if isinstance(value, str):
                yield kind, value
        value = None if hasattr(node, "options") else getattr(node, "value", None)
        if isinstance(value, str):  # a widget's value is its internal key, not shown
            yield kind, value
        for option in getattr(node, "options", None) or []:
            yield kind, str(option)
        if kind == "metric":
            yield kind, str(getattr(node, "delta", "") or "")
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from texts(child)


def run(store: Path, monkeypatch: pytest.MonkeyPatch, page: str, series: str) -> AppTest:
    monkeypatch.setenv("PMI_DB", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "en"
    at.query_params["seri"] = series
    if page == "pages/map.py":
        at.query_params["wilayah"] = "3604"  # with a regency's profile
    at.run()
    if page != app_pages()[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def store(shipped_store: Path) -> Path:
    return shipped_store


@pytest.mark.parametrize("series", SERIES)
@pytest.mark.parametrize("page", app_pages())
def test_every_page_in_english_shows_no_indonesian(store: Path, monkeypatch, page: str,
                                                   series: str):
    at = run(store, monkeypatch, page, series)
    found: dict[str, set[str]] = {}
    for root in (at.main, at.sidebar):
        for kind, text in texts(root):
            words = _tokens(shown_text(text)) & WORDS
            if words:
                found.setdefault(f"{kind}: {text[:160]!r}", set()).update(words)
    assert not found, f"{page} ({series}) in English shows Indonesian: " + "; ".join(
        f"{where} {sorted(words)}" for where, words in found.items())


def test_the_word_list_knows_indonesian_and_spares_names():
    assert {"yang", "dan", "tahun", "penempatan", "sumber"} <= WORDS
    assert not {"banten", "bp2mi", "serang"} & WORDS
    assert not _tokens(shown_text("File kinerja_contoh.csv, line 8")) & WORDS
    assert _tokens(shown_text("Source: data contoh")) & WORDS
    assert not _tokens(shown_text(f"Source: {MARK} Data contoh sintetis")) & WORDS


def test_data_text_marks_what_has_no_english(store: Path, monkeypatch):
    """The English view shows a source's English twin, and the Indonesian marked where a
    file gives none; the Indonesian view shows the Indonesian."""
    from dashboard.i18n import data_text

    assert data_text("Sumber resmi", "Official source", "en") == "Official source"
    assert data_text("Sumber resmi", None, "en") == f"{MARK} Sumber resmi"
    assert data_text("Sumber resmi", "Official source", "id") == "Sumber resmi"


def test_kinerja_speaks_english_from_its_sidecar(store: Path, monkeypatch):
    at = run(store, monkeypatch, "pages/performance.py", "contoh")
    shown = " ".join(text for root in (at.main,) for _, text in texts(root))
    assert "Migrant workers from Banten placed through the legal procedure" in shown
    assert "2,750 people" in shown
    assert "Placement Division" in shown
    assert "Illustrative example (not official data)" in shown
    assert "**Note** (in Indonesian):" in shown  # a year's note has no English twin: marked
