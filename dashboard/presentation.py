"""Presentation mode (``?mode=presentasi``): full-screen 16:9 slides for a projector.

The slides of a view: a title slide, the headline figures (only those the series reports,
from :func:`briefing.headline_figures`), then one key chart per slide (the same builders and
titles as the pages, :func:`briefing.key_charts`) and the regency ranking. Each slide has its
own address (``&slide=3``); the view's other parameters are kept, and leaving (the button or
Esc) drops only ``mode`` and ``slide``.

The slides are laid out in units of the screen height (1 unit = 1 px at 1920×1080: headline
figures 96, slide area 860; CSS ``calc(100vh / 1080)``), so a 1366×768 projector shows the
whole slide; the chart fills the slide area (``height="stretch"``) with its title at 40 px
and axis labels at 22 px. A small script maps keys and presentation clickers (→, ←,
PageDown, PageUp, Home, End, Esc) to the slide's buttons: Streamlit has no key events of its
own, the script listens on the page around it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from dashboard import briefing, chart_spec, state
from dashboard.context import ViewContext
from dashboard.i18n import t

PARAM = "mode"
VALUE = "presentasi"
SLIDE = "slide"
#: The design size of a slide (CSS pixels) and of its parts.
CHART_HEIGHT = 860
TITLE_PX = 40
AXIS_PX = 22
FIGURE_PX = 96
#: The slide's side padding.
SIDE = 32
#: Buttons the keys press (their Streamlit keys give them the class ``st-key-…``).
BUTTONS = {"first": "presentation_first", "previous": "presentation_previous",
           "next": "presentation_next", "last": "presentation_last",
           "exit": "presentation_exit"}
#: One design pixel: 1 px on a 1920×1080 screen, less on a smaller one (so a 1366×768
#: projector shows the whole slide).
U = "calc(100vh / 1080)"
STYLE = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] {{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container {{
  max-width: 100% !important; padding: calc(8 * {U}) calc({SIDE} * {U}) 0 !important; }}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {{ gap: calc(8 * {U}); }}
.pmi-slide-mark {{ background: #8A4B00; color: #fff; font-weight: 700;
  font-size: calc(22 * {U}); padding: calc(4 * {U}) calc(16 * {U}); display: inline-block; }}
.pmi-slide-figures {{ height: calc({CHART_HEIGHT} * {U}); }}
.st-key-slide_title {{ height: calc({CHART_HEIGHT} * {U}) !important; flex: none !important;
  justify-content: center !important; }}
.st-key-slide_title h1 {{ font-size: calc(88 * {U}) !important; line-height: 1.1 !important;
  padding: 0 0 calc(24 * {U}) 0 !important; }}
.st-key-slide_chart {{ height: calc({CHART_HEIGHT} * {U}) !important; flex: none !important; }}
.st-key-slide_chart [data-testid="stElementContainer"],
.st-key-slide_chart [data-testid="stFullScreenFrame"],
.st-key-slide_chart [data-testid="stPlotlyChart"] {{ height: 100% !important; }}
.pmi-slide-figures {{ display: flex; flex-direction: column;
  justify-content: center; overflow: hidden; }}
.pmi-slide-title p {{ font-size: calc(36 * {U}); line-height: 1.3; margin: 0 0 calc(12 * {U});
  color: #3c4043; }}
.pmi-slide-figures h2 {{ font-size: calc({TITLE_PX + 8} * {U}); margin: 0 0 calc(24 * {U});
  padding: 0; }}
.pmi-tiles {{ display: flex; flex-wrap: wrap; gap: calc(32 * {U}) calc(48 * {U}); }}
.pmi-tile {{ flex: 1 1 30%; min-width: calc(420 * {U}); border-left: calc(8 * {U}) solid #1d70b8;
  padding: calc(8 * {U}) calc(24 * {U}); }}
.pmi-tile .pmi-label {{ font-size: calc(32 * {U}); color: #3c4043; }}
.pmi-tile .pmi-value {{ font-size: calc({FIGURE_PX} * {U}); font-weight: 700;
  line-height: 1.1; }}
.pmi-tile .pmi-note {{ font-size: calc(22 * {U}); color: #505a5f; }}
.pmi-slide-notes {{ font-size: calc(24 * {U}); color: #505a5f; margin-top: calc(24 * {U}); }}
.pmi-counter {{ font-size: calc(28 * {U}); font-weight: 700; text-align: center; }}
[class*="st-key-presentation_"] button {{ min-height: calc(48 * {U}); }}
[class*="st-key-presentation_"] button p {{ font-size: calc(20 * {U}); }}
</style>
"""
#: Keys and clickers (which send PageDown/PageUp or the arrows) press the slide's buttons;
#: registered once per page: a new script replaces the old listener.
SCRIPT = """
<script>
(() => {
  const win = window.parent, doc = win.document;
  const keys = {ArrowRight: "next", PageDown: "next", ArrowDown: "next", " ": "next",
                ArrowLeft: "previous", PageUp: "previous", ArrowUp: "previous",
                Home: "first", End: "last", Escape: "exit"};
  const buttons = BUTTONS;
  const press = (event) => {
    const what = keys[event.key];
    if (!what || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    const button = doc.querySelector(".st-key-" + buttons[what] + " button");
    if (!button) return;
    event.preventDefault();
    if (!button.disabled) button.click();
  };
  if (win.pmiSlideKeys) doc.removeEventListener("keydown", win.pmiSlideKeys);
  win.pmiSlideKeys = press;
  doc.addEventListener("keydown", press);
})();
</script>
""".replace("BUTTONS", repr(BUTTONS))


