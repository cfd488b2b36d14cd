"""Presentation mode (``?mode=presentasi``): full-screen 16:9 slides for a projector.

The slides of a view: a title slide, the headline figures (only those the series reports,
from :func:`briefing.headline_figures`), then one key chart per slide (the same builders and
titles as the pages, :func:`briefing.key_charts`) and the regency ranking. Each slide has its
own address (``&slide=3``); the view's other parameters are kept, and leaving (the button or
Esc) drops only ``mode`` and ``slide``.

The slides are laid out in units of the screen height (1 unit = 1 px at 1920×1080: headline
figures 96, slide area 860; CSS ``calc(100vh / 1080)``), so a 1366×768 projector shows the
whole slide; the chart fills the slide area (``height="stretch"``) with its title at 40 px
and axis labels at 22 px.

Every slide of the view is drawn once, when presentation mode opens: the slide asked for in
the address is in the page, the others wait beside it (laid out at the same size, out of
sight). A small script switches between them in the browser — keys and presentation
clickers (→, ←, PageDown, PageUp, Home, End), the buttons under the slide, the counter — and
keeps ``&slide=`` in the address (``history.replaceState``), so moving to the next slide
runs no Streamlit script at all (a rerun per key press took 0.25–1.9 s; docs/benchmarks.md).
Esc presses the one Streamlit button left, which leaves presentation mode.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from dashboard import briefing, chart_spec, state
from dashboard.context import ViewContext
from dashboard.i18n import t
from dashboard.map_figure import plotly_config

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
#: The Streamlit button Esc presses (its key gives it the class ``st-key-…``).
EXIT = "presentation_exit"
#: The moves of the buttons under a slide, in their order (their words: ``presentation.*``).
MOVES = ("first", "previous", "next", "last")
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
[class*="st-key-slide_chart"] {{ height: calc({CHART_HEIGHT} * {U}) !important;
  flex: none !important; }}
[class*="st-key-slide_chart"] [data-testid="stElementContainer"],
[class*="st-key-slide_chart"] [data-testid="stFullScreenFrame"],
[class*="st-key-slide_chart"] [data-testid="stPlotlyChart"] {{ height: 100% !important; }}
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
.pmi-controls {{ display: flex; align-items: center; gap: calc(16 * {U}); }}
.pmi-controls button {{ font: inherit; font-size: calc(20 * {U}); min-height: calc(48 * {U});
  padding: 0 calc(20 * {U}); border: 1px solid #6f777b; border-radius: calc(8 * {U});
  background: #fff; color: #0b0c0c; cursor: pointer; }}
.pmi-controls button:disabled {{ color: #6f777b; cursor: default; }}
.pmi-counter {{ font-size: calc(28 * {U}); font-weight: 700; text-align: center;
  min-width: calc(160 * {U}); }}
[class*="st-key-presentation_"] button {{ min-height: calc(48 * {U}); }}
[class*="st-key-presentation_"] button p {{ font-size: calc(20 * {U}); }}
</style>
"""
#: Slides out of sight: laid out at the shown slide's size (so their charts are drawn at the
#: size they are shown at), left of the screen, hidden from the keyboard and screen readers.
#: The slide containers' keys are ``pmi_slide_<number>_<kind>``.
HIDDEN = ('[class*="st-key-pmi_slide_"] { position: fixed !important; left: -300vw !important; '
          f'top: 0 !important; width: calc(100vw - {2 * SIDE} * {U}) !important; '
          'visibility: hidden !important; }')
#: The slide shown (``{number}`` filled in).
SHOWN = ('[class*="st-key-pmi_slide_{number}_"] { position: relative !important; '
         'left: auto !important; width: auto !important; visibility: visible !important; }')
