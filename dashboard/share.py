"""The "share and embed" part of a chart's download menu (dashboard/render.py ``export_menu``):
share links of the view (WhatsApp, e-mail; the copyable link is the menu's permalink) and
"Sematkan" / "Embed", the snippet a news site pastes (dashboard/embed.py) in a code block with a
copy button. The snippet is made when the reader asks for it: from the static publication's
file when it holds this chart in this view (dashboard/publication.py), else with the chart's
SVG, rendered on the server like the SVG download."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import plotly.graph_objects as go
import streamlit as st

from dashboard import embed, exports, navigation, publication
from dashboard.i18n import t
from domain.config import publication_settings
from domain.filters import FilterState

#: Height of the snippet's code block (it scrolls): an inline SVG is long.
CODE_HEIGHT = 220


def source_line(meta: exports.ExportMeta) -> str:
    """Source, data date and licence, as under the chart."""
    return " · ".join((t("export.source_line", meta.lang, source=meta.source,
                         until=meta.data_until),
                       t("export.licence", meta.lang, licence=meta.licence)))


def words(meta: exports.ExportMeta, live_url: str) -> embed.EmbedText:
    """The embed's words for the chart described by ``meta``."""
    return embed.EmbedText(
        lang=meta.lang, summary=meta.description or meta.title, source=source_line(meta),
        live_url=live_url, sample_mark=t("chart.sample_mark", meta.lang) if meta.is_sample
        else "")


def snippet(fig: go.Figure, meta: exports.ExportMeta, chart_key: str, cache_key: Hashable,
            state: FilterState | None, years: Sequence[int], series: str,
            live_url: str) -> tuple[str, bool]:
    """The embed snippet and whether it points to the static publication. The chart's SVG is
    rendered only when the publication does not hold it (``RendererUnavailable`` then)."""
    text = words(meta, live_url)
    if state is not None:
        published = publication.static_chart(publication_settings(), chart_key, series,
                                              meta.lang, state, years, text.summary)
        if published is not None:
            code = embed.static_snippet(published.url, text, published.width,
                                        published.height)
            if code:
                return code, True
    svg = exports.figure_svg(fig, meta, key=cache_key)
    size = publication.svg_size(svg)
    return embed.inline_snippet(svg, text, *(size or (None, None))), False


def section(fig: go.Figure, meta: exports.ExportMeta, key: str, cache_key: Hashable, *,
            state: FilterState | None = None, years: Sequence[int] = (),
            series: str = "") -> None:
    """Share links and the embed toggle, inside the chart's menu. ``state``, ``years`` and
    ``series`` (the view's filters, the series' years) let a published chart be found."""
    lang = meta.lang
    live = navigation.view_url()
    st.caption(t("export.share", lang))
    st.link_button(t("export.whatsapp", lang), embed.whatsapp_url(meta.title, live),
                   icon=":material/chat:", key=f"wa_{key}")
    st.link_button(t("export.email", lang), embed.email_url(meta.title, meta.description, live),
                   icon=":material/mail:", key=f"mail_{key}")
    if not st.toggle(t("export.embed", lang), key=f"embed_{key}"):
        return
    try:
        code, static = snippet(fig, meta, key, cache_key, state, years, series, live)
    except exports.RendererUnavailable:
        st.info(t("export.embed_unavailable", lang))
        return
    st.caption(t("export.embed_note", lang) + " " + t(
        "export.embed_static" if static else "export.embed_inline", lang))
    st.code(code, language="html", wrap_lines=True,
            height="content" if static else CODE_HEIGHT)
