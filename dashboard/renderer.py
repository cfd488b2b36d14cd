"""Chart images rendered on the server: one kaleido server per process driving Debian's
Chromium under a lock, and a small byte cache of finished images (dashboard/exports.py)."""


from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import queue
import shutil
import struct
import threading
import time
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import kaleido
import plotly.graph_objects as go

from dashboard.export_meta import (
    DEFAULT_BROWSER,
    DEFAULT_HEIGHT,
    DEFAULT_SCALE,
    DEFAULT_WIDTH,
    RENDER_GRACE,
    RENDER_TIMEOUT,
    ExportMeta,
)
from dashboard.figure_frame import prepare_figure
from dashboard.image_text import png_with_text, svg_with_text
from dashboard.shared_cache import Lru

if TYPE_CHECKING:
    pass



class RendererUnavailable(RuntimeError):
    """No usable Chromium for static images (none found, or it would not start)."""


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
    """For maps (plotly geo): the offline base-map topology of dashboard/map_figure.py, so
    Chromium does not ask plotly's CDN for world_110m.json (offline, the export would fail)."""
    geo_traces = {"choropleth", "scattergeo"}
    if "geo" not in figure.get("layout", {}) and not any(
            trace.get("type") in geo_traces for trace in figure.get("data", [])):
        return None
    from dashboard.map_figure import OFFLINE_TOPOJSON_URL

    return OFFLINE_TOPOJSON_URL


def stop_renderer() -> None:
    """Stop the kaleido server (and its Chromium); the next export starts it again."""
    with _render_lock:
        kaleido.stop_sync_server(silence_warnings=True)


#: Rendered files by figure, format and size (a small thread-safe LRU).
_cache = Lru(256)


def clear_cache() -> None:
    _cache.clear()


def _image(fig: go.Figure | Mapping[str, Any], meta: ExportMeta, fmt: str, key: Hashable,
           width: int, height: int | None, scale: float, framed: bool) -> bytes:
    figure = prepare_figure(fig, meta, width=width, height=height, framed=framed)
    digest = hashlib.sha256(json.dumps(figure, sort_keys=True).encode()).hexdigest()
    cache_key = (key, fmt, width, height, scale, framed,
                 dataclasses.replace(meta, downloaded=None), meta.stamp().date(), digest)
    cached = _cache.get(cache_key)
    if isinstance(cached, bytes):
        return cached
    data = render(figure, fmt, scale)
    if meta.description:
        add_text = png_with_text if fmt == "png" else svg_with_text
        data = add_text(data, meta.title, meta.description, meta.lang)
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