@dataclass(frozen=True)
class Slide:
    """One slide: ``kind`` is "title", "figures" or "chart" (with its figure)."""

    kind: str
    key: str
    figure: go.Figure | None = None
    summary: str = ""


def active() -> bool:
    return st.query_params.get(PARAM) == VALUE


def slides(ctx: ViewContext) -> list[Slide]:
    """The slides of the view, in order: title, headline figures, the pages' key charts
    (trend, scheme, sector, destinations, Kinerja when loaded — never sample indicators
    beside a real series) with the regency ranking after the trend."""
    out = [Slide("title", "title"), Slide("figures", "figures")]
    return out + [Slide("chart", c.key, c.figure, c.summary)
                  for c in briefing.meeting_charts(ctx)]


#: Session key of the slides built for a view (moving between slides rebuilds nothing).
CACHE = "_presentation_slides"


def _cached_slides(ctx: ViewContext) -> list[Slide]:
    """The view's slides, built once per view (filter state, store version, language and
    series) and session: a key press then only draws the slide it moves to."""
    key = (ctx.state, ctx.version, ctx.lang, ctx.series)
    cached = st.session_state.get(CACHE)
    if cached is None or cached[0] != key:
        cached = (key, slides(ctx))
        st.session_state[CACHE] = cached
    return list(cached[1])


def chart_titles(ctx: ViewContext) -> list[str]:
    """The titles of the chart slides (as the framed figures carry them)."""
    return [frame.title for s in slides(ctx) if s.figure is not None
            for frame in [chart_spec.chart_frame(s.figure)] if frame is not None]


def projector(fig: go.Figure) -> go.Figure:
    """``fig`` scaled for the back of a room: the framed figure (title, subtitle, source and
    sample mark inside it) at :data:`CHART_HEIGHT`, title :data:`TITLE_PX`, axis labels
    :data:`AXIS_PX`. ``fig`` itself is left as it is."""
    big = go.Figure(fig)
    title = str(big.layout.title.text or "")
    sample = "■" in title
    # the subtitle and mark smaller beside the larger title (they must fit one line)
    big.update_layout(title_text=title.replace("font-size:0.8em", "font-size:0.6em")
                      .replace("font-size:0.72em", "font-size:0.55em"))
    big.update_layout(height=None, width=None, autosize=True, font={"size": AXIS_PX},
                      title={"font": {"size": TITLE_PX}},
                      legend={"font": {"size": AXIS_PX}},
                      margin={"l": 16, "r": 16, "t": 170 if sample else 130, "b": 120})
    big.update_xaxes(tickfont={"size": AXIS_PX}, title_font={"size": AXIS_PX})
    big.update_yaxes(tickfont={"size": AXIS_PX}, title_font={"size": AXIS_PX})
    big.update_traces(textfont={"size": AXIS_PX - 2}, selector={"type": "bar"})
    for annotation in big.layout.annotations:
        if annotation.yshift is not None and annotation.yshift < 0:  # the source line
            annotation.update(font={"size": 18}, yshift=-110)
        elif annotation.font is not None:
            annotation.update(font={"size": max(annotation.font.size or 0, 18)})
    big.update_layout(uniformtext={"minsize": 16, "mode": "hide"})
    return big


