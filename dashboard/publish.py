"""Static publication: the dashboard's main charts, their data and the open data as plain files
that any web server, the PPID website or a CDN can serve to any number of readers — and that
news sites can embed — without the live server doing any work per reader.

    python -m dashboard.publish OUT [--series ID ...] [--years N] [--live-url URL] [--db PATH]

(``python -m loaders publish OUT …`` runs the same command.) For each published series (the
deployment's ``default_series``, config/dasbor.toml, unless ``--series`` names others) it
writes into OUT:

* ``<series>/tren.<lang>.{svg,png,csv}`` and ``<series>/skema…``: the charts over every year;
* ``<series>/<year>/{wilayah,sektor,negara}.<lang>.{svg,png,csv}`` for the latest ``--years``
  years (2): placements per regency, sector per regency, top destinations;
  a chart the series does not report (no scheme, no sector…) is left out, as on the pages;
* ``data-terbuka/`` (the Frictionless Data Package of loaders/open_data.py: CSVs and
  ``datapackage.json``) and ``data-terbuka.xlsx``;
* ``index.html`` (Indonesian) and ``index.en.html`` (English): every chart with its title,
  subtitle and coverage note, links to its files, and the open data; inline CSS, no script and
  no request to another host;
* ``manifest.json``: what was written (with SHA-256), and per chart its titles and files, for
  the embed snippets and for the next run.

Charts and words are the dashboard's own (dashboard/briefing.py builders on
dashboard/charts.py, framed by dashboard/exports.py): a partial total names what it covers,
never the whole province, and sample data carries its mark in the image, the CSV header and the
index. Images are rendered by Chromium (kaleido); without it the command stops before writing.

OUT is replaced whole and atomically (written beside it, then renamed). It must be absent, an
empty folder, or an earlier publication: a folder holding any file the previous run did not
write (per its manifest) is refused, so the command never deletes someone else's files.

Why a module of the dashboard layer with its own entry point: the charts are drawn by
dashboard/ code, and loaders/ never imports dashboard/ (tests/test_architecture.py). So
``python -m loaders publish`` starts ``python -m dashboard.publish`` as a child process instead
of importing it, and the systemd path unit of deploy/ runs this module after every load.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboard import briefing, data, exports, framing, render
from dashboard.context import ViewContext, view_for
from dashboard.i18n import LANGUAGES
from dashboard.publication import MANIFEST
from dashboard.publish_folder import (
    KIND,
    PublishError,
    all_files,
    check_replaceable,
    only_run,
)
from dashboard.publish_index import (
    INDEX,
    OPEN_DATA_DIR,
    PublishedChart,
    SeriesSummary,
    index_html,
)
from domain.checksum import sha256_of
from domain.config import ENV_DB, db_path, settings
from loaders import open_data
from store.db import connect_read_only

OPEN_DATA_XLSX = "data-terbuka.xlsx"
DEFAULT_YEARS = 2
IMAGE_FORMATS = ("svg", "png")

Builder = Callable[[ViewContext], "tuple[pd.DataFrame, go.Figure] | None"]


def _trend(ctx: ViewContext) -> tuple[pd.DataFrame, go.Figure] | None:
    frame, figure = briefing.trend_chart(ctx)
    return None if frame.empty else (frame, figure)


@dataclass(frozen=True)
class ChartKind:
    """One published chart: its file stem, builder, the columns of its CSV, the page it comes
    from (for the link to the live view) and whether it spans every year."""

    key: str
    build: Builder
    columns: tuple[str, ...]
    page: str
    over_time: bool


CHARTS: tuple[ChartKind, ...] = (
    ChartKind("tren", _trend, ("tahun",), "tren", True),
    ChartKind("skema", briefing.scheme_chart, ("tahun", "skema"), "skema", True),
    ChartKind("wilayah", briefing.region_chart, ("kode_wilayah",), "peta", False),
    ChartKind("sektor", briefing.sector_chart, ("kode_wilayah", "sektor"), "sektor", False),
    ChartKind("negara", briefing.country_chart, ("negara_tujuan",), "negara", False),
)


# --------------------------------------------------------------------------- charts


def live_link(base: str, kind: ChartKind, ctx: ViewContext, year: int | None) -> str:
    """The chart's view on the live dashboard (empty without ``--live-url``)."""
    if not base:
        return ""
    params: dict[str, str] = {}
    if ctx.series != ctx.default_series:
        params["seri"] = ctx.series
    if year is not None and year != ctx.choices.years[-1]:
        params["tahun"] = str(year)
    if ctx.lang != "id":
        params["lang"] = ctx.lang
    query = urllib.parse.urlencode(params)
    return f"{base.rstrip('/')}/{kind.page}" + (f"?{query}" if query else "")


