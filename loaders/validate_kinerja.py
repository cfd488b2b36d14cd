"""Checking the rows of a performance-indicator file (layout ``kinerja``).

Numbers are read as Indonesians write them (``1.234``, ``85,5``, ``85,5%``, ``1.234,5``); from
a workbook a plain ``85.5`` is the cell's number. Every problem names the file, the line and the
column, and says how to fix it (docs/data-format.md, "Kinerja"). Indicator files are small
(tens of rows), so the checks go row by row.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from domain import kinerja, personal_data
from domain.problems import ProblemList
from loaders.layouts.base import RawFacts
from loaders.limits import shown

EARLIEST_YEAR = 1990
#: Targets may be set this many years ahead (a five-year plan and then some).
YEARS_AHEAD = 10
#: A ``capaian`` written in the file may differ this much (percentage points) from the
#: computed one before a warning (files often round to whole percents).
CAPAIAN_TOLERANCE = 0.5
BLANK = "baris kosong"
#: The largest target or realisation accepted (an amount of rupiah fits; beyond this a number
#: is a typing error, and doubles no longer hold whole numbers exactly).
MAX_NUMBER = 1e15

#: Spellings of ``arah`` (after lower-casing and collapsing punctuation to spaces).
DIRECTION_WORDS: dict[str, str] = {
    **dict.fromkeys((
        "naik", "positif", "positive", "higher", "higher is better", "tinggi", "meningkat",
        "semakin tinggi semakin baik", "lebih tinggi lebih baik", "makin tinggi makin baik",
        "semakin besar semakin baik", "lebih besar lebih baik", "makin besar makin baik",
        "maksimal", "maksimum", "max", "maximize", "up", "↑"), kinerja.HIGHER),
    **dict.fromkeys((
        "turun", "negatif", "negative", "lower", "lower is better", "rendah", "menurun",
        "semakin rendah semakin baik", "lebih rendah lebih baik", "makin rendah makin baik",
        "semakin kecil semakin baik", "lebih kecil lebih baik", "makin kecil makin baik",
        "minimal", "minimum", "min", "minimize", "down", "↓"), kinerja.LOWER),
}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
#: Words around a quarter number (``TW III``, ``Triwulan 2``, ``Q3``, ``Kuartal IV``).
QUARTER_WORDS = re.compile(r"triwulan|kuartal|quarter|tw|q")
#: A quarter cell meaning "the whole year".
WHOLE_YEAR = {"", "tahunan", "setahun", "tahun", "annual", "year", "-"}
#: A realisation cell meaning "not reported yet".
NOT_REPORTED = {"", "-", "–", "—", "belum ada", "belum dilaporkan", "n/a", "na"}

_ID_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")
_EN_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+\.\d+")
_PLAIN = re.compile(r"\d+([.,]\d+)?")

#: Output columns (``store.sql.kinerja.KINERJA_COLUMNS`` without ``batch_id``).
COLUMNS: tuple[str, ...] = (
    "kode_indikator", "indikator", "satuan", "arah", "tahun", "triwulan", "target", "realisasi",
    "unit_penanggung_jawab", "sumber", "catatan", "baris",
)


@dataclass
class Indicators:
    """Checked indicator rows of one file, ready to store (columns COLUMNS)."""

    frame: pd.DataFrame
    rows_read: int
    skipped: Counter[str] = field(default_factory=Counter)


def parse_number(text: str, spreadsheet: bool = False) -> float | None:
    """``'1.234'`` -> 1234, ``'85,5'`` / ``'85,5%'`` -> 85.5, ``'1.234,5'`` -> 1234.5; None for
    anything else (negative numbers included).

    A dot followed by exactly three digits is a thousands separator (``1.234`` = 1234), as in
    Indonesian; write decimals with a comma. From a workbook (``spreadsheet``) a number cell
    arrives as ``85.5`` or ``1234``: there the dot is the decimal point.
    """
    value = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if value.startswith("+"):
        value = value[1:]
    if not value:
        return None
    if spreadsheet and re.fullmatch(r"\d+(\.\d+)?([eE][-+]?\d+)?", value):
        return float(value)
    if _ID_THOUSANDS.fullmatch(value):
        return float(value.replace(".", "").replace(",", "."))
    if _EN_THOUSANDS.fullmatch(value):
        return float(value.replace(",", ""))
    if _PLAIN.fullmatch(value):
        return float(value.replace(",", "."))
    return None


def too_large(value: float) -> bool:
    """A target or realisation beyond what any indicator measures (or not finite)."""
    return not math.isfinite(value) or value > MAX_NUMBER


def parse_quarter(text: str) -> int | str | None:
    """1-4 for a quarter (``3``, ``III``, ``TW III``, ``Triwulan 3``, ``Q3``), None for the whole
    year (empty), ``"bad"`` for anything else."""
    value = text.strip().lower()
    if value in WHOLE_YEAR:
        return None
    value = re.sub(r"^(\d)\.0+$", r"\1", value)  # a workbook's number cell: 3.0
    value = re.sub(r"[\s.\-_/]+", "", QUARTER_WORDS.sub("", value))
    if value.isdigit() and 1 <= int(value) <= 4:
        return int(value)
    return ROMAN.get(value, "bad")


def parse_direction(text: str) -> str | None:
    """``naik`` or ``turun`` for any accepted spelling, else None."""
    value = " ".join(re.sub(r"[^\w↑↓]+", " ", text.strip().lower()).split())
    return DIRECTION_WORDS.get(value)


def indicator_code(name: str) -> str:
    """A stable code derived from an indicator's name (when the file has no code)."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")[:60] or "indikator"


