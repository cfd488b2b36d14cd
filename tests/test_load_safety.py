"""Loads are never lost (issue 12, point 3).

* The first-start build of the store (what the dashboard runs when ``data/pmi.duckdb`` does not
  exist) and every load hold the same lock (``<store>.lock``) from their check to their write:
  a load made while the store is being built waits for the build and is then added to the
  built store, or — when the wait is longer than ``PMI_LOCK_TIMEOUT`` — fails with a message
  and stores nothing. It never reports a batch that the build then replaces.
* A load killed with ``kill -9`` at any point leaves the store exactly as it was (or, killed
  after its atomic rename, with the whole batch); its temporary files are removed by the next
  start or write and are never taken for the store.

The builds and loads run in real processes; every assertion reads the store itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from loaders import pipeline
from store import queries
from store.db import connect_read_only
from tests.conftest import ROOT, query

#: A process that starts the way the dashboard does on first start (``ensure_store``), but
#: stops inside the build — at its first file — until the file ``go`` exists: the build is
#: then certainly under way while the test starts a load. It writes ``building`` when it stops
#: and prints what ``ensure_store`` returned.
FIRST_START = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from loaders import pipeline

    db, building, go = (Path(a) for a in sys.argv[1:4])
    read = pipeline.prepare

    def paused(*args, **kwargs):
        if not building.exists():
            building.touch()
            deadline = time.monotonic() + 60
            while not go.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        return read(*args, **kwargs)

    pipeline.prepare = paused
    print("built" if pipeline.ensure_store(db) else "found", flush=True)
""")

#: What a load prints on stderr when the store is locked by another writer.
WAITING = "menunggu"
EXTRA = "tahun,kode_wilayah,jumlah\n2010,3604,123\n"


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in {"PMI_LOCK_TIMEOUT", "CI"}}
    return {**env, "PMI_DB": str(db), **extra}


def _wait_for(path: Path, proc: subprocess.Popen[str], seconds: float = 60) -> None:
    """Until ``path`` exists; fails when ``proc`` ends first or after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.01)


def _start_first_build(db: Path, tmp: Path) -> tuple[subprocess.Popen[str], Path]:
    """The paused first-start build; returns it and the file that lets it go on."""
    building, go = tmp / "building", tmp / "go"
    proc = subprocess.Popen([sys.executable, "-c", FIRST_START, str(db), str(building), str(go)],
                            cwd=ROOT, env=_env(db), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    _wait_for(building, proc)
    return proc, go


def _stderr_until_waiting(proc: subprocess.Popen[str], seconds: float = 60) -> str:
    """The stderr of ``proc`` up to its notice that it waits for the lock, or all of it when
    the process ends without waiting. Killed after ``seconds`` (a hung test fails, never
    hangs)."""
    watchdog = threading.Timer(seconds, proc.kill)
    watchdog.start()
    seen = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            seen.append(line)
            if WAITING in line:
                break
    finally:
        watchdog.cancel()
    return "".join(seen)


def _extra_total(db: Path) -> list[int]:
    con = connect_read_only(db)
    try:
        frame = queries.totals(con, "bp2mi", ["tahun"],
                               queries.Filters(tahun_awal=2010, tahun_akhir=2010))
    finally:
        con.close()
    return frame["jumlah"].tolist()


def _shipped_batches(db: Path) -> int:
    names = [p.name for p in pipeline.shipped_files()]
    return query(db, "SELECT count(*) FROM batch WHERE status = 'active' AND file_name IN "
                     f"({', '.join('?' for _ in names)})", list(names))[0][0]


def test_a_load_during_the_first_start_build_waits_and_is_kept(tmp_path):
    db = tmp_path / "store" / "pmi.duckdb"
    extra = tmp_path / "tambahan.csv"
    extra.write_text(EXTRA, encoding="utf-8")
    build, go = _start_first_build(db, tmp_path)
    load = subprocess.Popen([sys.executable, "-m", "loaders", "load", str(extra),
                             "--series", "bp2mi", "--source", "uji"],
                            cwd=ROOT, env=_env(db), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    waited = _stderr_until_waiting(load)
    go.touch()
    out, err = load.communicate(timeout=120)
    built, build_err = build.communicate(timeout=120)
    assert build.returncode == 0, build_err
    assert built.strip() == "built"
    assert load.returncode == 0, out + err
    assert "DIMUAT" in out.upper()
    # the batch the load reported is in the store the build made, next to the shipped data
    assert query(db, "SELECT status FROM batch WHERE file_name = 'tambahan.csv'") == \
        [("active",)]
    assert _extra_total(db) == [123]
    assert _shipped_batches(db) == len(pipeline.shipped_files())
    assert WAITING in waited and str(db) in waited, waited + err  # it waited for the build


def test_a_load_that_cannot_wait_long_enough_fails_and_claims_nothing(tmp_path):
    db = tmp_path / "store" / "pmi.duckdb"
    extra = tmp_path / "tambahan.csv"
    extra.write_text(EXTRA, encoding="utf-8")
    build, go = _start_first_build(db, tmp_path)
    try:
        load = subprocess.run([sys.executable, "-m", "loaders", "load", str(extra),
                               "--series", "bp2mi", "--source", "uji"],
                              cwd=ROOT, env=_env(db, PMI_LOCK_TIMEOUT="1"),
                              capture_output=True, text=True, timeout=120)
    finally:
        go.touch()
    built, build_err = build.communicate(timeout=120)
    assert build.returncode == 0, build_err
    assert built.strip() == "built"
    assert load.returncode != 0, load.stdout + load.stderr
    assert "DIMUAT" not in load.stdout.upper()
    # the message names the store, says nothing was stored and what to do
    assert str(db) in load.stderr and "PMI_LOCK_TIMEOUT" in load.stderr, load.stderr
    assert "tidak ada yang diubah" in load.stderr
    assert query(db, "SELECT count(*) FROM batch WHERE file_name = 'tambahan.csv'") == [(0,)]
    assert _extra_total(db) == []
    assert _shipped_batches(db) == len(pipeline.shipped_files())


def test_two_first_starts_at_once_build_the_store_once(tmp_path):
    db = tmp_path / "store" / "pmi.duckdb"
    first, go = _start_first_build(db, tmp_path)
    second = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from loaders import pipeline; "
         "print('built' if pipeline.ensure_store(Path(sys.argv[1])) else 'found', flush=True)",
         str(db)], cwd=ROOT, env=_env(db), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    waited = _stderr_until_waiting(second)
    go.touch()
    out_first, err_first = first.communicate(timeout=120)
    out_second, err_second = second.communicate(timeout=120)
    assert (first.returncode, second.returncode) == (0, 0), err_first + err_second
    assert [out_first.strip(), out_second.strip()] == ["built", "found"]
    assert WAITING in waited, waited + err_second
    assert _shipped_batches(db) == len(pipeline.shipped_files())
