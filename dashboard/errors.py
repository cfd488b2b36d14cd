"""The error boundary around each page: an unexpected exception becomes a friendly, translated
message on the page and a full traceback in the server log — never a traceback, an exception
text or a server path in the browser.

Streamlit's own control flow passes through untouched: ``st.stop``, ``st.rerun`` and
``st.switch_page`` raise ``StopException``/``RerunException`` (``ScriptControlException``, a
``BaseException``), and an error inside a fragment is raised on as ``FragmentHandledException``
after Streamlit has shown it (with ``client.showErrorDetails = "none"``, without details).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.errors import FragmentHandledException
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from dashboard.i18n import t

LOG = logging.getLogger(__name__)
KEY = "error.page"
#: Shown if even the translation table cannot be read.
FALLBACK = ("Maaf, halaman ini gagal ditampilkan. Coba muat ulang; bila berulang, kabari kami "
            "lewat halaman Masukan.")


def message(lang: str) -> str:
    try:
        return t(KEY, lang)
    except Exception:  # the table itself is broken: still no traceback on the page
        LOG.exception("Translation %r unavailable", KEY)
        return FALLBACK


@contextmanager
def boundary(lang: str, where: str = "page") -> Iterator[None]:
    """Run the block; on an unexpected exception log it (with traceback) and show
    ``error.page`` in ``lang`` instead. Streamlit's control-flow exceptions propagate."""
    try:
        yield
    except (ScriptControlException, FragmentHandledException):
        raise
    except Exception:
        LOG.exception("The %s failed", where)
        st.error(message(lang), icon=":material/error:")
