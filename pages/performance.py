"""Kinerja (performance against targets): per indicator its target, realisation, achievement
(capaian), status and note for the chosen year, and its trend over the years.

Figures come from the loaded indicator files as written; only capaian and status are computed
(domain/kinerja.py). The year is kept in the URL (``?tahun_kinerja=2024``), apart from
the placement filter bar's ``tahun``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import (
    chart_summary,
    context,
    exports,
    kinerja_data,
    kinerja_text,
    render,
    share,
    state,
)
from dashboard import kinerja_charts as view
from dashboard.escape import markdown as md
from dashboard.i18n import percent, t
from dashboard.navigation import table_toggle
from domain import kinerja
from domain.config import kinerja_thresholds

PARAM = "tahun_kinerja"

ctx = context.current()
lang = ctx.lang
st.title(t("kinerja.title", lang))
rows = kinerja_data.indicators(ctx.version, lang)
if rows.empty:
    st.info(t("kinerja.empty", lang))
    st.stop()

met, nearly = kinerja_thresholds()
thresholds = kinerja.Thresholds(met, nearly)
yearly = kinerja.assess(kinerja.per_year(rows), thresholds)
years = kinerja.years(rows)
default = kinerja.default_year(rows)
asked = st.query_params.get(PARAM, "")
year = parsed if (parsed := state.ascii_int(asked, 4)) in years else default
if asked and str(year) != asked:
    st.query_params.pop(PARAM, None)  # malformed or without indicators: back to the default


def _year_changed() -> None:
    state.set_param(PARAM, str(st.session_state["kinerja_year"]), str(default))


st.session_state["kinerja_year"] = year
st.selectbox(t("kinerja.year", lang), sorted(years, reverse=True), key="kinerja_year",
             on_change=_year_changed)

shown = yearly[yearly["tahun"] == year].reset_index(drop=True)
if shown["is_sample"].any():
    st.warning(t("kinerja.sample_badge", lang), icon="⚠️")
st.markdown(t("kinerja.intro", lang))
counted = kinerja.counts(shown["status"])
st.markdown(t("kinerja.summary", lang, year=year, n=len(shown),
              **{status: f"{kinerja_text.STATUS_ICONS[status]} {counted[status]}"
                 for status in kinerja.STATUSES}))
st.caption(t("kinerja.thresholds", lang, met=percent(met / 100, lang, 0),
             nearly=percent(nearly / 100, lang, 0)))

reported = kinerja.latest_period(shown)
until = kinerja_text.until_label(*reported, lang) if reported else "–"
overview = view.year_overview(shown, year, thresholds, lang)
if overview is not None:
    if table_toggle(t("chart.show_table", lang), "kinerja_overview"):
        st.dataframe(view.overview_table(shown, lang), hide_index=True, width="stretch")
    else:
        render.figure(overview, key="kinerja_overview", summary=chart_summary.kinerja_overview(
            shown, lang, **chart_summary.words(overview)))


def _downloads(fig: object, history: pd.DataFrame, every: pd.DataFrame, key: str,
               summary: str = "") -> None:
    """Image of the chart (with its frame), every row of the indicator as CSV, and the share
    links and embed snippet (``summary``: the chart in a sentence, the image's alt text)."""
    with render.download_menu(lang, key) as is_open:
        if not is_open:
            return
        title, subtitle = exports.title_parts(fig)  # type: ignore[arg-type]
        sample = bool(history["is_sample"].any())
        meta = exports.ExportMeta(lang=lang, title=title, subtitle=subtitle,
                                  source=kinerja_text.sources_text(history),
                                  data_until=until, is_sample=sample,
                                  licence=str(history["licence"].dropna().iloc[-1])
                                  if history["licence"].notna().any() else exports.LICENCE,
                                  permalink=render.permalink(ctx), description=summary)
        render.image_downloads(fig, meta, key, key)  # type: ignore[arg-type]
        st.download_button("CSV", data=lambda: view.table_csv(every, lang, _header(sample)),
                           file_name=exports.download_name(meta, "csv"),
                           mime=exports.MIME["csv"], on_click="ignore", key=f"csv_{key}")
        share.section(fig, meta, key, key)  # type: ignore[arg-type]


def _header(sample: bool) -> list[tuple[str, str]]:
    lines = [(t("export.field.dashboard", lang), t("app.title", lang)),
             (t("export.field.title", lang), t("kinerja.title", lang)),
             (t("kinerja.column.status", lang),
              t("kinerja.thresholds", lang, met=percent(met / 100, lang, 0),
                nearly=percent(nearly / 100, lang, 0))),
             (t("export.field.downloaded", lang), exports.time_text(exports.ExportMeta().stamp(),
                                                                    lang))]
    if sample:
        lines.insert(0, (t("chart.sample_mark", lang), t("kinerja.sample_badge", lang)))
    return lines


def _card(row: pd.Series) -> None:
    history = yearly[yearly["kode_indikator"] == row["kode_indikator"]].sort_values("tahun")
    unit = str(row["satuan"])
    with st.container(border=True, key=f"kinerja_card_{row['kode_indikator']}"):
        st.markdown(f"#### {md(row['indikator'])}")
        st.markdown(f"{kinerja_text.status_chip(row['status'], lang)} &nbsp; "
                    f"**{kinerja_text.period_label(row['tahun'], row['triwulan'], lang)}**",
                    unsafe_allow_html=True)
        st.caption(t("kinerja.card_meta", lang, unit=md(unit),
                     responsible=md(row["unit_penanggung_jawab"] or "–"),
                     direction=kinerja_text.direction_text(str(row["arah"]), lang)))
        if kinerja.is_intern_indicator(row["kode_indikator"], row["indikator"]):
            st.caption(f":material/school: {t('kinerja.intern_indicator', lang)}")
        figures = st.columns(3)
        figures[0].metric(t("kinerja.target", lang),
                          kinerja_text.with_unit(row["target"], unit, lang))
        figures[1].metric(t("kinerja.realisasi", lang),
                          kinerja_text.with_unit(row["realisasi"], unit, lang)
                          if pd.notna(row["realisasi"]) else t("kinerja.not_reported", lang))
        figures[2].metric(t("kinerja.capaian", lang),
                          kinerja_text.capaian_text(row["capaian"], lang),
                          help=t(f"kinerja.formula.{row['arah']}", lang)
                          if row["target"] != 0 else t("kinerja.zero_target", lang))
        if isinstance(row["catatan"], str) and row["catatan"]:
            st.markdown(t("kinerja.note", lang, note=md(row["catatan"])))
        st.caption(t("kinerja.source_line", lang, source=md(kinerja_text.source_text(row)),
                     file=md(row["file_name"]), line=int(row["baris"])))
        key = f"kinerja_{row['kode_indikator']}"
        # the trend is built and drawn only when its card is opened: with every trend drawn
        # at once, the browser drew the overview (what is on screen first) after all of them
        trend = st.expander(t("kinerja.trend_open", lang), key=f"trend_{key}",
                            icon=":material/show_chart:", on_change="rerun")
        with trend:
            if trend.open:
                _trend(history, row, key)


def _trend(history: pd.DataFrame, row: pd.Series, key: str) -> None:
    """An indicator's chart over the years (or its table), with its downloads."""
    fig = view.trend_chart(history, lang)
    summary = chart_summary.kinerja_trend(history, lang, **chart_summary.words(fig))
    if table_toggle(t("chart.show_table", lang), key):
        st.dataframe(view.trend_table(history, lang), hide_index=True, width="stretch")
    else:
        render.figure(fig, key=key, summary=summary)
    every = kinerja.assess(rows[rows["kode_indikator"] == row["kode_indikator"]], thresholds)
    _downloads(fig, history, every, key, summary)


for start in range(0, len(shown), 2):  # a row of two cards; on a phone they stack in order
    for column, (_, indicator) in zip(st.columns(2), shown.iloc[start:start + 2].iterrows(),
                                      strict=False):
        with column:
            _card(indicator)

st.download_button(t("kinerja.download_all", lang),
                   data=lambda: view.table_csv(kinerja.assess(rows, thresholds), lang,
                                               _header(bool(rows["is_sample"].any()))),
                   file_name="kinerja-pmi-banten.csv", mime=exports.MIME["csv"],
                   on_click="ignore", key="kinerja_csv_all", icon=":material/download:")
with st.expander(t("kinerja.method_heading", lang)):
    st.markdown(t("kinerja.method", lang, met=percent(met / 100, lang, 0),
                  nearly=percent(nearly / 100, lang, 0)))
