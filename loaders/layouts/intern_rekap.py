"""Recap sheets of interns abroad (pemagangan): a recap (loaders/layouts/rekap.py) whose title
names interns — one row per kabupaten/kota, one column per month (or year, or sex), JUMLAH
column and row — read by the recap rules unchanged and counted as intern figures.

```
REKAPITULASI PESERTA PEMAGANGAN LUAR NEGERI YANG DIBERANGKATKAN
MENURUT KABUPATEN/KOTA, TAHUN 2024
NO;KABUPATEN/KOTA;JAN;FEB;…;DES;JUMLAH
```

What the figures count comes from the title: interns who came back (``PURNA``, ``KEMBALI``,
``KEPULANGAN``) or with a problem (``BERMASALAH``, ``PENGADUAN``, ``KASUS``); otherwise those
who departed (``BERANGKAT``, ``DIBERANGKATKAN``, or nothing said: a note says so). A title naming
two refuses the file. Value columns may be months, years or sex; a recap by scheme or sector
is a placement table and is refused (a recap by organiser or field is read as
``magang_kanonik`` rows instead: docs/data-format.md §5.9).
"""

from __future__ import annotations

import re
from dataclasses import replace

from domain.interns import DEPARTED, KIND, PROBLEM, RETURNED
from domain.problems import LoadError, Problem, ProblemList
from loaders.layouts import rekap
from loaders.layouts.base import RawFacts, ReadOptions
from loaders.source import SourceFile

name = "magang_rekap"
description = "Rekap peserta magang kabupaten/kota × bulan (tabel Excel)"
kind = KIND

#: Above the placements' recap (8): a recap whose title names interns is an intern recap.
SCORE = 9
#: The dimensions an intern recap's value columns may have.
ALLOWED = frozenset({"bulan", "tahun", "jenis_kelamin"})
_INTERNS = re.compile(r"\b(pe)?magang(an)?\b", re.IGNORECASE)
STATUS_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (RETURNED, re.compile(r"\b(purna|kembali|kepulangan|pulang)\b", re.IGNORECASE)),
    (PROBLEM, re.compile(r"\b(bermasalah|pengaduan|kasus|mengadu)\b", re.IGNORECASE)),
    (DEPARTED, re.compile(r"\b(berangkat|diberangkatkan|keberangkatan|pemberangkatan)\b",
                          re.IGNORECASE)),
)


def _titles(titles: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Title lines without the source line (a source may name anything)."""
    return [(line, text) for line, text in titles
            if not text.strip().lower().startswith(("sumber", "source"))]


def detect(src: SourceFile) -> int:
    table = rekap.find_table(src.preview)
    if table is None:
        return 0
    return SCORE if any(_INTERNS.search(text) for _, text in _titles(table.titles)) else 0


def _status(table: rekap.Table, problems: ProblemList) -> str | None:
    found = {status: line for line, text in _titles(table.titles)
             for status, pattern in STATUS_WORDS if pattern.search(text)}
    if len(found) > 1:
        problems.error(f"judul menyebut lebih dari satu status: {', '.join(found)}",
                       "satu tabel rekap hanya untuk satu status: peserta berangkat, kembali "
                       "(purna) atau bermasalah; pisahkan tabelnya",
                       line=min(found.values()))
        return None
    return next(iter(found), None)


def read(src: SourceFile, options: ReadOptions, problems: ProblemList) -> RawFacts:
    table = rekap.find_table(src.preview)
    if table is None:
        raise LoadError([Problem(src.name, "judul kolom tabel rekap pemagangan tidak ditemukan",
                                 "baris judul kolom harus memuat KABUPATEN/KOTA dan kolom bulan")])
    for column in table.of_kind("value"):
        other = sorted(set(column.dims) - ALLOWED)
        if other:
            problems.error(
                f"kolom '{column.title}' merinci {other[0].replace('_', ' ')}, bukan rincian "
                "pemagangan", "rekap pemagangan memuat kolom bulan, tahun atau jenis kelamin; "
                "tabel menurut skema atau sektor adalah tabel penempatan",
                line=table.last_header_line, column=column.title)
    status = _status(table, problems)
    problems.raise_if_errors()
    raw = rekap.read(src, options, problems)
    notes = list(raw.notes)
    if status is None:
        status = DEPARTED
        notes.append(f"judul tidak menyebut status; angka dibaca sebagai peserta '{DEPARTED}' "
                     "(berangkat) — tulis 'DIBERANGKATKAN', 'PURNA' atau 'BERMASALAH' di judul")
    else:
        notes.append(f"status dari judul: {status}")
    frames = [frame.assign(status=status) for frame in raw.frames]
    return replace(raw, frames=frames, columns={**raw.columns, "status": "judul tabel"},
                   notes=notes)
