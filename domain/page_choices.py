"""The choices a page makes for itself, kept in the URL beside the shared view (issue 14,
point 1): the map's measure and its tile view, the trend split, the intern map's measure, the
Data page's columns, and which charts are shown as a table.

``?ukuran=per100k&tampilan=petak&rincian=skema&kolom=skema,sektor&tabel=peta,tren_yearly``
Each choice is one URL parameter with a closed list of values; the first value is the default
and is left out of the URL (short links). Anything else in the parameter is ignored, never
trusted. dashboard/navigation.py carries these parameters on every page link and binds them
to the pages' widgets; dashboard/state.py drops malformed values before any page reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    """A page's own choice: its URL parameter and the values it may take (the first is the
    default)."""

    param: str
    options: tuple[str, ...]

    @property
    def default(self) -> str:
        return self.options[0]

    @property
    def form(self) -> re.Pattern[str]:
        """The values the URL may hold (exact, ASCII)."""
        return re.compile("|".join(re.escape(option) for option in self.options))

    def read(self, raw: object) -> str:
        """The choice a URL value asks for, or the default for anything else."""
        return raw if isinstance(raw, str) and raw in self.options else self.default


#: Peta: what colours the regencies (placements, per 100,000 inhabitants, share of women, share
#: of the formal sector, change against the previous period).
MAP_METRIC = Choice("ukuran", ("jumlah", "per100k", "perempuan", "formal", "perubahan"))
#: Peta: the boundary map or the tile map.
MAP_VIEW = Choice("tampilan", ("batas", "petak"))
#: Tren: the yearly chart whole or split by scheme, sector or gender.
TREND_SPLIT = Choice("rincian", ("none", "skema", "sektor", "jenis_kelamin"))
#: Pemagangan: what colours the regencies on the intern map.
INTERN_MEASURE = Choice("ukuran_magang", ("jumlah", "per100k"))
CHOICES: tuple[Choice, ...] = (MAP_METRIC, MAP_VIEW, TREND_SPLIT, INTERN_MEASURE)


@dataclass(frozen=True)
class MultiChoice:
    """A page's own choice of several options (in the options' order, each once): the URL
    lists them comma-separated, ``-`` for none; the default is left out of the URL."""

    param: str
    options: tuple[str, ...]
    default: tuple[str, ...]

    NONE = "-"

    @property
    def form(self) -> re.Pattern[str]:
        one = "|".join(re.escape(option) for option in self.options)
        return re.compile(rf"{re.escape(self.NONE)}|(?:{one})(?:,(?:{one}))*")

    def read(self, raw: object) -> tuple[str, ...]:
        """The options a URL value lists (in the options' order), or the default for anything
        that is not a list of options."""
        if not isinstance(raw, str) or not self.form.fullmatch(raw):
            return self.default
        listed = set(raw.split(","))
        return tuple(option for option in self.options if option in listed)

    def value(self, chosen: Iterable[str]) -> str:
        """The URL value of ``chosen`` (unknown entries left out)."""
        picked = set(chosen)
        return ",".join(option for option in self.options if option in picked) or self.NONE


#: Data: the columns the table is broken down by (besides the year, and the month when a
#: month is chosen).
DATA_COLUMNS = MultiChoice("kolom", ("kode_wilayah", "skema", "sektor", "jenis_kelamin",
                                     "negara_tujuan", "jabatan"), ("kode_wilayah", "skema"))
MULTI_CHOICES: tuple[MultiChoice, ...] = (DATA_COLUMNS,)

#: The charts shown as a table instead of a chart, by the chart's key, comma-separated.
TABLES_PARAM = "tabel"
TABLE_KEY = re.compile(r"[A-Za-z0-9_.-]{1,60}")
#: At most this many tables open at once are kept (a page has far fewer charts).
MAX_TABLES = 40
TABLES_FORM = re.compile(rf"{TABLE_KEY.pattern}(?:,{TABLE_KEY.pattern}){{0,{MAX_TABLES - 1}}}")


def tables(raw: object) -> tuple[str, ...]:
    """The chart keys a ``tabel`` value lists (nothing for a malformed value)."""
    if not isinstance(raw, str) or not TABLES_FORM.fullmatch(raw):
        return ()
    return tuple(dict.fromkeys(raw.split(",")))


def tables_value(keys: Iterable[str]) -> str:
    """The ``tabel`` value listing ``keys`` (well-formed ones, each once, in order; "" for
    none)."""
    kept = [key for key in dict.fromkeys(keys) if TABLE_KEY.fullmatch(key)]
    return ",".join(kept[-MAX_TABLES:])
