"""Checking and normalising raw facts, the same for every layout.

Works on whole columns: each distinct spelling is resolved once, so a file of millions of rows
costs little more than its distinct values. Every problem names the line and the column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loaders.layouts.base import EMPTY_UNREPORTED, RawFacts
from loaders.normalize import Reference
from loaders.problems import ProblemList
from store.sql import BREAKDOWN_BITS

DIMENSION_COLUMNS: tuple[str, ...] = ("skema", "sektor", "jenis_kelamin", "negara_tujuan",
                                      "jabatan")
KEY_COLUMNS: tuple[str, ...] = ("tahun", "bulan", "kode_wilayah", "breakdown",
                                *DIMENSION_COLUMNS)
OUTPUT_COLUMNS: tuple[str, ...] = ("_line", "tahun", "bulan", "s_d_bulan", "kode_wilayah",
                                   *DIMENSION_COLUMNS, "breakdown", "jumlah", "sumber")
EARLIEST_YEAR = 1990

MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januari", "january", "jan"), ("februari", "february", "feb", "pebruari", "peb"),
        ("maret", "march", "mar"), ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"),
        ("juli", "july", "jul"), ("agustus", "august", "agu", "agt", "ags", "aug"),
        ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
        ("november", "nopember", "nov", "nop"), ("desember", "december", "des", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTH_NAMES[_name] = _number


@dataclass
class Facts:
    """Validated figures of one file, ready to store (columns OUTPUT_COLUMNS)."""

    frame: pd.DataFrame
    rows_read: int
    skipped: Counter[str] = field(default_factory=Counter)
    unknown_values: dict[str, list[str]] = field(default_factory=dict)


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"[+]?\d+(\.0+)?", text):
        return int(float(text))
    return None


def parse_month(text: str) -> int | None:
    """``'3'``, ``'03'``, ``'Maret'``, ``'MAR'`` -> 3; anything else -> None."""
    number = _int_or_none(text)
    if number is not None:
        return number
    return MONTH_NAMES.get(text.strip().lower().rstrip("."))


def _lines(frame: pd.DataFrame, mask: pd.Series | np.ndarray) -> list[int]:
    return [int(v) for v in frame.loc[mask, "_line"]]


class _Checker:
    def __init__(self, raw: RawFacts, ref: Reference, problems: ProblemList,
                 today: dt.date) -> None:
        self.raw = raw
        self.ref = ref
        self.problems = problems
        self.today = today
        self.skipped: Counter[str] = Counter(raw.skipped)
        self.unknown_values: dict[str, set[str]] = {}

    def column_name(self, column: str) -> str:
        return self.raw.columns.get(column, column)

    def report_values(self, frame: pd.DataFrame, mask: pd.Series, column: str,
                      message: str, hint: str, kind: str) -> None:
        if not mask.any():
            return
        for line, value in zip(frame.loc[mask, "_line"], frame.loc[mask, column], strict=True):
            self.problems.error(message.replace("{value}", str(value)),
                                hint.replace("{value}", str(value)),
                                line=int(line), column=self.column_name(column), kind=kind)

    # --- individual columns ------------------------------------------------------------

    def years(self, frame: pd.DataFrame) -> pd.Series:
        if "tahun" not in frame:
            self.problems.error("kolom 'tahun' tidak ada", "tambahkan kolom tahun")
            return pd.Series(np.nan, index=frame.index)
        years = frame["tahun"].map(_int_or_none)
        bad = years.isna()
        self.report_values(frame, bad & (frame["tahun"] == ""), "tahun",
                           "tahun kosong", "isi tahun (mis. 2024)", "tahun-kosong")
        self.report_values(frame, bad & (frame["tahun"] != ""), "tahun",
                           "tahun '{value}' bukan angka tahun", "tulis tahun 4 digit, mis. 2024",
                           "tahun-salah")
        future = ~bad & (years > self.today.year)
        self.report_values(frame, future, "tahun", "tahun {value} ada di masa depan",
                           f"data hanya sampai tahun berjalan ({self.today.year})",
                           "tahun-depan")
        old = ~bad & (years < EARLIEST_YEAR)
        self.report_values(frame, old, "tahun", "tahun {value} terlalu lama",
                           f"tahun harus {EARLIEST_YEAR} atau sesudahnya", "tahun-lama")
        return years.where(~(bad | future | old))

    def months(self, frame: pd.DataFrame, column: str, years: pd.Series) -> pd.Series:
        if column not in frame:
            return pd.Series(np.nan, index=frame.index)
        text = frame[column]
        months = text.map(lambda v: parse_month(v) if v else None).astype("float64")
        bad = (text != "") & (months.isna() | (months < 1) | (months > 12))
        self.report_values(frame, bad, column, "bulan '{value}' di luar 1–12",
                           "tulis bulan sebagai angka 1–12 atau nama bulan", f"{column}-salah")
        months = months.where(~bad)
        if column == "bulan":
            future = (years == self.today.year) & (months > self.today.month)
            self.report_values(frame, future, column,
                               f"bulan {{value}} tahun {self.today.year} belum berakhir",
                               "muat data bulan yang sudah lewat saja", "bulan-depan")
            months = months.where(~future)
        return months

    def counts(self, frame: pd.DataFrame) -> pd.Series:
        if "jumlah" not in frame:
            self.problems.error("kolom 'jumlah' tidak ada", "tambahkan kolom jumlah")
            return pd.Series(np.nan, index=frame.index)
        text = frame["jumlah"]
        values = text.map(_int_or_none).astype("float64")
        empty = text == ""
        negative = text.str.fullmatch(r"-\s*\d+([.,]\d+)?")
        fractional = ~negative & text.str.fullmatch(r"\d*[.,]\d+") & values.isna()
        self.report_values(frame, empty, "jumlah", "jumlah kosong",
                           "isi jumlah orang (0 bila tidak ada)", "jumlah-kosong")
        self.report_values(frame, negative, "jumlah", "jumlah negatif '{value}'",
                           "jumlah orang tidak boleh negatif", "jumlah-negatif")
        self.report_values(frame, fractional, "jumlah", "jumlah '{value}' bukan bilangan bulat",
                           "jumlah orang harus bilangan bulat tanpa pemisah ribuan",
                           "jumlah-pecahan")
        other = values.isna() & ~empty & ~negative & ~fractional
        self.report_values(frame, other, "jumlah", "jumlah '{value}' bukan angka",
                           "tulis jumlah sebagai bilangan bulat, mis. 1234", "jumlah-salah")
        return values

    def regions(self, frame: pd.DataFrame) -> pd.Series:
        codes = frame["kode_wilayah"] if "kode_wilayah" in frame else pd.Series("", frame.index)
        names = frame["nama_wilayah"] if "nama_wilayah" in frame else pd.Series("", frame.index)
        if "kode_wilayah" not in frame and "nama_wilayah" not in frame:
            self.problems.error("tidak ada kolom wilayah",
                                "tambahkan kolom kode_wilayah atau nama_wilayah")
            return pd.Series(None, index=frame.index, dtype=object)
        pairs = pd.MultiIndex.from_arrays([codes, names]).unique()
        resolved: dict[tuple[str, str], object] = {}
        outside = pd.Series(False, index=frame.index)
        result = pd.Series(None, index=frame.index, dtype=object)
        for code, name in pairs:
            if code and not any(ch.isdigit() for ch in code) and not name:
                match = self.ref.regions.match(None, code)  # a name typed in the code column
            else:
                match = self.ref.regions.match(code or None, name or None)
            mask = (codes == code) & (names == name)
            column = "kode_wilayah" if code else "nama_wilayah"
            shown = code or name
            if match.status == "ok":
                resolved[(code, name)] = match.value
                result[mask] = match.value
            elif match.status == "outside":
                outside |= mask
            elif not code and not name:
                self.report_values(frame, mask, column, "wilayah kosong",
                                   "isi kode_wilayah (mis. 3604) atau nama_wilayah", "wilayah")
            elif match.status == "ambiguous":
                self.report_values(frame, mask, column,
                                   f"nama wilayah '{shown}' bisa kabupaten atau kota",
                                   match.suggestion or "", "wilayah-ambigu")
            elif match.status == "conflict":
                self.report_values(frame, mask, column,
                                   f"kode {code} tidak cocok dengan nama '{name}'",
                                   match.suggestion or "periksa kode dan nama wilayah",
                                   "wilayah-konflik")
            else:
                hint = (f"maksudnya '{match.suggestion}'?" if match.suggestion
                        else "lihat daftar wilayah di docs/data-format.md")
                self.report_values(frame, mask, column, f"wilayah '{shown}' tidak dikenal",
                                   hint, "wilayah-tidak-dikenal")
        if outside.any():
            self.skipped["wilayah di luar Provinsi Banten"] += int(outside.sum())
        result[outside] = "__outside__"
        return result

    def dimension(self, frame: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
        """Canonical values (None = not reported) and whether each row is broken down."""
        if column not in frame:
            none = pd.Series(None, index=frame.index, dtype=object)
            return none, pd.Series(False, index=frame.index)
        vocab = self.ref.vocab[column]
        text = frame[column]
        values = pd.Series(None, index=frame.index, dtype=object)
        broken_down = text != ""
        if self.raw.empty_means == EMPTY_UNREPORTED:
            broken_down = pd.Series(True, index=frame.index)
        for raw_value in text[text != ""].unique():
            match = vocab.match(raw_value)
            mask = text == raw_value
            if match.status == "ok":
                values[mask] = match.value
            elif match.status == "unreported":
                continue
            elif vocab.open_ended and match.value:
                values[mask] = match.value
                self.unknown_values.setdefault(column, set()).add(match.value)
            else:
                hint = (f"maksudnya '{match.suggestion}'?" if match.suggestion
                        else f"nilai yang diterima: {', '.join(vocab.values[:8])}")
                self.report_values(frame, mask, column,
                                   f"{column.replace('_', ' ')} '{raw_value}' tidak dikenal",
                                   hint, f"{column}-tidak-dikenal")
        return values, broken_down

    # --- a whole frame -----------------------------------------------------------------

    def frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        blank = (frame.drop(columns="_line") == "").all(axis=1)
        if blank.any():
            self.skipped["baris kosong"] += int(blank.sum())
            frame = frame[~blank]
        years = self.years(frame)
        months = self.months(frame, "bulan", years)
        until = self.months(frame, "s_d_bulan", years)
        counts = self.counts(frame)
        regions = self.regions(frame)
        out = pd.DataFrame({"_line": frame["_line"].astype("int64"), "tahun": years,
                            "bulan": months})
        mismatch = months.notna() & until.notna() & (months != until)
        self.report_values(frame, mismatch, "s_d_bulan",
                           "s_d_bulan '{value}' berbeda dari bulan pada baris bulanan",
                           "kosongkan s_d_bulan pada baris bulanan", "s_d_bulan")
        out["s_d_bulan"] = months.fillna(until).fillna(12)
        out["kode_wilayah"] = regions
        breakdown = months.notna().astype("int64") * BREAKDOWN_BITS["bulan"]
        for column in DIMENSION_COLUMNS:
            values, broken_down = self.dimension(frame, column)
            out[column] = values
            breakdown = breakdown + broken_down.astype("int64") * BREAKDOWN_BITS[column]
        out["breakdown"] = breakdown
        out["jumlah"] = counts
        out["sumber"] = frame["sumber"].replace("", None) if "sumber" in frame else None
        keep = out["kode_wilayah"] != "__outside__"
        return out[keep]


def check_facts(raw: RawFacts, ref: Reference, problems: ProblemList,
                today: dt.date | None = None,
                progress: Callable[[int], None] | None = None) -> Facts:
    """Validate and normalise every frame of ``raw``; problems go to ``problems``.

    ``progress`` is called with the number of rows read so far after each frame.
    """
    checker = _Checker(raw, ref, problems, today or dt.date.today())
    parts = []
    rows_read = 0
    for frame in raw.frames:
        rows_read += len(frame)
        parts.append(checker.frame(frame))
        if progress is not None:
            progress(rows_read)
    rows_read += sum(raw.skipped.values())  # rows the layout itself set aside
    facts = (pd.concat(parts, ignore_index=True) if parts
             else pd.DataFrame(columns=list(OUTPUT_COLUMNS)))
    if rows_read == 0 or (facts.empty and not checker.skipped):
        problems.error("berkas tidak berisi baris data di bawah judul kolom",
                       "isi data di bawah baris judul kolom")
    elif facts.empty and not problems.errors:
        problems.error("berkas tidak berisi satu pun baris untuk wilayah Banten",
                       "periksa kolom kode/nama wilayah; baris provinsi lain dilewati")
    if raw.aggregate:
        facts = _aggregate(facts)
    else:
        _check_duplicates(facts, problems, raw)
    facts = facts.dropna(subset=["tahun", "jumlah", "kode_wilayah"])
    facts = facts.astype({"tahun": "int64", "jumlah": "int64", "breakdown": "int64",
                          "s_d_bulan": "int64"})
    facts["bulan"] = facts["bulan"].astype("Int64")
    unknown = {k: sorted(v) for k, v in checker.unknown_values.items()}
    return Facts(facts[list(OUTPUT_COLUMNS)].reset_index(drop=True), rows_read,
                 checker.skipped, unknown)


def _aggregate(facts: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in KEY_COLUMNS] + ["s_d_bulan"]
    grouped = facts.groupby(keys, dropna=False, sort=True)
    out = grouped.agg(jumlah=("jumlah", "sum"), _line=("_line", "min")).reset_index()
    out["sumber"] = None
    return out


def _check_duplicates(facts: pd.DataFrame, problems: ProblemList, raw: RawFacts) -> None:
    keys = list(KEY_COLUMNS)
    duplicated = facts.duplicated(subset=keys, keep=False) & facts["kode_wilayah"].notna()
    if not duplicated.any():
        return
    groups = facts[duplicated].groupby(keys, dropna=False)["_line"].apply(list)
    for lines in groups:
        first, *others = sorted(int(v) for v in lines)
        problems.error(
            f"angka yang sama (tahun, bulan, wilayah, rincian) sudah ada di baris {first}",
            "hapus baris ganda atau jumlahkan angkanya menjadi satu baris",
            line=others[0], column=raw.columns.get("jumlah", "jumlah"), kind="duplikat",
        )
