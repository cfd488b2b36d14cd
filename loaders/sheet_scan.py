"""The bounds of a workbook checked before it is read (loaders/sheet.py): the size of its
parts, and a streaming scan (expat, never a tree) of a sheet's XML that refuses a hostile
sheet as soon as the element that breaks a limit is seen — used area, cells, merged ranges,
hidden rows, formula cells without a cached value."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from domain.problems import LoadError, Problem
from loaders import limits


def check_parts(path: Path, name: str) -> None:
    """Refuse a workbook whose parts unpack to more than the limits (a few MB can unpack to
    gigabytes); the sizes come from the archive's directory and cannot be exceeded when read
    (the zip module stops at the stated size and then fails its checksum)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError([Problem(
            name, f"berkas XLSX tidak dapat dibuka ({type(exc).__name__})",
            "buka dan simpan ulang di spreadsheet, atau ekspor ke CSV")]) from None
    total = 0
    for part in parts:
        total += part.file_size
        limit = (limits.MAX_XLSX_STRINGS_BYTES if part.filename.endswith("sharedStrings.xml")
                 else limits.MAX_XLSX_PART_BYTES)
        if part.file_size > limit or total > limits.MAX_XLSX_TOTAL_BYTES:
            raise LoadError([Problem(
                name, f"isi berkas XLSX terlalu besar setelah dibuka ({part.filename}: "
                f"{limits.thousands(part.file_size)} byte)",
                "simpan lembar datanya saja sebagai berkas baru, atau ekspor ke CSV "
                "(lihat docs/data-format.md, \"Limits\")")])


@dataclass
class SheetLayout:
    """What the streaming scan of a sheet's XML found."""

    rows: int = 0  # the last row used (cells and merged ranges)
    columns: int = 0  # the last column used
    cells: int = 0
    hidden: set[int] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    uncached: list[str] = field(default_factory=list)  # the first formula cells without value
    uncached_count: int = 0


_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")


def _reference(text: str) -> tuple[int, int] | None:
    """``'XFD1048576'`` -> (1048576, 16384)."""
    found = _REF.fullmatch(text.strip())
    if found is None:
        return None
    column = 0
    for letter in found.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return int(found.group(2)), column


def _range(text: str) -> tuple[int, int, int, int] | None:
    first, _, last = text.partition(":")
    start, end = _reference(first), _reference(last or first)
    if start is None or end is None:
        return None
    return (min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]),
            max(start[1], end[1]))


