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

import csv
import fcntl
import itertools
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from loaders import pipeline
from store import db as store_db
from store import queries
from store.db import connect_read_only
from tests.conftest import ROOT, file_digest, query

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


@pytest.mark.parametrize("store_option", [
    pytest.param([], id="PMI_DB"), pytest.param(["--db"], id="--db", marks=pytest.mark.slow)])
def test_a_load_during_the_first_start_build_waits_and_is_kept(tmp_path, store_option):
    db = tmp_path / "store" / "pmi.duckdb"
    extra = tmp_path / "tambahan.csv"
    extra.write_text(EXTRA, encoding="utf-8")
    build, go = _start_first_build(db, tmp_path)
    load = subprocess.Popen([sys.executable, "-m", "loaders", "load", str(extra),
                             "--series", "bp2mi", "--source", "uji",
                             *(option for name in store_option for option in (name, str(db)))],
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


def test_the_lock_timeout_is_configurable_and_never_unbounded(monkeypatch):
    for text, seconds in (("2.5", 2.5), ("0", 0.0), ("", 300.0), ("sebentar", 300.0),
                          ("-1", 300.0), ("inf", 300.0), ("nan", 300.0)):
        monkeypatch.setenv("PMI_LOCK_TIMEOUT", text)
        assert store_db.lock_timeout() == seconds, text


def test_a_write_while_another_process_holds_the_lock_gives_up_and_changes_nothing(
        tmp_path, monkeypatch, capsys):
    db = tmp_path / "store" / "pmi.duckdb"
    store_db.create_if_missing(db)
    before = file_digest(db)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import fcntl, sys
            with open(sys.argv[1], "a") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                print("locked", flush=True)
                sys.stdin.readline()
        """), str(db.with_name("pmi.duckdb.lock"))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        monkeypatch.setenv("PMI_LOCK_TIMEOUT", "0.3")
        started = time.monotonic()
        with pytest.raises(store_db.StoreBusyError) as refused, store_db.writing(db) as con:
            con.execute("DELETE FROM batch")  # never reached
        waited = time.monotonic() - started
        assert store_db.create_if_missing(tmp_path / "other" / "pmi.duckdb")  # another store
    finally:
        holder.communicate("\n", timeout=30)
    assert 0.3 <= waited < 30
    assert str(db) in str(refused.value) and "tidak ada yang diubah" in str(refused.value)
    assert "menunggu: penyimpanan" in capsys.readouterr().err
    assert file_digest(db) == before
    assert _foreign_files(db.parent) == []


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_every_kind_are_removed_and_nothing_else(tmp_path):
    db = tmp_path / "store" / "pmi.duckdb"
    store_db.create_if_missing(db)
    folder, dead, me = db.parent, _dead_pid(), os.getpid()
    copy = folder / f".pmi.duckdb.{dead}.1.tmp"
    wal = folder / f".pmi.duckdb.{dead}.1.tmp.wal"
    spill = folder / f".pmi.duckdb.{dead}.1.tmp.tmp"  # DuckDB's spill folder of that copy
    reused = folder / f".pmi.duckdb.{me}.2.tmp"  # written before this process started
    running = folder / f".pmi.duckdb.{me}.3.tmp"  # may be this process's own writer
    others = [folder / f"pmi.duckdb.{dead}.1.tmp", folder / ".pmi.duckdb.bak",
              folder / f".pmi.duckdb.{dead}.1.tmp.old", folder / f".lain.duckdb.{dead}.1.tmp"]
    spill.mkdir()
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"x" * 100)
    reader_spill = folder / "pmi.duckdb.tmp"  # a reader's, not a writer's: not ours to delete
    reader_spill.mkdir()
    for path in [copy, wal, reused, running, *others]:
        path.write_bytes(b"x" * 100)
    day_ago = time.time() - 86400
    os.utime(reused, (day_ago, day_ago))
    removed = store_db.clean_leftovers(db)
    assert sorted(removed) == sorted([copy, wal, spill, reused])
    assert not any(path.exists() for path in (copy, wal, spill, reused))
    assert running.exists() and reader_spill.is_dir() and all(p.exists() for p in others)
    assert query(db, "SELECT count(*) FROM batch") == [(0,)]  # the store itself untouched


def test_leftovers_stay_while_a_writer_holds_the_lock(tmp_path):
    db = tmp_path / "store" / "pmi.duckdb"
    store_db.create_if_missing(db)
    copy = db.with_name(f".pmi.duckdb.{_dead_pid()}.1.tmp")
    copy.write_bytes(b"x")
    with db.with_name("pmi.duckdb.lock").open("a") as fh:  # as another writer holds it
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            assert store_db.clean_leftovers(db) == []  # does not wait, does not touch
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    assert copy.exists()
    assert store_db.clean_leftovers(db) == [copy]


def test_a_leftover_copy_is_never_taken_for_the_store(tmp_path):
    """A killed load's copy of a store with an extra batch, and no store: the first start
    builds the store from data/ (it does not adopt the copy) and removes the copy."""
    db = tmp_path / "store" / "pmi.duckdb"
    extra = tmp_path / "tambahan.csv"
    extra.write_text(EXTRA, encoding="utf-8")
    pipeline.load([extra], db, pipeline.Options(series="bp2mi"))
    copy = db.with_name(f".pmi.duckdb.{_dead_pid()}.1.tmp")
    db.rename(copy)
    assert pipeline.ensure_store(db) is True
    assert not copy.exists()
    assert _foreign_files(db.parent) == []
    assert _shipped_batches(db) == len(pipeline.shipped_files())
    assert query(db, "SELECT count(*) FROM batch WHERE file_name = 'tambahan.csv'") == [(0,)]


# -- kill -9 during a load ------------------------------------------------------------------

REGIONS = ("3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674")
SCHEMES = ("G to G", "P to P", "G to P", "UKPS", "Mandiri")
COUNTRIES = ("MY", "SA", "HK", "TW", "SG", "JP", "KR", "QA", "AE", "BN")
#: Seeded delays (seconds) between the moment a load's temporary copy appears and its kill;
#: the first and the last kill land while the copy is certainly there.
KILL_SEED = 20250312


def _big_file(path: Path, year: int) -> int:
    """A canonical-layout file (docs/data-format.md) of 307,200 rows: every month, regency,
    scheme, sector, gender, 10 countries and the 16 occupations of ``year``. Returns its
    total."""
    occupations = [line.split(",")[0] for line in
                   (ROOT / "data/reference/jabatan.csv").read_text(encoding="utf-8")
                   .splitlines()[1:] if line]
    rng = random.Random(year)
    total = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["tahun", "bulan", "kode_wilayah", "skema", "sektor", "jenis_kelamin",
                      "negara_tujuan", "jabatan", "jumlah"])
        for month, region, scheme, sector, gender, country, occupation in itertools.product(
                range(1, 13), REGIONS, SCHEMES, ("Formal", "Informal"),
                ("Laki-laki", "Perempuan"), COUNTRIES, occupations):
            count = rng.randint(1, 9)
            total += count
            out.writerow([year, month, region, scheme, sector, gender, country, occupation,
                          count])
    return total


Figures = tuple[list[tuple[int, int]], list[tuple[str, str]]]


def _figures(db: Path) -> Figures:
    """The sample series' yearly totals (the dashboard's rule) and every batch with its
    status, read from the store itself."""
    con = connect_read_only(db)
    try:
        frame = queries.totals(con, "contoh", ["tahun"])
        batches = con.execute("SELECT file_name, status FROM batch ORDER BY batch_id").fetchall()
    finally:
        con.close()
    return [(int(t), int(j)) for t, j in frame.itertuples(index=False)], batches


def _summary(db: Path) -> list[tuple[int, int]]:
    """``loaders summary`` in a new process: what a maintainer sees on the next start."""
    done = subprocess.run([sys.executable, "-m", "loaders", "summary", "--db", str(db),
                           "--series", "contoh", "--raw", "--csv"],
                          cwd=ROOT, env=_env(db), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = done.stdout.splitlines()
    assert rows[0] == "tahun,jumlah"
    return [(int(t), int(j)) for t, j in (row.split(",") for row in rows[1:])]


def _foreign_files(folder: Path) -> list[str]:
    """Anything beside the store but the store and its lock file."""
    return sorted(set(os.listdir(folder)) - {"pmi.duckdb", "pmi.duckdb.lock"})


def _load_big(big: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "loaders", "load", str(big), "--db", str(db),
                             "--series", "contoh", "--source", "uji kill -9"],
                            cwd=ROOT, env=_env(db), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _kill_when_writing(proc: subprocess.Popen[bytes], folder: Path, delay: float) -> bool:
    """Kill ``proc`` (SIGKILL) ``delay`` seconds after its temporary copy of the store
    appears; True if it was seen writing, False if it ended first."""
    mine = f".pmi.duckdb.{proc.pid}."
    deadline = time.monotonic() + 120
    try:
        while not any(name.startswith(mine) for name in os.listdir(folder)):
            if proc.poll() is not None:
                return False
            assert time.monotonic() < deadline, "the load never started writing"
            time.sleep(0.001)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        return True
    finally:
        proc.wait(timeout=120)


@pytest.mark.slow
def test_a_load_killed_at_any_point_changes_nothing_and_leaves_nothing(tmp_path):
    db = tmp_path / "store" / "pmi.duckdb"
    folder = db.parent
    pipeline.rebuild(db)
    big = tmp_path / "in" / "besar.csv"
    total = _big_file(big, 2018)  # a year the sample does not have: no overlap
    before = _figures(db)
    loaded = (sorted([*before[0], (2018, total)]), [*before[1], ("besar.csv", "active")])
    rng = random.Random(KILL_SEED)
    delays = [0.0, *(rng.uniform(0.0, 0.6) for _ in range(3)), 0.0]
    outcomes = []
    for attempt, delay in enumerate(delays):
        proc = _load_big(big, db)
        writing = _kill_when_writing(proc, folder, delay)
        now = _figures(db)  # the store opens; it holds the old figures, or all the new ones
        assert now in (before, loaded), (attempt, delay, now)
        left = _foreign_files(folder)
        outcomes.append((round(delay, 3), writing, proc.returncode, now == loaded, left))
        if delay == 0.0 and writing:
            assert left, "a load killed while writing leaves its copy behind"
            assert all(name.startswith(f".pmi.duckdb.{proc.pid}.") for name in left), left
        if attempt < len(delays) - 1:
            # the next start (any command) removes the copies and shows the same figures
            assert _summary(db) == now[0]
            assert _foreign_files(folder) == [], (attempt, outcomes)
            assert _figures(db) == now
    assert _foreign_files(folder), outcomes  # the last kill's copy is there…
    done = subprocess.run([sys.executable, "-m", "loaders", "load", str(big), "--db", str(db),
                           "--series", "contoh", "--source", "uji kill -9"],
                          cwd=ROOT, env=_env(db), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _foreign_files(folder) == [], outcomes  # …and the next load removes it
    assert _figures(db) == loaded  # stored once, whatever the kills did
    assert _summary(db) == loaded[0]
