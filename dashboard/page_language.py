"""The page's language for assistive technology: ``<html lang>`` follows the language switch
(WCAG 3.1.1; issue 18). Streamlit writes ``lang="en"`` into its page whatever it shows, so a
screen reader would read the Indonesian pages with English pronunciation."""

from __future__ import annotations

import json

import streamlit as st

from domain.reference import LANGUAGES


def set_page_language(lang: str) -> None:
    """Set ``document.documentElement.lang`` to ``lang`` (one of the two languages) by a small
    script; nothing is drawn."""
    if lang not in LANGUAGES:
        return
    st.html(script(lang), unsafe_allow_javascript=True)


def script(lang: str) -> str:
    """The inline script for ``lang`` (deploy/render_nginx.py allows it by its hash)."""
    return f"<script>document.documentElement.lang = {json.dumps(lang)};</script>"
