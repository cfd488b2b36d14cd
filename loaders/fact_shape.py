"""What checked figures look like, per kind (loaders/validate.py): the breakdown dimensions
with their bits, the columns every row must name, the key of a cell and the columns a check
returns — for placements (``PLACEMENTS``) and internships abroad (``INTERNS``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from store.sql.interns import INTERN_BREAKDOWN_BITS
from store.sql.placements import BREAKDOWN_BITS


@dataclass(frozen=True)
class FactShape:
    """What a file's figures are broken down by: placements (``PLACEMENTS``) or internships
    abroad (``INTERNS``). ``bits`` are the breakdown dimensions with their bit (``bulan``
    included); ``keys`` are dimensions every row must name, never a breakdown (an intern
    figure's ``status``: what it counts)."""

    bits: Mapping[str, int]
    keys: tuple[str, ...] = ()

    @property
    def dimensions(self) -> tuple[str, ...]:
        return tuple(d for d in self.bits if d != "bulan")

    @property
    def key_columns(self) -> tuple[str, ...]:
        return ("tahun", "bulan", "kode_wilayah", *self.keys, "breakdown", *self.dimensions)

    @property
    def output_columns(self) -> tuple[str, ...]:
        return ("_line", "tahun", "bulan", "s_d_bulan", "kode_wilayah", *self.keys,
                *self.dimensions, "breakdown", "jumlah", "sumber")


PLACEMENTS = FactShape(BREAKDOWN_BITS)
INTERNS = FactShape(INTERN_BREAKDOWN_BITS, keys=("status",))
DIMENSION_COLUMNS: tuple[str, ...] = PLACEMENTS.dimensions
KEY_COLUMNS: tuple[str, ...] = PLACEMENTS.key_columns
OUTPUT_COLUMNS: tuple[str, ...] = PLACEMENTS.output_columns
