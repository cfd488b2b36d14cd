"""The pieces of the Pemagangan page: its header, headline figures, the framed chart card (with
its table view, sources panel and download menu) and the regency map — each saying that it
counts interns of one status, never placed migrant workers.

The shared machinery (framing of what a figure covers, chart frames, exports) is reused from
``render``, ``framing`` and ``charts``; only the words that differ from placements are here."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import data, escape, exports, framing, intern_view, maps, render, share
from dashboard.chart_spec import ChartSpec, chart_frame, frame_figure
from dashboard.chart_summary import summarise, words
from dashboard.escape import markdown as md
from dashboard.i18n import number, percent, t
from dashboard.intern_view import InternView
from dashboard.map_figure import choropleth, plotly_config
from dashboard.navigation import table_toggle
from domain import interns, page_choices
from geo.boundaries import label_points
from geo.classes import nice_classes

MEASURES: tuple[str, ...] = page_choices.INTERN_MEASURE.options


def status_name(ctx: InternView, status: str | None = None) -> str:
    """The status in words ("berangkat", "kembali (purna)", …) in the view's language."""
    return t(f"magang.status_word.{interns.STATUSES.index(status or ctx.status)}", ctx.lang)


def what(ctx: InternView, key: str) -> str:
    """What a chart counts, with the view's status: "Peserta magang berangkat per tahun"."""
    return t(f"magang.what.{key}", ctx.lang, status=status_name(ctx))


def subtitle(ctx: InternView, key: str, frame: pd.DataFrame) -> str:
    """A chart's subtitle (what, where, when, series) from its figures' coverage."""
    return framing.subtitle(ctx, f"magang.what.{key}", frame).replace(
        "{status}", status_name(ctx))


def header(ctx: InternView) -> pd.DataFrame:
    """Title, controls, the sample badge and the line naming series, period, regions and data
    date; returns the view's total (of its status)."""
    st.title(t("magang.title", ctx.lang))
    intern_view.controls(ctx)
    if ctx.is_sample:
        st.warning(t("magang.sample_badge", ctx.lang), icon="⚠️")
    total = ctx.totals()
    st.caption(t("page.view", ctx.lang, series=framing.series_label(ctx),
                 period=framing.period_of(ctx, total), regions=framing.where_text(ctx, total),
                 until=ctx.until_text()))
    return total


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    note: str = ""


def headline(ctx: InternView) -> list[Tile]:
    """One tile per status the series reports (never a sum of statuses), then the share of
    departed interns recorded in the protection system."""
    tiles = []
    for status in interns.STATUSES:
        if status not in ctx.statuses:
            continue
        frame = ctx.totals(status=status)
        count = int(frame["jumlah"].fillna(0).sum()) if not frame.empty else 0
        tiles.append(Tile(t(f"magang.tile.{interns.STATUSES.index(status)}", ctx.lang),
                          number(count, ctx.lang),
                          " · ".join([framing.where_text(ctx, frame),
                                      framing.period_of(ctx, frame)])))
    share = interns.protection_share(ctx.totals("pelindungan", status=interns.DEPARTED))
    if share.share is not None:
        note = t("magang.tile.share_note", ctx.lang, known=number(share.known, ctx.lang),
                 unknown=number(share.unknown, ctx.lang))
        tiles.append(Tile(t("magang.tile.share", ctx.lang), percent(share.share, ctx.lang, 0),
                          note))
    return tiles


def spec(ctx: InternView, title: str, subtitle: str, **options: object) -> ChartSpec:
    return render.spec(ctx, title, subtitle, **options)  # type: ignore[arg-type]


def _filter_lines(ctx: InternView) -> tuple[tuple[str, str], ...]:
    return ((t("magang.status_control", ctx.lang), status_name(ctx)),)


