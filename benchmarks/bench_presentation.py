"""Benchmark: presentation mode's slide switch in a browser, and the briefing deck of a view.

1. Slide switch (headless Chromium, Debian's /usr/bin/chromium via Playwright, at 1920×1080):
   the dashboard served from a store built from the shipped data; presentation mode of the
   default view opened (timed: until the first slide is shown, and until every slide is
   drawn); then → pressed through every slide and back with ←, timing each press until the
   counter shows the new slide and, on a chart slide, that slide's chart is drawn and
   visible. Warm: after one pass through the slides.
2. The deck of the default view (``?mode`` off, the overview page's pack: headline figures,
   the meeting charts, closing slide), PowerPoint and PDF: cold (renderer stopped and picture
   cache emptied: the first click of a fresh dashboard process), warm with the renderer
   running and no picture cached, and warm again (the same view: pictures cached).

This measures and reports; it asserts nothing about speed (it is not a test).

    .venv/bin/python -m benchmarks.bench_presentation
    .venv/bin/python -m benchmarks.bench_presentation --no-deck --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_pages import ARGS, CHROMIUM, ROOT, _serve

#: The slide shown is drawn: the counter says so and, on a chart slide, the visible slide's
#: chart has its drawn SVG.
SHOWN_JS = """(expected) => {
  const counter = [...document.querySelectorAll('.pmi-counter')]
      .find(e => e.offsetParent !== null);
  if (!counter || !counter.innerText.trim().startsWith(expected + ' /')) return false;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
      .filter(e => e.getBoundingClientRect().height > 0 && e.offsetParent !== null);
  return charts.every(c => c.querySelector('.main-svg') !== null);
}"""


#: Every slide is drawn: the script run is over and every chart (in sight or not) has its SVG.
ALL_DRAWN_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
      && charts.every(c => c.querySelector('.main-svg') !== null);
}"""


def switch_times(store: Path, params: str, rounds: int) -> dict[str, object]:
    """First load of presentation mode, and the time of every key press (ms)."""
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "PMI_DB": str(store)}
    server, url = _serve(ROOT / "app.py", env)
    cold: list[float] = []
    warm: list[float] = []
    first_load = all_drawn = 0.0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(f"{url}/?{params}")  # warm the server's caches
            page.wait_for_function(SHOWN_JS, arg="1", timeout=120_000)
            page.close()
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            started = time.perf_counter()
            page.goto(f"{url}/?{params}&slide=1")
            page.wait_for_function(SHOWN_JS, arg="1", timeout=120_000)
            first_load = time.perf_counter() - started
            page.wait_for_function(ALL_DRAWN_JS, timeout=120_000)
            all_drawn = time.perf_counter() - started
            counter = page.locator(".pmi-counter").first.inner_text()
            total = int(counter.split("/")[1])
            presses = [("ArrowRight", n) for n in range(2, total + 1)] + \
                [("ArrowLeft", n) for n in range(total - 1, 0, -1)]
            for index in range(rounds):
                times = cold if index == 0 else warm
                for key, number in presses:
                    started = time.perf_counter()
                    page.keyboard.press(key)
                    page.wait_for_function(SHOWN_JS, arg=str(number), timeout=60_000,
                                           polling="raf")
                    times.append(time.perf_counter() - started)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)

    def ms(values: list[float]) -> dict[str, float]:
        if not values:
            return {}
        return {"median_ms": round(statistics.median(values) * 1000),
                "max_ms": round(max(values) * 1000), "presses": len(values)}

    return {"slides": total, "first_load_ms": round(first_load * 1000),
            "all_slides_drawn_ms": round(all_drawn * 1000),
            "first_press_ms": round(cold[0] * 1000) if cold else None,
            "first_pass": ms(cold), "warm": ms(warm)}


def deck_times(store: Path) -> dict[str, object]:
    """The default view's pack as the overview page makes it, cold and warm (seconds)."""
    os.environ["PMI_DB"] = str(store)
    from streamlit.testing.v1 import AppTest

    from dashboard import briefing, data, deck, deck_pdf, exports, render
    from dashboard.i18n import t

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    ctx = at.session_state["_view_context"]

    def pack() -> tuple[list[deck.SlideSpec], exports.ExportMeta, list[deck.Headline],
                        list[str]]:
        tiles, notes = briefing.headline_figures(ctx)
        slides = [deck.SlideSpec(c.figure, key=(c.key, ctx.state, ctx.version, ctx.lang,
                                                ctx.series))
                  for c in briefing.meeting_charts(ctx)]
        meta = exports.ExportMeta.for_view(
            ctx, title=t("app.title", ctx.lang), subtitle=t("app.tagline", ctx.lang),
            sources=data.sources(ctx.version, ctx.series, ctx.lang),
            permalink=render.permalink(ctx), frame=ctx.totals())
        return slides, meta, tiles, notes

    def timed(call: object) -> tuple[float, bytes]:
        started = time.perf_counter()
        out = call()  # type: ignore[operator]
        return time.perf_counter() - started, out

    exports.stop_renderer()
    exports.clear_cache()
    cold, pptx = timed(lambda: deck.build_deck(*pack()))
    cold_pdf, pdf = timed(lambda: deck_pdf.build_pdf(*pack()))
    exports.clear_cache()
    warm_uncached, _ = timed(lambda: deck.build_deck(*pack()))
    warm, _ = timed(lambda: deck.build_deck(*pack()))
    warm_pdf, _ = timed(lambda: deck_pdf.build_pdf(*pack()))
    exports.stop_renderer()
    return {"series": ctx.series, "slides": len(pack()[0]) + 3,
            "cold_pptx_s": round(cold, 2), "pdf_after_s": round(cold_pdf, 2),
            "warm_no_pictures_cached_pptx_s": round(warm_uncached, 2),
            "warm_pptx_s": round(warm, 2), "warm_pdf_s": round(warm_pdf, 2),
            "pptx_kb": round(len(pptx) / 1024), "pdf_kb": round(len(pdf) / 1024)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3,
                        help="passes through the slides (the first is reported apart)")
    parser.add_argument("--params", default="mode=presentasi",
                        help="the view's URL parameters (default: the default view)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-deck", action="store_true")
    args = parser.parse_args(argv)
    from loaders import pipeline

    store = Path(tempfile.mkdtemp(prefix="bench-presentation-")) / "pmi.duckdb"
    pipeline.rebuild(store)
    report: dict[str, object] = {"load_average_before": os.getloadavg()}
    if not args.no_browser and Path(CHROMIUM).exists():
        report["switch"] = switch_times(store, args.params, max(args.rounds, 2))
    if not args.no_deck:
        report["deck"] = deck_times(store)
    report["load_average_after"] = os.getloadavg()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
