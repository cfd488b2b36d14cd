"""From files to the store: read, check, report, and (for ``load``) write atomically.

``check`` and ``load`` run the same steps; ``load`` then writes every file of the command in
one copy-on-write transaction (store/db.py): all files are stored, or none.

Performance-indicator files (layout ``kinerja``) take their own branch: checked by
loaders/validate_kinerja.py, stored by ``store.write.add_indicator_batch`` into the table
``kinerja`` (never into the placement figures), with the same guarantees.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from domain import kinerja
from domain.checksum import sha256_of
from domain.config import DATA_DIR, kinerja_thresholds, settings
from domain.interns import KIND as INTERN_KIND
from domain.problems import LoadError, Problem, ProblemList
from domain.reference import Reference, reference
from loaders import intern_pipeline, layouts, limits
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
from loaders.report import FileReport
from loaders.source import SourceFile, TextFile, open_source
from loaders.validate import Facts, check_facts
from loaders.validate_kinerja import Indicators, check_indicators
from store import catalogue, queries, write
from store import db as store_db
from store.sql import kinerja as kinerja_sql

#: Seconds a file must take before its progress line appears.
PROGRESS_AFTER = 1.0


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


class Progress:
    """Rows read so far and rows per second, redrawn on one line of stderr (``\r``) while a
    long file is checked; shown only after PROGRESS_AFTER seconds."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, rows: int) -> None:
        elapsed = time.monotonic() - self.start
        if elapsed < PROGRESS_AFTER:
            return
        rate = _thousands(rows / elapsed)
        sys.stderr.write(f"\r{self.name}: {_thousands(rows)} baris dibaca ({rate} baris/detik)")
        sys.stderr.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _thousands(number: float) -> str:
    return f"{number:,.0f}".replace(",", ".")


def terminal_progress(name: str) -> Progress | None:
    """A progress line for an interactive terminal; None in CI (``CI`` set) or when stderr is
    redirected, so logs stay clean."""
    if "CI" in os.environ or not sys.stderr.isatty():
        return None
    return Progress(name)


