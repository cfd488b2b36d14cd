"""Dasbor PMI Banten — entry point: ``streamlit run app.py``.

Builds the store from the shipped data on first start, sets language and series (kept in the
URL), and hands over to the page navigation.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, state
from dashboard.i18n import LANGUAGES, t
from store.config import settings

st.set_page_config(page_title="Dasbor PMI Banten", page_icon="📊", layout="wide")

lang = state.language()
with st.spinner(t("store.building", lang)):
    store_version = data.version()
series_table = data.series(store_version)
available = series_table.loc[series_table["n_facts"] > 0, "series"].tolist()
default_series = settings().default_series
if default_series not in available and available:
    default_series = available[0]

with st.sidebar:
    st.title(t("app.title", lang))
    st.caption(t("app.tagline", lang))
    chosen_lang = st.radio(t("control.language", lang), LANGUAGES, horizontal=True,
                           index=LANGUAGES.index(lang),
                           format_func=lambda code: {"id": "Bahasa Indonesia",
                                                     "en": "English"}[code])
    state.set_param("lang", chosen_lang, "id")
    name_column = "nama_id" if chosen_lang == "id" else "nama_en"
    names = dict(zip(series_table["series"], series_table[name_column], strict=True))
    current = state.series(available, default_series)
    chosen_series = st.selectbox(t("control.series", lang), available,
                                 index=available.index(current) if current in available else 0,
                                 format_func=lambda s: names.get(s, s))
    state.set_param("seri", chosen_series, default_series)

if chosen_lang != lang:
    st.rerun()

pages = [st.Page("pages/ringkasan.py", title=t("nav.ringkasan", lang), url_path="ringkasan",
                 default=True)]
st.navigation(pages).run()
