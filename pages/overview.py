"""Ringkasan (overview): headline figures for the selected period (only those the source
reports, each saying what it covers), the trend over every year, the data date and the
briefing pack."""

from __future__ import annotations

import streamlit as st

from dashboard import briefing, context, data, deck, deck_pdf, exports, navigation, render
from dashboard.i18n import t

ctx = context.current()
render.page_header(ctx, "ringkasan.title")
total = ctx.totals()
if render.empty(ctx, total):
    st.stop()

tiles, tile_notes = briefing.headline_figures(ctx)
first, *rest = tiles
lead = st.columns(1)[0]
lead.metric(first.label, first.value, delta=briefing.change(ctx, total), delta_color="off")
lead.caption(first.note)
for row in (rest[:2], rest[2:]):
    if row:
        for column, tile in zip(st.columns(len(row)), row, strict=True):
            column.metric(tile.label, tile.value)
for note in tile_notes:
    st.caption(f":material/info: {note}")
st.markdown(t("magang.overview_line", ctx.lang, link=navigation.page_link("pemagangan")))

trend, fig = briefing.trend_chart(ctx)
render.chart(ctx, fig, trend, ["tahun"], key="ringkasan_trend")

st.subheader(t("briefing.heading", ctx.lang))
st.caption(t("briefing.note", ctx.lang))


def _pack() -> tuple[list[deck.SlideSpec], exports.ExportMeta, list[deck.Headline], list[str]]:
    slides = [deck.SlideSpec(c.figure, key=(c.key, ctx.state, ctx.version, ctx.lang,
                                            ctx.series)) for c in briefing.meeting_charts(ctx)]
    meta = exports.ExportMeta.for_view(ctx, title=t("app.title", ctx.lang),
                                       subtitle=t("app.tagline", ctx.lang),
                                       sources=data.sources(ctx.version, ctx.series, ctx.lang),
                                       permalink=render.permalink(ctx), frame=total)
    return slides, meta, tiles, tile_notes


if exports.renderer_available():
    columns = st.columns(2)
    columns[0].download_button(
        t("briefing.pptx", ctx.lang), data=lambda: deck.build_deck(*_pack()),
        file_name=f"bahan-paparan-pmi-banten-{ctx.period_text()}.pptx",
        mime=exports.MIME["pptx"], on_click="ignore", key="deck_pptx")
    columns[1].download_button(
        t("briefing.pdf", ctx.lang), data=lambda: deck_pdf.build_pdf(*_pack()),
        file_name=f"bahan-paparan-pmi-banten-{ctx.period_text()}.pdf",
        mime=exports.MIME["pdf"], on_click="ignore", key="deck_pdf")
else:
    st.info(t("briefing.no_renderer", ctx.lang))
