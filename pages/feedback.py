"""Masukan (feedback): a form for the public — topic, message, optional name and contact —
with the privacy note, a per-session rate limit and a confirmation that shows what was stored
as plain text only (``st.text``; never Markdown or HTML). Rules and cleaning are in
domain/feedback.py, storage in store/feedback.py; the maintainers' list is not on this page
(dashboard/feedback_admin.py, shown on the maintainer's page)."""

from __future__ import annotations

import duckdb
import streamlit as st

from dashboard import context, feedback_view
from dashboard.i18n import number, t
from domain import feedback, filters
from domain.config import feedback_settings
from store import feedback as feedback_store

LIMITER = "masukan_limiter"
SENT = "masukan_sent"
CLEAR = "masukan_clear"
FIELDS = ("masukan_topik", "masukan_nama", "masukan_kontak", "masukan_pesan")

ctx = context.current()
lang = ctx.lang
settings = feedback_settings()
if LIMITER not in st.session_state:
    st.session_state[LIMITER] = feedback.SessionLimiter(feedback.RateLimit.from_settings(settings))
limiter: feedback.SessionLimiter = st.session_state[LIMITER]
if st.session_state.pop(CLEAR, False):  # after a submission was stored: an empty form
    st.session_state.update({key: None if key == "masukan_topik" else "" for key in FIELDS})

st.title(t("masukan.title", lang))
st.markdown(t("masukan.intro", lang))
st.subheader(t("masukan.privacy.heading", lang))
st.markdown("\n".join(
    f"- {t(f'masukan.privacy.{part}', lang, days=number(settings.retention_days, lang))}"
    for part in ("kept", "not_kept", "why", "who", "how_long")))

with st.form("masukan_form", border=True):
    topic = st.selectbox(t("masukan.topic.label", lang), feedback.TOPICS, index=None,
                         placeholder=t("masukan.topic.placeholder", lang),
                         format_func=lambda code: t(f"masukan.topic.{code}", lang),
                         key="masukan_topik")
    name = st.text_input(t("masukan.name.label", lang), max_chars=feedback.NAME_MAX,
                         key="masukan_nama")
    contact = st.text_input(t("masukan.contact.label", lang), max_chars=feedback.CONTACT_MAX,
                            help=t("masukan.contact.help", lang), key="masukan_kontak")
    message = st.text_area(t("masukan.message.label", lang), max_chars=feedback.MESSAGE_MAX,
                           height=180, key="masukan_pesan")
    st.caption(t("masukan.limits", lang, name=number(feedback.NAME_MAX, lang),
                 contact=number(feedback.CONTACT_MAX, lang),
                 min=number(feedback.MESSAGE_MIN, lang), max=number(feedback.MESSAGE_MAX, lang)))
    submitted = st.form_submit_button(t("masukan.submit", lang), type="primary",
                                      key="masukan_kirim")

if submitted:
    st.session_state.pop(SENT, None)
    wait = limiter.wait_seconds()
    checked = None if wait else feedback.check(
        topic, name, contact, message, lang,
        feedback.view_reference({"seri": ctx.series, **filters.to_params(ctx.state,
                                                                         ctx.choices)}))
    if wait:
        st.warning(t("masukan.rate_limited", lang, wait=feedback_view.wait_text(wait, lang)))
    elif checked is not None and not checked.ok:
        st.error("\n".join([t("masukan.error.heading", lang), "",
                            *(f"- {feedback_view.error_text(error, lang)}"
                              for error in checked.errors)]))
    elif checked is not None and checked.entry is not None:
        try:
            entry_id = feedback_store.add(checked.entry, settings.db,
                                          retention_days=settings.retention_days,
                                          max_per_hour=settings.max_per_hour)
        except feedback_store.FeedbackBusy:
            st.warning(t("masukan.busy", lang))
        except (feedback_store.FeedbackStoreError, duckdb.Error):
            st.error(t("masukan.store_error", lang))
        else:
            limiter.record()
            st.session_state[SENT] = (entry_id, checked.entry, checked.masked)
            st.session_state[CLEAR] = True
            st.rerun()

if SENT in st.session_state:
    entry_id, entry, masked = st.session_state[SENT]
    st.success(t("masukan.thanks", lang, ref=feedback.reference(entry_id)))
    if masked:
        st.info(t("masukan.masked", lang))
    st.caption(t("masukan.sent.heading", lang))
    with st.container(border=True):
        for column, value in (("topik", t(f"masukan.topic.{entry.topik}", lang)),
                              ("nama", entry.nama), ("kontak", entry.kontak),
                              ("pesan", entry.pesan)):
            if value:
                st.caption(t(f"masukan.column.{column}", lang))
                st.text(value)  # plain text: no Markdown, no HTML
