"""Pembaruan data (data updates): every loaded file with its source, period, rows and load
time; the date each series runs to; and the data-quality findings (tables that disagree on a
total, recap totals that did not add up, occupations outside the standard list). Files of
performance indicators (Kinerja page) are listed too, as "Indikator kinerja", and files of
interns abroad (Pemagangan page) under their intern series."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import context, data, framing, intern_data, kinerja_data, kinerja_text
from dashboard.escape import markdown as md
from dashboard.i18n import month_year, number, t
from domain import interns, kinerja
from domain.filters import Filters
from domain.reference import PROVINCE_CODE

ctx = context.current()
st.title(t("pembaruan.title", ctx.lang))
st.markdown(t("pembaruan.intro", ctx.lang))
batches = data.provenance(ctx.version)
name_column = "nama_id" if ctx.lang == "id" else "nama_en"
indicator_batches = batches["jenis"] == "kinerja"
batches[name_column] = batches[name_column].where(~indicator_batches,
                                                  t("kinerja.updates_series", ctx.lang))


def _until(series: str, is_indicators: bool, is_interns: bool = False) -> str:
    """The last period a series (or the performance indicators) has figures for."""
    if is_indicators:
        latest = kinerja.latest_period(kinerja_data.indicators(ctx.version))
        return kinerja_text.until_label(*latest, ctx.lang) if latest else "–"
    until = intern_data.data_until(ctx.version, series) if is_interns else \
        data.data_until(ctx.version, series)
    return month_year(*until, ctx.lang) if until else "–"


def _coverage(series: str, kind: str) -> str:
    """What a series covers per year (for interns: their departures), whatever the filters."""
    if kind == "kinerja":
        return "–"
    if kind == interns.KIND:
        by_year = intern_data.totals(ctx.version, series, interns.DEPARTED, ("tahun",),
                                     interns.InternFilters(), ctx.threshold)
    else:
        by_year = data.totals(ctx.version, series, ("tahun",), Filters(), ctx.threshold)
    return framing.series_coverage(ctx, by_year)


st.subheader(t("pembaruan.until_heading", ctx.lang))
rows = []
for series, group in batches.groupby("series", sort=False):
    rows.append({
        t("pembaruan.series", ctx.lang): group[name_column].iloc[0]
        + (f" ({t('chart.sample_mark', ctx.lang)})" if bool(group["is_sample"].any()) else ""),
        t("pembaruan.until", ctx.lang): _until(str(series),
                                               bool(group["jenis"].eq("kinerja").all()),
                                               bool(group["jenis"].eq(interns.KIND).all())),
        t("pembaruan.coverage", ctx.lang): _coverage(str(series), str(group["jenis"].iloc[0])),
        t("pembaruan.last_loaded", ctx.lang): str(group["loaded_at"].max())[:16],
    })
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.subheader(t("pembaruan.batches_heading", ctx.lang))
sources = data.batch_sources(ctx.version, ctx.lang)
st.dataframe(pd.DataFrame({
    t("pembaruan.series", ctx.lang): batches[name_column],
    t("pembaruan.file", ctx.lang): [f if not s or pd.isna(s) else f"{f} [{s}]"
                                    for f, s in zip(batches["file_name"], batches["sheet"],
                                                    strict=True)],
    t("pembaruan.source", ctx.lang): [sources.get(int(b), "–") for b in batches["batch_id"]],
    t("pembaruan.period", ctx.lang): [f"{a}–{b}" if a != b else str(a) for a, b in
                                      zip(batches["tahun_awal"], batches["tahun_akhir"],
                                          strict=True)],
    t("pembaruan.rows", ctx.lang): [number(v, ctx.lang) for v in batches["rows_stored"]],
    t("pembaruan.loaded", ctx.lang): batches["loaded_at"].astype(str).str[:16],
    "SHA-256": batches["sha256"].str[:12],
}), hide_index=True, width="stretch")

st.subheader(t("pembaruan.quality_heading", ctx.lang))
findings = []
for row in data.disagreements(ctx.version).itertuples(index=False):
    findings.append(t("pembaruan.disagreement", ctx.lang, series=md(row.series), year=row.tahun,
                      region=ctx.region_name(None if row.kode_wilayah == PROVINCE_CODE
                                             else row.kode_wilayah),
                      tables=", ".join(f"{md(a)} = {number(int(b), ctx.lang)}"
                                       for a, b in zip(row.tables, row.totals, strict=True))))
for row in intern_data.disagreements(ctx.version).itertuples(index=False):
    findings.append(t("pembaruan.disagreement", ctx.lang,
                      series=md(f"{row.series} ({row.status})"), year=row.tahun,
                      region=ctx.region_name(None if row.kode_wilayah == PROVINCE_CODE
                                             else row.kode_wilayah),
                      tables=", ".join(f"{md(a)} = {number(int(b), ctx.lang)}"
                                       for a, b in zip(row.tables, row.totals, strict=True))))
for row in batches.itertuples(index=False):
    findings += [t("pembaruan.warning", ctx.lang, file=md(row.file_name), text=md(w))
                 for w in row.warnings]
    findings += [t("pembaruan.unknown", ctx.lang, file=md(row.file_name), text=md(u))
                 for u in row.unknown_values]
if findings:
    st.markdown("\n".join(f"- {f}" for f in findings))
else:
    st.info(t("pembaruan.no_findings", ctx.lang))
