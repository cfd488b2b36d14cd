"""Benchmark: static chart images and the briefing deck for the dashboard's default view.

Builds a store from data/ in a temporary folder (``loaders.pipeline.rebuild``), makes the key
charts of the default view (default series, latest year, all of Banten) with the same chart
builders the pages use, and times, in this process:

- a PNG export cold: the first export of the process, Chromium start included;
- a PNG export warm: the kaleido server running, the image not cached (median of ``--repeat``);
- a PNG export cached, and an SVG export warm;
- the PowerPoint deck (title, headline figures, one slide per chart, closing slide) with the
  server warm and no picture cached, then its PDF (pictures cached by then), then the deck
  cold (server stopped and cache emptied first: what the first click of a fresh dashboard
  process costs);
- CSV and XLSX of the data behind one chart.

Targets (docs/benchmarks.md, "Exports"): PNG warm < 2 s, deck < 20 s. This measures and
reports; it asserts nothing about speed (it is not a test).

    .venv/bin/python -m benchmarks.bench_exports
    .venv/bin/python -m benchmarks.bench_exports --repeat 20 --json /tmp/exports.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go

from benchmarks.bench_load import machine
from dashboard import chart_spec, charts, deck, deck_pdf, exports
from dashboard.i18n import month_year, number, percent, t
from domain.config import settings
from loaders import pipeline
from store import catalogue, queries
from store.db import connect_read_only

LANG = "id"


class View:
    """The default view of the dashboard, read straight from the store (no Streamlit)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.series = pipeline.default_series(con)
        self.years = catalogue.years_with_figures(con, self.series)
        self.year = self.years[-1]
        self.filters = queries.Filters(tahun_awal=self.year, tahun_akhir=self.year)
        self.threshold = settings().small_count_threshold
        self.labels = catalogue.labels(con, LANG)
        table = catalogue.series_list(con).set_index("series")
        row = table.loc[self.series]
        self.series_name = str(row["nama_id"])
        self.is_sample = bool(row["is_sample"])
        self.source = str(row["sumber_singkat"] or self.series_name)
        until = catalogue.data_until(con, self.series)
        self.until = month_year(*until, LANG) if until else "–"
        self.regions = t("label.all_banten", LANG)

    def totals(self, *by: str, **changes: object) -> pd.DataFrame:
        filters = queries.Filters(**{**self.filters.__dict__, **changes})
        return queries.published_totals(self.con, self.series, list(by), filters,
                                        self.threshold)

    def spec(self, title: str, what: str, period: str | None = None,
             **options: object) -> chart_spec.ChartSpec:
        subtitle = t("chart.subtitle", LANG, what=t(what, LANG), regions=self.regions,
                     period=period or str(self.year))
        return chart_spec.ChartSpec(
            title=title, subtitle=subtitle,
            footer=t("chart.footer", LANG, source=self.source, until=self.until), lang=LANG,
            sample_mark=t("chart.sample_mark", LANG) if self.is_sample else None,
            value_label=t("column.jumlah", LANG), not_reported=t("label.not_reported", LANG),
            suppressed=f"<{self.threshold}", **options)  # type: ignore[arg-type]

    def meta(self) -> exports.ExportMeta:
        return exports.ExportMeta(
            lang=LANG, series=self.series_name, source=self.source,
            sources=tuple(catalogue.sources(self.con, self.series)), period=str(self.year),
            regions=self.regions, data_until=self.until, threshold=self.threshold,
            is_sample=self.is_sample, labels=self.labels)


