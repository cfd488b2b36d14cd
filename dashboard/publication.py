"""Which charts the static publication holds (its ``manifest.json``, written by
dashboard/publish.py), so that a chart's embed snippet (dashboard/embed.py) can point to the
chart's file there instead of carrying the image: an embedded chart in a popular article then
costs the live dashboard nothing.

A live chart is the published one only when it draws the same figures: the page's chart is
one the publication bakes (:data:`PAGE_CHARTS`), in the same series and language, the view has
no filter beyond the years (no regency, month, scheme, sector or gender), its years are the
published ones (every year for a chart over time; one published year for the others), and the
published chart's one-sentence summary — title, subtitle and key numbers — equals the live
chart's. A publication made before the latest load therefore never stands in for newer figures.
The manifest is read once per change of the file; an unreadable one counts as no publication.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from domain.config import PublicationSettings
from domain.filters import FilterState

MANIFEST = "manifest.json"
#: The pages' chart keys (``render.chart(..., key=…)``) whose chart the publication bakes, and
#: the publication's name for it (dashboard/publish.py ``CHARTS``).
PAGE_CHARTS: Mapping[str, str] = {
    "ringkasan_trend": "tren",
    "skema_year": "skema",
    "sektor_region": "sektor",
    "negara_top": "negara",
}
_SIZE = re.compile(rb'<svg\b[^>]*?\bwidth="([0-9]+(?:\.[0-9]+)?)"[^>]*?'
                   rb'\bheight="([0-9]+(?:\.[0-9]+)?)"', re.S)


@dataclass(frozen=True)
class StaticChart:
    """A published chart: its SVG's public address, its size and its summary (alt text)."""

    url: str
    summary: str
    width: int | None = None
    height: int | None = None


def svg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from an SVG's root element, when it states them in pixels."""
    found = _SIZE.search(data[:4096])
    return (round(float(found[1])), round(float(found[2]))) if found else None


@lru_cache(maxsize=4)
def _charts(path: Path, mtime_ns: int, size: int) -> tuple[dict[str, Any], ...]:
    """The manifest's charts (read again when the file changes: its time and size key it)."""
    manifest = json.loads(path.read_text(encoding="utf-8"))
    charts = manifest.get("charts") if isinstance(manifest, dict) else None
    if not isinstance(charts, list):
        return ()
    return tuple(c for c in charts if isinstance(c, dict))


def manifest_charts(folder: Path) -> tuple[dict[str, Any], ...]:
    """The charts listed in ``folder``'s manifest; none when there is no readable one."""
    path = folder / MANIFEST
    try:
        stat = path.stat()
        return _charts(path, stat.st_mtime_ns, stat.st_size)
    except (OSError, ValueError):
        return ()


def published_year(state: FilterState, years: Sequence[int],
                   over_time: bool) -> tuple[bool, int | None]:
    """Whether a view can be a published chart, and which year's (None: the chart over every
    year). ``years``: the series' years; ``over_time``: the chart spans every year."""
    if state.bulan or state.wilayah or state.skema or state.sektor or state.jenis_kelamin:
        return False, None
    if over_time:
        # the page draws every year when one year is chosen, or when the range is all of them
        every = state.tahun_awal == state.tahun_akhir or (
            bool(years) and (state.tahun_awal, state.tahun_akhir) == (years[0], years[-1]))
        return every, None
    if state.tahun_awal != state.tahun_akhir:
        return False, None
    return True, state.tahun_awal


def static_chart(settings: PublicationSettings, chart_key: str, series: str, lang: str,
                 state: FilterState, years: Sequence[int], summary: str) -> StaticChart | None:
    """The published file of the page's chart ``chart_key`` in this view, or None: no
    publication configured, a chart or view it does not hold, or other figures in it."""
    kind = PAGE_CHARTS.get(chart_key)
    if not settings.configured or settings.folder is None or kind is None or not summary:
        return None
    mine = [c for c in manifest_charts(settings.folder)
            if c.get("series") == series and c.get("key") == kind and c.get("lang") == lang]
    over_time = any(c.get("year") is None for c in mine)
    possible, year = published_year(state, years, over_time)
    if not possible:
        return None
    for chart in mine:
        files = chart.get("files")
        svg = files.get("svg") if isinstance(files, dict) else None
        if chart.get("year") != year or chart.get("summary") != summary or \
                not isinstance(svg, str):
            continue
        local = settings.folder / svg
        try:
            local.resolve().relative_to(settings.folder.resolve())
            with local.open("rb") as fh:
                size = svg_size(fh.read(4096))
        except (OSError, ValueError):
            continue
        address = f"{settings.url}/{urllib.parse.quote(svg)}"
        return StaticChart(address, summary, *(size or (None, None)))
    return None
