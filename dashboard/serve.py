"""Serve the dashboard: ``python -m dashboard.serve [streamlit options]``.

What ``streamlit run app.py`` does, with two things first:

1. the store is built from the shipped data (or upgraded) *before* the server listens, so the
   first visitor never waits for a build (``loaders.pipeline.ensure_store``; the build holds
   the store's lock, so a load started meanwhile waits and is kept);
2. Streamlit is told that this app declares its pages with ``st.navigation``. Streamlit decides
   that per server from whether a ``pages/`` folder exists, and until ``st.navigation`` has run
   once it serves the folder's files by their names (its older multipage mode): the first
   visitor of a deep link such as ``/ringkasan`` then got "Page not found" and the main page.
   The pages keep their folder; the flag is set before the first session is created;
3. the modules the app and its pages import are imported, and the objects they made are moved
   out of the garbage collector's reach (``gc.freeze``). Streamlit runs a full collection after
   every script run (``runner.postScriptGC``); it walked the ~200,000 objects of pandas,
   plotly, DuckDB, Streamlit and the dashboard every time — two thirds of the server's CPU
   under many viewers (docs/benchmarks.md, "Many viewers at once"). Frozen objects are never
   collected; they live as long as the process anyway (modules, classes, reference tables).
   The youngest generation is then collected after 50,000 new objects rather than 700
   (``GC_THRESHOLDS``): a page run of a new view makes hundreds of thousands of short-lived
   pandas and plotly objects, and Python's own collections cost 4 ms a run at the default;
   measured, CPU per run on new views fell 6-12 % for 12 MB more memory.

``streamlit run app.py`` still works (Streamlit Community Cloud runs it): the store is then
built on the first visit (dashboard/data.py) and a deep link on the first visit after a start
falls back to the main page with Streamlit's notice.
"""

from __future__ import annotations

import ast
import gc
import importlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from domain.config import db_path
from loaders import pipeline
from store.db import upgrade_if_needed

APP = Path(__file__).resolve().parents[1] / "app.py"
#: ``gc.set_threshold`` after the imports are frozen (see the module docstring; Python's
#: default is 700, 10, 10).
GC_THRESHOLDS = (50_000, 20, 100)


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


def app_imports() -> Iterator[str]:
    """The modules ``app.py`` and the scripts in ``pages/`` import (``from a import b`` gives
    ``a`` and, if it is a module, ``a.b``)."""
    for script in (APP, *sorted((APP.parent / "pages").glob("*.py"))):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield from (alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                yield node.module
                yield from (f"{node.module}.{alias.name}" for alias in node.names)


def freeze_imports() -> int:
    """Import what the app imports, then freeze every object alive (see the module
    docstring); the number of objects frozen. A module that fails to import is reported and
    left to fail where the page imports it (that page shows its error, the others work)."""
    for name in dict.fromkeys(app_imports()):
        parent, _, attribute = name.rpartition(".")
        if parent in sys.modules and hasattr(sys.modules[parent], attribute):
            continue  # a name imported from a module, not a module
        try:
            importlib.import_module(name)
        except Exception as error:  # reported; the server still starts
            print(f"import {name} failed: {error!r}", file=sys.stderr, flush=True)
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    return gc.get_freeze_count()


def main(argv: Sequence[str] | None = None) -> int:
    print(prepare_store(), flush=True)
    declare_navigation()
    print(f"{freeze_imports()} objects frozen after the app's imports", flush=True)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    return int(cli.main() or 0)


if __name__ == "__main__":
    raise SystemExit(main())
