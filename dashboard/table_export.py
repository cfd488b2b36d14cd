"""The data behind a chart as CSV and XLSX: a header block saying what, where and when, the
shown figures (small counts suppressed) and the formula guard on every text cell
(dashboard/exports.py explains the format)."""


from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.export_meta import LICENCE_URL, SAMPLE_FILL, ExportMeta, time_text
from dashboard.figure_frame import figure_text
from dashboard.i18n import keys, t
from domain.formula_guard import FORMULA_TRIGGERS, neutralise

if TYPE_CHECKING:
    pass



# --------------------------------------------------------------------------- tables

_INT_PATTERNS = {"id": re.compile(r"-?\d{1,3}(?:\.\d{3})+"),
                 "en": re.compile(r"-?\d{1,3}(?:,\d{3})+")}
_PLAIN_INT = re.compile(r"-?(?:0|[1-9]\d*)")


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _number(value: object) -> object:
    """Numpy and pandas scalars as Python numbers; missing as None."""
    if _missing(value):
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):
        value = value.item()  # type: ignore[union-attr]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _parse_shown(value: str, lang: str) -> int | None:
    """``"1.234"`` (id) / ``"1,234"`` (en) / ``"56"`` -> the integer; else None."""
    text = value.strip()
    if _PLAIN_INT.fullmatch(text):
        return int(text)
    if _INT_PATTERNS.get(lang, _INT_PATTERNS["id"]).fullmatch(text):
        return int(re.sub(r"[.,]", "", text))
    return None


def _shown_column(values: Sequence[object], lang: str, threshold: int) -> list[object]:
    """A displayed column: numbers back to numbers when the whole column is numbers (or the
    small-count mark), otherwise text as shown."""
    mark = f"<{threshold}"
    parsed: list[object] = []
    for value in values:
        if _missing(value) or value == "":
            parsed.append(None)
        elif not isinstance(value, str):
            parsed.append(_number(value))
        elif value == mark:
            parsed.append(mark)
        else:
            number = _parse_shown(value, lang)
            if number is None:
                return [None if _missing(v) else v for v in values]
            parsed.append(number)
    return parsed


def _name_column(column: str) -> str:
    return "nama_wilayah" if column == "kode_wilayah" else f"nama_{column}"


def _name(column: str, value: object, meta: ExportMeta) -> str:
    if _missing(value):
        key = "label.banten_not_broken_down" if column == "kode_wilayah" else \
            "label.not_reported"
        return t(key, meta.lang)
    return meta.labels.get(column, {}).get(str(value), str(value))


def table_rows(frame: pd.DataFrame, meta: ExportMeta) -> tuple[list[str], list[list[object]]]:
    """Column names and rows of a table export, values typed (int, str or None).

    A raw frame (store columns with ``jumlah`` and ``ditekan``, as the query layer returns it)
    keeps its codes, gains a name column after each labelled one (``nama_wilayah``,
    ``nama_negara_tujuan`` …) and shows suppressed counts as ``<5``. A displayed frame
    (``render.display_table``) is kept as shown, its numbers read back into numbers.
    """
    if "jumlah" not in frame.columns:
        headers = [str(c) for c in frame.columns]
        columns = [_shown_column(frame[c].tolist(), meta.lang, meta.threshold)
                   for c in frame.columns]
        return headers, [list(row) for row in zip(*columns, strict=True)] if columns else []
    suppressed = frame["ditekan"].to_numpy(dtype=bool) if "ditekan" in frame else \
        [False] * len(frame)
    headers: list[str] = []
    columns: list[list[object]] = []
    for column in (c for c in frame.columns if c != "ditekan"):
        values = frame[column].tolist()
        if column == "jumlah":
            columns.append([f"<{meta.threshold}" if s else _number(v)
                            for v, s in zip(values, suppressed, strict=True)])
        else:
            columns.append([_number(v) for v in values])
        headers.append(str(column))
        if column == "kode_wilayah" or column in meta.labels:
            headers.append(_name_column(str(column)))
            columns.append([_name(str(column), v, meta) for v in values])
    return headers, [list(row) for row in zip(*columns, strict=True)]


