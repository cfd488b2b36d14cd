"""Opening an input file: content hash, encoding, delimiter, a preview for layout detection,
and the rows below a header as string data frames with their line numbers.

Nothing here interprets the cells; the layouts do that. ``SourceFile``, the base class of a
text file and of a spreadsheet, is in loaders/source_file.py (and still importable from here);
the streaming of a CSV's rows (a background reader, Arrow's reader for chosen columns) is in
loaders/csv_stream.py.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from domain.checksum import sha256_of
from domain.problems import LoadError, Problem
from loaders import limits
from loaders.csv_stream import RowRepair, arrow_batches, prefetched, refuse_long_arrow_cells
from loaders.source_file import PREVIEW_ROWS, SourceFile

#: What ends a line for the CSV parsers (pandas, Arrow, the csv module): CR LF, CR or LF.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

#: Cells a row may have beyond its header (trailing separators are common in exports).
EXTRA_CELLS = 16
DELIMITERS = (",", ";", "\t", "|")
_BINARY_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"\x1f\x8b": "GZIP",
}


@dataclass
class TextFile(SourceFile):
    """A delimited text file (CSV, semicolon-separated, TSV)."""

    encoding: str = "utf-8"
    delimiter: str = ","
    #: What :meth:`scanned` found (the file is scanned once, before its rows are parsed).
    scan: limits.TextScan | None = None

    def scanned(self, max_bytes: int) -> limits.TextScan:
        """Scan the whole file against the limits (loaders/limits.py) before any row is
        parsed; LoadError when it breaks one, or when it is larger than ``max_bytes``."""
        size = self.path.stat().st_size
        if size > max_bytes:
            raise limits.file_too_large(self.name, size, max_bytes,
                                        "berkas yang dibaca utuh (semua tata letak kecuali "
                                        "ekspor per orang)")
        if self.scan is None:
            header = self.preview[self.header_index()][1] if self.preview else None
            self.scan = limits.scan_text(self.path, self.name, self.encoding, self.delimiter,
                                         header, max_bytes)
        return self.scan

    def frames(self, header_line: int, width: int,
               chunksize: int = 250_000) -> Iterator[pd.DataFrame]:
        """Rows after ``header_line`` (1-based) as all-string frames with a ``_line`` column.

        Columns are numbered 0..width-1 as in the header row; empty cells are ``""``. Blank
        lines come as all-empty rows, so that line numbers stay right. The whole file is read
        into memory, so it may hold at most ``limits.MAX_FILE_BYTES``.
        """
        scan = self.scanned(limits.MAX_FILE_BYTES)
        # Room for every cell a line may hold beyond the header's width (the scan counted the
        # separators): without it pandas would take the first cells of a longer row as its
        # index and shift every column, or drop the cells past its names.
        spare = max(width + EXTRA_CELLS, scan.max_cells)
        chunksize = max(1_000, min(chunksize, 4_000_000 // spare))
        try:
            reader = self._reader(self._rows_through(header_line), spare, chunksize)
        except pd.errors.ParserError as exc:
            raise self._parser_problem(exc, header_line + 1) from None
        offset = header_line + 1
        multiline = self._may_break_lines_in_cells()
        try:
            for chunk in prefetched(reader, reader.close):
                chunk = chunk.fillna("")
                lines = np.arange(offset, offset + len(chunk), dtype="int64")
                if multiline:  # a row starts below the line breaks in the cells above it
                    breaks = _line_breaks_per_row(chunk)
                    lines += np.cumsum(breaks) - breaks
                    offset += int(breaks.sum())
                chunk.insert(0, "_line", lines)
                offset += len(chunk)
                _refuse_long_cells(self.name, chunk, list(range(spare)))
                extra = list(range(width, spare))
                overfull = (chunk[extra] != "").any(axis=1)
                if overfull.any():
                    line = int(chunk.loc[overfull, "_line"].iloc[0])
                    raise LoadError([Problem(
                        self.name,
                        f"baris ini berisi lebih banyak sel daripada judul kolom "
                        f"({int(overfull.sum())} baris seperti ini)",
                        "hapus sel berlebih atau tambahkan judul kolomnya", line=line)])
                yield chunk.drop(columns=extra)
        except UnicodeDecodeError:
            raise LoadError([Problem(
                self.name,
                f"berkas tidak dapat dibaca sebagai "
                f"{limits.ENCODING_NAMES.get(self.encoding, self.encoding)} (setelah baris "
                f"{offset})", "simpan ulang berkas sebagai CSV UTF-8",
            )]) from None
        except pd.errors.ParserError as exc:
            raise self._parser_problem(exc, offset) from None

    def _parser_problem(self, exc: pd.errors.ParserError, offset: int) -> LoadError:
        """pandas' parser error as a problem: the line it names (counted from ``offset``)
        and what to check; the row itself is not quoted."""
        text = str(exc)
        in_line = re.search(r"in line (\d+)", text)  # counted from the top of the file
        in_row = re.search(r"row (\d+)", text)  # counted from the first row read
        line = (int(in_line.group(1)) if in_line
                else offset + int(in_row.group(1)) - 1 if in_row else offset)
        reason = ("tanda kutip tidak ditutup" if "EOF inside string" in text
                  else "jumlah sel tidak sesuai judul kolom")
        return LoadError([Problem(self.name, f"baris CSV rusak: {reason}",
                                  "periksa tanda kutip dan pemisah kolom pada baris itu",
                                  line=line)])

    def _may_break_lines_in_cells(self) -> bool:
        """Whether a quoted cell may hold a line break: a line break with an odd number of
        quotes before it (then a row can take more than one line, and the rows' line numbers
        are counted from their cells). Always for a UTF-16/32 file."""
        if self.encoding.startswith(("utf-16", "utf-32")):
            return True
        data = np.frombuffer(self.path.read_bytes(), dtype=np.uint8)
        quotes = np.flatnonzero(data == ord('"'))
        if not len(quotes):
            return False
        breaks = np.flatnonzero((data == ord("\n")) | (data == ord("\r")))
        return bool((np.searchsorted(quotes, breaks) % 2).any())

    def _rows_through(self, line: int) -> int:
        """The rows up to and including ``line``, as pandas' parser counts them for
        ``skiprows``: a quoted cell holding a line break (a title typed on two lines in a
        spreadsheet) makes one row of two lines. Counted from the preview, which knows the line
        each of its rows ends on (the csv module counts lines as a text editor does)."""
        rows = sum(1 for end, _ in self.preview if end <= line)
        return rows or line

    def _reader(self, skip_rows: int, spare: int, chunksize: int) -> Any:
        return pd.read_csv(
            self.path,
            sep=self.delimiter,
            header=None,
            names=list(range(spare)),
            index_col=False,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            skiprows=skip_rows,
            encoding=self.encoding,
            encoding_errors="strict",
            engine="c",
            chunksize=chunksize,
            quoting=csv.QUOTE_MINIMAL,
        )

    def select(self, header_line: int, width: int,
               columns: Sequence[int]) -> Iterator[pd.DataFrame]:
        """Only ``columns`` (numbered as in the header row) of the rows after ``header_line``,
        as frames of text with a ``_line`` column, like :meth:`frames` (the columns are
        categoricals of strings: a file has few distinct spellings).

        Read with Arrow's streaming CSV reader: the other columns are parsed past and never
        become strings, so a layout keeps personal-data columns out of memory entirely, and a
        file of millions of rows reads in seconds. Blank lines come as all-empty rows and a row
        with fewer cells than the header is padded, as with :meth:`frames`; a row with more
        cells refuses the file. Problems name the line, never the row's content.
        """
        self.scanned(limits.MAX_STREAMED_BYTES)
        wanted = sorted(set(columns))
        repair = RowRepair(self.name, width, wanted, self.delimiter)
        offset = header_line + 1
        try:
            for batch, bad in prefetched(arrow_batches(self.path, self.encoding, self.delimiter,
                                                      header_line, width, wanted)):
                refuse_long_arrow_cells(self.name, batch, offset)
                frame, offset = repair.frame(batch, bad, offset)
                if len(frame):
                    yield frame
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            unreadable = isinstance(exc, UnicodeDecodeError) or "UTF8" in str(exc)
            raise LoadError([Problem(
                self.name,
                (f"berkas tidak dapat dibaca sebagai "
                 f"{limits.ENCODING_NAMES.get(self.encoding, self.encoding)} (setelah baris "
                 f"{offset})" if unreadable else f"baris CSV rusak (setelah baris {offset})"),
                "simpan ulang berkas sebagai CSV UTF-8" if unreadable
                else "periksa tanda kutip dan jumlah kolom pada baris itu",
            )]) from None


def _line_breaks_per_row(chunk: pd.DataFrame) -> np.ndarray:
    """Line breaks (CR LF, CR or LF) inside the cells of each row."""
    breaks = np.zeros(len(chunk), dtype="int64")
    for column in chunk.columns:
        breaks += chunk[column].str.count(_LINE_BREAK.pattern).to_numpy(dtype="int64")
    return breaks


def _refuse_long_cells(name: str, chunk: pd.DataFrame, columns: Sequence[int]) -> None:
    """A cell longer than ``limits.MAX_CELL_CHARS`` (a quoted cell can span many lines)."""
    for column in columns:
        lengths = chunk[column].str.len()
        if len(lengths) and lengths.max() > limits.MAX_CELL_CHARS:
            line = int(chunk.loc[lengths > limits.MAX_CELL_CHARS, "_line"].iloc[0])
            raise _long_cell(name, line, f"sel ke-{column + 1}")


def _long_cell(name: str, line: int | None, column: str | None) -> LoadError:
    return limits.refuse(name, f"sel lebih panjang dari {limits.thousands(limits.MAX_CELL_CHARS)} "
                         "karakter", "periksa tanda kutip pada baris itu (tanda kutip yang "
                         "tidak ditutup menggabungkan banyak baris menjadi satu sel)",
                         line=line, column=column)


def _detect_encoding(head: bytes) -> tuple[str, list[str]]:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", []
    try:
        head.decode("utf-8")
        return "utf-8", []
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut by the sample's end
            return "utf-8", []
    return "cp1252", ["berkas bukan UTF-8; dibaca sebagai Windows-1252"]


def _detect_delimiter(lines: list[str]) -> str:
    """The delimiter giving the most rows with the same (> 1) number of columns. Rows of one
    cell (title and note lines) do not count: more of them than rows of the table must not
    hide the table's delimiter."""
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        counts = []
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            for row in reader:
                if len(row) > 1 and any(row):
                    counts.append(len(row))
        except csv.Error:  # a cell over the csv module's limit: the rows before it count
            pass
        score = max(Counter(counts).values(), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
               (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def open_source(path: Path, sheet: str | None = None) -> SourceFile:
    """Open ``path`` as a spreadsheet or delimited text, or raise LoadError saying why not.

    Only the first MiB is read here; the rows are scanned against the limits
    (loaders/limits.py) before they are parsed."""
    name = limits.clean_name(path.name)
    if not path.is_file():
        raise LoadError([Problem(name, "berkas tidak ditemukan", "periksa nama dan folder berkas")])
    size = path.stat().st_size
    if size > limits.MAX_STREAMED_BYTES:
        raise limits.file_too_large(name, size, limits.MAX_STREAMED_BYTES, "berkas teks")
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise LoadError([Problem(
            name, "berkas kosong",
            "ekspor ulang data; berkas harus berisi baris judul kolom dan data")])
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        from loaders.sheet import open_sheet  # openpyxl is only imported when needed

        if size > limits.MAX_FILE_BYTES:
            raise limits.file_too_large(name, size, limits.MAX_FILE_BYTES, "lembar kerja")
        return open_sheet(path, sha256_of(path), sheet)
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise LoadError([Problem(
                name, f"berkas ini {kind}, bukan berkas teks CSV atau lembar kerja",
                "buka di spreadsheet lalu simpan sebagai CSV (UTF-8) atau XLSX",
            )])
    if sheet:
        raise LoadError([Problem(name, f"--sheet '{sheet}' diberikan, tetapi berkas ini CSV",
                                 "hapus --sheet, atau muat berkas XLSX-nya")])
    for bom, wide in _WIDE_BOMS:  # UTF-32 first: its little-endian BOM starts like UTF-16's
        if head.startswith(bom):
            head = head[:len(head) // 4 * 4].decode(wide, errors="replace").encode("utf-8")
            return _text_source(path, head, wide, [f"berkas berenkode {wide.upper()}"])
    if b"\x00" in head[:8192]:
        raise LoadError([Problem(name, "berkas biner, bukan berkas teks CSV",
                                 "muat berkas CSV hasil ekspor, bukan berkas aslinya")])
    encoding, notes = _detect_encoding(head)
    _check_head(name, head, encoding)
    return _text_source(path, head, encoding, notes)


def _check_head(name: str, head: bytes, encoding: str) -> None:
    """Refuse a first MiB that is not text in ``encoding`` (the byte, line and position), so
    that a header spoilt by a wrong byte is reported as such, not as an unknown layout."""
    sample = head[:-4] if len(head) == 1 << 20 else head  # a character may be cut at the end
    try:
        sample.decode(encoding)
    except UnicodeDecodeError as exc:
        before = sample[:exc.start]
        line_start = before.rfind(b"\n") + 1
        position = len(before[line_start:].decode(encoding, errors="replace")) + 1
        raise limits.refuse(
            name, f"byte 0x{sample[exc.start]:02X} pada posisi {position} bukan teks "
            f"{limits.ENCODING_NAMES.get(encoding, encoding)}",
            "simpan ulang berkas sebagai 'CSV UTF-8' (di Excel: Simpan Sebagai → CSV UTF-8 "
            "(dipisah koma); di LibreOffice: Set Karakter Unicode (UTF-8))",
            line=before.count(b"\n") + 1) from None


def _text_source(path: Path, head: bytes, encoding: str, notes: list[str]) -> TextFile:
    wide = encoding in ("utf-16", "utf-32")  # the head was turned into UTF-8 already
    text = head.decode("utf-8" if wide else encoding, errors="replace")
    # Only CR and LF end a line, as for the CSV parsers that read the rows later; not the form
    # feed, vertical tab, NEL or U+2028 that ``str.splitlines`` also splits on, which would
    # put the header on a later line than the parsers find it (and a data row read as header).
    lines = _LINE_BREAK.split(text)[: PREVIEW_ROWS * 2]
    if len(head) == 1 << 20 and lines:
        lines = lines[:-1]  # the last line of the sample may be cut
    lines = [line[:limits.MAX_LINE_BYTES] for line in lines]  # the scan refuses longer ones
    delimiter = _detect_delimiter(lines)
    preview: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    try:
        for row in reader:
            if len(preview) >= PREVIEW_ROWS:
                break
            preview.append((reader.line_num, [c.strip() for c in row[:limits.MAX_COLUMNS + 1]]))
    except csv.Error:  # a quoted cell over the csv module's limit (131,072 characters)
        raise limits.refuse(
            limits.clean_name(path.name),
            f"sel lebih panjang dari {limits.thousands(limits.MAX_CELL_CHARS)} karakter",
            "periksa tanda kutip pada baris itu (tanda kutip yang tidak ditutup menggabungkan "
            "banyak baris menjadi satu sel)", line=reader.line_num) from None
    return TextFile(path, sha256_of(path), preview, notes, encoding, delimiter)
