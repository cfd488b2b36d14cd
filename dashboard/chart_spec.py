"""What a chart says besides its numbers, and how it is framed: the spec (title, subtitle
saying what is counted, where and when, source footer, sample mark, labels), the frame drawn
from it onto a figure (:func:`frame_figure`), that frame read back as plain text
(:func:`chart_frame`) and the copy of a framed figure a page draws (:func:`page_figure`).

No Streamlit here: the same functions serve the pages, the image exports and the slide deck.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from _plotly_utils.utils import convert_to_base64

from dashboard import escape
from dashboard.palette import TEXT_COLOUR

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
SEPARATORS = {"id": ",.", "en": ".,"}  # plotly: decimal mark, then thousands separator


@dataclass(frozen=True)
class ChartSpec:
    """Everything a chart says besides its numbers."""

    title: str
    subtitle: str
    footer: str
    lang: str = "id"
    sample_mark: str | None = None  # e.g. "DATA CONTOH / SAMPLE DATA" when sample data
    x_title: str = ""
    y_title: str = ""
    value_label: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)  # category value -> shown text
    not_reported: str = "Tidak dirinci di sumber"
    suppressed: str = "<5"
    height: int = 460
    provisional_x: tuple[str, ...] = ()  # x values (as shown) the source calls provisional
    provisional_label: str = "sementara"
    #: x values (as in the frame, e.g. a year) whose figures are incomplete -> why
    #: ("hanya Kota Cilegon", "Jan–Agu"): drawn apart, hatched and labelled, never in the same
    #: unmarked trace as complete ones.
    partial: Mapping[str, str] = field(default_factory=dict)
    partial_legend: str = "Cakupan sebagian (lihat label)"
    #: x values (as in the frame) of the selected period on a chart over time: framed by a
    #: dotted line and written in bold on the axis, as Our World in Data marks the selected
    #: year; nothing is marked when the chart shows the selected period alone.
    highlight: tuple[str, ...] = ()


def frame_figure(fig: go.Figure, spec: ChartSpec) -> go.Figure:
    """Title, subtitle, footer, sample mark, fonts, number format, phone-friendly margins.

    Written into ``fig``'s layout as plain data and not validated again, as
    :func:`page_figure`: ``fig`` was validated when it was built, and what is added here is
    fixed and checked by the tests (plotly's validated updates took 14 ms a chart, 0.4 ms now;
    a map's boundaries are not copied, :func:`with_layout`). The result is the same figure."""
    mark = (f"<span style='font-size:0.72em;color:#8A4B00'><b>■ {spec.sample_mark}</b></span>"
            "<br>") if spec.sample_mark else ""
    layout: dict[str, Any] = fig.layout.to_plotly_json()
    _merge(layout, {
        "title": {"text": f"{mark}<b>{spec.title}</b><br>"
                          f"<span style='font-size:0.8em;color:#505a5f'>{spec.subtitle}</span>",
                  "x": 0, "xanchor": "left", "y": 0.97, "yanchor": "top",
                  "font": {"size": 18}},
        "font": {"family": FONT, "size": 14, "color": TEXT_COLOUR},
        "separators": SEPARATORS.get(spec.lang, ",."),
        "paper_bgcolor": "white", "plot_bgcolor": "white",
        "margin": {"l": 8, "r": 8, "t": 118 if spec.sample_mark else 96, "b": 96},
        "height": spec.height,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        "hoverlabel": {"font": {"family": FONT}},
    })
    # the frame's words as data too: a page writes them as text around the plot
    # (page_figure), where they wrap at any width; exports draw them from the title
    layout["meta"] = {**(layout.get("meta") or {}), FRAME_META: {
        "title": spec.title, "subtitle": spec.subtitle, "footer": spec.footer,
        "sample_mark": spec.sample_mark or ""}}
    layout["annotations"] = [*(layout.get("annotations") or []), {
        "text": spec.footer, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -80,
        "xanchor": "left", "yanchor": "bottom", "showarrow": False, "align": "left",
        "font": {"size": 11, "color": "#505a5f"}, "name": FOOTER_NAME}]
    axes = {name for name in layout if AXIS.fullmatch(name)} | {"xaxis", "yaxis"}
    for name in sorted(axes):
        axis = layout.setdefault(name, {})
        if name.startswith("x"):
            _merge(axis, {"title": spec.x_title or None, "automargin": True,
                          "showgrid": False, "linecolor": "#b1b4b6"})
            if axis.get("type") != "category":
                axis["tickformat"] = ",d"
        else:  # 3.500 / 3,500: thousands separator on the axis too
            _merge(axis, {"title": spec.y_title or None, "automargin": True,
                          "gridcolor": "#e5e5e5", "rangemode": "tozero", "zeroline": True,
                          "zerolinecolor": "#b1b4b6", "tickformat": ",d"})
    return with_layout(fig, layout)


def with_layout(fig: go.Figure, layout: dict[str, Any]) -> go.Figure:
    """A figure of ``fig``'s traces and ``layout``, not validated again (``fig`` was). A map's
    boundaries (a trace's ``geojson``, megabytes of coordinates) are shared with ``fig``, not
    copied: nothing changes them, and copying them cost a map 10-20 ms."""
    traces = [{key: value for key, value in trace._props.items() if key != "geojson"}
              for trace in fig.data]
    out = go.Figure({"data": traces, "layout": layout}, skip_invalid=False, _validate=False)
    for made, trace in zip(out.data, fig.data, strict=True):
        if "geojson" in trace._props:
            made.geojson = trace._props["geojson"]
    return out


def _merge(target: dict[str, Any], changes: Mapping[str, Any]) -> None:
    """``changes`` written into ``target`` as plotly's ``update`` does: a dict into the dict
    already there, ``None`` removes the property, any other value replaces it. A title given
    as text becomes ``{"text": …}``, as plotly reads it."""
    for key, value in changes.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, Mapping):
            inner = target.get(key)
            if not isinstance(inner, dict):
                inner = {"text": inner} if key == "title" and isinstance(inner, str) else {}
                target[key] = inner
            _merge(inner, value)
        elif key == "title":
            target[key] = {**(target.get(key) or {}), "text": value} \
                if isinstance(target.get(key), dict) else {"text": value}
        else:
            target[key] = value


