"""Peta (map): the 8 regencies coloured by a chosen metric, a tile-map view, and the profile of
the regency picked on the map or in the filter bar (which sets the regency in the URL)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from dashboard import (
    chart_spec,
    chart_summary,
    charts,
    context,
    data,
    escape,
    framing,
    maps,
    navigation,
    render,
    state,
    time_control,
)
from dashboard.figure_memo import Keyed
from dashboard.i18n import number, t
from dashboard.map_figure import plotly_config
from domain import page_choices

ctx = context.current()
render.page_header(ctx, "peta.title")
time_control.period(ctx)
ALL = {"kode_wilayah": ()}
PROFILE_ANCHOR = "profil"

# the measure, the tile view and the table are kept in the URL (dashboard/navigation.py)
metric = navigation.choice(t("peta.metric", ctx.lang), page_choices.MAP_METRIC, "peta_metric",
                           format_func=lambda m: t(f"peta.metric.{m}", ctx.lang))
geojson = data.boundaries(data.boundaries_key())
tiles = geojson is None or navigation.switch(t("peta.tiles", ctx.lang), page_choices.MAP_VIEW,
                                             "peta_tiles")
if geojson is None:
    st.info(t("peta.no_boundaries", ctx.lang))

current = ctx.totals("kode_wilayah", **ALL)
if render.empty(ctx, current):
    st.stop()
population = dict(zip(data.population(ctx.version)["kode_wilayah"],
                      data.population(ctx.version)["penduduk"], strict=True))
span = ctx.state.tahun_akhir - ctx.state.tahun_awal + 1
previous = ctx.totals("kode_wilayah", kode_wilayah=(), tahun_awal=ctx.state.tahun_awal - span,
                      tahun_akhir=ctx.state.tahun_awal - 1) if metric == "perubahan" else None
values = maps.region_metric(
    metric, current, population,
    by_gender=ctx.totals("kode_wilayah", "jenis_kelamin", **ALL) if metric == "perempuan"
    else None,
    by_sector=ctx.totals("kode_wilayah", "sektor", **ALL) if metric == "formal" else None,
    previous=previous)
codes = list(ctx.choices.regions)
digits = 0 if metric == "jumlah" else 1
frame = pd.DataFrame({"kode_wilayah": codes, "nilai": [values.get(c) for c in codes]})
names = {c: ctx.region_name(c) for c in codes}
known = frame.dropna()
leader = known.sort_values("nilai").iloc[-1]["kode_wilayah"] if not known.empty else None
# "X placed the most" holds only if no unpublished regency could exceed X: the part not broken
# down by regency must be smaller than X's figure (else a neutral title)
hidden = current.loc[current["kode_wilayah"].isna(), "jumlah"].fillna(0).sum()
unpublished = len(known) < len(codes)
if leader is None or (unpublished and (metric != "jumlah" or hidden >= values[leader]
                                       or hidden == 0)):
    title = t("peta.title.neutral", ctx.lang, what=t(f"peta.metric.{metric}", ctx.lang))
else:
    title = t(f"peta.title.{metric}", ctx.lang, region=names.get(leader, "–"))
what = t(f"peta.metric.{metric}", ctx.lang)
published = current[current["kode_wilayah"].notna()]
# the map shows every regency whatever the filter (which picks the profile): its words too
whole = dataclasses.replace(ctx, state=dataclasses.replace(ctx.state, wilayah=()))
spec = render.spec(whole, title, render.subtitle(whole, f"peta.metric.{metric}", published))
credit = data.attribution(ctx.lang)
footer = spec.footer + (f"<br>{escape.plotly(credit)}" if credit and not tiles else "")


def fmt(value: float) -> str:
    return number(value, ctx.lang, digits)


classes = maps.classes_of(frame["nilai"].dropna().tolist())
map_column, profile_column = st.columns([3, 2])
with map_column:
    map_spec = chart_spec.ChartSpec(title=spec.title, subtitle=spec.subtitle, footer=footer,
                                    lang=ctx.lang, sample_mark=spec.sample_mark, height=600)
    if tiles:
        fig = maps.framed(maps.tile_map(values, names, classes, fmt,
                                        t("peta.no_data", ctx.lang)), map_spec)
    else:  # built once per view (maps.boundary_map), shared by every session
        fig = maps.boundary_map(
            Keyed(data.boundaries_key(), geojson), frame, map_spec,
            lang=ctx.lang, digits=digits, value_label=what,
            no_data=t("peta.no_data", ctx.lang), names=names,
            labels={c: t("peta.no_data", ctx.lang) if pd.isna(v) else fmt(v)
                    for c, v in zip(codes, frame["nilai"], strict=True)})
    words = chart_spec.chart_frame(fig)
    summary = chart_summary.summarise(
        frame, "kode_wilayah", ctx.lang, title=words.title if words else "",
        subtitle=words.subtitle if words else "", value="nilai", labels=names,
        sample_mark=words.sample_mark if words else "")
    event = render.figure(fig, key=f"peta_chart_{'tiles' if tiles else 'map'}",
                          config=plotly_config(), on_select="rerun", selection_mode="points",
                          summary=summary)
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    if points:
        picked = points[0].get("location") or points[0].get("customdata")
        if isinstance(picked, list):
            picked = picked[0]
        if picked in codes and ctx.state.wilayah != (picked,):
            st.query_params["wilayah"] = str(picked)
            st.rerun()
    for note in (framing.coverage_note(whole, published),
                 render.not_reported_note(ctx, current, "kode_wilayah")):
        if note:
            st.caption(f":material/info: {note}")
    if len(ctx.state.wilayah) == 1:  # on a phone the profile is further down: a link to it
        st.markdown(f"[{t('peta.to_profile', ctx.lang, region=names[ctx.state.wilayah[0]])}]"
                    f"(#{PROFILE_ANCHOR})")
    else:
        st.caption(f":material/touch_app: {t('peta.tap_hint', ctx.lang)}")
    render.export_menu(whole, fig, lambda: pd.DataFrame({
        t("column.kode_wilayah", ctx.lang): [names[c] for c in codes],
        what: [t("peta.no_data", ctx.lang) if pd.isna(v) else round(v, digits)
               for v in frame["nilai"]],
    }), f"peta_{metric}", frame=published,
        coverage_note=framing.coverage_note(whole, published), summary=summary)
    if navigation.table_toggle(t("chart.show_table", ctx.lang), "peta"):
        st.dataframe(pd.DataFrame({
            t("column.kode_wilayah", ctx.lang): [names[c] for c in codes],
            what: [t("peta.no_data", ctx.lang) if pd.isna(v) else fmt(v) for v in
                   frame["nilai"]],
            t("peta.classes", ctx.lang): ["–" if pd.isna(v) or classes.index(v) is None else
                                          classes.labels(fmt, digits == 0)[classes.index(v)]
                                          for v in frame["nilai"]],
        }), hide_index=True, width="stretch")

def _pick_region() -> None:
    state.set_param("wilayah", st.session_state.get("peta_region") or "", "")


with profile_column:
    # the same profile as a click on the map, by keyboard or screen reader (issue 18)
    st.selectbox(t("peta.region_select", ctx.lang), codes, key="peta_region",
                 index=codes.index(ctx.state.wilayah[0]) if len(ctx.state.wilayah) == 1
                 and ctx.state.wilayah[0] in codes else None,
                 format_func=lambda c: names.get(c, c),
                 placeholder=t("peta.region_placeholder", ctx.lang), on_change=_pick_region)
    if len(ctx.state.wilayah) != 1:
        st.info(t("peta.pick", ctx.lang))
    else:
        code = ctx.state.wilayah[0]
        st.subheader(names[code], anchor=PROFILE_ANCHOR)
        ranked = known.sort_values("nilai", ascending=False)["kode_wilayah"].tolist()
        if code in ranked:
            st.metric(what, fmt(values[code]),  # type: ignore[arg-type]
                      help=t("peta.rank", ctx.lang, rank=ranked.index(code) + 1,
                             count=len(ranked)))
            st.caption(t("peta.rank", ctx.lang, rank=ranked.index(code) + 1,
                         count=len(ranked)))
        years = ctx.choices.years
        trend = ctx.totals("tahun", tahun_awal=years[0], tahun_akhir=years[-1])
        spec_trend = render.spec(ctx, t("peta.profile.trend", ctx.lang, region=names[code]),
                                 render.subtitle(ctx, "what.placements_per_year", trend),
                                 height=300, frame=trend)
        spec_trend = time_control.marked(ctx, spec_trend)  # every year, the period framed
        render.chart(ctx, charts.bar_chart(trend, "tahun", spec_trend), trend, ["tahun"],
                     key="peta_trend")
        for dimension, what_key in (("skema", "what.placements_by_scheme"),
                                    ("sektor", "what.placements_by_sector")):
            mix = ctx.totals(dimension)
            spec_mix = render.spec(ctx, t(f"peta.profile.{dimension}", ctx.lang,
                                          region=names[code]),
                                   render.subtitle(ctx, what_key, mix),
                                   labels=ctx.labels.get(dimension, {}), height=260)
            render.chart(ctx, charts.ranking_chart(mix, dimension, spec_mix, dimension), mix,
                         [dimension], key=f"peta_{dimension}")
        countries = ctx.totals("negara_tujuan")
        top = countries[countries["negara_tujuan"].notna()].sort_values(
            "jumlah", ascending=False).head(5)
        if not top.empty:
            spec_top = render.spec(ctx, t("peta.profile.countries", ctx.lang,
                                          region=names[code]),
                                   render.subtitle(ctx, "what.placements_by_country", top),
                                   labels=ctx.labels["negara_tujuan"], height=260)
            render.chart(ctx, charts.ranking_chart(top, "negara_tujuan", spec_top), top,
                         ["negara_tujuan"], key="peta_countries")
