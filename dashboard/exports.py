"""Exports of one chart: a static image (PNG, SVG) and the data behind it (CSV, XLSX).

Pure (no Streamlit): the pages' export menu, presentation mode and the slide deck
(``dashboard/deck.py``) call these with a figure from ``dashboard/charts.py``, the frame behind
it and an ``ExportMeta`` describing the view.

Images are rendered on the server by kaleido 1.x driving Debian's Chromium, so they look the
same for everyone and carry the chart's frame: title, a subtitle saying what is counted where
and when, a source line with the data date, the download date and the licence, and the sample
mark for sample data. One kaleido server per process (``kaleido.start_sync_server``), started on
the first export and used under a lock, so threads (Streamlit sessions) take turns. The browser
is never downloaded: ``BROWSER_PATH`` if set, else ``/usr/bin/chromium`` (or ``chromium`` on
PATH); the path is checked before kaleido sees it, because a wrong one makes it hang.

Tables: CSV is comma-separated UTF-8 with a byte-order mark. Comma because it is the standard
(RFC 4180) that pandas, R, Google Sheets, Datawrapper and open-data portals read without
options; the BOM makes Excel read the names as UTF-8. Excel set to Indonesian (list separator
``;``) opens such a file in one column on double-click; those users get the XLSX beside it, and
Excel's Data > From Text/CSV reads the CSV correctly. Numbers are written without thousands
separators, so no locale can misread them. The header block is ``#`` lines (``comment="#"``
in pandas, ``comment.char="#"`` in R). Any text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading ``'`` so a spreadsheet shows it instead of
running it; numbers stay numbers.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import math
import os
import queue
import re
import shutil
import struct
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import kaleido
import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.i18n import LANGUAGES, LOCALES, keys, t

if TYPE_CHECKING:
    from dashboard.context import ViewContext

#: Where Debian puts Chromium; used when BROWSER_PATH is not set.
DEFAULT_BROWSER = Path("/usr/bin/chromium")
#: Seconds kaleido gives one image; this module waits this long plus a grace period (Chromium
#: start included) before it gives up.
RENDER_TIMEOUT = 60.0
RENDER_GRACE = 30.0
DEFAULT_WIDTH = 1200
DEFAULT_SCALE = 2
DEFAULT_HEIGHT = 460
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
#: Indonesia's western time zone (Banten); no daylight saving.
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
#: Leading characters that make a spreadsheet treat a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SAMPLE_FILL = "FFDD00"
GREY = "#505a5f"


class RendererUnavailable(RuntimeError):
    """No usable Chromium for static images (none found, or it would not start)."""


# --------------------------------------------------------------------------- what is exported


@dataclass(frozen=True)
class ExportMeta:
    """The view an export comes from, in the words shown to people (current language).

    Empty scheme/sector/gender mean "all". ``downloaded`` None means now (WIB). ``labels``
    (dimension -> code -> name, as ``ViewContext.labels``) names the codes of raw frames; it is
    left out of equality and hashing.
    """

    lang: str = "id"
    title: str = ""
    subtitle: str = ""
    series: str = ""
    source: str = ""
    sources: tuple[str, ...] = ()
    period: str = ""
    regions: str = ""
    scheme: str = ""
    sector: str = ""
    gender: str = ""
    data_until: str = ""
    threshold: int = 5
    is_sample: bool = False
    licence: str = LICENCE
    permalink: str = ""
    coverage: str = ""  # a sentence when the figures are not complete (framing.coverage_note)
    downloaded: dt.datetime | None = None
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False,
                                                    hash=False)

    @classmethod
    def for_view(cls, ctx: ViewContext, *, fig: go.Figure | None = None, title: str = "",
                 subtitle: str = "", sources: Sequence[str] = (),
                 permalink: str = "", coverage: str = "",
                 frame: pd.DataFrame | None = None) -> ExportMeta:
        """The meta of a chart (or deck) of the view ``ctx``; title and subtitle from ``fig``
        unless given. ``sources`` are the full citations (``data.sources``)."""
        from dashboard import framing  # the view's words need Streamlit's context

        if fig is not None:
            shown_title, shown_subtitle = title_parts(fig)
            title, subtitle = title or shown_title, subtitle or shown_subtitle
        short = sources[0] if len(sources) == 1 and len(sources[0]) <= 90 else ctx.series_source

        def names(dimension: str, values: Sequence[str]) -> str:
            mapping = ctx.labels.get(dimension, {})
            return ", ".join(mapping.get(v, v) for v in values)

        labels = {name: dict(mapping) for name, mapping in ctx.labels.items()}
        return cls(
            lang=ctx.lang, title=title, subtitle=subtitle, series=ctx.series_name,
            source=short, sources=tuple(sources),
            period=framing.period_of(ctx, frame) if frame is not None else ctx.period_text(),
            regions=framing.where_text(ctx, frame) if frame is not None else
            ctx.regions_text(), coverage=coverage, scheme=names("skema", ctx.state.skema),
            sector=names("sektor", ctx.state.sektor),
            gender=names("jenis_kelamin", ctx.state.jenis_kelamin),
            data_until=ctx.until_text(), threshold=ctx.threshold, is_sample=ctx.is_sample,
            permalink=permalink, labels=labels,
        )

    def stamp(self) -> dt.datetime:
        """The download time (now, in WIB, unless set)."""
        when = self.downloaded or dt.datetime.now(WIB)
        return when if when.tzinfo else when.replace(tzinfo=WIB)

    def all_text(self) -> str:
        return t("filter.all", self.lang)


@dataclass(frozen=True)
class FigureText:
    """The frame of an exported chart, as plain text."""

    title: str
    subtitle: str
    footer: str  # source · data date · download date · licence
    sample_mark: str  # "" when not sample data


def date_text(when: dt.date, lang: str) -> str:
    """``12 Juni 2025`` / ``12 June 2025``."""
    return format_date(when, "d MMMM yyyy", locale=LOCALES.get(lang, LOCALES["id"]))


def time_text(when: dt.datetime, lang: str) -> str:
    """``12 Juni 2025 14.05 WIB`` / ``12 June 2025 14:05 WIB``."""
    local = when.astimezone(WIB)
    clock = local.strftime("%H.%M" if lang == "id" else "%H:%M")
    return f"{date_text(local.date(), lang)} {clock} WIB"


def download_name(meta: ExportMeta, extension: str) -> str:
    """A file name for the browser: ``pmi-banten_<title>_<yyyymmdd>.<ext>``."""
    slug = re.sub(r"[^a-z0-9]+", "-", meta.title.casefold()).strip("-")[:60].strip("-")
    day = meta.stamp().astimezone(WIB).strftime("%Y%m%d")
    sample = "_contoh" if meta.is_sample else ""
    return f"pmi-banten{sample}_{slug or 'grafik'}_{day}.{extension}"


# --------------------------------------------------------------------------- the figure's frame

_TAG = re.compile(r"</?(?:b|i|em|span|sup|sub|a)(?:\s[^>]*)?/?>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _plain(text: str) -> str:
    """Plotly's pseudo-HTML as plain text on one line."""
    return " ".join(_TAG.sub("", _BREAK.sub(" ", text or "")).split())


