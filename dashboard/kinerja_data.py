"""The Kinerja page's access to the store: the indicator rows, cached per store version (as
``dashboard/data.py`` caches the placement queries; all SQL stays in store/)."""

from __future__ import annotations

import pandas as pd

from dashboard import data
from dashboard.i18n import data_text, keys, t
from dashboard.shared_cache import shared
from store import catalogue

#: An indicator's words that its file's sidecar can give in English (``indicators_en``).
TEXTS = ("indikator", "satuan", "unit_penanggung_jawab", "sumber")


@shared(16)
def indicators(store_version: str, lang: str = "id") -> pd.DataFrame:
    """Every indicator row of the active batches (``store.catalogue.indicators``). In English
    an indicator's name, unit, responsible unit and source are its sidecar's English twins
    (``indicators_en``) — a common unit also from the translation table — each one missing
    shown in Indonesian and marked as such; a unit of "%" is the same in both. The batch's
    source follows its ``source_en``."""
    cursor = data.reader().cursor()
    try:
        rows = catalogue.indicators(cursor)
        english = catalogue.batch_texts(cursor) if lang != "id" else None
    finally:
        cursor.close()
    if english is None or rows.empty:
        return rows
    by_batch = dict(zip(english["batch_id"], english["english"], strict=True))
    out = rows.copy()
    for column in TEXTS:
        out[column] = [
            value if value is None or (column == "satuan" and str(value).strip() == "%") else
            data_text(str(value), ((by_batch.get(batch) or {}).get("indicators") or {})
                      .get(str(code), {}).get(column) or
                      (_unit(str(value)) if column == "satuan" else None), lang)
            for value, code, batch in zip(rows[column], rows["kode_indikator"],
                                          rows["batch_id"], strict=True)]
    out["source"] = [value if value is None else
                     data_text(str(value), (by_batch.get(batch) or {}).get("source"), lang)
                     for value, batch in zip(rows["source"], rows["batch_id"], strict=True)]
    return out


def _unit(unit: str) -> str | None:
    """A common unit in English from the translation table (``unit.orang`` -> "people"),
    for files whose sidecar gives none."""
    key = f"unit.{unit.strip().casefold()}"
    return t(key, "en") if key in keys() else None
