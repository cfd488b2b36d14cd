"""Recap sheets (*rekap*) as officials type them in Excel: one row per kabupaten/kota, one
column per month, scheme, sector or sex, a JUMLAH column and a JUMLAH row.

```
REKAPITULASI PENEMPATAN PMI ASAL PROVINSI BANTEN
TAHUN 2024
Sumber: BP3MI Banten
NO;KABUPATEN/KOTA;JAN;FEB;…;DES;JUMLAH
1;Kab. Pandeglang;60;55;…;794
;JUMLAH;…;3.567
```

Reading rules (docs/data-format.md, "rekap — recap sheets"):

- the header is the first row with a regency column (``KABUPATEN/KOTA``, ``KAB/KOTA``,
  ``WILAYAH``, ``DAERAH ASAL`` …) and at least two value columns, on that row or on the row
  below it (a group label such as a merged ``BULAN`` or ``SKEMA`` over the value labels);
- a value column is a month (``JAN``, ``Januari``, ``Jan-24``, ``Jan 2024``, a spreadsheet date,
  ``01``…``12`` under ``BULAN``), a year (``2024``), or a scheme, sector or sex known to the
  reference vocabularies; labels on two header rows combine (months over ``L``/``P``);
- ``NO`` is ignored; ``JUMLAH``/``TOTAL`` columns and rows are checked, never stored: a row
  whose cells do not add up to its JUMLAH, or a column whose regency rows do not add up to the
  JUMLAH row, gives a warning naming both numbers;
- numbers: ``1.234`` and ``12.345`` are thousands; ``12,0`` is 12 and ``12,5`` is left for the
  common checks to refuse; an empty cell, ``-`` or ``–`` is 0; in a comma-delimited file a
  (quoted) ``1,234`` — groups of exactly three digits after each comma — is 1234;
- the year comes from a ``TAHUN`` column or year-bearing column labels, else from ``--tahun``,
  else from the title lines (``TAHUN 2024``, ``Periode Januari – Desember 2024``); ``--tahun``
  wins over the title with a warning;
- blank rows, notes and signature blocks below the table, and rows without any figure whose
  name is not a region, are skipped and counted.

Modules: this one is the layout's entry point (``detect``, ``read``: the year and period of
the table, the checks of its header as a whole); loaders/layouts/rekap_header.py reads the
header and the title lines, loaders/layouts/rekap_rows.py the rows below the header.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from domain.problems import LoadError, Problem, ProblemList
from loaders.layouts.base import RawFacts, ReadOptions
from loaders.layouts.rekap_header import (
    DIMENSIONS,
    MIN_VALUE_COLUMNS,
    VOCABULARY_DIMENSIONS,
    Column,
    Label,
    Table,
    classify,
    find_table,
    header_columns,
    is_region_header,
    is_total_label,
    month_label,
    month_names,
    source_note,
    title_period,
    title_text,
    title_years,
)
from loaders.layouts.rekap_rows import (
    RowReader,
    count_text,
    count_value,
    is_blank_count,
    span,
    without_footnote,
)
from loaders.limits import MAX_REKAP_ROWS, thousands
from loaders.source import SourceFile, TextFile

__all__ = [
    "DIMENSIONS", "MIN_VALUE_COLUMNS", "SCORE", "VOCABULARY_DIMENSIONS", "Column", "Label",
    "Table", "classify", "count_text", "count_value", "description", "detect", "find_table",
    "header_columns", "is_blank_count", "is_region_header", "is_total_label", "month_label",
    "month_names", "name", "read", "source_note", "title_period", "title_text", "title_years",
    "today_date", "without_footnote",
]

name = "rekap"
description = "Rekap kabupaten/kota × bulan, skema, sektor atau jenis kelamin (tabel Excel)"

#: Below kanonik and portal (10): they keep winning on their own files.
SCORE = 8
#: The title-line reader under its former name (tests/test_hardening_loaders.py).
_title_text = title_text


def today_date() -> dt.date:
    """Today (a function, so that tests can fix the date)."""
    return dt.date.today()


def detect(src: SourceFile) -> int:
    return SCORE if find_table(src.preview) else 0


def read(src: SourceFile, options: ReadOptions, problems: ProblemList) -> RawFacts:
    table = find_table(src.preview)
    if table is None:  # read is only called after detect; stay safe anyway
        problems.error("judul kolom tabel rekap tidak ditemukan",
                       "baris judul kolom harus memuat KABUPATEN/KOTA dan kolom bulan, skema, "
                       "sektor atau jenis kelamin", line=src.preview[src.header_index()][0])
        raise LoadError(problems.items)
    _check_header(table, problems)
    file_year = _file_year(table, options, problems)
    period = _period(table, problems)
    problems.raise_if_errors()
    comma = isinstance(src, TextFile) and src.delimiter == ","
    reader = RowReader(table, problems, file_year, period, options, comma, today_date())
    for count, (line, cells) in enumerate(_rows(src, table), start=1):
        if count > MAX_REKAP_ROWS:
            raise LoadError([Problem(
                src.name, f"tabel rekap ini lebih dari {thousands(MAX_REKAP_ROWS)} baris",
                "rekap berisi satu baris per kabupaten/kota; muat data per baris dengan tata "
                "letak kanonik, atau pecah berkasnya (lihat docs/data-format.md, \"Limits\")",
                line=line)])
        reader.read(line, cells)
    frame, notes = reader.finish()
    source = source_note(table.titles)
    if source:
        notes.insert(0, f"sumber dari judul: {source}")
    return RawFacts(frames=[frame], columns=_column_names(table, options, file_year),
                    skipped=reader.skipped, notes=notes)


def _rows(src: SourceFile, table: Table) -> Iterable[tuple[int, list[str]]]:
    for frame in src.frames(table.header_line, table.width):
        frame = frame[frame["_line"] > table.last_header_line]
        for values in frame.itertuples(index=False, name=None):
            line, *cells = values
            yield int(line), [str(c).strip() for c in cells]


# --- the table as a whole: header checks, year, period --------------------------------------


def _check_header(table: Table, problems: ProblemList) -> None:
    line = table.header_line
    for column in table.of_kind("unknown"):
        problems.warn(f"kolom '{column.title}' tidak dikenal dan diabaikan",
                      "kolom angka yang diterima: bulan, tahun, skema, sektor, jenis kelamin, "
                      "JUMLAH/TOTAL", line=line, column=column.title)
    for kind in ("region", "code", "year"):
        for column in table.of_kind(kind)[1:]:
            problems.warn(f"kolom '{column.title}' muncul lagi dan diabaikan",
                          "hapus kolom yang berulang", line=line, column=column.title)
            column.kind = "ignored"
    seen: dict[tuple[tuple[str, str], ...], Column] = {}
    for column in table.of_kind("value"):
        key = tuple(sorted(column.dims.items()))
        if key in seen:
            problems.error(f"kolom '{column.title}' dan '{seen[key].title}' berisi angka yang "
                           "sama (judul kolomnya bermakna sama)", "hapus salah satu kolom",
                           line=table.last_header_line, column=column.title)
        seen.setdefault(key, column)


def _file_year(table: Table, options: ReadOptions, problems: ProblemList) -> int | None:
    """The year of columns that do not carry one; None when every figure has its own."""
    values = table.of_kind("value")
    labelled = sorted({int(c.dims["tahun"]) for c in values if "tahun" in c.dims})
    titled = title_years(table.titles)
    needed = table.first("year") is None and any("tahun" not in c.dims for c in values)
    if not needed:
        if labelled and titled and not set(titled) & set(labelled):
            problems.warn(f"judul menyebut tahun {_years(titled)}, judul kolom tahun "
                          f"{_years(labelled)}; yang dipakai tahun pada judul kolom",
                          "periksa judul tabel", line=min(titled.values()))
        if options.tahun is not None and labelled and set(labelled) != {options.tahun}:
            problems.warn(f"--tahun {options.tahun} tidak dipakai: tahun diambil dari judul "
                          f"kolom ({_years(labelled)})", "hapus --tahun",
                          line=table.last_header_line)
        return None
    if options.tahun is not None:
        if titled and options.tahun not in titled:
            problems.warn(f"judul menyebut tahun {_years(titled)}, tetapi --tahun "
                          f"{options.tahun} yang dipakai",
                          "pastikan --tahun benar, atau perbaiki judul tabel",
                          line=min(titled.values()))
        return options.tahun
    if len(titled) == 1:
        return next(iter(titled))
    if titled:
        problems.error(f"judul menyebut lebih dari satu tahun: {_years(titled)}",
                       "sebutkan tahun data dengan --tahun, mis. --tahun "
                       f"{max(titled)}", line=min(titled.values()))
    else:
        problems.error("tahun data tidak ditemukan: tidak ada kolom TAHUN, dan judul tabel "
                       "tidak menyebut tahun",
                       "tambahkan --tahun, mis. --tahun 2024, atau tulis 'TAHUN 2024' di baris "
                       "judul", line=table.header_line)
    return None


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


def _period(table: Table, problems: ProblemList) -> tuple[str, str]:
    """(bulan, s_d_bulan) for value columns without a month, from the title."""
    if all("bulan" in c.dims for c in table.of_kind("value")):
        return "", ""
    period = title_period(table.titles)
    if period is None:
        return "", ""
    first, last, line = period
    if first == last:
        return str(first), ""
    if first != 1 or last < first:
        problems.error(f"judul menyebut periode bulan {first}–{last}; tabel tanpa kolom bulan "
                       "hanya bisa dimuat untuk satu bulan atau untuk Januari s.d. bulan "
                       "tertentu", "muat tabel per bulan, atau tabel Januari s.d. bulan "
                       "terakhir", line=line)
        return "", ""
    return "", str(last)


def _column_names(table: Table, options: ReadOptions, file_year: int | None) -> dict[str, str]:
    """Names the common checks use in their messages."""
    values = table.of_kind("value")
    names = {"jumlah": span(values).replace("'", ""), "bulan": "judul kolom bulan"}
    region, code, year = table.first("region"), table.first("code"), table.first("year")
    if region is not None:
        names["nama_wilayah"] = region.title
    if code is not None:
        names["kode_wilayah"] = code.title
    if year is not None:
        names["tahun"] = year.title
    elif file_year is not None:
        names["tahun"] = "--tahun" if options.tahun == file_year else "tahun di judul"
    for dimension in VOCABULARY_DIMENSIONS:
        names[dimension] = f"judul kolom {dimension.replace('_', ' ')}"
    return names

