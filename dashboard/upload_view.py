"""The Kelola page's words for an upload: the check report, totals, problems and the batch
history in the reader's language, every file-sourced value escaped so it shows as written.
The upload itself (staging, check, load) is loaders/upload.py."""

from __future__ import annotations

import pandas as pd

from dashboard.escape import markdown as escape_markdown
from dashboard.i18n import number, t
from domain.problems import Problem
from loaders.upload import FileReport


def report_summary(report: FileReport, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs: what the CLI report's header lines say."""
    rows = [(t("kelola.report_status", lang), t(f"kelola.status_{report.status.replace('-', '_')}",
                                                 lang))]
    if report.layout:
        rows.append((t("kelola.report_layout", lang), report.layout))
    if report.series:
        rows.append((t("kelola.report_series", lang), report.series + (
            f" ({t('chart.sample_mark', lang)})" if report.is_sample else "")))
    if report.batch_id is not None:
        rows.append((t("kelola.report_batch", lang), str(report.batch_id) + (
            " " + t("kelola.report_replacing", lang,
                    batches=", ".join(map(str, report.replaced))) if report.replaced else "")))
    if report.sheet:
        rows.append((t("kelola.report_sheet", lang), report.sheet))
    rows.append((t("kelola.report_source", lang), report.source or "–"))
    rows.append((t("kelola.report_licence", lang), report.licence or "–"))
    rows.append((t("kelola.report_rows", lang), t(
        "kelola.report_rows_value", lang, read=number(report.rows_read, lang),
        stored=number(report.rows_stored, lang), skipped=number(report.rows_skipped, lang))))
    for reason, count in report.skipped.items():
        rows.append((t("kelola.report_skipped", lang), f"{number(count, lang)}: {reason}"))
    if report.period:
        first, last = report.period["tahun_awal"], report.period["tahun_akhir"]
        rows.append((t("kelola.report_period", lang), t(
            "kelola.report_period_value", lang,
            years=str(first) if first == last else f"{first}–{last}",
            month=report.period["s_d_bulan"])))
    if report.sha256:
        rows.append(("SHA-256", report.sha256[:16] + "…"))
    return rows


def totals_frame(report: FileReport, lang: str) -> pd.DataFrame:
    """Totals per year and regency, as the CLI report lists them."""
    return pd.DataFrame({
        t("column.tahun", lang): [str(r["tahun"]) for r in report.totals],
        t("kelola.column_code", lang): [str(r["kode_wilayah"]) for r in report.totals],
        t("column.kode_wilayah", lang): [str(r["nama"]) for r in report.totals],
        t("kelola.column_total", lang): [number(int(str(r["jumlah"])), lang)
                                         for r in report.totals],
    })


def markdown_list(lines: list[str]) -> str:
    """Lines as a Markdown bullet list, shown as written."""
    return "\n".join("- " + escape_markdown(line) for line in lines)


def markdown_pairs(pairs: list[tuple[str, str]]) -> str:
    """``label: value`` lines (labels bold), one per line, values shown as written."""
    return "  \n".join(f"**{label}:** " + escape_markdown(value) for label, value in pairs)


def problem_text(problem: Problem, lang: str) -> str:
    """A problem as the CLI prints it — file, line, column: what is wrong — how to fix it —
    with the place words in ``lang`` (the message itself is the loaders' Indonesian)."""
    where = problem.file
    if problem.line is not None:
        where += t("kelola.problem_line", lang, line=problem.line)
    if problem.column:
        where += t("kelola.problem_column", lang, column=problem.column)
    return f"{where}: {problem.message}" + (f" — {problem.hint}" if problem.hint else "")


def history_frame(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The batch list with translated headers: id, series, file, status, period, rows, loaded
    at, short SHA-256 (sample batches marked)."""
    mark = f" ({t('chart.sample_mark', lang)})"
    return pd.DataFrame({
        t("kelola.column_batch", lang): [str(b) for b in frame["batch_id"]],
        t("kelola.column_series", lang): [str(s) + (mark if bool(x) else "")
                                          for s, x in zip(frame["series"], frame["is_sample"],
                                                          strict=True)],
        t("kelola.column_file", lang): frame["file_name"].astype(str),
        t("kelola.column_status", lang): frame["status"].astype(str),
        t("kelola.column_period", lang): [str(a) if a == b else f"{a}–{b}" for a, b in
                                          zip(frame["tahun_awal"], frame["tahun_akhir"],
                                              strict=True)],
        t("kelola.column_rows", lang): [number(int(v), lang) for v in frame["rows_stored"]],
        t("kelola.column_loaded", lang): frame["loaded_at"].astype(str).str[:16],
        "SHA-256": frame["sha256"].astype(str).str[:12],
    })