def row_names_on_one_line(fig: go.Figure) -> tuple[go.Figure, int]:
    """A copy of ``fig`` whose rows' names — annotations at the plot's left edge over their
    bars (Kinerja's indicators), wrapped for a phone's width — each take one line, for a wide
    slide or picture; and how many such rows there are. ``fig`` is left as it is (only its
    layout is copied, :func:`with_layout`)."""
    layout: dict[str, Any] = fig.layout.to_plotly_json()
    rows = 0
    for annotation in layout.get("annotations") or []:
        if annotation.get("xref") == "paper" and annotation.get("x") == 0 \
                and annotation.get("name") != FOOTER_NAME:
            rows += 1
            annotation["text"] = str(annotation.get("text") or "").replace("-<br>", "-") \
                .replace("<br>", " ")
    return with_layout(fig, layout), rows


FRAME_META = "frame"
FOOTER_NAME = "frame_footer"
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class ChartFrame:
    """The words around a framed chart, as plain text: sample mark, title, subtitle and the
    source line (several lines of a footer are joined by " · ")."""

    title: str
    subtitle: str
    footer: str
    sample_mark: str = ""

    @property
    def heading(self) -> str:
        """Everything above the plot on one line: mark, title, subtitle."""
        return " ".join(part for part in (self.sample_mark, self.title, self.subtitle) if part)


def plain(text: str, joiner: str = " ") -> str:
    """plotly's pseudo-HTML as plain text: tags dropped, each ``<br>`` becomes ``joiner``,
    entities (data escaped by ``escape.plotly``) the characters they stand for."""
    return " ".join(escape.from_plotly(_TAG.sub("", _BREAK.sub(joiner, text or ""))).split())


def chart_frame(fig: go.Figure | Mapping[str, Any]) -> ChartFrame | None:
    """The frame :func:`frame_figure` gave ``fig`` (a figure or its JSON dict), or None for
    a figure without one."""
    # a figure's meta read as it is (only read here): the layout's JSON form is a deep copy
    meta = fig.layout.meta if isinstance(fig, go.Figure) else fig.get("layout", {}).get("meta")
    frame = meta.get(FRAME_META) if isinstance(meta, Mapping) else None
    if not isinstance(frame, Mapping):
        return None
    return ChartFrame(title=plain(str(frame.get("title", ""))),
                      subtitle=plain(str(frame.get("subtitle", ""))),
                      footer=plain(str(frame.get("footer", "")), " · "),
                      sample_mark=plain(str(frame.get("sample_mark", ""))))


#: Pixels a page figure keeps under its plot for the x axis' labels (more is added by plotly's
#: automargin when they turn) and for each row of a legend below the plot.
PAGE_AXIS_ROOM = 36
PAGE_LEGEND_ROOM = 40


