"""The time control of the chart pages: a range slider over the series' years on the page
itself, as Our World in Data's grapher has under its charts (the sidebar, where the filter bar
has the same years, is folded away on a phone).

It writes the same URL state as the filter bar — ``tahun`` (domain/filters.py) — so a copied
link, the navigation's links (dashboard/navigation.py carries ``tahun`` to every page) and the
filter bar all show the same period. The period sets the breakdowns; a chart over time shows
every year when one year is selected and frames that year (``ViewContext.selected_years``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import streamlit as st

from dashboard.chart_spec import ChartSpec
from dashboard.context import ViewContext
from dashboard.i18n import t
from domain import filters

KEY = "page_years"


def period(ctx: ViewContext) -> None:
    """The slider, set from the URL on every run; moving it writes ``tahun`` to the URL (left
    out when it is the default period, so links stay short). Nothing for a single year."""
    years = ctx.choices.years
    if len(years) < 2:
        return
    st.session_state[KEY] = (ctx.state.tahun_awal, ctx.state.tahun_akhir)
    with st.container(key="time_control"):
        st.slider(t("time.label", ctx.lang), min_value=years[0], max_value=years[-1], step=1,
                  key=KEY, on_change=_changed, args=(ctx.choices,))
        if ctx.state.tahun_awal == ctx.state.tahun_akhir:
            st.caption(t("time.note_single", ctx.lang, year=ctx.state.tahun_akhir))


def _changed(choices: filters.Choices) -> None:
    picked = st.session_state.get(KEY)
    first, last = (picked, picked) if isinstance(picked, int) else picked
    now = filters.from_params(dict(st.query_params), choices)
    write_years(now.with_years(int(first), int(last)), choices)


def write_years(state: filters.FilterState, choices: filters.Choices) -> None:
    """The period of ``state`` into the URL (the other filters are left as they are)."""
    name = filters.PARAMS["tahun"]
    value = filters.to_params(state, choices).get(name)
    if value:
        st.query_params[name] = value
    else:
        st.query_params.pop(name, None)


def marked(ctx: ViewContext, spec: ChartSpec, years: Iterable[str] | None = None) -> ChartSpec:
    """``spec`` of a chart over time with the selected period marked (``years``: its x values
    as in the chart's frame, the selected years by default)."""
    chosen = ctx.selected_years() if years is None else tuple(years)
    return dataclasses.replace(spec, highlight=chosen)
