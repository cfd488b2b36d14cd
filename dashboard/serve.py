"""Serve the dashboard: ``python -m dashboard.serve [streamlit options]``.

What ``streamlit run app.py`` does, with two things first:

1. the store is built from the shipped data (or upgraded) *before* the server listens, so the
   first visitor never waits for a build (``loaders.pipeline.ensure_store``; the build holds
   the store's lock, so a load started meanwhile waits and is kept);
2. Streamlit is told that this app declares its pages with ``st.navigation``. Streamlit decides
   that per server from whether a ``pages/`` folder exists, and until ``st.navigation`` has run
   once it serves the folder's files by their names (its older multipage mode): the first
   visitor of a deep link such as ``/ringkasan`` then got "Page not found" and the main page.
   The pages keep their folder; the flag is set before the first session is created.

``streamlit run app.py`` still works (Streamlit Community Cloud runs it): the store is then
built on the first visit (dashboard/data.py) and a deep link on the first visit after a start
falls back to the main page with Streamlit's notice.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from domain.config import db_path
from loaders import pipeline
from store.db import upgrade_if_needed

APP = Path(__file__).resolve().parents[1] / "app.py"


def prepare_store() -> str:
    """Build or upgrade the store; what was done, for the operator's log."""
    path = db_path()
    if pipeline.ensure_store(path):
        return f"penyimpanan dibangun dari data bawaan: {path}"
    upgrade_if_needed(path)
    return f"penyimpanan siap: {path}"


def declare_navigation() -> None:
    """Make Streamlit treat the app as one that calls ``st.navigation`` from the first session
    on (see the module docstring)."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def main(argv: Sequence[str] | None = None) -> int:
    print(prepare_store(), flush=True)
    declare_navigation()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    return int(cli.main() or 0)


if __name__ == "__main__":
    raise SystemExit(main())
