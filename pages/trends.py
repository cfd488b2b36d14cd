"""Tren (trends): monthly and yearly series, split by scheme, sector or gender, regencies side
by side, and a year-on-year view."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, context, framing, navigation, render, time_control
from dashboard.i18n import month_year, t
from domain import page_choices

ctx = context.current()
render.page_header(ctx, "tren.title")
time_control.period(ctx)

# Yearly, optionally split (the split is kept in the URL: dashboard/navigation.py)
split = navigation.choice(t("tren.split", ctx.lang), page_choices.TREND_SPLIT, "tren_split",
                          format_func=lambda s: t(f"split.{s}", ctx.lang))
by = ("tahun",) if split == "none" else ("tahun", split)
yearly = ctx.totals(*by, **ctx.over_time())
if render.empty(ctx, yearly):
    st.stop()
labels = ctx.labels.get(split, {})
spec = render.spec(ctx, t("tren.yearly_title", ctx.lang, period=framing.period_of(ctx, yearly)),
                   render.subtitle(ctx, "what.placements_per_year", yearly), labels=labels,
                   frame=yearly)
spec = time_control.marked(ctx, spec)  # the selected year framed among all years
fig = charts.bar_chart(yearly, "tahun", spec, color=None if split == "none" else split)
notes = [n for n in [render.not_reported_note(ctx, yearly, split)] if n] \
    if split != "none" else []
render.chart(ctx, fig, yearly, list(by), key="tren_yearly", notes=notes)

# Monthly
monthly = ctx.totals("tahun", "bulan", **ctx.over_time())
reported = monthly[monthly["bulan"].notna()]
if reported.empty:
    render.dimension_missing(ctx, "bulan")
else:
    reported = reported.assign(periode=[f"{int(y)}-{int(m):02d}" for y, m in
                                        zip(reported["tahun"], reported["bulan"], strict=True)])
    month_labels = {p: month_year(int(p[:4]), int(p[5:]), ctx.lang) for p in reported["periode"]}
    peak = reported.sort_values("jumlah", ascending=False).iloc[0]
    spec = render.spec(ctx, t("tren.monthly_title", ctx.lang,
                              peak=month_labels[peak["periode"]]),
                       render.subtitle(ctx, "what.placements_per_month", reported),
                       provisional_x=tuple(p for p in reported["periode"]
                                           if ctx.is_provisional(int(p[:4]), int(p[5:]))))
    spec = time_control.marked(ctx, spec, (p for p in reported["periode"]
                                           if p[:4] in ctx.selected_years()))
    fig = charts.line_chart(reported, "periode", spec, x_labels=month_labels)
    notes = [n for n in [render.not_reported_note(ctx, monthly, "bulan")] if n]
    render.chart(ctx, fig, reported, ["tahun", "bulan"], key="tren_monthly", notes=notes)

    # Year on year: one line per year over the months
    spec = render.spec(ctx, t("tren.yoy_title", ctx.lang),
                       render.subtitle(ctx, "what.placements_per_month", reported),
                       labels={str(y): str(y) for y in reported["tahun"]})
    month_names = {str(m): month_year(2000, m, ctx.lang).split(" ")[0][:3] for m in range(1, 13)}
    yoy = reported.assign(bulan=reported["bulan"].astype(int).astype(str),
                          tahun=reported["tahun"].astype(str))
    fig = charts.line_chart(yoy, "bulan", spec, color="tahun", x_labels=month_names)
    render.chart(ctx, fig, reported, ["tahun", "bulan"], key="tren_yoy")

# Regencies side by side
regions = ctx.totals("tahun", "kode_wilayah", **ctx.over_time())
regions = regions[regions["kode_wilayah"].notna()]
if not regions.empty:
    leader = regions.groupby("kode_wilayah")["jumlah"].sum().sort_values().index[-1]
    spec = render.spec(ctx, t("tren.regions_title", ctx.lang, region=ctx.region_name(leader)),
                       render.subtitle(ctx, "what.placements_per_year", regions),
                       labels={c: ctx.region_name(c) for c in regions["kode_wilayah"]},
                       frame=regions)
    spec = time_control.marked(ctx, spec)
    fig = charts.line_chart(regions.assign(tahun=regions["tahun"].astype(str)), "tahun", spec,
                            color="kode_wilayah")
    render.chart(ctx, fig, regions, ["tahun", "kode_wilayah"], key="tren_regions")
