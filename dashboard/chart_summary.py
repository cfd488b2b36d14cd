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

from dashboard.i18n import number, t

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
              sample_mark: str = "") -> str:
    """One or two sentences describing the chart of ``frame`` (``x`` against ``value``)."""
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
    if hidden:
        parts.append(t("summary.hidden", lang, n=number(hidden, lang)))
    return f"{head}. " + " ".join(parts)
