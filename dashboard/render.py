"""Streamlit pieces every page uses: the sample badge, a framed chart with its table view and
its "sources and method" panel, friendly empty messages. Pages stay thin."""

from __future__ import annotations

import contextlib
import dataclasses
import html
import urllib.parse
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import (
    chart_spec,
    chart_summary,
    data,
    escape,
    exports,
    figure_memo,
    framing,
    share,
    state,
)
from dashboard.context import ViewContext
from dashboard.i18n import number, t
from dashboard.navigation import table_toggle

#: No plotly mode bar: on a phone it covered the chart's words and did nothing useful; the
#: chart's own download menu (export_menu) gives the framed images and the data instead.
PLOTLY_CONFIG: dict[str, Any] = {"displayModeBar": False, "displaylogo": False,
                                 "responsive": True}


def figure(fig: go.Figure, key: str, config: Mapping[str, Any] | None = None,
           summary: str = "", **options: Any) -> Any:
    """A framed chart on the page: its sample mark, title and subtitle as text above the plot
    and its source line as text below (they wrap on a phone instead of being cut; plotly does
    not wrap), the plot itself from :func:`chart_spec.page_dict`. ``summary`` (the chart in a
    sentence, :func:`summary_of`) is written before the plot for screen readers only.
    ``options`` go to ``st.plotly_chart`` (``on_select``, …); its return value is returned."""
    frame = chart_spec.chart_frame(fig)
    if frame is not None:
        st.markdown(frame_html(frame, "head"), unsafe_allow_html=True)
    if summary:
        st.markdown(summary_html(summary), unsafe_allow_html=True)
    page = figure_memo.page_figure(fig, chart_spec.page_dict)  # made once per figure
    event = st.plotly_chart(page, width="stretch", config={**PLOTLY_CONFIG, **(config or {})},
                            key=key, **options)
    if frame is not None and frame.footer:
        st.markdown(frame_html(frame, "source"), unsafe_allow_html=True)
    return event


def frame_html(frame: chart_spec.ChartFrame, part: str) -> str:
    """The frame's words as HTML: ``part`` "head" (mark, title, subtitle) or "source" (the
    source line). The text is escaped, so nothing in it is read as Markdown or HTML."""
    def escaped(text: str) -> str:
        return html.escape(text).replace("$", "&#36;")

    if part == "source":
        return f'<p class="pmi-chart-source">{escaped(frame.footer)}</p>'
    mark = (f'<span class="pmi-chart-mark">■ {escaped(frame.sample_mark)}</span>'
            if frame.sample_mark else "")
    return (f'<div class="pmi-chart-head">{mark}'
            f'<span class="pmi-chart-title">{escaped(frame.title)}</span>'
            f'<span class="pmi-chart-subtitle">{escaped(frame.subtitle)}</span></div>')


def summary_html(summary: str) -> str:
    """The chart's text alternative as a paragraph only a screen reader reads (``sr-only``)."""
    text = html.escape(summary).replace("$", "&#36;")
    return f'<p class="sr-only pmi-chart-summary">{text}</p>'


def summary_of(ctx: ViewContext, fig: go.Figure, frame: pd.DataFrame,
               columns: Sequence[str]) -> str:
    """The chart in one sentence (dashboard/chart_summary.py) from the figures it draws:
    ``frame`` by its first column of ``columns``; suppressed small counts are counted as not
    drawn, never as their value."""
    shown = chart_spec.chart_frame(fig)
    x = next((column for column in columns if column in frame), "")
    values = frame
    if "ditekan" in frame and "jumlah" in frame:
        values = frame.assign(jumlah=pd.to_numeric(frame["jumlah"], errors="coerce").where(
            ~frame["ditekan"].fillna(False).astype(bool)))
    group = next((column for column in columns if column in frame and column != x), "")
    return chart_summary.summarise(
        values, x, ctx.lang, title=shown.title if shown else "",
        subtitle=shown.subtitle if shown else "", labels=ctx.labels.get(x, {}),
        sample_mark=shown.sample_mark if shown else "", group=group,
        group_labels=ctx.labels.get(group, {}))


