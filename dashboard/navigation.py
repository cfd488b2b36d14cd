"""The navigation: one link per page, each carrying the view — language, series and filters —
so that moving between pages never drops what a reader chose (the URL is the view).

This module owns the mapping from the view to a page's address; pages never assemble URLs.
Page-specific choices (the map's measure, …) stay with their page and are not carried.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Sequence

import streamlit as st

from domain import filters

#: Session flag set by the maintainers' page while someone is signed in there: only then is
#: that page listed in the navigation.
MAINTAINER_SIGNED_IN = "_maintainer_signed_in"
#: The internal name of the root page ("/", the first page's second entry); never shown.
HOME_PATH = "utama"
#: URL parameters that make the view, shared by every page.
VIEW_PARAMS: tuple[str, ...] = ("lang", "seri", *filters.PARAMS.values())


def view_params() -> dict[str, str]:
    """The shared view as it stands in the URL now (only what is set)."""
    return {name: str(st.query_params[name]) for name in VIEW_PARAMS
            if st.query_params.get(name)}


def links(pages: Sequence[st.Page], hidden: Iterable[st.Page] = ()) -> None:
    """The sidebar's page links, each with the view's parameters (``hidden`` pages are left
    out of the list but keep their address)."""
    left_out = set(id(page) for page in hidden)
    params = view_params()
    with st.container(key="page_links"):
        for page in pages:
            if id(page) not in left_out:
                st.page_link(page, query_params=params, width="stretch")


def page_link(path: str, params: Iterable[str] = ("lang",)) -> str:
    """A Markdown-safe relative address of the page at ``path`` carrying the view's ``params``
    that are set (the language by default), for a link inside a sentence."""
    query = {name: str(st.query_params[name]) for name in params if st.query_params.get(name)}
    return path + ("?" + urllib.parse.urlencode(query) if query else "")
