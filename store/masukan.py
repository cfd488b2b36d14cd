"""The feedback store: public feedback (masukan) kept in a DuckDB file of its own.

Why a separate file (default ``data/masukan.duckdb``, ``[masukan] db`` in config/dasbor.toml,
``PMI_MASUKAN_DB``): the placement store is rebuilt from the shipped files (``loaders
rebuild``) and replaced copy-on-write on every load; feedback is not published data and must
survive both. It is small and written a row at a time, so it is written in place:

* every write opens a short-lived read-write connection while holding the exclusive file lock
  of store/db.py (``writer_lock``: ``<file>.lock``), so the dashboard's sessions and the CLI
  take turns and never clash;
* reads open a short-lived read-only connection. DuckDB refuses to open a file another process
  holds read-write (and the other way round), so both retry for a
  few seconds on that lock error;
* inside one process a lock serialises everything, because DuckDB refuses a read-only and a
  read-write connection to the same file at once.

All SQL is in store/sql/masukan.py. Times are stored in UTC (naive
``TIMESTAMP``); what people are shown is in WIB. Validation of what people type lives in
domain/masukan.py: this module stores what it is given.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd

from domain.config import masukan_settings
from domain.masukan import Entry, queue_status
from store.db import writer_lock
from store.sql import masukan as masukan_sql

#: Columns of a listing, in order (the table ``masukan``). No IP address, cookie, user agent or
#: any other identifier is ever stored: only what the sender typed, the time, the language and
#: the dashboard view the feedback was sent from.
#: ``status`` says whether it was received or queued (it came while the hourly cap for all
#: senders was reached). The limits of the form live in a file of their own (store/limits.py).
COLUMNS: tuple[str, ...] = ("id", "diterima_pada", "topik", "nama", "kontak", "pesan", "bahasa",
                            "halaman", "status")
#: How long a connection waits for another process to let go of the file.
LOCK_WAIT_SECONDS = 10.0
_RETRY_PAUSE = 0.02
_PROCESS_LOCK = threading.RLock()


class MasukanStoreError(RuntimeError):
    """The feedback file could not be opened or is newer than this code."""


class MasukanBusy(MasukanStoreError):
    """The store-wide cap and its queue (``max_per_hour`` + ``queue_per_hour``, all senders
    together) are full for now; ``retry_seconds``: when a place frees up."""

    def __init__(self, message: str, retry_seconds: float) -> None:
        super().__init__(message)
        self.retry_seconds = retry_seconds


class Receipt(NamedTuple):
    """A stored submission: its id (the sender's reference number) and its status
    (``diterima``, or ``antre`` when it came while the hourly cap was reached)."""

    id: int
    status: str


def path(explicit: str | Path | None = None) -> Path:
    """The feedback file: an explicit path wins over ``PMI_MASUKAN_DB`` and the config."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    return masukan_settings().db


def utc_now() -> dt.datetime:
    """Now, in UTC, as stored (naive)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _is_lock_error(error: duckdb.Error) -> bool:
    text = str(error).lower()
    return "lock" in text or "conflicting" in text


def _connect(file: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return duckdb.connect(str(file), read_only=read_only)
        except duckdb.IOException as error:
            if not _is_lock_error(error) or time.monotonic() > deadline:
                raise MasukanStoreError(f"berkas masukan {file} tidak dapat dibuka: {error}") \
                    from error
            time.sleep(_RETRY_PAUSE)


def _version(con: duckdb.DuckDBPyConnection) -> int:
    if con.execute(masukan_sql.MASUKAN_SCHEMA_EXISTS).fetchone()[0] == 0:
        return 0
    row = con.execute(masukan_sql.MASUKAN_GET_META, ["schema_version"]).fetchone()
    return int(row[0]) if row else 0


def _ensure_schema(con: duckdb.DuckDBPyConnection, file: Path) -> None:
    current = _version(con)
    if current > masukan_sql.MASUKAN_SCHEMA_VERSION:
        raise MasukanStoreError(f"berkas masukan {file} berversi skema {current}, lebih baru "
                                f"dari kode ini ({masukan_sql.MASUKAN_SCHEMA_VERSION}); "
                                "perbarui kode")
    for target in range(current + 1, masukan_sql.MASUKAN_SCHEMA_VERSION + 1):
        for statement in masukan_sql.MASUKAN_MIGRATIONS[target]:
            con.execute(statement)
        con.execute(masukan_sql.MASUKAN_SET_META, ["schema_version", str(target)])


@contextlib.contextmanager
def _writing(file: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection inside one transaction, under the file lock."""
    with _PROCESS_LOCK, writer_lock(file):
        con = _connect(file, read_only=False)
        try:
            con.execute("BEGIN TRANSACTION")
            _ensure_schema(con, file)
            yield con
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()


@contextlib.contextmanager
def _reading(file: Path) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """A read-only connection, or None when no feedback was ever stored. A file of an older
    schema is migrated first."""
    with _PROCESS_LOCK:
        if not file.exists():
            yield None
            return
        con = _connect(file, read_only=True)
        try:
            current = _version(con)
        except BaseException:
            con.close()
            raise
        if current != masukan_sql.MASUKAN_SCHEMA_VERSION:
            con.close()
            with _writing(file):
                pass
            con = _connect(file, read_only=True)
        try:
            yield con
        finally:
            con.close()


def add(entry: Entry, file: Path | None = None, *, now: dt.datetime | None = None,
        retention_days: int | None = None, max_per_hour: int | None = None,
        queue_per_hour: int | None = None) -> Receipt:
    """Store one submission; its id (the sender's reference number) and status. Feedback
    older than the retention period is deleted in the same write, so the privacy note holds
    even if no one runs ``loaders masukan purge``.

    The cap for all senders together is checked inside the same locked write: below
    ``max_per_hour`` submissions in the last hour (0 = no cap) it is received; for the next
    ``queue_per_hour`` it is stored as queued (``antre``); beyond that ``MasukanBusy`` says
    when a place frees up, and nothing is stored."""
    file = file or path()
    received = now or utc_now()
    settings = masukan_settings()
    days = settings.retention_days if retention_days is None else retention_days
    cap = settings.max_per_hour if max_per_hour is None else max_per_hour
    queue = settings.queue_per_hour if queue_per_hour is None else queue_per_hour
    hour = dt.timedelta(hours=1)
    with _writing(file) as con:
        recent = int(con.execute(masukan_sql.MASUKAN_COUNT_SINCE,
                                 [received - hour]).fetchone()[0]) if cap > 0 else 0
        status = queue_status(recent, cap, queue)
        if status is None:
            times = sorted(r[0] for r in con.execute(masukan_sql.MASUKAN_TIMES_SINCE,
                                                     [received - hour]).fetchall())
            full = cap + max(0, queue)
            free_at = times[-full] + hour if len(times) >= full else received
            raise MasukanBusy(f"{recent} submissions in the last hour (cap {cap}, queue "
                              f"{queue})", max(1.0, (free_at - received).total_seconds()))
        con.execute(masukan_sql.MASUKAN_DELETE_OLDER_THAN, [received - dt.timedelta(days=days)])
        row = con.execute(masukan_sql.MASUKAN_INSERT,
                          [received, entry.topik, entry.nama, entry.kontak, entry.pesan,
                           entry.bahasa, entry.halaman, status]).fetchone()
    return Receipt(int(row[0]), status)


def entries(file: Path | None = None, *, since: dt.datetime | None = None,
            topic: str | None = None) -> pd.DataFrame:
    """Submissions received at or after ``since`` (UTC) with ``topic``, newest first; the
    columns of ``COLUMNS``, text as ``str`` or None (empty when nothing was ever stored)."""
    with _reading(file or path()) as con:
        if con is None:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
        frame = con.execute(masukan_sql.MASUKAN_LIST, [since, topic]).df()
    for column in COLUMNS[2:]:  # text: plain Python strings, None when not given
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def count(file: Path | None = None) -> int:
    with _reading(file or path()) as con:
        return 0 if con is None else int(con.execute(masukan_sql.MASUKAN_COUNT).fetchone()[0])


def purge(older_than_days: int, file: Path | None = None, *,
          now: dt.datetime | None = None) -> int:
    """Delete the submissions received more than ``older_than_days`` days ago; how many."""
    file = file or path()
    if not file.exists():
        return 0
    cutoff = (now or utc_now()) - dt.timedelta(days=older_than_days)
    with _writing(file) as con:
        return len(con.execute(masukan_sql.MASUKAN_DELETE_OLDER_THAN, [cutoff]).fetchall())
