"""Opening the DuckDB store for reading and writing, safely while the dashboard runs.

DuckDB lets one process hold a read-write connection to a file, and while it does no other
process can open the file at all. A dashboard that keeps the
store open would therefore block every load. So the store is never written in place:

* a writer takes an exclusive lock on ``<store>.lock`` (one writer at a time), copies the store
  to a temporary file beside it, applies its changes there inside a transaction, checkpoints,
  closes, and atomically renames the copy over the store (``os.replace``). Any failure deletes
  the copy: the store is exactly as it was. Readers are never blocked; they keep reading the
  old file until they reopen;
* readers open the store read-only and reopen it when its identity (inode, size, mtime)
  changes, so a running dashboard shows a new load on its next query without a restart.

A writer killed mid-write (``kill -9``, power loss) cannot delete its copy; the next write, and
every start (``upgrade_if_needed``), removes such leftovers (``remove_leftovers``): only files
named as writers name their copies, whose process is gone.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from store import schema


@dataclass(frozen=True)
class FileSignature:
    inode: int
    size: int
    mtime_ns: int


def signature(path: Path) -> FileSignature | None:
    """Identity of the store file, or None when it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return FileSignature(st.st_ino, st.st_size, st.st_mtime_ns)


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Exclusive lock held by the one process writing ``path`` (blocks until free)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with lock_path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _temporary(path: Path) -> Path:
    """The private copy a writer in this process and thread works on (beside the store, so
    that the rename is atomic): ``.<store>.<pid>.<thread>.tmp`` (DuckDB adds ``.wal``)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def _leftover(path: Path) -> re.Pattern[str]:
    """The names :func:`_temporary` gives, and their write-ahead logs; nothing else."""
    return re.compile(rf"\.{re.escape(path.name)}\.([0-9]{{1,10}})\.([0-9]{{1,20}})\.tmp(\.wal)?")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid > 0  # exists (another user's), or not a pid at all
    return True


def remove_leftovers(path: Path) -> list[Path]:
    """Delete the private copies (and their ``.wal``) that writers killed before they could
    clean up left beside the store ``path``: only files named as :func:`_temporary` names
    them, and only when the process that wrote them is gone. Call with the writer lock held.
    Returns what was removed."""
    path = Path(path)
    pattern = _leftover(path)
    removed: list[Path] = []
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None or entry.is_symlink() or not entry.is_file():
            continue
        if _alive(int(found.group(1))):
            continue  # a writer of this store still running (it holds the lock; not us)
        with contextlib.suppress(FileNotFoundError):
            entry.unlink()
            removed.append(entry)
    return removed


def clean_leftovers(path: Path) -> list[Path]:
    """:func:`remove_leftovers` on start, when no writer holds the lock (else the next write
    cleans up). Never waits and never fails: a store in a read-only folder is left as it is."""
    path = Path(path)
    lock_path = path.with_name(path.name + ".lock")
    try:
        with lock_path.open("a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return []
            try:
                return remove_leftovers(path)
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    except OSError:
        return []


@contextlib.contextmanager
def writing(path: Path, fresh: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a private copy of the store, swapped in on success.

    ``fresh=True`` starts from an empty store (schema and reference data only) instead of a
    copy of the current one. The schema is created or migrated before the caller sees it.
    """
    path = Path(path)
    with writer_lock(path):
        remove_leftovers(path)  # copies of writers that were killed (kill -9, power loss)
        tmp = _temporary(path)
        _remove(tmp)
        if path.exists() and not fresh:
            shutil.copyfile(path, tmp)
        con = duckdb.connect(str(tmp))
        try:
            schema.ensure(con)
            con.execute("BEGIN TRANSACTION")
            yield con
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
            with tmp.open("rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(Exception):
                con.close()
            _remove(tmp)
            raise


def upgrade_if_needed(path: Path) -> bool:
    """Migrate a store written by older code (schema or reference data) before reading it.

    Returns True when the store was upgraded. The upgrade is an ordinary copy-on-write, so
    running readers are not disturbed.
    """
    clean_leftovers(path)  # on every start of the dashboard and of the loaders
    con = duckdb.connect(str(path), read_only=True)
    try:
        current = schema.is_current(con)
    finally:
        con.close()
    if current:
        return False
    with writing(path):
        pass
    return True


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection; several processes can hold one at once."""
    return duckdb.connect(str(path), read_only=True)


_ALIAS = "store"


def _attach_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """The store attached read-only to a private in-memory database.

    ``duckdb.connect(path)`` shares one database instance per path within a process, so while
    any cursor on the old file is alive it would hand back the old file; attaching opens the
    file that is at ``path`` now.
    """
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH ? AS {_ALIAS} (READ_ONLY)", [str(path)])
    return con


class StoreReader:
    """Hands out cursors on the current store file, reopening it after each load.

    One instance is shared by every dashboard session (it is thread-safe); each query takes
    its own cursor.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._signature: FileSignature | None = None

    @property
    def signature(self) -> FileSignature | None:
        """Identity of the store as last opened; changes after each load."""
        self.cursor().close()
        return self._signature

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            current = signature(self.path)
            if current is None:
                raise FileNotFoundError(f"store not found: {self.path}")
            if self._con is None or current != self._signature:
                # The old connection is not closed here: cursors other sessions still hold
                # keep their database open until they are done, then it is freed.
                self._con = _attach_read_only(self.path)
                self._signature = current
            cursor = self._con.cursor()
            cursor.execute(f"USE {_ALIAS}")
            return cursor

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None
