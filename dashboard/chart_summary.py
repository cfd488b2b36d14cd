"""A chart in one sentence: the text alternative a screen reader reads, the alt text of an
exported image and of an embed, built from the same figures the chart draws.

The sentence starts with the chart's title and subtitle (which already say what is counted,
where and when — and that a total covers only some regencies or months, dashboard/framing.py),
then gives what a sighted reader takes from the picture: for a series over time its first and
last values and the direction, the highest and the lowest; for categories the largest and the
smallest and how many there are. Values the chart cannot show (suppressed small counts,
breakdowns the source does not report) are counted, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard import chart_spec
from dashboard.i18n import number, t
from dashboard.kinerja_text import capaian_text, until_label, with_unit
from domain import kinerja

#: Columns whose values are ordered in time: the summary reads them as a trend.
TIME_COLUMNS = frozenset({"tahun", "bulan", "periode"})
#: A change smaller than this share of the first value is described as "about the same".
STEADY_SHARE = 0.02


def _shown(value: object, labels: Mapping[str, str]) -> str:
    text = str(value)
    return labels.get(text, text)


def _totals(frame: pd.DataFrame, x: str, value: str) -> tuple[pd.Series, int]:
    """Per x value the sum of the drawable figures (in the frame's order), and how many
    figures could not be drawn (missing or suppressed)."""
    numbers = pd.to_numeric(frame[value], errors="coerce")
    hidden = int(numbers.isna().sum())
    grouped = numbers.groupby(frame[x].astype(str), sort=False).sum(min_count=1).dropna()
    return grouped, hidden


def _direction(first: float, last: float, lang: str) -> str:
    if first == 0:
        return t("summary.rose" if last > 0 else "summary.steady", lang)
    change = (last - first) / abs(first)
    if abs(change) < STEADY_SHARE:
        return t("summary.steady", lang)
    return t("summary.rose" if change > 0 else "summary.fell", lang)


def summarise(frame: pd.DataFrame, x: str, lang: str, *, title: str, subtitle: str = "",
              value: str = "jumlah", labels: Mapping[str, str] | None = None,
              sample_mark: str = "", group: str = "",
              group_labels: Mapping[str, str] | None = None) -> str:
    """One or two sentences describing the chart of ``frame`` (``x`` against ``value``).
    With ``group`` (the series a chart tells apart by colour: stacked or grouped bars, one
    line per series) each series is named with its total, largest first, so that no
    comparison rests on colour alone."""
    labels = labels or {}
    head = " — ".join(part for part in (sample_mark, title, subtitle) if part)
    if frame.empty or x not in frame or value not in frame:
        return t("summary.empty", lang, head=head)
    totals, hidden = _totals(frame, x, value)
    parts: list[str] = []
    if totals.empty:
        parts.append(t("summary.nothing_shown", lang))
    elif x in TIME_COLUMNS and len(totals) > 1:
        first_key, last_key = totals.index[0], totals.index[-1]
        first, last = float(totals.iloc[0]), float(totals.iloc[-1])
        parts.append(t("summary.trend", lang, first=number(first, lang),
                       first_at=_shown(first_key, labels), last=number(last, lang),
                       last_at=_shown(last_key, labels),
                       direction=_direction(first, last, lang)))
        parts.append(t("summary.extremes_time", lang,
                       high=number(float(totals.max()), lang),
                       high_at=_shown(totals.idxmax(), labels),
                       low=number(float(totals.min()), lang),
                       low_at=_shown(totals.idxmin(), labels)))
    elif len(totals) == 1:
        parts.append(t("summary.single", lang, what=_shown(totals.index[0], labels),
                       value=number(float(totals.iloc[0]), lang)))
    else:
        ranked = totals.sort_values(ascending=False, kind="stable")
        parts.append(t("summary.ranking", lang, n=number(len(ranked), lang),
                       top=_shown(ranked.index[0], labels),
                       top_value=number(float(ranked.iloc[0]), lang),
                       bottom=_shown(ranked.index[-1], labels),
                       bottom_value=number(float(ranked.iloc[-1]), lang)))
    if group and group != x and group in frame and group not in TIME_COLUMNS and len(totals):
        parts.append(_series_sentence(frame, group, value, lang, group_labels or {}))
    if hidden:
        parts.append(t("summary.hidden", lang, n=number(hidden, lang)))
    return f"{head}. " + " ".join(part for part in parts if part)


#: At most this many series are named one by one; the rest are counted.
MAX_SERIES = 8


def _series_sentence(frame: pd.DataFrame, group: str, value: str, lang: str,
                     labels: Mapping[str, str]) -> str:
    """"Per skema: P to P 2.150, Mandiri 980, G to G 410." — each series' drawable total
    (the part a source does not break down named as such), largest first; "" for one."""
    numbers = pd.to_numeric(frame[value], errors="coerce")
    keys = frame[group].astype(object).where(frame[group].notna(), None)
    sums: dict[str, float] = {}
    for key, amount in zip(keys, numbers, strict=True):
        if pd.isna(amount):
            continue
        name = t("label.not_reported", lang) if key is None else labels.get(str(key), str(key))
        sums[name] = sums.get(name, 0.0) + float(amount)
    if len(sums) < 2:
        return ""
    ranked = sorted(sums.items(), key=lambda item: -item[1])
    named = ", ".join(f"{name} {number(amount, lang)}" for name, amount in ranked[:MAX_SERIES])
    rest = len(ranked) - MAX_SERIES
    more = t("summary.series_more", lang, n=number(rest, lang)) if rest > 0 else ""
    return t("summary.series", lang, what=t(f"column.{group}", lang).lower(),
             parts=named + more)


# --------------------------------------------------------------------------- Kinerja


def _head(title: str, subtitle: str, sample_mark: str) -> str:
    return " — ".join(part for part in (sample_mark, title, subtitle.replace("<br>", " "))
                      if part)


def kinerja_overview(shown: pd.DataFrame, lang: str, *, title: str, subtitle: str = "",
                     sample_mark: str = "") -> str:
    """The Kinerja overview (every indicator's capaian in a year, bars coloured by status) in
    words: how many indicators, the highest and the lowest capaian with their status, the
    count per status, and how many indicators have no capaian (no bar)."""
    head = _head(title, subtitle, sample_mark)
    if shown.empty:
        return t("summary.empty", lang, head=head)
    assessed = shown[shown["capaian"].notna()].sort_values("capaian", ascending=False,
                                                           kind="stable")
    parts: list[str] = []
    if assessed.empty:
        parts.append(t("summary.nothing_shown", lang))
    else:
        best, worst = assessed.iloc[0], assessed.iloc[-1]
        parts.append(t("summary.kinerja.ranking", lang, n=number(len(shown), lang),
                       top=best["indikator"], top_value=capaian_text(best["capaian"], lang),
                       top_status=t(f"kinerja.status.{best['status']}", lang).lower(),
                       bottom=worst["indikator"],
                       bottom_value=capaian_text(worst["capaian"], lang),
                       bottom_status=t(f"kinerja.status.{worst['status']}", lang).lower()))
    counted = kinerja.counts(shown["status"])
    parts.append("; ".join(f"{t(f'kinerja.status.{status}', lang)}: {number(n, lang)}"
                           for status, n in counted.items() if n) + ".")
    missing = len(shown) - len(assessed)
    if missing:
        parts.append(t("summary.kinerja.no_capaian", lang, n=number(missing, lang)))
    return f"{head}. " + " ".join(parts)


def kinerja_trend(history: pd.DataFrame, lang: str, *, title: str, subtitle: str = "",
                  sample_mark: str = "") -> str:
    """An indicator's trend (realisation as bars, target as a line) in words: the
    realisation from its first to its last reported period with the direction, the highest
    and the lowest, the last target and capaian, and the periods not yet reported."""
    head = _head(title, subtitle, sample_mark)
    if history.empty:
        return t("summary.empty", lang, head=head)
    history = history.sort_values("tahun")
    unit = str(history["satuan"].iloc[-1])
    periods = [until_label(y, q, lang) for y, q in zip(history["tahun"], history["triwulan"],
                                                        strict=True)]
    realised = pd.Series(pd.to_numeric(history["realisasi"], errors="coerce").to_numpy(),
                         index=periods).dropna()
    parts: list[str] = []
    if realised.empty:
        parts.append(t("summary.nothing_shown", lang))
    else:
        def shown(value: float) -> str:
            return with_unit(value, unit, lang)

        if len(realised) > 1:
            first, last = float(realised.iloc[0]), float(realised.iloc[-1])
            parts.append(t("summary.trend", lang, first=shown(first), first_at=realised.index[0],
                           last=shown(last), last_at=realised.index[-1],
                           direction=_direction(first, last, lang)))
            parts.append(t("summary.extremes_time", lang, high=shown(float(realised.max())),
                           high_at=realised.idxmax(), low=shown(float(realised.min())),
                           low_at=realised.idxmin()))
        else:
            parts.append(t("summary.single", lang, what=realised.index[0],
                           value=shown(float(realised.iloc[0]))))
    last_row = history.iloc[-1]
    parts.append(t("summary.kinerja.last_target", lang, period=periods[-1],
                   target=with_unit(last_row["target"], unit, lang),
                   capaian=capaian_text(last_row["capaian"], lang),
                   status=t(f"kinerja.status.{last_row['status']}", lang).lower()))
    missing = int(history["realisasi"].isna().sum())
    if missing:
        parts.append(t("summary.kinerja.not_reported", lang, n=number(missing, lang)))
    return f"{head}. " + " ".join(parts)


def words(fig: go.Figure) -> dict[str, str]:
    """The title, subtitle and sample mark a framed ``fig`` carries, as keyword arguments of
    the summaries above (empty for a figure without a frame)."""
    shown = chart_spec.chart_frame(fig)
    if shown is None:
        return {"title": "", "subtitle": "", "sample_mark": ""}
    return {"title": shown.title, "subtitle": shown.subtitle, "sample_mark": shown.sample_mark}
