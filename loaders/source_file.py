"""What every opened input file is, whatever its kind: the base class of a delimited text
file (loaders/source.py) and of a spreadsheet (loaders/sheet.py).

It lives apart from both so that neither imports the other for it: ``source.open_source``
opens a spreadsheet through ``sheet.open_sheet`` (imported only when needed), and ``sheet``
needs only this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from domain.problems import LoadError, Problem
from loaders import limits

#: Rows of a file kept in ``SourceFile.preview`` for layout detection.
PREVIEW_ROWS = 60


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
        return limits.clean_name(self.path.name)

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