def _stem(series: str, year: int | None, key: str, lang: str) -> str:
    return f"{series}/{key}.{lang}" if year is None else f"{series}/{year}/{key}.{lang}"


def write_chart(folder: Path, kind: ChartKind, ctx: ViewContext, year: int | None,
                when: dt.datetime, live_url: str) -> PublishedChart | None:
    """SVG, PNG and CSV of one chart of the view ``ctx``; None when the series does not
    report what the chart shows."""
    built = kind.build(ctx)
    if built is None:
        return None
    frame, figure = built
    coverage = framing.coverage_note(ctx, frame) or ""
    link = live_link(live_url, kind, ctx, year)
    summary = render.summary_of(ctx, figure, frame, list(kind.columns))
    meta = dataclasses.replace(
        exports.ExportMeta.for_view(ctx, fig=figure, sources=data.sources(ctx.version,
                                                                          ctx.series),
                                    permalink=link, coverage=coverage, frame=frame),
        downloaded=when, description=summary)
    stem = _stem(ctx.series, year, kind.key, ctx.lang)
    (folder / stem).parent.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    for fmt in IMAGE_FORMATS:
        image = exports.figure_svg(figure, meta) if fmt == "svg" else \
            exports.figure_png(figure, meta)
        (folder / f"{stem}.{fmt}").write_bytes(image)
        files[fmt] = f"{stem}.{fmt}"
    table = render.display_table(frame, ctx, list(kind.columns))
    (folder / f"{stem}.csv").write_bytes(exports.table_csv(table, meta))
    files["csv"] = f"{stem}.csv"
    title, subtitle = exports.title_parts(figure)
    return PublishedChart(series=ctx.series, year=year, key=kind.key, lang=ctx.lang,
                          title=title, subtitle=subtitle, coverage=coverage,
                          is_sample=ctx.is_sample, files=files, live=link, summary=summary)


def write_series(folder: Path, series: str, years: int, when: dt.datetime,
                 live_url: str) -> tuple[SeriesSummary, list[PublishedChart]]:
    """Every chart of one series: over time once, the others for the latest ``years``."""
    charts: list[PublishedChart] = []
    summary: SeriesSummary | None = None
    for lang in LANGUAGES:
        latest = view_for(series, lang)
        chosen = list(latest.choices.years[-years:]) if years > 0 else []
        if summary is None:
            summary = SeriesSummary(series, {}, latest.is_sample, {}, {}, chosen)
        summary.names[lang] = latest.series_name
        summary.until[lang] = latest.until_text()
        every_year = latest.totals("tahun", tahun_awal=latest.choices.years[0],
                                   tahun_akhir=latest.choices.years[-1])
        summary.coverage[lang] = framing.series_coverage(latest, every_year)
        for kind in CHARTS:
            if kind.over_time:
                made = write_chart(folder, kind, latest, None, when, live_url)
                charts.extend([made] if made else [])
        for year in chosen:
            ctx = latest if year == latest.choices.years[-1] else \
                view_for(series, lang, {"tahun": str(year)})
            for kind in CHARTS:
                if not kind.over_time:
                    made = write_chart(folder, kind, ctx, year, when, live_url)
                    charts.extend([made] if made else [])
    assert summary is not None
    return summary, charts


def write_open_data(folder: Path, store: Path) -> list[str]:
    """The open-data package (every series, sample rows labelled) as loaders/open_data.py
    writes it for ``loaders export``: the data package folder and the workbook."""
    con = connect_read_only(store)
    try:
        dataset = open_data.collect(con)
    finally:
        con.close()
    open_data.write_datapackage(dataset, folder / OPEN_DATA_DIR)
    open_data.write_xlsx(dataset, folder / OPEN_DATA_XLSX)
    names = [f"{OPEN_DATA_DIR}/datapackage.json",
             *(f"{OPEN_DATA_DIR}/{name}.csv" for name in dataset.tables)]
    return [*names, OPEN_DATA_XLSX]


