"""``python -m dashboard.serve`` imports what the app imports and freezes those objects before
serving, so Streamlit's collection after every script run no longer walks them."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from dashboard import serve
from tests.conftest import ROOT


def test_the_app_and_page_imports_are_listed():
    names = set(serve.app_imports())
    assert {"streamlit", "pandas", "dashboard.render", "dashboard.context", "dashboard.charts",
            "dashboard.map_figure"} <= names


def test_the_imports_are_frozen_before_serving():
    probe = ("import gc, json, sys\n"
             "from dashboard import serve\n"
             "frozen = serve.freeze_imports()\n"
             "gc.collect()\n"
             "print(json.dumps({'frozen': frozen, 'tracked': len(gc.get_objects()),\n"
             "    'thresholds': gc.get_threshold(),\n"
             "    'missing': [n for n in serve.app_imports() if n not in sys.modules\n"
             "                and n.rpartition('.')[0] not in sys.modules]}))\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["missing"] == []
    assert result["frozen"] > 100_000  # pandas, plotly, DuckDB, Streamlit and the dashboard
    assert result["tracked"] < result["frozen"] / 20  # what a collection still walks
    assert "No runtime found" not in done.stderr
    assert tuple(result["thresholds"]) == serve.GC_THRESHOLDS != gc.get_threshold()