class SheetScan:
    """Expat callbacks over a sheet's XML: each bound is checked as soon as the element that
    could break it is seen, so a hostile sheet is refused before it is read further."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.layout = SheetLayout()
        self.row = 0
        self.column = 0
        self.merged_area = 0
        self.in_cell = False
        self.formula = False
        self.value = False
        self.in_value = False
        self.cell_ref = ""

    def refuse(self, what: str, line: int | None = None, column: str | None = None) -> None:
        raise LoadError([Problem(
            self.name, f"lembar ini {what}",
            f"paling banyak {limits.thousands(limits.MAX_SHEET_ROWS)} baris, "
            f"{limits.thousands(limits.MAX_COLUMNS)} kolom dan "
            f"{limits.thousands(limits.MAX_SHEET_CELLS)} sel; hapus baris, kolom dan format "
            "kosong di luar tabel (atau salin tabelnya ke lembar baru), lalu simpan ulang",
            line=line, column=column)])

    def area(self, bounds: tuple[int, int, int, int], what: str) -> None:
        min_row, min_col, max_row, max_col = bounds
        if max_row > limits.MAX_SHEET_ROWS or max_col > limits.MAX_COLUMNS or \
                (max_row - min_row + 1) * (max_col - min_col + 1) > limits.MAX_SHEET_CELLS:
            self.refuse(f"{what} sampai baris {limits.thousands(max_row)}, kolom "
                        f"{letters(max_col)}", line=min_row, column=letters(min_col))

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = tag.rpartition("}")[2] if "}" in tag else tag.rpartition(":")[2]
        if tag == "c":
            self.cell(attrs)
        elif tag == "f" and self.in_cell:
            self.formula = True
        elif tag == "v" and self.in_cell:
            self.in_value = True
        elif tag == "row":
            self.start_row(attrs)
        elif tag == "dimension":
            bounds = _range(attrs.get("ref", ""))
            if bounds is not None:
                self.area(bounds, "menyatakan ukuran")
        elif tag == "mergeCell":
            self.merge(attrs.get("ref", ""))

    def start_row(self, attrs: dict[str, str]) -> None:
        number = attrs.get("r", "")
        self.row = int(number) if number.isdigit() and len(number) <= 8 else self.row + 1
        self.column = 0
        if attrs.get("hidden", "").lower() in {"1", "true"} and \
                self.row <= limits.MAX_SHEET_ROWS:  # a row without cells is not read
            self.layout.hidden.add(self.row)

    def cell(self, attrs: dict[str, str]) -> None:
        where = _reference(attrs.get("r", ""))
        if where is not None:
            row, self.column = where
        else:
            row, self.column = max(self.row, 1), self.column + 1
        layout = self.layout
        layout.cells += 1
        layout.rows = max(layout.rows, row)
        layout.columns = max(layout.columns, self.column)
        if row > limits.MAX_SHEET_ROWS or self.column > limits.MAX_COLUMNS:
            self.refuse(f"memakai sel {letters(self.column)}{row}", line=min(row, 10**9),
                        column=letters(self.column))
        if layout.cells > limits.MAX_SHEET_CELLS or \
                layout.rows * layout.columns > limits.MAX_SHEET_CELLS:
            self.refuse(f"berisi lebih dari {limits.thousands(limits.MAX_SHEET_CELLS)} sel",
                        line=row)
        self.in_cell, self.formula, self.value = True, False, False
        self.cell_ref = f"{letters(self.column)}{row}"

    def merge(self, ref: str) -> None:
        bounds = _range(ref)
        if bounds is None:
            return
        self.area(bounds, f"menggabungkan sel {limits.shown(ref, 30)}")
        min_row, min_col, max_row, max_col = bounds
        self.merged_area += (max_row - min_row + 1) * (max_col - min_col + 1)
        if self.merged_area > limits.MAX_SHEET_CELLS:
            self.refuse(f"menggabungkan lebih dari {limits.thousands(limits.MAX_SHEET_CELLS)} "
                        "sel", line=min_row)
        layout = self.layout
        layout.merged.append(bounds)
        layout.rows = max(layout.rows, max_row)
        layout.columns = max(layout.columns, max_col)
        if layout.rows * layout.columns > limits.MAX_SHEET_CELLS:
            self.refuse(f"berisi lebih dari {limits.thousands(limits.MAX_SHEET_CELLS)} sel",
                        line=min_row)

    def data(self, text: str) -> None:
        if self.in_value and text.strip():
            self.value = True

    def end(self, tag: str) -> None:
        tag = tag.rpartition("}")[2] if "}" in tag else tag.rpartition(":")[2]
        if tag == "v":
            self.in_value = False
        elif tag == "c" and self.in_cell:
            self.in_cell = False
            if self.formula and not self.value:
                self.layout.uncached_count += 1
                if len(self.layout.uncached) < 5:
                    self.layout.uncached.append(self.cell_ref)


def letters(column: int) -> str:
    """12 -> ``'L'``, 16384 -> ``'XFD'``."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def scan_sheet(path: Path, name: str, part: str) -> SheetLayout:
    """Stream the sheet's XML through expat (never a tree) and check it against the limits."""
    from xml.parsers import expat

    scan = SheetScan(name)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.data
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part.lstrip("/")) as stream:
            while block := stream.read(1 << 20):
                parser.Parse(block, False)
            parser.Parse(b"", True)
    except LoadError:
        raise
    except (expat.ExpatError, KeyError, zipfile.BadZipFile, OSError, ValueError,
            EOFError) as exc:
        raise LoadError([Problem(
            name, f"lembar XLSX rusak ({type(exc).__name__})",
            "buka dan simpan ulang di spreadsheet, atau ekspor ke CSV")]) from None
    return scan.layout
