"""Kinerja in words and numbers, without Streamlit: a status as icon, words and chip, values
with their units, capaian, periods and quarters, and the sources a chart cites.

The charts (``dashboard/kinerja_charts.py``), the page, the chart summaries and the updates
page read them from here. A status is always shown three ways — colour, an icon of its own
shape and its words — never by colour alone; grey means "no data" only.
"""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import number, percent, t
from dashboard.palette import NOT_REPORTED_COLOUR, PALETTE
from domain import kinerja

#: Status colours from the accessible palette; grey = no data.
STATUS_COLOURS: dict[str, str] = {
    kinerja.MET: PALETTE[1],  # teal
    kinerja.NEARLY: PALETTE[3],  # orange
    kinerja.NOT_MET: PALETTE[2],  # plum
    kinerja.NO_DATA: NOT_REPORTED_COLOUR,
}
#: Light backgrounds of the status chips (dark text on them keeps a high contrast).
STATUS_BACKGROUNDS: dict[str, str] = {
    kinerja.MET: "#E3F4F2", kinerja.NEARLY: "#FDE9DE",
    kinerja.NOT_MET: "#F3E3EB", kinerja.NO_DATA: "#F2F2F2",
}
#: A shape per status, so that it reads without colour too.
STATUS_ICONS: dict[str, str] = {
    kinerja.MET: "✔", kinerja.NEARLY: "◐", kinerja.NOT_MET: "✖",
    kinerja.NO_DATA: "○",
}
TEXT_COLOUR = "#0B0C0C"


def status_text(status: str, lang: str) -> str:
    """``✔ Tercapai`` / ``✔ Met``: the icon and the words of a status."""
    return f"{STATUS_ICONS[status]} {t(f'kinerja.status.{status}', lang)}"


def status_chip(status: str, lang: str) -> str:
    """A status as an inline HTML chip: coloured border and icon, dark text, its words."""
    return (f"<span class='kinerja-chip' data-status='{status}' style='display:inline-block;"
            f"padding:0.1rem 0.65rem;border-radius:1rem;border:2px solid "
            f"{STATUS_COLOURS[status]};background:{STATUS_BACKGROUNDS[status]};"
            f"color:{TEXT_COLOUR};font-weight:600;white-space:nowrap'>"
            f"<span aria-hidden='true' style='color:{STATUS_COLOURS[status]}'>"
            f"{STATUS_ICONS[status]}</span> {t(f'kinerja.status.{status}', lang)}</span>")


def _decimals(value: float) -> int:
    """Decimals needed to show ``value`` as written (at most 2)."""
    for digits in (0, 1):
        if abs(round(value, digits) - value) < 1e-9:
            return digits
    return 2


def value_text(value: object, lang: str) -> str:
    """A target or realisation as written in the file, in the language's number format."""
    number_value = float(value)  # type: ignore[arg-type]
    return number(number_value, lang, _decimals(number_value))


def with_unit(value: object, unit: str, lang: str) -> str:
    """``2.850 orang``, ``96,1%``; ``—`` for a missing value."""
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return "—"
    text = value_text(value, lang)
    return f"{text}%" if unit.strip() == "%" else f"{text} {unit}"


def capaian_text(value: object, lang: str) -> str:
    """``97,9%``; ``—`` when capaian is undefined or not yet known."""
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return "—"
    return percent(float(value) / 100, lang, kinerja.DIGITS)  # type: ignore[arg-type]


def quarter_name(quarter: int, lang: str) -> str:
    return t(f"kinerja.quarter.{quarter}", lang)


def period_label(year: int, quarter: object, lang: str) -> str:
    """``Tahun 2024`` for a whole year, ``s.d. Triwulan III 2025`` for a quarter."""
    if quarter is None or pd.isna(quarter):  # type: ignore[arg-type]
        return t("kinerja.period_year", lang, year=int(year))
    return t("kinerja.period_quarter", lang, quarter=quarter_name(int(quarter), lang),  # type: ignore[call-overload]
             year=int(year))


def until_label(year: int, quarter: object, lang: str) -> str:
    """The date data runs to: ``Triwulan III 2025`` / ``Q3 2025``, or the year."""
    if quarter is None or pd.isna(quarter):  # type: ignore[arg-type]
        return str(int(year))
    return f"{quarter_name(int(quarter), lang)} {int(year)}"  # type: ignore[call-overload]


def axis_label(year: int, quarter: object, lang: str) -> str:
    """A year on a chart's axis; ``2025 (s.d. TW III)`` when the figure is a quarter's."""
    if quarter is None or pd.isna(quarter):  # type: ignore[arg-type]
        return str(int(year))
    return t("kinerja.axis_quarter", lang, year=f"{int(year)}<br>",
             quarter=t(f"kinerja.quarter_short.{int(quarter)}", lang))  # type: ignore[call-overload]


def direction_text(arah: str, lang: str) -> str:
    return t(f"kinerja.direction.{arah}", lang)


def source_text(row: pd.Series) -> str:
    """The row's own citation, else its batch's."""
    for value in (row.get("sumber"), row.get("source")):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return "–"


def sources_text(rows: pd.DataFrame) -> str:
    """Every citation behind ``rows`` (a chart's rows), each once: a row's own source, else its
    batch's, else the file it was loaded from, so a chart or its export always names one."""
    cited = {source_text(row) if source_text(row) != "–" else str(row.get("file_name") or "–")
             for _, row in rows.iterrows()}
    return "; ".join(sorted(cited))


def bar_text(value: object, unit: str, lang: str) -> str:
    """A value as labelled on a bar: the number, with ``%`` for a percentage."""
    text = value_text(value, lang)
    return f"{text}%" if unit.strip() == "%" else text