def page_header(ctx: ViewContext, title_key: str, intro_key: str | None = None) -> None:
    st.title(t(title_key, ctx.lang))
    series_switch(ctx)
    if ctx.is_sample:
        sample_badge(ctx)
    total = ctx.totals()
    st.caption(t("page.view", ctx.lang, series=escape.markdown(framing.series_label(ctx)),
                 period=framing.period_of(ctx, total), regions=framing.where_text(ctx, total),
                 until=ctx.until_text()))
    if intro_key:
        st.markdown(t(intro_key, ctx.lang))


SWITCH = ("terbitan", "contoh")


def series_switch(ctx: ViewContext) -> None:
    """"Angka terbitan | Data contoh" on the page itself (the sidebar is hidden on phones);
    the choice is the ``seri`` of the URL."""
    if not (ctx.published_series and ctx.sample_series):
        return
    st.session_state["series_switch"] = "contoh" if ctx.is_sample else "terbitan"
    st.segmented_control(t("switch.label", ctx.lang), SWITCH, key="series_switch",
                         format_func=lambda option: t(f"switch.{option}", ctx.lang),
                         on_change=_switch_series, args=(ctx,))


def _switch_series(ctx: ViewContext, choice: str | None = None) -> None:
    choice = choice or st.session_state.get("series_switch")
    target = ctx.sample_series if choice == "contoh" else ctx.published_series
    if choice and target:
        state.set_param("seri", target, ctx.default_series)


def dimension_missing(ctx: ViewContext, dimension: str) -> None:
    """One sentence when the series does not break its figures down by ``dimension``, and
    the same page in the sample view, one click away."""
    st.info(t("message.dimension_not_reported", ctx.lang,
              dimension=t(f"column.{dimension}", ctx.lang).lower()
              if dimension != "bulan" else t("word.month", ctx.lang)))
    if not ctx.is_sample and ctx.sample_series:
        st.button(t("switch.see_sample", ctx.lang), key=f"see_sample_{dimension}",
                  icon=":material/science:", on_click=_switch_series, args=(ctx, "contoh"))


def sample_badge(ctx: ViewContext) -> None:
    st.warning(t("badge.sample", ctx.lang), icon="⚠️")


def spec(ctx: ViewContext, title: str, subtitle: str, *, value_label: str | None = None,
         labels: Mapping[str, str] | None = None, x_title: str = "", y_title: str = "",
         height: int = 460, provisional_x: tuple[str, ...] = (),
         frame: pd.DataFrame | None = None) -> chart_spec.ChartSpec:
    """A chart frame in the view's language, with its source footer and sample mark; with
    ``frame`` (by ``tahun``), its incomplete years are drawn apart and labelled. ``title`` and
    ``subtitle`` are plain text (an occupation in a title is data): they and the source are
    escaped here for plotly, which reads its text as pseudo-HTML."""
    sources = data.sources(ctx.version, ctx.series, ctx.lang)
    source = sources[0] if len(sources) == 1 and len(sources[0]) <= 90 else ctx.series_source
    footer = t("chart.footer", ctx.lang, source=escape.plotly(source), until=ctx.until_text())
    return chart_spec.ChartSpec(
        title=escape.plotly(title), subtitle=escape.plotly(subtitle), footer=footer,
        lang=ctx.lang,
        sample_mark=t("chart.sample_mark", ctx.lang) if ctx.is_sample else None,
        x_title=x_title, y_title=y_title,
        value_label=value_label or t("column.jumlah", ctx.lang),
        labels=labels or {}, not_reported=t("label.not_reported", ctx.lang),
        suppressed=f"<{ctx.threshold}", height=height, provisional_x=provisional_x,
        provisional_label=t("label.provisional", ctx.lang),
        partial=framing.partial_notes(ctx, frame) if frame is not None else {},
        partial_legend=t("coverage.legend_partial", ctx.lang),
    )


def subtitle(ctx: ViewContext, what_key: str, frame: pd.DataFrame) -> str:
    """"What is counted, where and when" for a chart's subtitle, from the coverage of the
    figures in ``frame`` (never wider than they are), and the series in plain words."""
    return framing.subtitle(ctx, what_key, frame)


