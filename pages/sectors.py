"""Sektor & jabatan (sector and occupation): formal vs informal per regency and over time,
top occupations, sector by gender."""

from __future__ import annotations

import streamlit as st

from dashboard import briefing, charts, context, render, time_control
from dashboard.i18n import t

ctx = context.current()
render.page_header(ctx, "sektor.title")
time_control.period(ctx)

by_region = ctx.totals("kode_wilayah", "sektor")
if render.empty(ctx, by_region):
    st.stop()
first = briefing.sector_chart(ctx)  # declared once: the deck and presentation draw it too
if first is None:
    render.dimension_missing(ctx, "sektor")
else:
    known, fig = first
    notes = [n for n in [render.not_reported_note(ctx, by_region, "sektor")] if n]
    render.chart(ctx, fig, known, ["kode_wilayah", "sektor"], key="sektor_region", notes=notes)

    by_year = ctx.totals("tahun", "sektor", **ctx.over_time())
    spec = render.spec(ctx, t("sektor.year_title", ctx.lang),
                       render.subtitle(ctx, "what.placements_by_sector", by_year),
                       frame=by_year)
    fig = charts.bar_chart(by_year, "tahun", time_control.marked(ctx, spec), color="sektor")
    render.chart(ctx, fig, by_year, ["tahun", "sektor"], key="sektor_year")

    gender = ctx.totals("sektor", "jenis_kelamin")
    gender = gender[gender["sektor"].notna()]
    spec = render.spec(ctx, t("sektor.gender_title", ctx.lang),
                       render.subtitle(ctx, "what.placements_by_sector_gender", gender),
                       labels=ctx.labels["jenis_kelamin"])
    fig = charts.breakdown_chart(gender, "sektor", spec, color="jenis_kelamin", stacked=False)
    render.chart(ctx, fig, gender, ["sektor", "jenis_kelamin"], key="sektor_gender")

jobs = ctx.totals("jabatan")
jobs = jobs[jobs["jabatan"].notna()].sort_values("jumlah", ascending=False).head(10)
if jobs.empty:
    render.dimension_missing(ctx, "jabatan")
else:
    lead = ctx.labels["jabatan"].get(jobs["jabatan"].iloc[0], jobs["jabatan"].iloc[0])
    spec = render.spec(ctx, t("sektor.jobs_title", ctx.lang, job=lead),
                       render.subtitle(ctx, "what.placements_by_job", jobs),
                       labels=ctx.labels["jabatan"])
    fig = charts.ranking_chart(jobs, "jabatan", spec)
    render.chart(ctx, fig, jobs, ["jabatan"], key="sektor_jobs")
