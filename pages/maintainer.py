"""Kelola (maintainers): upload a file, read the same report as ``loaders check`` plus a dry
run against the store, then load it or cancel; the batch history with roll-back.

Protected (domain/auth.py): without a configured password hash (or st.login accounts) the
page says only that it is not enabled — how to enable it is for the operator
(docs/maintainer.md), and a faulty setting is logged, never shown. It is not in the public
navigation (app.py lists it only to a signed-in maintainer) but keeps its address.
The page declares; the upload and history flow is
dashboard/kelola_flow.py (which runs loaders/upload.py).
"""

from __future__ import annotations

import streamlit as st

from dashboard import (
    context,
    kelola_flow,
    login_guard,
    masukan_admin,
    navigation,
    publication_admin,
    upload_view,
)
from dashboard.i18n import t
from domain import auth

ctx = context.current()
lang = ctx.lang
st.title(t("kelola.title", lang))
config = auth.access_config(st.secrets)


def account_email() -> str | None:
    """The st.login account, when that kind of login is set up and someone is logged in."""
    if config.accounts and st.user.is_logged_in:
        email = st.user.get("email")
        return str(email) if email else None
    return None


def show_not_enabled() -> None:
    """What anyone sees while no login is configured: one sentence, no server setup, paths or
    setting names (those are in docs/maintainer.md); a setting that cannot be used is logged
    for the operator."""
    st.info(t("kelola.not_enabled", lang))
    if config.problem:
        kelola_flow.log_unusable_setting(config.problem)


def show_login() -> None:
    """Password form (and the account button); reruns once logged in."""
    st.markdown(t("kelola.login_intro", lang))
    guard = login_guard.current()
    if config.password:
        with st.form("kelola_login_form"):
            password = st.text_input(t("kelola.password", lang), type="password")
            submitted = st.form_submit_button(t("kelola.login", lang))
        if submitted:
            result = auth.attempt(password, config, guard)
            if result == auth.OK:
                auth.log_in(st.session_state, config)
                st.rerun()
            st.error(login_guard.message(result, guard, lang))
    if config.accounts:
        email = account_email()
        if email:
            st.warning(t("kelola.account_not_allowed", lang,
                         email=upload_view.escape_markdown(email)))
            st.button(t("kelola.logout", lang), on_click=st.logout, key="kelola_sso_out")
        else:
            st.button(t("kelola.login_account", lang), key="kelola_sso_in",
                      on_click=lambda: st.login(config.login_provider) if config.login_provider
                      else st.login())


if not config.configured:
    show_not_enabled()
    st.stop()
email = account_email()
if auth.logged_in(st.session_state, config):
    user = "password"
elif email and auth.email_allowed(email, config):
    user = email
else:
    st.session_state.pop(navigation.MAINTAINER_SIGNED_IN, None)
    show_login()
    st.stop()

if not st.session_state.get(navigation.MAINTAINER_SIGNED_IN):
    # the navigation is drawn before the page: run once more so that it lists this page
    st.session_state[navigation.MAINTAINER_SIGNED_IN] = True
    st.rerun()
st.caption(t("kelola.logged_in", lang, who=t("kelola.password_user", lang)
             if user == "password" else upload_view.escape_markdown(user)))
if st.button(t("kelola.logout", lang), key="kelola_logout"):
    st.session_state.pop(navigation.MAINTAINER_SIGNED_IN, None)
    auth.log_out(st.session_state)
    if user != "password":
        st.logout()
    st.rerun()
kelola_flow.show_outcome(lang)
upload_tab, history_tab, masukan_tab, publication_tab = st.tabs(
    [t("kelola.tab_upload", lang), t("kelola.tab_history", lang), t("kelola.tab_masukan", lang),
     t("kelola.tab_publication", lang)])
with upload_tab:
    kelola_flow.show_upload(user, lang, ctx.version)
with history_tab:
    kelola_flow.show_history(user, lang)
with masukan_tab:
    masukan_admin.show(lang)
with publication_tab:
    publication_admin.show(lang)
