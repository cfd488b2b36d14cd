"""Intern files (pemagangan) through ``check`` and ``load``: the branch loaders/pipeline.py takes
for a layout whose ``kind`` is ``magang``.

The same steps and guarantees as placement files — the common value checks
(loaders/validate.py, with the intern dimensions and ``status``), a series, the sidecar, the
report, an atomic write with overlaps, ``--replace`` and ``rollback`` — but the series must be an
intern series (``data/reference/seri_magang.csv``) and the figures go to ``magang_fact``
(store/write.py ``add_intern_batch``), never to the placement figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from domain.interns import STATUSES
from domain.problems import Problem, ProblemList
from domain.reference import Reference
from loaders import limits
from loaders.batch_checks import (
    add_overlap,
    month_text,
    refuse_incomplete_replacement,
    screen_batch_text,
    text_value,
    with_year,
)
from loaders.fact_shape import INTERNS
from loaders.layouts.base import Layout, ReadOptions
from loaders.report import FileReport
from loaders.source import SourceFile
from loaders.validate import Facts, check_facts
from store import intern_queries, queries, write


def series_info(ref: Reference) -> dict[str, bool]:
    """The intern series and whether each is sample data."""
    return {row["series"]: row["is_sample"].strip().lower() == "true"
            for row in ref.table("seri_magang")}


def prepare(path: Path, src: SourceFile, layout: Layout, report: FileReport,
            problems: ProblemList, meta: dict[str, object], ref: Reference, *,
            series: str | None, source: str | None, tahun: int | None, sheet: str | None,
            today: dt.date | None,
            progress: Callable[[int], None] | None = None) -> Facts | None:
    """Read and check an intern file into ``report``; the checked figures, or None when the
    file cannot be read at all (the report then holds why). Raises LoadError as the placement
    branch does for a file that cannot be opened or read."""
    raw = layout.read(src, ReadOptions(tahun=tahun, sheet=sheet), problems)
    if tahun and "tahun" not in raw.columns:
        raw = with_year(raw, tahun)
    facts = check_facts(raw, ref, problems, today, progress=progress, shape=INTERNS)
    report.add_problems(problems.items)
    report.notes.extend(raw.notes)
    known = series_info(ref)
    stated = series or raw.series or text_value(meta.get("series"))
    if stated:
        report.series = stated
    else:
        report.series = next(s for s, sample in known.items() if not sample)
        report.notes.append(f"berkas tidak menyebut seri; dimuat ke seri pemagangan "
                            f"'{report.series}' (pakai --series untuk memilih)")
    if report.series not in known:
        report.add_problems([Problem(
            report.file, f"seri '{limits.shown(report.series)}' bukan seri pemagangan",
            f"berkas ini berisi peserta magang luar negeri, yang tidak pernah digabung dengan "
            f"penempatan PMI; pilih salah satu: {', '.join(known)}")])
    report.is_sample = known.get(report.series, False) or bool(meta.get("sample"))
    report.source = source or text_value(meta.get("source"))
    report.licence = text_value(meta.get("licence"))
    report.provisional_from = month_text(meta.get("provisional_from"), path, report)
    caveats = meta.get("caveats") or []
    report.caveats = [str(c) for c in (caveats if isinstance(caveats, list) else [caveats])]
    screen_batch_text(report, report.file)
    frame = facts.frame
    if not report.source and not ("sumber" in frame and frame["sumber"].notna().any()):
        report.notes.append("sumber tidak disebut; tambahkan --source \"…\" agar angka dapat "
                            "ditelusuri")
    describe(report, facts, ref)
    if not report.errors:
        for text in file_disagreements(frame, report.series):
            report.add_problems([Problem(report.file, text, severity="warning")])
    report.status = "refused" if report.errors else "checked"
    return facts


def _coverage(frame: pd.DataFrame, series: str) -> pd.DataFrame:
    relation = frame.drop(columns=["_line"], errors="ignore").assign(series=series)
    return intern_queries.coverage_of_frame(relation)


def describe(report: FileReport, facts: Facts, ref: Reference) -> None:
    """Rows, period, regencies and — per status, year and regency — the total of the table
    the dashboard will use, to compare with the source before loading."""
    frame = facts.frame
    report.rows_read = facts.rows_read
    report.rows_stored = len(frame)
    report.skipped = dict(facts.skipped)
    report.rows_skipped = sum(facts.skipped.values())
    report.unknown_values = facts.unknown_values
    if frame.empty:
        return
    years = frame["tahun"]
    months = frame.loc[frame["tahun"] == years.max(), "s_d_bulan"]
    report.period = {"tahun_awal": int(years.min()), "tahun_akhir": int(years.max()),
                     "s_d_bulan": int(months.max())}
    report.regions = [f"{c} {ref.regions.official_name(c)}"
                      for c in sorted(frame["kode_wilayah"].unique())]
    rows = []
    order = {status: position for position, status in enumerate(STATUSES)}
    groups = sorted(_coverage(frame, "").groupby("status"), key=lambda g: order.get(g[0], 9))
    for status, cells in groups:
        picks = queries.pick_per_cell(cells, [], intern_queries.INTERNS)
        for row in picks.sort_values(["tahun", "kode_wilayah"]).itertuples(index=False):
            rows.append({"tahun": int(row.tahun), "kode_wilayah": row.kode_wilayah,
                         "nama": ref.regions.official_name(row.kode_wilayah),
                         "jumlah": int(row.total), "status": str(status)})
    report.totals = rows


def file_disagreements(frame: pd.DataFrame, series: str | None) -> list[str]:
    """Tables within this file that give different totals for the same status and cell."""
    messages = []
    coverage = _coverage(frame, series or "")
    for (status, year, code, _), group in coverage.groupby(
            ["status", "tahun", "kode_wilayah", "coverage"]):
        if group["total"].nunique() > 1:
            parts = ", ".join(f"{intern_queries.breakdown_name(int(b))}={int(t)}"
                              for b, t in zip(group["breakdown"], group["total"], strict=True))
            messages.append(f"total tidak sama antar tabel untuk {year}, wilayah {code}, "
                            f"status {status}: {parts}")
    return messages


def store(con: duckdb.DuckDBPyConnection, report: FileReport, facts: Facts,
          replace: bool) -> None:
    """Store a checked intern file into ``magang_fact`` (refused on an overlap with an active
    intern batch of the same series, status and table unless ``replace``)."""
    assert report.series is not None
    batch = write.NewInternBatch(
        series=report.series, file_name=report.file, sha256=report.sha256 or "",
        layout=report.layout or "", source=report.source, licence=report.licence,
        rows_read=report.rows_read, rows_skipped=report.rows_skipped,
        is_sample=report.is_sample, report=report.to_dict(), facts=facts.frame,
        sheet=report.sheet, provisional_from=report.provisional_from,
    )
    try:
        batch_id, replaced = write.add_intern_batch(con, batch, replace=replace)
    except write.OverlapError as exc:
        for overlap in exc.overlaps:
            add_overlap(report, overlap, f"wilayah {', '.join(overlap.regions)}",
                        "periode dan statusnya")
        report.status = "refused"
        return
    except write.IncompleteReplacementError as exc:
        refuse_incomplete_replacement(report, exc, "angka", "seluruh tabel")
        return
    report.status = "loaded"
    report.batch_id = batch_id
    report.replaced = replaced
    mine = {(int(t), str(k)) for t, k in facts.frame[["tahun", "kode_wilayah"]]
            .drop_duplicates().itertuples(index=False)}
    for row in intern_queries.disagreements(con, report.series).itertuples(index=False):
        if (int(row.tahun), str(row.kode_wilayah)) in mine:
            report.add_problems([Problem(
                report.file,
                f"tabel-tabel seri '{row.series}' status {row.status} berbeda total untuk "
                f"{row.tahun}, wilayah {row.kode_wilayah}: "
                f"{', '.join(str(int(t)) for t in row.totals)}",
                "dasbor memakai satu tabel per sel; periksa sumbernya", severity="warning")])
