"""The dashboard's access to the store: one shared reader, results cached per store version.

The cache key includes the store file's identity, so a load made while the dashboard runs is
shown on the next rerun without a restart (store/db.py explains the copy-on-write design).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from loaders import pipeline
from store import queries
from store.config import db_path
from store.db import FileSignature, StoreReader


@st.cache_resource(show_spinner=False)
def _reader(path: str) -> StoreReader:
    pipeline.ensure_store(Path(path))
    return StoreReader(Path(path))


def reader() -> StoreReader:
    return _reader(str(db_path()))


def version() -> str:
    """Identity of the store file now: part of every cache key below."""
    sig: FileSignature | None = reader().signature
    return f"{sig.inode}-{sig.size}-{sig.mtime_ns}" if sig else "none"


@st.cache_data(show_spinner=False, max_entries=256)
def series(store_version: str) -> pd.DataFrame:
    cursor = reader().cursor()
    try:
        return queries.series_list(cursor)
    finally:
        cursor.close()


@st.cache_data(show_spinner=False, max_entries=1024)
def totals(store_version: str, series_id: str, by: tuple[str, ...],
           filters: queries.Filters) -> pd.DataFrame:
    cursor = reader().cursor()
    try:
        return queries.totals(cursor, series_id, list(by), filters)
    finally:
        cursor.close()


@st.cache_data(show_spinner=False, max_entries=256)
def data_until(store_version: str, series_id: str) -> tuple[int, int] | None:
    cursor = reader().cursor()
    try:
        return queries.data_until(cursor, series_id)
    finally:
        cursor.close()


@st.cache_data(show_spinner=False, max_entries=256)
def sources(store_version: str, series_id: str) -> list[str]:
    cursor = reader().cursor()
    try:
        return queries.sources(cursor, series_id)
    finally:
        cursor.close()