def _year(text: str) -> int | None:
    value = text.strip()
    if re.fullmatch(r"\d{4}(\.0+)?", value):
        return int(float(value))
    return None


#: Text cells stored as written; screened for personal numbers.
TEXT_COLUMNS: tuple[str, ...] = ("indikator", "kode_indikator", "satuan",
                                 "unit_penanggung_jawab", "sumber", "catatan")


def _text(value: str) -> str | None:
    value = " ".join(value.split())
    return value or None


class _Checker:
    def __init__(self, raw: RawFacts, problems: ProblemList, today: dt.date,
                 spreadsheet: bool) -> None:
        self.columns = raw.columns
        self.problems = problems
        self.today = today
        self.spreadsheet = spreadsheet

    def name(self, column: str) -> str:
        return self.columns.get(column, column)

    def error(self, message: str, hint: str, line: int, column: str, kind: str) -> None:
        self.problems.error(message, hint, line=line, column=self.name(column), kind=kind)

    def warn(self, message: str, hint: str, line: int, column: str, kind: str) -> None:
        self.problems.warn(message, hint, line=line, column=self.name(column), kind=kind)

    def number(self, row: dict[str, str], column: str, line: int,
               empty: set[str]) -> tuple[float | None, bool]:
        """(value, ok): None with ok for an empty cell; an error and not ok for a bad one."""
        text = row.get(column, "").strip()
        if not text or text.lower() in empty:
            return None, True
        value = parse_number(text, self.spreadsheet)
        if value is not None and too_large(value):
            self.error(f"{column} '{shown(text)}' terlalu besar",
                       "angka target dan realisasi paling besar 10^15 (1.000.000.000.000.000); "
                       "periksa angkanya", line, column, f"{column}-terlalu-besar")
            return None, False
        if value is None:
            if text.startswith("-") and parse_number(text[1:], self.spreadsheet) is not None:
                self.error(f"{column} negatif '{shown(text)}'",
                           "target dan realisasi tidak boleh negatif; capaian tidak dapat "
                           "dihitung untuk angka negatif", line, column, f"{column}-negatif")
            else:
                self.error(f"{column} '{shown(text)}' bukan angka",
                           "tulis angka seperti 1.234 atau 85,5 (boleh dengan %)", line, column,
                           f"{column}-salah")
            return None, False
        return value, True

    def personal_numbers(self, row: dict[str, str], line: int) -> bool:
        """False (and an error naming line and column, never the value) when a text cell
        of the row holds a NIK, passport or phone number (domain/personal_data.py)."""
        ok = True
        for column in TEXT_COLUMNS:
            kind = personal_data.screen(row.get(column, ""))
            if kind is not None:
                self.error(personal_data.refusal(kind), personal_data.REFUSAL_HINT, line,
                           column, "data-pribadi")
                ok = False
        return ok

    def row(self, row: dict[str, str], line: int, codes: dict[str, str]) -> dict | None:
        """One checked row, or None when it is refused (its problems are recorded)."""
        ok = self.personal_numbers(row, line)
        name = _text(row.get("indikator", ""))
        if name is None:
            self.error("nama indikator kosong", "isi nama indikator", line, "indikator",
                       "indikator-kosong")
            ok = False
        code = _text(row.get("kode_indikator", ""))
        if code is None and name is not None:
            code = codes.get(name.casefold()) or indicator_code(name)
        unit = _text(row.get("satuan", ""))
        if unit is None:
            self.error("satuan kosong", "isi satuan ukur indikator, mis. orang atau %", line,
                       "satuan", "satuan-kosong")
            ok = False
        year = _year(row.get("tahun", ""))
        year_text = row.get("tahun", "").strip()
        if year is None:
            self.error(f"tahun '{shown(year_text)}' bukan angka tahun" if year_text
                       else "tahun kosong",
                       "tulis tahun 4 digit, mis. 2024", line, "tahun", "tahun-salah")
            ok = False
        elif year < EARLIEST_YEAR or year > self.today.year + YEARS_AHEAD:
            self.error(f"tahun {year} di luar rentang",
                       f"tahun harus {EARLIEST_YEAR}–{self.today.year + YEARS_AHEAD}", line,
                       "tahun", "tahun-rentang")
            ok = False
        quarter = parse_quarter(row.get("triwulan", ""))
        if quarter == "bad":
            self.error(f"triwulan '{shown(row.get('triwulan', '').strip())}' tidak dikenal",
                       "tulis 1–4 atau I–IV (mis. TW III); kosongkan untuk angka setahun",
                       line, "triwulan", "triwulan-salah")
            ok = False
            quarter = None
        direction_text = row.get("arah", "").strip()
        direction = parse_direction(direction_text)
        if direction is None:
            self.error(f"arah '{shown(direction_text)}' tidak dikenal" if direction_text
                       else "arah kosong",
                       "tulis naik (semakin tinggi semakin baik) atau turun (semakin rendah "
                       "semakin baik)", line, "arah", "arah-salah")
            ok = False
        target, good = self.number(row, "target", line, set())
        ok &= good
        if good and target is None:
            self.error("target kosong", "isi target; indikator tanpa target tidak dapat "
                       "dinilai (tulis 0 bila targetnya memang nol)", line, "target",
                       "target-kosong")
            ok = False
        realisation, good = self.number(row, "realisasi", line, NOT_REPORTED)
        ok &= good
        if realisation is not None and year is not None:
            ok &= self.realisation_period(year, quarter, line)  # type: ignore[arg-type]
        if not ok:
            return None
        assert direction is not None and target is not None
        if "capaian" in row:
            self.check_capaian(row["capaian"], target, realisation, direction, line)
        return {
            "kode_indikator": code, "indikator": name, "satuan": unit, "arah": direction,
            "tahun": year, "triwulan": quarter, "target": target, "realisasi": realisation,
            "unit_penanggung_jawab": _text(row.get("unit_penanggung_jawab", "")),
            "sumber": _text(row.get("sumber", "")), "catatan": _text(row.get("catatan", "")),
            "baris": line,
        }

    def realisation_period(self, year: int, quarter: int | None, line: int) -> bool:
        """A realisation for a period that has not begun is refused; for one not over yet, a
        warning."""
        current_quarter = (self.today.month - 1) // 3 + 1
        if year > self.today.year or (year == self.today.year and quarter is not None
                                      and quarter > current_quarter):
            period = f"triwulan {quarter} tahun {year}" if quarter else f"tahun {year}"
            self.error(f"realisasi untuk {period} yang belum berjalan",
                       "kosongkan realisasinya; isi setelah periodenya berakhir", line,
                       "realisasi", "realisasi-depan")
            return False
        if year == self.today.year and (quarter is None or quarter == current_quarter):
            period = f"triwulan {quarter} tahun {year}" if quarter else f"tahun {year}"
            self.warn(f"{period} belum berakhir; realisasinya masih akan bertambah",
                      "muat ulang dengan --replace setelah periodenya berakhir", line,
                      "realisasi", "realisasi-berjalan")
        return True

    def check_capaian(self, text: str, target: float, realisation: float | None,
                      direction: str, line: int) -> None:
        """Warn when the file's own capaian disagrees with the computed one."""
        if not text.strip() or text.strip() in NOT_REPORTED:
            return
        written = parse_number(text, self.spreadsheet)
        if written is None:
            self.warn(f"capaian '{shown(text.strip())}' bukan angka dan diabaikan",
                      "dasbor menghitung capaian sendiri dari target, realisasi dan arah", line,
                      "capaian", "capaian-salah")
            return
        computed = kinerja.capaian(target, realisation, direction)
        if computed is None:
            reason = "realisasi kosong" if realisation is None else "target 0"
            self.warn(f"capaian {text.strip()} tertulis, padahal capaian tidak dapat dihitung "
                      f"({reason})", "dasbor menampilkan capaian sebagai —", line, "capaian",
                      "capaian-beda")
            return
        if abs(written - computed) <= CAPAIAN_TOLERANCE or (
                written <= 10 and abs(written * 100 - computed) <= CAPAIAN_TOLERANCE):
            return  # as computed, or the same written as a fraction (0,935 = 93,5 %)
        formula = "realisasi/target × 100" if direction == kinerja.HIGHER \
            else "(2 − realisasi/target) × 100"
        self.warn(f"capaian {text.strip()} di berkas berbeda dari hitungan "
                  f"{computed:.1f}".replace(".", ",") + f" % ({formula})",
                  "periksa target, realisasi dan arah; dasbor memakai hitungannya sendiri",
                  line, "capaian", "capaian-beda")


