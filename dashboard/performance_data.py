"""The Kinerja page's access to the store: the indicator rows, cached per store version (as
``dashboard/data.py`` caches the placement queries; all SQL stays in store/)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from store import queries


@st.cache_data(show_spinner=False, max_entries=16)
def indicators(store_version: str) -> pd.DataFrame:
    """Every indicator row of the active batches (``store.queries.indicators``)."""
    cursor = data.reader().cursor()
    try:
        return queries.indicators(cursor)
    finally:
        cursor.close()
