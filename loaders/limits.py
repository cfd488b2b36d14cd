"""Limits on what one input file may hold, so that checking any file costs a bounded amount of
memory and time (docs/data-format.md, "Limits").

Every limit is checked while the file is streamed, before its cells are parsed: a text file is
scanned block by block (:func:`scan_text`); a workbook's XML is read with a streaming parser
(loaders/sheet.py) before any cell becomes a Python object; a ``.meta.yml`` sidecar is read
whole only when it is small, and never with YAML anchors or aliases. A file over a limit is
refused with a problem naming the file, the line (and the cell, when known) and what to do.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from domain.problems import LoadError, Problem
from domain.text import CONTROL_BUT_LINES, one_line

#: Bytes of a file that is read whole into memory: every workbook (XLSX, XLS) and a text file
#: of any layout but ``records``. The same as the default upload limit of the Kelola page
#: (``max_upload_mb`` = 20 in config/dasbor.toml).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Bytes of a record-level text export (layout ``records``), which is streamed and summed while
#: it is read (docs/benchmarks.md: 5 million rows, 1.1 GB, in about 550 MB).
MAX_STREAMED_BYTES = 4 * 1024 * 1024 * 1024
#: Bytes of one physical line of a text file (4 × the longest spreadsheet cell in UTF-8).
MAX_LINE_BYTES = 128 * 1024
#: Cells of one row (text: separators + 1 on a line; workbook: the last column used).
MAX_COLUMNS = 1_000
#: Characters of one cell (a spreadsheet cell holds at most 32,767).
MAX_CELL_CHARS = 32_767
#: Rows of a workbook sheet (the last row used, or declared).
MAX_SHEET_ROWS = 1_000_000
#: Cells of a workbook sheet: the cells it holds, and the area its dimension or a merged range
#: declares (rows × columns).
MAX_SHEET_CELLS = 1_000_000
#: Unpacked bytes of one part of a workbook (a sheet's XML, its styles…), of its shared
#: strings (all read into memory) and of all its parts together.
MAX_XLSX_PART_BYTES = 128 * 1024 * 1024
MAX_XLSX_STRINGS_BYTES = 32 * 1024 * 1024
MAX_XLSX_TOTAL_BYTES = 256 * 1024 * 1024
#: Rows below the header of a recap sheet (one row per regency) and of an indicator file.
MAX_REKAP_ROWS = 10_000
MAX_KINERJA_ROWS = 2_000
#: Different spellings in one column that is looked up in a reference list (regions, scheme,
#: sector, sex, country, occupation): each is matched, with suggestions, one by one.
MAX_DISTINCT_VALUES = 5_000
#: The largest count one cell may hold: no regency-month cell can come near it (Banten places
#: some tens of thousands of workers a year). Sums over the store then fit easily in 64 bits.
MAX_COUNT = 10_000_000
#: Bytes of a ``.meta.yml`` sidecar, and how deep its lists and maps may nest.
MAX_META_BYTES = 64 * 1024
MAX_META_DEPTH = 20

#: Bytes read at a time when a text file is scanned.
SCAN_BLOCK = 1 << 20
#: The characters of a value quoted in a message (the rest is cut with "…").
SHOWN_CHARS = 60



def thousands(number: int) -> str:
    """``131072`` -> ``'131.072'`` (Indonesian digit grouping)."""
    return f"{number:,}".replace(",", ".")


def clean_name(name: str) -> str:
    """A file or sheet name without control characters (ESC, newline, tab, bidi overrides…),
    safe to print and to store. Runs of them become one space."""
    return one_line(name) or "(tanpa nama)"


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """A value as quoted in a message: control characters removed (a NUL is never echoed), at
    most ``limit`` characters (then "…" and how long it was)."""
    text = CONTROL_BUT_LINES.sub("", str(value))
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({thousands(len(text))} karakter)"


def refuse(name: str, message: str, hint: str, line: int | None = None,
           column: str | None = None) -> LoadError:
    return LoadError([Problem(name, message, hint, line=line, column=column)])


def file_too_large(name: str, size: int, limit: int, what: str) -> LoadError:
    return refuse(name, f"berkas terlalu besar: {thousands(size)} byte, paling besar "
                  f"{thousands(limit)} byte untuk {what}",
                  "pecah berkas menjadi beberapa berkas (mis. per tahun), atau ekspor hanya "
                  "kolom yang diperlukan")


# --- text files --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextScan:
    """What a scan of a whole text file found (when it did not refuse it)."""

    size: int
    lines: int
    #: The most cells a line may hold (separators + 1, quotes not taken into account); exact
    #: for a file of at most MAX_FILE_BYTES, a lower bound (at least MAX_COLUMNS - 1 bytes
    #: long lines counted) for a larger one.
    max_cells: int


_ASCII_COMPATIBLE = ("utf-8", "utf-8-sig", "cp1252")
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252",
                  "utf-16": "UTF-16", "utf-32": "UTF-32"}


class _Position:
    """Line and position of a byte offset, from the newlines counted so far."""

    def __init__(self) -> None:
        self.lines_before = 0  # newlines before the current block
        self.line_start = 0  # offset of the current line's first byte
        self.carry = b""  # the current line's bytes before the current block (bounded)


def _header_name(header: list[str] | None, cell: int) -> str | None:
    if header and cell < len(header) and header[cell].strip():
        return header[cell].strip()
    return f"sel ke-{cell + 1}"


def _blocks(path: Path, encoding: str) -> Iterator[tuple[bytes, str | None, int]]:
    """The file as UTF-8-compatible bytes, block by block, with the text of a decoding error
    (its reason) and the offset in the yielded stream where it happened (-1 when none)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    transcode = encoding not in _ASCII_COMPATIBLE
    offset = 0
    with path.open("rb") as fh:
        while True:
            block = fh.read(SCAN_BLOCK)
            final = not block
            pending = b"" if transcode else decoder.getstate()[0]
            if not transcode and not pending and block.isascii():
                if block:
                    yield block, None, -1
                    offset += len(block)
                    continue
                return
            try:
                text = decoder.decode(block, final)
            except UnicodeDecodeError as exc:
                reason = f"byte 0x{exc.object[exc.start]:02X}"
                if transcode:
                    yield b"", reason, offset
                    return
                bad = exc.start - len(pending)  # in ``block``; negative for carried bytes
                good = block[:max(bad, 0)]
                yield good, reason, offset + bad
                return
            data = text.encode("utf-8") if transcode else block
            if data:
                yield data, None, -1
            offset += len(data)
            if final:
                return


