"""Deterministic sample (demo) data: PMI placements from Banten Province, 2019–2025.

THIS IS NOT OFFICIAL DATA. It lets the dashboard be built, tested and demonstrated with a file
in the project's canonical long layout that has every breakdown filled (month, regency, scheme,
sector, gender, country, occupation) — a table no agency publishes for Banten. Its totals are
shaped on the magnitudes of a few published figures, but no sample figure is ever equal to a
published one (see "Published figures: near, never equal"), so a reader cannot mistake a sample
number for a real one. Everything below the yearly and regency totals is invented, although
shaped by published national shares.

How the file is made (``generate``), using only ``random.Random(seed)`` so the output is
byte-identical on every run and machine (for the same ``data/published/*.csv``, see step 6):

1. **Yearly totals** for Banten: moved published figures (``PUBLISHED_YEAR_TOTALS``) or
   assumptions (``ASSUMED_YEAR_TOTALS``).
2. **Regencies.** Each yearly total is split over the 8 kabupaten/kota by largest-remainder
   allocation (``largest_remainder``), with moved published values where they exist.
3. **Months.** Each regency-year total is split over the 12 months, again by largest
   remainder, using a national monthly shape (``MONTH_WEIGHTS``) times a random factor of
   0.9–1.1 per month and regency.
4. **Individuals.** For every departure counted in a month and regency, one person is drawn:
   scheme, then sector, then destination country, then occupation, then gender, each
   conditional on what was drawn before (``draw_person``).
5. **Aggregation.** People with identical attributes are counted; only cells with at least one
   person become rows.
6. **No published figure repeated.** Steps 1–4 are done one year at a time. A year is drawn
   again — steps 1–4 anew, continuing the same random stream — as long as any of its cells
   equals the figure of the same cell in ``data/published/*.csv`` (every series: bp2mi,
   disnaker, verifikasi). The same cell means the same year; the same regency, or all eight
   for the province code ``36``; the same month, or months 1..``s_d_bulan`` for a year-to-date
   figure, or the whole year; and the same breakdown values (``skema``, ``sektor``,
   ``jenis_kelamin``, ``negara_tujuan``, ``jabatan``) where the published row gives them
   (``published_cells``, ``repeats_published``). A year that cannot avoid them in
   ``MAX_DRAWS`` draws stops the generator with an error. tests/test_sample_truth.py checks the
   shipped file against every published row; when a published file gains a row, regenerate.

Published figures: near, never equal.

Where a published figure exists, the sample uses it *moved upwards by 4–10 %*: the published
value times a factor drawn uniformly from 1.04–1.10 (``SHIFT``, one draw per figure and per draw
of the year), rounded to the nearest whole number and at least one more than the published
value (``shifted``). Upwards only, so that the moved figures keep the published order (2023 <
2024; Kab. Serang > Pandeglang > Kab. Tangerang > Lebak). The figures moved this way:

- Banten 2023 = 3,183 (BP2MI via Databoks, Feb 2024), moved as the 2023 total.
- 2024 by regency (pusat data BP2MI, BP3MI Banten via Banpos 18-02-2025): 3604 Kab. Serang
  911, 3601 Pandeglang 794, 3603 Kab. Tangerang 669, 3602 Lebak 360, and the four cities
  together 3,567 − 2,734 = 833 — each moved on its own. The sample's Banten 2024 is their sum,
  so it too lies 4–10 % above the published 3,567.
- Kota Cilegon 2019 = 75, 2020 = 14, 2021 = 14, 2022 = 63 (BP2MI Perwakilan Banten via
  Banpos 16-03-2023), each moved on its own.

Assumptions (not published; chosen to be plausible):

- Other Banten yearly totals: 2019 = 3,000; 2020 = 1,000 (COVID-19 border closures);
  2021 = 800; 2022 = 2,300; 2025 = 3,700. They roughly follow the national series
  (267,666 → 112,928 → 72,624 → 200,761 → 274,965 → 297,434). No published figure exists for
  these cells; step 6 would redraw a year whose total did equal one, and stop if it could not.
- 2024 city split: the cities' moved total is shared in proportion to SP2020 population raised
  to the power 0.8 (``CITY_DAMPING``), so that the big Tangerang-agglomeration cities get less
  than their population share (per capita they send few PMI).
- Regency shares in other years: the published 2024 counts (the cities' 833 split as above:
  Kota Tangerang 331, Kota Cilegon 102, Kota Serang 147, Kota Tangerang Selatan 253;
  ``regency_weights``) times a random factor of 0.9–1.1 per regency and year, renormalised over
  what the moved Cilegon values leave.
- Monthly shape: Feb lowest, Aug–Oct highest (national months: Feb 2021 4,231 vs about 6,700
  in other months; Feb 2022 5,658 = lowest of 2022; Aug–Oct 2022 21,018–24,088 against a
  monthly mean of 16,730; Aug 2023 28,927 against a mean of about 22,900). 2020 uses its own shape
  (``MONTH_WEIGHTS_2020``): normal until mid-March, almost nothing from April to July
  (national halt of placements from 18 March 2020), then a partial recovery.
- Scheme: P to P 88.3 %, Mandiri 7 %, G to G 4.5 %, G to P 0.1 %, UKPS 0.1 % (national
  2022–2023 shares; no UKPS or G to P count is published, so their share is a guess that
  keeps both visible).
- Sector: G to G, G to P and UKPS are formal; Mandiri is 30 % informal; P to P is informal with
  a regency-specific probability (``INFORMAL_SHARE_P_TO_P``: Pandeglang high — "mostly
  HK/Taiwan and ART"; Kab. Tangerang low — "mostly formal"), giving about 55 % informal
  overall, as BP3MI Banten says Banten PMI are mostly informal.
- Country: G to G goes to Korea 96.7 %, Japan 2.6 %, Germany 0.7 % (national G to G 2023).
  Informal and formal workers have their own country weights (``COUNTRIES``), set so that the
  total looks like the national 2023 top list (Taiwan, Malaysia, Hong Kong, Korea, Japan,
  Singapore, Saudi Arabia, Italy, Brunei, Turkey, plus a few others). Saudi Arabia is weighted
  above its national share because the Banten Disnaker lists (Kab. Tangerang 2023, Lebak 2023
  and 2024) rank it first or second.
- Occupation depends on sector and country (``JOBS``): informal ⇒ Penata Laksana Rumah Tangga
  or Pengasuh (drivers and cooks in the Gulf); Korea G to G ⇒ mostly Pekerja Pabrik, some
  Anak Buah Kapal Perikanan; Italy and the US ⇒ mostly cruise-ship crew (Anak Buah Kapal
  Niaga); Germany and Japan G to G ⇒ Perawat.
- Gender depends on occupation (``WOMEN_SHARE``); G to G workers other than nurses are 92 %
  men. The result is about 62 % women (national: 61 %).
- The composition (step 4) is the same every year; only totals, regency shares and months
  change between years.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from loaders.sample_shares import (
    ASSUMED_YEAR_TOTALS,
    BREAKDOWN,
    CITIES_2024,
    CITY_DAMPING,
    CITY_POPULATION_2020,
    COUNTRIES,
    INFORMAL_SHARE_MANDIRI,
    INFORMAL_SHARE_P_TO_P,
    JOBS,
    KABUPATEN_2024,
    MONTH_NOISE,
    MONTH_WEIGHTS,
    MONTH_WEIGHTS_2020,
    PROVINCE,
    PUBLISHED_REGENCY_TOTALS,
    PUBLISHED_YEAR_TOTALS,
    SCHEMES,
    SHARE_DRIFT,
    SHIFT,
    WOMEN_SHARE,
    WOMEN_SHARE_G_TO_G,
    YEARS,
)

K = TypeVar("K")

#: Draws of one year before the generator gives up (step 6).
MAX_DRAWS = 1000
DEFAULT_SEED = 20250101
DEFAULT_OUT = Path("data/sample/penempatan_contoh.csv")
PUBLISHED_DIR = Path(__file__).resolve().parents[1] / "data" / "published"
COLUMNS = [
    "tahun", "bulan", "kode_wilayah", "skema", "sektor", "jenis_kelamin", "negara_tujuan",
    "jabatan", "jumlah",
]
def largest_remainder(total: int, weights: Mapping[K, float]) -> dict[K, int]:
    """Split ``total`` into integers proportional to ``weights`` that sum exactly to ``total``.

    Each key gets the floor of its quota; the units left over go to the largest fractional
    parts (ties: the earlier key in ``weights``).
    """
    weight_sum = sum(weights.values())
    quotas = {key: total * weight / weight_sum for key, weight in weights.items()}
    counts = {key: math.floor(quota) for key, quota in quotas.items()}
    left = total - sum(counts.values())
    by_remainder = sorted(quotas, key=lambda key: quotas[key] - counts[key], reverse=True)
    for key in by_remainder[:left]:
        counts[key] += 1
    return counts


def shifted(rng: random.Random, published: int) -> int:
    """A published figure moved upwards by 4–10 % (``SHIFT``): never equal to it."""
    moved = math.floor(published * rng.uniform(*SHIFT) + 0.5)
    return max(moved, published + 1)


def city_split(total: int) -> dict[str, int]:
    """``total`` shared over the four cities by SP2020 population to the power 0.8."""
    city_weights = {code: pop**CITY_DAMPING for code, pop in CITY_POPULATION_2020.items()}
    return largest_remainder(total, city_weights)


def regency_weights() -> dict[str, int]:
    """The published 2024 regency counts plus the cities' 833 split by damped population: the
    regency shares of the years without published regency figures (weights only)."""
    return {**KABUPATEN_2024, **city_split(CITIES_2024)}


def regency_totals(rng: random.Random, year: int) -> dict[str, int]:
    """Totals per regency code for one year: 2024 and Cilegon 2019–2022 are the published
    figures moved by ``shifted``; the rest is the year total split by drifted 2024 shares."""
    if year == 2024:
        kabupaten = {code: shifted(rng, n) for code, n in KABUPATEN_2024.items()}
        return {**kabupaten, **city_split(shifted(rng, CITIES_2024))}
    if year in PUBLISHED_YEAR_TOTALS:
        total = shifted(rng, PUBLISHED_YEAR_TOTALS[year])
    else:
        total = ASSUMED_YEAR_TOTALS[year]
    fixed = {code: shifted(rng, n) for (y, code), n in PUBLISHED_REGENCY_TOTALS.items()
             if y == year}
    weights = {
        code: n * rng.uniform(1 - SHARE_DRIFT, 1 + SHARE_DRIFT)
        for code, n in regency_weights().items()
        if code not in fixed
    }
    return {**fixed, **largest_remainder(total - sum(fixed.values()), weights)}


def _pick(rng: random.Random, table: Mapping[str, float]) -> str:
    """One value drawn from ``table`` with probability proportional to its weight."""
    values = list(table)
    x = rng.random() * sum(table.values())
    for value in values:
        x -= table[value]
        if x < 0:
            return value
    return values[-1]  # only reached through float rounding


def draw_person(rng: random.Random, kode_wilayah: str) -> tuple[str, str, str, str, str]:
    """(skema, sektor, jenis_kelamin, negara_tujuan, jabatan) of one departing worker."""
    skema = _pick(rng, SCHEMES)
    if skema == "P to P":
        informal = rng.random() < INFORMAL_SHARE_P_TO_P[kode_wilayah]
    elif skema == "Mandiri":
        informal = rng.random() < INFORMAL_SHARE_MANDIRI
    else:
        informal = False
    sektor = "Informal" if informal else "Formal"
    group = skema if skema in ("G to G", "G to P", "UKPS") else sektor
    negara = _pick(rng, COUNTRIES[group])
    jabatan = _pick(rng, JOBS.get((group, negara)) or JOBS[(group, "*")])
    if skema == "G to G" and jabatan != "Perawat":
        women = WOMEN_SHARE_G_TO_G
    else:
        women = WOMEN_SHARE[jabatan]
    jenis_kelamin = "Perempuan" if rng.random() < women else "Laki-laki"
    return skema, sektor, jenis_kelamin, negara, jabatan


Key = tuple[int, int, str, str, str, str, str, str]  # COLUMNS without jumlah


@dataclass(frozen=True)
class Cell:
    """One published figure: where it is (year, regency or province, months, breakdown)."""

    tahun: int
    kode_wilayah: str  # "36": the province, i.e. all eight regencies
    months: tuple[int, ...]
    breakdown: tuple[tuple[str, str], ...]  # (column, value), only the columns given
    jumlah: int
    where: str  # file:line, for messages

    def figure(self, counts: Mapping[Key, int]) -> int:
        """What ``counts`` (keys in COLUMNS order) add up to for this cell."""
        position = {column: COLUMNS.index(column) for column, _ in self.breakdown}
        return sum(
            n for key, n in counts.items()
            if key[0] == self.tahun and key[1] in self.months
            and (self.kode_wilayah == PROVINCE or key[2] == self.kode_wilayah)
            and all(key[position[column]] == value for column, value in self.breakdown)
        )


def published_cells(directory: Path = PUBLISHED_DIR) -> list[Cell]:
    """Every row of every ``*.csv`` in ``directory`` (the curated published figures) as a cell:
    ``bulan`` → that month; ``s_d_bulan`` → months 1..s_d_bulan; neither → the whole year."""
    cells: list[Cell] = []
    for path in sorted(directory.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                if row.get("bulan"):
                    months: tuple[int, ...] = (int(row["bulan"]),)
                elif row.get("s_d_bulan"):
                    months = tuple(range(1, int(row["s_d_bulan"]) + 1))
                else:
                    months = tuple(range(1, 13))
                breakdown = tuple((c, row[c]) for c in BREAKDOWN if row.get(c))
                cells.append(Cell(int(row["tahun"]), row["kode_wilayah"], months, breakdown,
                                  int(row["jumlah"]), f"{path.name}:{line}"))
    return cells


def repeats_published(counts: Mapping[Key, int], cells: Iterable[Cell]) -> Cell | None:
    """The first published cell whose figure ``counts`` reproduce exactly, else None."""
    return next((cell for cell in cells if cell.figure(counts) == cell.jumlah), None)


def draw_year(rng: random.Random, year: int) -> Counter[Key]:
    """Steps 1–4 for one year: the people of that year, counted by their attributes."""
    counts: Counter[Key] = Counter()
    by_regency = regency_totals(rng, year)
    shape = MONTH_WEIGHTS_2020 if year == 2020 else MONTH_WEIGHTS
    for code in sorted(by_regency):
        weights = {
            month: weight * rng.uniform(1 - MONTH_NOISE, 1 + MONTH_NOISE)
            for month, weight in enumerate(shape, start=1)
        }
        for month, n in largest_remainder(by_regency[code], weights).items():
            for _ in range(n):
                counts[(year, month, code, *draw_person(rng, code))] += 1
    return counts


def generate(seed: int = DEFAULT_SEED, published: Path = PUBLISHED_DIR) -> pd.DataFrame:
    """The sample table: one row per month × regency × attribute combination with jumlah > 0.

    No cell of it equals a published figure of ``published`` (step 6 of the module docstring).
    """
    rng = random.Random(seed)
    cells = published_cells(published)
    counts: Counter[Key] = Counter()
    for year in YEARS:
        of_year = [cell for cell in cells if cell.tahun == year]
        for _ in range(MAX_DRAWS):
            drawn = draw_year(rng, year)
            repeated = repeats_published(drawn, of_year)
            if repeated is None:
                break
        else:
            assert repeated is not None
            raise RuntimeError(
                f"data contoh {year}: setelah {MAX_DRAWS} kali diundi masih sama dengan angka "
                f"terbitan {repeated.jumlah} ({repeated.where}); ubah asumsi tahun itu")
        counts.update(drawn)
    rows = [(*key, n) for key, n in counts.items()]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame = frame.sort_values(COLUMNS[:-1], kind="mergesort", ignore_index=True)
    return frame.astype({"tahun": "int64", "bulan": "int64", "jumlah": "int64"})


def write(out: Path, seed: int = DEFAULT_SEED) -> None:
    """Write the sample CSV (UTF-8, comma, ``\\n`` line ends) to ``out``; nothing else."""
    out.parent.mkdir(parents=True, exist_ok=True)
    generate(seed).to_csv(out, index=False, lineterminator="\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Bangkitkan data contoh penempatan PMI Banten (BUKAN data resmi)."
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="berkas CSV keluaran")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="benih acak")
    args = parser.parse_args(argv)
    write(args.out, args.seed)
    print(f"Ditulis: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