def _consistency(frame: pd.DataFrame, checker: _Checker) -> None:
    """One indicator, one unit and one direction; names may change (a warning)."""
    for code, group in frame.groupby("kode_indikator", sort=False):
        first = group.iloc[0]
        for column, kind in (("satuan", "error"), ("arah", "error"), ("indikator", "warning")):
            for row in group.iloc[1:].itertuples(index=False):
                value = getattr(row, column)
                if value == first[column]:
                    continue
                message = (f"{column} '{value}' berbeda dari baris {first['baris']} "
                           f"('{first[column]}') untuk indikator '{code}'")
                if kind == "error":
                    checker.error(message, f"satu indikator hanya punya satu {column}; samakan "
                                  "semua barisnya, atau beri kode_indikator yang berbeda",
                                  int(row.baris), column, f"{column}-beda")
                else:
                    checker.warn(message, "nama yang ditampilkan diambil dari tahun terakhir",
                                 int(row.baris), column, "indikator-beda")


def _duplicates(frame: pd.DataFrame, checker: _Checker) -> None:
    seen: dict[tuple[str, int, int | None], int] = {}
    for row in frame.itertuples(index=False):
        quarter = None if pd.isna(row.triwulan) else int(row.triwulan)
        key = (row.kode_indikator, int(row.tahun), quarter)
        if key in seen:
            period = f"triwulan {quarter} " if quarter else ""
            checker.error(f"indikator '{row.kode_indikator}' {period}tahun {row.tahun} sudah "
                          f"ada di baris {seen[key]}",
                          "hapus baris ganda; satu baris per indikator, tahun dan triwulan",
                          int(row.baris), "indikator", "indikator-ganda")
        else:
            seen[key] = int(row.baris)


