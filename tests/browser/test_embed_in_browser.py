"""An embedded chart on a news page (issue 14, point 9) with no dashboard running: the snippet
the chart menu gives, pasted into a local HTML file, draws the chart with its caption and
makes no request to any host — each reader of the article costs the dashboard nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from dashboard import briefing, data, exports, render, share
from dashboard.context import view_for
from dashboard.i18n import t

pytestmark = pytest.mark.browser

LIVE = "https://dasbor.example.go.id/?seri=contoh"
ARTICLE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Berita</title>
<style>body{{font-family:serif;margin:0 auto;max-width:720px;padding:0 12px}}</style></head>
<body><article><h1>Pekerja migran Banten</h1><p>Paragraf berita.</p>
{snippet}
<p>Paragraf berikutnya.</p></article></body></html>
"""


def _snippet(lang: str) -> tuple[str, str, str]:
    """The overview's trend chart of the sample series: its snippet as the menu makes it
    (no static publication: the image is carried), its summary and its source line."""
    ctx = view_for("contoh", lang)
    frame, fig = briefing.trend_chart(ctx)
    summary = render.summary_of(ctx, fig, frame, ["tahun"])
    meta = dataclasses.replace(exports.ExportMeta.for_view(
        ctx, fig=fig, sources=data.sources(ctx.version, ctx.series, ctx.lang), frame=frame),
        description=summary)
    try:
        code, static = share.snippet(fig, meta, "ringkasan_trend", None, ctx.state,
                                     ctx.choices.years, ctx.series, LIVE)
    finally:
        exports.stop_renderer()
    assert not static
    return code, summary, share.source_line(meta)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_snippet_draws_the_chart_offline(browser: Browser, app_store: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path, lang: str) -> None:
    monkeypatch.setenv("PMI_DB", str(app_store))
    monkeypatch.delenv("PMI_PUBLICATION_URL", raising=False)
    code, summary, source = _snippet(lang)
    article = tmp_path / "artikel.html"
    article.write_text(ARTICLE.format(lang=lang, snippet=code), encoding="utf-8")

    for viewport in ({"width": 375, "height": 800}, {"width": 1366, "height": 900}):
        context = browser.new_context(viewport=viewport)
        requests: list[str] = []
        context.on("request", lambda request, seen=requests: seen.append(request.url))
        page = context.new_page()
        try:
            page.goto(article.as_uri(), wait_until="load")
            figure = page.locator("figure")
            img = figure.locator("img")
            assert figure.is_visible() and img.is_visible()
            drawn = img.evaluate("i => [i.complete, i.naturalWidth, i.naturalHeight,"
                                 " i.getBoundingClientRect().width]")
            assert drawn[0] and drawn[1] >= 1000 and drawn[2] > 0, drawn
            assert 0 < drawn[3] <= viewport["width"]  # fits the column, also on a phone
            assert img.get_attribute("alt") == summary
            caption = figure.locator("figcaption").inner_text()
            assert source in caption and t("embed.live_view", lang) in caption
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            # the chart's own words are in the image (text stays text in the SVG)
            svg = page.evaluate("""async src => await (await fetch(src)).text()""",
                                img.get_attribute("src"))
            assert t("chart.sample_mark", lang) in svg
        finally:
            context.close()
        foreign = [url for url in requests if not url.startswith(("file://", "data:"))]
        assert requests and not foreign, foreign
