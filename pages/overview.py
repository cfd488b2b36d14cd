"""Ringkasan (overview): headline figures for the selected period, a small trend, the date
the data runs to and its sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, context, render
from dashboard.i18n import number, percent, t

ctx = context.current()
render.page_header(ctx, "ringkasan.title")
total = ctx.totals()
if render.empty(ctx, total):
    st.stop()


def top(frame: pd.DataFrame, column: str) -> str:
    known = frame[frame[column].notna() & ~frame["ditekan"]]
    if known.empty:
        return t("label.not_reported", ctx.lang)
    code = known.sort_values("jumlah", ascending=False)[column].iloc[0]
    return ctx.region_name(code) if column == "kode_wilayah" else \
        ctx.labels[column].get(str(code), str(code))


def share(frame: pd.DataFrame, column: str, value: str) -> str:
    known = frame[frame[column].notna()]
    base = known["jumlah"].fillna(0).sum()
    if base == 0 or known["ditekan"].any():
        return t("label.not_reported", ctx.lang)
    part = known.loc[known[column] == value, "jumlah"].fillna(0).sum()
    return percent(part / base, ctx.lang)


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
                    share(ctx.totals("jenis_kelamin"), "jenis_kelamin", "Perempuan"))
first_row[2].metric(t("ringkasan.formal", ctx.lang),
                    share(ctx.totals("sektor"), "sektor", "Formal"))
second_row = st.columns(2)
second_row[0].metric(t("ringkasan.top_country", ctx.lang),
                     top(ctx.totals("negara_tujuan"), "negara_tujuan"))
second_row[1].metric(t("ringkasan.top_region", ctx.lang),
                     top(ctx.totals("kode_wilayah"), "kode_wilayah"))
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
