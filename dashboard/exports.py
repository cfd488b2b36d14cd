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

This module is the one name the pages, presentation mode and the deck import; the work is
done by ``export_meta`` (what is exported), ``figure_frame`` (the image's frame),
``renderer`` (kaleido and the byte cache) and ``table_export`` (CSV, XLSX); the formula guard
is ``domain.formula_guard``, shared with the open-data and feedback exports.
"""

from __future__ import annotations

from dashboard.export_meta import (
    DEFAULT_BROWSER,
    DEFAULT_HEIGHT,
    DEFAULT_SCALE,
    DEFAULT_WIDTH,
    GREY,
    LICENCE,
    LICENCE_URL,
    MIME,
    RENDER_GRACE,
    RENDER_TIMEOUT,
    SAMPLE_FILL,
    ExportMeta,
    FigureText,
    date_text,
    download_name,
    time_text,
)
from dashboard.figure_frame import (
    figure_text,
    prepare_figure,
)
from dashboard.figure_title import title_parts
from dashboard.renderer import (
    RendererUnavailable,
    browser_path,
    clear_cache,
    figure_png,
    figure_svg,
    png_size,
    render,
    renderer_available,
    stop_renderer,
)
from dashboard.table_export import (
    header_block,
    table_csv,
    table_rows,
    table_xlsx,
)
from domain.formula_guard import FORMULA_TRIGGERS, neutralise
from domain.reference import WIB

__all__ = [
    "DEFAULT_BROWSER",
    "DEFAULT_HEIGHT",
    "DEFAULT_SCALE",
    "DEFAULT_WIDTH",
    "FORMULA_TRIGGERS",
    "GREY",
    "LICENCE",
    "LICENCE_URL",
    "MIME",
    "RENDER_GRACE",
    "RENDER_TIMEOUT",
    "SAMPLE_FILL",
    "WIB",
    "ExportMeta",
    "FigureText",
    "RendererUnavailable",
    "browser_path",
    "clear_cache",
    "date_text",
    "download_name",
    "figure_png",
    "figure_svg",
    "figure_text",
    "header_block",
    "neutralise",
    "png_size",
    "prepare_figure",
    "render",
    "renderer_available",
    "stop_renderer",
    "table_csv",
    "table_rows",
    "table_xlsx",
    "time_text",
    "title_parts",
]
