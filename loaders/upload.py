"""The maintainer's upload, without Streamlit: what pages/maintainer.py asks for.

* ``stage``: an uploaded file is checked for type and size and written to a private staging
  folder under its sanitised name (the name its batch will show); nothing of it is parsed in
  the web process;
* ``check``: the same report as ``python -m loaders load --dry-run`` (every check of
  ``loaders check``, then the write against a throw-away copy of the store, so overlaps with
  earlier batches are found), run in a child process with a memory and time limit
  (loaders/isolation.py); nothing is stored. A file over a limit is refused with which limit
  and how to go on, and its staged copy is removed;
* the archive (``archive``, after the first check, when the layout is known): a file of an
  aggregate layout is kept whole; a file that may hold personal data — a record-level export
  (layout ``records``), a file refused for personal data, one of unknown layout or stopped by a
  limit — only as its SHA-256 in the log (or, opt-in, encrypted and expiring), plus the
  aggregated batch once it is loaded (UU No. 27 Tahun 2022). Every archive file is mode 0600;
* ``confirm`` loads the staged file for real (loaders/pipeline.py: one atomic copy-on-write),
  in the same limited child; ``discard`` throws the staged copy away; ``rollback`` withdraws a
  batch;
* every action appends one JSON line to ``<archive>/arsip.jsonl`` (time, action, file,
  sha256, size, outcome, batch id, series, who): loaders/upload_log.py, with the file names
  and the archive folder's rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from domain import personal_data
from domain.config import PERSONAL_ENCRYPTED, KelolaSettings
from domain.problems import Problem
from loaders import isolation, pipeline
from loaders.report import FileReport
from loaders.upload_log import (
    ENCRYPTED_SUFFIX,
    PRIVATE_DIR,
    PRIVATE_FILE,
    archive_dir,
    archive_name,
    log_action,
    masked_name,
    now,
    purge_expired,
    safe_name,
)
from store import catalogue
from store.db import StoreReader

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".xls")
STAGING_DIR = ".staging"
#: Staged files left behind by a closed browser tab are removed after this many seconds (the
#: archive keeps its copy).
STAGING_MAX_AGE = 24 * 3600
#: Layouts of aggregate tables: kept whole in the archive. Anything else — ``records`` (one row
#: per person), an unknown layout, a file stopped by a limit — may hold personal data.
AGGREGATE_LAYOUTS = frozenset({"kanonik", "portal", "rekap", "kinerja",
                               "magang_kanonik", "magang_rekap"})
#: What the archive kept of a file (the log's ``kept``).
KEPT_WHOLE, KEPT_HASH, KEPT_ENCRYPTED = "whole", "hash", "encrypted"
#: The batch of a record-level upload, aggregated, beside its hash (canonical CSV).
AGGREGATE_SUFFIX = ".agregat.csv"


class UploadError(Exception):
    """An upload refused before it is read (type, size); carries the problem to show."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.format())


@dataclass(frozen=True)
class Form:
    """The upload form: the options of ``python -m loaders load`` (a sidecar does not come
    with an upload, so source and licence are asked here)."""

    series: str | None = None
    source: str | None = None
    licence: str | None = None
    tahun: int | None = None
    sheet: str | None = None
    replace: bool = False
    #: Sample (demonstration) data whatever its series: labelled as such wherever shown.
    sample: bool = False

    def options(self, dry_run: bool) -> pipeline.Options:
        return pipeline.Options(series=self.series or None, source=self.source or None,
                                tahun=self.tahun, sheet=self.sheet or None,
                                replace=self.replace, dry_run=dry_run)


