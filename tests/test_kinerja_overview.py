"""Kinerja's overview chart draws every indicator's bar at its value, the unmet ones clearly
(issue 14, point 8). Before, an indicator "not met" against a target of 0 (the shipped sample's
PMI-03 in 2025: 9 cases against 0) drew nothing, only "— · ✖". Now each assessed indicator
has a bar ending at its capaian — 0% for that one, the limit of the "lower is better" formula
— a marker of its status' own shape at the bar's end, its status' fill pattern and its figures
and status in words: colour is never the only cue."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import kinerja_charts as view
from dashboard import kinerja_text
from dashboard.i18n import t
from domain import kinerja
from tests.conftest import ROOT

THRESHOLDS = kinerja.Thresholds(100, 90)


def assessed(rows: list[tuple[str, float, float | None, str]]) -> pd.DataFrame:
    """Indicator rows (name, target, realisation, direction) of one year, assessed."""
    frame = pd.DataFrame(rows, columns=["indikator", "target", "realisasi", "arah"]).assign(
        satuan="kasus", tahun=2025, triwulan=None, is_sample=False)
    return kinerja.assess(frame, THRESHOLDS)


def parts(fig: dict) -> tuple[dict, dict, list[str]]:
    bars, markers = fig["data"][0], fig["data"][1]
    labels = [a["text"] for a in fig["layout"]["annotations"]]
    return bars, markers, labels


ROWS = [("met", 100, 120, "naik"), ("nearly", 100, 95, "naik"), ("not met", 100, 40, "naik"),
        ("zero achievement", 10, 25, "turun"), ("target zero missed", 0, 9, "turun"),
        ("target zero met", 0, 0, "turun"), ("not reported", 100, None, "naik")]


def test_every_assessed_indicator_is_drawn_at_its_value():
    shown = assessed(ROWS)
    fig = view.overview_chart(shown, 2025, THRESHOLDS, "id", "uji", "2025").to_plotly_json()
    bars, markers, _labels = parts(fig)
    ordered = shown.iloc[::-1].reset_index(drop=True)  # the first indicator on top
    statuses = list(ordered["status"])
    assert statuses == ["no_data", "met", "not_met", "not_met", "not_met", "nearly", "met"]
    # the bar ends at the capaian; the missed target of 0 at 0%, the formula's limit
    assert list(bars["x"]) == [0.0, 0.0, 0.0, 0.0, 40.0, 95.0, 120.0]
    for capaian, x in zip(ordered["capaian"], bars["x"], strict=True):
        assert pd.isna(capaian) or math.isclose(capaian, x)
    # a marker at every bar's end, also where the bar has no length (0%); none without a bar
    marked = dict(zip([round(y + 0.26) for y in markers["y"]], markers["x"], strict=True))
    assert sorted(marked) == [2, 3, 4, 5, 6]  # not the unreported one, not the met target 0
    assert marked[2] == 0.0 and marked[3] == 0.0 and marked[6] == 120.0


def test_a_status_reads_without_colour_on_the_overview():
    shown = assessed(ROWS)
    fig = view.overview_chart(shown, 2025, THRESHOLDS, "id", "uji", "2025").to_plotly_json()
    bars, markers, labels = parts(fig)
    ordered = shown.iloc[::-1].reset_index(drop=True)
    patterns = dict(zip(ordered["status"], bars["marker"]["pattern"]["shape"], strict=True))
    assert len({patterns[s] for s in ("met", "nearly", "not_met")}) == 3  # three fills
    assert patterns["not_met"] and patterns["nearly"]  # the unmet ones are hatched
    drawn = [s for c, s in zip(ordered["capaian"], ordered["status"], strict=True)
             if view.overview_value(c, s) is not None]
    assert list(markers["marker"]["symbol"]) == [view.STATUS_SYMBOLS[s] for s in drawn]
    assert len({view.STATUS_SYMBOLS[s] for s in ("met", "nearly", "not_met")}) == 3
    # words: every label carries its status' icon and words; without a capaian, the figures
    for status, label in zip(ordered["status"], labels[1::2], strict=True):
        assert kinerja_text.status_text(status, "id") in label
    assert "9 kasus dari target 0 kasus · ✖ Belum tercapai" in labels
    assert "0 kasus dari target 0 kasus · ✔ Tercapai" in labels
    assert "belum dilaporkan · ○ Belum ada data" in labels
    assert "— ·" not in " ".join(labels)


@pytest.fixture
def app_env(shipped_store: Path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PMI_DB", str(shipped_store))
    monkeypatch.setenv("PMI_MASUKAN_DB", str(tmp_path / "masukan.duckdb"))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_shipped_sample_draws_its_unmet_indicator(app_env, lang: str):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/performance.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars, markers, labels = parts(fig)
    statuses = [c[1] for c in bars["customdata"]]
    beside = labels[1::2]  # each indicator's name, then the words beside its bar
    # PMI-03 in 2025: 9 cases against a target of 0 ("lower is better"): not met, at 0%
    words = t("kinerja.overview_against", lang, realised="9 @", target="0 @").split("@")
    [row] = [i for i, label in enumerate(beside)
             if label.startswith(words[0]) and words[1] in label]
    assert kinerja_text.status_text("not_met", lang) in statuses[row]
    assert beside[row].endswith(kinerja_text.status_text("not_met", lang))
    assert bars["x"][row] == 0.0
    assert bars["marker"]["pattern"]["shape"][row] == view.STATUS_PATTERNS["not_met"]
    assert any(abs(y - (row - 0.26)) < 1e-9 and x == 0.0
               for x, y in zip(markers["x"], markers["y"], strict=True))
    assert not any(label.startswith("—") for label in beside)
    # every indicator that is not met is drawn with the not-met pattern and marker
    unmet = [i for i, s in enumerate(statuses) if kinerja_text.status_text("not_met", lang) in s]
    assert len(unmet) >= 2  # PMI-03 and MAG-01 (89,6%) in the sample
    for i in unmet:
        assert bars["marker"]["pattern"]["shape"][i] == "x"
        assert any(abs(y - (i - 0.26)) < 1e-9 for y in markers["y"])
