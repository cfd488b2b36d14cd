"""Record-level exports: one row per departed worker, counted on load.

Files from the placement information system (SISKOP2MI and the like) or a regency office's own
spreadsheet::

    NO, NIK, NAMA LENGKAP, NO PASPOR, NO HP, ALAMAT, TEMPAT LAHIR, TANGGAL LAHIR, JENIS KELAMIN,
    KAB/KOTA ASAL, NEGARA TUJUAN, JABATAN, SKEMA PENEMPATAN, SEKTOR, TANGGAL BERANGKAT, P3MI, …

Each row becomes a raw fact of one person (``jumlah`` = 1) with ``tahun``/``bulan`` taken from
the departure date; the common checks then add them up per month × regency × scheme × sector ×
gender × country × occupation (``aggregate=True``). A blank cell means "not reported for that
person" (``EMPTY_UNREPORTED``). See docs/data-format.md, "records — record-level exports".

**Personal data never gets through.** Columns whose header names personal data
(``PERSONAL_HEADERS`` in loaders/layouts/record_headers.py) are never read: a text file is
read with ``TextFile.select``, which never turns the other columns into values, and from a
spreadsheet's rows only the kept columns are taken; personal values never reach a frame, a
note, a problem or an exception. A kept cell that looks like an identifier
(:func:`looks_like_identifier` in loaders/layouts/record_cells.py: a NIK, a passport or phone
number, an e-mail address) refuses its row with an error naming the line and the column but
not the value.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from domain.problems import LoadError, Problem, ProblemList
from loaders.layouts.base import EMPTY_UNREPORTED, RawFacts, ReadOptions, header_key
from loaders.layouts.record_cells import FUTURE, UNREADABLE, looks_like_identifier, parse_date
from loaders.layouts.record_headers import DATE, IGNORED_HEADERS, ROLE_TEXT, personal_kind, role_of
from loaders.source import SourceFile, TextFile

name = "records"
description = "Ekspor per orang (SISKOP2MI / dinas kabupaten-kota), dijumlahkan saat dimuat"

#: Above rekap (8), below kanonik and portal (10), which need a ``jumlah`` column anyway.
SCORE = 9
#: How many rows of the preview may stand above the header (a title block).
HEADER_SEARCH_ROWS = 30
#: Rows refused here (their problems are in the report) are counted under this reason.
REFUSED_ROWS = "baris ditolak (lihat GALAT)"

# --- the header ----------------------------------------------------------------------------


@dataclass
class Header:
    """The header row of a record export and what each of its columns is."""

    line: int
    cells: list[str]
    roles: dict[str, list[int]] = field(default_factory=dict)  # role -> positions
    personal: list[int] = field(default_factory=list)
    identifying: bool = False
    has_count: bool = False
    unknown: list[int] = field(default_factory=list)

    @property
    def has_region(self) -> bool:
        return bool(self.roles.get("kode_wilayah") or self.roles.get("nama_wilayah"))

    @property
    def is_records(self) -> bool:
        return (self.has_region and not self.has_count
                and (DATE in self.roles or self.identifying))


def parse_header(line: int, cells: list[str]) -> Header:
    header = Header(line, cells)
    for position, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        role = role_of(key)
        if key.startswith("jumlah"):
            header.has_count = True
        elif role is not None:
            header.roles.setdefault(role, []).append(position)
        elif key in IGNORED_HEADERS:
            continue
        elif (personal := personal_kind(key)) is not None:
            header.personal.append(position)
            header.identifying |= personal[1]
        else:
            header.unknown.append(position)
    return header


def find_header(src: SourceFile) -> Header | None:
    """The first row of the preview that is a record export's header (a title block may stand
    above it), or None."""
    for line, cells in src.preview[:HEADER_SEARCH_ROWS]:
        if not any(cells):
            continue
        header = parse_header(line, cells)
        if header.is_records:
            return header
    return None


def detect(src: SourceFile) -> int:
    return SCORE if find_header(src) is not None else 0


# --- reading -------------------------------------------------------------------------------


@dataclass
class _Column:
    role: str
    position: int
    header: str


class _Cells:
    """One kept column of a chunk as its distinct values (stripped) and, per row, which one it
    holds. The text of the rows is never copied or hashed again."""

    def __init__(self, column: pd.Series) -> None:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        ids: dict[str, int] = {}
        remap = [ids.setdefault(str(value).strip(), len(ids)) for value in uniques.tolist()]
        self.codes = np.array(remap, dtype="int64")[codes]
        self.values = list(ids)

    def per_row(self, flags: list[bool]) -> np.ndarray:
        """A flag per row from a flag per distinct value."""
        return np.array(flags, dtype=bool)[self.codes]

    def empty(self) -> np.ndarray:
        return self.per_row([value == "" for value in self.values])

    def text(self) -> pd.Categorical:
        """The column as a categorical of strings (what the common checks read)."""
        return _categorical(self.values, self.codes)

    def rows_text(self, rows: np.ndarray) -> list[str]:
        return [self.values[code] for code in self.codes[rows]]


def _categorical(values: list[str], codes: np.ndarray) -> pd.Categorical:
    """Text per row from text per value (``codes`` say which; values may repeat)."""
    ids: dict[str, int] = {}
    remap = np.array([ids.setdefault(value, len(ids)) for value in values], dtype="int64")
    categories = pd.Index(list(ids), dtype="str")
    return pd.Categorical.from_codes(remap[codes] if len(codes) else codes, categories)


class _RowChecks:
    """Checks on the kept cells of each chunk, each distinct value looked at once per file."""

    def __init__(self, problems: ProblemList, today: dt.date) -> None:
        self.problems = problems
        self.today = today
        self._identifier: dict[str, bool] = {}
        self._dates: dict[str, int] = {}

    def identifiers(self, cells: _Cells, lines: np.ndarray, column: _Column) -> np.ndarray:
        """Rows whose cell looks like personal data; each is reported without its value."""
        refused = cells.per_row([self._looks(value) for value in cells.values])
        for line in lines[refused]:
            self.problems.error(
                "isi sel tampak seperti data pribadi (NIK, nomor paspor, telepon atau e-mail); "
                "isinya tidak ditampilkan",
                f"kolom ini hanya untuk {ROLE_TEXT[column.role]}; hapus data pribadi dari kolom "
                "itu lalu muat ulang",
                line=int(line), column=column.header, kind="data-pribadi")
        return refused

    def _looks(self, value: str) -> bool:
        if value not in self._identifier:
            self._identifier[value] = looks_like_identifier(value)
        return self._identifier[value]

    def dates(self, cells: _Cells, lines: np.ndarray, column: _Column,
              skip: np.ndarray) -> tuple[pd.Categorical, pd.Categorical, np.ndarray]:
        """``tahun`` and ``bulan`` text per row, and the rows refused for their date. Rows in
        ``skip`` (blank, or refused for another cell) are not reported again."""
        month_keys = np.array([self._month_key(value) for value in cells.values], dtype="int64")
        key_codes, keys = pd.factorize(month_keys)
        rows = key_codes[cells.codes]
        missing = (keys[rows] == UNREADABLE) & ~skip
        future = (keys[rows] == FUTURE) & ~skip
        self._report_dates(cells, lines, column, missing, future)
        years = _categorical([str(k // 100) if k > 0 else "" for k in keys], rows)
        months = _categorical([str(k % 100) if k > 0 else "" for k in keys], rows)
        return years, months, missing | future

    def _month_key(self, value: str) -> int:
        """``yyyymm`` of a departure date, or UNREADABLE / FUTURE (cached per spelling)."""
        key = self._dates.get(value)
        if key is None:
            day = parse_date(value, self.today) if value else None
            key = (UNREADABLE if day is None else FUTURE if day > self.today
                   else day.year * 100 + day.month)
            self._dates[value] = key
        return key

    def _report_dates(self, cells: _Cells, lines: np.ndarray, column: _Column,
                      missing: np.ndarray, future: np.ndarray) -> None:
        for line, value in zip(lines[missing], cells.rows_text(missing), strict=True):
            if not value:
                self.problems.error("tanggal berangkat kosong",
                                    "isi tanggal keberangkatan, mis. 15/03/2024",
                                    line=int(line), column=column.header, kind="tanggal-kosong")
            elif self._looks(value):  # not quoted: it may be a NIK or a phone number
                self.problems.error(
                    "tanggal tidak dapat dibaca; isinya tampak seperti data pribadi dan tidak "
                    "ditampilkan", "isi tanggal keberangkatan, mis. 15/03/2024",
                    line=int(line), column=column.header, kind="tanggal-salah")
            else:
                self.problems.error(
                    f"tanggal '{value}' tidak dapat dibaca",
                    "tulis tanggal sebagai hh/bb/tttt (15/03/2024), tttt-bb-hh (2024-03-15), "
                    "nomor tanggal Excel, atau '15 Maret 2024'",
                    line=int(line), column=column.header, kind="tanggal-salah")
        for line, value in zip(lines[future], cells.rows_text(future), strict=True):
            self.problems.error(f"tanggal '{value}' ada di masa depan",
                                f"data hanya sampai hari ini ({self.today:%d/%m/%Y})",
                                line=int(line), column=column.header, kind="tanggal-depan")


def _kept_columns(header: Header, problems: ProblemList) -> list[_Column]:
    """One column per role (the first of each); the others are warned about and not read."""
    kept: list[_Column] = []
    for role, positions in header.roles.items():
        first, *others = positions
        kept.append(_Column(role, first, header.cells[first]))
        for position in others:
            problems.warn(f"kolom '{header.cells[position]}' diabaikan: "
                          f"{ROLE_TEXT[role]} sudah diambil dari kolom '{header.cells[first]}'",
                          "hapus salah satu kolom bila isinya berbeda", line=header.line,
                          column=header.cells[position])
    if DATE in header.roles:
        kept = [c for c in kept if c.role not in ("tahun", "bulan")]
    if not header.roles.get("kode_wilayah"):
        kept = [_Column("kode_wilayah", c.position, c.header) if c.role == "nama_wilayah" else c
                for c in kept]
    return kept


def _column_names(kept: list[_Column]) -> dict[str, str]:
    """Canonical column -> header shown in problems."""
    names = {c.role: c.header for c in kept if c.role != DATE}
    for column in kept:
        if column.role == DATE:
            names["tahun"] = names["bulan"] = column.header
    names.setdefault("nama_wilayah", names.get("kode_wilayah", "nama_wilayah"))
    return names


def read(src: SourceFile, options: ReadOptions, problems: ProblemList) -> RawFacts:
    header = find_header(src)
    if header is None:
        raise LoadError([Problem(src.name, "judul kolom ekspor per orang tidak ditemukan",
                                 "baris judul harus memuat kolom kabupaten/kota dan tanggal "
                                 "berangkat")])
    kept = _kept_columns(header, problems)
    roles = {c.role for c in kept}
    if DATE not in roles and "tahun" not in roles:
        raise LoadError([Problem(
            src.name, "tidak ada kolom tanggal berangkat",
            "tambahkan kolom TANGGAL BERANGKAT (mis. 15/03/2024), atau kolom TAHUN dan BULAN",
            line=header.line)])
    for position in header.unknown:
        problems.warn(f"kolom '{header.cells[position]}' tidak dikenal dan tidak dibaca",
                      "lihat docs/data-format.md untuk kolom yang diterima",
                      line=header.line, column=header.cells[position])
    facts = RawFacts(frames=[], columns=_column_names(kept), empty_means=EMPTY_UNREPORTED,
                     aggregate=True)
    if header.personal:
        facts.notes.append("kolom data pribadi tidak dibaca dan tidak disimpan: "
                           + ", ".join(header.cells[p] for p in header.personal))
    checks = _RowChecks(problems, dt.date.today())
    facts.frames = _frames(src, header, kept, checks, facts.skipped)
    return facts


def _source_chunks(src: SourceFile, header: Header,
                   positions: list[int]) -> Iterator[pd.DataFrame]:
    """The kept columns of each chunk, and nothing else."""
    width = len(header.cells)
    if isinstance(src, TextFile):
        yield from src.select(header.line, width, positions)
        return
    for frame in src.frames(header.line, width):
        yield frame[["_line", *positions]]


def _frames(src: SourceFile, header: Header, kept: list[_Column], checks: _RowChecks,
            skipped: Counter[str]) -> Iterator[pd.DataFrame]:
    positions = sorted({c.position for c in kept})
    for chunk in _source_chunks(src, header, positions):
        yield _facts(chunk, kept, checks, skipped)


def _facts(chunk: pd.DataFrame, kept: list[_Column], checks: _RowChecks,
           skipped: Counter[str]) -> pd.DataFrame:
    """Raw facts of one chunk: one person per row, ``jumlah`` 1."""
    lines = chunk["_line"].to_numpy()
    cells = {c.role: _Cells(chunk[c.position]) for c in kept}
    blank = np.logical_and.reduce([c.empty() for c in cells.values()])
    refused = np.zeros(len(chunk), dtype=bool)
    for column in kept:
        if column.role != DATE:  # an unreadable date is refused below, without its value
            refused |= checks.identifiers(cells[column.role], lines, column)
    columns: dict[str, object] = {"_line": lines}
    date = next((c for c in kept if c.role == DATE), None)
    if date is not None:
        columns["tahun"], columns["bulan"], bad = checks.dates(cells.pop(DATE), lines, date,
                                                               blank | refused)
        refused |= bad
    columns.update({role: c.text() for role, c in cells.items()})
    columns["jumlah"] = _categorical(["1"], np.zeros(len(chunk), dtype="int64"))
    out = pd.DataFrame(columns, index=chunk.index)
    _count(skipped, "baris kosong", blank)
    _count(skipped, REFUSED_ROWS, refused & ~blank)
    keep = ~blank & ~refused
    return out if keep.all() else out[keep]


def _count(skipped: Counter[str], reason: str, rows: np.ndarray) -> None:
    count = int(rows.sum())
    if count:
        skipped[reason] += count