@dataclass
class Staged:
    """An uploaded file waiting for the maintainer's decision."""

    name: str  # sanitised: the file name the batch will carry
    original_name: str
    sha256: str
    size: int
    path: Path  # the staged copy (private folder)
    #: The archive copy (whole or encrypted); None before the first check, and for a file kept
    #: as its hash only.
    archived: Path | None = None
    #: What the archive kept (KEPT_*); None before the first check.
    kept: str | None = None
    upload_id: str = ""  # the upload widget's id for this file (the page's bookkeeping)
    log: dict[str, object] = field(default_factory=dict)
    #: The limit the last check or load hit (isolation.MEMORY, TIME, CRASH), else None; the
    #: staged copy is then gone.
    failure: str | None = None
    #: Peak resident memory (MB) and seconds of the last child process.
    peak_rss_mb: float = 0.0
    seconds: float = 0.0

    @property
    def archive_name(self) -> str | None:
        return self.archived.name if self.archived is not None else None



# -- the upload -------------------------------------------------------------------------------

def stage(name: str, data: bytes, settings: KelolaSettings, *, by: str | None = None,
          upload_id: str = "", when: dt.datetime | None = None) -> Staged:
    """Archive an uploaded file and put a private copy where the pipeline can read it.

    UploadError (nothing archived, the refusal logged) when the type or the size is wrong.
    """
    when = when or now()
    safe = safe_name(name)
    suffix = Path(safe).suffix
    if suffix not in ALLOWED_SUFFIXES:
        log_action(settings, "upload", file=safe, size=len(data), outcome="refused-type", by=by,
                   when=when)
        raise UploadError(Problem(
            safe, f"jenis berkas '{suffix or '(tanpa ekstensi)'}' tidak diterima",
            "unggah berkas CSV, XLSX atau XLS (simpan ulang dari spreadsheet bila perlu)"))
    if len(data) > settings.max_upload_bytes:
        log_action(settings, "upload", file=safe, size=len(data), outcome="refused-size", by=by,
                   when=when)
        raise UploadError(Problem(
            safe, f"ukuran {len(data) / 1024 / 1024:.1f}".replace(".", ",") + f" MB melebihi batas "
            f"{settings.max_upload_mb} MB",
            "pecah berkas (mis. per tahun) lalu unggah satu per satu, atau muat dengan "
            "'python -m loaders load'; pengelola server dapat menaikkan [kelola] max_upload_mb "
            "(dan server.maxUploadSize)"))
    sha256 = hashlib.sha256(data).hexdigest()
    archive_dir(settings)
    purge_expired(settings)
    staging_root = settings.archive_dir / STAGING_DIR
    staging_root.mkdir(parents=True, exist_ok=True)
    staging_root.chmod(PRIVATE_DIR)
    _prune(staging_root)
    folder = Path(tempfile.mkdtemp(prefix="unggah-", dir=staging_root))  # mode 0700
    path = folder / safe
    _write_private(path, data)
    staged = Staged(name=safe, original_name=masked_name(name), sha256=sha256, size=len(data),
                    path=path, upload_id=upload_id)
    log_action(settings, "upload", file=safe, sha256=sha256, size=len(data), outcome="staged",
               by=by, when=when, original_name=staged.original_name)
    return staged


def _copy_private(source: Path, path: Path) -> None:
    """``source`` copied to ``path`` (mode 0600 from the start), streamed: the web process
    never holds the file."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1024 * 1024)
    tmp.replace(path)


def _write_private(path: Path, data: bytes) -> None:
    """``data`` at ``path``, mode 0600 from the start (written beside it and renamed)."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    tmp.replace(path)


def _prune(staging_root: Path) -> None:
    limit = time.time() - STAGING_MAX_AGE
    for folder in staging_root.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
        except FileNotFoundError:
            continue


def _write_sidecar(staged: Staged, form: Form) -> None:
    """The licence and the sample flag from the form, as the ``.meta.yml`` sidecar the
    pipeline reads (the source goes in as ``--source`` does)."""
    sidecar = staged.path.with_name(staged.path.stem + pipeline.META_SUFFIX)
    meta: dict[str, object] = {}
    if form.licence:
        meta["licence"] = form.licence
    if form.sample:
        meta["sample"] = True
    if meta:
        sidecar.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    else:
        sidecar.unlink(missing_ok=True)


