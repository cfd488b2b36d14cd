"""What an export describes: the view (``ExportMeta``), its dates in WIB and the file name
of a download. Shared by the image renderer and the table writers (dashboard/exports.py)."""


from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date

from dashboard.figure_title import title_parts
from dashboard.i18n import LOCALES, t
from domain.reference import WIB

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
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
#: Leading characters that make a spreadsheet treat a cell as a formula.
SAMPLE_FILL = "FFDD00"
GREY = "#505a5f"


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
    #: What is counted, when not placements (``export.unit``): interns say so.
    unit: str = ""
    #: The view's filter lines (label, value); None: the placements' scheme, sector, gender.
    filters: tuple[tuple[str, str], ...] | None = None
    #: The chart in one sentence (dashboard/chart_summary.py): the image's alt text, written
    #: into the exported SVG (<desc>) and PNG (Description).
    description: str = ""
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