def display_table(frame: pd.DataFrame, ctx: ViewContext,
                  columns: Sequence[str]) -> pd.DataFrame:
    """The numbers behind a chart as people read them: names, not codes; "<5" kept."""
    shown = pd.DataFrame()
    for column in columns:
        values = frame[column]
        if column == "kode_wilayah":
            shown[t("column.kode_wilayah", ctx.lang)] = [ctx.region_name(v) for v in values]
        elif column in ctx.labels:
            names = ctx.labels[column]
            shown[t(f"column.{column}", ctx.lang)] = [
                t("label.not_reported", ctx.lang) if pd.isna(v) else names.get(str(v), str(v))
                for v in values]
        elif column == "bulan":
            shown[t("column.bulan", ctx.lang)] = [
                t("label.not_reported", ctx.lang) if pd.isna(v) else str(int(v)) for v in values]
        else:
            shown[t(f"column.{column}", ctx.lang)] = values.astype(str)
    suppressed = frame["ditekan"].to_numpy(dtype=bool) if "ditekan" in frame else \
        [False] * len(frame)
    shown[t("column.jumlah", ctx.lang)] = [
        f"<{ctx.threshold}" if s else number(int(v), ctx.lang)
        for v, s in zip(frame["jumlah"], suppressed, strict=True)]
    if "lengkap" in frame and not frame["lengkap"].astype(bool).all():
        shown[t("column.cakupan", ctx.lang)] = framing.row_notes(ctx, frame)
    return shown


def chart(ctx: ViewContext, fig: go.Figure, frame: pd.DataFrame, columns: Sequence[str],
          key: str, notes: Sequence[str] = ()) -> None:
    """A framed chart, its "show as table" alternative and its sources-and-method panel.

    When the figures are not complete (some regencies, some months), one sentence saying so
    stands above the chart, not only inside the panel."""
    coverage_note = framing.coverage_note(ctx, frame)
    if coverage_note:
        st.caption(f":material/info: {coverage_note}")
    summary = summary_of(ctx, fig, frame, columns)
    as_table = table_toggle(t("chart.show_table", ctx.lang), key)  # kept in the URL
    if as_table:
        shown = chart_spec.chart_frame(fig)
        if shown is not None:
            st.markdown(frame_html(shown, "head"), unsafe_allow_html=True)
        st.dataframe(display_table(frame, ctx, columns), hide_index=True,
                     width="stretch")
    else:
        figure(fig, key, summary=summary)
    export_menu(ctx, fig, lambda: display_table(frame, ctx, columns), key,
                coverage_note=coverage_note, frame=frame, summary=summary)
    with st.expander(t("chart.method", ctx.lang)):
        sources = data.sources(ctx.version, ctx.series, ctx.lang)
        loaded = data.last_loaded(ctx.version, ctx.series)
        lines = [
            t("method.series", ctx.lang, series=escape.markdown(ctx.series_name),
              note=escape.markdown(ctx.series_note)),
            t("method.sources", ctx.lang, sources=escape.markdown("; ".join(sources)) or "–"),
            t("method.loaded", ctx.lang, loaded=str(loaded)[:16] if loaded else "–"),
            t("method.period", ctx.lang, period=ctx.period_text(), until=ctx.until_text()),
            t("method.unit", ctx.lang),
            t("method.rules", ctx.lang, threshold=ctx.threshold),
            *notes,
            *([coverage_note] if coverage_note else []),
            *[t("method.caveat", ctx.lang, caveat=escape.markdown(c))
              for c in data.caveats(ctx.version, ctx.series, ctx.lang)],
        ]
        st.markdown("\n".join(f"- {line}" for line in lines))


def permalink(ctx: ViewContext) -> str:
    """The address of this view: page and query string (language, series, filters)."""
    base = str(st.context.url or "").split("?")[0]
    query = urllib.parse.urlencode(dict(st.query_params))
    return f"{base}?{query}" if query else base


