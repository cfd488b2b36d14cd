"""Limits of the public forms: a SEPARATE SQLite file (store/limits.py, domain/limits.py)."""

from __future__ import annotations

# Events (a feedback submission, a wrong password) per pseudonymous subject (a keyed hash of a
# session token or an address), kept only as long as a rule looks back. Times are Unix seconds.

LIMITS_SCHEMA: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS batas_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS batas_peristiwa (
        id INTEGER PRIMARY KEY,
        tindakan TEXT NOT NULL,
        kunci TEXT NOT NULL,
        waktu REAL NOT NULL
    )""",
    """CREATE INDEX IF NOT EXISTS batas_peristiwa_kunci
        ON batas_peristiwa (tindakan, kunci, waktu)""",
)
LIMITS_GET_META = "SELECT value FROM batas_meta WHERE key = ?"
LIMITS_SET_META = "INSERT OR REPLACE INTO batas_meta (key, value) VALUES (?, ?)"
#: The times of one subject's events of one action since ``?``.
LIMITS_TIMES = "SELECT waktu FROM batas_peristiwa WHERE tindakan = ? AND kunci = ? AND waktu > ?"
LIMITS_ALL = "SELECT tindakan, kunci FROM batas_peristiwa ORDER BY id"
LIMITS_INSERT = "INSERT INTO batas_peristiwa (tindakan, kunci, waktu) VALUES (?, ?, ?)"
LIMITS_DELETE_IDS = "DELETE FROM batas_peristiwa WHERE id = ?"
LIMITS_DELETE_SUBJECT = "DELETE FROM batas_peristiwa WHERE tindakan = ? AND kunci = ?"
#: Forget an action's events older than ``?`` (no rule looks back that far).
LIMITS_FORGET = "DELETE FROM batas_peristiwa WHERE tindakan = ? AND waktu <= ?"
