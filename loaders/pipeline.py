"""From files to the store: read, check, report, and (for ``load``) write atomically.

``check`` and ``load`` run the same steps; ``load`` then writes every file of the command in
one copy-on-write transaction (store/db.py): all files are stored, or none.

Performance-indicator files (layout ``kinerja``) take their own branch,
loaders/kinerja_pipeline.py: checked by loaders/validate_kinerja.py, stored by
``store.write.add_indicator_batch`` into the table ``kinerja`` (never into the placement
figures), with the same guarantees. The sidecar ``.meta.yml`` is read by loaders/sidecar.py,
the terminal's progress line drawn by loaders/progress.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from domain.checksum import sha256_of
from domain.config import DATA_DIR, settings
from domain.interns import KIND as INTERN_KIND
from domain.problems import LoadError, Problem, ProblemList
from domain.reference import Reference, reference
from loaders import intern_pipeline, kinerja_pipeline, layouts, limits
from loaders.batch_checks import META_SUFFIX as META_SUFFIX
from loaders.batch_checks import add_overlap as _add_overlap
from loaders.batch_checks import english_of
from loaders.batch_checks import month_text as _month_text
from loaders.batch_checks import refuse_incomplete_replacement as _refuse_incomplete_replacement
from loaders.batch_checks import screen_batch_text as _screen_batch_text
from loaders.batch_checks import text_value as _text
from loaders.batch_checks import with_year as _with_year
from loaders.layouts import kinerja as kinerja_layout
from loaders.layouts.base import ReadOptions
from loaders.progress import terminal_progress
from loaders.report import FileReport
from loaders.sidecar import read_meta
from loaders.source import SourceFile, open_source
from loaders.validate import Facts, check_facts
from loaders.validate_kinerja import Indicators
from store import catalogue, queries, write
from store import db as store_db


@dataclass
class Options:
    series: str | None = None
    source: str | None = None
    tahun: int | None = None
    sheet: str | None = None
    replace: bool = False
    dry_run: bool = False
    today: dt.date | None = None


@dataclass
class Prepared:
    path: Path
    report: FileReport
    facts: Facts | None = None
    meta: dict[str, object] = field(default_factory=dict)
    #: Set instead of ``facts`` for a performance-indicator file (layout ``kinerja``).
    indicators: Indicators | None = None
    #: Set instead of ``facts`` for an intern file (a layout of kind ``magang``).
    interns: Facts | None = None

    @property
    def ok(self) -> bool:
        return (self.facts is not None or self.indicators is not None
                or self.interns is not None) and not self.report.errors


def _series_info(ref: Reference) -> dict[str, bool]:
    return {row["series"]: row["is_sample"].strip().lower() == "true"
            for row in ref.table("seri")}


def prepare(path: Path, options: Options, ref: Reference | None = None) -> Prepared:
    """Read and check one file; never raises for bad input (problems go in the report)."""
    ref = ref or reference()
    path = Path(path)
    name = limits.clean_name(path.name)  # no ESC, newline… in anything printed or stored
    report = FileReport(file=name)
    problems = ProblemList(name)
    meta: dict[str, object] = {}
    try:
        meta = read_meta(path)
        src = open_source(path, options.sheet)
        report.sha256 = src.sha256
        report.sheet = getattr(src, "sheet", None)
        report.notes.extend(src.notes)
        layout = layouts.detect(src)
        if layout is None:
            raise LoadError([Problem(
                name, "tata letak berkas tidak dikenali",
                "baris judul kolom harus memuat tahun, wilayah dan jumlah (angka penempatan), "
                "atau indikator, target dan realisasi (indikator kinerja); lihat contoh tiap "
                "tata letak di docs/data-format.md",
                line=src.preview[src.header_index()][0])])
        report.layout = layout.name
        if layout is kinerja_layout:
            indicators = kinerja_pipeline.prepare(
                src, report, problems, meta, series=options.series, source=options.source,
                tahun=options.tahun, sheet=options.sheet, today=options.today)
            return Prepared(path, report, None, meta, indicators=indicators)
        if getattr(layout, "kind", None) == INTERN_KIND:
            return _prepare_interns(path, src, layout, options, report, problems, meta, ref)
        raw = layout.read(src, ReadOptions(tahun=options.tahun, sheet=options.sheet), problems)
        if options.tahun and "tahun" not in raw.columns:
            raw = _with_year(raw, options.tahun)
        elif options.tahun and layout.name in ("kanonik", "portal"):
            problems.warn(f"--tahun {options.tahun} diabaikan: berkas punya kolom tahun",
                          "hapus --tahun, atau perbaiki kolom tahun di berkas")
        progress = terminal_progress(name)
        try:
            facts = check_facts(raw, ref, problems, options.today, progress=progress)
        finally:
            if progress is not None:
                progress.finish()
    except LoadError as exc:
        report.add_problems(exc.problems)
        report.add_problems(problems.items)
        report.status = "refused"
        return Prepared(path, report, None, meta)
    report.add_problems(problems.items)
    report.notes.extend(raw.notes)
    known = _series_info(ref)
    stated = options.series or raw.series or _text(meta.get("series"))
    if stated:
        report.series = stated
    elif any(p.column == "seri" for p in report.errors):
        report.series = settings().default_file_series
    else:
        report.series = settings().default_file_series
        report.notes.append(f"berkas tidak menyebut seri; dimuat ke seri bawaan "
                            f"'{report.series}' (pakai --series untuk memilih)")
    if report.series not in known:
        report.add_problems([Problem(name, f"seri '{limits.shown(report.series)}' tidak dikenal",
                                     f"pilih salah satu: {', '.join(known)}")])
    report.is_sample = known.get(report.series, False) or bool(meta.get("sample"))
    report.source = options.source or _text(meta.get("source"))
    report.licence = _text(meta.get("licence"))
    report.provisional_from = _month_text(meta.get("provisional_from"), path, report)
    caveats = meta.get("caveats") or []
    report.caveats = [str(c) for c in (caveats if isinstance(caveats, list) else [caveats])]
    report.english = english_of(meta)
    _screen_batch_text(report, name)
    has_row_sources = "sumber" in facts.frame and facts.frame["sumber"].notna().any()
    if not report.source and not has_row_sources:
        report.notes.append("sumber tidak disebut; tambahkan --source \"…\" agar angka dapat "
                            "ditelusuri")
    report.describe(facts, ref)
    disagreements = [] if report.errors else \
        report.file_disagreements(facts.frame, report.series)
    for text in disagreements:
        report.add_problems([Problem(name, text, severity="warning")])
    report.status = "refused" if report.errors else "checked"
    return Prepared(path, report, facts, meta)


def _prepare_interns(path: Path, src: SourceFile, layout: layouts.Layout, options: Options,
                     report: FileReport, problems: ProblemList, meta: dict[str, object],
                     ref: Reference) -> Prepared:
    """An intern file (pemagangan): loaders/intern_pipeline.py checks it against the intern
    series and vocabularies; its figures are stored apart from placements."""
    progress = terminal_progress(report.file)
    try:
        interns = intern_pipeline.prepare(
            path, src, layout, report, problems, meta, ref, series=options.series,
            source=options.source, tahun=options.tahun, sheet=options.sheet,
            today=options.today, progress=progress)
    finally:
        if progress is not None:
            progress.finish()
    return Prepared(path, report, None, meta, interns=interns)


def check(paths: Sequence[Path], options: Options) -> list[FileReport]:
    ref = reference()
    return [prepare(p, options, ref).report for p in paths]


def load(paths: Sequence[Path], db_path: Path, options: Options) -> list[FileReport]:
    """Check every file, then store them all in one atomic write (or none at all).

    ``dry_run`` goes through the same write against a copy of the store (so overlaps with
    earlier batches are found) and then throws the copy away.
    """
    ref = reference()
    prepared = [prepare(p, options, ref) for p in paths]
    if not all(p.ok for p in prepared):
        for p in prepared:
            if p.ok:
                p.report.status = "not-loaded"
                p.report.notes.append("tidak dimuat karena berkas lain dalam perintah ini "
                                      "ditolak; perbaiki lalu muat ulang semuanya")
        return [p.report for p in prepared]
    try:
        with store_db.writing(db_path) as con:
            for item in prepared:
                _store(con, item, options)
            if any(p.report.status == "refused" for p in prepared):
                raise _Abort
            if options.dry_run:
                raise _DryRun
            if all(p.report.status == "unchanged" for p in prepared):
                raise _NothingToDo
    except _NothingToDo:
        pass  # the store file is left exactly as it was
    except _DryRun:
        for p in prepared:
            if p.report.status == "loaded":
                p.report.status = "dry-run"
                p.report.batch_id = None
                p.report.replaced = []
    except _Abort:
        for p in prepared:
            if p.report.status == "loaded":
                p.report.status = "not-loaded"
                p.report.batch_id = None
                p.report.notes.append("dibatalkan karena berkas lain dalam perintah ini ditolak")
    return [p.report for p in prepared]


class _DryRun(Exception):
    """Throws the trial write away after it has been checked against the store."""


class _Abort(Exception):
    """Rolls back the write when one file of the command is refused by the store."""


class _NothingToDo(Exception):
    """Leaves the store file untouched when every file was loaded before."""


def _store(con: duckdb.DuckDBPyConnection, item: Prepared, options: Options) -> None:
    report = item.report
    assert report.series is not None
    previous = write.existing_batch(con, report.sha256 or "", report.series, report.sheet)
    if previous is not None:
        report.status = "unchanged"
        report.batch_id = previous
        report.notes.append(f"isi berkas sama persis dengan batch {previous}; tidak ada perubahan")
        return
    if item.indicators is not None:
        kinerja_pipeline.store(con, report, item.indicators, options.replace)
        return
    if item.interns is not None:
        intern_pipeline.store(con, report, item.interns, options.replace)
        return
    assert item.facts is not None
    batch = write.NewBatch(
        series=report.series, file_name=report.file, sha256=report.sha256 or "",
        layout=report.layout or "", source=report.source, licence=report.licence,
        rows_read=report.rows_read, rows_skipped=report.rows_skipped,
        is_sample=report.is_sample, report=report.to_dict(), facts=item.facts.frame,
        sheet=report.sheet, provisional_from=report.provisional_from,
    )
    try:
        batch_id, replaced = write.add_batch(con, batch, replace=options.replace)
    except write.OverlapError as exc:
        for overlap in exc.overlaps:
            _add_overlap(report, overlap, f"wilayah {', '.join(overlap.regions)}", "periodenya")
        report.status = "refused"
        return
    except write.IncompleteReplacementError as exc:
        _refuse_incomplete_replacement(report, exc, "angka", "seluruh tabel")
        return
    report.status = "loaded"
    report.batch_id = batch_id
    report.replaced = replaced
    found = catalogue.disagreements(con, report.series)
    mine = {(int(t), str(k)) for t, k in item.facts.frame[["tahun", "kode_wilayah"]]
            .drop_duplicates().itertuples(index=False)}
    for row in found.itertuples(index=False):
        if (int(row.tahun), str(row.kode_wilayah)) in mine:
            report.add_problems([Problem(
                report.file,
                f"tabel-tabel seri '{row.series}' berbeda total untuk {row.tahun}, wilayah "
                f"{row.kode_wilayah}: {', '.join(str(int(t)) for t in row.totals)}",
                "dasbor memakai satu tabel per sel; periksa sumbernya", severity="warning")])


def rollback(db_path: Path, batch_id: int) -> tuple[str, list[int]]:
    with store_db.writing(db_path) as con:
        return write.rollback(con, batch_id)


def shipped_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """Data files the store is built from: every CSV/XLSX under data/ with a meta sidecar."""
    files = []
    for path in sorted(data_dir.rglob("*")):
        if path.suffix.lower() in {".csv", ".xlsx"} and "reference" not in path.parts and \
                path.with_name(path.stem + META_SUFFIX).exists():
            files.append(path)
    return files


class ForeignBatchesError(Exception):
    """``rebuild`` refused: the store holds batches that are not files of ``data/``."""

    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__(f"penyimpanan berisi {count} batch yang bukan dari data/; bangun ulang "
                         "akan menghapusnya. Ulangi dengan --force bila memang itu maksudnya.")


def rebuild(db_path: Path, data_dir: Path = DATA_DIR,
            keep_foreign: bool = False) -> list[FileReport]:
    """Build a fresh store from the shipped files and swap it in (atomically).

    ``keep_foreign=True`` refuses (``ForeignBatchesError``) when the store holds batches that
    are not files of ``data_dir``; the check and the build hold the store's lock together, so
    no load can slip in between and be replaced.
    """
    with store_db.store_lock(db_path):
        if keep_foreign:
            foreign = _foreign_batches(db_path, data_dir)
            if foreign:
                raise ForeignBatchesError(foreign)
        return _build(db_path, data_dir)


def _foreign_batches(db_path: Path, data_dir: Path) -> int:
    """How many distinct files in the store are not files of ``data_dir``."""
    if not db_path.exists():
        return 0
    con = store_db.connect_read_only(db_path)
    try:
        hashes = set(catalogue.history(con)["sha256"])
    finally:
        con.close()
    return len(hashes - {sha256_of(p) for p in shipped_files(data_dir)})


def _build(db_path: Path, data_dir: Path) -> list[FileReport]:
    """Read and check the shipped files, then write them into a fresh store. The caller holds
    the store's lock."""
    ref = reference()
    options = Options()
    prepared = [prepare(p, options, ref) for p in shipped_files(data_dir)]
    bad = [p for p in prepared if not p.ok]
    if bad:
        raise LoadError([e for p in bad for e in p.report.errors])
    with store_db.writing(db_path, fresh=True) as con:
        for item in prepared:
            _store(con, item, options)
            if item.report.status == "refused":
                raise LoadError(item.report.errors)
    return [p.report for p in prepared]


