"""The shared filter bar's state and its URL form.

``?tahun=2023-2024&bulan=6&wilayah=3604,3601&skema=P+to+P&sektor=Formal&jk=Perempuan``
A copied link opens the same view; unknown or malformed values are dropped, never trusted:
only values from the reference lists reach the query layer. Numbers are read with ASCII-only
patterns (``[0-9]``, never ``str.isdigit``/``int``, which accept "²" or "٢٠٢٤").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

#: URL parameter names of the filters.
PARAMS: dict[str, str] = {
    "tahun": "tahun", "bulan": "bulan", "wilayah": "wilayah", "skema": "skema",
    "sektor": "sektor", "jenis_kelamin": "jk",
}
#: ``2024`` or ``2023-2024`` (a reversed range is read in order); ASCII digits only.
YEARS_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{4}))?")
#: ``1`` to ``12`` (``06`` too); ASCII digits only.
MONTH_FORM = re.compile(r"0?[1-9]|1[0-2]")
#: Longest list value read (every regency, scheme or sector together is far shorter).
MAX_LIST_LENGTH = 500


@dataclass(frozen=True)
class Filters:
    """What a query is restricted to. Empty tuples mean "all"."""

    tahun_awal: int = 1900
    tahun_akhir: int = 9999
    bulan: int | None = None
    kode_wilayah: tuple[str, ...] = ()
    skema: tuple[str, ...] = ()
    sektor: tuple[str, ...] = ()
    jenis_kelamin: tuple[str, ...] = ()
    negara_tujuan: tuple[str, ...] = ()
    jabatan: tuple[str, ...] = ()

    def dimension_filters(self) -> dict[str, tuple[str, ...]]:
        return {d: getattr(self, d) for d in ("skema", "sektor", "jenis_kelamin",
                                              "negara_tujuan", "jabatan") if getattr(self, d)}


@dataclass(frozen=True)
class Choices:
    """What a filter may be set to (from the store's reference tables and figures)."""

    years: tuple[int, ...]
    regions: tuple[str, ...]
    skema: tuple[str, ...]
    sektor: tuple[str, ...]
    jenis_kelamin: tuple[str, ...]
    #: The latest year whose figures run through December (None: take the latest year).
    latest_full_year: int | None = None


@dataclass(frozen=True)
class FilterState:
    tahun_awal: int
    tahun_akhir: int
    bulan: int | None = None
    wilayah: tuple[str, ...] = ()
    skema: tuple[str, ...] = ()
    sektor: tuple[str, ...] = ()
    jenis_kelamin: tuple[str, ...] = ()

    def to_filters(self) -> Filters:
        return Filters(tahun_awal=self.tahun_awal, tahun_akhir=self.tahun_akhir,
                       bulan=self.bulan, kode_wilayah=self.wilayah, skema=self.skema,
                       sektor=self.sektor, jenis_kelamin=self.jenis_kelamin)

    def years(self) -> tuple[int, ...]:
        return tuple(range(self.tahun_awal, self.tahun_akhir + 1))

    def with_years(self, first: int, last: int) -> FilterState:
        return replace(self, tahun_awal=first, tahun_akhir=last)

    def is_fine(self) -> bool:
        """Whether the view is restricted below the whole province and year."""
        return bool(self.bulan or self.skema or self.sektor or self.jenis_kelamin)


def default_state(choices: Choices) -> FilterState:
    """The latest full year with figures (a year still running is not compared with whole
    years at a glance: it is one click away), all of Banten."""
    if not choices.years:
        return FilterState(0, 0)
    full = choices.latest_full_year
    latest = full if full in choices.years else choices.years[-1]
    return FilterState(latest, latest)


def _values(raw: str | None, allowed: Sequence[str]) -> tuple[str, ...]:
    if not raw or len(raw) > MAX_LIST_LENGTH:
        return ()
    lookup = {a.casefold(): a for a in allowed}
    picked = [lookup[v.strip().casefold()] for v in raw.split(",")
              if v.strip().casefold() in lookup]
    chosen = tuple(a for a in allowed if a in picked)  # reference order, no duplicates
    return () if len(chosen) == len(allowed) else chosen


def _year_range(raw: str | None, years: Sequence[int]) -> tuple[int, int] | None:
    found = YEARS_FORM.fullmatch(raw) if raw and years else None
    if not found:
        return None
    first, last = sorted((int(found[1]), int(found[2] or found[1])))
    first, last = max(first, years[0]), min(last, years[-1])
    return (first, last) if first <= last else None


def from_params(params: Mapping[str, str], choices: Choices) -> FilterState:
    """Parse the URL; anything malformed or unknown falls back to the default."""
    state = default_state(choices)
    years = _year_range(params.get(PARAMS["tahun"]), choices.years)
    if years:
        state = state.with_years(*years)
    month_text = params.get(PARAMS["bulan"])
    month = int(month_text) if month_text and MONTH_FORM.fullmatch(month_text) else None
    return replace(
        state,
        bulan=month,
        wilayah=_values(params.get(PARAMS["wilayah"]), choices.regions),
        skema=_values(params.get(PARAMS["skema"]), choices.skema),
        sektor=_values(params.get(PARAMS["sektor"]), choices.sektor),
        jenis_kelamin=_values(params.get(PARAMS["jenis_kelamin"]), choices.jenis_kelamin),
    )


def to_params(state: FilterState, choices: Choices) -> dict[str, str]:
    """The URL form of ``state``; defaults are left out so links stay short."""
    default = default_state(choices)
    params: dict[str, str] = {}
    if (state.tahun_awal, state.tahun_akhir) != (default.tahun_awal, default.tahun_akhir):
        params[PARAMS["tahun"]] = (str(state.tahun_awal) if state.tahun_awal == state.tahun_akhir
                                   else f"{state.tahun_awal}-{state.tahun_akhir}")
    if state.bulan:
        params[PARAMS["bulan"]] = str(state.bulan)
    for name in ("wilayah", "skema", "sektor", "jenis_kelamin"):
        values = getattr(state, name)
        if values:
            params[PARAMS[name]] = ",".join(values)
    return params
