"""Public feedback (masukan): a SEPARATE DuckDB file (store/masukan.py, docs/feedback.md)."""

from __future__ import annotations

# Not part of the placement store: that one is rebuilt from data/ and written copy-on-write,
# feedback must survive rebuilds. Own schema version, own meta table. Times are UTC.

MASUKAN_SCHEMA_VERSION = 2

MASUKAN_SCHEMA_V1: tuple[str, ...] = (
    """CREATE TABLE masukan_meta (
        key VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL
    )""",
    "CREATE SEQUENCE masukan_id START 1",
    """CREATE TABLE masukan (
        id BIGINT PRIMARY KEY DEFAULT nextval('masukan_id'),
        diterima_pada TIMESTAMP NOT NULL,
        topik VARCHAR NOT NULL,
        nama VARCHAR,
        kontak VARCHAR,
        pesan VARCHAR NOT NULL,
        bahasa VARCHAR NOT NULL,
        halaman VARCHAR
    )""",
)
#: v2: ``status`` — ``diterima`` (received), or ``antre`` (queued: it arrived while the hourly
#: cap for all senders was reached, and waits to be read with the others of that surge).
MASUKAN_SCHEMA_V2: tuple[str, ...] = (
    "ALTER TABLE masukan ADD COLUMN status VARCHAR DEFAULT 'diterima'",
)
MASUKAN_MIGRATIONS: dict[int, tuple[str, ...]] = {1: MASUKAN_SCHEMA_V1, 2: MASUKAN_SCHEMA_V2}

MASUKAN_SCHEMA_EXISTS = """
    SELECT count(*) FROM information_schema.tables WHERE table_name = 'masukan_meta'
"""
MASUKAN_GET_META = "SELECT value FROM masukan_meta WHERE key = ?"
MASUKAN_SET_META = "INSERT OR REPLACE INTO masukan_meta (key, value) VALUES (?, ?)"

#: One submission; returns its id (the reference number shown to the sender).
MASUKAN_INSERT = """
    INSERT INTO masukan (diterima_pada, topik, nama, kontak, pesan, bahasa, halaman, status)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    RETURNING id
"""
#: Submissions received at or after ``?`` (NULL: all) with topic ``?`` (NULL: any), newest
#: first.
MASUKAN_LIST = """
    SELECT id, diterima_pada, topik, nama, kontak, pesan, bahasa, halaman, status
    FROM masukan
    WHERE diterima_pada >= coalesce(?, diterima_pada) AND topik = coalesce(?, topik)
    ORDER BY diterima_pada DESC, id DESC
"""
MASUKAN_COUNT = "SELECT count(*) FROM masukan"
#: Submissions received at or after ``?`` (all senders): the store-wide hourly cap.
MASUKAN_COUNT_SINCE = "SELECT count(*) FROM masukan WHERE diterima_pada >= ?"
#: The times of the submissions received at or after ``?``: when the cap frees a place.
MASUKAN_TIMES_SINCE = "SELECT diterima_pada FROM masukan WHERE diterima_pada >= ?"
#: Deletes the submissions received before ``?``; returns their ids.
MASUKAN_DELETE_OLDER_THAN = "DELETE FROM masukan WHERE diterima_pada < ? RETURNING id"