def _log_report(settings: KelolaSettings, action: str, staged: Staged, report: FileReport,
                by: str | None) -> None:
    log_action(settings, action, file=staged.name, sha256=staged.sha256, size=staged.size,
               outcome=report.status, batch_id=report.batch_id, series=report.series, by=by,
               archive=staged.archive_name, replaced=report.replaced or None,
               errors=len(report.errors), layout=report.layout, limit=staged.failure,
               peak_rss_mb=round(staged.peak_rss_mb), seconds=round(staged.seconds, 1))


def limits_of(settings: KelolaSettings) -> isolation.Limits:
    return isolation.Limits(settings.check_memory_mb, settings.check_timeout_seconds)


def _run(staged: Staged, form: Form, db: Path, settings: KelolaSettings, *, dry_run: bool,
         aggregate_to: Path | None = None) -> isolation.Outcome:
    _write_sidecar(staged, form)
    outcome = isolation.run(staged.path, db, form.options(dry_run=dry_run), limits_of(settings),
                            aggregate_to=aggregate_to)
    staged.failure = outcome.failure
    staged.peak_rss_mb, staged.seconds = outcome.peak_rss_mb, outcome.seconds
    return outcome


def check(staged: Staged, form: Form, db: Path, settings: KelolaSettings,
          by: str | None = None) -> FileReport:
    """Every check of ``loaders check`` plus a dry-run write against the store, in a limited
    child process; nothing is stored. Status ``dry-run`` (ready to load), ``unchanged``
    (loaded before) or ``refused``. A file over a limit is refused (``staged.failure`` says
    which limit) and its staged copy removed. The first check decides what the archive
    keeps."""
    outcome = _run(staged, form, db, settings, dry_run=True)
    report = outcome.report
    if staged.kept is None:
        archive(staged, report, settings, outcome.sheets, by)
    _log_report(settings, "check", staged, report, by)
    if outcome.failure is not None:
        discard(staged, settings, by, reason=f"limit-{outcome.failure}")
    return report


def confirm(staged: Staged, form: Form, db: Path, settings: KelolaSettings,
            by: str | None = None) -> FileReport:
    """Load the staged file for real (atomic), in the same limited child. The staged copy is
    removed once it is in the store; a refusal (the store changed since the check) keeps it
    for another look. For a file not archived whole, the loaded batch's aggregated figures
    are archived beside its hash."""
    target = None
    if staged.kept != KEPT_WHOLE:
        target = settings.archive_dir / (archive_name(now(), staged.sha256, staged.name)
                                         + AGGREGATE_SUFFIX)
    outcome = _run(staged, form, db, settings, dry_run=False, aggregate_to=target)
    report = outcome.report
    if staged.kept is None:  # loaded without a check first (a script): decide now
        archive(staged, report, settings, outcome.sheets, by)
        if staged.kept == KEPT_WHOLE and outcome.aggregate is not None:
            outcome.aggregate.unlink(missing_ok=True)
            outcome.aggregate = None
    _log_report(settings, "load", staged, report, by)
    if outcome.aggregate is not None:
        log_action(settings, "archive", file=staged.name, sha256=staged.sha256,
                   size=staged.size, outcome="aggregate", batch_id=report.batch_id,
                   series=report.series, by=by, archive=outcome.aggregate.name)
    if outcome.failure is not None:
        discard(staged, settings, by, reason=f"limit-{outcome.failure}")
    elif report.status in ("loaded", "unchanged"):
        shutil.rmtree(staged.path.parent, ignore_errors=True)
    return report


# -- the archive ------------------------------------------------------------------------------

def refused_for_personal_data(report: FileReport) -> bool:
    return any(personal_data.REFUSAL in problem.message for problem in report.errors)


def may_hold_personal_data(report: FileReport, sheets: int | None, suffix: str) -> bool:
    """Whether a checked file is not kept whole: a record-level export, a file of unknown
    layout (or stopped by a limit), one refused for personal data, or a workbook with other
    sheets than the one checked (they were not read, so not screened)."""
    if report.layout not in AGGREGATE_LAYOUTS or refused_for_personal_data(report):
        return True
    return suffix in (".xlsx", ".xls") and sheets != 1


