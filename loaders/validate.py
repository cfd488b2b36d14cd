"""Checking and normalising raw facts, the same for every layout.

Works on whole columns: each distinct spelling is resolved once, so a file of millions of rows
costs little more than its distinct values. Every problem names the line and the column.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from domain import personal_data
from domain.problems import LoadError, Problem, ProblemList
from domain.reference import Reference
from loaders.cell_sums import RunningSum, aggregate, check_duplicates
from loaders.column_values import Distinct, distinct_pairs, int_or_none, parse_month
from loaders.fact_shape import PLACEMENTS, FactShape
from loaders.layouts.base import EMPTY_UNREPORTED, RawFacts
from loaders.limits import MAX_COUNT, MAX_DISTINCT_VALUES, shown, thousands

EARLIEST_YEAR = 1990
#: Columns whose text can reach the store as written: a row's citation, and occupations
#: outside the reference list (``jabatan`` is open-ended). They are screened for personal
#: numbers (domain/personal_data.py): NIK, passport and phone numbers refuse the file.
FREE_TEXT_COLUMNS: tuple[str, ...] = ("sumber", "jabatan")
PERSONAL_KIND = "data-pribadi"

@dataclass
class Facts:
    """Validated figures of one file, ready to store (columns OUTPUT_COLUMNS)."""

    frame: pd.DataFrame
    rows_read: int
    skipped: Counter[str] = field(default_factory=Counter)
    unknown_values: dict[str, list[str]] = field(default_factory=dict)


class _Checker:
    def __init__(self, raw: RawFacts, ref: Reference, problems: ProblemList,
                 today: dt.date, shape: FactShape = PLACEMENTS) -> None:
        self.raw = raw
        self.shape = shape
        self.ref = ref
        self.problems = problems
        self.today = today
        self.skipped: Counter[str] = Counter()  # the layout's own come from raw.skipped
        #: Integer codes of the object key columns of the last frame (equal value, equal code,
        #: in every frame), so that adding up records does not hash the strings again.
        self.codes: dict[str, np.ndarray] = {}
        self._ids: dict[str, dict[object, int]] = {}
        self.outside: np.ndarray = np.zeros(0, dtype=bool)  # rows of the last frame outside Banten
        self.unknown_values: dict[str, set[str]] = {}
        #: Texts refused for holding a personal number (never quoted, never stored).
        self.personal: set[str] = set()
        #: Spellings seen so far per looked-up column (at most MAX_DISTINCT_VALUES).
        self._spellings: dict[str, set[object]] = {}

    def count_spellings(self, column: str, values: object, lines: pd.Series) -> None:
        """Refuse a file with more than MAX_DISTINCT_VALUES spellings in a column that is
        looked up (each is matched, with a suggestion, one by one)."""
        seen = self._spellings.setdefault(column, set())
        seen.update(values)  # type: ignore[arg-type]
        if len(seen) > MAX_DISTINCT_VALUES:
            raise LoadError([Problem(
                self.problems.file,
                f"kolom ini berisi lebih dari {thousands(MAX_DISTINCT_VALUES)} isi berbeda",
                "kolom ini diperiksa terhadap daftar baku (lihat docs/data-format.md, "
                "\"Limits\"); periksa bahwa kolomnya tidak tergeser, atau pecah berkasnya",
                line=int(lines.iloc[0]) if len(lines) else None,
                column=self.column_name(column))])

    def value_codes(self, column: str, values: np.ndarray) -> np.ndarray:
        """A code per value, the same for the same value of ``column`` in every frame."""
        ids = self._ids.setdefault(column, {})
        return np.array([ids.setdefault(value, len(ids)) for value in values], dtype="int64")

    def column_name(self, column: str) -> str:
        return self.raw.columns.get(column, column)

    def report_values(self, frame: pd.DataFrame, mask: pd.Series, column: str,
                      message: str, hint: str, kind: str) -> None:
        if not mask.any():
            return
        for line, value in zip(frame.loc[mask, "_line"], frame.loc[mask, column], strict=True):
            self.problems.error(message.replace("{value}", shown(value)),
                                hint.replace("{value}", shown(value)),
                                line=int(line), column=self.column_name(column), kind=kind)
            if self.problems.full(kind):
                break

    # --- individual columns ------------------------------------------------------------

    def personal_numbers(self, frame: pd.DataFrame, column: str) -> None:
        """Refuse every row whose ``column`` holds a NIK, passport or phone number, naming
        line and column but never the value (each distinct text is screened once)."""
        if column not in frame:
            return
        distinct = Distinct(frame[column])
        for position, value in enumerate(distinct.values):
            kind = personal_data.screen(value) if isinstance(value, str) else None
            if kind is None:
                continue
            self.personal.add(value)
            for line in frame.loc[distinct.rows(position), "_line"]:
                self.problems.error(personal_data.refusal(kind), personal_data.REFUSAL_HINT,
                                    line=int(line), column=self.column_name(column),
                                    kind=PERSONAL_KIND)
                if self.problems.full(PERSONAL_KIND):
                    return

    def years(self, frame: pd.DataFrame) -> pd.Series:
        if "tahun" not in frame:
            self.problems.error("kolom 'tahun' tidak ada",
                                "tambahkan kolom tahun, atau sebut tahunnya dengan --tahun")
            return pd.Series(np.nan, index=frame.index)
        distinct = Distinct(frame["tahun"])
        years = distinct.spread(distinct.values.map(int_or_none))
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
        distinct = Distinct(text)
        months = distinct.spread(
            distinct.values.map(lambda v: parse_month(v) if v else None)).astype("float64")
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
            running = (years == self.today.year) & (months == self.today.month)
            if running.any():
                self.problems.warn(
                    f"bulan {self.today.month} tahun {self.today.year} belum berakhir; angkanya "
                    "akan bertambah", "muat ulang dengan --replace setelah bulan berakhir",
                    line=int(frame.loc[running, "_line"].iloc[0]),
                    column=self.column_name(column), kind="bulan-berjalan")
        return months

    def counts(self, frame: pd.DataFrame) -> pd.Series:
        if "jumlah" not in frame:
            self.problems.error("kolom 'jumlah' tidak ada", "tambahkan kolom jumlah")
            return pd.Series(np.nan, index=frame.index)
        text = frame["jumlah"]
        distinct = Distinct(text)
        values = distinct.spread(distinct.values.map(int_or_none)).astype("float64")
        empty = text == ""
        negative = distinct.spread(distinct.values.str.fullmatch(r"-\s*\d+([.,]\d+)?"))
        fractional = (~negative & distinct.spread(distinct.values.str.fullmatch(r"\d*[.,]\d+"))
                      & values.isna())
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
        too_large = values > MAX_COUNT
        self.report_values(frame, too_large, "jumlah", "jumlah '{value}' terlalu besar",
                           f"satu sel paling banyak {thousands(MAX_COUNT)} orang; periksa "
                           "angkanya (salah ketik, atau beberapa angka tergabung)",
                           "jumlah-terlalu-besar")
        return values.where(~too_large)

    def regions(self, frame: pd.DataFrame) -> pd.Series:
        codes = frame["kode_wilayah"] if "kode_wilayah" in frame else pd.Series("", frame.index)
        names = frame["nama_wilayah"] if "nama_wilayah" in frame else pd.Series("", frame.index)
        if "kode_wilayah" not in frame and "nama_wilayah" not in frame:
            self.problems.error("tidak ada kolom wilayah",
                                "tambahkan kolom kode_wilayah atau nama_wilayah")
            return pd.Series(None, index=frame.index, dtype=object)
        pair_codes, pairs = distinct_pairs(codes, names)
        self.count_spellings("kode_wilayah", pairs, frame["_line"])
        values = np.full(len(pairs), np.nan, dtype=object)
        outside_pairs = np.zeros(len(pairs), dtype=bool)
        for position, (code, name) in enumerate(pairs):
            if code and not any(ch.isdigit() for ch in code) and not name:
                match = self.ref.regions.match(None, code)  # a name typed in the code column
            else:
                match = self.ref.regions.match(code or None, name or None)
            column = "kode_wilayah" if code or "nama_wilayah" not in frame else "nama_wilayah"
            shown = code or name
            if match.status == "ok":
                values[position] = match.value
                continue
            if match.status == "outside":
                outside_pairs[position] = True
                continue
            mask = pair_codes == position
            if not code and not name:
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
        values[outside_pairs] = "__outside__"
        result = pd.Series(values[pair_codes], index=frame.index, dtype=object)
        outside = outside_pairs[pair_codes]
        if outside.any():
            self.skipped["wilayah di luar Provinsi Banten"] += int(outside.sum())
        self.codes["kode_wilayah"] = self.value_codes("kode_wilayah", values)[pair_codes]
        self.outside = outside
        return result

    def dimension(self, frame: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
        """Canonical values (None = not reported) and whether each row is broken down."""
        if column not in frame:
            none = pd.Series(None, index=frame.index, dtype=object)
            return none, pd.Series(False, index=frame.index)
        vocab = self.ref.vocabulary(column)
        text = frame[column]
        broken_down = text != ""
        if self.raw.empty_means == EMPTY_UNREPORTED:
            broken_down = pd.Series(True, index=frame.index)
        distinct = Distinct(text)
        self.count_spellings(column, distinct.values.tolist(), frame["_line"])
        canonical = np.full(len(distinct.values), np.nan, dtype=object)
        for position, raw_value in enumerate(distinct.values):
            if raw_value == "":
                continue
            match = vocab.match(raw_value)
            if match.status == "ok":
                canonical[position] = match.value
            elif match.status == "unreported":
                continue
            elif raw_value in self.personal:
                continue  # refused by personal_numbers; never echoed in a note
            elif vocab.open_ended and match.value:
                canonical[position] = match.value
                self.unknown_values.setdefault(column, set()).add(match.value)
            else:
                hint = (f"maksudnya '{match.suggestion}'?" if match.suggestion
                        else f"nilai yang diterima: {', '.join(vocab.values[:8])}")
                self.report_values(frame, distinct.rows(position), column,
                                   f"{column.replace('_', ' ')} '{raw_value}' tidak dikenal",
                                   hint, f"{column}-tidak-dikenal")
        values = pd.Series(canonical[distinct.codes], index=frame.index, dtype=object)
        self.codes[column] = self.value_codes(column, canonical)[distinct.codes]
        return values, broken_down

    def key(self, frame: pd.DataFrame, column: str) -> pd.Series:
        """A key dimension (an intern figure's ``status``): every row names a known value."""
        choices = ", ".join(self.ref.vocabulary(column).values)
        if column not in frame:
            self.problems.error(f"kolom '{column}' tidak ada",
                                f"tambahkan kolom {column} ({choices})")
            return pd.Series(None, index=frame.index, dtype=object)
        values, _ = self.dimension(frame, column)
        empty = values.isna() & ~frame["_line"].isin(
            {p.line for p in self.problems.errors if p.column == self.column_name(column)})
        self.report_values(frame, empty, column,
                           f"{column.replace('_', ' ')} kosong atau tidak diketahui",
                           f"isi salah satu: {choices} — setiap angka harus menyebut apa yang "
                           "dihitungnya", f"{column}-kosong")
        return values

    # --- a whole frame -----------------------------------------------------------------

    def frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        self.codes = {}
        self.outside = np.zeros(len(frame), dtype=bool)
        blank = (frame.drop(columns="_line") == "").all(axis=1)
        if blank.any():
            self.skipped["baris kosong"] += int(blank.sum())
            frame = frame[~blank]
        for column in FREE_TEXT_COLUMNS:
            self.personal_numbers(frame, column)
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
        open_year = months.isna() & until.isna() & (years == self.today.year)
        if open_year.any():
            self.problems.warn(
                f"angka tahunan {self.today.year} tanpa s_d_bulan dianggap setahun penuh, "
                "padahal tahun belum berakhir",
                "isi kolom s_d_bulan dengan bulan terakhir yang tercakup",
                line=int(frame.loc[open_year, "_line"].iloc[0]), column="tahun",
                kind="tahun-berjalan")
        out["s_d_bulan"] = months.fillna(until).fillna(12)
        out["kode_wilayah"] = regions
        for column in self.shape.keys:
            out[column] = self.key(frame, column)
        bits = self.shape.bits
        breakdown = months.notna().astype("int64") * bits["bulan"]
        for column in self.shape.dimensions:
            values, broken_down = self.dimension(frame, column)
            out[column] = values
            breakdown = breakdown + broken_down.astype("int64") * bits[column]
        out["breakdown"] = breakdown
        out["jumlah"] = counts
        out["sumber"] = frame["sumber"].replace("", None) if "sumber" in frame else None
        if not self.outside.any():
            return out
        keep = ~self.outside
        self.codes = {column: codes[keep] for column, codes in self.codes.items()}
        return out[keep]


def check_facts(raw: RawFacts, ref: Reference, problems: ProblemList,
                today: dt.date | None = None,
                progress: Callable[[int], None] | None = None,
                shape: FactShape = PLACEMENTS) -> Facts:
    """Validate and normalise every frame of ``raw``; problems go to ``problems``.

    ``progress`` is called with the number of rows read so far after each frame. ``shape``
    INTERNS checks an intern file (its status and dimensions) by the same rules.
    """
    checker = _Checker(raw, ref, problems, today or dt.date.today(), shape)
    parts = []
    running = RunningSum(shape.key_columns)
    rows_read = 0
    for frame in raw.frames:
        rows_read += len(frame)
        part = checker.frame(frame)
        if raw.aggregate:
            running.add(part, checker.codes)
        else:
            parts.append(part)
        if progress is not None:
            progress(rows_read)
    if running.parts:
        parts = [running.total()]
    # rows the layout itself set aside (counted while its frames were read), then ours
    rows_read += sum(raw.skipped.values())
    skipped = Counter(raw.skipped)
    skipped.update(checker.skipped)
    checker.skipped = skipped
    facts = (pd.concat(parts, ignore_index=True) if parts
             else pd.DataFrame(columns=list(shape.output_columns)))
    if rows_read == 0 or (facts.empty and not checker.skipped):
        problems.error("berkas tidak berisi baris data di bawah judul kolom",
                       "isi data di bawah baris judul kolom")
    elif facts.empty and not problems.errors:
        problems.error("berkas tidak berisi satu pun baris untuk wilayah Banten",
                       "periksa kolom kode/nama wilayah; baris provinsi lain dilewati")
    if raw.aggregate:
        facts = aggregate(facts, shape.key_columns)
    else:
        check_duplicates(facts, problems, raw, shape.key_columns)
    facts = facts.dropna(subset=["tahun", "jumlah", "kode_wilayah", *shape.keys])
    facts = facts.astype({"tahun": "int64", "jumlah": "int64", "breakdown": "int64",
                          "s_d_bulan": "int64"})
    facts["bulan"] = facts["bulan"].astype("Int64")
    unknown = {k: sorted(v) for k, v in checker.unknown_values.items()}
    return Facts(facts[list(shape.output_columns)].reset_index(drop=True), rows_read,
                 checker.skipped, unknown)
