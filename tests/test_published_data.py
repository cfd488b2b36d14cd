"""The curated published figures in data/published/: traceable, unique, documented.

Every row must come from the research list of published figures, kept in the repository as a
snapshot (data/reference/snapshot/banten_pmi_published.csv, source and date in its .meta.yml),
except the computed 'tidak diketahui' remainder rows, which must equal total − listed. The app
never reads the snapshot; only these tests do. There is no curate command: data/published/ was
curated once by hand from the snapshot's Banten rows.
"""

import csv
import datetime as dt
import hashlib
from pathlib import Path

import pytest
import yaml

from loaders import pipeline

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "data" / "published"
SNAPSHOT = ROOT / "data" / "reference" / "snapshot"
REFERENCE = SNAPSHOT / "banten_pmi_published.csv"
REFERENCE_META = SNAPSHOT / "banten_pmi_published.meta.yml"

SERIES = {
    "bp2mi_penempatan": "bp2mi",
    "disnaker_keberangkatan": "disnaker",
    "disnaker_verifikasi": "verifikasi",
}
BREAKDOWN = ["bulan", "skema", "sektor", "jenis_kelamin", "negara_tujuan", "jabatan"]
META_KEYS = {"title", "title_en", "series", "source", "licence", "date_accessed", "description",
             "caveats", "excluded"}
KODE = {"36", "3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674"}
UNKNOWN = "tidak diketahui"



def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_meta(stem: str) -> dict:
    return yaml.safe_load((PUBLISHED / f"{stem}.meta.yml").read_text(encoding="utf-8"))


def banten_reference_rows() -> list[dict[str, str]]:
    return [r for r in read_rows(REFERENCE) if r["kode_wilayah"].startswith("36")]


def is_remainder(row: dict[str, str]) -> bool:
    return row.get("negara_tujuan") == UNKNOWN


def period(row: dict[str, str]) -> tuple[str, str, str, str]:
    return row["tahun"], row["bulan"], row.get("s_d_bulan", ""), row["kode_wilayah"]


def has_breakdown(row: dict[str, str]) -> bool:
    return any(row.get(col, "") for col in BREAKDOWN if col != "bulan")


@pytest.fixture(scope="module", params=sorted(SERIES))
def stem(request) -> str:
    return request.param


def test_the_snapshot_is_the_one_its_meta_describes():
    """Given the snapshot of the research list, then its bytes and row count are those its
    sidecar records (replacing it means updating the sidecar), and it is never built into the
    store."""
    meta = yaml.safe_load(REFERENCE_META.read_text(encoding="utf-8"))
    assert meta["file"] == REFERENCE.name
    assert hashlib.sha256(REFERENCE.read_bytes()).hexdigest() == meta["sha256"]
    assert len(read_rows(REFERENCE)) == meta["rows"]
    dt.date.fromisoformat(str(meta["date_snapshot"]))
    assert meta["source"] and meta["licence"]
    assert REFERENCE not in pipeline.shipped_files()


def test_the_curated_files_cite_the_snapshot(stem):
    assert "data/reference/snapshot/banten_pmi_published.csv" in read_meta(stem)["description"]


def test_each_series_has_a_file():
    assert sorted(p.stem for p in PUBLISHED.glob("*.csv")) == sorted(SERIES)


def test_meta_has_required_keys(stem):
    meta = read_meta(stem)
    assert set(meta) >= META_KEYS
    assert meta["series"] == SERIES[stem]
    dt.date.fromisoformat(str(meta["date_accessed"]))
    assert isinstance(meta["caveats"], list)
    assert meta["caveats"]
    assert isinstance(meta["excluded"], list)
    assert all(item["alasan"] for item in meta["excluded"])


def test_rows_are_banten_with_canonical_values(stem):
    rows = read_rows(PUBLISHED / f"{stem}.csv")
    assert rows
    for row in rows:
        assert row["kode_wilayah"] in KODE
        assert row["jumlah"].isdigit()
        assert row["nama_wilayah"].startswith(("Kabupaten ", "Kota ", "Provinsi "))
        assert row["sumber"]
        assert row.get("jenis_kelamin", "") in {"", "Laki-laki", "Perempuan"}
        negara = row.get("negara_tujuan", "")
        assert negara in {"", UNKNOWN} or (len(negara) == 2 and negara.isupper())
        assert not (row["bulan"] and row["s_d_bulan"])


def test_keys_are_unique(stem):
    rows = read_rows(PUBLISHED / f"{stem}.csv")
    keys = [(r["tahun"], r["kode_wilayah"], *(r.get(c, "") for c in BREAKDOWN)) for r in rows]
    assert len(keys) == len(set(keys))


def test_rows_trace_to_a_published_figure(stem):
    """Given a curated row, then the reference has the same year, region, count and citation."""
    reference = banten_reference_rows()
    for row in read_rows(PUBLISHED / f"{stem}.csv"):
        if is_remainder(row):
            continue
        month = row["bulan"] or row["s_d_bulan"]
        matches = [
            r for r in reference
            if (r["tahun"], r["bulan"], r["kode_wilayah"], r["jumlah"], r["sumber"])
            == (row["tahun"], month, row["kode_wilayah"], row["jumlah"], row["sumber"])
        ]
        assert matches, row


def test_remainders_equal_total_minus_listed(stem):
    rows = read_rows(PUBLISHED / f"{stem}.csv")
    for row in filter(is_remainder, rows):
        same = [r for r in rows if period(r) == period(row)]
        (total,) = [r for r in same if not has_breakdown(r)]
        listed = [r for r in same if r.get("negara_tujuan") and not is_remainder(r)]
        assert listed
        expected = int(total["jumlah"]) - sum(int(r["jumlah"]) for r in listed)
        assert expected > 0
        assert int(row["jumlah"]) == expected
        assert row["sumber"].startswith(f"Selisih: total {total['jumlah']} dikurangi negara")
        assert row["sumber"].endswith(total["sumber"])


def test_breakdowns_add_up_to_their_total(stem):
    rows = read_rows(PUBLISHED / f"{stem}.csv")
    for total in (r for r in rows if not has_breakdown(r)):
        same = [r for r in rows if period(r) == period(total)]
        for column in ("jenis_kelamin", "negara_tujuan"):
            parts = [int(r["jumlah"]) for r in same if r.get(column)]
            if parts:
                assert sum(parts) == int(total["jumlah"]), (total, column)


def test_every_banten_figure_is_used_or_excluded_with_a_reason():
    used = [
        (r["tahun"], r["kode_wilayah"], r["jumlah"], r["sumber"])
        for stem in SERIES
        for r in read_rows(PUBLISHED / f"{stem}.csv")
        if not is_remainder(r)
    ]
    excluded = [
        (str(e["tahun"]), str(e["kode_wilayah"]), str(e["jumlah"]), e["sumber"])
        for stem in SERIES
        for e in read_meta(stem)["excluded"]
    ]
    reference = [
        (r["tahun"], r["kode_wilayah"], r["jumlah"], r["sumber"]) for r in banten_reference_rows()
    ]
    assert sorted(used + excluded) == sorted(reference)
