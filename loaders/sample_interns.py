"""Deterministic sample (demo) data: interns abroad (pemagangan) from Banten, 2019–2025.

THIS IS NOT OFFICIAL DATA. No agency publishes Banten's interns by regency and year (the
research note data/reference/snapshot/banten_magang_riset.meta.yml says what was searched and
found), so the Pemagangan page shows this labelled sample until an office loads its files. It
is written in the layout ``magang_kanonik`` with every breakdown filled, as a complete office
file would be: per year, regency and status (departed, returned, with a problem), by organiser,
destination, field, sex and protection status.

How the file is made (``generate``), with ``random.Random(seed)`` only, so it is byte-identical
on every run and machine:

1. **Departures per year** for Banten: ``DEPARTURES`` (assumptions: the programme to Japan
   stopped in 2020–2021 for COVID-19 and restarted in 2022), including the years 2014–2018,
   whose interns return in 2019–2021 but are not written as departures.
2. **Regencies.** Each year's total is split over the 8 kabupaten/kota by largest remainder,
   in proportion to the SP2020 population to the power 0.9 times a random factor 0.85–1.15 per
   regency and year.
3. **Persons.** Every departing intern gets an organiser, then a destination, sex, field and
   protection status, each drawn conditionally on what came before (``draw_person``).
4. **Returns and problems.** Each intern returns after 1, 3 or 5 years (or not within the
   period) and, with a small probability, is recorded with a problem in the year of departure
   or one of the two years after; the same person's attributes are kept.
5. **Aggregation.** Interns with identical year, regency, status and attributes are counted.
   A regency and year without any intern of a status gets one row of 0, so that every year is
   covered in full for every regency (zero is a figure, a missing row is not).
6. **No published figure repeated.** A year is drawn again (steps 2–5, continuing the random
   stream) as long as a regency's or Banten's departures in it equal a figure of the research
   list for the same year and region (``research_cells``). The list holds no period total, so
   this only keeps a reader from mistaking a sample number for a quoted one.

The shares are assumptions, not published statistics (see ``ASSUMPTIONS`` in the sidecar).
"""

from __future__ import annotations

import argparse
import csv
import random
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

import pandas as pd

from domain.interns import DEPARTED, NOT_RECORDED, PROBLEM, RECORDED, RETURNED
from loaders.sample import largest_remainder

K = TypeVar("K")

DEFAULT_SEED = 20261203
DEFAULT_OUT = Path("data/sample/magang_contoh.csv")
ROOT = Path(__file__).resolve().parents[1]
RESEARCH = ROOT / "data" / "reference" / "snapshot" / "banten_magang_riset.csv"
POPULATION = ROOT / "data" / "reference" / "penduduk.csv"
PROVINCE = "36"
COLUMNS = ["tahun", "s_d_bulan", "kode_wilayah", "status", "penyelenggara", "negara_tujuan",
           "bidang", "jenis_kelamin", "pelindungan", "jumlah_magang"]
UNKNOWN = "tidak diketahui"
YEARS = tuple(range(2019, 2026))
#: Departures per year for Banten (assumed). Before 2019 only for the returns of 2019–2021.
DEPARTURES: dict[int, int] = {2014: 190, 2015: 205, 2016: 220, 2017: 240, 2018: 255,
                              2019: 268, 2020: 61, 2021: 9, 2022: 187, 2023: 338, 2024: 413,
                              2025: 466}
REGION_NOISE = (0.85, 1.15)
POPULATION_POWER = 0.9
MAX_DRAWS = 1000

ORGANISERS = {"LPK/SO swasta": 0.58, "Kemnaker-IM Japan": 0.30, "KP2MI/BP2MI": 0.05,
              "Perguruan tinggi": 0.05, "Lainnya": 0.02}
DESTINATIONS: dict[str, dict[str, float]] = {
    "Kemnaker-IM Japan": {"JP": 1.0},
    "LPK/SO swasta": {"JP": 0.86, "TW": 0.06, "KR": 0.04, "DE": 0.04},
    "KP2MI/BP2MI": {"JP": 0.6, "DE": 0.2, "KR": 0.2},
    "Perguruan tinggi": {"JP": 0.5, "DE": 0.2, "TW": 0.15, "MY": 0.15},
    "Lainnya": {"JP": 0.7, "TW": 0.3},
}
WOMEN_SHARE = 0.28
FIELDS: dict[str, dict[str, float]] = {
    "Laki-laki": {"Manufaktur": 0.45, "Konstruksi": 0.22, "Pertanian": 0.12,
                  "Pengolahan makanan": 0.08, "Perikanan": 0.06, "Perhotelan": 0.03,
                  "Lainnya": 0.04},
    "Perempuan": {"Perawatan lansia": 0.45, "Pengolahan makanan": 0.20, "Manufaktur": 0.15,
                  "Perhotelan": 0.10, "Pertanian": 0.07, "Lainnya": 0.03},
}
#: (recorded, not recorded) per organiser in 2019; the rest is unknown. Recorded rises by
#: RECORDED_TREND a year (and not recorded falls by as much).
PROTECTION: dict[str, tuple[float, float]] = {
    "Kemnaker-IM Japan": (0.66, 0.22), "LPK/SO swasta": (0.30, 0.48),
    "KP2MI/BP2MI": (0.93, 0.04), "Perguruan tinggi": (0.20, 0.58), "Lainnya": (0.25, 0.45)}
