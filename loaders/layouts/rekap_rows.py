"""The rows of a recap sheet (*rekap*, loaders/layouts/rekap.py) below its header: which
rows hold figures (and which are JUMLAH rows, notes, signatures, column numbers …), the counts
as typed (``1.234``, ``-``), the JUMLAH checks, and the raw facts they become.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from domain.problems import ProblemList
from domain.reference import PROVINCE_CODE, norm_key, reference
from loaders.layouts.base import ReadOptions, header_key
from loaders.layouts.rekap_header import (
    DIGITS,
    DIMENSIONS,
    Column,
    Table,
    is_region_header,
    is_total_label,
)

NOTE_WORDS = frozenset({"keterangan", "ket", "catatan", "sumber", "source", "note", "notes",
                        "ttd", "mengetahui", "nip", "kepala", "an", "plt", "plh", "dicetak",
                        "diolah"})
#: Rows derived from the table (a share, an average): neither checked nor stored.
DERIVED_LABEL = re.compile(r"(persentase|prosentase|proporsi|rata rata|rerata|average)\b.*")
PLACE_DATE = re.compile(r"[^\d,]+,\s*\d{1,2}[\s\-/.]+\w+[\s\-/.]+\d{2,4}")
NUMBERED = re.compile(r"\(?(\d{1,3})\)?")
DASHES = frozenset("-–—−")
CODE_TEXT = re.compile(r"\d{2}(?:[.\s-]?\d{2})?(?:\.0+)?")


# --- numbers -------------------------------------------------------------------------------


def count_text(text: str, comma_thousands: bool = False) -> str:
    """A count as plain digits (``'1.234'`` -> ``'1234'``, ``'-'`` -> ``'0'``); a fraction or
    anything else is returned (without thousands separators) for the common checks to refuse.
    """
    value = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
    if not value or set(value) <= DASHES:
        return "0"
    if re.fullmatch(r"[0-9]{1,3}( [0-9]{3})+", value):
        value = value.replace(" ", "")
    thousands, decimal = "", ""
    if comma_thousands and re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", value):
        thousands, decimal = ",", "."
    elif re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?", value):
        thousands, decimal = ".", ","
    elif re.fullmatch(r"[0-9]+[.,][0-9]+", value):
        decimal = value[len(value.rstrip("0123456789")) - 1]
    elif not DIGITS.fullmatch(value):
        return value
    if thousands:
        value = value.replace(thousands, "")
    whole, _, fraction = value.partition(decimal) if decimal else (value, "", "")
    whole = whole.lstrip("0") or "0"  # never int(): a cell may hold thousands of digits
    if fraction.strip("0"):
        return f"{whole}{decimal}{fraction}"
    return whole


def count_value(text: str) -> int | None:
    """A count as a number for the sums, or None (not a number, or more than 18 digits: the
    common checks refuse any count over limits.MAX_COUNT)."""
    return int(text) if DIGITS.fullmatch(text) and len(text) <= 18 else None


def is_blank_count(text: str) -> bool:
    """Empty, a dash or zero: nothing reported in the cell."""
    value = text.strip()
    return not value or set(value) <= DASHES or value.strip("0") == ""


# --- the rows ------------------------------------------------------------------------------


@dataclass
class Row:
    line: int
    label: str
    counts: dict[int, str]  # value/total column position -> count text
    values: dict[int, int | None]  # the same, as integers where they are whole numbers
    given: set[int]  # positions whose cell is not empty


class RowReader:
    """Sorts the rows below the header, checks the sums, and collects the raw facts.

    ``today`` decides which month columns are not over yet (an empty one is left out)."""

    def __init__(self, table: Table, problems: ProblemList, file_year: int | None,
                 period: tuple[str, str], options: ReadOptions, comma_thousands: bool,
                 today: dt.date) -> None:
        self.table = table
        self.today = today
        self.problems = problems
        self.file_year = file_year
        self.period = period
        self.options = options
        self.comma_thousands = comma_thousands
        self.values = table.of_kind("value")
        self.totals = table.of_kind("total")
        self.region = table.first("region")
        self.code = table.first("code")
        self.year = table.first("year")
        first_value = min(c.position for c in self.values)
        self.label_positions = sorted({*range(first_value), *[
            c.position for c in (self.region, self.code) if c is not None]})
        self.skipped: Counter[str] = Counter()
        self.records: list[dict[str, object]] = []
        self.block: list[Row] = []
        self.rows: list[Row] = []
        self.leading_totals: list[Row] = []
        self.filled: set[int] = set()
        self.year_differs = False
        self.ref = reference()

    # --- one row ---------------------------------------------------------------------

    def read(self, line: int, cells: list[str]) -> None:
        kind = self.kind(cells)
        if kind == "data":
            self.data(line, cells)
        elif kind == "total":
            self.total(line, cells)
        else:
            self.skipped[kind] += 1

    def kind(self, cells: list[str]) -> str:
        filled = [c for c in cells if c]
        if not filled:
            return "baris kosong"
        labels = [cells[p] for p in self.label_positions if cells[p]]
        if any(is_total_label(t) or self.is_province(t) for t in labels):
            return "total"
        if any(DERIVED_LABEL.fullmatch(norm_key(t)) or "%" in t for t in labels):
            return "baris persentase atau rata-rata"
        if self.is_note(cells, filled):
            return "keterangan atau tanda tangan di luar tabel"
        if self.is_numbering(cells, filled):
            return "baris nomor kolom"
        if is_region_header(header_key(self.cell(cells, self.region))):
            return "judul kolom berulang"
        if not any(cells[c.position] for c in [*self.values, *self.totals]) and \
                not self.is_region(cells):
            return "baris tanpa angka dan tanpa nama wilayah"
        return "data"

    def cell(self, cells: list[str], column: Column | None) -> str:
        return cells[column.position] if column is not None else ""

    def names(self, cells: list[str]) -> tuple[str, str]:
        """(name, code) of a row's region; a code typed in the name column is a code."""
        name_text = without_footnote(self.cell(cells, self.region))
        code_text = self.cell(cells, self.code)
        if CODE_TEXT.fullmatch(name_text) and not code_text:
            return "", name_text
        return name_text, code_text

    def is_province(self, text: str) -> bool:
        match = self.ref.regions.match(None, text)
        return match.status == "ok" and match.value == PROVINCE_CODE

    def is_region(self, cells: list[str]) -> bool:
        name_text, code_text = self.names(cells)
        match = self.ref.regions.match(code_text or None, name_text or None)
        return match.status != "unknown"

    def is_note(self, cells: list[str], filled: list[str]) -> bool:
        """A note, source or signature line below (or beside) the table."""
        first = filled[0]
        key = norm_key(first)
        if first.startswith("*") or key.split(" ")[0] in NOTE_WORDS or \
                key.startswith("a n ") or PLACE_DATE.fullmatch(first):
            return True
        numeric = any(count_value(count_text(c, self.comma_thousands)) is not None
                      for c in filled)
        if len(filled) > 1 and len(set(filled)) == 1 and not numeric:
            return True  # one text merged across the sheet
        return not self.cell(cells, self.region) and not self.cell(cells, self.code) and \
            not numeric

    def is_numbering(self, cells: list[str], filled: list[str]) -> bool:
        """``1 2 3 …`` or ``(1) (2) (3) …`` under the header, numbering its columns."""
        if len(filled) < 3 or not NUMBERED.fullmatch(self.cell(cells, self.region)):
            return False
        found = [NUMBERED.fullmatch(c) for c in filled]
        if not all(found):
            return False
        numbers = [int(f.group(1)) for f in found if f]
        return numbers == list(range(numbers[0], numbers[0] + len(numbers)))

    def counts(self, line: int, cells: list[str]) -> Row:
        counts = {c.position: count_text(cells[c.position], self.comma_thousands)
                  for c in [*self.values, *self.totals]}
        label = self.cell(cells, self.region) or self.cell(cells, self.code) or \
            next((cells[p] for p in self.label_positions if cells[p]), "")
        return Row(line, label, counts, {p: count_value(t) for p, t in counts.items()},
                    {p for p in counts if cells[p]})

    def data(self, line: int, cells: list[str]) -> None:
        row = self.counts(line, cells)
        self.block.append(row)
        self.rows.append(row)
        self.check_row(row)
        name_text, code_text = self.names(cells)
        for column in self.values:
            if not is_blank_count(cells[column.position]):
                self.filled.add(column.position)
            record: dict[str, object] = {"_line": line, "tahun": self.row_year(column, cells),
                                         "kode_wilayah": code_text, "nama_wilayah": name_text,
                                         "jumlah": row.counts[column.position],
                                         "_column": column.position}
            for dimension in DIMENSIONS[1:]:
                record[dimension] = self.dimension(column, dimension)
            record["s_d_bulan"] = self.period[1] if "bulan" not in column.dims else ""
            self.records.append(record)

    def dimension(self, column: Column, dimension: str) -> str:
        if dimension == "bulan" and "bulan" not in column.dims:
            return self.period[0]
        return column.dims.get(dimension, "")

    def row_year(self, column: Column, cells: list[str]) -> str:
        if "tahun" in column.dims:
            return column.dims["tahun"]
        if self.year is not None:
            text = cells[self.year.position]
            if self.options.tahun is not None and text != str(self.options.tahun):
                self.year_differs = True
            return text
        return str(self.file_year) if self.file_year is not None else ""

    # --- sums ------------------------------------------------------------------------

    def check_row(self, row: Row) -> None:
        """Each JUMLAH column equals the sum of the value columns it covers."""
        for total in self.totals:
            given = row.values[total.position]
            if given is None or total.position not in row.given:
                continue
            for covered in self.covered(total):
                computed = _sum_if_complete([row.values[c.position] for c in covered])
                if computed is not None and computed != given:
                    self.problems.warn(
                        f"'{row.label}': jumlah {span(covered)} = {computed}, tetapi kolom "
                        f"'{total.title}' berisi {given}",
                        f"periksa angka baris ini; yang dimuat angka per kolom, kolom "
                        f"'{total.title}' tidak disimpan", line=row.line, column=total.title,
                        kind="rekap-jumlah-baris")

    def covered(self, total: Column) -> list[list[Column]]:
        """The value columns a total column adds up, one list per kind of breakdown."""
        groups: dict[frozenset[str], list[Column]] = {}
        for column in self.values:
            keys = frozenset(column.dims)
            if set(total.dims) < keys and \
                    all(column.dims.get(k) == v for k, v in total.dims.items()):
                groups.setdefault(keys, []).append(column)
        return list(groups.values())

    def total(self, line: int, cells: list[str]) -> None:
        """A JUMLAH row: each of its cells equals the sum of the regency rows above it."""
        row = self.counts(line, cells)
        self.skipped["baris JUMLAH/TOTAL (diperiksa, tidak disimpan)"] += 1
        rows = self.block or self.rows
        self.block = []
        if not rows:
            self.leading_totals.append(row)
            return
        self.check_column_sums(row, rows)

    def check_column_sums(self, row: Row, rows: list[Row]) -> None:
        for column in [*self.values, *self.totals]:
            text, given = row.counts[column.position], row.values[column.position]
            if column.position not in row.given:
                continue
            if given is None:
                self.problems.warn(f"baris '{row.label}' berisi '{text}', bukan angka; "
                                   "penjumlahan kolom ini tidak diperiksa",
                                   "tulis jumlah sebagai bilangan bulat", line=row.line,
                                   column=column.title, kind="rekap-jumlah-salah")
                continue
            computed = _sum_if_complete([r.values[column.position] for r in rows])
            if computed is not None and computed != given:
                self.problems.warn(
                    f"jumlah {len(rows)} baris wilayah di kolom ini = {computed}, tetapi "
                    f"baris '{row.label}' berisi {given}",
                    f"periksa angka kolom ini; yang dimuat angka per wilayah, baris "
                    f"'{row.label}' tidak disimpan", line=row.line, column=column.title,
                    kind="rekap-jumlah-kolom")

    # --- the result ------------------------------------------------------------------

    def finish(self) -> tuple[pd.DataFrame, list[str]]:
        for row in self.leading_totals:
            if self.rows:
                self.check_column_sums(row, self.rows)
        if self.year_differs:
            self.problems.warn(f"--tahun {self.options.tahun} tidak dipakai: tahun diambil dari "
                               f"kolom '{self.year.title if self.year else 'TAHUN'}'",
                               "hapus --tahun", line=self.table.header_line)
        notes: list[str] = []
        unfinished = self.unfinished_months()
        if unfinished:
            notes.append("kolom bulan yang belum berakhir dan masih kosong tidak dimuat: "
                         + ", ".join(c.title for c in unfinished))
        dropped = {c.position for c in unfinished}
        records = [r for r in self.records if r["_column"] not in dropped]
        return self.frame(records), notes

    def unfinished_months(self) -> list[Column]:
        """Month columns of the current year, not over yet, with nothing in them."""
        today = self.today
        found = []
        for column in self.values:
            year = column.dims.get("tahun") or (str(self.file_year) if self.file_year else "")
            month = column.dims.get("bulan")
            if month and year == str(today.year) and int(month) >= today.month and \
                    column.position not in self.filled:
                found.append(column)
        return found

    def frame(self, records: list[dict[str, object]]) -> pd.DataFrame:
        optional = ["kode_wilayah", *DIMENSIONS[1:], "s_d_bulan"]
        used = ["tahun", "nama_wilayah", "jumlah",
                *[c for c in optional if any(r[c] for r in records)]]
        frame = pd.DataFrame(records, columns=["_line", *used])
        frame["_line"] = frame["_line"].astype("int64")
        return frame.astype({c: str for c in used})


def without_footnote(name: str) -> str:
    """A regency name without the footnote marker after it: ``Kota Serang *)``, ``(*)``,
    ``**`` (written out rather than as a regular expression, which is slow on long cells)."""
    core = name[:-1] if name.endswith(")") else name
    stars = core.rstrip("*")
    if len(stars) == len(core):
        return name
    return stars.removesuffix("(").rstrip()


def span(columns: Sequence[Column]) -> str:
    """``'JAN'…'DES'``: the first and last title of ``columns`` (one title for one column)."""
    titles = [c.title for c in columns]
    return f"'{titles[0]}'" if len(titles) == 1 else f"'{titles[0]}'…'{titles[-1]}'"


def _sum_if_complete(parts: list[int | None]) -> int | None:
    """The sum of ``parts``, or None when one of them is not a number (then a total row or
    column cannot be checked)."""
    if any(part is None for part in parts):
        return None
    return sum(part for part in parts if part is not None)

