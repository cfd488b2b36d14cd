"""View state kept in the URL query string, so a copied link opens the same view.

Anything in the URL is untrusted text: every parameter is parsed with ASCII-only rules (a
regular expression over ``[0-9]``, never ``str.isdigit`` or a bare ``int()``, which accept
"²", "٢٠٢٤", " 7 ", "+7" or "1_0") and a value that does not match is dropped, so the view
falls back to its default — it never raises. ``clean_url`` runs once at the top of every
script run, before any page reads the URL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import streamlit as st

from dashboard.i18n import LANGUAGES
from domain import filters, page_choices
from domain.text import has_control

#: Longest value any parameter may have (a list of every regency code, scheme or sector is far
#: shorter); longer values are dropped before anything splits or looks them up.
MAX_VALUE_LENGTH = filters.MAX_LIST_LENGTH

#: Parameters with a fixed ASCII form: a value that does not match in full is dropped.
#: (``wilayah``, ``skema``, ``sektor``, ``jk`` and ``seri`` are looked up in their reference
#: lists instead, where they are read.)
FORMS: dict[str, re.Pattern[str]] = {
    filters.PARAMS["tahun"]: filters.YEARS_FORM,
    filters.PARAMS["bulan"]: filters.MONTH_FORM,
    "slide": re.compile(r"[0-9]{1,3}"),
    "tahun_kinerja": re.compile(r"[0-9]{4}"),
    # the Pemagangan page (dashboard/intern_view.py); its series is looked up where read
    "tahun_magang": filters.YEARS_FORM,
    "status_magang": re.compile(r"Diberangkatkan|Purna|Bermasalah"),
    "lang": re.compile("|".join(LANGUAGES)),
    "mode": re.compile(r"presentasi"),
    # the pages' own choices (map measure, tile view, trend split, tables; issue 14)
    **{choice.param: choice.form for choice in page_choices.CHOICES},
    **{choice.param: choice.form for choice in page_choices.MULTI_CHOICES},
    page_choices.TABLES_PARAM: page_choices.TABLES_FORM,
}


def ascii_int(text: object, digits: int = 4) -> int | None:
    """``text`` as a whole number if it is 1 to ``digits`` ASCII digits, else None."""
    if not isinstance(text, str) or not re.fullmatch(rf"[0-9]{{1,{digits}}}", text):
        return None
    return int(text)


def acceptable(name: str, value: str) -> bool:
    """Whether ``value`` may stay in the URL as parameter ``name``."""
    if len(value) > MAX_VALUE_LENGTH or has_control(value):
        return False
    form = FORMS.get(name)
    return form is None or form.fullmatch(value) is not None


def cleaned(params: Mapping[str, list[str]]) -> dict[str, str | None]:
    """What to change in a query string (every value of each name, in order): a name maps to
    its one value to keep, or to None to drop it. Repeated names keep their last value, the
    one ``st.query_params`` reads; names already in order are left out."""
    changes: dict[str, str | None] = {}
    for name, values in params.items():
        last = values[-1] if values else ""
        if not acceptable(name, last):
            changes[name] = None
        elif len(values) > 1:
            changes[name] = last
    return changes


def clean_url() -> None:
    """Drop malformed, oversized or control-character values from the URL (and collapse a
    repeated parameter to the value the app reads) before any page reads it."""
    params = st.query_params
    for name, value in cleaned({name: params.get_all(name) for name in params}).items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value


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
