"""The public feedback (Masukan) as a file: CSV or XLSX, the formula guard applied, written
atomically by the open-data export's publisher (``loaders masukan export``, the Kelola page)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from domain.masukan import export_table
from loaders.export_output import (
    ExportError,
    previous_export,
    publish,
    refuse_store,
    write_manifest,
)
from loaders.open_data import guarded

#: What a feedback export's manifest says it is (an open-data export's is different).
MANIFEST_KIND = "pmi-banten feedback export"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``export_table`` as CSV: comma, UTF-8 with BOM (Excel), formula guard applied."""
    return guarded(export_table(frame)).to_csv(index=False, lineterminator="\r\n") \
        .encode("utf-8-sig")


def write_export(frame: pd.DataFrame, out: Path, force: bool = False,
                 stores: Sequence[Path] = ()) -> None:
    """Write ``export_table`` to ``out`` (``.csv`` or ``.xlsx``) atomically.

    ``out`` is never one of ``stores`` (the feedback file, the placement store) or a folder
    holding one; an existing ``out`` is refused unless ``force``, and ``force`` replaces only a
    previous feedback export (recognised by its manifest, unchanged since) — never a file the
    export did not write (``loaders.open_data.ExportError``)."""
    suffix = out.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise ExportError(f"{out}: akhiran berkas harus .csv atau .xlsx", code=2)
    for store in stores:
        refuse_store(out, store)
    if out.exists() or out.is_symlink():
        if not force:
            publish(out, force, lambda _: None)  # the "already exists" message
        previous_export(out, suffix[1:], MANIFEST_KIND, single=True)

    def write(target: Path) -> None:
        if suffix == ".csv":
            target.write_bytes(csv_bytes(frame))
        else:
            with pd.ExcelWriter(target, engine="openpyxl") as writer:
                guarded(export_table(frame)).to_excel(writer, sheet_name="masukan", index=False)

    publish(out, force, write)
    write_manifest(out, suffix[1:], MANIFEST_KIND, single=True)
