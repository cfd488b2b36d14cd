"""The Kinerja page's charts, built without Streamlit: the trend per indicator and the year's
overview, the tables behind them and their CSV download (the words and numbers they use are
in ``dashboard/kinerja_text.py``).

The charts use the frame of ``dashboard/charts.py`` (title, subtitle, source footer, sample
mark), so the image exports keep it. On the overview a status is colour, a fill pattern and a
marker of its own shape, never colour alone.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard import escape
from dashboard.chart_spec import ChartSpec, frame_figure
from dashboard.exports import neutralise
from dashboard.figure_memo import memoized
from dashboard.i18n import percent, t
from dashboard.kinerja_text import (
    STATUS_COLOURS,
    TEXT_COLOUR,
    axis_label,
    bar_text,
    capaian_text,
    direction_text,
    period_label,
    sources_text,
    status_text,
    until_label,
    with_unit,
)
from dashboard.palette import PALETTE
from domain import kinerja

#: On the overview chart a status is also a fill pattern (solid, hatched, cross-hatched) and
#: a marker of its own shape at the bar's end: it reads without colour, in print and greyscale.
STATUS_PATTERNS: dict[str, str] = {
    kinerja.MET: "", kinerja.NEARLY: "/", kinerja.NOT_MET: "x", kinerja.NO_DATA: "",
}
STATUS_SYMBOLS: dict[str, str] = {
    kinerja.MET: "circle", kinerja.NEARLY: "diamond", kinerja.NOT_MET: "x",
    kinerja.NO_DATA: "circle-open",
}
REALISATION_COLOUR = PALETTE[0]
TARGET_COLOUR = PALETTE[4]
#: Characters per line of an indicator's name on the overview chart's axis.
NAME_WIDTH = 26
#: Characters per line of a subtitle and of the footer (plotly does not wrap titles or
#: annotations; a phone is narrow).
SUBTITLE_WIDTH = 48
FOOTER_WIDTH = 62


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _lines(text: str, width: int = SUBTITLE_WIDTH) -> str:
    """``text`` (plain; an indicator's name is data) broken into lines (``<br>``) that fit a
    phone-wide chart, each escaped for plotly."""
    return "<br>".join(escape.plotly(line) for line in textwrap.wrap(text, width)) or \
        escape.plotly(text)


def _footer_lines(footer: str) -> list[str]:
    """The footer in lines of at most FOOTER_WIDTH characters, broken at its " · "
    separators first (an export joins the lines with " · " again)."""
    lines: list[str] = []
    for part in footer.split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= FOOTER_WIDTH:
            lines[-1] += " · " + part
        else:
            lines.extend(textwrap.wrap(part, FOOTER_WIDTH, break_on_hyphens=False) or [part])
    return lines


def _fit_title(fig: go.Figure, spec: ChartSpec) -> go.Figure:
    """Room above the plot for a subtitle of several lines, and below it for a footer of
    several lines (the footer annotation keeps its place, so exports still find it)."""
    top = spec.subtitle.count("<br>") * 18
    footer_lines = _footer_lines(spec.footer)
    bottom = (len(footer_lines) - 1) * 14
    for annotation in fig.layout.annotations:
        if annotation.text == spec.footer:
            annotation.text = "<br>".join(footer_lines)
            annotation.yshift = -80 - bottom
    fig.update_layout(margin={"t": (118 if spec.sample_mark else 96) + top, "b": 96 + bottom},
                      height=spec.height + top + bottom)
    return fig


# --------------------------------------------------------------------------- trend per indicator


def trend_spec(history: pd.DataFrame, lang: str) -> ChartSpec:
    """The frame of an indicator's trend chart: its finding as the title (in how many years the
    target was met), what is shown in the subtitle, source and data date in the footer."""
    last = history.iloc[-1]
    assessed = history[history["status"] != kinerja.NO_DATA]
    met = int((assessed["status"] == kinerja.MET).sum())
    title = t("kinerja.chart_title", lang, met=met, years=len(assessed)) if len(assessed) \
        else t("kinerja.chart_title_no_data", lang)
    first_year, last_year = int(history["tahun"].min()), int(history["tahun"].max())
    years = str(first_year) if first_year == last_year else f"{first_year}–{last_year}"
    subtitle = _lines(t("kinerja.chart_subtitle", lang, indicator=last["indikator"],
                        unit=last["satuan"], years=years,
                        direction=direction_text(str(last["arah"]), lang)))
    reported = kinerja.latest_period(history)
    until = until_label(*reported, lang) if reported else "–"
    footer = t("kinerja.chart_footer", lang, source=escape.plotly(_short(sources_text(history))),
               until=until)
    return ChartSpec(title=title, subtitle=subtitle, footer=footer, lang=lang,
                     sample_mark=t("chart.sample_mark", lang) if history["is_sample"].any()
                     else None, value_label=t("kinerja.realisasi", lang), height=400)


@memoized
def trend_chart(history: pd.DataFrame, lang: str) -> go.Figure:
    """One indicator over the years (rows of ``kinerja.per_year``, assessed): realisation
    as bars labelled with their value, target as a dashed line with diamond markers. A year
    without a reported realisation gets a grey "not reported" label instead of a bar."""
    history = history.sort_values("tahun")
    spec = trend_spec(history, lang)
    xs = [axis_label(y, q, lang) for y, q in zip(history["tahun"], history["triwulan"],
                                                  strict=True)]
    unit = str(history["satuan"].iloc[-1])
    reported = history["realisasi"].notna().to_numpy()
    realised = [float(v) if ok else None for v, ok in zip(history["realisasi"], reported,
                                                          strict=True)]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=xs, y=[v if v is not None else 0 for v in realised],
        name=t("kinerja.realisasi", lang),
        text=[escape.plotly(bar_text(v, unit, lang)) if v is not None else ""
              for v in realised],
        textposition="inside", insidetextanchor="start", textangle=0,
        insidetextfont={"color": "white"}, marker_color=REALISATION_COLOUR,
        customdata=[[capaian_text(c, lang), status_text(s, lang)]
                    for c, s in zip(history["capaian"], history["status"], strict=True)],
        hovertemplate="%{x}<br>" + t("kinerja.realisasi", lang) + ": %{text}<br>"
                      + t("kinerja.capaian", lang) + ": %{customdata[0]} · %{customdata[1]}"
                      "<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=xs, y=[float(v) for v in history["target"]], name=t("kinerja.target", lang),
        mode="lines+markers", line={"color": TARGET_COLOUR, "width": 2, "dash": "dash"},
        marker={"symbol": "diamond", "size": 11, "color": TARGET_COLOUR},
        text=[escape.plotly(with_unit(v, unit, lang)) for v in history["target"]],
        hovertemplate="%{x}<br>" + t("kinerja.target", lang) + ": %{text}<extra></extra>",
    ))
    for position, ok in enumerate(reported):
        if not ok:  # by position: a year-like category name would be read as a position
            fig.add_annotation(x=position, y=0, yanchor="bottom", showarrow=False,
                               text=t("kinerja.not_reported", lang),
                               font={"size": 12, "color": "#505a5f"}, textangle=-90)
    # a label that does not fit in its bar at 9 px or more is left out (hover and table keep it)
    fig.update_layout(showlegend=True, barmode="overlay", bargap=0.3,
                      uniformtext={"minsize": 9, "mode": "hide"})
    fig.update_xaxes(type="category")
    framed = _fit_title(frame_figure(fig, spec), spec)
    framed.update_yaxes(tickformat=",~f")  # indicators may be percentages with decimals
    return framed


def trend_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The numbers behind the trend chart, as people read them (the chart's table view)."""
    history = history.sort_values("tahun")
    unit = str(history["satuan"].iloc[-1])
    return pd.DataFrame({
        t("kinerja.column.period", lang): [period_label(y, q, lang) for y, q in
                                           zip(history["tahun"], history["triwulan"],
                                               strict=True)],
        t("kinerja.target", lang): [with_unit(v, unit, lang) for v in history["target"]],
        t("kinerja.realisasi", lang): [with_unit(v, unit, lang) if pd.notna(v)
                                       else t("kinerja.not_reported", lang)
                                       for v in history["realisasi"]],
        t("kinerja.capaian", lang): [capaian_text(v, lang) for v in history["capaian"]],
        t("kinerja.column.status", lang): [status_text(s, lang) for s in history["status"]],
    })


