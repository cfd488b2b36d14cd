"""Tentang (about): what the data is, sources, method, glossary, limits, contact, licence."""

from __future__ import annotations

import streamlit as st

from dashboard import context, data
from dashboard.escape import markdown as md
from dashboard.i18n import t

ctx = context.current()
st.title(t("tentang.title", ctx.lang))
for section in ("what", "series", "method", "privacy", "limits", "access", "glossary",
                "contact", "licence"):
    st.subheader(t(f"tentang.{section}.heading", ctx.lang))
    st.markdown(t(f"tentang.{section}.body", ctx.lang, threshold=ctx.threshold))
    if section == "series":
        table = data.series(ctx.version)
        for row in table.itertuples(index=False):
            name = row.nama_id if ctx.lang == "id" else row.nama_en
            note = row.keterangan_id if ctx.lang == "id" else row.keterangan_en
            st.markdown(f"- **{md(name)}** — {md(note)}")
    if section == "series":
        for source in data.sources(ctx.version, ctx.series, ctx.lang):
            st.caption(t("ringkasan.source", ctx.lang, source=md(source)))