def default_view_charts(view: View) -> list[tuple[str, go.Figure, pd.DataFrame]]:
    """(key, figure, frame) of the key charts of each page for the default view."""
    names = view.labels
    out: list[tuple[str, go.Figure, pd.DataFrame]] = []
    trend = view.totals("tahun", tahun_awal=view.years[0])
    out.append(("ringkasan_trend", charts.bar_chart(trend, "tahun", view.spec(
        t("ringkasan.trend_title_single", LANG, year=view.year), "what.placements",
        f"{view.years[0]}–{view.year}", height=380)), trend))
    monthly = view.totals("tahun", "bulan")
    monthly = monthly[monthly["bulan"].notna()]
    if not monthly.empty:
        monthly = monthly.assign(periode=[f"{int(y)}-{int(m):02d}" for y, m in
                                          zip(monthly["tahun"], monthly["bulan"], strict=True)])
        labels = {p: month_year(int(p[:4]), int(p[5:]), LANG) for p in monthly["periode"]}
        peak = monthly.sort_values("jumlah", ascending=False)["periode"].iloc[0]
        out.append(("tren_monthly", charts.line_chart(monthly, "periode", view.spec(
            t("tren.monthly_title", LANG, peak=labels[peak]), "what.placements_per_month"),
            x_labels=labels), monthly))
    schemes = view.totals("skema")
    out.append(("skema_rank", charts.ranking_chart(schemes, "skema", view.spec(
        t("skema.title", LANG), "what.placements_by_scheme", labels=names["skema"]),
        color_dimension="skema"), schemes))
    grid = view.totals("kode_wilayah", "skema")
    grid = grid[grid["kode_wilayah"].notna()]
    out.append(("skema_grid", charts.heatmap(grid, "skema", "kode_wilayah", view.spec(
        t("skema.grid_title", LANG), "what.placements_by_scheme",
        height=120 + 44 * grid["kode_wilayah"].nunique()),
        y_labels=names["kode_wilayah"]), grid))
    sectors = view.totals("sektor", "jenis_kelamin")
    out.append(("sektor_gender", charts.bar_chart(sectors, "sektor", view.spec(
        t("sektor.gender_title", LANG), "what.placements_by_sector_gender",
        labels=names["jenis_kelamin"]), color="jenis_kelamin", stacked=False), sectors))
    jobs = view.totals("jabatan").sort_values("jumlah", ascending=False).head(10)
    out.append(("sektor_jobs", charts.ranking_chart(jobs, "jabatan", view.spec(
        t("sektor.title", LANG), "what.placements_by_job", labels=names["jabatan"])), jobs))
    countries = view.totals("negara_tujuan").sort_values("jumlah", ascending=False).head(10)
    lead = countries["negara_tujuan"].dropna().iloc[0]
    out.append(("negara_top", charts.ranking_chart(countries, "negara_tujuan", view.spec(
        t("negara.top_title", LANG, country=names["negara_tujuan"].get(lead, lead)),
        "what.placements_by_country", labels=names["negara_tujuan"])), countries))
    regions = view.totals("kode_wilayah")
    out.append(("ringkasan_regions", charts.ranking_chart(regions, "kode_wilayah", view.spec(
        t("ringkasan.top_region", LANG), "what.placements",
        labels=names["kode_wilayah"])), regions))
    return out


def headlines(view: View) -> list[deck.Headline]:
    total = int(view.totals()["jumlah"].fillna(0).iloc[0])

    def share(column: str, value: str) -> str:
        frame = view.totals(column)
        known = frame[frame[column].notna()]
        part = known.loc[known[column] == value, "jumlah"].fillna(0).sum()
        base = known["jumlah"].fillna(0).sum()
        return percent(part / base, LANG) if base else "–"

    def top(column: str) -> str:
        frame = view.totals(column).dropna(subset=[column, "jumlah"])
        code = frame.sort_values("jumlah", ascending=False)[column].iloc[0]
        return view.labels[column].get(str(code), str(code))

    return [deck.Headline(t("ringkasan.placements", LANG), number(total, LANG)),
            deck.Headline(t("ringkasan.women", LANG), share("jenis_kelamin", "Perempuan")),
            deck.Headline(t("ringkasan.formal", LANG), share("sektor", "Formal")),
            deck.Headline(t("ringkasan.top_country", LANG), top("negara_tujuan")),
            deck.Headline(t("ringkasan.top_region", LANG), top("kode_wilayah"))]