def page_figure(fig: go.Figure) -> go.Figure:
    """:func:`page_dict` as a figure (not validated again)."""
    return go.Figure(page_dict(fig), skip_invalid=False, _validate=False)


#: What a page copy shares with its figure instead of copying it: a map's boundaries
#: (megabytes of coordinates) and the layout's template. Nothing changes either.
SHARED_KEYS = frozenset({"geojson", "template"})


def plain_copy(fig: go.Figure) -> dict[str, Any]:
    """``fig.to_dict()`` (its traces and layout as plain data, arrays as plotly's typed
    arrays) but with :data:`SHARED_KEYS` shared rather than deep-copied: copying every
    chart's template and a map's boundaries was most of a page copy's cost."""
    def copied(props: Mapping[str, Any]) -> dict[str, Any]:
        own = {key: deepcopy(value) for key, value in props.items() if key not in SHARED_KEYS}
        convert_to_base64(own)
        return {key: value if key in SHARED_KEYS else own[key] for key, value in props.items()}

    return {"data": [copied(trace) for trace in fig._data],  # as to_dict reads them
            "layout": copied(fig._layout)}


def page_dict(fig: go.Figure) -> dict[str, Any]:
    """The figure as a page draws it: without its title, subtitle and source line (the page
    writes them as text above and below, where they wrap on a phone instead of being cut),
    with the legend and a map's colour key below the plot (under the axis labels, never over
    the plot or the words above it), and with fixed axes (no accidental zoom on a touch
    screen, where there is no mode bar to undo it). The plot keeps the height it had in the
    framed figure. ``fig`` itself is left as it is: exports draw the frame from it.

    Made from ``fig``'s plain JSON form (:func:`plain_copy`) and not validated again (``fig``
    was, and what is changed here is fixed): plotly's validated copy cost ten times as much
    per chart. A plain dict, as ``st.plotly_chart`` reads it (``figure_memo.DrawnFigure``)."""
    page = plain_copy(fig)
    layout: dict[str, Any] = page.setdefault("layout", {})
    traces: list[dict[str, Any]] = page.setdefault("data", [])
    margin: dict[str, Any] = layout.get("margin") or {}
    plot = (layout.get("height") or 460) - (margin.get("t") or 0) - (margin.get("b") or 0)
    layout["title"] = {**(layout.get("title") or {}), "text": ""}
    layout["annotations"] = [a for a in layout.get("annotations") or []
                             if a.get("name") != FOOTER_NAME and not _looks_like_footer(a)]
    entries = sum(1 for trace in traces if trace.get("showlegend") is not False)
    legend = bool(layout["showlegend"]) if layout.get("showlegend") is not None else \
        entries > 1 or any(trace.get("showlegend") is True for trace in traces)
    layout["height"] = max(plot, 160) + PAGE_AXIS_ROOM + (PAGE_LEGEND_ROOM if legend else 0)
    layout["margin"] = {**margin, "t": 12, "b": 8, "l": margin.get("l", 8),
                        "r": margin.get("r", 8)}
    shown_legend = {**(layout.get("legend") or {}), "orientation": "h", "x": 0,
                    "xanchor": "left", "xref": "container", "y": 0, "yanchor": "bottom",
                    "yref": "container"}
    shown_legend.pop("title", None)
    layout["legend"] = shown_legend
    layout["dragmode"] = False
    for trace in traces:
        if trace.get("type") == "choropleth" and trace.get("showscale") is not False:
            # the colour key below the map, across it: beside it, it took a third of a
            # phone's width
            colorbar = trace.get("colorbar") or {}
            trace["colorbar"] = {
                **colorbar, "orientation": "h", "x": 0, "xanchor": "left", "y": -0.02,
                "yanchor": "top", "len": 1, "lenmode": "fraction", "thickness": 12,
                "title": {**(colorbar.get("title") or {}), "side": "top"}}
    for axis in sorted({name for name in layout if AXIS.fullmatch(name)} | {"xaxis", "yaxis"}):
        layout[axis] = {**(layout.get(axis) or {}), "fixedrange": True}
    return page


AXIS = re.compile(r"[xy]axis[0-9]*")


def _looks_like_footer(annotation: Mapping[str, Any]) -> bool:
    """A source line under the plot written without :data:`FOOTER_NAME` (older figures)."""
    return (annotation.get("xref") == "paper" and annotation.get("yref") == "paper"
            and annotation.get("y") == 0 and (annotation.get("yshift") or 0) < 0
            and annotation.get("showarrow") is False)
