"""Ringkasan (overview): the headline figure, its change, the yearly series, data date and
sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, state
from dashboard.i18n import month_year, number, percent, t
from store.config import settings
from store.queries import Filters

lang = state.language()
version = data.version()
series_table = data.series(version).set_index("series")
available = series_table.index[series_table["n_facts"] > 0].tolist()
series = state.series(available, settings().default_series)
if series not in series_table.index or series_table.loc[series, "n_facts"] == 0:
    st.info(t("ringkasan.no_data", lang))
    st.stop()

if bool(series_table.loc[series, "is_sample"]):
    st.warning(t("badge.sample", lang), icon="⚠️")

by_year = data.totals(version, series, ("tahun",), Filters())
until = data.data_until(version, series)
latest = int(by_year["tahun"].max())
latest_total = int(by_year.loc[by_year["tahun"] == latest, "jumlah"].iloc[0])
previous = by_year[by_year["tahun"] == latest - 1]

st.header(t("ringkasan.headline", lang, year=latest))
delta = None
if not previous.empty and until and until[1] == 12:
    before = int(previous["jumlah"].iloc[0])
    change = latest_total - before
    delta = f"{number(change, lang)} ({percent(change / before, lang) if before else '–'}) " + \
        t("ringkasan.change", lang, year=latest - 1)
st.metric(t("column.jumlah", lang), number(latest_total, lang), delta=delta)
if until:
    period = month_year(until[0], until[1], lang)
    st.caption(t("ringkasan.until", lang, period=period))
    if until[1] < 12:
        st.caption(t("ringkasan.partial_year", lang, year=until[0], period=period))

st.subheader(t("ringkasan.by_year", lang))
table = pd.DataFrame({
    t("column.tahun", lang): by_year["tahun"].astype(str),
    t("column.jumlah", lang): [number(v, lang) for v in by_year["jumlah"]],
})
st.dataframe(table, hide_index=True, use_container_width=True)
for source in data.sources(version, series):
    st.caption(t("ringkasan.source", lang, source=source))
