"""The navigation: one link per page, each carrying the view — language, series, filters and
the pages' own choices — so that moving between pages never drops what a reader chose (the URL
is the view).

This module owns the mapping from the view to a page's address; pages never assemble URLs.
A page's own choice (the map's measure and tile view, the trend split, the intern map's
measure, the Data page's columns, a chart shown as a table, the Kinerja year, the intern
series, years and status; domain/page_choices.py) is a URL parameter too: its widget is set
from the URL on every run and writes the URL when changed (``choice``, ``choices``,
``switch``, ``table_toggle``), and every link carries it, so leaving a page and coming back
keeps it. A value that is not one of the choice's options is ignored (the default is
shown) and dropped from the URL.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable, Sequence

import streamlit as st

from domain import filters, interns, page_choices
from domain.page_choices import Choice, MultiChoice

#: Session flag set by the maintainers' page while someone is signed in there: only then is
#: that page listed in the navigation.
MAINTAINER_SIGNED_IN = "_maintainer_signed_in"
#: The internal name of the root page ("/", the first page's second entry); never shown.
HOME_PATH = "utama"
#: URL parameters that make the view, shared by every page.
VIEW_PARAMS: tuple[str, ...] = ("lang", "seri", *filters.PARAMS.values())
#: URL parameters of one page's own choices, carried by every link so that they are there
#: again when the reader comes back (the Kinerja year and the intern view's series, years and
#: status are read by their pages: pages/performance.py, dashboard/intern_view.py).
PAGE_PARAMS: tuple[str, ...] = (
    *(choice.param for choice in (*page_choices.CHOICES, *page_choices.MULTI_CHOICES)),
    page_choices.TABLES_PARAM,
    "tahun_kinerja", interns.SERIES_PARAM, "tahun_magang", "status_magang")
#: Everything a navigation link carries (not the presentation mode: a link leaves it).
CARRIED: tuple[str, ...] = (*VIEW_PARAMS, *PAGE_PARAMS)


def view_params() -> dict[str, str]:
    """The view as it stands in the URL now (only what is set): the shared view and every
    page's own choices."""
    return {name: str(st.query_params[name]) for name in CARRIED
            if st.query_params.get(name)}


def _write(param: str, value: str, default: str) -> None:
    if value == default:
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = value


def _read(choice: Choice) -> str:
    """The choice in the URL; a value that is not an option is dropped from it."""
    raw = st.query_params.get(choice.param)
    value = choice.read(raw)
    if raw is not None and raw != value:
        st.query_params.pop(choice.param, None)
    return value


def _chosen(choice: Choice, key: str) -> None:
    _write(choice.param, st.session_state.get(key) or choice.default, choice.default)


def choice(label: str, which: Choice, key: str,
           format_func: Callable[[str], str] = str) -> str:
    """A segmented control for ``which``, set from the URL and writing it; returns the choice
    (the default when the reader deselects it)."""
    value = _read(which)
    st.session_state[key] = value
    st.segmented_control(label, which.options, key=key, format_func=format_func,
                         on_change=_chosen, args=(which, key))
    return value


def _switched(which: Choice, key: str) -> None:
    _write(which.param, which.options[1] if st.session_state.get(key) else which.default,
           which.default)


def switch(label: str, which: Choice, key: str) -> bool:
    """A toggle for a two-valued ``which`` (off: its default, on: its other value), set from
    the URL and writing it; whether it is on."""
    on = _read(which) == which.options[1]
    st.session_state[key] = on
    st.toggle(label, key=key, on_change=_switched, args=(which, key))
    return on


def _picked(which: MultiChoice, key: str) -> None:
    default = which.value(which.default)
    _write(which.param, which.value(st.session_state.get(key) or ()), default)


def choices(label: str, which: MultiChoice, key: str,
            format_func: Callable[[str], str] = str) -> tuple[str, ...]:
    """A multiselect for ``which``, set from the URL and writing it; the options chosen."""
    raw = st.query_params.get(which.param)
    picked = which.read(raw)
    if raw is not None and not which.form.fullmatch(raw):
        st.query_params.pop(which.param, None)  # not a list of options: back to the default
    st.session_state[key] = list(picked)
    st.multiselect(label, which.options, key=key, format_func=format_func,
                   on_change=_picked, args=(which, key))
    return picked


def _open_tables() -> tuple[str, ...]:
    raw = st.query_params.get(page_choices.TABLES_PARAM)
    opened = page_choices.tables(raw)
    if raw is not None and not opened:
        st.query_params.pop(page_choices.TABLES_PARAM, None)
    return opened


def _table_flipped(chart: str) -> None:
    opened = [key for key in _open_tables() if key != chart]
    if st.session_state.get(f"table_{chart}"):
        opened.append(chart)
    _write(page_choices.TABLES_PARAM, page_choices.tables_value(opened), "")


def table_toggle(label: str, chart: str) -> bool:
    """The "show as table" toggle of the chart ``chart`` (widget key ``table_<chart>``), kept
    in the URL's ``tabel`` list; whether the table is shown."""
    shown = chart in _open_tables()
    st.session_state[f"table_{chart}"] = shown
    st.toggle(label, key=f"table_{chart}", on_change=_table_flipped, args=(chart,))
    return shown


def links(pages: Sequence[st.Page], hidden: Iterable[st.Page] = ()) -> None:
    """The sidebar's page links, each with the view's parameters (``hidden`` pages are left
    out of the list but keep their address)."""
    left_out = set(id(page) for page in hidden)
    params = view_params()
    with st.container(key="page_links"):
        for page in pages:
            if id(page) not in left_out:
                st.page_link(page, query_params=params, width="stretch")


def page_link(path: str, params: Iterable[str] = CARRIED) -> str:
    """A Markdown-safe relative address of the page at ``path`` carrying the view's ``params``
    that are set (by default all that a navigation link carries), for a link inside a
    sentence."""
    query = {name: str(st.query_params[name]) for name in params if st.query_params.get(name)}
    return path + ("?" + urllib.parse.urlencode(query) if query else "")


def view_url() -> str:
    """The absolute address of this page with the view's parameters that are set, for a link
    shared or embedded elsewhere (nothing else of the current URL is carried); "" when the
    page's address is not known."""
    base = str(st.context.url or "").split("#")[0].split("?")[0]
    query = urllib.parse.urlencode(view_params())
    return f"{base}?{query}" if base and query else base