def _fractions(frame: pd.DataFrame, checker: _Checker) -> None:
    """Percent indicators whose values all look like fractions (0,855 for 85,5 %)."""
    for code, group in frame.groupby("kode_indikator", sort=False):
        unit = str(group["satuan"].iloc[0]).lower()
        if "%" not in unit and "persen" not in unit:
            continue
        values = pd.concat([group["target"], group["realisasi"].dropna()])
        if len(values) and values.max() <= 1 and group["target"].max() > 0:
            checker.warn(f"indikator '{code}' bersatuan persen, tetapi semua angkanya ≤ 1",
                         "tulis persen sebagai 85,5 (bukan 0,855); sel persen di Excel "
                         "menyimpan pecahan", int(group["baris"].iloc[0]), "target",
                         "persen-pecahan")


def check_indicators(raw: RawFacts, problems: ProblemList, today: dt.date | None = None,
                     spreadsheet: bool = False) -> Indicators:
    """Check every row of an indicator file; problems go to ``problems``."""
    today = today or dt.date.today()
    checker = _Checker(raw, problems, today, spreadsheet)
    frames = list(raw.frames)
    text = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"_line": []})
    skipped: Counter[str] = Counter()
    records = [{c: str(v) for c, v in r.items()} for r in text.to_dict("records")]
    codes: dict[str, str] = {}  # indicator name -> a code given for it on another row
    for record in records:
        name, code = _text(record.get("indikator", "")), _text(record.get("kode_indikator", ""))
        if name and code:
            codes.setdefault(name.casefold(), code)
    rows = []
    for record in records:
        line = int(float(record["_line"]))
        if not any(v.strip() for k, v in record.items() if k != "_line"):
            skipped[BLANK] += 1
            continue
        checked = checker.row(record, line, codes)
        if checked is not None:
            rows.append(checked)
    if not rows and not problems.errors:
        problems.error("berkas tidak berisi baris indikator di bawah judul kolom",
                       "isi satu baris per indikator dan tahun (atau triwulan)")
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).astype(
        {"tahun": "int64", "triwulan": "Int64", "target": "float64", "realisasi": "Float64",
         "baris": "int64"})
    _consistency(frame, checker)
    _duplicates(frame, checker)
    _fractions(frame, checker)
    return Indicators(frame, rows_read=len(records), skipped=skipped)
