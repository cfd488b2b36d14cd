"""The limits store: when each browser session and each client address last sent feedback or
tried a wrong password, so that the limits of domain/limits.py hold across reloads, new
sessions and restarts of the server.

A small SQLite file of its own (``[web] limits_db`` in config/dasbor.toml, default
``data/batas.sqlite3``; ``PMI_LIMITS_DB`` overrides it), apart from the feedback file (which
holds only what senders typed) and from the placement store (rebuilt and replaced on loads).
SQLite because the file is written by many sessions a little at a time: ``BEGIN IMMEDIATE``
makes a check and the event it records one step, across threads and processes, so two
simultaneous submissions cannot both pass a limit that allows one.

Nothing readable is stored: a subject is kept as a keyed hash (``domain.limits.pseudonym``)
with a random secret made when the file is created, and events are deleted as soon as no rule
looks back that far (``forget_after``). The file is created readable by its owner only.
All SQL is in store/sql/limits.py.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from domain.limits import Limit, pseudonym
from store.sql import limits as limits_sql

#: How long a write waits for another session or process to finish its own.
BUSY_TIMEOUT_SECONDS = 10.0
SECRET_KEY = "rahasia"


class LimitStoreError(RuntimeError):
    """The limits file cannot be opened or written."""


@contextlib.contextmanager
def _transaction(file: Path) -> Iterator[tuple[sqlite3.Connection, bytes]]:
    """A connection inside one immediate (write-locked) transaction, and the file's secret."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        if not file.exists():
            os.close(os.open(file, os.O_CREAT | os.O_WRONLY, 0o600))
        con = sqlite3.connect(file, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except (OSError, sqlite3.Error) as error:
        raise LimitStoreError(f"berkas batas {file} tidak dapat dibuka: {error}") from error
    try:
        con.execute("BEGIN IMMEDIATE")
        for statement in limits_sql.LIMITS_SCHEMA:
            con.execute(statement)
        row = con.execute(limits_sql.LIMITS_GET_META, [SECRET_KEY]).fetchone()
        if row is None:
            secret = secrets.token_hex(32)
            con.execute(limits_sql.LIMITS_SET_META, [SECRET_KEY, secret])
        else:
            secret = str(row[0])
        yield con, bytes.fromhex(secret)
        con.execute("COMMIT")
    except sqlite3.Error as error:
        with contextlib.suppress(sqlite3.Error):
            con.execute("ROLLBACK")
        raise LimitStoreError(f"berkas batas {file}: {error}") from error
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def _times(con: sqlite3.Connection, secret: bytes, limit: Limit, now: float) -> list[float]:
    key = pseudonym(secret, limit.scope, limit.who)
    since = now - limit.rule.horizon
    return [float(r[0]) for r in con.execute(limits_sql.LIMITS_TIMES, [limit.action, key, since])]


def _waits(con: sqlite3.Connection, secret: bytes, limits: Sequence[Limit],
           now: float) -> tuple[float, ...]:
    return tuple(limit.rule.wait(_times(con, secret, limit, now), now) for limit in limits)


def _forget(con: sqlite3.Connection, limits: Sequence[Limit], now: float) -> None:
    horizons: dict[str, float] = {}
    for limit in limits:
        horizons[limit.action] = max(horizons.get(limit.action, 0.0), limit.rule.horizon)
    for action, horizon in horizons.items():
        con.execute(limits_sql.LIMITS_FORGET, [action, now - horizon])


class Taken(NamedTuple):
    """What ``take`` did: the seconds each limit asks to wait (all 0 when the events were
    recorded) and the recorded events' ids (empty when refused)."""

    waits: tuple[float, ...]
    ids: tuple[int, ...]

    @property
    def ok(self) -> bool:
        return not any(w > 0 for w in self.waits)


def waits(file: Path, limits: Sequence[Limit], now: float | None = None) -> tuple[float, ...]:
    """For each of ``limits``, the seconds until it allows one more event (0: now)."""
    moment = time.time() if now is None else now
    with _transaction(file) as (con, secret):
        return _waits(con, secret, limits, moment)


def take(file: Path, limits: Sequence[Limit], now: float | None = None) -> Taken:
    """Check ``limits`` and, when all allow it, record one event for each — in one step.

    Refused: nothing is recorded and ``waits`` says how long each limit asks to wait. Taken:
    the events' ids (``give_back`` withdraws them). Events older than every rule's look-back
    are deleted in the same write."""
    moment = time.time() if now is None else now
    with _transaction(file) as (con, secret):
        _forget(con, limits, moment)
        waiting = _waits(con, secret, limits, moment)
        if any(w > 0 for w in waiting):
            return Taken(waiting, ())
        ids = []
        for limit in limits:
            cursor = con.execute(limits_sql.LIMITS_INSERT, [
                limit.action, pseudonym(secret, limit.scope, limit.who), moment])
            ids.append(int(cursor.lastrowid or 0))
        return Taken(waiting, tuple(ids))


def give_back(file: Path, ids: Sequence[int]) -> None:
    """Withdraw events recorded by ``take`` (the action did not happen after all)."""
    if not ids:
        return
    with _transaction(file) as (con, _):
        con.executemany(limits_sql.LIMITS_DELETE_IDS, [[i] for i in ids])


def clear(file: Path, limit: Limit) -> None:
    """Forget every event of ``limit``'s subject and action (a correct password)."""
    with _transaction(file) as (con, secret):
        con.execute(limits_sql.LIMITS_DELETE_SUBJECT, [limit.action,
                                                       pseudonym(secret, limit.scope, limit.who)])


def stored_keys(file: Path) -> list[tuple[str, str]]:
    """(action, key) of every event kept — what the file knows about anyone (for tests and
    for a maintainer who wants to see it)."""
    if not file.exists():
        return []
    with _transaction(file) as (con, _):
        return [(str(a), str(k)) for a, k in
                con.execute(limits_sql.LIMITS_ALL)]
