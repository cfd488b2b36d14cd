"""Data: the filtered table behind the charts, with the data dictionary."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import context, data, intern_render, intern_view, navigation, render
from dashboard.escape import markdown as md
from dashboard.i18n import t
from domain import page_choices

ctx = context.current()
render.page_header(ctx, "data.title", "data.intro")
DIMENSIONS = ("tahun", "bulan", *page_choices.DATA_COLUMNS.options)
# the columns are kept in the URL (``kolom``, dashboard/navigation.py)
chosen = navigation.choices(t("data.columns", ctx.lang), page_choices.DATA_COLUMNS,
                            "data_columns", format_func=lambda c: t(f"column.{c}", ctx.lang))
by = ["tahun", *[d for d in DIMENSIONS[1:] if d in chosen or (d == "bulan" and ctx.state.bulan)]]
table = ctx.totals(*by)
if not render.empty(ctx, table):
    st.dataframe(render.display_table(table, ctx, by), hide_index=True,
                 width="stretch")
    st.caption(t("data.rows", ctx.lang, rows=len(table), threshold=ctx.threshold))

st.subheader(t("data.dictionary", ctx.lang))
dictionary = pd.DataFrame({
    t("data.column_name", ctx.lang): [*DIMENSIONS, "jumlah"],
    t("data.column_meaning", ctx.lang): [t(f"dictionary.{c}", ctx.lang)
                                         for c in (*DIMENSIONS, "jumlah")],
})
st.dataframe(dictionary, hide_index=True, width="stretch")

st.subheader(t("data.interns_heading", ctx.lang))
st.markdown(t("data.interns_intro", ctx.lang))
interns_view = intern_view.setup(ctx.lang)
if interns_view is None:
    st.info(t("magang.no_data", ctx.lang))
else:
    st.caption(t("data.interns_series", ctx.lang, series=md(interns_view.series_name)))
    intern_table = intern_render.status_table(interns_view)
    st.dataframe(intern_table, hide_index=True, width="stretch")

st.subheader(t("data.open_heading", ctx.lang))
st.markdown(t("data.open_intro", ctx.lang, threshold=ctx.threshold))


columns = st.columns(2)
for index, fmt in enumerate(("csv", "xlsx", "parquet", "datapackage")):
    column, label = columns[index % 2], t(f"data.format.{fmt}", ctx.lang)
    suffix = "xlsx" if fmt == "xlsx" else "zip"
    column.download_button(label, data=lambda fmt=fmt: data.open_data_file(fmt),
                           file_name=f"pmi-banten-{fmt}.{suffix}",
                           mime=("application/vnd.openxmlformats-officedocument."
                                 "spreadsheetml.sheet") if fmt == "xlsx" else "application/zip",
                           on_click="ignore", key=f"open_{fmt}")
