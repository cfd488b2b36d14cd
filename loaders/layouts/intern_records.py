"""Record-level lists of interns abroad (pemagangan): one row per participant, counted on load.

An office's or an LPK/SO's list of participants::

    NO, NIK, NAMA PESERTA, NO PASPOR, NO HP, ALAMAT, JK, KAB/KOTA ASAL, PENYELENGGARA (LPK/SO),
    NEGARA TUJUAN, BIDANG, TERCATAT SISKOP2MI, TANGGAL BERANGKAT, [TANGGAL KEMBALI],
    [TANGGAL PENGADUAN], …

Each participant counts once as departed (*Diberangkatkan*) in the month of the departure
date; with a return date (``TANGGAL KEMBALI``, ``TGL PULANG`` …) once more as returned
(*Purna*) in that month, and with a complaint date (``TANGGAL PENGADUAN`` …) as a problem case
(*Bermasalah*) in that month — events with their own dates, never a current ``STATUS`` text
(which is not read). The common checks add them up per month × regency × status × organiser ×
destination × field × sex × protection status. A blank cell means "not reported for that
participant".

**Personal data never gets through**, exactly as for placement records
(loaders/layouts/records.py, whose rules and helpers this module uses): columns whose header
names personal data are never read, and a kept cell that looks like an identifier refuses its
row without being quoted.

The layout is told from placement records by an intern column (organiser, protection status,
an intern field, any header with ``MAGANG``) or a title line that names interns (``MAGANG``,
``PEMAGANGAN``); it scores above placement records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from domain.interns import DEPARTED, KIND, PROBLEM, RETURNED
from domain.problems import LoadError, Problem, ProblemList
from loaders.layouts import record_headers, records
from loaders.layouts.base import EMPTY_UNREPORTED, RawFacts, ReadOptions, header_key
from loaders.source import SourceFile

name = "magang_records"
description = "Daftar peserta magang per orang (dinas/LPK/SO), dijumlahkan saat dimuat"
kind = KIND

#: Above placement records (9): their headers look alike, the intern columns decide.
SCORE = 10
HEADER_SEARCH_ROWS = records.HEADER_SEARCH_ROWS
DATE = record_headers.DATE
RETURN_DATE = "tanggal_kembali"
PROBLEM_DATE = "tanggal_pengaduan"
ROLE_HEADERS: dict[str, frozenset[str]] = {
    "penyelenggara": frozenset({"penyelenggara", "penyelenggara_magang", "lpk", "so", "lpk_so",
                                "so_lpk", "nama_lpk", "nama_so", "nama_lpk_so", "lembaga_pengirim",
                                "program", "program_magang", "jalur", "jalur_magang"}),
    "bidang": frozenset({"bidang", "bidang_magang", "bidang_pekerjaan", "bidang_kerja",
                         "jenis_pekerjaan", "pekerjaan", "jabatan", "sektor_magang"}),
    "pelindungan": frozenset({"pelindungan", "status_pelindungan", "tercatat_siskop2mi",
                              "terdaftar_siskop2mi", "siskop2mi", "tercatat",
                              "tercatat_sistem_pelindungan", "sistem_pelindungan"}),
    "negara_tujuan": record_headers.ROLE_HEADERS["negara_tujuan"],
    "jenis_kelamin": record_headers.ROLE_HEADERS["jenis_kelamin"],
    "tahun": record_headers.ROLE_HEADERS["tahun"],
    "bulan": record_headers.ROLE_HEADERS["bulan"],
}
#: Columns that make a record list one of interns.
INTERN_ROLES = frozenset({"penyelenggara", "pelindungan"})
RETURN_HEADER = re.compile(r"(tanggal|tgl)_?(kembali|pulang|kepulangan|purna|selesai)"
                           r"(_magang)?|return_date")
PROBLEM_HEADER = re.compile(r"(tanggal|tgl)_?(pengaduan|aduan|kasus|masalah|lapor|laporan)"
                            r"(_masalah)?")
#: Read by nobody, without a warning (``STATUS`` is a state, not a dated event: a note says so).
IGNORED_HEADERS = record_headers.IGNORED_HEADERS - {"status"} | {"angkatan", "batch", "gelombang"}
ROLE_TEXT = {**record_headers.ROLE_TEXT, "penyelenggara": "penyelenggara", "bidang": "bidang",
             "pelindungan": "status pelindungan", RETURN_DATE: "tanggal kembali",
             PROBLEM_DATE: "tanggal pengaduan"}
_EVENTS = ((DATE, DEPARTED), (RETURN_DATE, RETURNED), (PROBLEM_DATE, PROBLEM))


def role_of(key: str) -> str | None:
    if record_headers.DATE_HEADER.fullmatch(key):
        return DATE
    if RETURN_HEADER.fullmatch(key):
        return RETURN_DATE
    if PROBLEM_HEADER.fullmatch(key):
        return PROBLEM_DATE
    for role, keys in ROLE_HEADERS.items():
        if key in keys:
            return role
    return record_headers.region_role(key)


@dataclass
class Header:
    line: int
    cells: list[str]
    roles: dict[str, list[int]] = field(default_factory=dict)
    personal: list[int] = field(default_factory=list)
    identifying: bool = False
    has_count: bool = False
    status: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    names_interns: bool = False

    @property
    def has_region(self) -> bool:
        return bool(self.roles.get("kode_wilayah") or self.roles.get("nama_wilayah"))

    @property
    def is_interns(self) -> bool:
        return (self.has_region and not self.has_count
                and (DATE in self.roles or self.identifying)
                and (self.names_interns or bool(INTERN_ROLES & self.roles.keys())))


def parse_header(line: int, cells: list[str], title_names_interns: bool = False) -> Header:
    header = Header(line, cells, names_interns=title_names_interns)
    for position, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        if "magang" in key:
            header.names_interns = True
        role = role_of(key)
        if key.startswith("jumlah"):
            header.has_count = True
        elif role is not None:
            header.roles.setdefault(role, []).append(position)
        elif key in {"status", "status_peserta", "status_magang", "keterangan_status"}:
            header.status.append(position)
        elif key in IGNORED_HEADERS:
            continue
        elif (personal := record_headers.personal_kind(key)) is not None:
            header.personal.append(position)
            header.identifying |= personal[1]
        else:
            header.unknown.append(position)
    return header


_TITLE = re.compile(r"\b(pe)?magang(an)?\b", re.IGNORECASE)


def find_header(src: SourceFile) -> Header | None:
    """The first preview row that is the header of an intern list (a title naming interns may
    stand above it), or None."""
    titled = False
    for line, cells in src.preview[:HEADER_SEARCH_ROWS]:
        if not any(cells):
            continue
        header = parse_header(line, cells, titled)
        if header.is_interns:
            return header
        titled |= any(_TITLE.search(c) for c in cells if c)
    return None


def detect(src: SourceFile) -> int:
    return SCORE if find_header(src) is not None else 0


@dataclass
class _Column:
    role: str
    position: int
    header: str


class _RowChecks(records._RowChecks):
    """The placement records' row checks (dates, identifiers), with the intern columns'
    words in the hint of a refused identifier."""

    def identifiers(self, cells: records._Cells, lines: np.ndarray,
                    column: records._Column) -> np.ndarray:
        refused = cells.per_row([self._looks(value) for value in cells.values])
        for line in lines[refused]:
            self.problems.error(
                "isi sel tampak seperti data pribadi (NIK, nomor paspor, telepon atau e-mail); "
                "isinya tidak ditampilkan",
                f"kolom ini hanya untuk {ROLE_TEXT[column.role]}; hapus data pribadi dari kolom "
                "itu lalu muat ulang",
                line=int(line), column=column.header, kind="data-pribadi")
        return refused


def _kept_columns(header: Header, problems: ProblemList) -> list[_Column]:
    kept: list[_Column] = []
    for role, positions in header.roles.items():
        first, *others = positions
        kept.append(_Column(role, first, header.cells[first]))
        for position in others:
            problems.warn(f"kolom '{header.cells[position]}' diabaikan: "
                          f"{ROLE_TEXT[role]} sudah diambil dari kolom '{header.cells[first]}'",
                          "hapus salah satu kolom bila isinya berbeda", line=header.line,
                          column=header.cells[position])
    if DATE in header.roles:
        kept = [c for c in kept if c.role not in ("tahun", "bulan")]
    if not header.roles.get("kode_wilayah"):
        kept = [_Column("kode_wilayah", c.position, c.header) if c.role == "nama_wilayah" else c
                for c in kept]
    return kept


def read(src: SourceFile, options: ReadOptions, problems: ProblemList) -> RawFacts:
    header = find_header(src)
    if header is None:
        raise LoadError([Problem(src.name, "judul kolom daftar peserta magang tidak ditemukan",
                                 "baris judul harus memuat kolom kabupaten/kota, tanggal "
                                 "berangkat dan penyelenggara")])
    kept = _kept_columns(header, problems)
    roles = {c.role for c in kept}
    if DATE not in roles and "tahun" not in roles:
        raise LoadError([Problem(
            src.name, "tidak ada kolom tanggal berangkat",
            "tambahkan kolom TANGGAL BERANGKAT (mis. 15/03/2024), atau kolom TAHUN dan BULAN",
            line=header.line)])
    for position in header.unknown:
        problems.warn(f"kolom '{header.cells[position]}' tidak dikenal dan tidak dibaca",
                      "lihat docs/data-format.md untuk kolom yang diterima",
                      line=header.line, column=header.cells[position])
    names = {c.role: c.header for c in kept if c.role not in (DATE, RETURN_DATE, PROBLEM_DATE)}
    date = next((c for c in kept if c.role == DATE), None)
    if date is not None:
        names["tahun"] = names["bulan"] = date.header
    names.setdefault("nama_wilayah", names.get("kode_wilayah", "nama_wilayah"))
    names["status"] = "status"
    facts = RawFacts(frames=[], columns=names, empty_means=EMPTY_UNREPORTED, aggregate=True)
    if header.personal:
        facts.notes.append("kolom data pribadi tidak dibaca dan tidak disimpan: "
                           + ", ".join(header.cells[p] for p in header.personal))
    if header.status:
        facts.notes.append(
            f"kolom '{header.cells[header.status[0]]}' tidak dibaca: peserta dihitung berangkat "
            "menurut tanggal berangkat, kembali menurut tanggal kembali dan bermasalah menurut "
            "tanggal pengaduan (kolom tanggal itu bila ada)")
    checks = _RowChecks(problems, dt.date.today())
    facts.frames = _frames(src, header, kept, checks, facts.skipped)
    return facts


def _source_chunks(src: SourceFile, header: Header, positions: list[int]
                   ) -> Iterator[pd.DataFrame]:
    yield from records._source_chunks(src, header, positions)  # type: ignore[arg-type]


def _frames(src: SourceFile, header: Header, kept: list[_Column], checks: _RowChecks,
            skipped: Counter[str]) -> Iterator[pd.DataFrame]:
    positions = sorted({c.position for c in kept})
    for chunk in _source_chunks(src, header, positions):
        yield from _facts(chunk, kept, checks, skipped)


def _facts(chunk: pd.DataFrame, kept: list[_Column], checks: _RowChecks,
           skipped: Counter[str]) -> Iterator[pd.DataFrame]:
    """Raw facts of one chunk: a departure per participant, and a return and a problem case
    for those with such a date (``jumlah`` 1 each)."""
    lines = chunk["_line"].to_numpy()
    cells = {c.role: records._Cells(chunk[c.position]) for c in kept}
    blank = np.logical_and.reduce([c.empty() for c in cells.values()])
    refused = np.zeros(len(chunk), dtype=bool)
    for column in kept:
        if column.role not in (DATE, RETURN_DATE, PROBLEM_DATE):
            refused |= checks.identifiers(cells[column.role], lines, column)  # type: ignore[arg-type]
    dates: dict[str, tuple[object, object, np.ndarray]] = {}
    for role, _ in _EVENTS:
        column = next((c for c in kept if c.role == role), None)
        if column is None:
            continue
        values = cells.pop(role)
        empty = values.empty() if role != DATE else np.zeros(len(chunk), dtype=bool)
        years, months, bad = checks.dates(values, lines, column,  # type: ignore[arg-type]
                                          blank | refused | empty)
        refused |= bad & ~empty
        dates[role] = (years, months, ~empty)
    common = {role: c.text() for role, c in cells.items()}
    keep = ~blank & ~refused
    _count(skipped, "baris kosong", blank)
    _count(skipped, records.REFUSED_ROWS, refused & ~blank)
    for role, status in _EVENTS:
        if role == DATE and role not in dates:  # TAHUN and BULAN columns give the departure
            rows = keep
            columns: dict[str, object] = {"_line": lines, **common}
        elif role in dates:
            years, months, present = dates[role]
            rows = keep & present
            columns = {"_line": lines, **{k: v for k, v in common.items()
                                          if k not in ("tahun", "bulan")},
                       "tahun": years, "bulan": months}
        else:
            continue
        if not rows.any():
            continue
        columns["status"] = records._categorical([status], np.zeros(len(chunk), dtype="int64"))
        columns["jumlah"] = records._categorical(["1"], np.zeros(len(chunk), dtype="int64"))
        out = pd.DataFrame(columns, index=chunk.index)
        yield out if rows.all() else out[rows]


def _count(skipped: Counter[str], reason: str, rows: np.ndarray) -> None:
    count = int(rows.sum())
    if count:
        skipped[reason] += count
