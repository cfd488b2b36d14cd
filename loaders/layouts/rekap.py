"""Recap sheets (*rekap*) as officials type them in Excel: one row per kabupaten/kota, one
column per month, scheme, sector or sex, a JUMLAH column and a JUMLAH row.

```
REKAPITULASI PENEMPATAN PMI ASAL PROVINSI BANTEN
TAHUN 2024
Sumber: BP3MI Banten
NO;KABUPATEN/KOTA;JAN;FEB;…;DES;JUMLAH
1;Kab. Pandeglang;60;55;…;794
;JUMLAH;…;3.567
```

Reading rules (docs/data-format.md, "rekap — recap sheets"):

- the header is the first row with a regency column (``KABUPATEN/KOTA``, ``KAB/KOTA``,
  ``WILAYAH``, ``DAERAH ASAL`` …) and at least two value columns, on that row or on the row
  below it (a group label such as a merged ``BULAN`` or ``SKEMA`` over the value labels);
- a value column is a month (``JAN``, ``Januari``, ``Jan-24``, ``Jan 2024``, a spreadsheet date,
  ``01``…``12`` under ``BULAN``), a year (``2024``), or a scheme, sector or sex known to the
  reference vocabularies; labels on two header rows combine (months over ``L``/``P``);
- ``NO`` is ignored; ``JUMLAH``/``TOTAL`` columns and rows are checked, never stored: a row
  whose cells do not add up to its JUMLAH, or a column whose regency rows do not add up to the
  JUMLAH row, gives a warning naming both numbers;
- numbers: ``1.234`` and ``12.345`` are thousands; ``12,0`` is 12 and ``12,5`` is left for the
  common checks to refuse; an empty cell, ``-`` or ``–`` is 0; in a comma-delimited file a
  (quoted) ``1,234`` — groups of exactly three digits after each comma — is 1234;
- the year comes from a ``TAHUN`` column or year-bearing column labels, else from ``--tahun``,
  else from the title lines (``TAHUN 2024``, ``Periode Januari – Desember 2024``); ``--tahun``
  wins over the title with a warning;
- blank rows, notes and signature blocks below the table, and rows without any figure whose
  name is not a region, are skipped and counted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from domain.problems import LoadError, Problem, ProblemList
from domain.reference import PROVINCE_CODE, norm_key, reference
from loaders.layouts.base import RawFacts, ReadOptions, header_key
from loaders.limits import MAX_REKAP_ROWS, thousands
from loaders.source import SourceFile, TextFile

name = "rekap"
description = "Rekap kabupaten/kota × bulan, skema, sektor atau jenis kelamin (tabel Excel)"

#: Below kanonik and portal (10): they keep winning on their own files.
SCORE = 8
MIN_VALUE_COLUMNS = 2
#: Extra columns read beyond the widest preview row (a signature far to the right).
WIDTH_MARGIN = 16
#: Dimensions a value column can carry, in output order (``tahun`` comes from a year label).
DIMENSIONS: tuple[str, ...] = ("tahun", "bulan", "skema", "sektor", "jenis_kelamin")
VOCABULARY_DIMENSIONS: tuple[str, ...] = ("skema", "sektor", "jenis_kelamin")

NO_KEYS = frozenset({"no", "no_urut", "nomor", "nomor_urut", "nmr", "urut"})
YEAR_KEYS = frozenset({"tahun", "thn", "th", "tahun_penempatan"})
CODE_KEYS = frozenset({"kode", "kode_wilayah", "kode_kab_kota", "kode_kabupaten_kota",
                       "kode_kabupaten", "kode_bps", "kode_wil", "kd_wil", "kode_daerah"})
REGION_KEYS = frozenset({"kabupaten_kota", "kab_kota", "kota_kabupaten", "kota_kab", "kabkota",
                         "kab_kot", "kabupaten_dan_kota", "kab_dan_kota", "kabupaten", "kab",
                         "kota", "wilayah", "daerah", "asal_daerah", "daerah_asal",
                         "kabupaten_kotamadya", "kab_kodya"})
#: Words around a regency header that do not change its meaning (``Nama Kab/Kota Asal PMI``).
REGION_EXTRA_WORDS = frozenset({"nama", "asal", "pmi", "cpmi", "domisili"})
GROUP_KEYS: dict[str, str] = {
    "bulan": "bulan", "bulan_penempatan": "bulan", "periode": "bulan",
    "skema": "skema", "skema_penempatan": "skema", "jenis_skema": "skema",
    "sektor": "sektor", "sektor_penempatan": "sektor", "sektor_pekerjaan": "sektor",
    "jenis_kelamin": "jenis_kelamin", "gender": "jenis_kelamin", "jk": "jenis_kelamin",
}
TOTAL_LABEL = re.compile(r"(grand |sub ?)?(jumlah|jml|total)( [a-z0-9 ]{0,30})?|l p|lp")
NOTE_WORDS = frozenset({"keterangan", "ket", "catatan", "sumber", "source", "note", "notes",
                        "ttd", "mengetahui", "nip", "kepala", "an", "plt", "plh", "dicetak",
                        "diolah"})
#: Rows derived from the table (a share, an average): neither checked nor stored.
DERIVED_LABEL = re.compile(r"(persentase|prosentase|proporsi|rata rata|rerata|average)\b.*")
PLACE_DATE = re.compile(r"[^\d,]+,\s*\d{1,2}[\s\-/.]+\w+[\s\-/.]+\d{2,4}")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
YEAR_LABEL = re.compile(r"(?:tahun_|thn_|th_)?((?:19|20)\d{2})")
ISO_MONTH = re.compile(r"((?:19|20)\d{2})-(\d{2})(?:-\d{2})?")
MONTH_WITH_YEAR = re.compile(r"([a-z]+)\.?[\s\-/'’]*((?:19|20)?\d{2})")
NUMBERED = re.compile(r"\(?(\d{1,3})\)?")
DASHES = frozenset("-–—−")
DIGITS = re.compile(r"[0-9]+")
#: Characters of a title line looked at for the year, period and source (a title is short; a
#: long one would make the year search slow).
TITLE_CHARS = 1_000
CODE_TEXT = re.compile(r"\d{2}(?:[.\s-]?\d{2})?(?:\.0+)?")


# --- header labels -----------------------------------------------------------------------


@cache
def month_names() -> dict[str, int]:
    """Month spellings -> number (the common checks' list; imported late: validate.py imports
    the layouts' base module)."""
    from loaders.validate import MONTH_NAMES

    return dict(MONTH_NAMES)


@dataclass(frozen=True)
class Label:
    """What one header cell says."""

    kind: str  # empty | no | year | code | region | group | total | value | unknown
    dims: tuple[tuple[str, str], ...] = ()
    group: str = ""


def is_region_header(key: str) -> bool:
    """``kabupaten_kota``, ``nama_kab_kota_asal_pmi``, ``daerah_asal`` … (a header_key)."""
    words = [w for w in key.split("_") if w not in REGION_EXTRA_WORDS]
    return "_".join(words) in REGION_KEYS or key in REGION_KEYS


def is_total_label(text: str) -> bool:
    return bool(TOTAL_LABEL.fullmatch(norm_key(text)))


def month_label(text: str, numbered: bool = False) -> tuple[int, int | None] | None:
    """(month, year or None) of a month header: ``JAN``, ``Januari 2024``, ``Jan-24``,
    ``2024-01-01`` (a spreadsheet date), and ``01``…``12`` when ``numbered``."""
    value = text.strip().lower()
    names = month_names()
    found = ISO_MONTH.fullmatch(value)
    if found:
        month = int(found.group(2))
        return (month, int(found.group(1))) if 1 <= month <= 12 else None
    if value.rstrip(".") in names:
        return names[value.rstrip(".")], None
    found = MONTH_WITH_YEAR.fullmatch(value)
    if found and found.group(1) in names:
        year = int(found.group(2))
        return names[found.group(1)], year + 2000 if year < 100 else year
    if numbered and DIGITS.fullmatch(value) and len(value) <= 2 and 1 <= int(value) <= 12:
        return int(value), None
    return None


def classify(text: str, numbered_months: bool = False) -> Label:
    """The meaning of a header cell."""
    key = header_key(text)
    if not key:
        return Label("empty")
    if is_total_label(text):
        return Label("total")
    for keys, kind in ((NO_KEYS, "no"), (YEAR_KEYS, "year"), (CODE_KEYS, "code")):
        if key in keys:
            return Label(kind)
    if is_region_header(key):
        return Label("region")
    if key in GROUP_KEYS:
        return Label("group", group=GROUP_KEYS[key])
    year = YEAR_LABEL.fullmatch(key)
    if year:
        return Label("value", (("tahun", year.group(1)),))
    month = month_label(text, numbered_months)
    if month:
        dims = (("bulan", str(month[0])),)
        return Label("value", dims + ((("tahun", str(month[1])),) if month[1] else ()))
    vocab = reference().vocab
    for dimension in VOCABULARY_DIMENSIONS:
        if vocab[dimension].match(text).status == "ok":
            return Label("value", ((dimension, text.strip()),))
    return Label("unknown")


# --- the table's header --------------------------------------------------------------------


@dataclass
class Column:
    position: int
    kind: str  # value | total | region | code | year | no | unknown | ignored
    title: str
    dims: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    header_line: int
    last_header_line: int
    columns: list[Column]
    titles: list[tuple[int, str]]
    width: int

    def of_kind(self, kind: str) -> list[Column]:
        return [c for c in self.columns if c.kind == kind]

    def first(self, kind: str) -> Column | None:
        found = self.of_kind(kind)
        return found[0] if found else None


def _combine(position: int, upper: str, lower: str) -> Column:
    """One column from its header cell and, in a two-row header, the cell below it."""
    up = classify(upper)
    if not lower:
        kind = {"group": "ignored", "empty": "ignored"}.get(up.kind, up.kind)
        return Column(position, kind, upper, dict(up.dims))
    numbered = (up.kind == "group" and up.group == "bulan") or \
        (up.kind == "value" and [d for d, _ in up.dims] == ["tahun"])
    low = classify(lower, numbered)
    outer = dict(up.dims) if up.kind == "value" else {}
    title = f"{upper} {lower}" if outer else lower
    if low.kind in {"no", "year", "region", "code"}:
        return Column(position, low.kind, lower)
    if low.kind == "total":
        return Column(position, "total", title, outer)
    if low.kind == "value":
        kind = "total" if up.kind == "total" else "value"
        return Column(position, kind, title, outer | dict(low.dims))
    return Column(position, "ignored" if low.kind in {"empty", "group"} else "unknown", lower)


def _fill_groups(upper: Sequence[str], lower: Sequence[str], width: int) -> list[str]:
    """Spread a group label (a merged ``BULAN`` exported to CSV as one cell) to the right over
    the empty cells that have a label below them."""
    filled = [*upper, *[""] * (width - len(upper))]
    for position in range(1, width):
        below = lower[position] if position < len(lower) else ""
        if not filled[position] and below and \
                classify(filled[position - 1]).kind in {"group", "value", "total", "unknown"}:
            filled[position] = filled[position - 1]
    return filled


def header_columns(upper: Sequence[str], lower: Sequence[str] | None) -> list[Column]:
    width = max(len(upper), len(lower or ()))
    if lower is None:
        columns = [_combine(p, upper[p] if p < len(upper) else "", "") for p in range(width)]
    else:
        uppers = _fill_groups(upper, lower, width)
        columns = [_combine(p, uppers[p], lower[p] if p < len(lower) else "")
                   for p in range(width)]
    if not any(c.kind == "value" for c in columns):
        # "JUMLAH PENEMPATAN" merged over the months is a caption, not a total
        for column in columns:
            if column.kind == "total" and column.dims:
                column.kind = "value"
    return columns


def _is_sub_header(upper: Sequence[str], lower: Sequence[str]) -> bool:
    """Whether ``lower`` holds the value labels of a two-row header."""
    region = next(p for p, c in enumerate(upper) if is_region_header(header_key(c)))
    below = lower[region] if region < len(lower) else ""
    if below and not is_region_header(header_key(below)):
        return False
    width = max(len(upper), len(lower))
    uppers = _fill_groups(upper, lower, width)
    labelled = [c for c in header_columns(upper, lower)
                if c.kind == "value" and c.position < len(lower) and lower[c.position]
                and classify(lower[c.position], _numbered(uppers[c.position])).kind == "value"]
    return len(labelled) >= MIN_VALUE_COLUMNS


def _numbered(upper: str) -> bool:
    label = classify(upper)
    return (label.kind == "group" and label.group == "bulan") or \
        (label.kind == "value" and [d for d, _ in label.dims] == ["tahun"])


def _title_text(cells: Iterable[str]) -> str:
    """A title line (its first TITLE_CHARS characters); a title merged across the sheet's
    columns counts once."""
    return " ".join(dict.fromkeys(c for c in cells if c))[:TITLE_CHARS]


def find_table(preview: Sequence[tuple[int, list[str]]]) -> Table | None:
    """The recap header in ``preview``: the first row with a regency column and at least two
    value columns (on the row itself or on the row below)."""
    width = max((len(cells) for _, cells in preview), default=0) + WIDTH_MARGIN
    for index, (line, cells) in enumerate(preview):
        if not any(is_region_header(header_key(c)) for c in cells):
            continue
        last_line, columns = line, header_columns(cells, None)
        if index + 1 < len(preview) and _is_sub_header(cells, preview[index + 1][1]):
            last_line = preview[index + 1][0]
            columns = header_columns(cells, preview[index + 1][1])
        if sum(c.kind == "value" for c in columns) >= MIN_VALUE_COLUMNS:
            titles = [(n, _title_text(c)) for n, c in preview[:index]]
            return Table(line, last_line, columns, [(n, t) for n, t in titles if t], width)
    return None


def detect(src: SourceFile) -> int:
    return SCORE if find_table(src.preview) else 0


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


# --- title lines ---------------------------------------------------------------------------


def _is_source_line(text: str) -> bool:
    return norm_key(text).startswith(("sumber", "source"))


def source_note(titles: Sequence[tuple[int, str]]) -> str | None:
    for _, text in titles:
        if _is_source_line(text):
            rest = re.sub(r"^\W*(sumber|source)\s*(data)?\s*[:\-–]?\s*", "", text, flags=re.I)
            return rest.strip() or None
    return None


def _month_pattern() -> str:
    return "|".join(sorted(month_names(), key=len, reverse=True))


def title_years(titles: Sequence[tuple[int, str]]) -> dict[int, int]:
    """Years the title lines state -> line. A year after ``tahun``, ``periode``, ``s.d.`` or
    a month name is preferred over a bare one; the ``Sumber`` line is not looked at."""
    strong: dict[int, int] = {}
    weak: dict[int, int] = {}
    before = re.compile(rf"\b(tahun|thn|th|periode|s\.?\s?d|s/d|sampai|hingga|"
                        rf"{_month_pattern()})\W*$", re.I)
    for line, text in titles:
        if _is_source_line(text):
            continue
        for found in YEAR.finditer(text):
            target = strong if before.search(text[:found.start()]) else weak
            target.setdefault(int(found.group(1)), line)
    return strong or weak


def title_period(titles: Sequence[tuple[int, str]]) -> tuple[int, int, int] | None:
    """(first month, last month, line) of the period the title states: ``Januari – Juni``,
    ``s.d. Juni``, ``per 30 Juni`` (from January), or one month ``Bulan Maret 2024``."""
    months = _month_pattern()
    connector = r"(?:-|–|—|s\.?\s?d\.?|s/d|sampai dengan|sampai|hingga)"
    ranged = re.compile(rf"\b({months})\b\.?\s*(?:(?:19|20)\d{{2}})?\s*{connector}\s*"
                        rf"(?:bulan\s+)?({months})\b", re.I)
    until = re.compile(rf"(?:{connector}|\bper)\s+(?:bulan\s+)?(?:\d{{1,2}}\s+)?({months})\b",
                       re.I)
    single = re.compile(rf"\b({months})\b\.?\s+(?:19|20)\d{{2}}", re.I)
    names = month_names()
    for line, text in titles:
        if _is_source_line(text):
            continue
        found = ranged.search(text)
        if found:
            return names[found.group(1).lower()], names[found.group(2).lower()], line
        found = until.search(text)
        if found:
            return 1, names[found.group(1).lower()], line
        found = single.search(text)
        if found:
            month = names[found.group(1).lower()]
            return month, month, line
    return None


# --- reading -------------------------------------------------------------------------------


def _check_header(table: Table, problems: ProblemList) -> None:
    line = table.header_line
    for column in table.of_kind("unknown"):
        problems.warn(f"kolom '{column.title}' tidak dikenal dan diabaikan",
                      "kolom angka yang diterima: bulan, tahun, skema, sektor, jenis kelamin, "
                      "JUMLAH/TOTAL", line=line, column=column.title)
    for kind in ("region", "code", "year"):
        for column in table.of_kind(kind)[1:]:
            problems.warn(f"kolom '{column.title}' muncul lagi dan diabaikan",
                          "hapus kolom yang berulang", line=line, column=column.title)
            column.kind = "ignored"
    seen: dict[tuple[tuple[str, str], ...], Column] = {}
    for column in table.of_kind("value"):
        key = tuple(sorted(column.dims.items()))
        if key in seen:
            problems.error(f"kolom '{column.title}' dan '{seen[key].title}' berisi angka yang "
                           "sama (judul kolomnya bermakna sama)", "hapus salah satu kolom",
                           line=table.last_header_line, column=column.title)
        seen.setdefault(key, column)


def _file_year(table: Table, options: ReadOptions, problems: ProblemList) -> int | None:
    """The year of columns that do not carry one; None when every figure has its own."""
    values = table.of_kind("value")
    labelled = sorted({int(c.dims["tahun"]) for c in values if "tahun" in c.dims})
    titled = title_years(table.titles)
    needed = table.first("year") is None and any("tahun" not in c.dims for c in values)
    if not needed:
        if labelled and titled and not set(titled) & set(labelled):
            problems.warn(f"judul menyebut tahun {_years(titled)}, judul kolom tahun "
                          f"{_years(labelled)}; yang dipakai tahun pada judul kolom",
                          "periksa judul tabel", line=min(titled.values()))
        if options.tahun is not None and labelled and set(labelled) != {options.tahun}:
            problems.warn(f"--tahun {options.tahun} tidak dipakai: tahun diambil dari judul "
                          f"kolom ({_years(labelled)})", "hapus --tahun",
                          line=table.last_header_line)
        return None
    if options.tahun is not None:
        if titled and options.tahun not in titled:
            problems.warn(f"judul menyebut tahun {_years(titled)}, tetapi --tahun "
                          f"{options.tahun} yang dipakai",
                          "pastikan --tahun benar, atau perbaiki judul tabel",
                          line=min(titled.values()))
        return options.tahun
    if len(titled) == 1:
        return next(iter(titled))
    if titled:
        problems.error(f"judul menyebut lebih dari satu tahun: {_years(titled)}",
                       "sebutkan tahun data dengan --tahun, mis. --tahun "
                       f"{max(titled)}", line=min(titled.values()))
    else:
        problems.error("tahun data tidak ditemukan: tidak ada kolom TAHUN, dan judul tabel "
                       "tidak menyebut tahun",
                       "tambahkan --tahun, mis. --tahun 2024, atau tulis 'TAHUN 2024' di baris "
                       "judul", line=table.header_line)
    return None


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


def _period(table: Table, problems: ProblemList) -> tuple[str, str]:
    """(bulan, s_d_bulan) for value columns without a month, from the title."""
    if all("bulan" in c.dims for c in table.of_kind("value")):
        return "", ""
    period = title_period(table.titles)
    if period is None:
        return "", ""
    first, last, line = period
    if first == last:
        return str(first), ""
    if first != 1 or last < first:
        problems.error(f"judul menyebut periode bulan {first}–{last}; tabel tanpa kolom bulan "
                       "hanya bisa dimuat untuk satu bulan atau untuk Januari s.d. bulan "
                       "tertentu", "muat tabel per bulan, atau tabel Januari s.d. bulan "
                       "terakhir", line=line)
        return "", ""
    return "", str(last)


@dataclass
class _Row:
    line: int
    label: str
    counts: dict[int, str]  # value/total column position -> count text
    values: dict[int, int | None]  # the same, as integers where they are whole numbers
    given: set[int]  # positions whose cell is not empty


class _Reader:
    """Sorts the rows below the header, checks the sums, and collects the raw facts."""

    def __init__(self, table: Table, problems: ProblemList, file_year: int | None,
                 period: tuple[str, str], options: ReadOptions, comma_thousands: bool) -> None:
        self.table = table
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
        self.block: list[_Row] = []
        self.rows: list[_Row] = []
        self.leading_totals: list[_Row] = []
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

    def counts(self, line: int, cells: list[str]) -> _Row:
        counts = {c.position: count_text(cells[c.position], self.comma_thousands)
                  for c in [*self.values, *self.totals]}
        label = self.cell(cells, self.region) or self.cell(cells, self.code) or \
            next((cells[p] for p in self.label_positions if cells[p]), "")
        return _Row(line, label, counts, {p: count_value(t) for p, t in counts.items()},
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

    def check_row(self, row: _Row) -> None:
        """Each JUMLAH column equals the sum of the value columns it covers."""
        for total in self.totals:
            given = row.values[total.position]
            if given is None or total.position not in row.given:
                continue
            for covered in self.covered(total):
                computed = _sum_if_complete([row.values[c.position] for c in covered])
                if computed is not None and computed != given:
                    self.problems.warn(
                        f"'{row.label}': jumlah {_span(covered)} = {computed}, tetapi kolom "
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

    def check_column_sums(self, row: _Row, rows: list[_Row]) -> None:
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
        today = today_date()
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


def _span(columns: Sequence[Column]) -> str:
    titles = [c.title for c in columns]
    return f"'{titles[0]}'" if len(titles) == 1 else f"'{titles[0]}'…'{titles[-1]}'"


def _rows(src: SourceFile, table: Table) -> Iterable[tuple[int, list[str]]]:
    for frame in src.frames(table.header_line, table.width):
        frame = frame[frame["_line"] > table.last_header_line]
        for values in frame.itertuples(index=False, name=None):
            line, *cells = values
            yield int(line), [str(c).strip() for c in cells]


def read(src: SourceFile, options: ReadOptions, problems: ProblemList) -> RawFacts:
    table = find_table(src.preview)
    if table is None:  # read is only called after detect; stay safe anyway
        problems.error("judul kolom tabel rekap tidak ditemukan",
                       "baris judul kolom harus memuat KABUPATEN/KOTA dan kolom bulan, skema, "
                       "sektor atau jenis kelamin", line=src.preview[src.header_index()][0])
        raise LoadError(problems.items)
    _check_header(table, problems)
    file_year = _file_year(table, options, problems)
    period = _period(table, problems)
    problems.raise_if_errors()
    comma = isinstance(src, TextFile) and src.delimiter == ","
    reader = _Reader(table, problems, file_year, period, options, comma)
    for count, (line, cells) in enumerate(_rows(src, table), start=1):
        if count > MAX_REKAP_ROWS:
            raise LoadError([Problem(
                src.name, f"tabel rekap ini lebih dari {thousands(MAX_REKAP_ROWS)} baris",
                "rekap berisi satu baris per kabupaten/kota; muat data per baris dengan tata "
                "letak kanonik, atau pecah berkasnya (lihat docs/data-format.md, \"Limits\")",
                line=line)])
        reader.read(line, cells)
    frame, notes = reader.finish()
    source = source_note(table.titles)
    if source:
        notes.insert(0, f"sumber dari judul: {source}")
    return RawFacts(frames=[frame], columns=_column_names(table, options, file_year),
                    skipped=reader.skipped, notes=notes)


def _column_names(table: Table, options: ReadOptions, file_year: int | None) -> dict[str, str]:
    """Names the common checks use in their messages."""
    values = table.of_kind("value")
    names = {"jumlah": _span(values).replace("'", ""), "bulan": "judul kolom bulan"}
    region, code, year = table.first("region"), table.first("code"), table.first("year")
    if region is not None:
        names["nama_wilayah"] = region.title
    if code is not None:
        names["kode_wilayah"] = code.title
    if year is not None:
        names["tahun"] = year.title
    elif file_year is not None:
        names["tahun"] = "--tahun" if options.tahun == file_year else "tahun di judul"
    for dimension in VOCABULARY_DIMENSIONS:
        names[dimension] = f"judul kolom {dimension.replace('_', ' ')}"
    return names


def today_date() -> dt.date:
    """Today (a function, so that tests can fix the date)."""
    return dt.date.today()


def _sum_if_complete(parts: list[int | None]) -> int | None:
    """The sum of ``parts``, or None when one of them is not a number (then a total row or
    column cannot be checked)."""
    if any(part is None for part in parts):
        return None
    return sum(part for part in parts if part is not None)
