"""View state kept in the URL query string, so a copied link opens the same view."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import LANGUAGES


def language() -> str:
    lang = st.query_params.get("lang", "id")
    return lang if lang in LANGUAGES else "id"


def set_param(name: str, value: str, default: str) -> None:
    """Write ``name`` to the URL, or drop it when it is the default (short links)."""
    if value == default:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value


def series(available: list[str], default: str) -> str:
    chosen = st.query_params.get("seri", default)
    return chosen if chosen in available else default
