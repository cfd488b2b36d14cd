"""The maintainer's upload, without Streamlit: what pages/maintainer.py asks for.

* ``stage``: an uploaded file is checked for type and size, copied into the archive under a
  name carrying its SHA-256 (``2026-11-28T031500_<sha256[:16]>_<safe name>``) and written to a
  private staging folder under its sanitised name (the name its batch will show);
* ``check``: the same report as ``python -m loaders load --dry-run`` (every check of
  ``loaders check``, then the write against a throw-away copy of the store, so overlaps with
  earlier batches are found); nothing is stored;
* ``confirm`` loads the staged file for real (loaders/pipeline.py: one atomic copy-on-write);
  ``discard`` throws the staged copy away; ``rollback`` withdraws a batch;
* every action appends one JSON line to ``<archive>/arsip.jsonl`` (time, action, file,
  sha256, size, outcome, batch id, series, who).

Display helpers at the end turn a report and the batch list into rows with translated labels.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from domain.config import KelolaSettings
from domain.problems import Problem
from loaders import pipeline
from loaders.report import FileReport
from store import queries
from store.db import StoreReader

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".xls")
LOG_NAME = "arsip.jsonl"
STAGING_DIR = ".staging"
#: Staged files left behind by a closed browser tab are removed after this many seconds (the
#: archive keeps its copy).
STAGING_MAX_AGE = 24 * 3600
MAX_NAME_CHARS = 100


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
    archived: Path  # the archive copy
    upload_id: str = ""  # the upload widget's id for this file (the page's bookkeeping)
    log: dict[str, object] = field(default_factory=dict)


# -- names and the log ------------------------------------------------------------------------

def safe_name(name: str) -> str:
    """A file name that is safe in any folder: no directories, no ``..``, only letters,
    digits, ``. _ -``; the extension kept (lower case)."""
    base = unicodedata.normalize("NFKC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem.encode("ascii", "ignore").decode())
    stem = re.sub(r"_+", "_", stem).strip("_-") or "berkas"
    suffix = re.sub(r"[^a-z0-9]+", "", suffix.lower())[:8]
    return stem[:MAX_NAME_CHARS] + (f".{suffix}" if suffix else "")


def archive_name(when: dt.datetime, sha256: str, name: str) -> str:
    return f"{when:%Y-%m-%dT%H%M%S}_{sha256[:16]}_{safe_name(name)}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def log_action(settings: KelolaSettings, action: str, *, file: str, sha256: str | None = None,
               size: int | None = None, outcome: str, batch_id: int | None = None,
               series: str | None = None, by: str | None = None, archive: str | None = None,
               when: dt.datetime | None = None, **extra: object) -> dict[str, object]:
    """Append one line to ``arsip.jsonl`` (never rewritten) and return it."""
    entry: dict[str, object] = {
        "time": (when or _now()).isoformat(), "action": action, "file": file,
        "sha256": sha256, "size": size, "outcome": outcome, "batch_id": batch_id,
        "series": series, "by": by, "archive": archive, **extra}
    settings.archive_dir.mkdir(parents=True, exist_ok=True)
    with (settings.archive_dir / LOG_NAME).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
    return entry


def read_log(settings: KelolaSettings) -> list[dict[str, object]]:
    path = settings.archive_dir / LOG_NAME
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# -- the upload -------------------------------------------------------------------------------

def stage(name: str, data: bytes, settings: KelolaSettings, *, by: str | None = None,
          upload_id: str = "", when: dt.datetime | None = None) -> Staged:
    """Archive an uploaded file and put a private copy where the pipeline can read it.

    UploadError (nothing archived, the refusal logged) when the type or the size is wrong.
    """
    when = when or _now()
    safe = safe_name(name)
    suffix = Path(safe).suffix
    if suffix not in ALLOWED_SUFFIXES:
        log_action(settings, "upload", file=name, size=len(data), outcome="refused-type", by=by,
                   when=when)
        raise UploadError(Problem(
            name, f"jenis berkas '{suffix or '(tanpa ekstensi)'}' tidak diterima",
            "unggah berkas CSV, XLSX atau XLS (simpan ulang dari spreadsheet bila perlu)"))
    if len(data) > settings.max_upload_bytes:
        log_action(settings, "upload", file=name, size=len(data), outcome="refused-size", by=by,
                   when=when)
        raise UploadError(Problem(
            name, f"ukuran {len(data) / 1024 / 1024:.1f}".replace(".", ",") + f" MB melebihi batas "
            f"{settings.max_upload_mb} MB",
            "pecah berkas (mis. per tahun) lalu unggah satu per satu, atau muat dengan "
            "'python -m loaders load'; pengelola server dapat menaikkan [kelola] max_upload_mb "
            "(dan server.maxUploadSize)"))
    sha256 = hashlib.sha256(data).hexdigest()
    settings.archive_dir.mkdir(parents=True, exist_ok=True)
    existing = sorted(settings.archive_dir.glob(f"*_{sha256[:16]}_{safe}"))
    archived = existing[0] if existing else settings.archive_dir / archive_name(when, sha256, safe)
    if not existing:
        _write_new(archived, data)
    staging_root = settings.archive_dir / STAGING_DIR
    staging_root.mkdir(parents=True, exist_ok=True)
    _prune(staging_root)
    folder = Path(tempfile.mkdtemp(prefix="unggah-", dir=staging_root))  # mode 0700
    path = folder / safe
    path.write_bytes(data)
    staged = Staged(name=safe, original_name=name, sha256=sha256, size=len(data), path=path,
                    archived=archived, upload_id=upload_id)
    log_action(settings, "upload", file=safe, sha256=sha256, size=len(data), outcome="staged",
               by=by, archive=archived.name, when=when, original_name=name)
    return staged


def _write_new(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
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
               archive=staged.archived.name, replaced=report.replaced or None,
               errors=len(report.errors))


def check(staged: Staged, form: Form, db: Path, settings: KelolaSettings,
          by: str | None = None) -> FileReport:
    """Every check of ``loaders check`` plus a dry-run write against the store; nothing is
    stored. Status ``dry-run`` (ready to load), ``unchanged`` (loaded before) or
    ``refused``."""
    _write_sidecar(staged, form)
    report = pipeline.load([staged.path], db, form.options(dry_run=True))[0]
    _log_report(settings, "check", staged, report, by)
    return report


def confirm(staged: Staged, form: Form, db: Path, settings: KelolaSettings,
            by: str | None = None) -> FileReport:
    """Load the staged file for real (atomic). The staged copy is removed once it is in the
    store; a refusal (the store changed since the check) keeps it for another look."""
    _write_sidecar(staged, form)
    report = pipeline.load([staged.path], db, form.options(dry_run=False))[0]
    _log_report(settings, "load", staged, report, by)
    if report.status in ("loaded", "unchanged"):
        shutil.rmtree(staged.path.parent, ignore_errors=True)
    return report


def discard(staged: Staged, settings: KelolaSettings, by: str | None = None,
            reason: str = "cancelled") -> None:
    """Throw the staged copy away (the archive keeps the file)."""
    shutil.rmtree(staged.path.parent, ignore_errors=True)
    log_action(settings, "cancel", file=staged.name, sha256=staged.sha256, size=staged.size,
               outcome=reason, by=by, archive=staged.archived.name)


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
            return queries.history(cursor)
        finally:
            cursor.close()
    finally:
        reader.close()


def active_batches(frame: pd.DataFrame) -> list[int]:
    return [int(b) for b in frame.loc[frame["status"] == "active", "batch_id"]]


def can_load(report: FileReport) -> bool:
    """Only a file that passed the dry run gets the confirm button."""
    return report.status == "dry-run" and not report.errors
