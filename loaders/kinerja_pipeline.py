"""The load of a performance-indicator file (layout ``kinerja``), its branch of
loaders/pipeline.py: read and checked (loaders/validate_kinerja.py), described in the file's
report (its period, and per indicator the latest figure with its capaian as the dashboard will
show it), and stored by ``store.write.add_indicator_batch`` into the table ``kinerja`` — never
into the placement figures — refused on an overlap unless ``--replace``, as placement files are.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from domain import kinerja
from domain.config import kinerja_thresholds
from domain.problems import ProblemList
from loaders.batch_checks import add_overlap as _add_overlap
from loaders.batch_checks import english_of
from loaders.batch_checks import refuse_incomplete_replacement as _refuse_incomplete_replacement
from loaders.batch_checks import screen_batch_text as _screen_batch_text
from loaders.batch_checks import text_value as _text
from loaders.layouts import kinerja as kinerja_layout
from loaders.layouts.base import ReadOptions
from loaders.report import FileReport
from loaders.source import SourceFile, TextFile
from loaders.validate_kinerja import Indicators, check_indicators
from store import write
from store.sql import kinerja as kinerja_sql


def prepare(src: SourceFile, report: FileReport, problems: ProblemList,
            meta: dict[str, object], *, series: str | None = None, source: str | None = None,
            tahun: int | None = None, sheet: str | None = None,
            today: dt.date | None = None) -> Indicators:
    """Read and check a performance-indicator file (layout ``kinerja``). Its batch belongs to
    no placement series: ``series`` is ``kinerja``; the sidecar's sample/source/licence/caveats
    work as for placement files. Raises LoadError when the file cannot be read at all."""
    raw = kinerja_layout.read(src, ReadOptions(tahun=tahun, sheet=sheet), problems)
    indicators = check_indicators(raw, problems, today,
                                  spreadsheet=not isinstance(src, TextFile))
    report.add_problems(problems.items)
    report.series = kinerja_sql.KINERJA_SERIES
    if series and series != kinerja_sql.KINERJA_SERIES:
        report.notes.append(f"--series {series} diabaikan: indikator kinerja disimpan "
                            "terpisah dari seri penempatan")
    report.is_sample = bool(meta.get("sample"))
    report.source = source or _text(meta.get("source"))
    report.licence = _text(meta.get("licence"))
    caveats = meta.get("caveats") or []
    report.caveats = [str(c) for c in (caveats if isinstance(caveats, list) else [caveats])]
    report.english = english_of(meta)
    _screen_batch_text(report, report.file)
    frame = indicators.frame
    if not report.source and not frame["sumber"].notna().any():
        report.notes.append("sumber tidak disebut; tambahkan --source \"…\" agar angka dapat "
                            "ditelusuri")
    report.rows_read = indicators.rows_read
    report.rows_stored = len(frame)
    report.skipped = dict(indicators.skipped)
    report.rows_skipped = sum(indicators.skipped.values())
    if not frame.empty and not report.errors:
        report.period = period(frame)
        report.notes.extend(lines(frame))
    report.status = "refused" if report.errors else "checked"
    return indicators


def period(frame: pd.DataFrame) -> dict[str, object]:
    """First and last year; the last month covered in the last year (end of its latest
    quarter, 12 for a whole-year row)."""
    last = int(frame["tahun"].max())
    quarters = frame.loc[frame["tahun"] == last, "triwulan"]
    until = 12 if quarters.isna().any() else int(quarters.max()) * 3
    return {"tahun_awal": int(frame["tahun"].min()), "tahun_akhir": last, "s_d_bulan": until}


def lines(frame: pd.DataFrame) -> list[str]:
    """Per indicator, the latest reported figure and its capaian as the dashboard will show it,
    to compare with the source before loading."""
    met, nearly = kinerja_thresholds()
    thresholds = kinerja.Thresholds(met, nearly)
    lines = []
    for code, rows in frame.groupby("kode_indikator", sort=False):
        shown = kinerja.assess(kinerja.per_year(rows), thresholds)
        reported = shown[shown["realisasi"].notna()]
        last = (reported if not reported.empty else shown).iloc[-1]
        period = f"{last['tahun']}" + ("" if pd.isna(last["triwulan"])
                                       else f" s.d. triwulan {ROMAN[int(last['triwulan'])]}")
        value = "belum dilaporkan" if pd.isna(last["realisasi"]) else _figure(last["realisasi"])
        achieved = "—" if pd.isna(last["capaian"]) else \
            f"{last['capaian']:.1f}".replace(".", ",") + " %"
        lines.append(f"indikator {code} ({last['satuan']}, {last['arah']}), "
                     f"{int(rows['tahun'].min())}–{int(rows['tahun'].max())}; {period}: "
                     f"target {_figure(last['target'])}, realisasi {value}, capaian {achieved} "
                     f"({STATUS_WORDS[last['status']]})")
    return lines


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
#: Status names in the loaders' reports (Indonesian, as the dashboard shows them).
STATUS_WORDS = {kinerja.MET: "tercapai", kinerja.NEARLY: "hampir tercapai",
                kinerja.NOT_MET: "belum tercapai", kinerja.NO_DATA: "belum ada data"}


def _figure(value: float) -> str:
    text = f"{float(value):,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def store(con: duckdb.DuckDBPyConnection, report: FileReport, indicators: Indicators,
          replace: bool) -> None:
    """Store a checked indicator file: refused when it overlaps an active indicator batch
    (same indicator, year and quarter) unless ``--replace``, as placement files are."""
    batch = write.NewIndicatorBatch(
        file_name=report.file, sha256=report.sha256 or "", layout=report.layout or "",
        source=report.source, licence=report.licence, rows_read=report.rows_read,
        rows_skipped=report.rows_skipped, is_sample=report.is_sample, report=report.to_dict(),
        rows=indicators.frame, sheet=report.sheet,
    )
    try:
        batch_id, replaced = write.add_indicator_batch(con, batch, replace=replace)
    except write.OverlapError as exc:
        for overlap in exc.overlaps:
            _add_overlap(report, overlap, f"indikator {', '.join(overlap.indicators)}",
                         "tahun, triwulan dan kode indikatornya")
        report.status = "refused"
        return
    except write.IncompleteReplacementError as exc:
        _refuse_incomplete_replacement(report, exc, "baris", "semua baris")
        return
    report.status = "loaded"
    report.batch_id = batch_id
    report.replaced = replaced