# --------------------------------------------------------------------------- all indicators


def overview_chart(shown: pd.DataFrame, year: int, thresholds: kinerja.Thresholds,
                   lang: str, source: str, until: str) -> go.Figure:
    """Capaian of every indicator in ``year`` as horizontal bars coloured by status, each with
    its name above it (the whole width, also on a phone) and its percentage and status in words
    beside it; a dashed line at the "met" threshold. Every assessed indicator is drawn at its
    value (``overview_value``), with a marker of its status' shape at the bar's end (so a bar
    at 0% is seen too) and its status' fill pattern; an indicator without a capaian says its
    realisation against its target in words. Only an indicator with nothing reported has no
    bar: its label says so."""
    counted = kinerja.counts(shown["status"])
    spec = ChartSpec(
        title=t("kinerja.overview_title", lang, met=counted[kinerja.MET],
                total=len(shown), year=year),
        subtitle=_lines(t("kinerja.overview_subtitle", lang, year=year,
                          met=percent(thresholds.met / 100, lang, 0))),
        footer=t("kinerja.chart_footer", lang, source=escape.plotly(_short(source)),
                 until=until), lang=lang,
        sample_mark=t("chart.sample_mark", lang) if shown["is_sample"].any() else None,
        value_label=t("kinerja.capaian", lang), height=150 + 92 * len(shown))
    ordered = shown.iloc[::-1].reset_index(drop=True)  # the first indicator on top
    drawn = [overview_value(c, s) for c, s in zip(ordered["capaian"], ordered["status"],
                                                   strict=True)]
    values = [0.0 if v is None else v for v in drawn]
    labels = [overview_label(row, lang) for _, row in ordered.iterrows()]
    positions = list(range(len(ordered)))
    statuses = list(ordered["status"])
    fig = go.Figure(go.Bar(
        x=values, y=positions, orientation="h", width=0.36, offset=-0.44,
        customdata=[[escape.plotly(n), label] for n, label in zip(ordered["indikator"], labels,
                                                                   strict=True)],
        marker={"color": [STATUS_COLOURS[s] for s in statuses],
                "pattern": {"shape": [STATUS_PATTERNS[s] for s in statuses],
                            "fillmode": "overlay", "fgcolor": "white", "solidity": 0.35,
                            "size": 8}},
        hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
    ))
    marked = [i for i, v in enumerate(drawn) if v is not None]
    fig.add_trace(go.Scatter(  # the status' shape at the bar's end: a 0% bar is seen too
        x=[values[i] for i in marked], y=[positions[i] - 0.26 for i in marked], mode="markers",
        marker={"symbol": [STATUS_SYMBOLS[statuses[i]] for i in marked], "size": 13,
                "color": [STATUS_COLOURS[statuses[i]] for i in marked],
                "line": {"color": TEXT_COLOUR, "width": 1.5}},
        customdata=[[escape.plotly(ordered["indikator"].iloc[i]), labels[i]] for i in marked],
        hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        cliponaxis=False))
    for position, name, value, label in zip(positions, ordered["indikator"], values, labels,
                                            strict=True):
        # names and labels on a white ground: readable over the threshold line
        fig.add_annotation(x=0, y=position - 0.04, xref="paper", yanchor="bottom",
                           text=_lines(str(name), NAME_WIDTH * 2), showarrow=False,
                           xanchor="left", align="left", bgcolor="rgba(255,255,255,0.9)",
                           font={"size": 13, "color": TEXT_COLOUR})
        fig.add_annotation(x=value, y=position - 0.26, text=label, showarrow=False,
                           xanchor="left", xshift=12, bgcolor="rgba(255,255,255,0.9)",
                           font={"size": 13, "color": TEXT_COLOUR})
        # the "met" threshold across the bar's band only, not through the names
        fig.add_shape(type="line", x0=thresholds.met, x1=thresholds.met, y0=position - 0.5,
                      y1=position - 0.02, line={"color": TEXT_COLOUR, "width": 1,
                                               "dash": "dash"})
    top = max([thresholds.met, *values]) * 2  # the threshold mid-way: room for the labels
    fig.update_layout(showlegend=False)
    framed = _fit_title(frame_figure(fig, spec), spec)
    framed.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, tickformat=None,
                        rangemode=None, range=[-0.6, len(ordered) - 0.35], fixedrange=True)
    framed.update_xaxes(range=[0, top], ticksuffix="%", tickformat=",~f",
                        title=t("kinerja.capaian_axis", lang))
    return framed


