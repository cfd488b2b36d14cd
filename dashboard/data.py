"""The dashboard's access to the store: one shared reader, results cached per store version
and shared by every session (``dashboard.shared_cache``: each caller gets its own copy).

Every cached function takes the store's version (file identity) as its first argument, so a
load made while the dashboard runs is shown on the next rerun without a restart (store/db.py
explains the copy-on-write design). All SQL stays in store/; this module only caches.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from dashboard.i18n import data_text
from dashboard.shared_cache import shared
from domain.config import db_path
from loaders import open_data, pipeline
from store import catalogue, queries
from store.db import StoreReader, upgrade_if_needed

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _reader(path: str) -> StoreReader:
    if not pipeline.ensure_store(Path(path)):
        upgrade_if_needed(Path(path))
    return StoreReader(Path(path))


def reader() -> StoreReader:
    return _reader(str(db_path()))


def version() -> str:
    """Identity of the store file now: part of every cache key below."""
    sig = reader().signature
    return f"{sig.inode}-{sig.size}-{sig.mtime_ns}" if sig else "none"


def _query(function: Callable[..., T], *args: object) -> T:
    cursor = reader().cursor()
    try:
        return function(cursor, *args)
    finally:
        cursor.close()


@shared(64)
def series(store_version: str) -> pd.DataFrame:
    return _query(catalogue.series_list)


@shared(2048)
def totals(store_version: str, series_id: str, by: tuple[str, ...],
           filters: queries.Filters, threshold: int) -> pd.DataFrame:
    """What the page shows: totals with the small-count rule applied."""
    found = candidates(store_version, series_id, queries.candidate_key(filters))
    return _query(queries.published_totals, series_id, list(by), filters, threshold,
                  queries.PLACEMENTS, found)


@shared(512)
def candidates(store_version: str, series_id: str,
               key: tuple[int, int, int]) -> pd.DataFrame:
    """The tables the totals of one view may read (store/queries.py ``coverage_candidates``):
    read once for every chart of the view rather than once a chart."""
    return _query(queries.coverage_candidates, series_id, key)


@shared(256)
def data_until(store_version: str, series_id: str) -> tuple[int, int] | None:
    return _query(catalogue.data_until, series_id)


@shared(256)
def sources(store_version: str, series_id: str, lang: str = "id") -> list[str]:
    """The sources of the series' active batches; in English their sidecars' ``source_en``,
    else the Indonesian marked as such."""
    if lang == "id":
        return _query(catalogue.sources, series_id)
    texts = _query(catalogue.batch_texts)
    shown = batch_sources(store_version, lang)
    return sorted(dict.fromkeys(shown[int(batch)] for batch, series in
                                zip(texts["batch_id"], texts["series"], strict=True)
                                if series == series_id and int(batch) in shown))


@shared(16)
def batch_sources(store_version: str, lang: str = "id") -> dict[int, str]:
    """Per active batch with a source: the source in ``lang`` (the sidecar's ``source_en`` in
    English, else the Indonesian marked as such)."""
    texts = _query(catalogue.batch_texts)
    return {int(batch): data_text(str(source), (english or {}).get("source"), lang)
            for batch, source, english in zip(texts["batch_id"], texts["source"],
                                              texts["english"], strict=True) if source}


@shared(64)
def labels(store_version: str, lang: str) -> dict[str, dict[str, str]]:
    return _query(catalogue.labels, lang)


@shared(64)
def reference_values(store_version: str, dimension: str) -> list[str]:
    return _query(catalogue.reference_values, dimension)


@shared(256)
def years(store_version: str, series_id: str) -> list[int]:
    return _query(catalogue.years_with_figures, series_id)


@shared(256)
def last_loaded(store_version: str, series_id: str) -> object:
    return _query(catalogue.last_loaded, series_id)


@shared(16)
def scheme_notes(store_version: str) -> pd.DataFrame:
    return _query(catalogue.scheme_notes)


@shared(256)
def provisional_from(store_version: str, series_id: str) -> tuple[int, int] | None:
    return _query(catalogue.provisional_from, series_id)


@shared(256)
def caveats(store_version: str, series_id: str, lang: str = "id") -> list[str]:
    """Known caveats of the series' active batches; in English their sidecars' ``caveats_en``
    (in the order of ``caveats``), else each Indonesian caveat marked as such."""
    if lang == "id":
        return _query(catalogue.caveats, series_id)
    texts = _query(catalogue.batch_texts)
    shown: list[str] = []
    for caveats_id, english, series in zip(texts["caveats"], texts["english"], texts["series"],
                                           strict=True):
        if series != series_id:
            continue
        twins = [str(c) for c in (english or {}).get("caveats") or []]
        if twins and len(twins) != len(caveats_id):  # split differently: the English as given
            shown.extend(twins)
            continue
        shown.extend(data_text(c, twins[i] if twins else None, lang)
                     for i, c in enumerate(caveats_id))
    return sorted(dict.fromkeys(c for c in shown if c))


@shared(16)
def population(store_version: str) -> pd.DataFrame:
    return _query(catalogue.population)


@st.cache_resource(show_spinner=False, max_entries=4)
def boundaries(cache_key: str) -> dict | None:
    """The cached regency boundaries, or None (the map page then shows the tile map). One
    object shared by every session and never changed (a copy per run, as ``cache_data``
    gives, cost each map run thousands of lists to unpickle, and each open session kept its
    own in its map's downloads)."""
    from geo.boundaries import load_boundaries

    return load_boundaries()


def attribution(lang: str = "id") -> str | None:
    """The boundaries' attribution line (None without boundaries); in English the sidecar's
    ``attribution_en``, else the Indonesian marked as such."""
    return _attribution(boundaries_key(), lang)


@shared(16)
def _attribution(cache_key: str, lang: str) -> str | None:
    """Read once per boundaries file (``cache_key``): the sidecar is YAML, and parsing it on
    every map run cost a tenth of the run."""
    from geo.boundaries import attribution as indonesian
    from geo.boundaries import attribution_en

    text = indonesian()
    return None if text is None else data_text(text, attribution_en(), lang)


def boundaries_key() -> str:
    """Changes when ``python -m geo fetch``/``import`` writes new boundaries."""
    from geo import cache

    path = cache.geojson_path(cache.read_dir())  # the fetched cache, else the shipped cut
    try:
        stat = path.stat()
    except FileNotFoundError:
        return f"none:{path}"
    return f"{path}:{stat.st_ino}-{stat.st_size}-{stat.st_mtime_ns}"


@shared(16)
def provenance(store_version: str) -> pd.DataFrame:
    return _query(catalogue.provenance)


@shared(16)
def disagreements(store_version: str) -> pd.DataFrame:
    return _query(catalogue.disagreements)


def open_data_file(fmt: str) -> bytes:
    """The whole published dataset as one open-data download (``loaders export`` format)."""
    return _query(lambda cursor: open_data.as_download(cursor, fmt)[0])
