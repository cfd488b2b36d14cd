"""Presentation mode (``?mode=presentasi``): for a projector. The sidebar and controls are
hidden, text and charts are enlarged, and the headline figures and key charts are shown one
at a time with previous/next (the position is kept in the URL as ``slide``)."""

from __future__ import annotations

import streamlit as st

from dashboard import briefing, escape, render, state
from dashboard.context import ViewContext
from dashboard.i18n import t

PARAM = "mode"
VALUE = "presentasi"
STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"] { display: none !important; }
.block-container { max-width: 100% !important; padding-top: 1rem; }
[data-testid="stMarkdownContainer"] p { font-size: 1.6rem; }
[data-testid="stMetricValue"] { font-size: 3.2rem; }
[data-testid="stMetricLabel"] p { font-size: 1.4rem; }
</style>
"""


def active() -> bool:
    return st.query_params.get(PARAM) == VALUE


def show(ctx: ViewContext) -> None:
    st.html(STYLE)
    slides = briefing.key_charts(ctx)
    total = len(slides) + 1
    number = min(max(state.ascii_int(st.query_params.get("slide"), 3) or 1, 1), total)
    if ctx.is_sample:
        render.sample_badge(ctx)
    if number == 1:
        st.title(t("app.title", ctx.lang))
        st.markdown(t("page.view", ctx.lang, series=escape.markdown(ctx.series_name),
                      period=ctx.period_text(),
                      regions=ctx.regions_text(), until=ctx.until_text()))
        figures, notes = briefing.headline_figures(ctx)
        for row in (figures[:3], figures[3:]):
            if row:
                for column, headline in zip(st.columns(len(row)), row, strict=True):
                    column.metric(headline.label, headline.value)
                    if headline.note:
                        column.caption(headline.note)
        for note in notes:
            st.markdown(note)
    else:
        chart = slides[number - 2]
        chart.figure.update_layout(height=620, font={"size": 20})
        render.figure(chart.figure, key=f"presentation_{chart.key}")
    previous, position, following, leave = st.columns([1, 2, 1, 2])
    if previous.button(t("presentation.previous", ctx.lang), disabled=number == 1,
                       key="presentation_previous"):
        st.query_params["slide"] = str(number - 1)
        st.rerun()
    position.markdown(t("presentation.position", ctx.lang, number=number, total=total))
    if following.button(t("presentation.next", ctx.lang), disabled=number == total,
                        key="presentation_next"):
        st.query_params["slide"] = str(number + 1)
        st.rerun()
    if leave.button(t("presentation.exit", ctx.lang), key="presentation_exit"):
        st.query_params.pop(PARAM, None)
        st.query_params.pop("slide", None)
        st.rerun()
