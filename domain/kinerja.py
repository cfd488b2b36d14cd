"""Performance against targets (kinerja): achievement (capaian) and status, pure arithmetic.

No Streamlit here: the Kinerja page, its charts, the loaders' ``capaian`` cross-check and the
tests all use these functions. The rules (docs/data-format.md, "Kinerja"):

* higher is better (``arah`` = ``naik``): capaian = realisasi / target x 100;
* lower is better (``turun``): capaian = (2 - realisasi / target) x 100, never below 0 (the
  formula used in Indonesian SAKIP practice: on target = 100 %, twice the target or worse = 0 %);
* a target of 0: capaian is undefined (shown as "—", never 0 or infinity). Status: higher is
  better -> met (any realisation reaches 0); lower is better -> met only if the realisation is 0
  too, else not met;
* no realisation yet -> status ``no_data``, never counted as not met;
* capaian is rounded to one decimal (as shown) before the thresholds apply, so the status always
  agrees with the percentage on the screen: met at ``met`` % or more (default 100), nearly met at
  ``nearly`` % or more (default 90), otherwise not met.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

HIGHER = "naik"
LOWER = "turun"
DIRECTIONS: tuple[str, ...] = (HIGHER, LOWER)

MET = "met"
NEARLY = "nearly"
NOT_MET = "not_met"
NO_DATA = "no_data"
#: Statuses in the order they are counted and listed.
STATUSES: tuple[str, ...] = (MET, NEARLY, NOT_MET, NO_DATA)
#: Decimals capaian is rounded to before the thresholds apply (as it is shown).
DIGITS = 1


@dataclass(frozen=True)
class Thresholds:
    """Capaian (in %) from which an indicator counts as met, and as nearly met."""

    met: float = 100.0
    nearly: float = 90.0

    def __post_init__(self) -> None:
        if not 0 < self.nearly <= self.met:
            raise ValueError(f"thresholds must satisfy 0 < nearly <= met, got nearly="
                             f"{self.nearly}, met={self.met}")


def _missing(value: float | None) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def capaian(target: float, realisasi: float | None, arah: str) -> float | None:
    """Achievement in percent, rounded to one decimal; None when there is no realisation yet or
    the target is 0 (undefined)."""
    if arah not in DIRECTIONS:
        raise ValueError(f"arah must be one of {DIRECTIONS}, got {arah!r}")
    if _missing(realisasi) or _missing(target) or target == 0:
        return None
    ratio = float(realisasi) / float(target)  # type: ignore[arg-type]
    value = ratio * 100 if arah == HIGHER else max(0.0, (2 - ratio) * 100)
    return round(value, DIGITS)


def status(target: float, realisasi: float | None, arah: str,
           thresholds: Thresholds = Thresholds()) -> str:
    """``met``, ``nearly``, ``not_met`` or ``no_data`` (see the module docstring)."""
    if _missing(realisasi):
        return NO_DATA
    if target == 0:
        if arah == HIGHER:
            return MET
        return MET if float(realisasi) == 0 else NOT_MET  # type: ignore[arg-type]
    value = capaian(target, realisasi, arah)
    assert value is not None
    if value >= thresholds.met:
        return MET
    if value >= thresholds.nearly:
        return NEARLY
    return NOT_MET


def assess(rows: pd.DataFrame, thresholds: Thresholds = Thresholds()) -> pd.DataFrame:
    """``rows`` (columns target, realisasi, arah) with ``capaian`` and ``status`` added."""
    values = [capaian(t, None if _missing(r) else r, a)
              for t, r, a in zip(rows["target"], rows["realisasi"], rows["arah"], strict=True)]
    statuses = [status(t, None if _missing(r) else r, a, thresholds)
                for t, r, a in zip(rows["target"], rows["realisasi"], rows["arah"], strict=True)]
    return rows.assign(capaian=pd.Series(values, index=rows.index, dtype="Float64"),
                       status=statuses)


def _quarter_key(value: object) -> int:
    """Annual rows (quarter NULL) sort after quarter 4 of the same year."""
    return 5 if _missing(value) else int(value)  # type: ignore[call-overload]


def per_year(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator and year: the figure the page shows for that year.

    The annual row (no quarter) when its realisation is reported; otherwise the latest quarter
    with a reported (cumulative) realisation; otherwise the annual row, or the latest quarter,
    without realisation (status "no data").
    """
    if rows.empty:
        return rows.copy()
    ranked = rows.assign(
        _reported=rows["realisasi"].notna(),
        _annual=rows["triwulan"].isna(),
        _quarter=[_quarter_key(q) for q in rows["triwulan"]],
    )
    # reported first; among those the annual row, then the latest quarter; the same among the
    # unreported ones
    ranked = ranked.sort_values(["kode_indikator", "tahun", "_reported", "_annual", "_quarter"],
                                ascending=[True, True, False, False, False], kind="stable")
    chosen = ranked.drop_duplicates(["kode_indikator", "tahun"], keep="first")
    return chosen.drop(columns=["_reported", "_annual", "_quarter"]).reset_index(drop=True)


def years(rows: pd.DataFrame) -> list[int]:
    """Every year with a row for some indicator, ascending."""
    return sorted({int(y) for y in rows["tahun"]})


def default_year(rows: pd.DataFrame) -> int | None:
    """The latest year with a reported realisation, else the latest year; None if no rows."""
    if rows.empty:
        return None
    reported = rows[rows["realisasi"].notna()]
    return int((reported if not reported.empty else rows)["tahun"].max())


def counts(statuses: Iterable[str]) -> dict[str, int]:
    """How many indicators have each status (every status present, zeros included)."""
    listed = list(statuses)
    return {name: listed.count(name) for name in STATUSES}


def latest_period(rows: pd.DataFrame) -> tuple[int, int | None] | None:
    """(year, quarter or None for the whole year) of the latest reported realisation."""
    reported = rows[rows["realisasi"].notna()]
    if reported.empty:
        return None
    keyed = reported.assign(_quarter=[_quarter_key(q) for q in reported["triwulan"]])
    last = keyed.sort_values(["tahun", "_quarter"]).iloc[-1]
    return int(last["tahun"]), None if _missing(last["triwulan"]) else int(last["triwulan"])


#: Indicators about internships abroad (pemagangan): their code starts with this, or their name
#: names interns. They are shown marked as such: intern figures, never placement figures.
INTERN_CODE_PREFIX = "MAG-"
_INTERN_WORDS = ("magang", "pemagangan")


def is_intern_indicator(code: object, name: object) -> bool:
    """Whether an indicator counts or measures interns abroad (``MAG-01``, "Peserta magang …")."""
    if str(code or "").upper().startswith(INTERN_CODE_PREFIX):
        return True
    words = str(name or "").lower()
    return any(word in words for word in _INTERN_WORDS)
