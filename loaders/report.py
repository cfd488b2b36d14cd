"""The report that ends ``check`` and ``load``: as text for a terminal, as JSON for the admin
page (``--json``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from domain.problems import Problem
from domain.reference import Reference
from loaders.validate import Facts
from store import exports as store_exports
from store import queries
from store.catalogue import breakdown_name

STATUS_TEXT = {
    "checked": "lolos pemeriksaan",
    "loaded": "dimuat",
    "unchanged": "tidak berubah (sudah pernah dimuat)",
    "refused": "DITOLAK",
    "dry-run": "lolos pemeriksaan (uji coba, tidak disimpan)",
    "not-loaded": "tidak dimuat",
    "pending": "belum diperiksa",
}


@dataclass
class FileReport:
    file: str
    status: str = "pending"
    sha256: str | None = None
    sheet: str | None = None
    provisional_from: str | None = None
    caveats: list[str] = field(default_factory=list)
    #: English twins of the sidecar's texts (``source``, ``caveats``, ``indicators``), shown
    #: in the English view (loaders/batch_checks.py ``english_of``)
    english: dict[str, object] = field(default_factory=dict)
    layout: str | None = None
    series: str | None = None
    source: str | None = None
    licence: str | None = None
    is_sample: bool = False
    batch_id: int | None = None
    replaced: list[int] = field(default_factory=list)
    rows_read: int = 0
    rows_stored: int = 0
    rows_skipped: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    period: dict[str, object] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    totals: list[dict[str, object]] = field(default_factory=list)
    unknown_values: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def add_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem not in self.problems:
                self.problems.append(problem)

    def describe(self, facts: Facts, ref: Reference) -> None:
        frame = facts.frame
        self.rows_read = facts.rows_read
        self.rows_stored = len(frame)
        self.skipped = dict(facts.skipped)
        self.rows_skipped = sum(facts.skipped.values())
        self.unknown_values = facts.unknown_values
        for column, values in facts.unknown_values.items():
            self.notes.append(f"{column} di luar daftar baku (disimpan seperti tertulis): "
                              + ", ".join(values))
        if frame.empty:
            return
        years = frame["tahun"]
        months = frame.loc[frame["tahun"] == years.max(), "s_d_bulan"]
        self.period = {"tahun_awal": int(years.min()), "tahun_akhir": int(years.max()),
                       "s_d_bulan": int(months.max())}
        codes = sorted(frame["kode_wilayah"].unique())
        self.regions = [f"{c} {ref.regions.official_name(c)}" for c in codes]
        self.totals = region_totals(frame, ref)

    def file_disagreements(self, frame: pd.DataFrame, series: str | None) -> list[str]:
        """Tables within this file that give different totals for the same cell."""
        coverage = _coverage(frame, series or "")
        messages = []
        for (year, code, _), group in coverage.groupby(["tahun", "kode_wilayah", "coverage"]):
            if group["total"].nunique() > 1:
                parts = ", ".join(f"{breakdown_name(int(b))}={int(t)}"
                                  for b, t in zip(group["breakdown"], group["total"], strict=True))
                messages.append(f"total tidak sama antar tabel untuk {year}, wilayah {code}: "
                                f"{parts}")
        return messages

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file, "status": self.status, "sha256": self.sha256, "sheet": self.sheet,
            "provisional_from": self.provisional_from, "caveats": self.caveats,
            "english": self.english,
            "layout": self.layout, "series": self.series, "source": self.source,
            "licence": self.licence, "is_sample": self.is_sample, "batch_id": self.batch_id,
            "replaced": self.replaced, "rows_read": self.rows_read,
            "rows_stored": self.rows_stored, "rows_skipped": self.rows_skipped,
            "skipped": self.skipped, "period": self.period, "regions": self.regions,
            "totals": self.totals, "unknown_values": self.unknown_values, "notes": self.notes,
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
        }

    def format_text(self) -> str:
        lines = [f"== {self.file}: {STATUS_TEXT.get(self.status, self.status)}"]
        if self.layout:
            lines.append(f"   tata letak : {self.layout}")
        if self.series:
            lines.append(f"   seri       : {self.series}" + (" (DATA CONTOH)" if self.is_sample
                                                             else ""))
        if self.batch_id is not None:
            lines.append(f"   batch      : {self.batch_id}"
                         + (f" (menggantikan {', '.join(map(str, self.replaced))})"
                            if self.replaced else ""))
        if self.source:
            lines.append(f"   sumber     : {self.source}")
        lines.append(f"   baris      : dibaca {self.rows_read}, disimpan {self.rows_stored}, "
                     f"dilewati {self.rows_skipped}")
        for reason, count in self.skipped.items():
            lines.append(f"     - dilewati {count}: {reason}")
        if self.period:
            lines.append(f"   periode    : {self.period['tahun_awal']}–"
                         f"{self.period['tahun_akhir']} (s.d. bulan {self.period['s_d_bulan']})")
        if self.totals:
            lines.append("   total per wilayah:")
            for row in self.totals:
                status = f"  ({row['status']})" if "status" in row else ""  # interns
                lines.append(f"     {row['tahun']}  {row['kode_wilayah']} "
                             f"{row['nama']:<28} {row['jumlah']:>8}{status}")
        for note in self.notes:
            lines.append(f"   catatan    : {note}")
        for problem in self.warnings:
            lines.append(f"   PERINGATAN : {problem.format()}")
        for problem in self.errors:
            lines.append(f"   GALAT      : {problem.format()}")
        return "\n".join(lines)


def _coverage(frame: pd.DataFrame, series: str) -> pd.DataFrame:
    relation = frame.drop(columns=["_line"], errors="ignore").assign(series=series)
    return store_exports.coverage_of_frame(relation)


def region_totals(frame: pd.DataFrame, ref: Reference) -> list[dict[str, object]]:
    """Per year and regency, the total of the table the dashboard would use."""
    if frame.empty:
        return []
    picks = queries.pick_per_cell(_coverage(frame, ""), [])
    rows = []
    for row in picks.sort_values(["tahun", "kode_wilayah"]).itertuples(index=False):
        rows.append({"tahun": int(row.tahun), "kode_wilayah": row.kode_wilayah,
                     "nama": ref.regions.official_name(row.kode_wilayah),
                     "jumlah": int(row.total)})
    return rows