def header_block(meta: ExportMeta, headers: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(label, value) lines naming what the table is: title, source, series, period,
    filters, unit, small-count rule, licence, data date, download time, sample mark."""
    lang = meta.lang
    lines: list[tuple[str, str]] = []
    if meta.is_sample:
        lines.append((t("chart.sample_mark", lang), t("badge.sample", lang)))
    lines += [
        (t("export.field.dashboard", lang), t("app.title", lang)),
        (t("export.field.title", lang), meta.title),
        (t("export.field.counted", lang), meta.subtitle),
        (t("export.field.source", lang), meta.source),
    ]
    if meta.sources and tuple(meta.sources) != (meta.source,):
        lines.append((t("export.field.citations", lang), "; ".join(meta.sources)))
    if meta.coverage:
        lines.append((t("export.field.coverage", lang), meta.coverage))
    lines += [
        (t("control.series", lang), meta.series),
        (t("export.field.period", lang), meta.period),
        (t("filter.regions", lang), meta.regions or t("label.all_banten", lang)),
        *(meta.filters if meta.filters is not None else (
            (t("filter.skema", lang), meta.scheme or meta.all_text()),
            (t("filter.sektor", lang), meta.sector or meta.all_text()),
            (t("filter.gender", lang), meta.gender or meta.all_text()))),
        (t("export.field.unit", lang), meta.unit or t("export.unit", lang)),
        (t("export.field.small_counts", lang),
         t("export.small_counts", lang, threshold=meta.threshold)),
        (t("export.field.licence", lang),
         t("export.licence_terms", lang, licence=meta.licence, url=LICENCE_URL)),
        (t("export.field.data_until", lang), meta.data_until or "–"),
        (t("export.field.downloaded", lang), time_text(meta.stamp(), lang)),
    ]
    if meta.permalink:
        lines.append((t("export.field.link", lang), meta.permalink))
    described = [(h, t(f"dictionary.{h}", lang)) for h in headers
                 if f"dictionary.{h}" in _dictionary_keys()]
    described += [(h, t("export.name_column", lang, column=h[len("nama_"):]))
                  for h in headers if h.startswith("nama_")]
    lines += [(t("export.field.column", lang, column=h), text) for h, text in described]
    return [(label, value) for label, value in lines if value]


def _dictionary_keys() -> set[str]:
    return {k for k in keys() if k.startswith("dictionary.")}


def _csv_comment(label: str, value: str) -> str:
    """One ``# label: value`` line, safe when a spreadsheet splits it at its commas."""
    text = " ".join(f"# {label}: {value}".split())
    segments = text.split(",")
    return ",".join([segments[0], *(_guard_segment(s) for s in segments[1:])])


def _guard_segment(segment: str) -> str:
    stripped = segment.lstrip(" ")
    if stripped.startswith(FORMULA_TRIGGERS) or stripped.startswith('"'):
        return segment[:len(segment) - len(stripped)] + "'" + stripped
    return segment


def table_csv(frame: pd.DataFrame, meta: ExportMeta) -> bytes:
    """The data behind a chart as CSV (comma, UTF-8 with BOM, CRLF), after ``#`` header lines.

    Read it back with ``pandas.read_csv(f, comment="#")``.
    """
    headers, rows = table_rows(frame, meta)
    out = io.StringIO()
    for label, value in header_block(meta, headers):
        out.write(_csv_comment(label, value) + "\r\n")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def table_xlsx(frame: pd.DataFrame, meta: ExportMeta) -> bytes:
    """The data behind a chart as XLSX: a data sheet (a few header rows, then the table;
    numbers as numbers) and a "Keterangan"/"About" sheet with the full header block."""
    headers, rows = table_rows(frame, meta)
    text = figure_text({"layout": {}}, meta)  # subtitle and source line as on the images
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(t("export.sheet.data", meta.lang))
    top = [(meta.title, Font(bold=True, size=14)),
           (text.subtitle, Font(color="505A5F")),
           (text.footer, Font(color="505A5F", size=9))]
    if meta.is_sample:
        top.insert(0, (t("chart.sample_mark", meta.lang), Font(bold=True)))
    for row_number, (value, font) in enumerate(top, start=1):
        cell = sheet.cell(row=row_number, column=1)
        _write(cell, value)
        cell.font = font
        if value == t("chart.sample_mark", meta.lang):
            cell.fill = PatternFill("solid", fgColor=SAMPLE_FILL)
    first = len(top) + 2
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=first, column=column)
        _write(cell, header)
        cell.font = Font(bold=True)
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=first + offset, column=column)
            _write(cell, value)
            if isinstance(value, str) and value.startswith("<"):
                cell.alignment = Alignment(horizontal="right")
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    for column, header in enumerate(headers, start=1):
        longest = max([len(str(header))] + [len(str(r[column - 1])) for r in rows[:500]])
        sheet.column_dimensions[get_column_letter(column)].width = min(60, longest + 2)
    about = book.create_sheet(_sheet_title(t("export.sheet.about", meta.lang)))
    for row_number, (label, value) in enumerate(header_block(meta, headers), start=1):
        _write(about.cell(row=row_number, column=1), label).font = Font(bold=True)
        _write(about.cell(row=row_number, column=2), value).alignment = \
            Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 100
    book.properties.title = meta.title
    book.properties.creator = t("app.title", meta.lang)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Data"


def _write(cell: Any, value: object) -> Any:
    """Numbers as numbers; text neutralised and always stored as text (never a formula)."""
    value = neutralise(_number(value))
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