def _figure_dict(fig: go.Figure | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(fig, go.Figure):
        return json.loads(fig.to_json())
    return json.loads(json.dumps(fig, default=str))


def _title_text(layout: Mapping[str, Any]) -> str:
    title = layout.get("title") or {}
    return str(title.get("text") or "") if isinstance(title, Mapping) else str(title)


def _title_lines(layout: Mapping[str, Any]) -> tuple[str, str, bool]:
    """(title, subtitle, sample mark present) from a title written by charts.frame_figure:
    ``[<b>■ sample mark</b><br>]<b>title</b><br><span>subtitle</span>``."""
    lines = [_plain(line) for line in _title_text(layout).split("<br>")]
    marks = _sample_marks()
    sample = any(line.lstrip("■ ").casefold() in marks for line in lines)
    kept = [line for line in lines if line and line.lstrip("■ ").casefold() not in marks]
    return (kept[0] if kept else ""), " ".join(kept[1:]), sample


def title_parts(fig: go.Figure | Mapping[str, Any]) -> tuple[str, str]:
    """(title, subtitle) of a framed figure as plain text, without the sample mark."""
    layout = _figure_dict(fig).get("layout", {}) if isinstance(fig, go.Figure) else \
        fig.get("layout", {})
    title, subtitle, _ = _title_lines(layout)
    return title, subtitle


def _is_footer(annotation: Mapping[str, Any]) -> bool:
    """The source line charts.frame_figure puts under the plot."""
    return (annotation.get("xref") == "paper" and annotation.get("yref") == "paper"
            and annotation.get("y") == 0 and (annotation.get("yshift") or 0) < 0
            and annotation.get("showarrow") is False)


def _sample_marks() -> set[str]:
    return {t("chart.sample_mark", lang).casefold() for lang in LANGUAGES}


def _is_sample_mark(annotation: Mapping[str, Any]) -> bool:
    return _plain(str(annotation.get("text", ""))).casefold() in _sample_marks()


def figure_text(fig: go.Figure | Mapping[str, Any], meta: ExportMeta) -> FigureText:
    """Title, subtitle, source line and sample mark of the exported figure.

    What the figure says is kept; what it lacks comes from ``meta``: the title and subtitle,
    the source line, the download date, the licence, the sample mark.
    """
    figure = _figure_dict(fig)
    layout = figure.get("layout", {})
    title, subtitle = title_parts(figure)
    title = title or meta.title
    subtitle = subtitle or meta.subtitle or t(
        "chart.subtitle", meta.lang, what=t("what.placements", meta.lang),
        regions=meta.regions or t("label.all_banten", meta.lang), period=meta.period,
        series=meta.series)
    annotations = layout.get("annotations", []) or []
    footers = [_plain(_BREAK.sub(" · ", str(a.get("text", ""))))
               for a in annotations if _is_footer(a)]
    footer = footers[0] if footers else t("export.source_line", meta.lang, source=meta.source,
                                          until=meta.data_until or "–")
    parts = [p.strip() for p in footer.split(" · ") if p.strip()]
    downloaded = t("export.downloaded", meta.lang, date=date_text(meta.stamp().date(),
                                                                  meta.lang))
    licence = t("export.licence", meta.lang, licence=meta.licence)
    if downloaded not in parts:
        # before the licence when the footer ends with it ("… · Lisensi CC BY 4.0")
        at = parts.index(licence) if licence in parts else len(parts)
        parts.insert(at, downloaded)
    if not any(meta.licence in p for p in parts):
        parts.append(licence)
    sample = meta.is_sample or _title_lines(layout)[2] or \
        any(_is_sample_mark(a) for a in annotations)
    return FigureText(title=title, subtitle=subtitle, footer=" · ".join(parts),
                      sample_mark=t("chart.sample_mark", meta.lang) if sample else "")


def _wrap(text: str, limit: int, separators: Sequence[str] = (" · ", ", ", " ")) -> list[str]:
    """Greedy line breaks at the first separator kind that makes the lines fit."""
    if len(text) <= limit:
        return [text]
    for separator in separators:
        pieces = text.split(separator)
        if len(pieces) < 2:
            continue
        lines: list[str] = []
        for piece in pieces:
            if lines and len(lines[-1]) + len(separator) + len(piece) <= limit:
                lines[-1] += separator + piece
            else:
                if lines and separator.strip():
                    lines[-1] += separator.rstrip()
                lines.append(piece)
        if all(len(line) <= limit for line in lines):
            return lines
    return [text[i:i + limit] for i in range(0, len(text), limit)]


def _chars(width_px: float, font_px: float, factor: float = 0.55) -> int:
    return max(20, int(width_px / (font_px * factor)))


def prepare_figure(fig: go.Figure | Mapping[str, Any], meta: ExportMeta, *,
                   width: int = DEFAULT_WIDTH, height: int | None = None,
                   framed: bool = True) -> dict[str, Any]:
    """The figure as it is exported (plotly JSON): a fixed size, and margins that leave room
    for every line of text.

    ``framed``: with title, subtitle, source line and sample mark drawn in the image (a chart
    for an article); without (``False``), just the plot, for a slide that writes the frame as
    text around it.
    """
    figure = _figure_dict(fig)
    layout = figure.setdefault("layout", {})
    text = figure_text(figure, meta)
    kept = [a for a in layout.get("annotations", []) or []
            if not _is_footer(a) and not _is_sample_mark(a)]
    legend = bool(layout.get("showlegend"))
    if not framed:
        layout.pop("title", None)
        layout["annotations"] = kept
        layout["margin"] = {"l": 12, "r": 12, "t": 44 if legend else 12, "b": 12, "pad": 0}
        size_height = height or int(layout.get("height") or DEFAULT_HEIGHT)
    else:
        below = _x_labels_height(figure, width)
        size_height = _frame(layout, kept, text, width, height, legend, below)
    layout.update(width=width, height=size_height, autosize=False)
    return figure


def _x_labels_height(figure: dict[str, Any], width: int) -> int:
    """Pixels the x axis' labels (and title) take under the plot, so the source line can go
    below them. Category labels that would not fit side by side are turned (30 or 90 degrees)
    here, as plotly would, so that their height is known."""
    layout = figure["layout"]
    axis = layout.setdefault("xaxis", {})
    font = float((layout.get("font") or {}).get("size") or 12)
    title = axis.get("title")
    titled = bool(title.get("text") if isinstance(title, Mapping) else title)
    extra = font * 1.4 + 8 if titled else 0
    if axis.get("side") == "top" or axis.get("showticklabels") is False:
        return int(extra)
    labels = [str(v) for trace in figure.get("data", []) if trace.get("orientation") != "h"
              and isinstance(trace.get("x"), list) for v in trace["x"]]
    if axis.get("type") != "category" or not labels:
        return int(font * 1.4 + 8 + extra)
    count, longest = len(set(labels)), max(len(label) for label in labels) * font * 0.56
    plot_width = width - 48 - 60
    if count * (longest + 12) <= plot_width:
        return int(font * 1.4 + 8 + extra)
    angle = 30 if count * font * 2 <= plot_width else 90
    axis["tickangle"] = -angle
    turned = longest * math.sin(math.radians(angle)) + font * math.cos(math.radians(angle))
    return int(turned + 10 + extra)


def _frame(layout: dict[str, Any], kept: list[dict[str, Any]], text: FigureText, width: int,
           height: int | None, legend: bool, below: int) -> int:
    """Draw title, subtitle, footer and sample mark into ``layout``; returns the height.
    ``below``: pixels under the plot taken by the x axis."""
    mark_px = 24 + 8 * len(text.sample_mark) if text.sample_mark else 0
    title_lines = _wrap(text.title, _chars(width - 48 - mark_px, 18, 0.6))
    sub_lines = _wrap(text.subtitle, _chars(width - 48, 14.4))
    foot_lines = _wrap(text.footer, _chars(width - 48, 11))
    # plotly puts the first line of a multi-line title at pad.t - 13 px, then ~23 px a line
    top = 30 + 23 * (len(title_lines) + len(sub_lines)) + (38 if legend else 16)
    gap = max(below + 14, 36)  # from the plot's bottom edge to the source line
    bottom = gap + 15 * len(foot_lines) + 12
    base = int(layout.get("height") or DEFAULT_HEIGHT)
    total = height or max(base, base - 96 - 96 + top + bottom)
    title_html = "<br>".join(f"<b>{line}</b>" for line in title_lines)
    sub_html = "<br>".join(f"<span style='font-size:0.8em;color:{GREY}'>{line}</span>"
                           for line in sub_lines)
    layout["title"] = {**(layout.get("title") or {}),
                       "text": f"{title_html}<br>{sub_html}", "x": 24 / width,
                       "xanchor": "left", "xref": "container", "y": 1, "yanchor": "top",
                       "yref": "container", "pad": {"t": 28, "b": 0, "l": 0, "r": 0}}
    layout["margin"] = {"l": 24, "r": 24, "t": top, "b": bottom, "pad": 0}
    kept.append({"text": "<br>".join(foot_lines), "xref": "paper", "yref": "paper", "x": 0,
                 "y": 0, "xanchor": "left", "yanchor": "top", "yshift": -gap,
                 "showarrow": False, "align": "left", "font": {"size": 11, "color": GREY}})
    if text.sample_mark:
        kept.append({"text": f"<b>{text.sample_mark}</b>", "xref": "paper", "yref": "paper",
                     "x": 1, "y": 1, "xanchor": "right", "yanchor": "top", "yshift": top - 10,
                     "showarrow": False, "bgcolor": f"#{SAMPLE_FILL}", "borderpad": 4,
                     "font": {"size": 12, "color": "#0B0C0C"}})
    layout["annotations"] = kept
    return total


# --------------------------------------------------------------------------- rendering

_render_lock = threading.Lock()
_broken: str | None = None  # why exports stopped working in this process, if they did


def browser_path() -> Path:
    """The Chromium kaleido drives: BROWSER_PATH if set, else Debian's. Checked to exist and
    be executable (a wrong path makes kaleido hang); never downloaded."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        candidates = [Path(configured)]
    else:
        found = [shutil.which(name) for name in ("chromium", "chromium-browser")]
        candidates = [DEFAULT_BROWSER, *(Path(p) for p in found if p)]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    where = f"BROWSER_PATH={configured!r}" if configured else str(DEFAULT_BROWSER)
    raise RendererUnavailable(
        f"no Chromium at {where}: install Debian's (apt-get install chromium fonts-liberation) "
        "or set BROWSER_PATH to a Chrome/Chromium executable")


def renderer_available() -> bool:
    """Whether static images can be made here (a Chromium was found)."""
    try:
        browser_path()
    except RendererUnavailable:
        return False
    return True


def _server_thread() -> threading.Thread | None:
    # kaleido keeps its server's thread private; it dies when Chromium fails to start, and a
    # request to a dead server would wait forever.
    return getattr(getattr(kaleido, "_global_server", None), "_thread", None)


def _ensure_server() -> None:
    path = browser_path()
    thread = _server_thread()
    if kaleido._global_server.is_running() and thread is not None and thread.is_alive():
        return
    kaleido.stop_sync_server(silence_warnings=True)
    kaleido.start_sync_server(path=str(path), mathjax=False, timeout=RENDER_TIMEOUT,
                              silence_warnings=True)


def _call_server(figure: dict[str, Any], options: dict[str, Any],
                 topojson: str | None = None) -> bytes:
    """One request to the kaleido server, given up on if Chromium died or took too long."""
    global _broken
    answers: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=1)

    def ask() -> None:
        try:
            answers.put((True, kaleido.calc_fig_sync(figure, opts=options,
                                                     topojson=topojson)))
        except Exception as exc:  # handed to the caller below
            answers.put((False, exc))

    threading.Thread(target=ask, daemon=True, name="export-render").start()
    start = time.monotonic()
    deadline = start + RENDER_TIMEOUT + RENDER_GRACE
    while True:
        try:
            _, value = answers.get(timeout=0.25)
        except queue.Empty:
            thread = _server_thread()
            if thread is not None and not thread.is_alive():
                kaleido.stop_sync_server(silence_warnings=True)
                raise RendererUnavailable(
                    f"Chromium ({browser_path()}) stopped or did not start") from None
            if time.monotonic() > deadline:
                # kaleido's server answers requests in order; with one left unanswered, a later
                # answer could go to the wrong caller, so no more exports in this process
                _broken = f"Chromium gave no image in {deadline - start:.0f} s; restart the app"
                raise RendererUnavailable(_broken) from None
            continue
        if isinstance(value, BaseException):
            raise RendererUnavailable(f"image export failed: {value}") from value
        return bytes(value)  # type: ignore[arg-type]


def render(figure: dict[str, Any], fmt: str, scale: float = 1) -> bytes:
    """Plotly JSON -> PNG or SVG bytes, through this process's one kaleido server."""
    layout = figure.get("layout", {})
    options = {"format": fmt, "width": int(layout.get("width") or DEFAULT_WIDTH),
               "height": int(layout.get("height") or DEFAULT_HEIGHT), "scale": scale}
    with _render_lock:
        if _broken:
            raise RendererUnavailable(_broken)
        _ensure_server()
        return _call_server(figure, options, _topojson(figure))


def _topojson(figure: Mapping[str, Any]) -> str | None:
    """For maps (plotly geo): the offline base-map topology of geo/figure.py, so Chromium does
    not ask plotly's CDN for world_110m.json (offline, the export would fail)."""
    geo_traces = {"choropleth", "scattergeo"}
    if "geo" not in figure.get("layout", {}) and not any(
            trace.get("type") in geo_traces for trace in figure.get("data", [])):
        return None
    from geo.figure import OFFLINE_TOPOJSON_URL

    return OFFLINE_TOPOJSON_URL


def stop_renderer() -> None:
    """Stop the kaleido server (and its Chromium); the next export starts it again."""
    with _render_lock:
        kaleido.stop_sync_server(silence_warnings=True)


class _BytesCache:
    """A small thread-safe LRU of rendered files."""

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: bytes) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


