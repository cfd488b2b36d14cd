"""The intern sample (data/sample/magang_contoh.csv): deterministic, labelled, loads clean as
``magang_kanonik`` in series ``magang_contoh``, covers every regency and year in full, and never
equals a figure of the research list; the research note says what was searched and found."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pandas as pd
import pytest
import yaml

from loaders import sample_interns
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "sample" / "magang_contoh.csv"
SIDECAR = ROOT / "data" / "sample" / "magang_contoh.meta.yml"
RESEARCH = ROOT / "data" / "reference" / "snapshot" / "banten_magang_riset.csv"
RESEARCH_META = ROOT / "data" / "reference" / "snapshot" / "banten_magang_riset.meta.yml"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype={"kode_wilayah": str})


def test_the_shipped_file_is_what_the_generator_makes():
    out = io.StringIO()
    sample_interns.generate().to_csv(out, index=False, lineterminator="\n")
    assert out.getvalue() == SAMPLE.read_text(encoding="utf-8")


def test_the_generator_is_deterministic_and_seeded():
    first, second = sample_interns.generate(), sample_interns.generate()
    pd.testing.assert_frame_equal(first, second)
    assert not sample_interns.generate(seed=1).equals(first)


def test_it_loads_clean_as_sample_interns(cli):
    result = cli("check", SAMPLE, "--json")
    report = json.loads(result.out)[0]
    assert result.code == 0, report["errors"]
    assert (report["layout"], report["series"], report["is_sample"]) == (
        "magang_kanonik", "magang_contoh", True)
    assert not report["warnings"]


def test_every_regency_year_and_status_is_covered_in_full(frame):
    cells = frame.groupby(["tahun", "kode_wilayah", "status"]).size()
    assert len(cells) == len(sample_interns.YEARS) * 8 * 3
    assert set(frame["s_d_bulan"]) == {12}


def test_departures_follow_the_assumed_totals(frame):
    departed = frame[frame["status"] == "Diberangkatkan"].groupby("tahun")["jumlah_magang"].sum()
    assert departed.to_dict() == {y: sample_interns.DEPARTURES[y] for y in sample_interns.YEARS}


def test_no_sample_figure_equals_a_researched_one(frame):
    research = sample_interns.research_cells()
    assert research, "the research list has figures"
    departed = frame[frame["status"] == "Diberangkatkan"]
    by_region = departed.groupby(["tahun", "kode_wilayah"])["jumlah_magang"].sum()
    for (year, code), count in by_region.items():
        assert int(count) not in research.get((int(year), str(code)), set())
    for year, count in departed.groupby("tahun")["jumlah_magang"].sum().items():
        assert int(count) not in research.get((int(year), "36"), set())


def test_the_sidecar_labels_it_as_sample():
    meta = yaml.safe_load(SIDECAR.read_text(encoding="utf-8"))
    assert meta["sample"] is True and meta["series"] == "magang_contoh"
    assert "BUKAN data resmi" in meta["title"]
    assert any("BUKAN data resmi" in caveat for caveat in meta["caveats"])


def test_the_research_note_says_what_was_searched_found_and_not_found():
    meta = yaml.safe_load(RESEARCH_META.read_text(encoding="utf-8"))
    assert {"how", "found", "not_found", "decision", "date_searched"} <= set(meta)
    assert hashlib.sha256(RESEARCH.read_bytes()).hexdigest() == meta["sha256"]
    with RESEARCH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == meta["rows"]
    assert all(row["sumber"] and row["alasan"] and row["dimuat"] == "tidak" for row in rows)
    assert all("http" in row["sumber"] or "sebelumnya" in row["sumber"] for row in rows)


def test_no_published_intern_file_is_shipped():
    """None is loaded (the research note explains why): every intern batch of the shipped
    data is the labelled sample."""
    metas = [yaml.safe_load(p.read_text(encoding="utf-8"))
             for p in (ROOT / "data").rglob("*.meta.yml") if "reference" not in p.parts]
    intern = [m for m in metas if str(m.get("series", "")).startswith("magang_")]
    assert intern and all(m.get("sample") is True for m in intern)
