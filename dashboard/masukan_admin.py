"""The maintainers' view of public feedback: the list, newest first, with a topic filter, the
whole message of a selected row and a CSV download (formula guard applied).

Only for the password-protected maintainer page (``kelola``), which calls ``show(lang)``; it
does no authentication itself and is never shown on a public page. User text is shown as plain
text only (``st.dataframe`` and ``st.text``), never as Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dashboard import escape
from dashboard.i18n import number, t
from domain import masukan
from domain.config import masukan_settings
from loaders import masukan_export
from store import masukan as masukan_store

KEY = "masukan_admin"


def admin_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A listing as shown: reference number, time in WIB, topic in ``lang``, translated
    headers; user text as stored."""
    columns = {c: t(f"masukan.column.{c}", lang) for c in masukan_store.COLUMNS}
    shown = pd.DataFrame({
        "id": [masukan.reference(v) for v in frame["id"]],
        "diterima_pada": [masukan.received_wib(pd.Timestamp(v).to_pydatetime())
                          .strftime("%Y-%m-%d %H:%M") for v in frame["diterima_pada"]],
        "topik": [t(f"masukan.topic.{v}", lang) if v in masukan.TOPICS else v
                  for v in frame["topik"]],
        **{c: list(frame[c]) for c in ("nama", "kontak", "pesan", "bahasa", "halaman")},
        "status": [t(f"masukan.status.{v}", lang) if v in masukan.STATUSES else v
                   for v in frame["status"]],
    }, dtype=object)
    return shown.rename(columns=columns)


def show(lang: str, file: Path | None = None) -> None:
    """The feedback list for maintainers (``file``: the feedback store; default from config)."""
    settings = masukan_settings()
    st.subheader(t("masukan.admin.title", lang))
    st.caption(t("masukan.admin.note", lang, days=number(settings.retention_days, lang)))
    try:
        frame = masukan_store.entries(file or settings.db)
    except (masukan_store.MasukanStoreError, duckdb.Error) as error:
        st.error(t("masukan.admin.error", lang, error=escape.markdown(error)))
        return
    if frame.empty:
        st.info(t("masukan.admin.empty", lang))
        return
    chosen = st.multiselect(t("masukan.admin.filter", lang), masukan.TOPICS,
                            format_func=lambda code: t(f"masukan.topic.{code}", lang),
                            placeholder=t("masukan.admin.all_topics", lang), key=f"{KEY}_topik")
    shown = frame[frame["topik"].isin(chosen)] if chosen else frame
    st.caption(t("masukan.admin.count", lang, shown=number(len(shown), lang),
                 total=number(len(frame), lang)))
    selection = st.dataframe(admin_table(shown, lang), hide_index=True, width="stretch",
                             on_select="rerun", selection_mode="single-row", key=f"{KEY}_table")
    rows = selection.selection.rows if selection is not None else []
    if rows and rows[0] < len(shown):
        picked = shown.iloc[rows[0]]
        st.caption(f"{masukan.reference(picked['id'])} · {t('masukan.column.pesan', lang)}")
        st.text(picked["pesan"])  # plain text: no Markdown, no HTML
    else:
        st.caption(t("masukan.admin.select_hint", lang))
    st.download_button(t("masukan.admin.download", lang), data=masukan_export.csv_bytes(shown),
                       file_name=f"masukan-{dt.date.today():%Y%m%d}.csv", mime="text/csv",
                       key=f"{KEY}_csv", icon=":material/download:")
