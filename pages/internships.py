"""Pemagangan (internships abroad): interns departed, returned and with a problem — side by
side, never added — their trend, the regencies they come from (map, per 100,000), organisers,
destinations and fields, and how many are recorded in the protection system, with why it
matters. A series of its own: nothing here adds interns to placements."""

from __future__ import annotations

import dataclasses

import streamlit as st

from dashboard import charts, context, framing, intern_data, intern_view, navigation, render
from dashboard import intern_render as view
from dashboard.escape import markdown as md
from dashboard.i18n import percent, t
from domain import interns, page_choices

lang = context.current().lang
ctx = intern_view.setup(lang)
if ctx is None:
    st.title(t("magang.title", lang))
    st.info(t("magang.no_data", lang))
    st.stop()

total = view.header(ctx)
st.markdown(t("magang.intro", lang))
if render.empty(ctx, total):
    st.stop()

tiles = view.headline(ctx)
for row in (tiles[:2], tiles[2:]):
    if row:
        for column, tile in zip(st.columns(len(row)), row, strict=True):
            column.metric(tile.label, tile.value)
            if tile.note:
                column.caption(md(tile.note))
st.caption(f":material/info: {t('magang.tiles_apart', lang)}")

# -- trend ------------------------------------------------------------------------------------
trend = ctx.totals("tahun", **ctx.over_time())
status = view.status_name(ctx)
pair = framing.comparison_years(trend)
if pair:
    values = trend.groupby("tahun")["jumlah"].sum()
    direction = "up" if values[pair[1]] >= values[pair[0]] else "down"
    title = t(f"magang.trend.title_{direction}", lang, status=status, first=pair[0],
              last=pair[1])
elif trend["tahun"].nunique() == 1:
    title = t("magang.trend.title_single", lang, status=status, year=int(trend["tahun"].iloc[0]))
else:
    title = t("magang.trend.title_neutral", lang, status=status,
              period=framing.period_of(ctx, trend))
spec = view.spec(ctx, title, view.subtitle(ctx, "per_year", trend), frame=trend)
view.chart(ctx, charts.bar_chart(trend, "tahun", spec), trend, ["tahun"], key="magang_trend")

# -- by regency -------------------------------------------------------------------------------
st.subheader(t("magang.map.heading", lang))
measure = navigation.choice(  # kept in the URL (dashboard/navigation.py)
    t("magang.measure_control", lang), page_choices.INTERN_MEASURE, "magang_measure",
    format_func=lambda m: t(f"magang.measure_option.{m}", lang))
view.region_map(ctx, ctx.totals("kode_wilayah"), measure)

# -- organiser, destination, field ------------------------------------------------------------
st.subheader(t("magang.breakdowns.heading", lang))
for dimension in ("penyelenggara", "negara_tujuan", "bidang"):
    frame = ctx.totals(dimension)
    known = frame[frame[dimension].notna()].sort_values("jumlah", ascending=False)
    if known.empty or known["jumlah"].isna().all():
        st.info(t("message.dimension_not_reported", lang,
                  dimension=t(f"column.{dimension}", lang).lower()))
        continue
    names = view.labels_of(ctx, dimension)
    lead = names.get(str(known[dimension].iloc[0]), str(known[dimension].iloc[0]))
    shown = frame.sort_values("jumlah", ascending=False).head(10)
    spec = view.spec(ctx, t(f"magang.rank.{dimension}", lang, lead=lead),
                     view.subtitle(ctx, f"by_{dimension}", frame), labels=names)
    notes = [n for n in [render.not_reported_note(ctx, frame, dimension)] if n]
    view.chart(ctx, charts.ranking_chart(shown, dimension, spec), shown, [dimension],
               key=f"magang_{dimension}", notes=notes)

# -- protection system ------------------------------------------------------------------------
st.subheader(t("magang.protection.heading", lang))
st.markdown(t("magang.protection.why", lang, url=interns.LAW_URL))
recorded = ctx.totals("tahun", "pelindungan", status=interns.DEPARTED, **ctx.over_time())
latest = ctx.totals("pelindungan", status=interns.DEPARTED)
share = interns.protection_share(latest)
if share.share is not None:
    title = t("magang.protection.title", lang, share=percent(share.share, lang, 0),
              period=framing.period_of(ctx, latest))
else:
    title = t("magang.protection.title_neutral", lang)
    if share.hidden:
        st.caption(t("magang.protection.hidden", lang))
if recorded.empty or recorded["pelindungan"].isna().all():
    st.info(t("message.dimension_not_reported", lang,
              dimension=t("column.pelindungan", lang).lower()))
else:
    spec = dataclasses.replace(
        view.spec(ctx, title, view.subtitle(ctx, "by_pelindungan", recorded),
                  labels=view.labels_of(ctx, "pelindungan"), frame=recorded),
        not_reported=t("magang.protection.unknown", lang))
    view.chart(ctx, charts.bar_chart(recorded, "tahun", spec, color="pelindungan"), recorded,
               ["tahun", "pelindungan"], key="magang_protection")

# -- organisers explained ---------------------------------------------------------------------
st.subheader(t("magang.organisers.heading", lang))
for row in intern_data.organisers(ctx.version).itertuples(index=False):
    name = row.penyelenggara if lang == "id" else row.nama_en
    text = row.keterangan_id if lang == "id" else row.keterangan_en
    st.markdown(f"**{md(name)}** — {md(text)}")
