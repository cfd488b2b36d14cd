"""The upload archive's names and log (loaders/upload.py): a file name made safe and free of
personal numbers, the archive name of a file, the private archive folder (0700, files 0600),
the append-only log ``arsip.jsonl``, and the expiry of encrypted personal files."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
import unicodedata
from pathlib import Path

from domain import personal_data
from domain.config import KelolaSettings

LOG_NAME = "arsip.jsonl"
MAX_NAME_CHARS = 100
ENCRYPTED_SUFFIX = ".fernet"
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
#: A personal number in an uploaded file's name is replaced by this before it is stored.
NAME_MASK = "disamarkan"


def masked_name(name: str) -> str:
    """``name`` with any personal number in it (a NIK, passport or phone number) replaced:
    a file name is stored, logged and shown."""
    return personal_data.mask(str(name), dict.fromkeys(personal_data.KINDS, NAME_MASK))[0]


def safe_name(name: str) -> str:
    """A file name that is safe in any folder: no directories, no ``..``, only letters,
    digits, ``. _ -``; the extension kept (lower case); personal numbers masked."""
    base = unicodedata.normalize("NFKC", masked_name(str(name)))
    base = base.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem.encode("ascii", "ignore").decode())
    stem = re.sub(r"_+", "_", stem).strip("_-") or "berkas"
    suffix = re.sub(r"[^a-z0-9]+", "", suffix.lower())[:8]
    return stem[:MAX_NAME_CHARS] + (f".{suffix}" if suffix else "")


def archive_name(when: dt.datetime, sha256: str, name: str) -> str:
    return f"{when:%Y-%m-%dT%H%M%S}_{sha256[:16]}_{safe_name(name)}"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def log_action(settings: KelolaSettings, action: str, *, file: str, sha256: str | None = None,
               size: int | None = None, outcome: str, batch_id: int | None = None,
               series: str | None = None, by: str | None = None, archive: str | None = None,
               when: dt.datetime | None = None, **extra: object) -> dict[str, object]:
    """Append one line to ``arsip.jsonl`` (never rewritten) and return it."""
    entry: dict[str, object] = {
        "time": (when or now()).isoformat(), "action": action, "file": file,
        "sha256": sha256, "size": size, "outcome": outcome, "batch_id": batch_id,
        "series": series, "by": by, "archive": archive, **extra}
    archive_dir(settings)
    fd = os.open(settings.archive_dir / LOG_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT,
                 PRIVATE_FILE)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
    return entry


def archive_dir(settings: KelolaSettings) -> Path:
    """The archive folder, readable by the server's user only."""
    settings.archive_dir.mkdir(parents=True, exist_ok=True)
    settings.archive_dir.chmod(PRIVATE_DIR)
    return settings.archive_dir


def secure_archive(settings: KelolaSettings) -> list[Path]:
    """Every file of the archive mode 0600 and its folders 0700 (archives written before this
    rule were 0644); returns the files changed."""
    changed: list[Path] = []
    if not settings.archive_dir.is_dir():
        return changed
    archive_dir(settings)
    for path in settings.archive_dir.rglob("*"):
        try:
            mode = path.stat().st_mode & 0o777
            wanted = PRIVATE_DIR if path.is_dir() else PRIVATE_FILE
            if mode != wanted:
                path.chmod(wanted)
                changed.append(path)
        except FileNotFoundError:
            continue
    return changed


def purge_expired(settings: KelolaSettings, now: float | None = None) -> list[Path]:
    """Remove encrypted personal files older than ``personal_retention_days`` (run on every
    upload and when the page starts); each removal is logged."""
    if not settings.archive_dir.is_dir():
        return []
    limit = (now if now is not None else time.time()) - \
        settings.personal_retention_days * 24 * 3600
    removed = []
    for path in sorted(settings.archive_dir.glob(f"*{ENCRYPTED_SUFFIX}")):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:
            continue
    for path in removed:
        log_action(settings, "purge", file="", outcome="expired", archive=path.name,
                   retention_days=settings.personal_retention_days)
    return removed


def read_log(settings: KelolaSettings) -> list[dict[str, object]]:
    path = settings.archive_dir / LOG_NAME
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
