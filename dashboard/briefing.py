"""The key figures and charts of a view, for a meeting: the headline figures (as on the
overview page), and one key chart of each page. The same list feeds the slide deck
("Unduh bahan paparan") and presentation mode, so both show what the pages show."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, performance, performance_charts, performance_data, render
from dashboard.context import ViewContext
from dashboard.deck import Headline
from dashboard.i18n import number, percent, t
from store.config import kinerja_thresholds


@dataclass(frozen=True)
class KeyChart:
    key: str
    figure: go.Figure


def headlines(ctx: ViewContext) -> list[Headline]:
    """Placements, women's and the formal sector's shares, top destination and regency."""
    total = ctx.totals()
    placements = int(total["jumlah"].fillna(0).iloc[0]) if not total.empty else 0
    return [
        Headline(t("ringkasan.placements", ctx.lang), number(placements, ctx.lang),
                 ctx.period_text()),
        Headline(t("ringkasan.women", ctx.lang),
                 share(ctx, ctx.totals("jenis_kelamin"), "jenis_kelamin", "Perempuan")),
        Headline(t("ringkasan.formal", ctx.lang),
                 share(ctx, ctx.totals("sektor"), "sektor", "Formal")),
        Headline(t("ringkasan.top_country", ctx.lang),
                 top(ctx, ctx.totals("negara_tujuan"), "negara_tujuan")),
        Headline(t("ringkasan.top_region", ctx.lang),
                 top(ctx, ctx.totals("kode_wilayah"), "kode_wilayah")),
    ]


def top(ctx: ViewContext, frame: pd.DataFrame, column: str) -> str:
    """The largest reported, unsuppressed category's name."""
    known = frame[frame[column].notna() & ~frame["ditekan"]]
    if known.empty:
        return t("label.not_reported", ctx.lang)
    code = known.sort_values("jumlah", ascending=False)[column].iloc[0]
    return ctx.region_name(code) if column == "kode_wilayah" else \
        ctx.labels[column].get(str(code), str(code))


def share(ctx: ViewContext, frame: pd.DataFrame, column: str, value: str) -> str:
    """``value``'s share among those whose ``column`` is reported (not when suppressed)."""
    known = frame[frame[column].notna()]
    base = known["jumlah"].fillna(0).sum()
    if base == 0 or known["ditekan"].any():
        return t("label.not_reported", ctx.lang)
    part = known.loc[known[column] == value, "jumlah"].fillna(0).sum()
    return percent(part / base, ctx.lang)


def key_charts(ctx: ViewContext) -> list[KeyChart]:
    """One key chart per page, for the current view (charts without figures are left out)."""
    years = ctx.choices.years
    out: list[KeyChart] = []
    trend = ctx.totals("tahun", tahun_awal=years[0], tahun_akhir=years[-1])
    if not trend.empty:
        spec = render.spec(ctx, t("ringkasan.trend_title_single", ctx.lang,
                                  year=f"{years[0]}–{years[-1]}"),
                           t("chart.subtitle", ctx.lang, what=t("what.placements", ctx.lang),
                             regions=ctx.regions_text(), period=f"{years[0]}–{years[-1]}"))
        out.append(KeyChart("brief_trend", charts.bar_chart(trend, "tahun", spec)))
    schemes = ctx.totals("tahun", "skema")
    if schemes["skema"].notna().any():
        spec = render.spec(ctx, t("skema.title", ctx.lang),
                           render.subtitle(ctx, "what.placements_by_scheme"))
        out.append(KeyChart("brief_skema", charts.bar_chart(schemes, "tahun", spec,
                                                            color="skema")))
    sectors = ctx.totals("kode_wilayah", "sektor")
    sectors = sectors[sectors["kode_wilayah"].notna()]
    if sectors["sektor"].notna().any():
        spec = render.spec(ctx, t("sektor.title", ctx.lang),
                           render.subtitle(ctx, "what.placements_by_sector"))
        names = {c: ctx.region_name(c) for c in sectors["kode_wilayah"]}
        out.append(KeyChart("brief_sektor", charts.bar_chart(sectors, "kode_wilayah", spec,
                                                             color="sektor", x_labels=names)))
    countries = ctx.totals("negara_tujuan")
    countries = countries[countries["negara_tujuan"].notna()].sort_values(
        "jumlah", ascending=False).head(10)
    if not countries.empty:
        spec = render.spec(ctx, t("negara.title", ctx.lang),
                           render.subtitle(ctx, "what.placements_by_country"),
                           labels=ctx.labels["negara_tujuan"])
        out.append(KeyChart("brief_negara", charts.ranking_chart(countries, "negara_tujuan",
                                                                 spec)))
    performance_chart = kinerja_chart(ctx)
    if performance_chart is not None:
        out.append(performance_chart)
    return out


def kinerja_chart(ctx: ViewContext) -> KeyChart | None:
    """The Kinerja page's overview of the latest year with indicators (capaian and status of
    every indicator), or None when no indicator file is loaded. It does not depend on the
    placement filters; its sample mark comes from the indicator rows themselves."""
    rows = performance_data.indicators(ctx.version)
    year = performance.default_year(rows)
    if year is None:
        return None
    met, nearly = kinerja_thresholds()
    thresholds = performance.Thresholds(met, nearly)
    yearly = performance.assess(performance.per_year(rows), thresholds)
    figure = performance_charts.year_overview(yearly[yearly["tahun"] == year], year,
                                              thresholds, ctx.lang)
    return None if figure is None else KeyChart("brief_kinerja", figure)
