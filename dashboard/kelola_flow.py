"""The Kelola page's upload and batch-history state machine (pages/maintainer.py only declares
the page and signs the maintainer in).

Upload: the form (the options of ``python -m loaders load``) and the file; a new file is staged
(loaders/upload.py), checked in a limited child process (loaders/isolation.py) and its report
shown; *Muat ke penyimpanan* loads it (in the same kind of child), *Batal* — or taking the file
out of the field — throws the working copy away. A check stopped by the memory or time limit
says so, and the working copy is already gone. History: every batch, and roll-back of an
active one. The outcome of a load, cancel or roll-back is shown after the rerun that empties
the upload field.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import data, escape, intern_data, upload_view
from dashboard.i18n import number, t
from domain.config import PERSONAL_ENCRYPTED, KelolaSettings, db_path, kelola_settings
from loaders import upload, upload_log
from loaders.report import FileReport
from store.write import BatchError

STAGED, CHECKED, OUTCOME, UPLOADER = ("kelola_staged", "kelola_checked", "kelola_outcome",
                                      "kelola_uploader")
#: The archive's housekeeping (expired encrypted files, file modes) runs once per process.
_HOUSEKEEPING_DONE: set[str] = set()


LOG = logging.getLogger("dashboard.kelola")


def log_unusable_setting(problem: str) -> None:
    """A login setting that cannot be used is the operator's to fix (docs/maintainer.md): it
    is logged, never shown on the page, which says only that it is not enabled."""
    LOG.warning("Kelola is not enabled, its login setting cannot be used: %s", problem)


def settings() -> KelolaSettings:
    """``[kelola]`` of config/dasbor.toml, with the archive key from the Streamlit secrets
    (``[kelola] archive_key``) when the environment does not give one."""
    current = kelola_settings()
    if current.archive_key:
        return current
    try:
        section = st.secrets.get("kelola") or {}
        key = section.get("archive_key") if hasattr(section, "get") else None
    except FileNotFoundError:  # no secrets.toml
        key = None
    return replace(current, archive_key=str(key)) if key else current


def housekeeping(current: KelolaSettings) -> None:
    """On the page's first run in this server process: encrypted personal files past their
    retention are deleted, and every archive file is made private (mode 0600)."""
    marker = str(current.archive_dir)
    if marker in _HOUSEKEEPING_DONE:
        return
    _HOUSEKEEPING_DONE.add(marker)
    upload_log.purge_expired(current)
    upload_log.secure_archive(current)


def show_report(report: FileReport, lang: str) -> None:
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


def show_run(staged: upload.Staged, current: KelolaSettings, lang: str) -> None:
    """What the archive kept of the file, and how the isolated check went."""
    if staged.failure is not None:
        st.error(t("kelola.limit_stopped", lang))
    if staged.kept == upload.KEPT_HASH:
        st.info(t("kelola.archive_hash", lang))
        if current.personal_files == PERSONAL_ENCRYPTED and not current.archive_key:
            st.warning(t("kelola.archive_key_missing", lang))
    elif staged.kept == upload.KEPT_ENCRYPTED:
        st.info(t("kelola.archive_encrypted", lang,
                  days=number(current.personal_retention_days, lang)))
    st.caption(t("kelola.isolation_caption", lang,
                 seconds=number(round(staged.seconds, 1), lang),
                 mb=number(round(staged.peak_rss_mb), lang),
                 limit=number(current.check_memory_mb, lang),
                 timeout=number(current.check_timeout_seconds, lang)))


def form_values(lang: str, version: str) -> upload.Form:
    series = pd.concat([data.series(version), intern_data.series(version)],  # interns too
                       ignore_index=True)
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
    replace_old = st.checkbox(t("kelola.replace", lang), key="kelola_replace",
                              help=t("kelola.replace_help", lang))
    return upload.Form(series=choice, source=source.strip() or None,
                       licence=licence.strip() or None, tahun=int(tahun) if tahun else None,
                       sheet=sheet.strip() or None, replace=replace_old, sample=sample)


def finish(outcome: tuple[str, object]) -> None:
    """Forget the staged file, empty the upload field and show ``outcome`` after the rerun."""
    st.session_state.pop(STAGED, None)
    st.session_state.pop(CHECKED, None)
    st.session_state[OUTCOME] = outcome
    st.session_state[UPLOADER] = st.session_state.get(UPLOADER, 0) + 1
    st.rerun()


def show_outcome(lang: str) -> None:
    kind, value = st.session_state.pop(OUTCOME, (None, None))
    if kind == "report" and isinstance(value, FileReport):
        if value.status == "loaded":
            st.success(t("kelola.loaded", lang, file=escape.markdown(value.file),
                         batch=value.batch_id))
            if value.replaced:
                st.info(t("kelola.replaced", lang,
                          batches=", ".join(map(str, value.replaced))))
        else:
            st.info(t("kelola.unchanged", lang, file=escape.markdown(value.file),
                      batch=value.batch_id))
    elif kind == "cancelled":
        st.info(t("kelola.cancelled", lang, file=escape.markdown(value)))
    elif kind == "rollback":
        st.success(str(value))


def show_upload(who: str, lang: str, version: str) -> None:
    current = settings()
    housekeeping(current)
    store = db_path()
    st.caption(t("kelola.upload_intro", lang, mb=number(current.max_upload_mb, lang)))
    form = form_values(lang, version)
    uploaded = st.file_uploader(t("kelola.file", lang), type=["csv", "xlsx", "xls"],
                                key=f"kelola_file_{st.session_state.get(UPLOADER, 0)}",
                                max_upload_size=current.max_upload_mb)
    staged: upload.Staged | None = st.session_state.get(STAGED)
    if uploaded is None:
        if staged is not None:  # the file was taken out of the field: a cancel
            if staged.failure is None:
                upload.discard(staged, current, who)
            st.session_state.pop(STAGED, None)
            st.session_state.pop(CHECKED, None)
        return
    if staged is None or staged.upload_id != uploaded.file_id:
        if staged is not None and staged.failure is None:
            upload.discard(staged, current, who, reason="replaced")
        st.session_state.pop(CHECKED, None)
        try:
            staged = upload.stage(uploaded.name, uploaded.getvalue(), current, by=who,
                                  upload_id=uploaded.file_id)
        except upload.UploadError as exc:
            st.session_state.pop(STAGED, None)
            st.error(upload_view.escape_markdown(upload_view.problem_text(exc.problem, lang)))
            return
        st.session_state[STAGED] = staged
    checked = st.session_state.get(CHECKED)
    if staged.failure is None and (checked is None or checked[0] != form):
        with st.spinner(t("kelola.checking", lang)):
            checked = (form, upload.check(staged, form, store, current, who))
        st.session_state[CHECKED] = checked
    if checked is None:
        return
    report: FileReport = checked[1]
    show_run(staged, current, lang)
    show_report(report, lang)
    if staged.failure is not None:  # the working copy is gone: only a new upload helps
        return
    ready = upload.can_load(report)
    if report.status == "unchanged":
        st.info(t("kelola.unchanged", lang, file=escape.markdown(report.file),
                          batch=report.batch_id))
    elif not ready:
        st.error(t("kelola.not_loadable", lang))
    columns = st.columns(2)
    if ready and columns[0].button(t("kelola.confirm", lang), type="primary",
                                   key="kelola_confirm"):
        with st.spinner(t("kelola.loading", lang)):
            result = upload.confirm(staged, form, store, current, who)
        if result.status in ("loaded", "unchanged"):
            finish(("report", result))
        st.session_state[CHECKED] = (form, result)
        st.rerun()
    if columns[1].button(t("kelola.cancel", lang), key="kelola_cancel"):
        upload.discard(staged, current, who)
        finish(("cancelled", staged.name))


def show_history(who: str, lang: str) -> None:
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
            series, restored = upload.rollback(store, int(chosen), settings(), who)
        except BatchError as exc:
            st.error(escape.markdown(exc))
            return
        st.session_state.pop("kelola_rollback_sure", None)
        finish(("rollback", t("kelola.rolled_back", lang, batch=chosen,
                              series=escape.markdown(series))
                + (" " + t("kelola.restored", lang, batches=", ".join(map(str, restored)))
                   if restored else "")))