class _MetaError(yaml.YAMLError):
    """A sidecar the loader refuses to build: an anchor or alias, or nesting too deep."""

    def __init__(self, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.message = message
        self.problem_mark = mark


class MetaLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` without anchors and aliases (``&a``, ``*a``, ``<<: *a``: a few
    hundred bytes of them expand to gigabytes) and without deep nesting."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _MetaError("jangkar atau alias YAML (&…, *…) tidak diterima",
                             event.start_mark)
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > limits.MAX_META_DEPTH:
                raise _MetaError(f"bertingkat lebih dari {limits.MAX_META_DEPTH} lapis",
                                 event.start_mark)
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1


def read_meta(path: Path) -> dict[str, object]:
    """The ``<stem>.meta.yml`` sidecar of a data file, if any; LoadError when it is broken,
    larger than ``limits.MAX_META_BYTES``, or uses YAML anchors or aliases."""
    sidecar = path.with_name(path.stem + META_SUFFIX)
    if not sidecar.is_file():
        return {}
    name = limits.clean_name(sidecar.name)
    size = sidecar.stat().st_size
    if size > limits.MAX_META_BYTES:
        raise LoadError([Problem(
            name, f"berkas keterangan .meta.yml terlalu besar ({limits.thousands(size)} byte, "
            f"paling besar {limits.thousands(limits.MAX_META_BYTES)})",
            "berkas keterangan hanya berisi judul, sumber, lisensi dan catatan singkat")])
    try:
        with sidecar.open("rb") as fh:
            text = fh.read(limits.MAX_META_BYTES + 1).decode("utf-8")
        data = yaml.load(text, Loader=MetaLoader) or {}
    except _MetaError as exc:
        mark = exc.problem_mark
        raise LoadError([Problem(
            name, f"berkas keterangan .meta.yml: {exc.message}",
            "tulis setiap nilai apa adanya (tanpa &jangkar dan *alias), satu 'kunci: nilai' "
            "per baris", line=mark.line + 1 if mark is not None else None)]) from None
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LoadError([Problem(
            name, "berkas keterangan .meta.yml tidak dapat dibaca",
            "perbaiki penulisan YAML-nya (kunci: nilai), atau hapus berkas itu",
            line=mark.line + 1 if mark is not None else None)]) from None
    if not isinstance(data, dict):
        raise LoadError([Problem(sidecar.name, "berkas keterangan .meta.yml bukan daftar kunci",
                                 "tulis satu 'kunci: nilai' per baris")])
    return data


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
            return _prepare_indicators(path, src, options, report, problems, meta)
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


def _prepare_indicators(path: Path, src: SourceFile, options: Options, report: FileReport,
                        problems: ProblemList, meta: dict[str, object]) -> Prepared:
    """Read and check a performance-indicator file (layout ``kinerja``). Its batch belongs to
    no placement series: ``series`` is ``kinerja``; the sidecar's sample/source/licence/caveats
    work as for placement files. Raises LoadError when the file cannot be read at all."""
    raw = kinerja_layout.read(src, ReadOptions(tahun=options.tahun, sheet=options.sheet),
                              problems)
    indicators = check_indicators(raw, problems, options.today,
                                  spreadsheet=not isinstance(src, TextFile))
    report.add_problems(problems.items)
    report.series = kinerja_sql.KINERJA_SERIES
    if options.series and options.series != kinerja_sql.KINERJA_SERIES:
        report.notes.append(f"--series {options.series} diabaikan: indikator kinerja disimpan "
                            "terpisah dari seri penempatan")
    report.is_sample = bool(meta.get("sample"))
    report.source = options.source or _text(meta.get("source"))
    report.licence = _text(meta.get("licence"))
    caveats = meta.get("caveats") or []
    report.caveats = [str(c) for c in (caveats if isinstance(caveats, list) else [caveats])]
    report.english = english_of(meta)
    _screen_batch_text(report, report.file)
    frame = indicators.frame
    if not report.source and not frame["sumber"].notna().any():
        report.notes.append("sumber tidak disebut; tambahkan --source \"…\" agar angka dapat "
                            "ditelusuri")
    report.rows_read = indicators.rows_read
    report.rows_stored = len(frame)
    report.skipped = dict(indicators.skipped)
    report.rows_skipped = sum(indicators.skipped.values())
    if not frame.empty and not report.errors:
        report.period = _indicator_period(frame)
        report.notes.extend(_indicator_lines(frame))
    report.status = "refused" if report.errors else "checked"
    return Prepared(path, report, None, meta, indicators=indicators)


def _indicator_period(frame: pd.DataFrame) -> dict[str, object]:
    """First and last year; the last month covered in the last year (end of its latest
    quarter, 12 for a whole-year row)."""
    last = int(frame["tahun"].max())
    quarters = frame.loc[frame["tahun"] == last, "triwulan"]
    until = 12 if quarters.isna().any() else int(quarters.max()) * 3
    return {"tahun_awal": int(frame["tahun"].min()), "tahun_akhir": last, "s_d_bulan": until}


def _indicator_lines(frame: pd.DataFrame) -> list[str]:
    """Per indicator, the latest reported figure and its capaian as the dashboard will show it,
    to compare with the source before loading."""
    met, nearly = kinerja_thresholds()
    thresholds = kinerja.Thresholds(met, nearly)
    lines = []
    for code, rows in frame.groupby("kode_indikator", sort=False):
        shown = kinerja.assess(kinerja.per_year(rows), thresholds)
        reported = shown[shown["realisasi"].notna()]
        last = (reported if not reported.empty else shown).iloc[-1]
        period = f"{last['tahun']}" + ("" if pd.isna(last["triwulan"])
                                       else f" s.d. triwulan {ROMAN[int(last['triwulan'])]}")
        value = "belum dilaporkan" if pd.isna(last["realisasi"]) else _figure(last["realisasi"])
        achieved = "—" if pd.isna(last["capaian"]) else \
            f"{last['capaian']:.1f}".replace(".", ",") + " %"
        lines.append(f"indikator {code} ({last['satuan']}, {last['arah']}), "
                     f"{int(rows['tahun'].min())}–{int(rows['tahun'].max())}; {period}: "
                     f"target {_figure(last['target'])}, realisasi {value}, capaian {achieved} "
                     f"({STATUS_WORDS[last['status']]})")
    return lines


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
#: Status names in the loaders' reports (Indonesian, as the dashboard shows them).
STATUS_WORDS = {kinerja.MET: "tercapai", kinerja.NEARLY: "hampir tercapai",
                kinerja.NOT_MET: "belum tercapai", kinerja.NO_DATA: "belum ada data"}


def _figure(value: float) -> str:
    text = f"{float(value):,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


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
        _store_indicators(con, item, options)
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


def _store_indicators(con: duckdb.DuckDBPyConnection, item: Prepared,
                      options: Options) -> None:
    """Store a checked indicator file: refused when it overlaps an active indicator batch
    (same indicator, year and quarter) unless ``--replace``, as placement files are."""
    report = item.report
    assert item.indicators is not None
    batch = write.NewIndicatorBatch(
        file_name=report.file, sha256=report.sha256 or "", layout=report.layout or "",
        source=report.source, licence=report.licence, rows_read=report.rows_read,
        rows_skipped=report.rows_skipped, is_sample=report.is_sample, report=report.to_dict(),
        rows=item.indicators.frame, sheet=report.sheet,
    )
    try:
        batch_id, replaced = write.add_indicator_batch(con, batch, replace=options.replace)
    except write.OverlapError as exc:
        for overlap in exc.overlaps:
            _add_overlap(report, overlap, f"indikator {', '.join(overlap.indicators)}",
                         "tahun, triwulan dan kode indikatornya")
        report.status = "refused"
        return
    except write.IncompleteReplacementError as exc:
        _refuse_incomplete_replacement(report, exc, "baris", "semua baris")
        return
    report.status = "loaded"
    report.batch_id = batch_id
    report.replaced = replaced


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
