"""Skema penempatan (placement schemes): over time, per regency (a heat map with the numbers),
and a plain explanation of each scheme."""

from __future__ import annotations

import streamlit as st

from dashboard import briefing, charts, context, data, render, time_control
from dashboard.escape import markdown as md
from dashboard.i18n import t

ctx = context.current()
render.page_header(ctx, "skema.title")
time_control.period(ctx)
schemes = list(ctx.choices.skema)

by_year = ctx.totals("tahun", "skema", **ctx.over_time())
if render.empty(ctx, by_year):
    st.stop()
first = briefing.scheme_chart(ctx)  # declared once: the deck and presentation draw it too
if first is None:
    render.dimension_missing(ctx, "skema")
else:
    by_year, fig = first
    notes = [n for n in [render.not_reported_note(ctx, by_year, "skema")] if n]
    render.chart(ctx, fig, by_year, ["tahun", "skema"], key="skema_year", notes=notes)

    grid = ctx.totals("kode_wilayah", "skema")
    grid = grid[grid["kode_wilayah"].notna()]
    if not grid.empty:
        spec = render.spec(ctx, t("skema.grid_title", ctx.lang),
                           render.subtitle(ctx, "what.placements_by_scheme", grid),
                           height=120 + 44 * grid["kode_wilayah"].nunique())
        fig = charts.heatmap(grid, "skema", "kode_wilayah", spec, x_order=schemes,
                             y_labels={c: ctx.region_name(c) for c in grid["kode_wilayah"]})
        render.chart(ctx, fig, grid, ["kode_wilayah", "skema"], key="skema_grid")

st.subheader(t("skema.explained", ctx.lang))
notes = data.scheme_notes(ctx.version)
for row in notes.itertuples(index=False):
    text = row.keterangan_id if ctx.lang == "id" else row.keterangan_en
    st.markdown(f"**{md(row.skema)}** — *{md(row.nama_lengkap)}*. {md(text)}")