def ensure_store(db_path: Path, data_dir: Path = DATA_DIR) -> bool:
    """Build the store from the shipped data if it does not exist yet; True if it was built.

    The check and the build hold the store's lock together (double-checked: a process that
    waited for another's build finds the store and leaves it alone), so a load made while the
    store is being built waits for the build and goes into the built store; it is never
    replaced by it. ``StoreBusyError`` when another writer keeps the lock longer than
    ``PMI_LOCK_TIMEOUT``.
    """
    if db_path.exists():
        return False
    with store_db.store_lock(db_path):
        if db_path.exists():  # another process built it while we waited
            return False
        _build(db_path, data_dir)
    return True


def summary(db_path: Path, by: Sequence[str], series: str | None,
            filters: queries.Filters, raw: bool = False) -> tuple[str, pd.DataFrame]:
    """The totals the dashboard shows (small counts suppressed unless ``raw``); returns the
    series used and the frame."""
    con = store_db.connect_read_only(db_path)
    try:
        chosen = series or default_series(con)
        threshold = 0 if raw else settings().small_count_threshold
        return chosen, queries.published_totals(con, chosen, by, filters, threshold)
    finally:
        con.close()


def default_series(con: duckdb.DuckDBPyConnection) -> str:
    """The dashboard's default series, or the only series holding figures."""
    with_figures = catalogue.series_with_figures(con)
    if len(with_figures) == 1:
        return with_figures[0]
    return settings().default_series