def archive(staged: Staged, report: FileReport, settings: KelolaSettings,
            sheets: int | None = None, by: str | None = None) -> str:
    """Keep the staged file in the archive as its checked report allows (module docstring);
    sets and returns ``staged.kept``. The same content under the same name is kept once."""
    personal = may_hold_personal_data(report, sheets, staged.path.suffix)
    reason = ("records" if report.layout in ("records", "magang_records") else
              "limit" if staged.failure else
              "personal-data" if refused_for_personal_data(report) else
              "layout-unknown" if report.layout not in AGGREGATE_LAYOUTS else
              "other-sheets" if personal else None)
    kept = KEPT_WHOLE
    target: Path | None = settings.archive_dir / archive_name(now(), staged.sha256,
                                                              staged.name)
    if personal:
        kept = KEPT_HASH
        target = None
        if settings.personal_files == PERSONAL_ENCRYPTED and settings.archive_key:
            kept = KEPT_ENCRYPTED
            target = settings.archive_dir / (archive_name(now(), staged.sha256, staged.name)
                                             + ENCRYPTED_SUFFIX)
    if target is not None:
        suffix = ENCRYPTED_SUFFIX if kept == KEPT_ENCRYPTED else ""
        existing = sorted(settings.archive_dir.glob(f"*_{staged.sha256[:16]}_{staged.name}"
                                                    f"{suffix}"))
        if existing:
            target = existing[0]
        elif kept == KEPT_ENCRYPTED:
            _write_private(target, encrypt(staged.path.read_bytes(), str(settings.archive_key)))
        else:
            _copy_private(staged.path, target)
    staged.kept, staged.archived = kept, target
    log_action(settings, "archive", file=staged.name, sha256=staged.sha256, size=staged.size,
               outcome=kept, by=by, archive=staged.archive_name, reason=reason,
               layout=report.layout,
               key_missing=True if (personal and settings.personal_files == PERSONAL_ENCRYPTED
                                    and not settings.archive_key) else None)
    return kept


def encrypt(data: bytes, key: str) -> bytes:
    """``data`` encrypted with the deployment's Fernet key (AES-128-CBC + HMAC-SHA256)."""
    from cryptography.fernet import Fernet  # only a deployment that opted in needs it

    return Fernet(key.encode("ascii")).encrypt(data)


def decrypt(token: bytes, key: str) -> bytes:
    """An encrypted archive file's content (cryptography.fernet.InvalidToken for a wrong
    key)."""
    from cryptography.fernet import Fernet

    return Fernet(key.encode("ascii")).decrypt(token)


def discard(staged: Staged, settings: KelolaSettings, by: str | None = None,
            reason: str = "cancelled") -> None:
    """Throw the staged copy away (the archive keeps the file)."""
    shutil.rmtree(staged.path.parent, ignore_errors=True)
    log_action(settings, "cancel", file=staged.name, sha256=staged.sha256, size=staged.size,
               outcome=reason, by=by, archive=staged.archive_name)


def rollback(db: Path, batch_id: int, settings: KelolaSettings,
             by: str | None = None) -> tuple[str, list[int]]:
    """Withdraw an active batch and restore what it had replaced (store.write.BatchError for
    an unknown or inactive batch)."""
    series, restored = pipeline.rollback(db, batch_id)
    log_action(settings, "rollback", file="", outcome="rolled_back", batch_id=batch_id,
               series=series, by=by, restored=restored or None)
    return series, restored


def history(db: Path) -> pd.DataFrame:
    """Every batch, as ``python -m loaders history`` lists them."""
    reader = StoreReader(db)
    try:
        cursor = reader.cursor()
        try:
            return catalogue.history(cursor)
        finally:
            cursor.close()
    finally:
        reader.close()


def active_batches(frame: pd.DataFrame) -> list[int]:
    return [int(b) for b in frame.loc[frame["status"] == "active", "batch_id"]]


def can_load(report: FileReport) -> bool:
    """Only a file that passed the dry run gets the confirm button."""
    return report.status == "dry-run" and not report.errors