_cache = _BytesCache()


def clear_cache() -> None:
    _cache.clear()


def _image(fig: go.Figure | Mapping[str, Any], meta: ExportMeta, fmt: str, key: Hashable,
           width: int, height: int | None, scale: float, framed: bool) -> bytes:
    figure = prepare_figure(fig, meta, width=width, height=height, framed=framed)
    digest = hashlib.sha256(json.dumps(figure, sort_keys=True).encode()).hexdigest()
    cache_key = (key, fmt, width, height, scale, framed,
                 dataclasses.replace(meta, downloaded=None), meta.stamp().date(), digest)
    cached = _cache.get(cache_key)
    if cached is not None:
        return cached
    data = render(figure, fmt, scale)
    _cache.put(cache_key, data)
    return data


def figure_png(fig: go.Figure | Mapping[str, Any], meta: ExportMeta, *, key: Hashable = None,
               width: int = DEFAULT_WIDTH, height: int | None = None,
               scale: float = DEFAULT_SCALE, framed: bool = True) -> bytes:
    """The chart as a PNG, ``width`` x height CSS pixels at ``scale`` (2400 px wide by
    default). Cached by ``key`` (e.g. chart key, filter state, store version, language) and
    the figure itself; ``RendererUnavailable`` when there is no Chromium."""
    return _image(fig, meta, "png", key, width, height, scale, framed)


