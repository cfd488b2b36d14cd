"""The public feedback (Masukan) as a file: CSV or XLSX, the formula guard applied, written
atomically by the open-data export's publisher (``loaders masukan export``, the Kelola page)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from domain.feedback import export_table
from loaders.open_data import ExportError, guarded, publish


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``export_table`` as CSV: comma, UTF-8 with BOM (Excel), formula guard applied."""
    return guarded(export_table(frame)).to_csv(index=False, lineterminator="\r\n") \
        .encode("utf-8-sig")


def write_export(frame: pd.DataFrame, out: Path, force: bool = False) -> None:
    """Write ``export_table`` to ``out`` (``.csv`` or ``.xlsx``) atomically; an existing
    ``out`` is refused unless ``force`` (``loaders.open_data.ExportError``)."""
    suffix = out.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise ExportError(f"{out}: akhiran berkas harus .csv atau .xlsx", code=2)

    def write(target: Path) -> None:
        if suffix == ".csv":
            target.write_bytes(csv_bytes(frame))
        else:
            with pd.ExcelWriter(target, engine="openpyxl") as writer:
                guarded(export_table(frame)).to_excel(writer, sheet_name="masukan", index=False)

    publish(out, force, write)
