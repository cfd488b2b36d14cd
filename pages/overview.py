"""Ringkasan (overview): headline figures for the selected period, a small trend, the date
the data runs to and its sources."""

from __future__ import annotations

import streamlit as st

from dashboard import briefing, charts, context, data, deck, exports, render
from dashboard.i18n import number, percent, t

ctx = context.current()
render.page_header(ctx, "ringkasan.title")
total = ctx.totals()
if render.empty(ctx, total):
    st.stop()


placements = int(total["jumlah"].fillna(0).iloc[0])
span = ctx.state.tahun_akhir - ctx.state.tahun_awal + 1
before_first = ctx.state.tahun_awal - span
delta = None
if before_first in ctx.choices.years:
    previous = ctx.totals(tahun_awal=before_first, tahun_akhir=ctx.state.tahun_awal - 1)
    before = int(previous["jumlah"].fillna(0).iloc[0])
    if before:
        change = placements - before
        delta = t("ringkasan.delta", ctx.lang, change=number(change, ctx.lang),
                  pct=percent(change / before, ctx.lang),
                  period=str(before_first) if span == 1 else
                  f"{before_first}–{ctx.state.tahun_awal - 1}")

first_row = st.columns(3)
first_row[0].metric(t("ringkasan.placements", ctx.lang), number(placements, ctx.lang),
                    delta=delta, delta_color="off")
first_row[1].metric(t("ringkasan.women", ctx.lang),
                    briefing.share(ctx, ctx.totals("jenis_kelamin"), "jenis_kelamin",
                                   "Perempuan"))
first_row[2].metric(t("ringkasan.formal", ctx.lang),
                    briefing.share(ctx, ctx.totals("sektor"), "sektor", "Formal"))
second_row = st.columns(2)
second_row[0].metric(t("ringkasan.top_country", ctx.lang),
                     briefing.top(ctx, ctx.totals("negara_tujuan"), "negara_tujuan"))
second_row[1].metric(t("ringkasan.top_region", ctx.lang),
                     briefing.top(ctx, ctx.totals("kode_wilayah"), "kode_wilayah"))
st.caption(t("ringkasan.until", ctx.lang, period=ctx.until_text()))

years = ctx.choices.years
trend = ctx.totals("tahun", tahun_awal=years[0], tahun_akhir=years[-1])
if len(trend) > 1:
    first, last = trend.iloc[0], trend.iloc[-1]
    direction = "up" if last["jumlah"] >= first["jumlah"] else "down"
    title = t(f"ringkasan.trend_title_{direction}", ctx.lang, first=int(first["tahun"]),
              last=int(last["tahun"]))
else:
    title = t("ringkasan.trend_title_single", ctx.lang, year=int(trend["tahun"].iloc[0]))
subtitle = t("chart.subtitle", ctx.lang, what=t("what.placements", ctx.lang),
             regions=ctx.regions_text(), period=f"{years[0]}–{years[-1]}")
fig = charts.bar_chart(trend, "tahun", render.spec(ctx, title, subtitle, height=380))
render.chart(ctx, fig, trend, ["tahun"], key="ringkasan_trend")

st.subheader(t("briefing.heading", ctx.lang))
st.caption(t("briefing.note", ctx.lang))


def _pack() -> tuple[list[deck.SlideSpec], exports.ExportMeta, list[deck.Headline]]:
    slides = [deck.SlideSpec(c.figure, key=(c.key, ctx.state, ctx.version, ctx.lang,
                                            ctx.series)) for c in briefing.key_charts(ctx)]
    meta = exports.ExportMeta.for_view(ctx, title=t("app.title", ctx.lang),
                                       subtitle=t("app.tagline", ctx.lang),
                                       sources=data.sources(ctx.version, ctx.series),
                                       permalink=render.permalink(ctx))
    return slides, meta, briefing.headlines(ctx)


if exports.renderer_available():
    columns = st.columns(2)
    columns[0].download_button(
        t("briefing.pptx", ctx.lang), data=lambda: deck.build_deck(*_pack()),
        file_name=f"bahan-paparan-pmi-banten-{ctx.period_text()}.pptx",
        mime=exports.MIME["pptx"], on_click="ignore", key="deck_pptx")
    columns[1].download_button(
        t("briefing.pdf", ctx.lang), data=lambda: deck.deck_pdf(*_pack()),
        file_name=f"bahan-paparan-pmi-banten-{ctx.period_text()}.pdf",
        mime=exports.MIME["pdf"], on_click="ignore", key="deck_pdf")
else:
    st.info(t("briefing.no_renderer", ctx.lang))