def export_menu(ctx: InternView, fig: go.Figure, table: Callable[[], pd.DataFrame], key: str,
                coverage_note: str | None = None, frame: pd.DataFrame | None = None,
                summary: str = "") -> None:
    """The chart's downloads (PNG, SVG, CSV, XLSX, permalink) as on the other pages, made when
    the menu opens (``table`` makes the table then), their header naming interns and the
    status, not placements; ``summary`` (the chart in a sentence) is the images'
    description."""
    with render.download_menu(ctx.lang, key) as is_open:
        if not is_open:
            return
        meta = dataclasses.replace(
            exports.ExportMeta.for_view(ctx, fig=fig,
                                        sources=data.sources(ctx.version, ctx.series, ctx.lang),
                                        permalink=render.permalink(ctx),
                                        coverage=coverage_note or "", frame=frame),
            unit=t("magang.unit", ctx.lang, status=status_name(ctx)),
            filters=_filter_lines(ctx), **({"description": summary} if summary else {}))
        cache_key = (key, ctx.state, ctx.version, ctx.lang, ctx.series, ctx.status)
        render.file_downloads(fig, meta, table(), key, cache_key)
        share.section(fig, meta, key, cache_key)


def method_panel(ctx: InternView, notes: Sequence[str] = (),
                 coverage_note: str | None = None) -> None:
    """Sources and method of an intern chart."""
    with st.expander(t("chart.method", ctx.lang)):
        sources = data.sources(ctx.version, ctx.series, ctx.lang)
        loaded = data.last_loaded(ctx.version, ctx.series)
        lines = [
            t("method.series", ctx.lang, series=ctx.series_name, note=ctx.series_note),
            t("method.sources", ctx.lang, sources="; ".join(sources) or "–"),
            t("method.loaded", ctx.lang, loaded=str(loaded)[:16] if loaded else "–"),
            t("method.period", ctx.lang, period=ctx.period_text(), until=ctx.until_text()),
            t("magang.method.unit", ctx.lang, status=status_name(ctx)),
            t("method.rules", ctx.lang, threshold=ctx.threshold),
            t("magang.method.apart", ctx.lang),
            *notes,
            *([coverage_note] if coverage_note else []),
            *[t("method.caveat", ctx.lang, caveat=c)
              for c in data.caveats(ctx.version, ctx.series, ctx.lang)],
        ]
        st.markdown("\n".join(f"- {md(line)}" for line in lines))


def chart(ctx: InternView, fig: go.Figure, frame: pd.DataFrame, columns: Sequence[str],
          key: str, notes: Sequence[str] = ()) -> None:
    """A framed chart card: coverage sentence, the chart or its table, downloads, sources."""
    coverage_note = framing.coverage_note(ctx, frame)
    if coverage_note:
        st.caption(f":material/info: {coverage_note}")
    summary = render.summary_of(ctx, fig, frame, columns)  # type: ignore[arg-type]
    if table_toggle(t("chart.show_table", ctx.lang), key):
        shown = chart_frame(fig)
        if shown is not None:
            st.markdown(render.frame_html(shown, "head"), unsafe_allow_html=True)
        st.dataframe(render.display_table(frame, ctx, columns), hide_index=True,
                     width="stretch")
    else:
        render.figure(fig, key, summary=summary)
    export_menu(ctx, fig, lambda: render.display_table(frame, ctx, columns), key,
                coverage_note=coverage_note, frame=frame, summary=summary)
    method_panel(ctx, notes, coverage_note)


def region_values(ctx: InternView, current: pd.DataFrame,
                  measure: str) -> dict[str, float | None]:
    """The map's value per regency: interns of the view's status, or per 100,000 inhabitants
    (census population of ``data.population``); None where the source has no figure."""
    population = data.population(ctx.version)
    people = dict(zip(population["kode_wilayah"], population["penduduk"], strict=True))
    values = maps.region_metric(measure, current, people)
    return {code: values.get(code) for code in ctx.choices.regions}


