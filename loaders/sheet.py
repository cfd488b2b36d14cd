"""Spreadsheets (XLSX through openpyxl, old XLS through xlrd) as a source for any layout.

The first sheet is read, or the one named with ``--sheet``. Merged cells are filled with their
top-left value (so a merged header like ``BULAN`` over twelve month columns names each of
them); hidden rows are left out and counted; dates become ISO text (``2024-03-15``) and
whole-number cells plain integers, so the layouts see the same strings as from a CSV.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.problems import LoadError, Problem
from loaders.source import PREVIEW_ROWS, SourceFile

#: Above this size openpyxl's full mode needs too much memory; read-only mode is used
#: (merged cells and hidden rows are then not seen, and the report says so).
FULL_MODE_LIMIT = 25 * 1024 * 1024


@dataclass
class SheetFile(SourceFile):
    sheet: str = ""
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    def frames(self, header_line: int, width: int,
               chunksize: int = 250_000) -> Iterator[pd.DataFrame]:
        body = [(line, cells) for line, cells in self.rows if line > header_line]
        for start in range(0, len(body), chunksize):
            part = body[start:start + chunksize]
            cells = [(c + [""] * width)[:width] for _, c in part]
            frame = pd.DataFrame(cells, columns=list(range(width)), dtype=object)
            frame.insert(0, "_line", [line for line, _ in part])
            yield frame


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def open_sheet(path: Path, sha256: str, sheet: str | None) -> SheetFile:
    if path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0":
        rows, name, notes = _read_xls(path, sheet)
    else:
        rows, name, notes = _read_xlsx(path, sheet)
    if not any(any(c for c in cells) for _, cells in rows):
        raise LoadError([Problem(path.name, f"lembar '{name}' kosong",
                                 "pilih lembar yang berisi data dengan --sheet NAMA")])
    preview = rows[:PREVIEW_ROWS]
    return SheetFile(path, sha256, preview, notes, sheet=name, rows=rows)


def _pick(names: list[str], wanted: str | None, file_name: str) -> str:
    if wanted is None:
        return names[0]
    if wanted in names:
        return wanted
    lowered = {n.lower().strip(): n for n in names}
    if wanted.lower().strip() in lowered:
        return lowered[wanted.lower().strip()]
    raise LoadError([Problem(file_name, f"lembar '{wanted}' tidak ada",
                             "lembar yang ada: " + ", ".join(names))])


def _read_xlsx(path: Path, wanted: str | None) -> tuple[list[tuple[int, list[str]]], str,
                                                         list[str]]:
    import openpyxl

    full = path.stat().st_size <= FULL_MODE_LIMIT
    try:
        book = openpyxl.load_workbook(path, read_only=not full, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise LoadError([Problem(
            path.name, f"berkas XLSX tidak dapat dibuka ({type(exc).__name__})",
            "buka dan simpan ulang di spreadsheet, atau ekspor ke CSV")]) from exc
    notes: list[str] = []
    try:
        name = _pick(book.sheetnames, wanted, path.name)
        sheet = book[name]
        grid = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        hidden: set[int] = set()
        if full:
            for merged in list(sheet.merged_cells.ranges):
                top = grid[merged.min_row - 1][merged.min_col - 1] \
                    if merged.min_row - 1 < len(grid) else ""
                for r in range(merged.min_row, merged.max_row + 1):
                    for c in range(merged.min_col, merged.max_col + 1):
                        if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                            grid[r - 1][c - 1] = top
            hidden = {r for r, dim in sheet.row_dimensions.items() if dim.hidden}
            _refuse_uncached_formulas(path, name, grid)
        else:
            notes.append("berkas besar dibaca dalam mode cepat: sel gabungan dan baris "
                         "tersembunyi tidak diperiksa")
    finally:
        book.close()
    if len(book.sheetnames) > 1 and wanted is None:
        notes.append(f"lembar pertama '{name}' dibaca (ada juga: "
                     f"{', '.join(book.sheetnames[1:])}); pilih dengan --sheet")
    return _visible(grid, hidden, notes), name, notes


def _refuse_uncached_formulas(path: Path, sheet_name: str, grid: list[list[str]]) -> None:
    """Formulas saved without their computed value (files written by some tools) read as
    empty cells, which a recap takes for zero: refuse them instead of storing wrong zeros."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=False, data_only=False)
    try:
        missing = [cell.coordinate for row in book[sheet_name].iter_rows() for cell in row
                   if cell.data_type == "f"
                   and (cell.row > len(grid) or cell.column > len(grid[cell.row - 1])
                        or grid[cell.row - 1][cell.column - 1] == "")]
    finally:
        book.close()
    if missing:
        first = missing[0]
        examples = ", ".join(missing[:5])
        raise LoadError([Problem(
            path.name,
            f"{len(missing)} sel berisi rumus tanpa nilai tersimpan (mis. {examples})",
            "buka berkas di Excel atau LibreOffice lalu simpan ulang, agar nilai rumusnya ikut "
            "tersimpan",
            line=int("".join(ch for ch in first if ch.isdigit())),
            column="".join(ch for ch in first if ch.isalpha()),
        )])


def _read_xls(path: Path, wanted: str | None) -> tuple[list[tuple[int, list[str]]], str,
                                                        list[str]]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except Exception as exc:  # xlrd raises many kinds for a damaged file
        raise LoadError([Problem(path.name, f"berkas XLS tidak dapat dibuka ({type(exc).__name__})",
                                 "simpan ulang sebagai XLSX atau CSV")]) from exc
    name = _pick(book.sheet_names(), wanted, path.name)
    sheet = book.sheet_by_name(name)
    grid: list[list[str]] = []
    for r in range(sheet.nrows):
        row = []
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            value: object = cell.value
            if cell.ctype == xlrd.XL_CELL_DATE:
                value = xlrd.xldate_as_datetime(cell.value, book.datemode)
            elif cell.ctype == xlrd.XL_CELL_EMPTY:
                value = None
            row.append(cell_text(value))
        grid.append(row)
    for r0, r1, c0, c1 in sheet.merged_cells:
        top = grid[r0][c0]
        for r in range(r0, r1):
            for c in range(c0, c1):
                grid[r][c] = top
    hidden = {r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden}
    notes: list[str] = []
    return _visible(grid, hidden, notes), name, notes


def _visible(grid: list[list[str]], hidden: set[int],
             notes: list[str]) -> list[tuple[int, list[str]]]:
    rows = [(i, cells) for i, cells in enumerate(grid, start=1) if i not in hidden]
    skipped = len([i for i in hidden if i <= len(grid)])
    if skipped:
        notes.append(f"{skipped} baris tersembunyi di lembar kerja tidak dibaca")
    return rows
