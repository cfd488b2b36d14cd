"""Kelola (maintainers): upload a file, read the same report as ``loaders check`` plus a dry
run against the store, then load it or cancel; the batch history with roll-back.

Protected (domain/auth.py): without a configured password hash (or st.login accounts) the
page only says how to enable it. The work is done by loaders/upload.py.
"""

from __future__ import annotations

import streamlit as st

from dashboard import context, data, feedback_admin, login_guard, navigation, upload_view
from dashboard.i18n import number, t
from domain import auth
from domain.config import db_path, kelola_settings
from loaders import upload
from loaders.report import FileReport
from store.write import BatchError

STAGED, CHECKED, OUTCOME, UPLOADER = ("kelola_staged", "kelola_checked", "kelola_outcome",
                                      "kelola_uploader")

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


def show_setup() -> None:
    st.info(t("kelola.setup_intro", lang))
    st.markdown("\n".join(f"{n}. {t(f'kelola.setup_step{n}', lang)}" for n in (1, 2, 3)))
    st.caption(t("kelola.setup_accounts", lang))
    if config.problem:
        st.error(t("kelola.setup_problem", lang,
                   problem=upload_view.escape_markdown(config.problem)))


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


def show_report(report: FileReport) -> None:
    """The report of ``loaders check``/``load``: summary, totals, problems, notes."""
    if report.is_sample:
        st.warning(t("chart.sample_mark", lang))
    st.markdown(upload_view.markdown_pairs(upload_view.report_summary(report, lang)))
    if report.totals:
        st.markdown(t("kelola.totals_heading", lang))
        st.dataframe(upload_view.totals_frame(report, lang), hide_index=True, width="stretch")
    if report.errors:
        st.error(t("kelola.errors_heading", lang, count=number(len(report.errors), lang))
                 + "\n\n" + upload_view.markdown_list([upload_view.problem_text(p, lang)
                                                   for p in report.errors]))
    if report.warnings:
        st.warning(t("kelola.warnings_heading", lang, count=number(len(report.warnings), lang))
                   + "\n\n" + upload_view.markdown_list([upload_view.problem_text(p, lang)
                                                     for p in report.warnings]))
    if report.notes:
        st.markdown(t("kelola.notes_heading", lang) + "\n\n"
                    + upload_view.markdown_list(report.notes))
    with st.expander(t("kelola.report_text", lang)):
        st.code(report.format_text(), language=None, wrap_lines=True)


def form_values() -> upload.Form:
    series = data.series(ctx.version)
    names = {row.series: (row.nama_id if lang == "id" else row.nama_en)
             + (f" ({t('chart.sample_mark', lang)})" if bool(row.is_sample) else "")
             for row in series.itertuples(index=False)}
    choice = st.selectbox(t("kelola.series", lang), [None, *names], key="kelola_series",
                          format_func=lambda s: t("kelola.series_auto", lang) if s is None
                          else names[s])
    source = st.text_input(t("kelola.source", lang), key="kelola_source",
                           placeholder=t("kelola.source_example", lang))
    licence = st.text_input(t("kelola.licence", lang), key="kelola_licence")
    tahun = st.number_input(t("kelola.tahun", lang), min_value=1990, max_value=2100, value=None,
                            step=1, key="kelola_tahun")
    sheet = st.text_input(t("kelola.sheet", lang), key="kelola_sheet")
    sample = st.checkbox(t("kelola.sample", lang), key="kelola_sample",
                         help=t("kelola.sample_help", lang))
    replace = st.checkbox(t("kelola.replace", lang), key="kelola_replace",
                          help=t("kelola.replace_help", lang))
    return upload.Form(series=choice, source=source.strip() or None,
                       licence=licence.strip() or None, tahun=int(tahun) if tahun else None,
                       sheet=sheet.strip() or None, replace=replace, sample=sample)


def finish(outcome: tuple[str, object]) -> None:
    """Forget the staged file, empty the upload field and show ``outcome`` after the rerun."""
    st.session_state.pop(STAGED, None)
    st.session_state.pop(CHECKED, None)
    st.session_state[OUTCOME] = outcome
    st.session_state[UPLOADER] = st.session_state.get(UPLOADER, 0) + 1
    st.rerun()


def show_outcome() -> None:
    kind, value = st.session_state.pop(OUTCOME, (None, None))
    if kind == "report" and isinstance(value, FileReport):
        if value.status == "loaded":
            st.success(t("kelola.loaded", lang, file=value.file, batch=value.batch_id))
            if value.replaced:
                st.info(t("kelola.replaced", lang,
                          batches=", ".join(map(str, value.replaced))))
        else:
            st.info(t("kelola.unchanged", lang, file=value.file, batch=value.batch_id))
    elif kind == "cancelled":
        st.info(t("kelola.cancelled", lang, file=value))
    elif kind == "rollback":
        st.success(str(value))