def overview_value(capaian: object, status: str) -> float | None:
    """Where an indicator's bar ends on the overview chart (capaian, %): its capaian; 0 for a
    "lower is better" indicator whose target of 0 was exceeded (its capaian is not computed,
    and the formula's limit for any realisation above the target is 0); None — no bar — when
    nothing is reported or a target of 0 was met (no percentage to draw)."""
    if capaian is not None and not pd.isna(capaian):  # type: ignore[call-overload]
        return float(capaian)  # type: ignore[arg-type]
    return 0.0 if status == kinerja.NOT_MET else None


def overview_label(row: pd.Series, lang: str) -> str:
    """The words beside an indicator's bar: ``97,9% · ✔ Tercapai``; without a capaian its
    realisation against its target (``9 kasus dari target 0 kasus · ✖ Belum tercapai``) or that
    nothing is reported yet."""
    status = str(row["status"])
    if row["capaian"] is not None and not pd.isna(row["capaian"]):
        figure = capaian_text(row["capaian"], lang)
    elif status == kinerja.NO_DATA:
        figure = t("kinerja.not_reported", lang)
    else:
        unit = str(row["satuan"])
        figure = t("kinerja.overview_against", lang,
                   realised=escape.plotly(with_unit(row["realisasi"], unit, lang)),
                   target=escape.plotly(with_unit(row["target"], unit, lang)))
    return f"{figure} · {status_text(status, lang)}"