def seconds(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def chromium_version() -> str:
    try:
        path = exports.browser_path()
        done = subprocess.run([str(path), "--version"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (exports.RendererUnavailable, OSError, subprocess.TimeoutExpired):
        return "–"
    return done.stdout.strip() or "–"


def run(repeat: int, out_dir: Path) -> dict[str, object]:
    store = out_dir / "s.duckdb"
    pipeline.rebuild(store)
    con = connect_read_only(store)
    try:
        view = View(con)
        figures = default_view_charts(view)
        meta = view.meta()
        heads = headlines(view)
    finally:
        con.close()
    key, fig, frame = figures[0]
    exports.stop_renderer()
    exports.clear_cache()
    png_cold, png = seconds(lambda: exports.figure_png(fig, meta, key=key))
    warm = []
    for _ in range(repeat):
        exports.clear_cache()
        warm.append(seconds(lambda: exports.figure_png(fig, meta, key=key))[0])
    cached = seconds(lambda: exports.figure_png(fig, meta, key=key))[0]
    svg = []
    for _ in range(3):
        exports.clear_cache()
        svg.append(seconds(lambda: exports.figure_svg(fig, meta, key=key))[0])
    svg_warm = statistics.median(svg)
    slides = [deck.SlideSpec(f, key=k) for k, f, _ in figures]
    exports.clear_cache()
    deck_warm, pptx = seconds(lambda: deck.build_deck(slides, meta, heads))
    pdf_time, pdf = seconds(lambda: deck_pdf.build_pdf(slides, meta, heads))
    exports.stop_renderer()
    exports.clear_cache()
    deck_cold, _ = seconds(lambda: deck.build_deck(slides, meta, heads))
    csv_time, _ = seconds(lambda: exports.table_csv(frame, meta))
    xlsx_time, _ = seconds(lambda: exports.table_xlsx(frame, meta))
    exports.stop_renderer()
    (out_dir / "paparan.pptx").write_bytes(pptx)  # type: ignore[arg-type]
    (out_dir / "paparan.pdf").write_bytes(pdf)  # type: ignore[arg-type]
    (out_dir / "grafik.png").write_bytes(png)  # type: ignore[arg-type]
    return {
        "series": view.series, "year": view.year, "charts": len(figures),
        "slides": len(figures) + 2 + (1 if heads else 0),
        "png_size": exports.png_size(png),  # type: ignore[arg-type]
        "png_cold_s": round(png_cold, 3),
        "png_warm_median_s": round(statistics.median(warm), 3),
        "png_warm_max_s": round(max(warm), 3),
        "png_cached_ms": round(cached * 1000, 2),
        "svg_warm_median_s": round(svg_warm, 3),
        "deck_warm_s": round(deck_warm, 2), "deck_pdf_s": round(pdf_time, 2),
        "deck_cold_s": round(deck_cold, 2),
        "pptx_kb": round(len(pptx) / 1024), "pdf_kb": round(len(pdf) / 1024),  # type: ignore[arg-type]
        "csv_ms": round(csv_time * 1000, 1), "xlsx_ms": round(xlsx_time * 1000, 1),
        "output": str(out_dir),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="warm PNG exports to time")
    parser.add_argument("--out", type=Path, help="folder for the store and the files made "
                        "(default: a new temporary folder, kept)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="pmi-bench-exports-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    results = run(args.repeat, out_dir)
    versions = {name: metadata.version(name)
                for name in ("kaleido", "plotly", "python-pptx", "fpdf2", "openpyxl")}
    report = {"results": results, "machine": {**machine(), **versions,
                                              "chromium": chromium_version()}}
    width = max(len(k) for k in results)
    for name, value in results.items():
        print(f"{name:<{width}}  {value}")
    print(json.dumps(report["machine"], ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
