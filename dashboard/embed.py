"""Share and embed a chart, for journalists: the HTML snippet a news site pastes into an article
and the share links of the view (WhatsApp, e-mail). Pure (no Streamlit); the chart menu
(dashboard/share.py) shows them.

The snippet never loads the live dashboard for a reader of the article: it is a ``<figure>``
with the framed chart as an image — carried in the snippet itself (the SVG as a ``data:``
address, so nothing is fetched from anywhere), or, when the static publication holds the chart
(dashboard/publication.py), the address of its file there — whose ``alt`` text is the chart's
one-sentence summary with the key numbers (dashboard/chart_summary.py), a ``<figcaption>`` with
the source line and licence, and a link to the live view. No script, no stylesheet beyond a few
inline rules, nothing personal (the view's address carries only its parameters), no file path
of this project. Every text and address is HTML-escaped; an address that is not ``http(s)`` is
left out.
"""

from __future__ import annotations

import base64
import html
import urllib.parse
from dataclasses import dataclass

from dashboard.i18n import t

#: How the figure sits in an article: as wide as the column, never wider than the chart.
FIGURE_STYLE = "margin:1em 0;max-width:{width}px"
IMAGE_STYLE = "display:block;width:100%;height:auto;border:0"
CAPTION_STYLE = "font-size:0.875em;line-height:1.4;margin-top:0.4em"


@dataclass(frozen=True)
class EmbedText:
    """The words of an embed, in the view's language (plain text, escaped when written)."""

    lang: str
    #: The chart in one sentence (title, subtitle and key numbers): the image's alt text.
    summary: str
    #: Source, data date and licence, as under the chart.
    source: str
    #: The live view's address (page and view parameters); "" when not known.
    live_url: str = ""
    #: "DATA CONTOH" / "SAMPLE DATA" for sample figures, else "".
    sample_mark: str = ""


def web_address(url: str) -> str:
    """``url`` when it is an absolute ``http(s)`` address, else "" (never a ``javascript:``
    or relative address in an article)."""
    parts = urllib.parse.urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else ""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _figure(src: str, text: EmbedText, width: int | None, height: int | None) -> str:
    size = (f' width="{int(width)}"' if width else "") + \
        (f' height="{int(height)}"' if height else "")
    caption = [_e(text.source)]
    if text.sample_mark:
        caption.insert(0, f"<strong>{_e(text.sample_mark)}</strong>")
    live = web_address(text.live_url)
    if live:
        caption.append(f'<a href="{_e(live)}">{_e(t("embed.live_view", text.lang))}</a>')
    style = FIGURE_STYLE.format(width=int(width) if width else 1200)
    return (f'<figure lang="{_e(text.lang)}" style="{style}">\n'
            f'  <img src="{_e(src)}" alt="{_e(text.summary)}"{size} loading="lazy" '
            f'style="{IMAGE_STYLE}">\n'
            f'  <figcaption style="{CAPTION_STYLE}">{" · ".join(caption)}</figcaption>\n'
            "</figure>")


def svg_data_url(svg: bytes) -> str:
    """The SVG as a ``data:`` address (base64, so no character of it can end the attribute)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def inline_snippet(svg: bytes, text: EmbedText, width: int | None = None,
                   height: int | None = None) -> str:
    """The embed carrying its image: nothing is loaded from any server."""
    return _figure(svg_data_url(svg), text, width, height)


def static_snippet(image_url: str, text: EmbedText, width: int | None = None,
                   height: int | None = None) -> str:
    """The embed pointing to the chart's file in the static publication; "" when the address
    is not ``http(s)``."""
    address = web_address(image_url)
    return _figure(address, text, width, height) if address else ""


def whatsapp_url(title: str, url: str) -> str:
    """A WhatsApp share link (``wa.me``) with the chart's title and the view's address."""
    message = " — ".join(part for part in (title.strip(), web_address(url)) if part)
    return "https://wa.me/?text=" + urllib.parse.quote(message, safe="")


def email_url(title: str, summary: str, url: str) -> str:
    """A ``mailto:`` link: the chart's title as the subject, its summary and the view's
    address as the body."""
    body = "\n\n".join(part for part in (summary.strip(), web_address(url)) if part)
    return ("mailto:?subject=" + urllib.parse.quote(title.strip(), safe="")
            + "&body=" + urllib.parse.quote(body, safe=""))
