"""Checks and report lines every kind of batch shares (placements, indicators, interns): the
batch's own text screened for personal numbers, the sidecar's month, overlaps and incomplete
replacements as messages. Used by loaders/pipeline.py and loaders/intern_pipeline.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from domain import personal_data
from domain.problems import Problem
from loaders.layouts.base import RawFacts
from loaders.report import FileReport
from store import write

META_SUFFIX = ".meta.yml"


def screen_batch_text(report: FileReport, name: str) -> None:
    """The batch's own text (source from ``--source``, the upload form or the sidecar; licence;
    caveats) is stored and published as written: a NIK, passport or phone number in it refuses
    the file, the value unquoted (domain/personal_data.py)."""
    texts = [("sumber (--source, isian Sumber atau source di .meta.yml)", report.source),
             ("lisensi", report.licence),
             *(("caveats di .meta.yml", caveat) for caveat in report.caveats),
             *((f"{key} di .meta.yml", text) for key, text in _english_texts(report.english))]
    for what, text in texts:
        kind = personal_data.screen(text) if text else None
        if kind is not None:
            report.add_problems([Problem(name, personal_data.refusal(kind, what),
                                         personal_data.REFUSAL_HINT)])
    masks = dict.fromkeys(personal_data.KINDS, "[disamarkan]")
    if report.source:  # the report shows it: never the number
        report.source = personal_data.mask(report.source, masks)[0]
    if report.licence:
        report.licence = personal_data.mask(report.licence, masks)[0]
    report.caveats = [personal_data.mask(caveat, masks)[0] for caveat in report.caveats]
    report.english = _masked_english(report.english, masks)


#: What an indicator's English twin may give, per code under ``indicators_en``.
INDICATOR_TEXTS = ("indikator", "satuan", "unit_penanggung_jawab", "sumber")


def english_of(meta: Mapping[str, object]) -> dict[str, object]:
    """The sidecar's English twins, as the batch keeps them for the English view:
    ``source_en`` -> "source", ``caveats_en`` -> "caveats" (a list, in the order of
    ``caveats``), and for indicator files ``indicators_en`` (per indicator code: its
    ``indikator``, ``satuan``, ``unit_penanggung_jawab`` and ``sumber`` in English) ->
    "indicators". What a sidecar leaves out is absent: the English view then shows the
    Indonesian text, marked as such (dashboard/i18n.py ``data_text``)."""
    out: dict[str, object] = {}
    source = text_value(meta.get("source_en"))
    if source:
        out["source"] = source
    caveats = meta.get("caveats_en")
    if caveats:
        listed = caveats if isinstance(caveats, list) else [caveats]
        out["caveats"] = [str(c).strip() for c in listed if str(c).strip()]
    indicators = meta.get("indicators_en")
    if isinstance(indicators, Mapping):
        out["indicators"] = {
            str(code): {key: str(value).strip() for key, value in fields.items()
                        if key in INDICATOR_TEXTS and text_value(value)}
            for code, fields in indicators.items() if isinstance(fields, Mapping)}
    return out


def _english_texts(english: Mapping[str, object]) -> list[tuple[str, str]]:
    texts = [("source_en", str(english["source"]))] if english.get("source") else []
    texts += [("caveats_en", str(c)) for c in english.get("caveats") or []]  # type: ignore[union-attr]
    for code, fields in (english.get("indicators") or {}).items():  # type: ignore[union-attr]
        texts += [(f"indicators_en {code}", str(v)) for v in fields.values()]
    return texts


def _masked_english(english: dict[str, object], masks: dict[str, str]) -> dict[str, object]:
    def mask(text: object) -> str:
        return personal_data.mask(str(text), masks)[0]

    out = dict(english)
    if "source" in out:
        out["source"] = mask(out["source"])
    if "caveats" in out:
        out["caveats"] = [mask(c) for c in out["caveats"]]  # type: ignore[union-attr]
    if "indicators" in out:
        out["indicators"] = {code: {k: mask(v) for k, v in fields.items()}
                             for code, fields in out["indicators"].items()}  # type: ignore[union-attr]
    return out


def with_year(raw: RawFacts, year: int) -> RawFacts:
    """``--tahun`` for a file whose rows carry no year."""
    frames = (frame.assign(tahun=str(year)) for frame in raw.frames)
    raw.notes.append(f"tahun {year} dari --tahun")
    return replace(raw, frames=frames, columns={**raw.columns, "tahun": "--tahun"})


def month_text(value: object, path: Path, report: FileReport) -> str | None:
    """A ``provisional_from`` month from the sidecar as ``YYYY-MM``."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        month = dt.datetime.strptime(text[:7], "%Y-%m")
    except ValueError:
        report.add_problems([Problem(
            path.with_name(path.stem + META_SUFFIX).name,
            f"provisional_from '{text}' bukan bulan", "tulis sebagai TTTT-BB, mis. 2025-12")])
        return None
    return f"{month.year:04d}-{month.month:02d}"


def text_value(value: object) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def add_overlap(report: FileReport, overlap: write.Overlap, what: str, check: str) -> None:
    """An overlap with an active batch (placement or indicator): which batch, which years and
    ``what`` (regencies, indicators), and what to ``check`` when it is not a correction."""
    years = ", ".join(str(y) for y in overlap.years)
    report.add_problems([Problem(
        report.file,
        f"tumpang tindih dengan batch {overlap.batch_id} ({overlap.file_name}, dimuat "  # type: ignore[attr-defined]
        f"{overlap.loaded_at:%Y-%m-%d %H:%M}) untuk tahun {years}, {what}",
        "bila berkas ini versi perbaikan, muat dengan --replace (batch lama tetap di "
        f"riwayat dan bisa dipulihkan dengan 'rollback'); bila bukan, periksa {check}",
    )])


def refuse_incomplete_replacement(report: FileReport, exc: write.IncompleteReplacementError,
                                   what: str, whole: str) -> None:
    """A ``--replace`` file that lacks some of the old batch's ``what`` (angka, baris)."""
    shown = ", ".join(f"{y} {k}" for y, k in exc.dropped[:6])
    more = f" dan {len(exc.dropped) - 6} lainnya" if len(exc.dropped) > 6 else ""
    report.add_problems([Problem(
        report.file,
        f"berkas pengganti tidak memuat semua {what} batch {exc.overlap.batch_id} "
        f"({exc.overlap.file_name}): tidak ada {shown}{more}",
        f"versi perbaikan harus memuat {whole} berkas lama; lengkapi berkasnya, atau muat "
        f"{what} baru tanpa --replace untuk periode yang belum ada",
    )])
    report.status = "refused"
