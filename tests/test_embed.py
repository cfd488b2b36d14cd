"""Share and embed for journalists (issue 14, point 9): the snippet builder (escaping, alt text,
the link to the live view, the static-publication variant), the share links, the view's
address, and finding a chart in the static publication."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import json
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from dashboard import briefing, data, embed, exports, navigation, publication, render, share
from dashboard.context import view_for
from dashboard.i18n import number, t
from domain.config import PublicationSettings, publication_settings
from domain.filters import FilterState

HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)> & \'quoted\''
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="420"><rect/></svg>'
LIVE = "https://dasbor.example.go.id/tren?lang=en&seri=contoh&tahun=2024"


class Parsed(HTMLParser):
    """Every start tag with its attributes, and the text inside <figcaption>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.caption = ""
        self._in_caption = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_caption = self._in_caption or tag == "figcaption"

    def handle_endtag(self, tag: str) -> None:
        if tag == "figcaption":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self.caption += data

    def one(self, tag: str) -> dict[str, str | None]:
        found = [attrs for name, attrs in self.tags if name == tag]
        assert len(found) == 1, (tag, self.tags)
        return found[0]


def _text(**changes: str) -> embed.EmbedText:
    base = embed.EmbedText(lang="en", summary="Placements per year — All of Banten. From 10 "
                           "in 2019 to 20 in 2024 (up).", source="Source: BP2MI · Licence "
                           "CC BY 4.0", live_url=LIVE)
    return dataclasses.replace(base, **changes)


# -- the snippet ------------------------------------------------------------------------------


def test_data_derived_text_is_escaped_and_read_back_as_written() -> None:
    text = _text(summary=HOSTILE, source=HOSTILE, sample_mark=HOSTILE,
                 live_url=LIVE + "&x=\"><script>")
    code = embed.inline_snippet(SVG, text, 1200, 420)
    parsed = Parsed(code)
    assert [name for name, _ in parsed.tags] == ["figure", "img", "figcaption", "strong", "a"]
    assert "<script" not in code and "<img src=x" not in code
    assert parsed.one("img")["alt"] == HOSTILE
    assert parsed.caption.count(HOSTILE) == 2  # the sample mark and the source, as written
    assert parsed.one("a")["href"] == LIVE + "&x=\"><script>"


def test_the_image_is_carried_in_the_snippet_and_loads_nothing() -> None:
    code = embed.inline_snippet(SVG, _text(), 1200, 420)
    img = Parsed(code).one("img")
    src = str(img["src"])
    assert src.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(src.split(",", 1)[1]) == SVG
    assert (img["width"], img["height"]) == ("1200", "420")
    assert "http" not in code.replace(html.escape(LIVE), "")  # the live link is the only one


def test_the_caption_has_the_source_and_a_link_to_the_live_view_in_the_view_language() -> None:
    for lang in ("id", "en"):
        parsed = Parsed(embed.inline_snippet(SVG, _text(lang=lang)))
        assert parsed.one("figure")["lang"] == lang
        assert "Source: BP2MI · Licence CC BY 4.0" in parsed.caption
        assert t("embed.live_view", lang) in parsed.caption
        assert parsed.one("a")["href"] == LIVE


@pytest.mark.parametrize("address", ["javascript:alert(1)", "/tren?lang=en", "",
                                     "data:text/html,<b>x</b>", "https://"])
def test_only_a_web_address_becomes_a_link(address: str) -> None:
    parsed = Parsed(embed.inline_snippet(SVG, _text(live_url=address)))
    assert [name for name, _ in parsed.tags] == ["figure", "img", "figcaption"]
    assert embed.static_snippet(address, _text()) == ""


def test_the_static_variant_points_to_the_published_file() -> None:
    url = "https://dasbor.example.go.id/terbitan/contoh/tren.en.svg"
    parsed = Parsed(embed.static_snippet(url, _text(), 1200, 420))
    img = parsed.one("img")
    assert img["src"] == url and img["alt"] == _text().summary
    assert parsed.one("a")["href"] == LIVE


# -- share links --------------------------------------------------------------------------------