@contextlib.contextmanager
def download_menu(lang: str, key: str) -> Iterator[bool]:
    """A chart's download menu (the "Unduh" popover); yields whether it is open. What is inside
    (buttons, the table behind them, the files' header, the share links) is made only while it
    is open: opening it reruns the page (``on_change="rerun"``), so a page run that no reader
    asked downloads of does not build them for every chart (issue 16)."""
    with st.popover(t("export.menu", lang), icon=":material/download:", key=f"menu_{key}",
                    on_change="rerun") as menu:
        yield bool(menu.open)


def export_menu(ctx: ViewContext, fig: go.Figure, table: Callable[[], pd.DataFrame], key: str,
                config: Mapping[str, object] | None = None,
                coverage_note: str | None = None, frame: pd.DataFrame | None = None,
                summary: str = "") -> None:
    """Downloads of one chart: server-rendered PNG and SVG carrying its frame (and its
    ``summary`` as the image's description), the data behind it as CSV and XLSX (``table``
    makes it when the menu opens), and the permalink. Files are made when a button is
    clicked."""
    with download_menu(ctx.lang, key) as is_open:
        if not is_open:
            return
        link = permalink(ctx)
        meta = exports.ExportMeta.for_view(ctx, fig=fig,
                                           sources=data.sources(ctx.version, ctx.series,
                                                                ctx.lang),
                                           permalink=link, coverage=coverage_note or "",
                                           frame=frame)
        if summary:
            meta = dataclasses.replace(meta, description=summary)
        cache_key = (key, ctx.state, ctx.version, ctx.lang, ctx.series)
        file_downloads(fig, meta, table(), key, cache_key)
        share.section(fig, meta, key, cache_key, state=ctx.state, years=ctx.choices.years,
                      series=ctx.series)


def file_downloads(fig: go.Figure, meta: exports.ExportMeta, table: pd.DataFrame, key: str,
                   cache_key: Hashable) -> None:
    """Inside an open download menu: PNG, SVG, CSV and XLSX of the chart and the permalink."""
    image_downloads(fig, meta, key, cache_key)
    st.download_button("CSV", data=lambda: exports.table_csv(table, meta),
                       file_name=exports.download_name(meta, "csv"),
                       mime=exports.MIME["csv"], on_click="ignore", key=f"csv_{key}")
    st.download_button("XLSX", data=lambda: exports.table_xlsx(table, meta),
                       file_name=exports.download_name(meta, "xlsx"),
                       mime=exports.MIME["xlsx"], on_click="ignore", key=f"xlsx_{key}")
    st.caption(t("export.permalink", meta.lang))
    st.code(meta.permalink, language=None)


def image_downloads(fig: go.Figure, meta: exports.ExportMeta, key: str,
                    cache_key: Hashable) -> None:
    """PNG and SVG buttons of a framed chart (rendered on the server when clicked); nothing
    when no renderer (Chromium) is available."""
    if not exports.renderer_available():
        return
    st.download_button("PNG", data=lambda: exports.figure_png(fig, meta, key=cache_key),
                       file_name=exports.download_name(meta, "png"),
                       mime=exports.MIME["png"], on_click="ignore", key=f"png_{key}")
    st.download_button("SVG", data=lambda: exports.figure_svg(fig, meta, key=cache_key),
                       file_name=exports.download_name(meta, "svg"),
                       mime=exports.MIME["svg"], on_click="ignore", key=f"svg_{key}")


def empty(ctx: ViewContext, frame: pd.DataFrame) -> bool:
    """Show a friendly message and return True when a selection has no figures."""
    if frame.empty or (frame["jumlah"].fillna(0).sum() == 0 and not frame["ditekan"].any()):
        st.info(t("message.empty", ctx.lang))
        return True
    return False


def not_reported_note(ctx: ViewContext, frame: pd.DataFrame, dimension: str) -> str | None:
    """A note when part of the total is not broken down by ``dimension`` in the source."""
    missing = frame[frame[dimension].isna()]
    if missing.empty:
        return None
    amount = int(missing["jumlah"].fillna(0).sum())
    return t("message.not_reported", ctx.lang, amount=number(amount, ctx.lang),
             dimension=t(f"column.{dimension}", ctx.lang).lower())