RECORDED_TREND = 0.03
#: Years until an intern returns (None: not within the period).
RETURN_AFTER: dict[int | None, float] = {3: 0.62, 1: 0.16, 5: 0.14, None: 0.08}
PROBLEM_SHARE = 0.03
PROBLEM_AFTER: dict[int, float] = {0: 0.40, 1: 0.35, 2: 0.25}

Person = tuple[str, str, str, str, str]  # organiser, country, field, sex, protection
Key = tuple[int, str, str, str, str, str, str, str]  # year, region, status, *person


def _pick(rng: random.Random, table: Mapping[K, float]) -> K:
    point = rng.random() * sum(table.values())
    for value, weight in table.items():
        point -= weight
        if point < 0:
            return value
    return next(reversed(list(table)))


def draw_person(rng: random.Random, year: int) -> Person:
    organiser = _pick(rng, ORGANISERS)
    country = _pick(rng, DESTINATIONS[organiser])
    sex = "Perempuan" if rng.random() < WOMEN_SHARE else "Laki-laki"
    field = _pick(rng, FIELDS[sex])
    recorded, not_recorded = PROTECTION[organiser]
    shift = min(RECORDED_TREND * max(year - 2019, 0), not_recorded)
    protection = _pick(rng, {RECORDED: recorded + shift, NOT_RECORDED: not_recorded - shift,
                             UNKNOWN: max(1.0 - recorded - not_recorded, 0.0)})
    return organiser, country, field, sex, protection


def population_weights() -> dict[str, float]:
    with POPULATION.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["kode_wilayah"] != PROVINCE]
    return {row["kode_wilayah"]: float(row["penduduk"]) ** POPULATION_POWER for row in rows}


def regency_totals(rng: random.Random, year: int) -> dict[str, int]:
    weights = {code: weight * rng.uniform(*REGION_NOISE)
               for code, weight in sorted(population_weights().items())}
    return largest_remainder(DEPARTURES[year], weights)


def research_cells(path: Path = RESEARCH) -> dict[tuple[int, str], set[int]]:
    """Figures of the research list per (year, region code)."""
    cells: dict[tuple[int, str], set[int]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["jumlah"].strip():
                cells.setdefault((int(row["tahun"]), row["kode_wilayah"]), set()).add(
                    int(row["jumlah"]))
    return cells


def draw_year(rng: random.Random, year: int) -> tuple[dict[str, int], list[tuple[str, Person]]]:
    """The regency totals of one year's departures and its interns (region, person)."""
    totals = regency_totals(rng, year)
    interns = [(code, draw_person(rng, year)) for code, count in totals.items()
               for _ in range(count)]
    return totals, interns


def repeats_research(year: int, totals: Mapping[str, int],
                     cells: Mapping[tuple[int, str], set[int]]) -> bool:
    banten = sum(totals.values())
    return banten in cells.get((year, PROVINCE), set()) or any(
        count in cells.get((year, code), set()) for code, count in totals.items())


def generate(seed: int = DEFAULT_SEED, research: Path = RESEARCH) -> pd.DataFrame:
    """The sample table in layout ``magang_kanonik``: one row per year, regency, status and
    attribute combination (0 only where a regency has no intern of a status in a year)."""
    rng = random.Random(seed)
    cells = research_cells(research)
    counts: Counter[Key] = Counter()
    for year in sorted(DEPARTURES):
        for _ in range(MAX_DRAWS):
            totals, interns = draw_year(rng, year)
            if year not in YEARS or not repeats_research(year, totals, cells):
                break
        else:
            raise RuntimeError(f"data contoh pemagangan {year}: setelah {MAX_DRAWS} kali diundi "
                               "masih sama dengan angka riset; ubah asumsinya")
        for code, person in interns:
            if year in YEARS:
                counts[(year, code, DEPARTED, *person)] += 1
            after = _pick(rng, RETURN_AFTER)
            if after is not None and year + after in YEARS:
                counts[(year + after, code, RETURNED, *person)] += 1
            if rng.random() < PROBLEM_SHARE:
                when = year + _pick(rng, PROBLEM_AFTER)
                if when in YEARS:
                    counts[(when, code, PROBLEM, *person)] += 1
    filler: Person = ("LPK/SO swasta", "JP", "Manufaktur", "Laki-laki", RECORDED)
    for year in YEARS:
        for code in sorted(population_weights()):
            for status in (DEPARTED, RETURNED, PROBLEM):
                if not any(k[:3] == (year, code, status) for k in counts):
                    counts[(year, code, status, *filler)] = 0
    rows = [(year, 12, code, status, *person, n)
            for (year, code, status, *person), n in counts.items()]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = {DEPARTED: 0, RETURNED: 1, PROBLEM: 2}
    frame = frame.assign(_status=frame["status"].map(order)).sort_values(
        ["tahun", "kode_wilayah", "_status", *COLUMNS[4:-1]], kind="mergesort",
        ignore_index=True).drop(columns="_status")
    return frame.astype({"tahun": "int64", "s_d_bulan": "int64", "jumlah_magang": "int64"})


def write(out: Path, seed: int = DEFAULT_SEED) -> None:
    """Write the sample CSV (UTF-8, comma, ``\\n`` line ends) to ``out``; nothing else."""
    out.parent.mkdir(parents=True, exist_ok=True)
    generate(seed).to_csv(out, index=False, lineterminator="\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Bangkitkan data contoh pemagangan luar negeri Banten (BUKAN data resmi).")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="berkas CSV keluaran")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="benih acak")
    args = parser.parse_args(argv)
    write(args.out, args.seed)
    print(f"Ditulis: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
