"""Maintainers load data while the dashboard runs: the load succeeds, and the running reader
sees the new figures on its next query, without a restart."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from store import queries
from store.db import StoreReader
from tests.conftest import ROOT


def _load(path, db, *extra):
    return subprocess.run([sys.executable, "-m", "loaders", "load", str(path), "--db", str(db),
                           *extra], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_load_succeeds_while_a_reader_holds_the_store_and_reader_sees_it(cli, db, write_file):
    cli("load", write_file("a.csv", "tahun,kode_wilayah,jumlah\n2024,3604,911\n"), "--db", db)
    reader = StoreReader(db)
    cursor = reader.cursor()  # an open connection, as a running dashboard has
    assert queries.totals(cursor, "bp2mi", ["tahun"])["jumlah"].tolist() == [911]
    done = _load(write_file("b.csv", "tahun,kode_wilayah,jumlah\n2024,3601,794\n"), db)
    assert done.returncode == 0, done.stdout + done.stderr
    # the cursor taken before the load still reads the old, consistent store
    assert queries.totals(cursor, "bp2mi", ["tahun"])["jumlah"].tolist() == [911]
    fresh = reader.cursor()
    assert queries.totals(fresh, "bp2mi", ["tahun"])["jumlah"].tolist() == [1705]


def test_load_succeeds_while_another_process_has_the_store_open(cli, db, write_file):
    cli("load", write_file("a.csv", "tahun,kode_wilayah,jumlah\n2024,3604,911\n"), "--db", db)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time, duckdb
            con = duckdb.connect({str(db)!r}, read_only=True)
            con.execute("SELECT count(*) FROM fact").fetchall()
            print("open", flush=True)
            sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        done = _load(write_file("b.csv", "tahun,kode_wilayah,jumlah\n2024,3601,794\n"), db)
        assert done.returncode == 0, done.stdout + done.stderr
        assert time.monotonic() - started < 60
    finally:
        holder.communicate("\n", timeout=30)
    out = cli("summary", "--db", db, "--by", "tahun", "--csv").out
    assert out.splitlines() == ["tahun,jumlah", "2024,1705"]


def test_two_loads_at_once_are_serialised_not_lost(db, write_file, cli):
    cli("history", "--db", db)
    first = write_file("x.csv", "tahun,kode_wilayah,jumlah\n2023,3604,809\n")
    second = write_file("y.csv", "tahun,kode_wilayah,jumlah\n2023,3601,520\n")
    procs = [subprocess.Popen([sys.executable, "-m", "loaders", "load", str(p), "--db", str(db)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for p in (first, second)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    out = cli("summary", "--db", db, "--by", "kode_wilayah", "--csv").out
    assert out.splitlines() == ["kode_wilayah,jumlah", "3601,520", "3604,809"]
