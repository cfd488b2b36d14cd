"""The coverage rule (domain/coverage.py, store/queries.py): every figure knows which
regencies, months and years it covers, computed once from what was loaded."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from domain import coverage
from store import queries
from store.db import connect_read_only

ALL = ",".join(coverage.REGENCIES)


def totals(db: Path, by: list[str], **filters: object) -> pd.DataFrame:
    con = connect_read_only(db)
    try:
        return queries.published_totals(con, "bp2mi", by, queries.Filters(**filters),
                                        threshold=0)
    finally:
        con.close()


@pytest.fixture
def load(cli, db, write_file):
    def run(text: str, name: str = "f.csv") -> Path:
        result = cli("load", write_file(name, text), "--db", db, "--series", "bp2mi")
        assert result.code == 0, result.out + result.err
        return db

    return run


def test_all_eight_regencies_for_a_full_year_is_complete(load):
    rows = "".join(f"2024,{code},{10 + i}\n" for i, code in enumerate(coverage.REGENCIES))
    db = load("tahun,kode_wilayah,jumlah\n" + rows)
    frame = totals(db, [])
    assert frame["cakupan_wilayah"].tolist() == [ALL]
    assert frame["cakupan_bulan"].tolist() == [12]
    assert frame["cakupan_tahun"].tolist() == ["2024"]
    assert frame["lengkap"].tolist() == [True]
    assert coverage.of_frame(frame).complete


def test_a_total_of_some_regencies_says_which(load):
    db = load("tahun,kode_wilayah,jumlah\n2022,3672,63\n2023,3672,20\n2023,3604,50\n")
    by_year = totals(db, ["tahun"])
    assert by_year["cakupan_wilayah"].tolist() == ["3672", "3604,3672"]
    assert by_year["lengkap"].tolist() == [False, False]
    # summed over both years: only what every year covers
    whole = totals(db, [])
    assert whole["cakupan_wilayah"].tolist() == ["3672"]
    assert whole["cakupan_tahun"].tolist() == ["2022,2023"]
    assert not whole["lengkap"].iloc[0]
    assert whole["cakupan_berbeda"].tolist() == [True]  # 2023 holds Kab. Serang too
    assert coverage.of_frame(whole).varies
    assert totals(db, ["tahun"])["cakupan_berbeda"].tolist() == [False, False]
    # filtered to the regency it covers, the same figure is complete
    assert totals(db, [], kode_wilayah=("3672",))["lengkap"].tolist() == [True]


def test_a_province_figure_covers_all_regencies_and_its_remainder_the_rest(load):
    db = load("tahun,kode_wilayah,jumlah\n2024,36,3567\n2024,3604,911\n2024,3601,794\n")
    whole = totals(db, ["tahun"])
    assert whole["cakupan_wilayah"].tolist() == [ALL]
    assert whole["lengkap"].tolist() == [True]
    by_region = totals(db, ["kode_wilayah"])
    remainder = by_region[by_region["kode_wilayah"].isna()].iloc[0]
    assert remainder["jumlah"] == 3567 - 911 - 794
    assert coverage.split_codes(remainder["cakupan_wilayah"]) == \
        frozenset(coverage.REGENCIES) - {"3601", "3604"}
    serang = by_region[by_region["kode_wilayah"] == "3604"].iloc[0]
    assert serang["cakupan_wilayah"] == "3604" and bool(serang["lengkap"])


def test_year_to_date_figures_say_their_months(load):
    rows = "".join(f"2025,{code},8,{10 + i}\n" for i, code in enumerate(coverage.REGENCIES))
    db = load("tahun,kode_wilayah,s_d_bulan,jumlah\n" + rows)
    frame = totals(db, ["tahun"])
    assert frame["cakupan_bulan"].tolist() == [8]
    assert frame["cakupan_wilayah"].tolist() == [ALL]
    assert frame["lengkap"].tolist() == [False]
    assert coverage.of_frame(frame).year_to_date
    assert coverage.comparable_years(frame) == []


def test_monthly_tables_cover_january_to_their_last_month(load):
    """A month without a row inside the span has no placements; it is not a gap."""
    rows = "".join(f"2025,{m},{code},3\n" for code in coverage.REGENCIES for m in (1, 2, 5))
    db = load("tahun,bulan,kode_wilayah,jumlah\n" + rows)
    frame = totals(db, ["tahun"])
    assert frame["cakupan_bulan"].tolist() == [5]
    by_month = totals(db, ["tahun", "bulan"])
    assert by_month["lengkap"].all()  # each month's row covers its month


def test_a_breakdown_the_source_lacks_is_null_and_the_row_keeps_its_coverage(load):
    rows = "".join(f"2024,{code},,{10 + i}\n" for i, code in enumerate(coverage.REGENCIES))
    db = load("tahun,kode_wilayah,skema,jumlah\n" + rows)
    frame = totals(db, ["skema"])
    assert frame["skema"].isna().all()
    assert frame["lengkap"].tolist() == [True]


def test_two_tables_of_one_cell_disagreeing_use_one_table_and_keep_its_coverage(load):
    text = ("tahun,kode_wilayah,skema,jumlah\n2024,3604,,911\n"
            "2024,3604,P to P,850\n2024,3604,G to G,70\n")
    db = load(text)
    total = totals(db, [])
    assert total["jumlah"].tolist() == [911]  # the total table, not 911 + 920
    assert total["cakupan_wilayah"].tolist() == ["3604"]
    by_scheme = totals(db, ["skema"])
    assert by_scheme["jumlah"].sum() == 920  # the scheme table alone
    assert set(by_scheme["cakupan_wilayah"]) == {"3604"}


def test_comparable_years_are_only_the_complete_ones(load):
    rows = "".join(f"2024,{code},{10 + i}\n" for i, code in enumerate(coverage.REGENCIES))
    db = load("tahun,kode_wilayah,jumlah\n2023,36,3183\n2019,3672,75\n2018,3672,122\n" + rows)
    frame = totals(db, ["tahun"])
    assert coverage.comparable_years(frame) == [2023, 2024]
    assert coverage.of_frame(frame).partial_years == (2018, 2019)


@pytest.mark.parametrize("filters", [
    {}, {"tahun_awal": 2024, "tahun_akhir": 2024}, {"kode_wilayah": ("3604", "3672")},
    {"jenis_kelamin": ("Perempuan",), "tahun_awal": 2021, "tahun_akhir": 2023},
    {"bulan": 3, "tahun_awal": 2024, "tahun_akhir": 2024}])
def test_candidates_read_once_give_every_query_of_the_view_its_own_result(
        shipped_store: Path, filters: dict[str, object]) -> None:
    """The dashboard reads a view's candidate tables once and passes them to each chart's
    query (dashboard/data.py): every ``by`` gives the same frame as a query reading its own."""
    view = queries.Filters(**filters)  # type: ignore[arg-type]
    con = connect_read_only(shipped_store)
    try:
        for series in ("contoh", "bp2mi"):
            shared = queries.coverage_candidates(con, series, queries.candidate_key(view))
            assert series != "contoh" or not shared.empty  # the sample breaks every one down
            for by in ([], ["tahun"], ["kode_wilayah"], ["tahun", "sektor"], ["skema"],
                       ["negara_tujuan"], ["tahun", "kode_wilayah", "jenis_kelamin"]):
                own = queries.published_totals(con, series, by, view)
                given = queries.published_totals(con, series, by, view, candidates=shared)
                pd.testing.assert_frame_equal(given, own)
    finally:
        con.close()


def test_a_filter_on_a_breakdown_changes_the_candidate_key() -> None:
    """Candidates depend on the years and on the breakdowns the filters need, never on
    ``by``: a filter on sex needs tables broken down by sex."""
    whole = queries.candidate_key(queries.Filters(tahun_awal=2020, tahun_akhir=2024))
    women = queries.candidate_key(queries.Filters(tahun_awal=2020, tahun_akhir=2024,
                                                  jenis_kelamin=("Perempuan",)))
    assert whole[:2] == women[:2] == (2020, 2024)
    assert whole[2] == 0 and women[2] != 0
