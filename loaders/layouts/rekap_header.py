"""The header of a recap sheet (*rekap*, loaders/layouts/rekap.py): what each header cell
means (a regency, a month, a scheme …), the columns of a one- or two-row header, where the
table starts, and what its title lines say (year, period, source).

Nothing here reads the rows below the header: loaders/layouts/rekap_rows.py does that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from domain.reference import norm_key, reference
from loaders.column_values import MONTH_NAMES
from loaders.layouts.base import header_key

MIN_VALUE_COLUMNS = 2
#: Extra columns read beyond the widest preview row (a signature far to the right).
WIDTH_MARGIN = 16
#: Dimensions a value column can carry, in output order (``tahun`` comes from a year label).
DIMENSIONS: tuple[str, ...] = ("tahun", "bulan", "skema", "sektor", "jenis_kelamin")
VOCABULARY_DIMENSIONS: tuple[str, ...] = ("skema", "sektor", "jenis_kelamin")

NO_KEYS = frozenset({"no", "no_urut", "nomor", "nomor_urut", "nmr", "urut"})
YEAR_KEYS = frozenset({"tahun", "thn", "th", "tahun_penempatan"})
CODE_KEYS = frozenset({"kode", "kode_wilayah", "kode_kab_kota", "kode_kabupaten_kota",
                       "kode_kabupaten", "kode_bps", "kode_wil", "kd_wil", "kode_daerah"})
REGION_KEYS = frozenset({"kabupaten_kota", "kab_kota", "kota_kabupaten", "kota_kab", "kabkota",
                         "kab_kot", "kabupaten_dan_kota", "kab_dan_kota", "kabupaten", "kab",
                         "kota", "wilayah", "daerah", "asal_daerah", "daerah_asal",
                         "kabupaten_kotamadya", "kab_kodya"})
#: Words around a regency header that do not change its meaning (``Nama Kab/Kota Asal PMI``).
REGION_EXTRA_WORDS = frozenset({"nama", "asal", "pmi", "cpmi", "domisili"})
GROUP_KEYS: dict[str, str] = {
    "bulan": "bulan", "bulan_penempatan": "bulan", "periode": "bulan",
    "skema": "skema", "skema_penempatan": "skema", "jenis_skema": "skema",
    "sektor": "sektor", "sektor_penempatan": "sektor", "sektor_pekerjaan": "sektor",
    "jenis_kelamin": "jenis_kelamin", "gender": "jenis_kelamin", "jk": "jenis_kelamin",
}
TOTAL_LABEL = re.compile(r"(grand |sub ?)?(jumlah|jml|total)( [a-z0-9 ]{0,30})?|l p|lp")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
YEAR_LABEL = re.compile(r"(?:tahun_|thn_|th_)?((?:19|20)\d{2})")
ISO_MONTH = re.compile(r"((?:19|20)\d{2})-(\d{2})(?:-\d{2})?")
MONTH_WITH_YEAR = re.compile(r"([a-z]+)\.?[\s\-/'’]*((?:19|20)?\d{2})")
DIGITS = re.compile(r"[0-9]+")
#: Characters of a title line looked at for the year, period and source (a title is short; a
#: long one would make the year search slow).
TITLE_CHARS = 1_000


# --- header labels -----------------------------------------------------------------------


@cache
def month_names() -> dict[str, int]:
    """Month spellings -> number (the common checks' list, loaders/column_values.py)."""
    return dict(MONTH_NAMES)


@dataclass(frozen=True)
class Label:
    """What one header cell says."""

    kind: str  # empty | no | year | code | region | group | total | value | unknown
    dims: tuple[tuple[str, str], ...] = ()
    group: str = ""


def is_region_header(key: str) -> bool:
    """``kabupaten_kota``, ``nama_kab_kota_asal_pmi``, ``daerah_asal`` … (a header_key)."""
    words = [w for w in key.split("_") if w not in REGION_EXTRA_WORDS]
    return "_".join(words) in REGION_KEYS or key in REGION_KEYS


def is_total_label(text: str) -> bool:
    return bool(TOTAL_LABEL.fullmatch(norm_key(text)))


def month_label(text: str, numbered: bool = False) -> tuple[int, int | None] | None:
    """(month, year or None) of a month header: ``JAN``, ``Januari 2024``, ``Jan-24``,
    ``2024-01-01`` (a spreadsheet date), and ``01``…``12`` when ``numbered``."""
    value = text.strip().lower()
    names = month_names()
    found = ISO_MONTH.fullmatch(value)
    if found:
        month = int(found.group(2))
        return (month, int(found.group(1))) if 1 <= month <= 12 else None
    if value.rstrip(".") in names:
        return names[value.rstrip(".")], None
    found = MONTH_WITH_YEAR.fullmatch(value)
    if found and found.group(1) in names:
        year = int(found.group(2))
        return names[found.group(1)], year + 2000 if year < 100 else year
    if numbered and DIGITS.fullmatch(value) and len(value) <= 2 and 1 <= int(value) <= 12:
        return int(value), None
    return None


def classify(text: str, numbered_months: bool = False) -> Label:
    """The meaning of a header cell."""
    key = header_key(text)
    if not key:
        return Label("empty")
    if is_total_label(text):
        return Label("total")
    for keys, kind in ((NO_KEYS, "no"), (YEAR_KEYS, "year"), (CODE_KEYS, "code")):
        if key in keys:
            return Label(kind)
    if is_region_header(key):
        return Label("region")
    if key in GROUP_KEYS:
        return Label("group", group=GROUP_KEYS[key])
    year = YEAR_LABEL.fullmatch(key)
    if year:
        return Label("value", (("tahun", year.group(1)),))
    month = month_label(text, numbered_months)
    if month:
        dims = (("bulan", str(month[0])),)
        return Label("value", dims + ((("tahun", str(month[1])),) if month[1] else ()))
    vocab = reference().vocab
    for dimension in VOCABULARY_DIMENSIONS:
        if vocab[dimension].match(text).status == "ok":
            return Label("value", ((dimension, text.strip()),))
    return Label("unknown")


# --- the table's header --------------------------------------------------------------------


@dataclass
class Column:
    position: int
    kind: str  # value | total | region | code | year | no | unknown | ignored
    title: str
    dims: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    header_line: int
    last_header_line: int
    columns: list[Column]
    titles: list[tuple[int, str]]
    width: int

    def of_kind(self, kind: str) -> list[Column]:
        return [c for c in self.columns if c.kind == kind]

    def first(self, kind: str) -> Column | None:
        found = self.of_kind(kind)
        return found[0] if found else None


def _combine(position: int, upper: str, lower: str) -> Column:
    """One column from its header cell and, in a two-row header, the cell below it."""
    up = classify(upper)
    if not lower:
        kind = {"group": "ignored", "empty": "ignored"}.get(up.kind, up.kind)
        return Column(position, kind, upper, dict(up.dims))
    numbered = (up.kind == "group" and up.group == "bulan") or \
        (up.kind == "value" and [d for d, _ in up.dims] == ["tahun"])
    low = classify(lower, numbered)
    outer = dict(up.dims) if up.kind == "value" else {}
    title = f"{upper} {lower}" if outer else lower
    if low.kind in {"no", "year", "region", "code"}:
        return Column(position, low.kind, lower)
    if low.kind == "total":
        return Column(position, "total", title, outer)
    if low.kind == "value":
        kind = "total" if up.kind == "total" else "value"
        return Column(position, kind, title, outer | dict(low.dims))
    return Column(position, "ignored" if low.kind in {"empty", "group"} else "unknown", lower)


def _fill_groups(upper: Sequence[str], lower: Sequence[str], width: int) -> list[str]:
    """Spread a group label (a merged ``BULAN`` exported to CSV as one cell) to the right over
    the empty cells that have a label below them."""
    filled = [*upper, *[""] * (width - len(upper))]
    for position in range(1, width):
        below = lower[position] if position < len(lower) else ""
        if not filled[position] and below and \
                classify(filled[position - 1]).kind in {"group", "value", "total", "unknown"}:
            filled[position] = filled[position - 1]
    return filled


def header_columns(upper: Sequence[str], lower: Sequence[str] | None) -> list[Column]:
    width = max(len(upper), len(lower or ()))
    if lower is None:
        columns = [_combine(p, upper[p] if p < len(upper) else "", "") for p in range(width)]
    else:
        uppers = _fill_groups(upper, lower, width)
        columns = [_combine(p, uppers[p], lower[p] if p < len(lower) else "")
                   for p in range(width)]
    if not any(c.kind == "value" for c in columns):
        # "JUMLAH PENEMPATAN" merged over the months is a caption, not a total
        for column in columns:
            if column.kind == "total" and column.dims:
                column.kind = "value"
    return columns


def _is_sub_header(upper: Sequence[str], lower: Sequence[str]) -> bool:
    """Whether ``lower`` holds the value labels of a two-row header."""
    region = next(p for p, c in enumerate(upper) if is_region_header(header_key(c)))
    below = lower[region] if region < len(lower) else ""
    if below and not is_region_header(header_key(below)):
        return False
    width = max(len(upper), len(lower))
    uppers = _fill_groups(upper, lower, width)
    labelled = [c for c in header_columns(upper, lower)
                if c.kind == "value" and c.position < len(lower) and lower[c.position]
                and classify(lower[c.position], _numbered(uppers[c.position])).kind == "value"]
    return len(labelled) >= MIN_VALUE_COLUMNS


def _numbered(upper: str) -> bool:
    label = classify(upper)
    return (label.kind == "group" and label.group == "bulan") or \
        (label.kind == "value" and [d for d, _ in label.dims] == ["tahun"])


def title_text(cells: Iterable[str]) -> str:
    """A title line (its first TITLE_CHARS characters); a title merged across the sheet's
    columns counts once."""
    return " ".join(dict.fromkeys(c for c in cells if c))[:TITLE_CHARS]


def find_table(preview: Sequence[tuple[int, list[str]]]) -> Table | None:
    """The recap header in ``preview``: the first row with a regency column and at least two
    value columns (on the row itself or on the row below)."""
    width = max((len(cells) for _, cells in preview), default=0) + WIDTH_MARGIN
    for index, (line, cells) in enumerate(preview):
        if not any(is_region_header(header_key(c)) for c in cells):
            continue
        last_line, columns = line, header_columns(cells, None)
        if index + 1 < len(preview) and _is_sub_header(cells, preview[index + 1][1]):
            last_line = preview[index + 1][0]
            columns = header_columns(cells, preview[index + 1][1])
        if sum(c.kind == "value" for c in columns) >= MIN_VALUE_COLUMNS:
            titles = [(n, title_text(c)) for n, c in preview[:index]]
            return Table(line, last_line, columns, [(n, t) for n, t in titles if t], width)
    return None



# --- title lines ---------------------------------------------------------------------------


def _is_source_line(text: str) -> bool:
    return norm_key(text).startswith(("sumber", "source"))


def source_note(titles: Sequence[tuple[int, str]]) -> str | None:
    for _, text in titles:
        if _is_source_line(text):
            rest = re.sub(r"^\W*(sumber|source)\s*(data)?\s*[:\-–]?\s*", "", text, flags=re.I)
            return rest.strip() or None
    return None


def _month_pattern() -> str:
    return "|".join(sorted(month_names(), key=len, reverse=True))


def title_years(titles: Sequence[tuple[int, str]]) -> dict[int, int]:
    """Years the title lines state -> line. A year after ``tahun``, ``periode``, ``s.d.`` or
    a month name is preferred over a bare one; the ``Sumber`` line is not looked at."""
    strong: dict[int, int] = {}
    weak: dict[int, int] = {}
    before = re.compile(rf"\b(tahun|thn|th|periode|s\.?\s?d|s/d|sampai|hingga|"
                        rf"{_month_pattern()})\W*$", re.I)
    for line, text in titles:
        if _is_source_line(text):
            continue
        for found in YEAR.finditer(text):
            target = strong if before.search(text[:found.start()]) else weak
            target.setdefault(int(found.group(1)), line)
    return strong or weak


def title_period(titles: Sequence[tuple[int, str]]) -> tuple[int, int, int] | None:
    """(first month, last month, line) of the period the title states: ``Januari – Juni``,
    ``s.d. Juni``, ``per 30 Juni`` (from January), or one month ``Bulan Maret 2024``."""
    months = _month_pattern()
    connector = r"(?:-|–|—|s\.?\s?d\.?|s/d|sampai dengan|sampai|hingga)"
    ranged = re.compile(rf"\b({months})\b\.?\s*(?:(?:19|20)\d{{2}})?\s*{connector}\s*"
                        rf"(?:bulan\s+)?({months})\b", re.I)
    until = re.compile(rf"(?:{connector}|\bper)\s+(?:bulan\s+)?(?:\d{{1,2}}\s+)?({months})\b",
                       re.I)
    single = re.compile(rf"\b({months})\b\.?\s+(?:19|20)\d{{2}}", re.I)
    names = month_names()
    for line, text in titles:
        if _is_source_line(text):
            continue
        found = ranged.search(text)
        if found:
            return names[found.group(1).lower()], names[found.group(2).lower()], line
        found = until.search(text)
        if found:
            return 1, names[found.group(1).lower()], line
        found = single.search(text)
        if found:
            month = names[found.group(1).lower()]
            return month, month, line
    return None