def figure_svg(fig: go.Figure | Mapping[str, Any], meta: ExportMeta, *, key: Hashable = None,
               width: int = DEFAULT_WIDTH, height: int | None = None,
               framed: bool = True) -> bytes:
    """The chart as SVG (text stays text: title, source line and marks can be searched)."""
    return _image(fig, meta, "svg", key, width, height, 1, framed)


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


# --------------------------------------------------------------------------- tables

_INT_PATTERNS = {"id": re.compile(r"-?\d{1,3}(?:\.\d{3})+"),
                 "en": re.compile(r"-?\d{1,3}(?:,\d{3})+")}
_PLAIN_INT = re.compile(r"-?(?:0|[1-9]\d*)")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading ``'``; anything else
    (numbers included, negative ones too) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _number(value: object) -> object:
    """Numpy and pandas scalars as Python numbers; missing as None."""
    if _missing(value):
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):
        value = value.item()  # type: ignore[union-attr]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _parse_shown(value: str, lang: str) -> int | None:
    """``"1.234"`` (id) / ``"1,234"`` (en) / ``"56"`` -> the integer; else None."""
    text = value.strip()
    if _PLAIN_INT.fullmatch(text):
        return int(text)
    if _INT_PATTERNS.get(lang, _INT_PATTERNS["id"]).fullmatch(text):
        return int(re.sub(r"[.,]", "", text))
    return None


