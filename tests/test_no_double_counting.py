"""Separate tables per breakdown (one by scheme, one by gender …) are kept and never added
together: every figure draws each year x regency from exactly one table."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import pipeline
from store import queries
from store.db import connect_read_only

MARGINALS = (
    "tahun,kode_wilayah,skema,jenis_kelamin,jumlah\n"
    "2024,3604,,,911\n"                        # total table
    "2024,3604,P to P,,850\n2024,3604,G to G,,61\n"   # by scheme
    "2024,3604,,Laki-laki,300\n2024,3604,,Perempuan,611\n"  # by gender
    "2024,3601,,,794\n"
)


def test_total_and_each_breakdown_come_from_one_table(cli, db, write_file):
    assert cli("load", write_file("m.csv", MARGINALS), "--db", db).code == 0
    total = cli("summary", "--db", db, "--by", "kode_wilayah", "--csv").out.splitlines()
    assert total == ["kode_wilayah,jumlah", "3601,794", "3604,911"]
    skema = cli("summary", "--db", db, "--by", "skema", "--wilayah", "3604", "--csv")
    assert skema.out.splitlines() == ["skema,jumlah", "G to G,61", "P to P,850"]
    gender = cli("summary", "--db", db, "--by", "jenis_kelamin", "--csv")
    # Pandeglang has no gender table: its 794 is "not reported", not dropped, not doubled
    assert gender.out.splitlines() == ["jenis_kelamin,jumlah", "Laki-laki,300",
                                       "Perempuan,611", ",794"]
    filtered = cli("summary", "--db", db, "--by", "tahun", "--jenis-kelamin", "Perempuan",
                   "--csv")
    assert filtered.out.splitlines() == ["tahun,jumlah", "2024,611"]


def test_tables_that_disagree_on_a_total_are_reported(cli, db, write_file):
    text = MARGINALS.replace("2024,3604,G to G,,61", "2024,3604,G to G,,70")
    result = cli("load", write_file("m.csv", text), "--db", db)
    assert result.code == 0
    assert "PERINGATAN" in result.out
    assert "total tidak sama antar tabel untuk 2024, wilayah 3604" in result.out
    assert "total=911" in result.out and "skema=920" in result.out
    quality = cli("quality", "--db", db)
    assert "3604" in quality.out and "920" in quality.out


def test_a_later_file_disagreeing_with_an_earlier_table_is_reported(cli, db, write_file):
    cli("load", write_file("total.csv", "tahun,kode_wilayah,jumlah\n2024,3604,911\n"),
        "--db", db)
    result = cli("load", write_file("gender.csv", "tahun,kode_wilayah,jenis_kelamin,jumlah\n"
                                    "2024,3604,L,300\n2024,3604,P,600\n"), "--db", db)
    assert result.code == 0
    assert "berbeda total untuk 2024, wilayah 3604: 911, 900" in result.out


def test_series_are_never_added_together(cli, db, write_file):
    cli("load", write_file("b.csv", "tahun,kode_wilayah,jumlah\n2024,3604,911\n"), "--db", db,
        "--series", "bp2mi")
    cli("load", write_file("d.csv", "tahun,kode_wilayah,jumlah\n2024,3604,767\n"), "--db", db,
        "--series", "disnaker")
    for series, expected in (("bp2mi", "911"), ("disnaker", "767")):
        out = cli("summary", "--db", db, "--series", series, "--by", "tahun", "--csv").out
        assert out.splitlines() == ["tahun,jumlah", f"2024,{expected}"]


DIMS = {"skema": ["P to P", "G to G", "Mandiri"], "sektor": ["Formal", "Informal"],
        "jenis_kelamin": ["Laki-laki", "Perempuan"]}


@st.composite
def marginal_files(draw: st.DrawFn) -> tuple[str, dict[tuple[int, str], int]]:
    """Random cells, each with a total and a random set of breakdown tables summing to it."""
    cells = draw(st.lists(st.tuples(st.sampled_from([2022, 2023, 2024]),
                                    st.sampled_from(["3601", "3602", "3604", "3673"])),
                          min_size=1, max_size=6, unique=True))
    lines = ["tahun,kode_wilayah,skema,sektor,jenis_kelamin,jumlah"]
    totals = {}
    for year, code in cells:
        total = draw(st.integers(0, 500))
        totals[(year, code)] = total
        tables = draw(st.lists(st.sampled_from([(), *[(d,) for d in DIMS], ("skema", "sektor")]),
                               min_size=1, max_size=4, unique=True))
        for dims in tables:
            combos = list(itertools.product(*(DIMS[d] for d in dims)))
            cuts = sorted(draw(st.lists(st.integers(0, total), min_size=len(combos) - 1,
                                        max_size=len(combos) - 1)))
            parts = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
            for combo, part in zip(combos, parts, strict=True):
                values = dict(zip(dims, combo, strict=True))
                lines.append(f"{year},{code},{values.get('skema', '')},"
                             f"{values.get('sektor', '')},{values.get('jenis_kelamin', '')},"
                             f"{part}")
    return "\n".join(lines) + "\n", totals


@pytest.mark.slow  # 11-21 s: tier 2
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=marginal_files())
def test_every_breakdown_adds_up_to_the_published_totals(case, tmp_path: Path):
    """Property: whatever tables were published, every breakdown sums to the true total of
    each year and regency — never more (double counting), never less (dropped cells)."""
    text, totals = case
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "m.csv"
    path.write_text(text, encoding="utf-8")
    store = folder / "s.duckdb"
    reports = pipeline.load([path], store, pipeline.Options(series="bp2mi"))
    assert reports[0].status == "loaded", reports[0].format_text()
    con = connect_read_only(store)
    try:
        for by in ([], ["skema"], ["sektor"], ["jenis_kelamin"], ["skema", "sektor"],
                   ["skema", "jenis_kelamin"]):
            frame = queries.totals(con, "bp2mi", ["tahun", "kode_wilayah", *by])
            got = frame.groupby(["tahun", "kode_wilayah"])["jumlah"].sum().to_dict()
            assert got == totals, by
    finally:
        con.close()


def test_province_year_keeps_the_regency_breakdowns_it_has(cli, db, write_file):
    """Given Banten 2024 = 3,567 and gender tables for two regencies, when summarised by
    gender, then those regencies' genders show and only the rest is not reported."""
    text = ("tahun,kode_wilayah,jenis_kelamin,jumlah\n2024,36,,3567\n"
            "2024,3604,L,311\n2024,3604,P,600\n2024,3601,L,294\n2024,3601,P,500\n")
    cli("load", write_file("g.csv", text), "--db", db)
    out = cli("summary", "--db", db, "--by", "jenis_kelamin", "--csv").out
    assert out.splitlines() == ["jenis_kelamin,jumlah", "Laki-laki,605", "Perempuan,1100",
                                ",1862"]


