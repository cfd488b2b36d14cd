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

Every change to the store — a load, a roll-back, a migration, and the build from ``data/`` on
first start (loaders/pipeline.py, ``ensure_store``) — holds the lock from its check ("does the
store exist?", "is this batch new?") to its rename (``store_lock``). A writer that finds the lock
taken waits for it, at most ``PMI_LOCK_TIMEOUT`` seconds (``lock_timeout``), and then gives up
with ``StoreBusyError``, having changed nothing: it never writes into a store that the build is
about to replace.

A writer killed mid-write (``kill -9``, power loss) cannot delete its copy; the next write, and
every start (``upgrade_if_needed``), removes such leftovers (``remove_leftovers``, under the
lock): only files named as writers name their copies (the copy, its ``.wal`` and DuckDB's spill
folder ``.tmp``), whose process is gone or started after the file was last written.
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import re
import shutil
import sys
import threading
import time
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


#: Environment variable: how many seconds a writer waits for the store's lock.
ENV_LOCK_TIMEOUT = "PMI_LOCK_TIMEOUT"
#: Seconds a writer waits for the lock when ``PMI_LOCK_TIMEOUT`` is not set (or not a number
#: of seconds): longer than any build from ``data/`` or ordinary load takes.
DEFAULT_LOCK_TIMEOUT = 300.0
#: Seconds between two attempts to take a lock that another process holds.
_POLL = 0.05


def lock_timeout() -> float:
    """Seconds a store writer waits for the lock: ``PMI_LOCK_TIMEOUT``, else 300."""
    text = os.environ.get(ENV_LOCK_TIMEOUT, "").strip()
    try:
        seconds = float(text)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return seconds if math.isfinite(seconds) and seconds >= 0 else DEFAULT_LOCK_TIMEOUT


class StoreBusyError(Exception):
    """The store stayed locked by another writer for longer than the writer may wait; nothing
    was changed."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        super().__init__(
            f"penyimpanan {path} sedang ditulis proses lain (dasbor yang membangunnya dari "
            f"data/ pada start pertama, atau pemuatan lain) dan belum bebas setelah "
            f"{timeout:g} detik; tidak ada yang diubah. Ulangi perintahnya setelah proses itu "
            f"selesai, atau beri waktu tunggu lebih lama: {ENV_LOCK_TIMEOUT}=DETIK.")


#: Locks this thread holds (lock file → depth): a writer that holds the lock (the first-start
#: build) calls others that take it again (``writing``) without waiting for itself.
_held = threading.local()


def _depths() -> dict[str, int]:
    depths: dict[str, int] | None = getattr(_held, "depths", None)
    if depths is None:
        depths = _held.depths = {}
    return depths


@contextlib.contextmanager
def writer_lock(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Exclusive lock held by the one process writing ``path``, in ``<path>.lock``.

    ``timeout=None`` waits as long as it takes, silently. With a timeout, a writer that finds
    the lock taken says so on stderr (once) and raises ``StoreBusyError`` after ``timeout``
    seconds. Re-entrant within a thread.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    key = str(lock_path.absolute())
    depth = _depths()
    if depth.get(key):
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return
    with lock_path.open("a") as fh:
        _acquire(fh.fileno(), path, timeout)
        depth[key] = 1
        try:
            yield
        finally:
            depth[key] = 0
            fcntl.flock(fh, fcntl.LOCK_UN)


def _acquire(fd: int, path: Path, timeout: float | None) -> None:
    if timeout is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + timeout
    noticed = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if time.monotonic() >= deadline:
            raise StoreBusyError(path, timeout)
        if not noticed:
            noticed = True
            print(f"menunggu: penyimpanan {path} sedang ditulis proses lain (paling lama "
                  f"{timeout:g} detik, {ENV_LOCK_TIMEOUT})…", file=sys.stderr, flush=True)
        time.sleep(min(_POLL, max(deadline - time.monotonic(), 0.0)))


def store_lock(path: Path) -> contextlib.AbstractContextManager[None]:
    """The lock every change to the store holds from its check to its rename; waits at most
    ``lock_timeout()`` seconds for another writer (then ``StoreBusyError``)."""
    return writer_lock(path, lock_timeout())


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _temporary(path: Path) -> Path:
    """The private copy a writer in this process and thread works on (beside the store, so
    that the rename is atomic): ``.<store>.<pid>.<thread>.tmp`` (DuckDB adds ``.wal``)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def _leftover(path: Path) -> re.Pattern[str]:
    """The names :func:`_temporary` gives, their write-ahead logs (``.wal``) and DuckDB's spill
    folders (``.tmp``, made when a write needs more memory than it has); nothing else."""
    return re.compile(
        rf"\.{re.escape(path.name)}\.([0-9]{{1,10}})\.([0-9]{{1,20}})\.tmp(\.wal|\.tmp)?")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid > 0  # exists (another user's), or not a pid at all
    return True


def _started(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), where Linux tells (``/proc``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        boot = next(float(line.split()[1]) for line in Path("/proc/stat").read_text()
                    .splitlines() if line.startswith("btime "))
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, StopIteration):
        return None


def _may_be_writing(pid: int, entry: Path) -> bool:
    """Whether the process that named ``entry`` may still be writing it: it is alive, and it
    did not start after ``entry`` was last written (else its pid was reused: after a restart,
    in a container, a new process often gets the killed writer's pid)."""
    if not _alive(pid):
        return False
    started = _started(pid)
    try:
        written = entry.lstat().st_mtime
    except FileNotFoundError:
        return False
    return started is None or started <= written + 1  # /proc's start time is in clock ticks


def remove_leftovers(path: Path) -> list[Path]:
    """Delete the private copies (their ``.wal`` and spill folders) that writers killed before
    they could clean up left beside the store ``path``: only names as :func:`_temporary`
    gives them, and only when the process that wrote them is gone. Call with the writer lock
    held. Returns what was removed."""
    path = Path(path)
    pattern = _leftover(path)
    removed: list[Path] = []
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None or entry.is_symlink():
            continue
        spill = found.group(3) == ".tmp"
        if not (entry.is_dir() if spill else entry.is_file()):
            continue
        if _may_be_writing(int(found.group(1)), entry):
            continue  # a writer of this store still running (it holds the lock; not us)
        try:
            if spill:
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except FileNotFoundError:
            continue
        removed.append(entry)
    return removed


def clean_leftovers(path: Path) -> list[Path]:
    """:func:`remove_leftovers` on start, when no writer holds the lock (else the next write
    cleans up). Never waits and never fails: a store in a read-only folder is left as it is."""
    path = Path(path)
    try:
        with writer_lock(path, timeout=0):
            return remove_leftovers(path)
    except (StoreBusyError, OSError):
        return []


@contextlib.contextmanager
def writing(path: Path, fresh: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a private copy of the store, swapped in on success.

    ``fresh=True`` starts from an empty store (schema and reference data only) instead of a
    copy of the current one. The schema is created or migrated before the caller sees it.
    """
    path = Path(path)
    with store_lock(path):
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


def create_if_missing(path: Path) -> bool:
    """Create an empty store (schema and reference data) at ``path`` unless one exists; True if
    it was created. The check and the write hold the lock together, so a store that another
    process has just written (a load) is never replaced by an empty one."""
    path = Path(path)
    with store_lock(path):
        if path.exists():
            return False
        with writing(path, fresh=True):
            pass
    return True


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
    # One thread a query: the dashboard's queries are small (a few ms), and its sessions run
    # them side by side; DuckDB's parallel plan for each cost more than it saved (the same
    # five headline queries 84 -> 72 ms of CPU, docs/benchmarks.md).
    con = duckdb.connect(":memory:", config={"threads": 1})
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
