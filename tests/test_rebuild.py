"""The store is rebuilt from the shipped files; summary defaults to the dashboard's series."""

from __future__ import annotations

from loaders import pipeline
from tests.conftest import query


def test_rebuild_loads_every_shipped_file_with_its_series_and_source(cli, db):
    result = cli("rebuild", "--db", db)
    assert result.code == 0, result.err
    rows = query(db, "SELECT file_name, series, source IS NOT NULL, is_sample FROM batch "
                     "ORDER BY file_name")
    shipped = {p.name for p in pipeline.shipped_files()}
    assert {r[0] for r in rows} == shipped
    assert all(r[2] for r in rows), "every shipped file carries its source"
    series = {r[0]: (r[1], r[3]) for r in rows}
    assert series["penempatan_contoh.csv"] == ("contoh", True)
    assert series["bp2mi_penempatan.csv"] == ("bp2mi", False)


def test_summary_defaults_to_the_dashboard_series_and_matches_published_facts(cli, db):
    cli("rebuild", "--db", db)
    default = cli("summary", "--db", db, "--by", "tahun", "--tahun", "2023-2024")
    assert default.out.startswith("# seri: bp2mi")  # config/dasbor.toml: the published series
    published = cli("summary", "--db", db, "--series", "bp2mi", "--by", "tahun", "--csv")
    assert "2023,3183" in published.out.splitlines()
    assert "2024,3567" in published.out.splitlines()
    sample = cli("summary", "--db", db, "--series", "contoh", "--by", "kode_wilayah",
                 "--tahun", "2024", "--csv").out.splitlines()
    # the sample is near the published figures but never equal to them (loaders/sample.py)
    assert {"3604,911", "3601,794", "3603,669", "3602,360"}.isdisjoint(sample)
    assert len(sample) == 9  # header and all eight regencies


def test_rebuild_refuses_to_drop_loaded_batches_without_force(cli, db, write_file):
    cli("rebuild", "--db", db)
    cli("load", write_file("extra.csv", "tahun,kode_wilayah,jumlah\n2022,3604,10\n"),
        "--db", db, "--series", "disnaker")
    refused = cli("rebuild", "--db", db)
    assert refused.code == 1 and "--force" in refused.err
    assert query(db, "SELECT count(*) FROM batch WHERE file_name = 'extra.csv'") == [(1,)]
    forced = cli("rebuild", "--db", db, "--force")
    assert forced.code == 0
    assert query(db, "SELECT count(*) FROM batch WHERE file_name = 'extra.csv'") == [(0,)]


def test_summary_with_a_single_series_in_the_store_uses_it(cli, db, write_file):
    cli("load", write_file("d.csv", "tahun,kode_wilayah,jumlah\n2024,3604,767\n"), "--db", db,
        "--series", "disnaker")
    out = cli("summary", "--db", db, "--by", "tahun")
    assert out.out.startswith("# seri: disnaker")