def _shown_column(values: Sequence[object], lang: str, threshold: int) -> list[object]:
    """A displayed column: numbers back to numbers when the whole column is numbers (or the
    small-count mark), otherwise text as shown."""
    mark = f"<{threshold}"
    parsed: list[object] = []
    for value in values:
        if _missing(value) or value == "":
            parsed.append(None)
        elif not isinstance(value, str):
            parsed.append(_number(value))
        elif value == mark:
            parsed.append(mark)
        else:
            number = _parse_shown(value, lang)
            if number is None:
                return [None if _missing(v) else v for v in values]
            parsed.append(number)
    return parsed


def _name_column(column: str) -> str:
    return "nama_wilayah" if column == "kode_wilayah" else f"nama_{column}"


def _name(column: str, value: object, meta: ExportMeta) -> str:
    if _missing(value):
        key = "label.banten_not_broken_down" if column == "kode_wilayah" else \
            "label.not_reported"
        return t(key, meta.lang)
    return meta.labels.get(column, {}).get(str(value), str(value))


def table_rows(frame: pd.DataFrame, meta: ExportMeta) -> tuple[list[str], list[list[object]]]:
    """Column names and rows of a table export, values typed (int, str or None).

    A raw frame (store columns with ``jumlah`` and ``ditekan``, as the query layer returns it)
    keeps its codes, gains a name column after each labelled one (``nama_wilayah``,
    ``nama_negara_tujuan`` …) and shows suppressed counts as ``<5``. A displayed frame
    (``render.display_table``) is kept as shown, its numbers read back into numbers.
    """
    if "jumlah" not in frame.columns:
        headers = [str(c) for c in frame.columns]
        columns = [_shown_column(frame[c].tolist(), meta.lang, meta.threshold)
                   for c in frame.columns]
        return headers, [list(row) for row in zip(*columns, strict=True)] if columns else []
    suppressed = frame["ditekan"].to_numpy(dtype=bool) if "ditekan" in frame else \
        [False] * len(frame)
    headers: list[str] = []
    columns: list[list[object]] = []
    for column in (c for c in frame.columns if c != "ditekan"):
        values = frame[column].tolist()
        if column == "jumlah":
            columns.append([f"<{meta.threshold}" if s else _number(v)
                            for v, s in zip(values, suppressed, strict=True)])
        else:
            columns.append([_number(v) for v in values])
        headers.append(str(column))
        if column == "kode_wilayah" or column in meta.labels:
            headers.append(_name_column(str(column)))
            columns.append([_name(str(column), v, meta) for v in values])
    return headers, [list(row) for row in zip(*columns, strict=True)]


