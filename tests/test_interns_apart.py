"""Placements and interns are never added together: no SQL statement reads both kinds of
figures, and loading interns changes no placement figure (nor the other way round)."""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import re
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

import store.sql
from loaders import pipeline
from store import catalogue, intern_queries, queries
from store import db as store_db
from store.sql import interns as interns_sql
from store.sql import placements as placements_sql
from tests.conftest import ROOT

PLACEMENT_RELATIONS = frozenset({"fact", "active_fact", "coverage", "penempatan"})
INTERN_RELATIONS = frozenset({"magang_fact", "active_magang_fact", "magang_coverage",
                              "pemagangan"})
_RELATION = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE|VIEW)\s+(\w+)", re.IGNORECASE)
PLACEMENTS = ROOT / "docs" / "examples" / "kanonik.csv"
INTERNS = ROOT / "docs" / "examples" / "magang_kanonik.csv"


def sql_modules() -> list[ModuleType]:
    """Every module of store/sql/ (a new one is scanned without being named here)."""
    return [importlib.import_module(f"store.sql.{info.name}")
            for info in pkgutil.iter_modules(store.sql.__path__)]


def statements() -> dict[str, str]:
    """Every SQL text of the package store/sql/: its modules' string constants (also inside
    tuples and dicts) and what its builders make for every dimension."""
    found: dict[str, str] = {}
    for name, value in [item for module in sql_modules() for item in vars(module).items()]:
        if isinstance(value, str):
            found[name] = value
        elif isinstance(value, tuple):
            found.update({f"{name}[{i}]": v for i, v in enumerate(value) if isinstance(v, str)})
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str):
                    found[f"{name}[{key}]"] = item
                elif isinstance(item, tuple):
                    found.update({f"{name}[{key}][{i}]": v for i, v in enumerate(item)})
    found["totals_query"] = placements_sql.totals_query(
        list(placements_sql.SUMMARY_DIMENSIONS), list(placements_sql.BREAKDOWN_BITS))
    found["intern_totals_query"] = interns_sql.intern_totals_query(
        list(interns_sql.INTERN_SUMMARY_DIMENSIONS), list(interns_sql.INTERN_BREAKDOWN_BITS))
    found["coverage_of"] = placements_sql.coverage_of("active_fact")
    found["intern_coverage_of"] = interns_sql.intern_coverage_of("active_magang_fact")
    return found


def test_no_statement_reads_placements_and_interns_together():
    mixed = {}
    for name, text in statements().items():
        relations = {r.lower() for r in _RELATION.findall(text)}
        if relations & PLACEMENT_RELATIONS and relations & INTERN_RELATIONS:
            mixed[name] = sorted(relations)
    assert not mixed


def test_every_intern_statement_is_found_by_the_scan():
    names = {name for name, text in statements().items()
             if {r.lower() for r in _RELATION.findall(text)} & INTERN_RELATIONS}
    assert {"INSERT_INTERN_FACTS", "INTERN_COVERAGE_CANDIDATES", "intern_totals_query",
            "EXPORT_INTERN_FIGURES"} <= names


def test_the_intern_read_rule_runs_on_intern_tables_only():
    kind = intern_queries.INTERNS
    assert set(_RELATION.findall(kind.candidates)) == {"magang_coverage"}
    # the chosen tables come in as parameters (store/sql/placements.PICKS), not a relation
    assert set(_RELATION.findall(kind.totals_sql(["tahun"], []))) == {"active_magang_fact"}
    assert queries.PLACEMENTS.candidates == placements_sql.COVERAGE_CANDIDATES


def _store(path: Path, *files: Path) -> Path:
    reports = pipeline.load(list(files), path, pipeline.Options())
    assert all(r.status == "loaded" for r in reports), [r.errors for r in reports]
    return path


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("apart")
    return {"placements": _store(folder / "p.duckdb", PLACEMENTS),
            "interns": _store(folder / "i.duckdb", INTERNS),
            "both": _store(folder / "b.duckdb", PLACEMENTS, INTERNS)}


def _placement_results(path: Path) -> list[pd.DataFrame]:
    con = store_db.connect_read_only(path)
    try:
        results = []
        dimensions = [d for d in placements_sql.SUMMARY_DIMENSIONS]
        for size in (0, 1, 2):
            for by in itertools.combinations(dimensions, size):
                results.append(queries.published_totals(con, "contoh", list(by)))
        results.append(catalogue.series_list(con).drop(columns=["n_facts"]))
        results.append(pd.DataFrame({"series": catalogue.series_with_figures(con)}))
        results.append(con.execute("SELECT * FROM penempatan ORDER BY ALL").df()
                       .drop(columns=["batch_id"]))
        return results
    finally:
        con.close()


def _intern_results(path: Path) -> list[pd.DataFrame]:
    con = store_db.connect_read_only(path)
    try:
        results = []
        for status in ("Diberangkatkan", "Purna"):
            for by in (["tahun"], ["kode_wilayah"], ["penyelenggara"], ["negara_tujuan"],
                       ["tahun", "kode_wilayah"], ["pelindungan"]):
                results.append(intern_queries.published_totals(con, "magang_contoh", status,
                                                               by))
        return results
    finally:
        con.close()


def test_loading_interns_changes_no_placement_figure(stores):
    alone = _placement_results(stores["placements"])
    together = _placement_results(stores["both"])
    assert len(alone) == len(together)
    for left, right in zip(alone, together, strict=True):
        pd.testing.assert_frame_equal(left.reset_index(drop=True),
                                      right.reset_index(drop=True))


def test_loading_placements_changes_no_intern_figure(stores):
    for left, right in zip(_intern_results(stores["interns"]),
                           _intern_results(stores["both"]), strict=True):
        pd.testing.assert_frame_equal(left, right)


def test_an_intern_series_has_no_placement_figures(stores):
    con = store_db.connect_read_only(stores["both"])
    try:
        assert queries.totals(con, "magang_contoh", ["tahun"]).empty
        assert "magang_contoh" not in catalogue.series_list(con)["series"].tolist()
        assert "contoh" not in intern_queries.series_list(con)["series"].tolist()
        assert intern_queries.totals(con, "contoh", "Diberangkatkan", ["tahun"]).empty
    finally:
        con.close()


def test_statuses_are_never_added(stores):
    con = store_db.connect_read_only(stores["interns"])
    try:
        departed = intern_queries.totals(con, "magang_contoh", "Diberangkatkan", [])
        returned = intern_queries.totals(con, "magang_contoh", "Purna", [])
    finally:
        con.close()
    assert int(returned["jumlah"].sum()) == 18  # Kab. Serang 2024, returned only
    assert int(departed["jumlah"].sum()) == 214 + 4 + 7 + 16 + 5  # departures only
    with pytest.raises(TypeError):
        intern_queries.totals(con, "magang_contoh", ["tahun"])  # type: ignore[call-arg]