def scan_text(path: Path, name: str, encoding: str, delimiter: str,
              header: list[str] | None = None, max_bytes: int = MAX_STREAMED_BYTES) -> TextScan:
    """Read ``path`` once, block by block, and refuse it (LoadError) at the first of: more than
    ``max_bytes`` bytes; a byte that is not text in ``encoding``; a NUL byte; a line longer
    than MAX_LINE_BYTES; a line with more than MAX_COLUMNS cells. Memory stays within a few
    blocks whatever the file holds. ``header`` (the header row's cells, when known) names the
    cell of a problem."""
    size = path.stat().st_size
    if size > max_bytes:
        raise file_too_large(name, size, max_bytes, "berkas teks")
    sep = delimiter.encode("utf-8")[0]
    exact = size <= MAX_FILE_BYTES
    pos = _Position()
    offset = 0
    longest = 0
    max_cells = 1
    carry_length = 0  # bytes of the unfinished line before this block
    carry_cells = 0  # separators on it
    for block, error, bad in _blocks(path, encoding):
        data = np.frombuffer(block, dtype=np.uint8)
        newlines = np.flatnonzero(data == 10)
        if error is not None:
            where = bad - offset
            line, column_at, cell = _locate(pos, block, newlines, max(where, 0), sep)
            raise refuse(
                name, f"{error} pada posisi {column_at} bukan teks "
                f"{ENCODING_NAMES.get(encoding, encoding)}",
                "simpan ulang berkas sebagai 'CSV UTF-8' (di Excel: Simpan Sebagai → CSV UTF-8 "
                "(dipisah koma); di LibreOffice: Set Karakter Unicode (UTF-8))",
                line=line, column=_header_name(header, cell))
        nul = block.find(b"\x00")
        if nul >= 0:
            line, column_at, cell = _locate(pos, block, newlines, nul, sep)
            raise refuse(name, f"byte NUL (0x00) pada posisi {column_at}: berkas rusak atau "
                         "bukan berkas teks",
                         "ekspor ulang data sebagai CSV dari spreadsheet; jangan muat berkas "
                         "biner atau berkas yang terpotong", line=line,
                         column=_header_name(header, cell))
        starts = np.concatenate(([0], newlines + 1))
        ends = np.concatenate((newlines, [len(block)]))
        lengths = ends - starts
        lengths[0] += carry_length
        # Separators per line: counted exactly for a file read whole (its widest line sizes the
        # parser), else only where a line is long enough to hold too many (a line has fewer
        # separators than bytes), which keeps a large streamed file cheap to scan.
        if exact or int(lengths.max()) >= MAX_COLUMNS - 1:
            separators = data == sep
            cumulative = np.concatenate(([0], np.cumsum(separators, dtype=np.int64)))
            cells = cumulative[ends] - cumulative[starts]
        else:
            cells = np.zeros(len(starts), dtype=np.int64)
        cells[0] += carry_cells
        complete = len(newlines)  # lines ended in this block; the last entry is unfinished
        too_long = np.flatnonzero(lengths > MAX_LINE_BYTES)
        too_wide = np.flatnonzero(cells + 1 > MAX_COLUMNS)
        if len(too_long) or len(too_wide):
            first_long = int(too_long[0]) if len(too_long) else len(lengths)
            first_wide = int(too_wide[0]) if len(too_wide) else len(lengths)
            line = pos.lines_before + min(first_long, first_wide) + 1
            if first_wide <= first_long:
                raise refuse(name, f"baris ini berisi lebih dari {thousands(MAX_COLUMNS)} sel "
                             f"(paling banyak {thousands(MAX_COLUMNS)})",
                             "hapus kolom dan pemisah kosong di kanan tabel, lalu ekspor ulang",
                             line=line)
            raise refuse(name, f"baris ini lebih panjang dari {thousands(MAX_LINE_BYTES)} byte",
                         "periksa bahwa berkas ini tabel CSV dengan satu baris data per baris; "
                         f"sel paling panjang {thousands(MAX_CELL_CHARS)} karakter",
                         line=line)
        if complete:
            longest = max(longest, int(lengths[:complete].max()))
            max_cells = max(max_cells, int(cells[:complete].max()) + 1)
        carry_length = int(lengths[-1])
        carry_cells = int(cells[-1])
        tail_start = int(starts[-1])
        pos.carry = (pos.carry + block[tail_start:]) if complete == 0 else block[tail_start:]
        pos.lines_before += complete
        offset += len(block)
    max_cells = max(max_cells, carry_cells + 1)
    return TextScan(size, pos.lines_before + (1 if carry_length else 0), max_cells)


def _locate(pos: _Position, block: bytes, newlines: np.ndarray, at: int,
            sep: int) -> tuple[int, int, int]:
    """(line, position in the line counted in characters from 1, cell number from 0) of
    offset ``at`` in ``block``."""
    before = int(np.searchsorted(newlines, at))  # newlines before ``at`` in the block
    line = pos.lines_before + before + 1
    prefix = block[int(newlines[before - 1]) + 1:at] if before else pos.carry + block[:at]
    characters = len(prefix.decode("utf-8", errors="replace"))
    return line, characters + 1, prefix.count(bytes([sep]))