def header_block(meta: ExportMeta, headers: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(label, value) lines naming what the table is: title, source, series, period,
    filters, unit, small-count rule, licence, data date, download time, sample mark."""
    lang = meta.lang
    lines: list[tuple[str, str]] = []
    if meta.is_sample:
        lines.append((t("chart.sample_mark", lang), t("badge.sample", lang)))
    lines += [
        (t("export.field.dashboard", lang), t("app.title", lang)),
        (t("export.field.title", lang), meta.title),
        (t("export.field.counted", lang), meta.subtitle),
        (t("export.field.source", lang), meta.source),
    ]
    if meta.sources and tuple(meta.sources) != (meta.source,):
        lines.append((t("export.field.citations", lang), "; ".join(meta.sources)))
    if meta.coverage:
        lines.append((t("export.field.coverage", lang), meta.coverage))
    lines += [
        (t("control.series", lang), meta.series),
        (t("export.field.period", lang), meta.period),
        (t("filter.regions", lang), meta.regions or t("label.all_banten", lang)),
        (t("filter.skema", lang), meta.scheme or meta.all_text()),
        (t("filter.sektor", lang), meta.sector or meta.all_text()),
        (t("filter.gender", lang), meta.gender or meta.all_text()),
        (t("export.field.unit", lang), t("export.unit", lang)),
        (t("export.field.small_counts", lang),
         t("export.small_counts", lang, threshold=meta.threshold)),
        (t("export.field.licence", lang),
         t("export.licence_terms", lang, licence=meta.licence, url=LICENCE_URL)),
        (t("export.field.data_until", lang), meta.data_until or "–"),
        (t("export.field.downloaded", lang), time_text(meta.stamp(), lang)),
    ]
    if meta.permalink:
        lines.append((t("export.field.link", lang), meta.permalink))
    described = [(h, t(f"dictionary.{h}", lang)) for h in headers
                 if f"dictionary.{h}" in _dictionary_keys()]
    described += [(h, t("export.name_column", lang, column=h[len("nama_"):]))
                  for h in headers if h.startswith("nama_")]
    lines += [(t("export.field.column", lang, column=h), text) for h, text in described]
    return [(label, value) for label, value in lines if value]


def _dictionary_keys() -> set[str]:
    return {k for k in keys() if k.startswith("dictionary.")}


def _csv_comment(label: str, value: str) -> str:
    """One ``# label: value`` line, safe when a spreadsheet splits it at its commas."""
    text = " ".join(f"# {label}: {value}".split())
    segments = text.split(",")
    return ",".join([segments[0], *(_guard_segment(s) for s in segments[1:])])


def _guard_segment(segment: str) -> str:
    stripped = segment.lstrip(" ")
    if stripped.startswith(FORMULA_TRIGGERS) or stripped.startswith('"'):
        return segment[:len(segment) - len(stripped)] + "'" + stripped
    return segment


def table_csv(frame: pd.DataFrame, meta: ExportMeta) -> bytes:
    """The data behind a chart as CSV (comma, UTF-8 with BOM, CRLF), after ``#`` header lines.

    Read it back with ``pandas.read_csv(f, comment="#")``.
    """
    headers, rows = table_rows(frame, meta)
    out = io.StringIO()
    for label, value in header_block(meta, headers):
        out.write(_csv_comment(label, value) + "\r\n")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def table_xlsx(frame: pd.DataFrame, meta: ExportMeta) -> bytes:
    """The data behind a chart as XLSX: a data sheet (a few header rows, then the table;
    numbers as numbers) and a "Keterangan"/"About" sheet with the full header block."""
    headers, rows = table_rows(frame, meta)
    text = figure_text({"layout": {}}, meta)  # subtitle and source line as on the images
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(t("export.sheet.data", meta.lang))
    top = [(meta.title, Font(bold=True, size=14)),
           (text.subtitle, Font(color="505A5F")),
           (text.footer, Font(color="505A5F", size=9))]
    if meta.is_sample:
        top.insert(0, (t("chart.sample_mark", meta.lang), Font(bold=True)))
    for row_number, (value, font) in enumerate(top, start=1):
        cell = sheet.cell(row=row_number, column=1)
        _write(cell, value)
        cell.font = font
        if value == t("chart.sample_mark", meta.lang):
            cell.fill = PatternFill("solid", fgColor=SAMPLE_FILL)
    first = len(top) + 2
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=first, column=column)
        _write(cell, header)
        cell.font = Font(bold=True)
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=first + offset, column=column)
            _write(cell, value)
            if isinstance(value, str) and value.startswith("<"):
                cell.alignment = Alignment(horizontal="right")
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    for column, header in enumerate(headers, start=1):
        longest = max([len(str(header))] + [len(str(r[column - 1])) for r in rows[:500]])
        sheet.column_dimensions[get_column_letter(column)].width = min(60, longest + 2)
    about = book.create_sheet(_sheet_title(t("export.sheet.about", meta.lang)))
    for row_number, (label, value) in enumerate(header_block(meta, headers), start=1):
        _write(about.cell(row=row_number, column=1), label).font = Font(bold=True)
        _write(about.cell(row=row_number, column=2), value).alignment = \
            Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 100
    book.properties.title = meta.title
    book.properties.creator = t("app.title", meta.lang)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Data"


def _write(cell: Any, value: object) -> Any:
    """Numbers as numbers; text neutralised and always stored as text (never a formula)."""
    value = neutralise(_number(value))
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
