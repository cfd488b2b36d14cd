"""The key figures and charts of a view, for a meeting: the headline figures (as on the
overview page), and one key chart of each page — declared here once: the pages draw their
first chart from these builders, so page, deck and presentation show the same chart with the
same title. The same list feeds the slide deck
("Unduh bahan paparan") and presentation mode, so both show what the pages show."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import (
    chart_summary,
    charts,
    framing,
    kinerja_charts,
    kinerja_data,
    region_slide,
    render,
    time_control,
)
from dashboard.context import ViewContext
from dashboard.deck import Headline
from dashboard.i18n import number, percent, t
from domain import coverage, kinerja
from domain.config import kinerja_thresholds


@dataclass(frozen=True)
class KeyChart:
    key: str
    figure: go.Figure
    #: The chart in one sentence (dashboard/chart_summary.py), for screen readers.
    summary: str = ""


#: Headline tiles after the total: (label key, dimension, value whose share is shown or None
#: for "the largest").
BREAKDOWN_TILES = (("ringkasan.women", "jenis_kelamin", "Perempuan"),
                   ("ringkasan.formal", "sektor", "Formal"),
                   ("ringkasan.top_country", "negara_tujuan", None),
                   ("ringkasan.top_region", "kode_wilayah", None))


def headlines(ctx: ViewContext) -> list[Headline]:
    """The headline tiles the source reports (see ``headline_figures``)."""
    return headline_figures(ctx)[0]


def headline_figures(ctx: ViewContext) -> tuple[list[Headline], list[str]]:
    """Placements (with what they cover and the series in plain words), then women's and the
    formal sector's shares, the top destination and regency — only those the source reports
    for the view. The rest are named in one plain sentence (the second item)."""
    total = ctx.totals()
    placements = int(total["jumlah"].fillna(0).iloc[0]) if not total.empty else 0
    scope = " · ".join([framing.series_label(ctx), framing.where_text(ctx, total),
                        framing.period_of(ctx, total),
                        t("ringkasan.until", ctx.lang, period=ctx.until_text())])
    tiles = [Headline(t("ringkasan.placements", ctx.lang), number(placements, ctx.lang),
                      scope)]
    missing: list[str] = []
    for key, dimension, value in BREAKDOWN_TILES:
        frame = ctx.totals(dimension)
        shown = share(ctx, frame, dimension, value) if value else top(ctx, frame, dimension)
        if shown is None:
            missing.append(t(f"column.{dimension}", ctx.lang).lower())
        else:
            tiles.append(Headline(t(key, ctx.lang), shown))
    notes = [t("ringkasan.not_reported_tiles", ctx.lang, series=framing.series_label(ctx),
               dimensions=_and(missing, ctx.lang), period=framing.period_of(ctx, total))] \
        if missing else []
    return tiles, notes


def _and(items: list[str], lang: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('word.and', lang)} {items[-1]}"


def change(ctx: ViewContext, total: pd.DataFrame) -> str | None:
    """The change against the period before, as the overview's delta text — only when both
    periods are complete (like with like)."""
    span = ctx.state.tahun_akhir - ctx.state.tahun_awal + 1
    before_first = ctx.state.tahun_awal - span
    if before_first not in ctx.choices.years or not coverage.of_frame(total).complete:
        return None
    previous = ctx.totals(tahun_awal=before_first, tahun_akhir=ctx.state.tahun_awal - 1)
    if not coverage.of_frame(previous).complete:
        return None
    before = int(previous["jumlah"].fillna(0).iloc[0])
    if not before:
        return None
    placements = int(total["jumlah"].fillna(0).iloc[0])
    delta = placements - before
    return t("ringkasan.delta", ctx.lang, change=number(delta, ctx.lang),
             pct=percent(delta / before, ctx.lang),
             period=str(before_first) if span == 1 else
             f"{before_first}–{ctx.state.tahun_awal - 1}")


def trend_chart(ctx: ViewContext) -> tuple[pd.DataFrame, go.Figure]:
    """Placements per year over every year of the series: incomplete years drawn apart, the
    active title comparing only complete years."""
    years = ctx.choices.years
    trend = ctx.totals("tahun", tahun_awal=years[0], tahun_akhir=years[-1])
    pair = framing.comparison_years(trend)
    if pair:
        values = trend.set_index("tahun")["jumlah"]
        direction = "up" if values[pair[1]] >= values[pair[0]] else "down"
        title = t(f"ringkasan.trend_title_{direction}", ctx.lang, first=pair[0], last=pair[1])
    elif trend["tahun"].nunique() == 1:
        title = t("ringkasan.trend_title_single", ctx.lang, year=int(trend["tahun"].iloc[0]))
    else:
        title = t("ringkasan.trend_title_neutral", ctx.lang,
                  period=framing.period_of(ctx, trend))
    spec = render.spec(ctx, title, render.subtitle(ctx, "what.placements", trend), height=420,
                       frame=trend)
    return trend, charts.bar_chart(trend, "tahun", time_control.marked(ctx, spec))


def top(ctx: ViewContext, frame: pd.DataFrame, column: str) -> str | None:
    """The largest reported, unsuppressed category's name; None when the source does not
    report the breakdown, or when the part it does not break down could hide a larger one."""
    known = frame[frame[column].notna() & ~frame["ditekan"]]
    if known.empty:
        return None
    ordered = known.sort_values("jumlah", ascending=False)
    unknown = frame.loc[frame[column].isna(), "jumlah"].fillna(0).sum()
    if unknown >= ordered["jumlah"].iloc[0]:
        return None
    code = ordered[column].iloc[0]
    return ctx.region_name(code) if column == "kode_wilayah" else \
        ctx.labels[column].get(str(code), str(code))


def share(ctx: ViewContext, frame: pd.DataFrame, column: str, value: str) -> str | None:
    """``value``'s share among those whose ``column`` is reported; None when the source does
    not report it (or a count is suppressed)."""
    known = frame[frame[column].notna()]
    base = known["jumlah"].fillna(0).sum()
    if base == 0 or known["ditekan"].any():
        return None
    part = known.loc[known[column] == value, "jumlah"].fillna(0).sum()
    return percent(part / base, ctx.lang)


def key_charts(ctx: ViewContext) -> list[KeyChart]:
    """One key chart per page, for the current view (charts without figures are left out)."""
    out: list[KeyChart] = []
    trend, figure = trend_chart(ctx)
    if not trend.empty:
        out.append(KeyChart("brief_trend", figure, render.summary_of(ctx, figure, trend,
                                                                      ["tahun"])))
    for key, builder, column in (("brief_skema", scheme_chart, "tahun"),
                                 ("brief_sektor", sector_chart, "kode_wilayah"),
                                 ("brief_negara", country_chart, "negara_tujuan")):
        chart = builder(ctx)
        if chart is not None:
            out.append(KeyChart(key, chart[1], render.summary_of(ctx, chart[1], chart[0],
                                                                 [column])))
    kinerja_figure = kinerja_chart(ctx)
    if kinerja_figure is not None:
        out.append(kinerja_figure)
    return out


def meeting_charts(ctx: ViewContext) -> list[KeyChart]:
    """The charts of a meeting, in the order presentation mode and the deck show them: the
    trend, the regencies (ranked), then scheme, sector, destinations and Kinerja when loaded
    (:func:`key_charts`; the regencies' map beside their bar, dashboard/region_slide.py). One
    list for both, so the slides and the pack never drift apart."""
    shown = key_charts(ctx)
    regions = region_chart(ctx)
    if regions is not None:
        at = 1 if shown and shown[0].key == "brief_trend" else 0
        # the map beside the ranked bar (one figure: one title, one source line)
        shown.insert(at, KeyChart("brief_wilayah", region_slide.with_map(ctx, *regions),
                                  render.summary_of(
            ctx, regions[1], regions[0], ["kode_wilayah"])))
    return shown


def scheme_chart(ctx: ViewContext) -> tuple[pd.DataFrame, go.Figure] | None:
    """Placements by scheme over time — the Skema page's first chart, declared once here for
    the page, presentation mode and the deck (the title names the largest scheme and its
    share) — or None when the series does not report schemes."""
    by_year = ctx.totals("tahun", "skema", **ctx.over_time())
    known = by_year[by_year["skema"].notna()]
    if known.empty:
        return None
    sums = known.groupby("skema")["jumlah"].sum()
    lead = sums.idxmax()
    title = t("skema.year_title", ctx.lang, scheme=lead,
              share=percent(sums[lead] / max(sums.sum(), 1), ctx.lang, 0))
    spec = render.spec(ctx, title, render.subtitle(ctx, "what.placements_by_scheme", by_year),
                       frame=by_year)
    return by_year, charts.bar_chart(by_year, "tahun", time_control.marked(ctx, spec),
                                     color="skema")


def sector_chart(ctx: ViewContext) -> tuple[pd.DataFrame, go.Figure] | None:
    """Formal and informal sector per regency — the Sektor page's first chart (the title
    gives the informal share) — or None when the series does not report sectors."""
    sectors = ctx.totals("kode_wilayah", "sektor")
    known = sectors[sectors["sektor"].notna() & sectors["kode_wilayah"].notna()]
    if known.empty:
        return None
    informal = known[known["sektor"] == "Informal"]["jumlah"].sum()
    title = t("sektor.region_title", ctx.lang,
              share=percent(informal / max(known["jumlah"].sum(), 1), ctx.lang, 0))
    spec = render.spec(ctx, title, render.subtitle(ctx, "what.placements_by_sector", known))
    names = {c: ctx.region_name(c) for c in known["kode_wilayah"]}
    return known, charts.breakdown_chart(known, "kode_wilayah", spec, color="sektor",
                                         category_labels=names)


def country_chart(ctx: ViewContext) -> tuple[pd.DataFrame, go.Figure] | None:
    """The ten largest destinations — the Negara page's first chart (the title names the
    first) — or None when the series does not report them."""
    countries = ctx.totals("negara_tujuan")
    names = ctx.labels["negara_tujuan"]
    top = countries[countries["negara_tujuan"].notna()].sort_values(
        "jumlah", ascending=False).head(10)
    if top.empty:
        return None
    lead = names.get(top["negara_tujuan"].iloc[0], top["negara_tujuan"].iloc[0])
    spec = render.spec(ctx, t("negara.top_title", ctx.lang, country=lead),
                       render.subtitle(ctx, "what.placements_by_country", countries),
                       labels=names)
    return top, charts.ranking_chart(top, "negara_tujuan", spec)


def region_chart(ctx: ViewContext) -> tuple[pd.DataFrame, go.Figure] | None:
    """Placements per regency, largest on top, or None when the series breaks down no
    regency. As on the map page, the title names the largest regency only when no regency
    without a published figure could exceed it; otherwise it says what is shown."""
    regions = ctx.totals("kode_wilayah")
    published = regions[regions["kode_wilayah"].notna()]
    if published.empty:
        return None
    hidden = regions.loc[regions["kode_wilayah"].isna(), "jumlah"].fillna(0).sum()
    known = published[~published["ditekan"]].sort_values("jumlah")
    unpublished = len(published) < len(ctx.choices.regions)
    if known.empty or (unpublished and (hidden == 0 or hidden >= known["jumlah"].iloc[-1])):
        title = t("peta.title.neutral", ctx.lang, what=t("peta.metric.jumlah", ctx.lang))
    else:
        title = t("peta.title.jumlah", ctx.lang,
                  region=ctx.region_name(known["kode_wilayah"].iloc[-1]))
    spec = render.spec(ctx, title, render.subtitle(ctx, "what.placements_by_region", published),
                       labels={c: ctx.region_name(c) for c in published["kode_wilayah"]})
    return published, charts.ranking_chart(published, "kode_wilayah", spec, "kode_wilayah")


def kinerja_chart(ctx: ViewContext) -> KeyChart | None:
    """The Kinerja page's overview of the latest year with indicators (capaian and status of
    every indicator), or None when no indicator file is loaded. It does not depend on the
    placement filters; its sample mark comes from the indicator rows themselves."""
    rows = kinerja_data.indicators(ctx.version, ctx.lang)
    # sample indicators only beside sample placements (where everything carries the mark),
    # published ones only beside published placements
    rows = rows[rows["is_sample"].astype(bool) == ctx.is_sample]
    year = kinerja.default_year(rows)
    if year is None:
        return None
    met, nearly = kinerja_thresholds()
    thresholds = kinerja.Thresholds(met, nearly)
    yearly = kinerja.assess(kinerja.per_year(rows), thresholds)
    figure = kinerja_charts.year_overview(yearly[yearly["tahun"] == year], year,
                                              thresholds, ctx.lang)
    if figure is None:
        return None
    shown = yearly[yearly["tahun"] == year]
    return KeyChart("brief_kinerja", figure, chart_summary.kinerja_overview(
        shown, ctx.lang, **chart_summary.words(figure)))
