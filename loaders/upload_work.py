"""What the upload's child process does (loaders/upload_child.py imports this after limiting
itself): the pipeline's ``load`` (``dry_run`` for the check), how many sheets a workbook has,
and — after a real load of a file that is not archived whole — the batch's aggregated figures
as a canonical CSV for the archive."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from loaders import pipeline
from store import catalogue, intern_queries
from store import db as store_db
from store.sql.interns import INTERN_BREAKDOWN_BITS
from store.sql.placements import BREAKDOWN_BITS

#: Bytes of ``xl/workbook.xml`` read to count the sheets (a real one is a few KB).
WORKBOOK_XML_BYTES = 1024 * 1024
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s")
UNREPORTED = "tidak diketahui"
CANONICAL_COLUMNS: tuple[str, ...] = ("tahun", "bulan", "s_d_bulan", "kode_wilayah",
                                      *[c for c in BREAKDOWN_BITS if c != "bulan"], "jumlah")


def run(request: dict[str, object]) -> dict[str, object]:
    options = request["options"]
    assert isinstance(options, dict)
    path, db = Path(str(request["path"])), Path(str(request["db"]))
    report = pipeline.load([path], db, pipeline.Options(**options))[0]
    result: dict[str, object] = {"report": report.to_dict(), "sheets": sheet_count(path)}
    aggregate_to = request.get("aggregate_to")
    if aggregate_to and report.status == "loaded" and report.batch_id is not None:
        write_aggregate(db, report.batch_id, Path(str(aggregate_to)))
        result["aggregate"] = str(aggregate_to)
    return result


def sheet_count(path: Path) -> int | None:
    """Sheets of a workbook (None for a text file, or a workbook that cannot be read): a
    workbook is archived whole only when its one sheet is the one checked."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            with zipfile.ZipFile(path) as book, book.open("xl/workbook.xml") as part:
                return len(_SHEET_TAG.findall(part.read(WORKBOOK_XML_BYTES)))
        if suffix == ".xls":
            import xlrd

            return int(xlrd.open_workbook(str(path), on_demand=True).nsheets)
    except Exception:  # an unreadable workbook was refused by the check anyway
        return None
    return None


def aggregate_frame(facts: pd.DataFrame, bits: Mapping[str, int] = BREAKDOWN_BITS,
                    keys: tuple[str, ...] = (), count: str = "jumlah") -> pd.DataFrame:
    """Stored figures as the canonical layout writes them (docs/data-format.md §5.2): a
    dimension the row is broken down by but that was not reported is ``tidak diketahui``, one
    it is not broken down by is empty; ``s_d_bulan`` only on annual rows. Loading the result
    gives the same figures. Intern figures (``INTERN_BREAKDOWN_BITS``, key ``status``, count
    ``jumlah_magang``) come out in the layout ``magang_kanonik`` (§5.7)."""
    out = pd.DataFrame({"tahun": facts["tahun"].astype("int64")})
    monthly = facts["bulan"].notna()
    out["bulan"] = facts["bulan"].astype("Int64").astype(str).where(monthly, "")
    out["s_d_bulan"] = facts["s_d_bulan"].astype("int64").astype(str).where(~monthly, "")
    out["kode_wilayah"] = facts["kode_wilayah"].astype(str)
    for key in keys:
        out[key] = facts[key].astype(str)
    for column, bit in bits.items():
        if column == "bulan":
            continue
        broken_down = (facts["breakdown"].astype("int64") & bit) != 0
        values = facts[column].astype(object)
        out[column] = values.where(values.notna(), UNREPORTED).where(broken_down, "")
    out[count] = facts["jumlah"].astype("int64")
    return out[["tahun", "bulan", "s_d_bulan", "kode_wilayah", *keys,
                *[c for c in bits if c != "bulan"], count]]


def write_aggregate(db: Path, batch_id: int, target: Path) -> None:
    """The aggregated figures of batch ``batch_id`` as a canonical CSV at ``target``
    (mode 0600, written beside it and renamed)."""
    con = store_db.connect_read_only(db)
    try:
        facts = catalogue.batch_facts(con, batch_id)
        interns = intern_queries.batch_facts(con, batch_id) if facts.empty else None
    finally:
        con.close()
    frame = aggregate_frame(facts) if interns is None or interns.empty else \
        aggregate_frame(interns, INTERN_BREAKDOWN_BITS, ("status",), "jumlah_magang")
    tmp = target.with_name(f".{target.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        frame.to_csv(out, index=False)
    tmp.replace(target)
