"""Spreadsheets (XLSX through openpyxl, old XLS through xlrd) as a source for any layout.

The first sheet is read, or the one named with ``--sheet``. Merged cells are filled with their
top-left value (so a merged header like ``BULAN`` over twelve month columns names each of
them); hidden rows are left out and counted; dates become ISO text (``2024-03-15``) and
whole-number cells plain integers, so the layouts see the same strings as from a CSV. A
workbook's bounds are checked before it is read (loaders/sheet_scan.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from domain.problems import LoadError, Problem
from loaders import limits
from loaders.sheet_scan import SheetLayout, SheetScan, check_parts, letters, scan_sheet
from loaders.source_file import PREVIEW_ROWS, SourceFile


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
    """The chosen sheet's cells as text. The workbook's parts are checked against the limits
    first (their unpacked sizes, then the sheet's XML, streamed: its declared dimension, every
    cell and merged range), so no cell is read from a sheet that would not fit; the values are
    then read in openpyxl's streaming (read-only) mode."""
    import openpyxl

    name = limits.clean_name(path.name)
    check_parts(path, name)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise LoadError([Problem(
            name, f"berkas XLSX tidak dapat dibuka ({type(exc).__name__})",
            "buka dan simpan ulang di spreadsheet, atau ekspor ke CSV")]) from None
    notes: list[str] = []
    try:
        sheet_name = _pick(book.sheetnames, wanted, name)
        sheet = book[sheet_name]
        layout = scan_sheet(path, name, getattr(sheet, "_worksheet_path", ""))
        sheet.reset_dimensions()  # read every row there is, whatever the dimension says
        grid = _values(sheet, name, layout)
    except LoadError:
        raise
    except Exception as exc:  # a damaged part found only while reading it
        raise LoadError([Problem(
            name, f"berkas XLSX tidak dapat dibaca ({type(exc).__name__})",
            "buka dan simpan ulang di spreadsheet, atau ekspor ke CSV")]) from None
    finally:
        book.close()
    for merged in layout.merged:
        min_row, min_col, max_row, max_col = merged
        top = grid[min_row - 1][min_col - 1]
        for r in range(min_row, max_row + 1):
            row = grid[r - 1]
            for c in range(min_col, max_col + 1):
                row[c - 1] = top
    if layout.uncached:
        first = layout.uncached[0]
        examples = ", ".join(layout.uncached[:5])
        raise LoadError([Problem(
            name,
            f"{layout.uncached_count} sel berisi rumus tanpa nilai tersimpan (mis. {examples})",
            "buka berkas di Excel atau LibreOffice lalu simpan ulang, agar nilai rumusnya ikut "
            "tersimpan",
            line=int("".join(ch for ch in first if ch.isdigit())),
            column="".join(ch for ch in first if ch.isalpha()),
        )])
    if len(book.sheetnames) > 1 and wanted is None:
        notes.append(f"lembar pertama '{limits.clean_name(sheet_name)}' dibaca (ada juga: "
                     f"{', '.join(limits.clean_name(n) for n in book.sheetnames[1:])}); pilih "
                     "dengan --sheet")
    return _visible(grid, layout.hidden, notes), limits.clean_name(sheet_name), notes


def _values(sheet: object, name: str, layout: SheetLayout) -> list[list[str]]:
    """Every row of the sheet as text, each as wide as the used area (as openpyxl's full mode
    gives them), so that merged ranges can be filled."""
    width = layout.columns
    grid: list[list[str]] = []
    rows = sheet.iter_rows(values_only=True)  # type: ignore[attr-defined]
    for number, row in enumerate(rows, start=1):
        if number > layout.rows:
            break
        cells = [cell_text(v) for v in row]
        for position, text in enumerate(cells):
            if len(text) > limits.MAX_CELL_CHARS:
                raise LoadError([Problem(
                    name, f"sel lebih panjang dari {limits.thousands(limits.MAX_CELL_CHARS)} "
                    "karakter", "periksa isi sel itu", line=number,
                    column=letters(position + 1))])
        grid.append(cells + [""] * (width - len(cells)))
    while len(grid) < layout.rows:
        grid.append([""] * width)
    return grid


def _read_xls(path: Path, wanted: str | None) -> tuple[list[tuple[int, list[str]]], str,
                                                        list[str]]:
    import xlrd

    name = limits.clean_name(path.name)
    try:
        # ragged rows: xlrd would otherwise pad every row to the widest one while opening
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True,
                                  ragged_rows=True)
    except Exception as exc:  # xlrd raises many kinds for a damaged file
        raise LoadError([Problem(name, f"berkas XLS tidak dapat dibuka ({type(exc).__name__})",
                                 "simpan ulang sebagai XLSX atau CSV")]) from None
    try:
        sheet_name = _pick(book.sheet_names(), wanted, name)
        try:
            sheet = book.sheet_by_name(sheet_name)
        except Exception as exc:  # a damaged sheet
            raise LoadError([Problem(name, f"lembar XLS tidak dapat dibaca "
                                     f"({type(exc).__name__})",
                                     "simpan ulang sebagai XLSX atau CSV")]) from None
        scan = SheetScan(name)
        merged_bounds = [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in sheet.merged_cells
                         if r1 > r0 and c1 > c0]
        for bounds in merged_bounds:
            scan.merge(f"{letters(bounds[1])}{bounds[0]}:{letters(bounds[3])}{bounds[2]}")
        width = max(sheet.ncols, max((b[3] for b in merged_bounds), default=0))
        height = max(sheet.nrows, max((b[2] for b in merged_bounds), default=0))
        if height * width > limits.MAX_SHEET_CELLS or width > limits.MAX_COLUMNS:
            scan.refuse(f"berisi {limits.thousands(height)} baris × {limits.thousands(width)} "
                        "kolom", line=height)
        grid: list[list[str]] = []
        for r in range(height):
            row = []
            for c in range(sheet.row_len(r) if r < sheet.nrows else 0):
                cell = sheet.cell(r, c)
                value: object = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        value = xlrd.xldate_as_datetime(cell.value, book.datemode)
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        value = cell.value
                elif cell.ctype == xlrd.XL_CELL_EMPTY:
                    value = None
                text = cell_text(value)
                if len(text) > limits.MAX_CELL_CHARS:
                    raise LoadError([Problem(
                        name, f"sel lebih panjang dari "
                        f"{limits.thousands(limits.MAX_CELL_CHARS)} karakter",
                        "periksa isi sel itu", line=r + 1, column=letters(c + 1))])
                row.append(text)
            grid.append(row + [""] * (width - len(row)))
        for min_row, min_col, max_row, max_col in merged_bounds:
            top = grid[min_row - 1][min_col - 1]
            for r in range(min_row, max_row + 1):
                for c in range(min_col, max_col + 1):
                    grid[r - 1][c - 1] = top
        hidden = {r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden}
    finally:
        book.release_resources()
    notes: list[str] = []
    return _visible(grid, hidden, notes), limits.clean_name(sheet_name), notes


def _visible(grid: list[list[str]], hidden: set[int],
             notes: list[str]) -> list[tuple[int, list[str]]]:
    rows = [(i, cells) for i, cells in enumerate(grid, start=1) if i not in hidden]
    skipped = len([i for i in hidden if i <= len(grid)])
    if skipped:
        notes.append(f"{skipped} baris tersembunyi di lembar kerja tidak dibaca")
    return rows