def build(folder: Path, store: Path, series: Sequence[str], years: int, live_url: str,
          when: dt.datetime) -> dict[str, object]:
    """Write the whole publication into the new folder ``folder``; returns its manifest."""
    folder.mkdir(parents=True)
    summaries: list[SeriesSummary] = []
    charts: list[PublishedChart] = []
    for series_id in series:
        summary, made = write_series(folder, series_id, years, when, live_url)
        summaries.append(summary)
        charts.extend(made)
    open_files = write_open_data(folder, store)
    for lang in LANGUAGES:
        (folder / INDEX[lang]).write_text(
            index_html(lang, summaries, charts, open_files, when, live_url), encoding="utf-8")
    manifest: dict[str, object] = {
        "kind": KIND,
        "created": when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "series": [dataclasses.asdict(s) for s in summaries],
        "charts": [dataclasses.asdict(c) for c in charts],
        "open_data": open_files,
        "index": INDEX,
        "files": {name: sha256_of(path) for name, path in sorted(all_files(folder).items())
                  if path.is_file()},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                   encoding="utf-8")
    return manifest


def publish(out: Path, series: Sequence[str] | None = None, years: int = DEFAULT_YEARS,
            live_url: str = "", when: dt.datetime | None = None) -> dict[str, object]:
    """Build the publication into ``out`` (replaced atomically); returns its manifest."""
    store = db_path()
    out = Path(out)
    try:
        open_data.refuse_store(out, store)
    except open_data.ExportError as error:
        raise PublishError(str(error)) from None
    chosen = list(series or [settings().default_series])
    when = when or dt.datetime.now(exports.WIB)
    manifest: dict[str, object] = {}

    def write(folder: Path) -> None:
        manifest.update(build(folder, store, chosen, years, live_url, when))

    with only_run(out):
        check_replaceable(out)
        if not store.exists():
            raise PublishError(f"penyimpanan {store} belum ada: jalankan dasbor sekali atau "
                               "`python -m loaders rebuild` dahulu.")
        if not exports.renderer_available():
            raise PublishError("tidak ada Chromium untuk menggambar grafik (apt-get install "
                               "chromium fonts-liberation, atau BROWSER_PATH); tidak ada yang "
                               "ditulis.")
        try:
            open_data.publish(out, True, write)
        except ValueError as error:  # a series without figures (context.view_for)
            raise PublishError(str(error)) from None
        finally:
            exports.stop_renderer()
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.publish",
        description="Terbitan statis: grafik utama (SVG, PNG, CSV; id dan en), data terbuka "
                    "dan halaman indeks, untuk server web mana pun.")
    parser.add_argument("out", type=Path, metavar="OUT", help="folder terbitan (diganti utuh)")
    parser.add_argument("--series", action="append",
                        help="seri yang diterbitkan (boleh berulang; bawaan: default_series "
                             "di config/dasbor.toml)")
    parser.add_argument("--years", type=int, default=DEFAULT_YEARS,
                        help=f"jumlah tahun terakhir per seri (bawaan {DEFAULT_YEARS})")
    parser.add_argument("--live-url", default="",
                        help="alamat dasbor langsung, untuk tautan tiap grafik ke tampilannya")
    parser.add_argument("--db", help="berkas DuckDB (bawaan: PMI_DB atau config/dasbor.toml)")
    args = parser.parse_args(argv)
    if args.years < 0:
        parser.error("--years tidak boleh negatif")
    if args.live_url and urllib.parse.urlsplit(args.live_url).scheme not in {"http", "https"}:
        parser.error("--live-url harus alamat http:// atau https://")
    if args.db:
        os.environ[ENV_DB] = str(Path(args.db).expanduser().resolve())
    try:
        manifest = publish(args.out, args.series, args.years, args.live_url)
    except PublishError as error:
        print(f"gagal: {error}", file=sys.stderr)
        return 1
    charts, files = manifest["charts"], manifest["files"]
    assert isinstance(charts, list) and isinstance(files, dict)
    kinds = {(c["series"], c["year"], c["key"]) for c in charts}
    print(f"terbitan ditulis ke {args.out}: {len(kinds)} grafik dalam {len(LANGUAGES)} "
          f"bahasa, {len(files)} berkas; buka {args.out / INDEX['id']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