@memoized
def year_overview(shown: pd.DataFrame, year: int, thresholds: kinerja.Thresholds,
                  lang: str) -> go.Figure | None:
    """The overview chart of ``year`` (assessed rows of that year), its footer citing the
    sources of the rows and the period they run to; None when no indicator has a capaian."""
    if not shown["capaian"].notna().any():
        return None
    reported = kinerja.latest_period(shown)
    until = until_label(*reported, lang) if reported else "–"
    return overview_chart(shown, year, thresholds, lang, sources_text(shown), until)


def overview_table(shown: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every indicator of the chosen year: the overview chart as a table."""
    return pd.DataFrame({
        t("kinerja.column.indicator", lang): shown["indikator"].tolist(),
        t("kinerja.column.period", lang): [period_label(y, q, lang) for y, q in
                                           zip(shown["tahun"], shown["triwulan"], strict=True)],
        t("kinerja.target", lang): [with_unit(v, u, lang) for v, u in
                                    zip(shown["target"], shown["satuan"], strict=True)],
        t("kinerja.realisasi", lang): [with_unit(v, u, lang) if pd.notna(v)
                                       else t("kinerja.not_reported", lang)
                                       for v, u in zip(shown["realisasi"], shown["satuan"],
                                                       strict=True)],
        t("kinerja.capaian", lang): [capaian_text(v, lang) for v in shown["capaian"]],
        t("kinerja.column.status", lang): [status_text(s, lang) for s in shown["status"]],
    })


# --------------------------------------------------------------------------- download

#: Columns of the CSV download, in order (names as in the file format and the store).
CSV_COLUMNS: tuple[str, ...] = (
    "kode_indikator", "indikator", "satuan", "arah", "tahun", "triwulan", "target",
    "realisasi", "capaian", "status", "unit_penanggung_jawab", "sumber", "catatan",
    "data_contoh", "berkas", "baris", "batch_id",
)


def table_csv(rows: pd.DataFrame, lang: str, header: Sequence[tuple[str, str]]) -> bytes:
    """Every indicator row (assessed) as CSV: ``#`` header lines (title, sample mark, source,
    thresholds …), then one row per indicator and period as in the loaded files, with capaian
    and status added. UTF-8 with BOM; text that a spreadsheet would run as a formula gets a
    leading ``'``. ``capaian`` is empty where it is undefined; ``status`` in words."""
    out = io.StringIO()
    for label, value in header:
        out.write(f"# {label}: {' '.join(str(value).split())}\r\n")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    frame = rows.rename(columns={"is_sample": "data_contoh", "file_name": "berkas"}).assign(
        status=[t(f"kinerja.status.{s}", lang) for s in rows["status"]])
    for record in frame.to_dict("records"):
        cells = []
        for column in CSV_COLUMNS:
            value = record.get(column)
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                cells.append("")
            elif isinstance(value, float) and value.is_integer():
                cells.append(str(int(value)))
            else:
                cells.append(neutralise(value))
        writer.writerow(cells)
    return out.getvalue().encode("utf-8-sig")