def region_map(ctx: InternView, current: pd.DataFrame, measure: str) -> None:
    """The regencies coloured by ``measure`` on the offline boundaries (tile map without
    them), with its table view, downloads and sources."""
    values = region_values(ctx, current, measure)
    codes = list(ctx.choices.regions)
    digits = 0 if measure == "jumlah" else 1
    names = {c: ctx.region_name(c) for c in codes}
    frame = pd.DataFrame({"kode_wilayah": codes, "nilai": [values.get(c) for c in codes]})

    def fmt(value: float) -> str:
        return number(value, ctx.lang, digits)

    label = t(f"magang.measure.{measure}", ctx.lang, status=status_name(ctx))
    published = current[current["kode_wilayah"].notna()]
    known = frame.dropna()
    hidden = current.loc[current["kode_wilayah"].isna(), "jumlah"].fillna(0).sum()
    if known.empty or hidden > 0 or len(known) < len(codes):
        title = t("magang.map.title_neutral", ctx.lang, what=label)
    else:
        leader = known.sort_values("nilai").iloc[-1]["kode_wilayah"]
        title = t(f"magang.map.title.{measure}", ctx.lang, region=names[leader],
                  status=status_name(ctx))
    chart_spec = spec(ctx, title, subtitle(ctx, f"map_{measure}", published))
    geojson = data.boundaries(data.boundaries_key())
    classes = nice_classes(frame["nilai"].dropna().tolist())
    shown = {c: t("peta.no_data", ctx.lang) if pd.isna(v) else fmt(v)
             for c, v in zip(codes, frame["nilai"], strict=True)}
    if geojson is None:
        st.info(t("peta.no_boundaries", ctx.lang))
        fig = maps.tile_map(values, names, classes, fmt, t("peta.no_data", ctx.lang))
        footer = chart_spec.footer
    else:
        fig = choropleth(geojson, frame, "nilai", lang=ctx.lang, digits=digits,
                         value_label=label, no_data_label=t("peta.no_data", ctx.lang),
                         names=names)
        fig = maps.add_labels(fig, label_points(geojson), names, shown)
        credit = data.attribution(ctx.lang)
        footer = chart_spec.footer + (f"<br>{escape.plotly(credit)}" if credit else "")
    fig = frame_figure(fig, ChartSpec(
        title=chart_spec.title, subtitle=chart_spec.subtitle, footer=footer, lang=ctx.lang,
        sample_mark=chart_spec.sample_mark, height=560))
    fig.update_xaxes(visible=False, showgrid=False)
    fig.update_yaxes(visible=False, showgrid=False)
    coverage_note = framing.coverage_note(ctx, published)
    for note in (coverage_note, render.not_reported_note(ctx, current, "kode_wilayah")):
        if note:
            st.caption(f":material/info: {note}")
    table = pd.DataFrame({t("column.kode_wilayah", ctx.lang): [names[c] for c in codes],
                          label: [shown[c] for c in codes]})
    summary = summarise(frame, "kode_wilayah", ctx.lang, value="nilai", labels=names,
                        **words(fig))
    if table_toggle(t("chart.show_table", ctx.lang), "magang_map"):
        head = chart_frame(fig)
        if head is not None:
            st.markdown(render.frame_html(head, "head"), unsafe_allow_html=True)
        st.dataframe(table, hide_index=True, width="stretch")
    else:
        render.figure(fig, key=f"magang_map_{measure}", config=plotly_config(), summary=summary)
    export_menu(ctx, fig, lambda: pd.DataFrame({
        t("column.kode_wilayah", ctx.lang): [names[c] for c in codes],
        label: [t("peta.no_data", ctx.lang) if pd.isna(v) else round(v, digits)
                for v in frame["nilai"]]}), f"magang_map_{measure}",
        coverage_note=coverage_note, frame=published, summary=summary)
    method_panel(ctx, [t("magang.method.population", ctx.lang)] if measure == "per100k"
                 else [], coverage_note)


def labels_of(ctx: InternView, dimension: str) -> Mapping[str, str]:
    return ctx.labels.get(dimension, {})


def status_table(ctx: InternView) -> pd.DataFrame:
    """Per year, the interns of each status side by side (one column each, never a sum), for
    the Data page; "<5" kept, what an incomplete year covers named."""
    frames = {status: ctx.totals("tahun", status=status, **ctx.over_time())
              for status in ctx.statuses}
    years = sorted({int(y) for f in frames.values() for y in f["tahun"]})
    table = pd.DataFrame({t("column.tahun", ctx.lang): [str(y) for y in years]})
    for status, frame in frames.items():
        shown = {int(r.tahun): (f"<{ctx.threshold}" if r.ditekan else number(int(r.jumlah),
                                                                             ctx.lang))
                 for r in frame.itertuples(index=False)}
        table[t(f"magang.status.{interns.STATUSES.index(status)}", ctx.lang)] = [
            shown.get(y, "–") for y in years]
    departed = frames.get(interns.DEPARTED)
    if departed is not None and not departed["lengkap"].astype(bool).all():
        notes = dict(zip(departed["tahun"].astype(int), framing.row_notes(ctx, departed),
                         strict=True))
        table[t("column.cakupan", ctx.lang)] = [notes.get(y, "") for y in years]
    return table
