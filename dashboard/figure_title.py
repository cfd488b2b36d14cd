"""A framed chart's title and subtitle read back as plain text (without plotly's pseudo-HTML
and without the sample mark): what exports name a chart by."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go

from dashboard.escape import from_plotly
from dashboard.i18n import LANGUAGES, t

_TAG = re.compile(r"</?(?:b|i|em|span|sup|sub|a)(?:\s[^>]*)?/?>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _plain(text: str) -> str:
    """Plotly's pseudo-HTML as plain text on one line: tags dropped, entities (data escaped
    by ``escape.plotly``) read back as the characters they stand for."""
    return " ".join(from_plotly(_TAG.sub("", _BREAK.sub(" ", text or ""))).split())


def _figure_dict(fig: go.Figure | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(fig, go.Figure):
        return json.loads(fig.to_json())
    return json.loads(json.dumps(fig, default=str))


def _title_text(layout: Mapping[str, Any]) -> str:
    title = layout.get("title") or {}
    return str(title.get("text") or "") if isinstance(title, Mapping) else str(title)


def _title_lines(layout: Mapping[str, Any]) -> tuple[str, str, bool]:
    """(title, subtitle, sample mark present) from a title written by chart_spec.frame_figure:
    ``[<b>■ sample mark</b><br>]<b>title</b><br><span>subtitle</span>``."""
    lines = [_plain(line) for line in _title_text(layout).split("<br>")]
    marks = _sample_marks()
    sample = any(line.lstrip("■ ").casefold() in marks for line in lines)
    kept = [line for line in lines if line and line.lstrip("■ ").casefold() not in marks]
    return (kept[0] if kept else ""), " ".join(kept[1:]), sample


def title_parts(fig: go.Figure | Mapping[str, Any]) -> tuple[str, str]:
    """(title, subtitle) of a framed figure as plain text, without the sample mark."""
    # the layout alone: the whole figure's JSON (a map's boundaries) is not needed for it
    layout = fig.layout.to_plotly_json() if isinstance(fig, go.Figure) else \
        fig.get("layout", {})
    title, subtitle, _ = _title_lines(layout)
    return title, subtitle


def _sample_marks() -> set[str]:
    return {t("chart.sample_mark", lang).casefold() for lang in LANGUAGES}