def _number(ctx: ViewContext, total: int) -> int:
    asked = state.ascii_int(st.query_params.get(SLIDE), 3) or 1
    return min(max(asked, 1), total)


def show(ctx: ViewContext) -> None:
    st.html(STYLE)
    st.html(SCRIPT, unsafe_allow_javascript=True)
    deck = _cached_slides(ctx)
    total = len(deck)
    number = _number(ctx, total)
    slide = deck[number - 1]
    if ctx.is_sample:
        st.html(f"<div class='pmi-slide-mark'>■ {html.escape(t('chart.sample_mark', ctx.lang))}"
                "</div>")
    if slide.kind == "title":
        _title(ctx)
    elif slide.kind == "figures":
        _figures(ctx)
    elif slide.figure is not None:
        if slide.summary:  # for screen readers (out of the slide's flow: style.css)
            st.html(f"<p class='sr-only pmi-slide-summary'>{html.escape(slide.summary)}</p>")
        with st.container(key="slide_chart"):
            st.plotly_chart(projector(slide.figure), width="stretch", height="stretch",
                            key=f"slide_{slide.key}",
                            config={"displayModeBar": False, "responsive": True})
    _controls(ctx, number, total)


def _title(ctx: ViewContext) -> None:
    view = t("page.view", ctx.lang, series=ctx.series_name, period=ctx.period_text(),
             regions=ctx.regions_text(), until=ctx.until_text())
    with st.container(key="slide_title"):
        st.title(t("app.title", ctx.lang), anchor=False)
        st.html(f"<section class='pmi-slide-title'>"
                f"<p>{html.escape(t('app.tagline', ctx.lang))}</p>"
                f"<p>{html.escape(view.replace('*', ''))}</p></section>")


def _figures(ctx: ViewContext) -> None:
    figures, notes = briefing.headline_figures(ctx)
    tiles = "".join(
        f"<div class='pmi-tile'><div class='pmi-label'>{html.escape(h.label)}</div>"
        f"<div class='pmi-value'>{html.escape(h.value)}</div>"
        + (f"<div class='pmi-note'>{html.escape(h.note)}</div>" if h.note else "")
        + "</div>" for h in figures)
    remarks = "".join(f"<p class='pmi-slide-notes'>{html.escape(n.replace('*', ''))}</p>"
                      for n in notes)
    st.html(f"<section class='pmi-slide-figures'>"
            f"<h2>{html.escape(t('presentation.figures', ctx.lang))}</h2>"
            f"<div class='pmi-tiles'>{tiles}</div>{remarks}</section>")


def _go(number: int) -> None:
    st.query_params[SLIDE] = str(number)


def _leave() -> None:
    st.query_params.pop(PARAM, None)
    st.query_params.pop(SLIDE, None)


def _controls(ctx: ViewContext, number: int, total: int) -> None:
    first, previous, position, following, last, leave = st.columns([1, 1.4, 1.4, 1.4, 1, 2.4])
    first.button(t("presentation.first", ctx.lang), key=BUTTONS["first"],
                 disabled=number == 1, on_click=_go, args=(1,))
    previous.button(t("presentation.previous", ctx.lang), key=BUTTONS["previous"],
                    disabled=number == 1, on_click=_go, args=(number - 1,))
    position.html(f"<div class='pmi-counter'>"
                  f"{html.escape(t('presentation.position', ctx.lang, number=number, total=total))}"
                  "</div>")
    following.button(t("presentation.next", ctx.lang), key=BUTTONS["next"],
                     disabled=number == total, on_click=_go, args=(number + 1,))
    last.button(t("presentation.last", ctx.lang), key=BUTTONS["last"],
                disabled=number == total, on_click=_go, args=(total,))
    leave.button(t("presentation.exit", ctx.lang), key=BUTTONS["exit"], on_click=_leave)
