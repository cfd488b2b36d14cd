"""Opening an input file: content hash, encoding, delimiter, a preview for layout detection,
and the rows below a header as string data frames with their line numbers.

Nothing here interprets the cells; the layouts do that.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.problems import LoadError, Problem

PREVIEW_ROWS = 60
DELIMITERS = (",", ";", "\t", "|")
_BINARY_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"\x1f\x8b": "GZIP",
}


@dataclass
class SourceFile:
    """An input file ready to be read by a layout: a delimited text file or a spreadsheet.

    ``preview`` holds the first rows (line number, stripped cells) for layout detection;
    ``frames`` yields the rows below a header line. Line numbers are those a text editor or
    a spreadsheet shows (1-based).
    """

    path: Path
    sha256: str
    preview: list[tuple[int, list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    def header_index(self) -> int:
        """Position in ``preview`` of the first non-empty row (the header of simple layouts)."""
        for index, (_, cells) in enumerate(self.preview):
            if any(c.strip() for c in cells):
                return index
        raise LoadError([Problem(self.name, "berkas tidak berisi baris data",
                                 "periksa bahwa berkas tidak kosong")])

    def frames(self, header_line: int, width: int,
               chunksize: int = 250_000) -> Iterator[pd.DataFrame]:
        raise NotImplementedError


@dataclass
class TextFile(SourceFile):
    """A delimited text file (CSV, semicolon-separated, TSV)."""

    encoding: str = "utf-8"
    delimiter: str = ","

    def frames(self, header_line: int, width: int,
               chunksize: int = 250_000) -> Iterator[pd.DataFrame]:
        """Rows after ``header_line`` (1-based) as all-string frames with a ``_line`` column.

        Columns are numbered 0..width-1 as in the header row; empty cells are ``""``. Blank
        lines come as all-empty rows, so that line numbers stay right.
        """
        reader = pd.read_csv(
            self.path,
            sep=self.delimiter,
            header=None,
            names=list(range(width)),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            skiprows=header_line,
            encoding=self.encoding,
            encoding_errors="strict",
            engine="c",
            chunksize=chunksize,
            quoting=csv.QUOTE_MINIMAL,
        )
        offset = header_line + 1
        try:
            for chunk in reader:
                chunk = chunk.fillna("")
                chunk.insert(0, "_line", range(offset, offset + len(chunk)))
                offset += len(chunk)
                yield chunk
        except UnicodeDecodeError as exc:
            raise LoadError([Problem(
                self.name,
                f"berkas tidak dapat dibaca sebagai {self.encoding} (setelah baris {offset})",
                "simpan ulang berkas sebagai CSV UTF-8",
            )]) from exc
        except pd.errors.ParserError as exc:
            raise LoadError([Problem(
                self.name, f"baris CSV rusak: {exc}",
                "periksa tanda kutip dan jumlah kolom pada baris itu", line=offset,
            )]) from exc


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _detect_encoding(head: bytes) -> tuple[str, list[str]]:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", []
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", ["berkas berenkode UTF-16"]
    try:
        head.decode("utf-8")
        return "utf-8", []
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut by the sample's end
            return "utf-8", []
    return "cp1252", ["berkas bukan UTF-8; dibaca sebagai Windows-1252"]


def _detect_delimiter(lines: list[str]) -> str:
    """The delimiter giving the most rows with the same (> 1) number of columns."""
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if any(row)]
        if not counts:
            continue
        width = max(set(counts), key=counts.count)
        score = counts.count(width) if width > 1 else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def open_source(path: Path, sheet: str | None = None) -> SourceFile:
    """Open ``path`` as a spreadsheet or delimited text, or raise LoadError saying why not."""
    name = path.name
    if not path.exists():
        raise LoadError([Problem(name, "berkas tidak ditemukan", "periksa nama dan folder berkas")])
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise LoadError([Problem(
            name, "berkas kosong",
            "ekspor ulang data; berkas harus berisi baris judul kolom dan data")])
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        from loaders.sheet import open_sheet  # openpyxl is only imported when needed

        return open_sheet(path, sha256_of(path), sheet)
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise LoadError([Problem(
                name, f"berkas ini {kind}, bukan berkas teks CSV atau lembar kerja",
                "buka di spreadsheet lalu simpan sebagai CSV (UTF-8) atau XLSX",
            )])
    if b"\x00" in head[:8192]:
        raise LoadError([Problem(name, "berkas biner, bukan berkas teks CSV",
                                 "muat berkas CSV hasil ekspor, bukan berkas aslinya")])
    if sheet:
        raise LoadError([Problem(name, f"--sheet '{sheet}' diberikan, tetapi berkas ini CSV",
                                 "hapus --sheet, atau muat berkas XLSX-nya")])
    encoding, notes = _detect_encoding(head)
    text = head.decode(encoding, errors="replace")
    lines = text.splitlines()[: PREVIEW_ROWS * 2]
    if len(head) == 1 << 20 and lines:
        lines = lines[:-1]  # the last line of the sample may be cut
    delimiter = _detect_delimiter(lines)
    preview: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    for row in reader:
        if len(preview) >= PREVIEW_ROWS:
            break
        preview.append((reader.line_num, [c.strip() for c in row]))
    return TextFile(path, sha256_of(path), preview, notes, encoding, delimiter)
