"""The chart menu's share links and "Sematkan" / "Embed" (issue 14, point 9) on a real page, in
both languages: the snippet carries the chart (alt text = the chart's summary on the page), its
source and the live view's address; with a static publication holding the chart, the snippet
points to the chart's file there (made by the publication's own code)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
import urllib.parse
from pathlib import Path

import pytest
from streamlit.runtime.context import ContextProxy
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from tests.conftest import ROOT, open_menus
from tests.test_embed import Parsed

PAGE_URL = "https://dasbor.example.go.id/"
SUMMARY = re.compile(r'<p class="sr-only pmi-chart-summary">(.*?)</p>', re.S)
PUBLICATION = "https://cdn.example.go.id/terbitan"


def _overview(monkeypatch: pytest.MonkeyPatch, store: Path, lang: str) -> AppTest:
    monkeypatch.setenv("PMI_DB", str(store))
    # the browser's address, as Streamlit reports it (AppTest has no browser)
    monkeypatch.setattr(ContextProxy, "url", property(lambda self: PAGE_URL))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["seri"] = "contoh"
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return open_menus(at)


def _embed(at: AppTest, lang: str) -> tuple[str, str]:
    """Switch the first chart's embed on; its snippet and the page's summary of that chart."""
    toggle = at.toggle(key="embed_ringkasan_trend")
    assert toggle.label == t("export.embed", lang)
    toggle.set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    snippets = [c.value for c in at.code if c.value.startswith("<figure")]
    assert len(snippets) == 1
    summaries = [html.unescape(m) for e in at.markdown for m in SUMMARY.findall(e.value)]
    return snippets[0], summaries[0]


def _view(address: str) -> dict[str, list[str]]:
    parts = urllib.parse.urlsplit(address)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == PAGE_URL
    return urllib.parse.parse_qs(parts.query)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_menu_shares_the_view_and_embeds_the_chart(
        shipped_store: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.delenv("PMI_PUBLICATION_URL", raising=False)
    at = _overview(monkeypatch, shipped_store, lang)
    buttons = {b.proto.label: b.proto.url for b in at.get("link_button")}
    whatsapp, mail = buttons[t("export.whatsapp", lang)], buttons[t("export.email", lang)]
    text = urllib.parse.parse_qs(urllib.parse.urlsplit(whatsapp).query)["text"][0]
    assert whatsapp.startswith("https://wa.me/?text=")
    assert _view(text.split(" — ")[-1]) == {"seri": ["contoh"], "lang": [lang]}
    body = urllib.parse.parse_qs(mail.split("?", 1)[1])["body"][0]
    assert mail.startswith("mailto:?subject=") and PAGE_URL in body

    snippet, summary = _embed(at, lang)
    parsed = Parsed(snippet)
    img = parsed.one("img")
    assert img["alt"] == summary  # the page's own text alternative of the chart
    assert str(img["src"]).startswith("data:image/svg+xml;base64,")
    assert _view(str(parsed.one("a")["href"])) == {"seri": ["contoh"], "lang": [lang]}
    assert t("embed.live_view", lang) in parsed.caption
    assert t("chart.sample_mark", lang) in parsed.caption and "CC BY 4.0" in parsed.caption
    notes = " ".join(c.value for c in at.caption)
    assert t("export.embed_note", lang) in notes and t("export.embed_inline", lang) in notes


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_published_chart_is_embedded_from_the_publication(
        shipped_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        lang: str) -> None:
    """The publication's own code writes the trend chart of the default view; the overview's
    menu then points to that file (the page and the publication draw the same figures)."""
    monkeypatch.setenv("PMI_DB", str(shipped_store))
    from dashboard import exports, publish
    from dashboard.context import view_for

    kind = next(k for k in publish.CHARTS if k.key == "tren")
    try:
        made = publish.write_chart(tmp_path, kind, view_for("contoh", lang), None,
                                   dt.datetime(2025, 1, 2, tzinfo=exports.WIB), "")
    finally:
        exports.stop_renderer()
    assert made is not None
    (tmp_path / publish.MANIFEST).write_text(json.dumps(
        {"kind": publish.KIND, "charts": [dataclasses.asdict(made)]}), encoding="utf-8")
    monkeypatch.setenv("PMI_PUBLICATION_URL", PUBLICATION + "/")
    monkeypatch.setenv("PMI_PUBLICATION_DIR", str(tmp_path))

    at = _overview(monkeypatch, shipped_store, lang)
    snippet, summary = _embed(at, lang)
    img = Parsed(snippet).one("img")
    assert img["src"] == f"{PUBLICATION}/contoh/tren.{lang}.svg"
    assert img["alt"] == summary == made.summary
    assert (img["width"], img["height"]) == ("1200", "420")
    assert t("export.embed_static", lang) in " ".join(c.value for c in at.caption)


def test_intern_charts_have_the_same_menu(shipped_store: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PMI_PUBLICATION_URL", raising=False)
    at = _overview(monkeypatch, shipped_store, "en")
    at.switch_page("pages/internships.py").run()
    assert not at.exception, [e.value for e in at.exception]
    open_menus(at)
    toggles = [x for x in at.toggle if str(x.key).startswith("embed_")]
    assert toggles and all(x.label == "Embed" for x in toggles)
    toggles[0].set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    snippets = [c.value for c in at.code if c.value.startswith("<figure")]
    summaries = [html.unescape(m) for e in at.markdown for m in SUMMARY.findall(e.value)]
    assert len(snippets) == 1
    assert Parsed(snippets[0]).one("img")["alt"] in summaries


def test_kinerja_charts_have_the_same_menu(shipped_store: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PMI_PUBLICATION_URL", raising=False)
    at = _overview(monkeypatch, shipped_store, "id")
    at.switch_page("pages/performance.py").run()
    assert not at.exception, [e.value for e in at.exception]
    cards = [str(e.key) for e in at.expander if str(e.key).startswith("trend_kinerja_")]
    assert cards, "the sample indicators have cards"
    at.session_state[cards[0]] = True  # open the card's trend, as a tap does
    open_menus(at.run())
    toggle = at.toggle(key="embed_" + cards[0].removeprefix("trend_"))
    assert toggle.label == "Sematkan"
    toggle.set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    snippets = [c.value for c in at.code if c.value.startswith("<figure")]
    summaries = [html.unescape(m) for e in at.markdown for m in SUMMARY.findall(e.value)]
    assert len(snippets) == 1
    alt = Parsed(snippets[0]).one("img")["alt"]
    assert alt in summaries