def test_partial_year_regency_is_not_shown_as_its_year_figure(cli, db, write_file):
    """Given Banten 2023 (full year) and Cilegon Jan–Mar 2023, when summarised by regency,
    then Cilegon's three months are not presented as its 2023 figure."""
    text = ("tahun,s_d_bulan,kode_wilayah,jumlah\n2023,,36,3183\n2023,3,3672,20\n")
    cli("load", write_file("p.csv", text), "--db", db)
    out = cli("summary", "--db", db, "--by", "kode_wilayah", "--csv").out
    assert out.splitlines() == ["kode_wilayah,jumlah", ",3183"]


def test_province_figure_contradicted_by_regencies_is_reported(cli, db, write_file):
    text = ("tahun,kode_wilayah,jumlah\n2024,36,100\n"
            + "".join(f"2024,{c},10\n" for c in ("3601", "3602", "3603", "3604", "3671",
                                                  "3672", "3673", "3674"))
            + "2023,36,50\n2023,3601,70\n")
    cli("load", write_file("c.csv", text), "--db", db)
    quality = cli("quality", "--db", db).out
    assert "[100, 80]" in quality and "[50, 70]" in quality
    by_year = cli("summary", "--db", db, "--by", "tahun", "--csv").out
    # 2024: all eight regencies reported -> their sum; 2023: the province figure stands
    assert by_year.splitlines() == ["tahun,jumlah", "2023,50", "2024,80"]
