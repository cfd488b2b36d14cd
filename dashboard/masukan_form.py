"""The Masukan page's form and what happens when it is sent: check the limits (this session's
and this address's, kept in store/limits.py), check the fields (domain/masukan.py), take the
limits, store it (store/masukan.py: received, or queued when the hourly cap for everyone is
reached), and show the reference number and what was stored as plain text only (``st.text``;
never Markdown or HTML). pages/feedback.py only calls ``show``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import streamlit as st

from dashboard import client, masukan_view
from dashboard.context import ViewContext
from dashboard.i18n import number, t
from domain import filters, masukan
from domain.config import MasukanSettings, masukan_settings, web_settings
from domain.limits import SESSION, Limit
from store import limits as limits_store
from store import masukan as masukan_store

SENT = "masukan_sent"
CLEAR = "masukan_clear"
FIELDS = ("masukan_topik", "masukan_nama", "masukan_kontak", "masukan_pesan")


@dataclass(frozen=True)
class Outcome:
    """What became of one submission. ``kind``: ``stored``, ``invalid``, ``wait`` (a limit of
    the session, or of the address when ``by_address``), ``busy`` (everyone's cap and its
    queue are full), ``error`` (the feedback store could not be written), ``limits_error`` (nor
    the limits store)."""

    kind: str
    wait_seconds: float = 0.0
    by_address: bool = False
    checked: masukan.Checked | None = None
    receipt: masukan_store.Receipt | None = None


def _waiting(subject_limits: tuple[Limit, ...], waits: tuple[float, ...]) -> Outcome:
    longest = max(waits)
    by_address = all(limit.scope != SESSION for limit, wait in zip(subject_limits, waits,
                                                                    strict=True)
                     if wait == longest)
    return Outcome("wait", wait_seconds=longest, by_address=by_address)


def submit(ctx: ViewContext, topic: str | None, name: str | None, contact: str | None,
           message: str | None, settings: MasukanSettings, *, session: str,
           address: str) -> Outcome:
    """Check → limits → store → reference, for one press of *Kirim*."""
    limits_file = web_settings().limits_db
    subject_limits = masukan.limits(settings, session, address)
    try:
        waits = limits_store.waits(limits_file, subject_limits)
    except limits_store.LimitStoreError:
        return Outcome("limits_error")
    if any(w > 0 for w in waits):
        return _waiting(subject_limits, waits)
    checked = masukan.check(topic, name, contact, message, ctx.lang, masukan.view_reference(
        {"seri": ctx.series, **filters.to_params(ctx.state, ctx.choices)}))
    if checked.entry is None:
        return Outcome("invalid", checked=checked)
    try:
        taken = limits_store.take(limits_file, subject_limits)
    except limits_store.LimitStoreError:
        return Outcome("limits_error")
    if not taken.ok:  # another submission of this session or address came first
        return _waiting(subject_limits, taken.waits)
    try:
        receipt = masukan_store.add(checked.entry, settings.db,
                                     retention_days=settings.retention_days,
                                     max_per_hour=settings.max_per_hour,
                                     queue_per_hour=settings.queue_per_hour)
    except masukan_store.MasukanBusy as busy:
        limits_store.give_back(limits_file, taken.ids)
        return Outcome("busy", wait_seconds=busy.retry_seconds)
    except (masukan_store.MasukanStoreError, duckdb.Error):
        limits_store.give_back(limits_file, taken.ids)
        return Outcome("error")
    return Outcome("stored", checked=checked, receipt=receipt)


def _privacy(lang: str, settings: MasukanSettings) -> None:
    st.subheader(t("masukan.privacy.heading", lang))
    st.markdown("\n".join(
        f"- {t(f'masukan.privacy.{part}', lang, days=number(settings.retention_days, lang))}"
        for part in ("kept", "not_kept", "why", "who", "how_long")))


def _form(lang: str) -> tuple[bool, str | None, str, str, str]:
    with st.form("masukan_form", border=True):
        topic = st.selectbox(t("masukan.topic.label", lang), masukan.TOPICS, index=None,
                             placeholder=t("masukan.topic.placeholder", lang),
                             format_func=lambda code: t(f"masukan.topic.{code}", lang),
                             key="masukan_topik")
        name = st.text_input(t("masukan.name.label", lang), max_chars=masukan.NAME_MAX,
                             key="masukan_nama")
        contact = st.text_input(t("masukan.contact.label", lang),
                                max_chars=masukan.CONTACT_MAX,
                                help=t("masukan.contact.help", lang), key="masukan_kontak")
        message = st.text_area(t("masukan.message.label", lang),
                               max_chars=masukan.MESSAGE_MAX, height=180,
                               key="masukan_pesan")
        st.caption(t("masukan.limits", lang, name=number(masukan.NAME_MAX, lang),
                     contact=number(masukan.CONTACT_MAX, lang),
                     min=number(masukan.MESSAGE_MIN, lang),
                     max=number(masukan.MESSAGE_MAX, lang)))
        submitted = st.form_submit_button(t("masukan.submit", lang), type="primary",
                                          key="masukan_kirim")
    return submitted, topic, name, contact, message


def _show_outcome(outcome: Outcome, lang: str) -> None:
    """The message for a submission that was not stored (a stored one reruns first)."""
    wait = masukan_view.wait_text(math.ceil(outcome.wait_seconds), lang)
    if outcome.kind == "wait":
        st.warning(t("masukan.address_limited" if outcome.by_address else
                     "masukan.rate_limited", lang, wait=wait))
    elif outcome.kind == "busy":
        st.warning(t("masukan.busy", lang, wait=wait))
    elif outcome.kind == "invalid" and outcome.checked is not None:
        st.error("\n".join([t("masukan.error.heading", lang), "",
                            *(f"- {masukan_view.error_text(error, lang)}"
                              for error in outcome.checked.errors)]))
    elif outcome.kind == "error":
        st.error(t("masukan.store_error", lang))
    elif outcome.kind == "limits_error":
        st.error(t("masukan.limits_error", lang))


def _show_sent(lang: str) -> None:
    receipt, entry, masked = st.session_state[SENT]
    key = "masukan.queued" if receipt.status == masukan.QUEUED else "masukan.thanks"
    st.success(t(key, lang, ref=masukan.reference(receipt.id)))
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


def show(ctx: ViewContext) -> None:
    """The whole Masukan page: intro, privacy note, form, outcome, confirmation."""
    lang = ctx.lang
    settings = masukan_settings()
    if st.session_state.pop(CLEAR, False):  # after a submission was stored: an empty form
        st.session_state.update({key: None if key == "masukan_topik" else "" for key in FIELDS})
    st.title(t("masukan.title", lang))
    st.markdown(t("masukan.intro", lang))
    _privacy(lang, settings)
    submitted, topic, name, contact, message = _form(lang)
    if submitted:
        st.session_state.pop(SENT, None)
        outcome = submit(ctx, topic, name, contact, message, settings,
                         session=client.session_token(), address=client.address())
        if outcome.kind == "stored" and outcome.checked is not None \
                and outcome.checked.entry is not None and outcome.receipt is not None:
            st.session_state[SENT] = (outcome.receipt, outcome.checked.entry,
                                      outcome.checked.masked)
            st.session_state[CLEAR] = True
            st.rerun()
        _show_outcome(outcome, lang)
    if SENT in st.session_state:
        _show_sent(lang)
