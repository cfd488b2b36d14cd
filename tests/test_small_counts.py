"""Small counts can identify people: in breakdowns finer than regency x year, counts from 1
to 4 are shown as "<5" — by one rule in the query layer."""

from __future__ import annotations

import pandas as pd

from domain.small_counts import suppress as suppress_small_counts
from store.queries import Filters, is_fine

FILE = ("tahun,bulan,kode_wilayah,skema,jumlah\n"
        "2024,1,3604,P to P,12\n2024,1,3604,UKPS,3\n2024,2,3604,G to G,0\n"
        "2024,2,3673,P to P,4\n")


def test_fine_breakdowns_show_small_counts_as_less_than_five(cli, db, write_file):
    cli("load", write_file("k.csv", FILE), "--db", db)
    out = cli("summary", "--db", db, "--by", "kode_wilayah,skema", "--csv").out
    # 3604's UKPS 3 is suppressed, and so is its P to P 12: otherwise 15 - 12 - 0 reveals it
    assert out.splitlines() == ["kode_wilayah,skema,jumlah", "3604,G to G,0",
                                "3604,P to P,<5", "3604,UKPS,<5", "3673,P to P,<5"]


def test_regency_by_year_is_not_suppressed(cli, db, write_file):
    cli("load", write_file("k.csv", FILE), "--db", db)
    out = cli("summary", "--db", db, "--by", "tahun,kode_wilayah", "--csv").out
    assert out.splitlines() == ["tahun,kode_wilayah,jumlah", "2024,3604,15", "2024,3673,4"]


def test_a_filter_on_a_fine_dimension_makes_the_cell_fine(cli, db, write_file):
    cli("load", write_file("k.csv", FILE), "--db", db)
    out = cli("summary", "--db", db, "--by", "kode_wilayah", "--skema", "UKPS", "--csv").out
    assert out.splitlines() == ["kode_wilayah,jumlah", "3604,<5"]
    raw = cli("summary", "--db", db, "--by", "kode_wilayah", "--skema", "UKPS", "--csv",
              "--raw").out
    assert raw.splitlines() == ["kode_wilayah,jumlah", "3604,3"]


def test_threshold_is_configurable(cli, db, write_file, monkeypatch):
    cli("load", write_file("k.csv", FILE), "--db", db)
    monkeypatch.setenv("PMI_SMALL_COUNT_THRESHOLD", "13")
    out = cli("summary", "--db", db, "--by", "skema", "--csv").out
    assert out.splitlines() == ["skema,jumlah", "G to G,0", "P to P,<13", "UKPS,<13"]


def test_a_lone_suppressed_cell_takes_its_smallest_neighbour_with_it():
    """Given a group with one small cell, when shown, then the next smallest cell is
    suppressed too, so the small one cannot be derived from the group's total."""
    frame = pd.DataFrame({"tahun": [2024] * 4 + [2025] * 3,
                          "skema": ["P to P", "G to G", "UKPS", "Mandiri",
                                    "P to P", "UKPS", "G to P"],
                          "jumlah": [900, 40, 2, 7, 800, 3, 1]})
    out = suppress_small_counts(frame, 5, ["tahun", "skema"])
    assert out["ditekan"].tolist() == [False, False, True, True, False, True, True]


def test_rule_units():
    assert not is_fine(["tahun", "kode_wilayah"], Filters())
    assert is_fine(["tahun"], Filters(bulan=3))
    assert is_fine(["negara_tujuan"], Filters())
    frame = pd.DataFrame({"jumlah": [0, 1, 4, 5, 100]})
    out = suppress_small_counts(frame, 5)
    assert out["ditekan"].tolist() == [False, True, True, False, False]
    assert out["jumlah"].tolist()[3:] == [5, 100]
    assert out["jumlah"].isna().tolist() == [False, True, True, False, False]


def test_summary_filters_accept_any_known_spelling_and_refuse_unknown(cli, db, write_file):
    cli("load", write_file("k.csv", FILE), "--db", db)
    by_name = cli("summary", "--db", db, "--by", "tahun", "--wilayah", "Kab. Serang",
                  "--skema", "p to p", "--csv", "--raw")
    assert by_name.out.splitlines() == ["tahun,jumlah", "2024,12"]
    wrong = cli("summary", "--db", db, "--wilayah", "Kab. Serangg")
    assert wrong.code == 2 and "maksudnya 'Kabupaten Serang'" in wrong.err
    series = cli("summary", "--db", db, "--series", "nope")
    assert series.code == 2 and "seri 'nope' tidak dikenal" in series.err
