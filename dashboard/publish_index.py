"""The static publication's index pages (``index.html``, ``index.en.html``): every chart with
its title, subtitle, coverage note and files, and the open data — plain HTML with inline CSS, no
script and no request to another host. What a chart is to the index and the manifest
(:class:`PublishedChart`) lives here too. The publication itself: dashboard/publish.py.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from dashboard import exports
from dashboard.i18n import LANGUAGES, t

INDEX = {"id": "index.html", "en": "index.en.html"}
OPEN_DATA_DIR = "data-terbuka"


@dataclass
class PublishedChart:
    """One chart in one language: what the index and the manifest say about it."""

    series: str
    year: int | None  # None: over every year
    key: str
    lang: str
    title: str
    subtitle: str
    coverage: str
    is_sample: bool
    files: dict[str, str] = field(default_factory=dict)  # format -> path in OUT
    live: str = ""
    #: The chart in one sentence (dashboard/chart_summary.py): the embed's alt text, and the
    #: SVG's <desc> and PNG's Description.
    summary: str = ""


@dataclass
class SeriesSummary:
    series: str
    names: dict[str, str]
    is_sample: bool
    coverage: dict[str, str]
    until: dict[str, str]
    years: list[int]


STYLE = """
body{font-family:"Liberation Sans",Arial,Helvetica,sans-serif;color:#0b0c0c;margin:0;
line-height:1.45;background:#fff}
header,main,footer{max-width:1200px;margin:0 auto;padding:0 16px}
header{padding-top:16px}
h1{font-size:1.7rem;margin:.4em 0}h2{font-size:1.35rem;margin-top:2em;
border-top:1px solid #b1b4b6;padding-top:.8em}h3{font-size:1.1rem;margin-top:1.6em}
.lang{text-align:right;margin:0}
.note{color:#505a5f}
.sample{background:#ffdd00;color:#0b0c0c;font-weight:bold;padding:8px 12px;
display:inline-block}
figure{margin:1.2em 0 2em}
figure img{width:100%;height:auto;border:1px solid #e5e5e5}
figcaption{margin-top:.4em}
a{color:#1d4f91}a:focus{outline:3px solid #ffdd00}
footer{margin-top:3em;padding-bottom:2em;color:#505a5f;font-size:.9rem}
""".strip()


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def figure_html(chart: PublishedChart, lang: str) -> str:
    alt = chart.summary or f"{chart.title}. {chart.subtitle}"
    if chart.is_sample and not chart.summary:
        alt = f"{t('chart.sample_mark', lang)}: {alt}"
    links = " · ".join(f'<a href="{_e(path)}">{fmt.upper()}</a>'
                       for fmt, path in chart.files.items())
    parts = [f"<strong>{_e(chart.title)}</strong>", _e(chart.subtitle)]
    if chart.coverage:
        parts.append(f'<span class="note">{_e(chart.coverage)}</span>')
    parts.append(f"{_e(t('publish.files', lang))}: {links}")
    if chart.live:
        parts.append(f'<a href="{_e(chart.live)}">{_e(t("publish.live_view", lang))}</a>')
    anchor = f"{chart.series}-{chart.year or 'semua'}-{chart.key}"
    return (f'<figure id="{_e(anchor)}"><a href="{_e(chart.files["png"])}">'
            f'<img src="{_e(chart.files["svg"])}" alt="{_e(alt)}" loading="lazy"></a>'
            f"<figcaption>{'<br>'.join(parts)}</figcaption></figure>")


def index_html(lang: str, summaries: list[SeriesSummary], charts: list[PublishedChart],
               open_files: list[str], when: dt.datetime, live_url: str) -> str:
    """The index page in ``lang``: every chart and file of the publication, nothing loaded
    from another host."""
    other = next(code for code in LANGUAGES if code != lang)
    other_name = {"id": "Bahasa Indonesia", "en": "English"}[other]
    body: list[str] = [
        f'<p class="lang"><a href="{INDEX[other]}" hreflang="{other}" lang="{other}">'
        f"{_e(other_name)}</a></p>",
        f"<h1>{_e(t('app.title', lang))} — {_e(t('publish.heading', lang))}</h1>",
        f"<p>{_e(t('publish.intro', lang))}</p>",
    ]
    if any(s.is_sample for s in summaries):
        body.append(f'<p class="sample">{_e(t("publish.sample_note", lang))}</p>')
    body.append('<nav><ul>' + "".join(
        f'<li><a href="#{_e(s.series)}">{_e(s.names[lang])}</a></li>' for s in summaries)
        + f'<li><a href="#{OPEN_DATA_DIR}">{_e(t("publish.open_data", lang))}</a></li>'
        "</ul></nav>")
    main: list[str] = []
    for summary in summaries:
        mine = [c for c in charts if c.series == summary.series and c.lang == lang]
        main.append(f'<section id="{_e(summary.series)}"><h2>{_e(summary.names[lang])}</h2>')
        if summary.is_sample:
            main.append(f'<p class="sample">{_e(t("chart.sample_mark", lang))}</p>')
        main.append(f"<p>{_e(t('publish.coverage', lang, coverage=summary.coverage[lang], until=summary.until[lang]))}</p>")  # noqa: E501
        over_time = [c for c in mine if c.year is None]
        if over_time:
            main.append(f"<h3>{_e(t('publish.every_year', lang))}</h3>")
            main.extend(figure_html(c, lang) for c in over_time)
        for year in sorted(summary.years, reverse=True):
            shown = [c for c in mine if c.year == year]
            if shown:
                main.append(f"<h3>{year}</h3>")
                main.extend(figure_html(c, lang) for c in shown)
        main.append("</section>")
    items = "".join(f'<li><a href="{_e(name)}">{_e(name)}</a></li>' for name in open_files)
    main.append(f'<section id="{OPEN_DATA_DIR}"><h2>{_e(t("publish.open_data", lang))}</h2>'
                f"<p>{_e(t('publish.open_data_note', lang))}</p><ul>{items}</ul></section>")
    footer = [_e(t("publish.footer", lang, date=exports.time_text(when, lang),
                   licence=exports.LICENCE))]
    if live_url:
        footer.append(f'<a href="{_e(live_url)}">{_e(t("publish.live_dashboard", lang))}</a>')
    title = f"{t('app.title', lang)} — {t('publish.heading', lang)}"
    return ("<!doctype html>\n"
            f'<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{STYLE}</style></head>\n"
            f"<body><header>{''.join(body)}</header>\n<main>{''.join(main)}</main>\n"
            f"<footer><p>{' · '.join(footer)}</p></footer></body></html>\n")
