"""What every layout reader returns, and small helpers they share.

A layout turns the rows of a file into *raw facts*: string cells under the canonical column
names (``tahun``, ``bulan``, ``kode_wilayah``, ``skema`` …, ``jumlah``), each row with the line
it came from. Checking and normalising the values is the same for every layout
(``loaders/validate.py``), so a new layout is one small module: ``detect`` and ``read``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from domain.problems import ProblemList
from loaders.source import SourceFile

#: An empty breakdown cell means the row is not broken down by that dimension (tables).
EMPTY_NOT_BROKEN_DOWN = "not_broken_down"
#: An empty breakdown cell means the value is not reported for that person (record exports).
EMPTY_UNREPORTED = "unreported"

#: Canonical raw-fact columns a layout may fill.
RAW_COLUMNS: tuple[str, ...] = (
    "tahun", "bulan", "s_d_bulan", "kode_wilayah", "nama_wilayah", "skema", "sektor",
    "jenis_kelamin", "negara_tujuan", "jabatan", "jumlah", "sumber",
)


@dataclass
class ReadOptions:
    tahun: int | None = None
    sheet: str | None = None


@dataclass
class RawFacts:
    frames: Iterable[pd.DataFrame]
    columns: dict[str, str]
    empty_means: str = EMPTY_NOT_BROKEN_DOWN
    aggregate: bool = False
    series: str | None = None
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


class Layout(Protocol):
    name: str
    description: str

    def detect(self, src: SourceFile) -> int:
        """How sure this layout is that it can read ``src`` (0 = not at all)."""
        ...

    def read(self, src: SourceFile, options: ReadOptions, problems: ProblemList) -> RawFacts:
        ...


def header_key(text: str) -> str:
    """``' Kode Kabupaten/Kota '`` -> ``'kode_kabupaten_kota'``."""
    text = text.replace("\ufeff", "").strip().lower()
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


def header_row(src: SourceFile) -> tuple[int, list[str]]:
    """Line number and normalised cells of the first non-empty row."""
    line, cells = src.preview[src.header_index()]
    return line, [header_key(c) for c in cells]


def select_columns(frame: pd.DataFrame, positions: dict[str, int]) -> pd.DataFrame:
    """Canonical columns taken from the numbered columns of a source frame."""
    out = pd.DataFrame({"_line": frame["_line"].to_numpy()})
    for name, position in positions.items():
        out[name] = frame[position].astype(str).str.strip().to_numpy()
    return out
