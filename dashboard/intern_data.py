"""The Pemagangan page's access to the store: intern figures and their vocabularies, cached per
store version (as ``dashboard/data.py`` caches the placement queries; all SQL stays in store/,
and every intern read is for one series and one status: store/intern_queries.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd

from dashboard import data
from dashboard.shared_cache import shared
from domain.interns import InternFilters
from store import intern_queries

T = TypeVar("T")


def _query(function: Callable[..., T], *args: object) -> T:
    cursor = data.reader().cursor()
    try:
        return function(cursor, *args)
    finally:
        cursor.close()


@shared(16)
def series(store_version: str) -> pd.DataFrame:
    """The intern series with how many figures each holds."""
    return _query(intern_queries.series_list)


@shared(2048)
def totals(store_version: str, series_id: str, status: str, by: tuple[str, ...],
           filters: InternFilters, threshold: int) -> pd.DataFrame:
    """What the page shows: intern totals of one status, small counts suppressed."""
    return _query(intern_queries.published_totals, series_id, status, list(by), filters,
                  threshold)


@shared(64)
def years(store_version: str, series_id: str) -> list[int]:
    return _query(intern_queries.years, series_id)


@shared(64)
def statuses(store_version: str, series_id: str) -> list[str]:
    return _query(intern_queries.statuses, series_id)


@shared(64)
def data_until(store_version: str, series_id: str) -> tuple[int, int] | None:
    return _query(intern_queries.data_until, series_id)


@shared(16)
def labels(store_version: str, lang: str) -> dict[str, dict[str, str]]:
    return _query(intern_queries.labels, lang)


@shared(16)
def reference_values(store_version: str, dimension: str) -> list[str]:
    return _query(intern_queries.reference_values, dimension)


@shared(16)
def organisers(store_version: str) -> pd.DataFrame:
    return _query(intern_queries.organisers)


@shared(16)
def disagreements(store_version: str) -> pd.DataFrame:
    """Intern tables that disagree on a total (store/intern_queries.py)."""
    return _query(intern_queries.disagreements)