def show_upload(who: str) -> None:
    settings = kelola_settings()
    store = db_path()
    st.caption(t("kelola.upload_intro", lang, mb=number(settings.max_upload_mb, lang)))
    form = form_values()
    uploaded = st.file_uploader(t("kelola.file", lang), type=["csv", "xlsx", "xls"],
                                key=f"kelola_file_{st.session_state.get(UPLOADER, 0)}",
                                max_upload_size=settings.max_upload_mb)
    staged: upload.Staged | None = st.session_state.get(STAGED)
    if uploaded is None:
        if staged is not None:  # the file was taken out of the field: a cancel
            upload.discard(staged, settings, who)
            st.session_state.pop(STAGED, None)
            st.session_state.pop(CHECKED, None)
        return
    if staged is None or staged.upload_id != uploaded.file_id:
        if staged is not None:
            upload.discard(staged, settings, who, reason="replaced")
        st.session_state.pop(CHECKED, None)
        try:
            staged = upload.stage(uploaded.name, uploaded.getvalue(), settings, by=who,
                                  upload_id=uploaded.file_id)
        except upload.UploadError as exc:
            st.session_state.pop(STAGED, None)
            st.error(upload_view.escape_markdown(upload_view.problem_text(exc.problem, lang)))
            return
        st.session_state[STAGED] = staged
    checked = st.session_state.get(CHECKED)
    if checked is None or checked[0] != form:
        with st.spinner(t("kelola.checking", lang)):
            checked = (form, upload.check(staged, form, store, settings, who))
        st.session_state[CHECKED] = checked
    report: FileReport = checked[1]
    show_report(report)
    ready = upload.can_load(report)
    if report.status == "unchanged":
        st.info(t("kelola.unchanged", lang, file=report.file, batch=report.batch_id))
    elif not ready:
        st.error(t("kelola.not_loadable", lang))
    columns = st.columns(2)
    if ready and columns[0].button(t("kelola.confirm", lang), type="primary",
                                   key="kelola_confirm"):
        with st.spinner(t("kelola.loading", lang)):
            result = upload.confirm(staged, form, store, settings, who)
        if result.status in ("loaded", "unchanged"):
            finish(("report", result))
        st.session_state[CHECKED] = (form, result)
        st.rerun()
    if columns[1].button(t("kelola.cancel", lang), key="kelola_cancel"):
        upload.discard(staged, settings, who)
        finish(("cancelled", staged.name))


def show_history(who: str) -> None:
    store = db_path()
    batches = upload.history(store)
    st.dataframe(upload_view.history_frame(batches, lang), hide_index=True, width="stretch")
    active = upload.active_batches(batches)
    if not active:
        return
    st.markdown(t("kelola.rollback_intro", lang))
    names = dict(zip(batches["batch_id"].astype(int), batches["file_name"], strict=True))
    chosen = st.selectbox(t("kelola.rollback_batch", lang), active, index=None,
                          key="kelola_rollback_batch",
                          format_func=lambda b: f"{b} — {names[b]}")
    sure = st.checkbox(t("kelola.rollback_sure", lang), key="kelola_rollback_sure")
    if st.button(t("kelola.rollback", lang), key="kelola_rollback",
                 disabled=chosen is None or not sure):
        try:
            series, restored = upload.rollback(store, int(chosen), kelola_settings(), who)
        except BatchError as exc:
            st.error(str(exc))
            return
        st.session_state.pop("kelola_rollback_sure", None)
        finish(("rollback", t("kelola.rolled_back", lang, batch=chosen, series=series)
                + (" " + t("kelola.restored", lang, batches=", ".join(map(str, restored)))
                   if restored else "")))


if not config.configured:
    show_setup()
    st.stop()
email = account_email()
if auth.logged_in(st.session_state, config):
    user = "password"
elif email and auth.email_allowed(email, config):
    user = email
else:
    show_login()
    st.stop()

st.session_state[navigation.MAINTAINER_SIGNED_IN] = True
st.caption(t("kelola.logged_in", lang, who=t("kelola.password_user", lang)
             if user == "password" else upload_view.escape_markdown(user)))
if st.button(t("kelola.logout", lang), key="kelola_logout"):
    st.session_state.pop(navigation.MAINTAINER_SIGNED_IN, None)
    auth.log_out(st.session_state)
    if user != "password":
        st.logout()
    st.rerun()
show_outcome()
upload_tab, history_tab, feedback_tab = st.tabs(
    [t("kelola.tab_upload", lang), t("kelola.tab_history", lang), t("kelola.tab_feedback", lang)])
with upload_tab:
    show_upload(user)
with history_tab:
    show_history(user)
with feedback_tab:
    feedback_admin.show(lang)
