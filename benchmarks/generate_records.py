"""Write a large, fake record-level export (one row per departed worker) for benchmarks.

The file looks like a SISKOP2MI / regency-office export: personal columns (NIK, name, passport,
phone, address, birth place and date) filled with obviously fake values, and the columns the
``records`` layout keeps written in the many spellings real files mix (``KAB. SERANG`` /
``Kabupaten Serang`` / ``3604``, ``P to P`` / ``PtoP``, ``L`` / ``Perempuan``, dates as
``dd/mm/yyyy``, ISO, ``d/m/yy``, Excel serial numbers, ``15 Maret 2024`` …), including a few
occupations outside the reference list and some blank cells. Occupation, sector, scheme,
destination and sex are drawn together from placement profiles (domestic workers are mostly
women placed P to P in Hong Kong, Taiwan …), as in real exports, so that a file of millions of
rows holds some 10^5 distinct month × regency × breakdown cells rather than one per row.

Rows are generated and written in blocks, so memory stays flat whatever the size. The output
depends only on ``--rows`` and ``--seed``.

    .venv/bin/python -m benchmarks.generate_records --rows 1000000 --out /tmp/records_1m.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

BLOCK_ROWS = 100_000
FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2026, 10, 31)
EXCEL_EPOCH = dt.date(1899, 12, 30)

HEADER: tuple[str, ...] = (
    "NO", "NIK", "NAMA LENGKAP", "NO PASPOR", "NO HP", "ALAMAT", "TEMPAT LAHIR",
    "TANGGAL LAHIR", "JENIS KELAMIN", "KAB/KOTA ASAL", "NEGARA TUJUAN", "JABATAN",
    "SKEMA PENEMPATAN", "SEKTOR", "TANGGAL BERANGKAT", "P3MI", "MITRA USAHA",
)

#: Spellings of each canonical value as exports write them, with their weight.
REGENCIES: dict[str, tuple[tuple[str, float], ...]] = {
    "3604": (("KAB. SERANG", 8), ("Kabupaten Serang", 5), ("3604", 4), ("36.04", 1)),
    "3601": (("KAB. PANDEGLANG", 6), ("Pandeglang", 3), ("3601", 2)),
    "3602": (("KAB. LEBAK", 5), ("Lebak", 2), ("3602", 2)),
    "3603": (("KAB. TANGERANG", 6), ("Tangerang (Kab.)", 2), ("3603", 2)),
    "3671": (("KOTA TANGERANG", 3), ("Tangerang Kota", 1), ("3671", 1)),
    "3672": (("KOTA CILEGON", 2), ("Cilegon", 1), ("3672", 1)),
    "3673": (("KOTA SERANG", 2), ("Serang (Kota)", 1), ("3673", 1)),
    "3674": (("KOTA TANGERANG SELATAN", 1), ("Tangsel", 1), ("3674", 1)),
}
#: Share of each regency among the departures.
REGENCY_WEIGHTS: dict[str, float] = {"3604": 18, "3601": 11, "3602": 9, "3603": 10,
                                     "3671": 5, "3672": 4, "3673": 4, "3674": 3}
SPELLINGS: dict[str, tuple[tuple[str, float], ...]] = {
    "P to P": (("P to P", 6), ("PtoP", 3), ("P2P", 1), ("OPP", 0.3)),
    "G to G": (("G to G", 3), ("G2G", 1)),
    "UKPS": (("UKPS", 1),),
    "Mandiri": (("Mandiri", 3), ("PMI Mandiri", 1), ("Perseorangan", 0.3)),
    "Formal": (("Formal", 3), ("FORMAL", 1)),
    "Informal": (("Informal", 3), ("INFORMAL", 1), ("Sektor Informal", 0.5), ("Non Formal", 0.2)),
    "L": (("L", 4), ("Laki-laki", 2), ("LK", 0.5), ("Pria", 0.5)),
    "P": (("P", 5), ("Perempuan", 3), ("PR", 0.5), ("Wanita", 0.5)),
    "HK": (("Hongkong", 3), ("Hong Kong", 1)), "TW": (("Taiwan", 1),),
    "SA": (("Arab Saudi", 4), ("Saudi", 1)), "MY": (("Malaysia", 1),),
    "KR": (("Korea Selatan", 3), ("Korsel", 1)), "JP": (("Jepang", 1),),
    "SG": (("Singapura", 1),), "AE": (("UEA", 1), ("Uni Emirat Arab", 1)),
    "BN": (("Brunei", 1),), "TR": (("Turki", 1),), "PL": (("Polandia", 1),),
}


@dataclass(frozen=True)
class Profile:
    """A kind of placement: occupation spellings, sector, and the schemes, countries and sexes
    that go with it (so that the columns are correlated as in real exports)."""

    weight: float
    occupations: tuple[tuple[str, float], ...]
    sector: str
    schemes: tuple[tuple[str, float], ...]
    countries: tuple[tuple[str, float], ...]
    sexes: tuple[tuple[str, float], ...]


MOSTLY_WOMEN = (("P", 95), ("L", 5))
MOSTLY_MEN = (("L", 90), ("P", 10))
PROFILES: tuple[Profile, ...] = (
    Profile(30, (("Penata Laksana Rumah Tangga", 4), ("PLRT", 4), ("Pembantu Rumah Tangga", 1),
                 ("Housemaid", 1)), "Informal", (("P to P", 85), ("Mandiri", 15)),
            (("HK", 40), ("TW", 15), ("SA", 15), ("MY", 20), ("SG", 10)), MOSTLY_WOMEN),
    Profile(18, (("Pengasuh", 3), ("Caregiver", 4), ("Perawat Lansia", 1)), "Informal",
            (("P to P", 90), ("Mandiri", 10)), (("TW", 60), ("HK", 20), ("SG", 15), ("JP", 5)),
            MOSTLY_WOMEN),
    Profile(20, (("Operator Produksi", 4), ("Pekerja Pabrik", 3), ("Factory Worker", 2)),
            "Formal", (("P to P", 60), ("G to G", 30), ("Mandiri", 10)),
            (("TW", 40), ("KR", 25), ("MY", 20), ("JP", 15)), (("L", 60), ("P", 40))),
    Profile(6, (("Pekerja Perkebunan", 3), ("Buruh Kebun", 1)), "Formal",
            (("P to P", 90), ("Mandiri", 10)), (("MY", 90), ("BN", 10)), MOSTLY_MEN),
    Profile(6, (("ABK", 2), ("ABK Perikanan", 2)), "Formal", (("P to P", 80), ("G to G", 20)),
            (("TW", 50), ("KR", 30), ("JP", 20)), (("L", 1),)),
    Profile(4, (("Pekerja Konstruksi", 1),), "Formal", (("P to P", 1),),
            (("MY", 40), ("SA", 20), ("AE", 20), ("JP", 20)), MOSTLY_MEN),
    Profile(3, (("Perawat", 1),), "Formal", (("G to G", 70), ("P to P", 30)),
            (("JP", 70), ("SA", 30)), (("P", 70), ("L", 30))),
    Profile(3, (("Tukang Las", 1),), "Formal", (("P to P", 60), ("G to G", 20), ("UKPS", 20)),
            (("JP", 50), ("KR", 30), ("PL", 20)), (("L", 1),)),
    Profile(2, (("Operator Mesin", 1),), "Formal", (("G to G", 60), ("P to P", 40)),
            (("KR", 50), ("JP", 50)), (("L", 1),)),
    Profile(2, (("Pengemudi", 1),), "Formal", (("P to P", 1),), (("SA", 50), ("AE", 50)),
            (("L", 1),)),
    Profile(2, (("Juru Masak", 1),), "Formal", (("P to P", 1),),
            (("TR", 30), ("AE", 30), ("SA", 40)), (("L", 50), ("P", 50))),
    Profile(2, (("Pekerja Umum", 1),), "Formal", (("P to P", 1),), (("MY", 50), ("SA", 50)),
            (("L", 70), ("P", 30))),
    # occupations outside the reference list: kept as written, listed in the report
    Profile(1, (("Tukang Kebun", 1),), "Informal", (("P to P", 1),), (("SA", 50), ("AE", 50)),
            (("L", 1),)),
    Profile(0.5, (("Petugas Kebersihan", 1),), "Formal", (("P to P", 1),),
            (("SG", 50), ("MY", 50)), (("P", 60), ("L", 40))),
    Profile(0.3, (("Teknisi Listrik", 1),), "Formal", (("P to P", 1),),
            (("SA", 50), ("AE", 50)), (("L", 1),)),
)
#: Share of cells left blank (not reported) in each kept breakdown column.
BLANK_SHARE = 0.01

#: Date formats and their share: each day is pre-formatted once in every format.
DATE_FORMATS: tuple[tuple[str, float], ...] = (
    ("dmy_slash", 40), ("iso", 20), ("dmy_dash", 10), ("dmy_short", 10), ("excel", 12),
    ("indonesian", 8),
)
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
FAKE_NAMES = ("CONTOH NAMA SATU", "CONTOH NAMA DUA", "CONTOH NAMA TIGA", "NAMA REKAAN EMPAT",
              "NAMA REKAAN LIMA", "PEKERJA FIKTIF ENAM", "PEKERJA FIKTIF TUJUH")
FAKE_PLACES = ("KOTA CONTOH", "DESA REKAAN", "KAMPUNG FIKTIF")
FAKE_COMPANIES = ("PT CONTOH PENEMPATAN", "PT REKAAN JASA TENAGA KERJA", "PT FIKTIF SEJAHTERA")
FAKE_PARTNERS = ("CONTOH AGENCY LTD", "REKAAN EMPLOYMENT CO", "")


def format_day(day: dt.date, style: str) -> str:
    """One departure date written in one of the DATE_FORMATS styles."""
    if style == "dmy_slash":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style == "iso":
        return day.isoformat()
    if style == "dmy_dash":
        return f"{day.day:02d}-{day.month:02d}-{day.year}"
    if style == "dmy_short":
        return f"{day.day}/{day.month}/{day.year % 100:02d}"
    if style == "excel":
        return str((day - EXCEL_EPOCH).days)
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def date_table() -> np.ndarray:
    """Every day of the range in every format: shape (formats, days), strings."""
    days = [FIRST_DAY + dt.timedelta(n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
    return np.array([[format_day(d, style) for d in days] for style, _ in DATE_FORMATS],
                    dtype=object)


def _choice(rng: np.random.Generator, choices: Sequence[tuple[str, float]],
            size: int) -> np.ndarray:
    values = np.array([value for value, _ in choices], dtype=object)
    weights = np.array([weight for _, weight in choices], dtype=float)
    return values[rng.choice(len(values), size=size, p=weights / weights.sum())]


def _spell(rng: np.random.Generator, canonical: np.ndarray,
           spellings: dict[str, tuple[tuple[str, float], ...]]) -> np.ndarray:
    """Each canonical value written in one of its spellings."""
    out = canonical.copy()
    for value, choices in spellings.items():
        rows = np.flatnonzero(canonical == value)
        if len(rows):
            out[rows] = _choice(rng, choices, len(rows))
    return out


def _blank(rng: np.random.Generator, values: np.ndarray) -> np.ndarray:
    values[rng.random(len(values)) < BLANK_SHARE] = ""
    return values


def _digits(rng: np.random.Generator, prefix: str, count: int, size: int) -> np.ndarray:
    numbers = rng.integers(0, 10 ** count, size=size, dtype=np.int64)
    return np.char.add(prefix, np.char.zfill(numbers.astype(str), count)).astype(object)


def _placements(rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """The kept columns, correlated through the placement profiles."""
    weights = np.array([p.weight for p in PROFILES])
    kind = rng.choice(len(PROFILES), size=size, p=weights / weights.sum())
    columns = {name: np.empty(size, dtype=object) for name in
               ("JABATAN", "SEKTOR", "SKEMA PENEMPATAN", "NEGARA TUJUAN", "JENIS KELAMIN")}
    for number, profile in enumerate(PROFILES):
        rows = np.flatnonzero(kind == number)
        count = len(rows)
        columns["JABATAN"][rows] = _choice(rng, profile.occupations, count)
        columns["SEKTOR"][rows] = profile.sector
        columns["SKEMA PENEMPATAN"][rows] = _choice(rng, profile.schemes, count)
        columns["NEGARA TUJUAN"][rows] = _choice(rng, profile.countries, count)
        columns["JENIS KELAMIN"][rows] = _choice(rng, profile.sexes, count)
    for name in ("SEKTOR", "SKEMA PENEMPATAN", "NEGARA TUJUAN", "JENIS KELAMIN"):
        columns[name] = _spell(rng, columns[name], SPELLINGS)
    regency = _choice(rng, list(REGENCY_WEIGHTS.items()), size)
    columns["KAB/KOTA ASAL"] = _spell(rng, regency, REGENCIES)
    return {name: _blank(rng, values) if name != "KAB/KOTA ASAL" else values
            for name, values in columns.items()}


def block(rng: np.random.Generator, dates: np.ndarray, first_no: int, size: int) -> pd.DataFrame:
    """``size`` fake rows numbered from ``first_no``."""
    shares = np.array([w for _, w in DATE_FORMATS])
    style = rng.choice(len(DATE_FORMATS), size=size, p=shares / shares.sum())
    day = rng.integers(0, dates.shape[1], size=size)
    birth = (rng.integers(1, 29, size=size).astype(str).astype(object) + "-"
             + rng.integers(1, 13, size=size).astype(str).astype(object) + "-"
             + rng.integers(1970, 2004, size=size).astype(str).astype(object))
    placements = _placements(rng, size)
    return pd.DataFrame({
        "NO": np.arange(first_no, first_no + size),
        "NIK": _digits(rng, "36", 14, size),
        "NAMA LENGKAP": _choice(rng, [(n, 1) for n in FAKE_NAMES], size),
        "NO PASPOR": _digits(rng, "X", 7, size),
        "NO HP": _digits(rng, "08", 10, size),
        "ALAMAT": "JL. CONTOH NO. " + rng.integers(1, 300, size=size).astype(str).astype(object)
        + ", RT 001/RW 002",
        "TEMPAT LAHIR": _choice(rng, [(p, 1) for p in FAKE_PLACES], size),
        "TANGGAL LAHIR": birth,
        "JENIS KELAMIN": placements["JENIS KELAMIN"],
        "KAB/KOTA ASAL": placements["KAB/KOTA ASAL"],
        "NEGARA TUJUAN": placements["NEGARA TUJUAN"],
        "JABATAN": placements["JABATAN"],
        "SKEMA PENEMPATAN": placements["SKEMA PENEMPATAN"],
        "SEKTOR": placements["SEKTOR"],
        "TANGGAL BERANGKAT": dates[style, day],
        "P3MI": _choice(rng, [(c, 1) for c in FAKE_COMPANIES], size),
        "MITRA USAHA": _choice(rng, [(p, 1) for p in FAKE_PARTNERS], size),
    })


def write_records(path: Path, rows: int, seed: int = 2024, delimiter: str = ",") -> Path:
    """Write ``rows`` fake records to ``path`` in blocks; returns the path."""
    rng = np.random.default_rng(seed)
    dates = date_table()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        handle.write(delimiter.join(HEADER) + "\n")
        for start in range(0, rows, BLOCK_ROWS):
            size = min(BLOCK_ROWS, rows - start)
            block(rng, dates, start + 1, size).to_csv(
                handle, sep=delimiter, header=False, index=False, lineterminator="\n",
                quoting=csv.QUOTE_MINIMAL)
    partial.replace(path)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tulis berkas rekaman PMI palsu untuk benchmark.")
    parser.add_argument("--rows", type=int, required=True, help="jumlah baris data")
    parser.add_argument("--out", type=Path, required=True, help="berkas CSV keluaran")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--delimiter", default=",", help="pemisah kolom (bawaan: koma)")
    args = parser.parse_args(argv)
    path = write_records(args.out, args.rows, args.seed, args.delimiter)
    print(f"{args.rows} baris ditulis ke {path} ({path.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