#: Keys, clickers (which send PageDown/PageUp or the arrows) and the buttons under the slide
#: switch slides in the browser: the shown slide's rule (:data:`SHOWN`, in a style element of
#: its own that wins over the one the server wrote), the counter, the buttons' states and the
#: address. Static text (its CSP hash is in deploy/render_nginx.py); what it needs of the
#: view is read from the controls' ``data-`` attributes. Registered once per page: a new
#: script replaces the old listeners.
SCRIPT = """
<script>
(() => {
  const win = window.parent, doc = win.document;
  const keys = {ArrowRight: "next", PageDown: "next", ArrowDown: "next", " ": "next",
                ArrowLeft: "previous", PageUp: "previous", ArrowUp: "previous",
                Home: "first", End: "last", Escape: "exit"};
  const hidden = HIDDEN_RULE, shown = SHOWN_RULE;
  const bar = () => doc.querySelector(".pmi-controls");
  const style = () => {
    let element = doc.getElementById("pmi-slide-shown");
    if (!element) {
      element = doc.createElement("style");
      element.id = "pmi-slide-shown";
      doc.body.appendChild(element);
    }
    return element;
  };
  const show = (number) => {
    const controls = bar();
    if (!controls) return;
    const total = parseInt(controls.dataset.total, 10);
    number = Math.min(Math.max(number, 1), total);
    controls.dataset.current = String(number);
    style().textContent = "html " + hidden + " html " + shown.replace("{number}", number);
    controls.querySelector(".pmi-counter").textContent =
        controls.dataset.position.replace("\u00a7", number);
    for (const button of controls.querySelectorAll("button[data-go]")) {
      const back = button.dataset.go === "first" || button.dataset.go === "previous";
      button.disabled = back ? number === 1 : number === total;
    }
    const url = new URL(win.location.href);
    url.searchParams.set("slide", String(number));
    win.history.replaceState(win.history.state, "", url.toString());
  };
  const go = (what) => {
    const controls = bar();
    if (!controls) return false;
    const current = parseInt(controls.dataset.current, 10);
    const total = parseInt(controls.dataset.total, 10);
    const to = {first: 1, previous: current - 1, next: current + 1, last: total}[what];
    if (to !== undefined && to >= 1 && to <= total && to !== current) show(to);
    return true;
  };
  const press = (event) => {
    const what = keys[event.key];
    if (!what || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (what === "exit") {
      const button = doc.querySelector(".st-key-EXIT button");
      if (!button) return;
      event.preventDefault();
      button.click();
    } else if (bar()) {
      event.preventDefault();
      go(what);
    }
  };
  const click = (event) => {
    const button = event.target.closest && event.target.closest(".pmi-controls button[data-go]");
    if (button && !button.disabled) go(button.dataset.go);
  };
  if (win.pmiSlideKeys) doc.removeEventListener("keydown", win.pmiSlideKeys);
  if (win.pmiSlideClicks) doc.removeEventListener("click", win.pmiSlideClicks);
  win.pmiSlideKeys = press;
  win.pmiSlideClicks = click;
  doc.addEventListener("keydown", press);
  doc.addEventListener("click", click);
  // a new presentation starts from the slide the server drew (the address's)
  const old = doc.getElementById("pmi-slide-shown");
  if (old) old.textContent = "";
})();
</script>
""".replace("HIDDEN_RULE", repr(HIDDEN)).replace("SHOWN_RULE", repr(SHOWN)) \
    .replace("EXIT", EXIT)


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
    # a row's name over its bar (Kinerja's indicators), wrapped for a phone: one line on a
    # slide, so the rows keep apart on a small projector too
    big = go.Figure(chart_spec.row_names_on_one_line(fig)[0])
    title = str(big.layout.title.text or "")
    sample = "■" in title
    # the subtitle and mark smaller beside the larger title (they must fit one line)
    head, _, subtitle = title.rpartition("<span")  # the subtitle on one line too
    if head:
        title = f"{head}<span{subtitle.replace('<br>', ' ')}"
    big.update_layout(title_text=title.replace("font-size:0.8em", "font-size:0.6em")
                      .replace("font-size:0.72em", "font-size:0.55em"))
    big.update_layout(height=None, width=None, autosize=True, font={"size": AXIS_PX},
                      title={"font": {"size": TITLE_PX}},
                      legend={"font": {"size": AXIS_PX}},
                      margin={"l": 16, "r": 16, "t": 170 if sample else 130, "b": 150})
    big.update_xaxes(tickfont={"size": AXIS_PX}, title_font={"size": AXIS_PX})
    big.update_yaxes(tickfont={"size": AXIS_PX}, title_font={"size": AXIS_PX})
    big.update_traces(textfont={"size": AXIS_PX - 2}, selector={"type": "bar"})
    # the regencies' names on the map (dashboard/region_slide.py), with the colour bar
    big.update_traces(textfont={"size": AXIS_PX - 4}, selector={"type": "scattergeo"})
    big.update_traces(colorbar={"tickfont": {"size": AXIS_PX},
                                "title": {"font": {"size": AXIS_PX}}},
                      selector={"type": "choropleth"})
    for annotation in big.layout.annotations:
        if annotation.yshift is not None and annotation.yshift < 0:  # the source line
            annotation.update(font={"size": 18}, yshift=-140,
                              text=_two_lines(str(annotation.text or "")))
        elif annotation.font is not None:
            annotation.update(font={"size": max(annotation.font.size or 0, 18)})
    # a number that must shrink to fit inside its bar (a small projector) shrinks down to 12 px
    # rather than vanish: the largest bars carry their numbers inside
    big.update_layout(uniformtext={"minsize": 12, "mode": "hide"})
    return big


