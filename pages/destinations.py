"""Negara tujuan (destination countries): top destinations, their trend, and the destination
mix per regency."""

from __future__ import annotations

import streamlit as st

from dashboard import briefing, charts, context, render, time_control
from dashboard.i18n import t

ctx = context.current()
render.page_header(ctx, "negara.title")
time_control.period(ctx)
names = ctx.labels["negara_tujuan"]

countries = ctx.totals("negara_tujuan")
if render.empty(ctx, countries):
    st.stop()
first = briefing.country_chart(ctx)  # declared once: the deck and presentation draw it too
if first is None:
    render.dimension_missing(ctx, "negara_tujuan")
    st.stop()
top, fig = first
notes = [n for n in [render.not_reported_note(ctx, countries, "negara_tujuan")] if n]
render.chart(ctx, fig, top, ["negara_tujuan"], key="negara_top", notes=notes)

five = tuple(top["negara_tujuan"].head(5))
years = ctx.choices.years
trend = ctx.totals("tahun", "negara_tujuan", tahun_awal=years[0], tahun_akhir=years[-1])
trend = trend[trend["negara_tujuan"].isin(five)]
if trend["tahun"].nunique() > 1:
    spec = render.spec(ctx, t("negara.trend_title", ctx.lang),
                       render.subtitle(ctx, "what.placements_by_country", trend),
                       labels=names, frame=trend)
    spec = time_control.marked(ctx, spec)  # every year, the selected period framed
    fig = charts.line_chart(trend.assign(tahun=trend["tahun"].astype(str)), "tahun", spec,
                            color="negara_tujuan")
    render.chart(ctx, fig, trend, ["tahun", "negara_tujuan"], key="negara_trend")

mix = ctx.totals("kode_wilayah", "negara_tujuan")
mix = mix[mix["kode_wilayah"].notna() & mix["negara_tujuan"].isin(five)]
if not mix.empty:
    spec = render.spec(ctx, t("negara.mix_title", ctx.lang),
                       render.subtitle(ctx, "what.placements_by_country", mix), labels=names,
                       height=120 + 44 * mix["kode_wilayah"].nunique())
    fig = charts.heatmap(mix, "negara_tujuan", "kode_wilayah", spec, x_order=list(five),
                         y_labels={c: ctx.region_name(c) for c in mix["kode_wilayah"]})
    render.chart(ctx, fig, mix, ["kode_wilayah", "negara_tujuan"], key="negara_mix")
