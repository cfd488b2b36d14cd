"""Streaming the rows of a CSV file (loaders/source.py, ``TextFile``): the next chunk read in a
background thread while the caller works on the current one, and Arrow's streaming reader for
the chosen columns only, with the rows it set aside repaired (a short row padded) or refused
(a row wider than the header), and cells longer than the limit refused."""

from __future__ import annotations

import csv
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from domain.problems import LoadError, Problem
from loaders import limits

T = TypeVar("T")


#: Bytes Arrow's CSV reader parses at a time in ``TextFile.select``: small, because it reads a
#: few blocks ahead and holds them in memory.
ARROW_BLOCK = 4 << 20


#: Rows per frame ``TextFile.select`` yields (Arrow's small batches are put together).
SELECT_ROWS = 200_000


#: Cells as Arrow dictionaries: each distinct text is stored (and hashed, in C++) once.
TEXT_CODES = pa.dictionary(pa.int32(), pa.string())


def refuse_long_arrow_cells(name: str, batch: pa.Table, offset: int) -> None:
    """The same for the kept columns of a streamed file (their distinct texts only); the line
    is not known here, only the first line of the batch."""
    import pyarrow.compute as pc

    for position, column in zip(batch.column_names, batch.columns, strict=True):
        for chunk in column.chunks:
            values = chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk
            if len(values) and (pc.max(pc.utf8_length(values)).as_py() or 0) > \
                    limits.MAX_CELL_CHARS:
                raise limits.refuse(
                    name, f"sel lebih panjang dari {limits.thousands(limits.MAX_CELL_CHARS)} "
                    f"karakter (pada baris {offset} atau sesudahnya)",
                    "periksa tanda kutip (tanda kutip yang tidak ditutup menggabungkan banyak "
                    "baris menjadi satu sel)", column=f"sel ke-{int(position) + 1}")


def prefetched(items: Iterator[T], close: Callable[[], object] | None = None) -> Iterator[T]:
    """The items of ``items``, the next one read in a background thread while the caller works
    on the current one (the CSV parsers release the GIL for much of their work, so a second
    core is used). At most one item waits; the reader's errors are raised here, in order."""
    handoff: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def put(kind: str, item: object) -> None:
        while not stop.is_set():
            try:
                handoff.put((kind, item), timeout=0.1)
                return
            except queue.Full:
                continue

    def produce() -> None:
        try:
            for item in items:
                put("item", item)
                if stop.is_set():
                    return
            put("end", None)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            put("error", exc)
        finally:
            if close is not None:
                close()

    thread = threading.Thread(target=produce, name="csv-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            kind, item = handoff.get()
            if kind == "error":
                raise item  # type: ignore[misc]
            if kind == "end":
                return
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()


@dataclass
class BadRow:
    line: int | None
    cells: int
    text: str  # may hold personal data: never put into a problem or an exception


class RowRepair:
    """Line numbers for the rows of Arrow's batches, and the rows Arrow set aside: a row with
    fewer cells than the header comes back padded with empty cells (as pandas reads it); a row
    with more refuses the file."""

    def __init__(self, name: str, width: int, columns: list[int], delimiter: str) -> None:
        self.name = name
        self.width = width
        self.columns = columns
        self.delimiter = delimiter
        self.pending: list[BadRow] = []

    def frame(self, batch: pa.Table, bad: list[BadRow],
              offset: int) -> tuple[pd.DataFrame, int]:
        """The batch as a frame numbered from ``offset``, and the line after it. Its columns are
        categoricals of strings (plain strings when a short row was padded in)."""
        self.pending = sorted([*self.pending, *bad], key=lambda row: row.line or 0)
        self._refuse_wide_rows()
        end = offset + batch.num_rows
        short: list[BadRow] = []
        while self.pending and (self.pending[0].line or 0) <= end:  # in or right after it
            short.append(self.pending.pop(0))
            end += 1
        lines = np.arange(offset, end, dtype="int64")
        if short:
            lines = np.setdiff1d(lines, [row.line for row in short])
        frame = batch.unify_dictionaries().to_pandas()
        frame.columns = [int(c) for c in frame.columns]
        frame.insert(0, "_line", lines)
        if short:
            frame = pd.concat([frame, self._padded(short)], ignore_index=True)
            frame = frame.sort_values("_line", kind="stable", ignore_index=True)
        return frame, end

    def _refuse_wide_rows(self) -> None:
        """Rows wider than the header are refused unless the extra cells are all empty (a
        trailing separator, common in exports); the row is never quoted."""
        for row in self.pending:
            extra_filled = row.cells > self.width and any(
                cell.strip() for cell in cells_of(row.text, self.delimiter)[self.width:])
            if row.line is None or extra_filled:
                raise LoadError([Problem(
                    self.name, f"baris CSV rusak: {row.cells} kolom, padahal judul kolom "
                    f"{self.width}", "periksa tanda kutip dan pemisah kolom pada baris itu",
                    line=row.line)])

    def _padded(self, rows: list[BadRow]) -> pd.DataFrame:
        records = []
        for row in rows:
            cells = cells_of(row.text, self.delimiter)
            cells += [""] * (self.width - len(cells))
            records.append({"_line": row.line, **{c: cells[c] for c in self.columns}})
        frame = pd.DataFrame(records, columns=["_line", *self.columns])
        return frame.astype({c: "str" for c in self.columns})


def cells_of(text: str, delimiter: str) -> list[str]:
    """The cells of one row's text (the csv module's own field limit does not apply: the
    scan and the cell check bound what reaches here)."""
    try:
        return next(csv.reader([text], delimiter=delimiter), [])
    except csv.Error:
        return text.split(delimiter)


def arrow_batches(path: Path, encoding: str, delimiter: str, header_line: int, width: int,
                  columns: list[int]) -> Iterator[tuple[pa.Table, list[BadRow]]]:
    """Tables of about SELECT_ROWS rows of ``columns`` of the CSV file at ``path``, each with
    the rows Arrow set aside while reading them."""
    bad: list[BadRow] = []

    def set_aside(row: pacsv.InvalidRow) -> str:
        bad.append(BadRow(row.number, row.actual_columns, row.text))
        return "skip"

    names = [str(i) for i in range(width)]
    encoding = "utf8" if encoding.replace("-", "").startswith("utf8") else encoding
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=header_line,
                                       use_threads=False, block_size=ARROW_BLOCK,
                                       encoding=encoding),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"',
                                         double_quote=True, newlines_in_values=True,
                                         ignore_empty_lines=False,
                                         invalid_row_handler=set_aside),
        convert_options=pacsv.ConvertOptions(include_columns=[names[c] for c in columns],
                                             column_types=dict.fromkeys(names, TEXT_CODES),
                                             strings_can_be_null=False,
                                             quoted_strings_can_be_null=False),
    )
    batches: list[pa.RecordBatch] = []
    rows = 0
    for batch in reader:
        batches.append(batch)
        rows += batch.num_rows
        if rows >= SELECT_ROWS:
            yield pa.Table.from_batches(batches), list(bad)
            batches, rows = [], 0
            bad.clear()
    yield pa.Table.from_batches(batches, schema=reader.schema), list(bad)  # may be empty