#: A source line longer than this (characters) is set on two lines: it starts where the plot
#: does, so on a 1366-px screen beside long category names one line ran past the slide.
SOURCE_LINE = 80


def _two_lines(text: str) -> str:
    """``text`` (a source line of parts joined by " · ") broken into two lines at the join
    nearest its middle when it is longer than :data:`SOURCE_LINE`."""
    parts = text.split(" · ")
    if "<br>" in text or len(text) <= SOURCE_LINE or len(parts) < 2:
        return text
    cut = min(range(1, len(parts)),
              key=lambda i: abs(len(" · ".join(parts[:i])) - len(text) / 2))
    return " · ".join(parts[:cut]) + "<br>" + " · ".join(parts[cut:])


def _number(total: int) -> int:
    asked = state.ascii_int(st.query_params.get(SLIDE), 3) or 1
    return min(max(asked, 1), total)


def show(ctx: ViewContext) -> None:
    """Every slide of the view, the one the address asks for in sight (see the module's
    description), the controls and the script that switches between them."""
    deck = _cached_slides(ctx)
    total = len(deck)
    number = _number(total)
    st.html(STYLE + f"<style>{HIDDEN} {SHOWN.replace('{number}', str(number))}</style>")
    if ctx.is_sample:
        st.html(f"<div class='pmi-slide-mark'>■ {html.escape(t('chart.sample_mark', ctx.lang))}"
                "</div>")
    for index, slide in enumerate(deck, start=1):
        with st.container(key=f"pmi_slide_{index}_{slide.kind}"):
            if slide.kind == "title":
                _title(ctx)
            elif slide.kind == "figures":
                _figures(ctx)
            elif slide.figure is not None:
                if slide.summary:  # for screen readers (out of the slide's flow: style.css)
                    st.html(f"<p class='sr-only pmi-slide-summary'>"
                            f"{html.escape(slide.summary)}</p>")
                with st.container(key=f"slide_chart_{index}"):
                    st.plotly_chart(projector(slide.figure), width="stretch",
                                    height="stretch",
                                    key=f"slide_{slide.key}",
                                    config=plotly_config(displayModeBar=False,
                                                         responsive=True))
    _controls(ctx, number, total)
    st.html(SCRIPT, unsafe_allow_javascript=True)


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


def _leave() -> None:
    st.query_params.pop(PARAM, None)
    st.query_params.pop(SLIDE, None)


def _controls(ctx: ViewContext, number: int, total: int) -> None:
    """The buttons under the slide and the counter (the script makes them work), and the
    Streamlit button that leaves."""
    moves, leave = st.columns([5, 1.6], vertical_alignment="center")
    buttons = {move: (f"<button type='button' data-go='{move}'"
                      + (" disabled" if (number == 1 if move in ("first", "previous")
                                         else number == total) else "")
                      + f">{html.escape(t(f'presentation.{move}', ctx.lang))}</button>")
               for move in MOVES}
    position = t("presentation.position", ctx.lang, number="§", total=total)
    counter = html.escape(position.replace("§", str(number)))
    label = html.escape(t("presentation.toggle", ctx.lang))
    moves.html(f"<nav class='pmi-controls' aria-label='{label}'"
               f" data-total='{total}' data-current='{number}'"
               f" data-position='{html.escape(position)}'>"
               f"{buttons['first']}{buttons['previous']}"
               f"<span class='pmi-counter' aria-live='polite'>{counter}</span>"
               f"{buttons['next']}{buttons['last']}</nav>")
    leave.button(t("presentation.exit", ctx.lang), key=EXIT, on_click=_leave)