def test_share_links_carry_the_title_the_summary_and_the_view() -> None:
    title = "Penempatan & <b>Kab. Serang</b>"
    wa = urllib.parse.urlsplit(embed.whatsapp_url(title, LIVE))
    assert (wa.scheme, wa.netloc) == ("https", "wa.me")
    assert urllib.parse.parse_qs(wa.query)["text"] == [f"{title} — {LIVE}"]
    mail = embed.email_url(title, "From 10 in 2019 to 20 in 2024.", LIVE)
    assert mail.startswith("mailto:?")
    fields = urllib.parse.parse_qs(mail.split("?", 1)[1])
    assert fields["subject"] == [title]
    assert fields["body"] == [f"From 10 in 2019 to 20 in 2024.\n\n{LIVE}"]
    assert "javascript" not in embed.whatsapp_url(title, "javascript:alert(1)")


def test_the_view_address_keeps_the_view_and_nothing_else(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = SimpleNamespace(
        context=SimpleNamespace(url="https://dasbor.example.go.id/tren"),
        query_params={"lang": "en", "seri": "contoh", "tahun": "2020-2024", "wilayah": "3601",
                      "nama": "Siti Aminah", "token": "abc"})
    monkeypatch.setattr(navigation, "st", fake)
    address = navigation.view_url()
    parts = urllib.parse.urlsplit(address)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://dasbor.example.go.id/tren"
    assert urllib.parse.parse_qs(parts.query) == {
        "lang": ["en"], "seri": ["contoh"], "tahun": ["2020-2024"], "wilayah": ["3601"]}
    fake.context.url = None
    assert navigation.view_url() == ""


# -- the static publication -------------------------------------------------------------------


def _publication(folder: Path, summary: str, year: int | None = None, key: str = "tren",
                 series: str = "contoh", lang: str = "en") -> Path:
    stem = f"{series}/{key}.{lang}" if year is None else f"{series}/{year}/{key}.{lang}"
    (folder / stem).parent.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.svg").write_bytes(SVG)
    (folder / publication.MANIFEST).write_text(json.dumps({"charts": [{
        "series": series, "year": year, "key": key, "lang": lang, "summary": summary,
        "files": {"svg": f"{stem}.svg", "png": f"{stem}.png"}}]}), encoding="utf-8")
    return folder


def test_settings_accept_only_a_web_address(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    monkeypatch.setenv("PMI_PUBLICATION_DIR", str(tmp_path))
    monkeypatch.setenv("PMI_PUBLICATION_URL", "https://cdn.example.id/terbitan/")
    assert publication_settings() == PublicationSettings("https://cdn.example.id/terbitan",
                                                         tmp_path)
    for wrong in ("javascript:alert(1)", "ftp://x/y", "https://x/\"><b>", "/terbitan"):
        monkeypatch.setenv("PMI_PUBLICATION_URL", wrong)
        assert not publication_settings().configured


def test_a_published_chart_is_found_only_for_the_same_view_and_figures(tmp_path: Path) -> None:
    summary = "Placements per year. From 10 in 2019 to 20 in 2024 (up)."
    folder = _publication(tmp_path, summary)
    configured = PublicationSettings("https://cdn.example.id/terbitan", folder)
    years = (2019, 2020, 2021, 2022, 2023, 2024)
    latest = FilterState(2024, 2024)

    found = publication.static_chart(configured, "ringkasan_trend", "contoh", "en", latest,
                                     years, summary)
    assert found == publication.StaticChart(
        "https://cdn.example.id/terbitan/contoh/tren.en.svg", summary, 1200, 420)
    assert publication.static_chart(configured, "ringkasan_trend", "contoh", "en",
                                    FilterState(2019, 2024), years, summary) == found
    for other in (
        dict(summary=summary + " Changed."),  # figures changed since it was published
        dict(lang="id"), dict(series="bp2mi"), dict(chart_key="tren_monthly"),
        dict(state=FilterState(2024, 2024, wilayah=("3601",))),
        dict(state=FilterState(2024, 2024, bulan=6)),
        dict(state=FilterState(2021, 2023)),  # a range: the page draws other years
        dict(settings=PublicationSettings("", folder)),
        dict(settings=PublicationSettings("https://cdn.example.id/terbitan", tmp_path / "x")),
    ):
        arguments = dict(settings=configured, chart_key="ringkasan_trend", series="contoh",
                         lang="en", state=latest, years=years, summary=summary) | other
        assert publication.static_chart(**arguments) is None, other


def test_a_chart_of_one_year_is_found_for_that_year_only(tmp_path: Path) -> None:
    summary = "Top destinations, 2023."
    folder = _publication(tmp_path, summary, year=2023, key="negara")
    configured = PublicationSettings("https://cdn.example.id/t", folder)
    years = (2022, 2023, 2024)

    def found(state: FilterState) -> publication.StaticChart | None:
        return publication.static_chart(configured, "negara_top", "contoh", "en", state, years,
                                        summary)

    assert found(FilterState(2023, 2023)) is not None
    assert str(found(FilterState(2023, 2023))).count("/t/contoh/2023/negara.en.svg") == 1
    assert found(FilterState(2024, 2024)) is None
    assert found(FilterState(2022, 2024)) is None


def test_a_broken_or_foreign_manifest_counts_as_no_publication(tmp_path: Path) -> None:
    configured = PublicationSettings("https://cdn.example.id/t", tmp_path)
    arguments = dict(chart_key="ringkasan_trend", series="contoh", lang="en",
                     state=FilterState(2024, 2024), years=(2024,), summary="S")
    (tmp_path / publication.MANIFEST).write_text("{not json", encoding="utf-8")
    assert publication.static_chart(configured, **arguments) is None
    # a file outside the publication's folder is never offered
    (tmp_path / publication.MANIFEST).write_text(json.dumps({"charts": [{
        "series": "contoh", "year": None, "key": "tren", "lang": "en", "summary": "S",
        "files": {"svg": "../outside.svg"}}]}), encoding="utf-8")
    (tmp_path.parent / "outside.svg").write_bytes(SVG)
    assert publication.static_chart(configured, **arguments) is None


def test_page_charts_name_charts_the_publication_bakes() -> None:
    from dashboard import publish

    assert set(publication.PAGE_CHARTS.values()) <= {kind.key for kind in publish.CHARTS}


# -- a real chart -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_alt_text_is_the_chart_summary_with_its_key_numbers(
        shipped_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        lang: str) -> None:
    """The trend chart of the sample series, as the overview page draws it: the snippet's alt
    text is its summary (with the first and last year's figures), its caption the source; with
    a publication holding the same chart, the snippet points to its file instead."""
    monkeypatch.setenv("PMI_DB", str(shipped_store))
    monkeypatch.delenv("PMI_PUBLICATION_URL", raising=False)
    ctx = view_for("contoh", lang)
    frame, fig = briefing.trend_chart(ctx)
    summary = render.summary_of(ctx, fig, frame, ["tahun"])
    meta = dataclasses.replace(exports.ExportMeta.for_view(
        ctx, fig=fig, sources=data.sources(ctx.version, ctx.series, ctx.lang), frame=frame),
        description=summary, downloaded=dt.datetime(2025, 1, 2, tzinfo=dt.UTC))
    last = int(frame.loc[frame["tahun"] == frame["tahun"].max(), "jumlah"].sum())
    assert number(last, lang) in summary

    monkeypatch.setenv("PMI_PUBLICATION_URL", "https://cdn.example.id/terbitan")
    monkeypatch.setenv("PMI_PUBLICATION_DIR", str(_publication(tmp_path, summary, lang=lang)))
    code, static = share.snippet(fig, meta, "ringkasan_trend", None, ctx.state,
                                 ctx.choices.years, ctx.series, LIVE)
    parsed = Parsed(code)
    assert static
    assert parsed.one("img")["alt"] == summary
    assert parsed.one("img")["src"] == f"https://cdn.example.id/terbitan/contoh/tren.{lang}.svg"
    assert t("chart.sample_mark", lang) in parsed.caption
    assert share.source_line(meta) in parsed.caption and "CC BY 4.0" in parsed.caption
    assert parsed.one("a")["href"] == LIVE
    # no developer text: no file path or module name of this project in the snippet
    for word in ("loaders/", ".py", "dashboard/", "/work", "duckdb"):
        assert word not in code
