"""Map the many spellings seen in input files to the project's canonical reference values.

The canonical values and the known spellings (aliases) live in ``data/reference/*.csv``.
Every comparison goes through :func:`norm_key`, so case, accents, dots and extra spaces never
matter. Results are memoised per raw input because loaders call ``match`` on the unique
values of very large files.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from domain.config import REFERENCE_DIR, province_code

DIMENSIONS: tuple[str, ...] = ("skema", "sektor", "jenis_kelamin", "negara_tujuan", "jabatan")
#: The vocabularies of internships abroad (pemagangan; domain/interns.py), besides the
#: destination country and sex they share with placements. Their spellings are in
#: ``alias_magang.csv``.
INTERN_DIMENSIONS: tuple[str, ...] = ("penyelenggara", "bidang", "status", "pelindungan")
STATUSES: tuple[str, ...] = ("ok", "unknown", "outside", "ambiguous", "conflict", "unreported")
#: The province's code, from the configuration (config/dasbor.toml, ``[wilayah]``).
PROVINCE_CODE: str = province_code()
#: Western Indonesia Time, the time every date on the pages and in exports is given in.
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
#: The languages of the pages and exports, Indonesian first.
LANGUAGES: tuple[str, ...] = ("id", "en")
REGION_DIMENSION = "wilayah"

_UNKNOWN_KEYS = frozenset(
    {"tidak diketahui", "tidak dilaporkan", "unknown", "tidak ada data", "n a", "na"}
)
_CACHE_SIZE = 1 << 16
_MAX_SUGGEST_LENGTH = 80  # difflib is quadratic: no suggestion for longer keys
_CODE = re.compile(r"([0-9]{2})(?:[.\s-]?([0-9]{2}))?(?:\.0+)?")
_TABLE_NAME = re.compile(r"[a-z_]+")


def norm_key(text: str) -> str:
    """Comparison key: NFKD-fold accents, casefold, '&'->' dan ', every non-alphanumeric
    char -> space, collapse whitespace, strip.

    So 'KAB. SERANG', 'Kab Serang', ' kab.  serang ' share one key.
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    chars: list[str] = []
    for char in folded:
        if unicodedata.combining(char):
            continue
        if char == "&":
            chars.append(" dan ")
        elif char.isalnum():
            chars.append(char)
        else:
            chars.append(" ")
    return " ".join("".join(chars).split())


def is_unknown_token(raw: str) -> bool:
    """True for explicit 'value unknown' tokens: 'tidak diketahui', 'tidak dilaporkan', 'unknown',
    'tidak ada data', 'n/a', 'na', '?' (case/punctuation-insensitive).

    Checked before any lookup, so for negara_tujuan a bare 'NA' is 'unreported', not Namibia
    (write 'Namibia' for that).
    """
    text = _as_text(raw)
    key = norm_key(text)
    if key:
        return key in _UNKNOWN_KEYS
    return "?" in text


@dataclass(frozen=True)
class Match:
    value: str | None  # canonical value: kode for regions ('3604', '36'), ISO2 for countries
    status: str  # one of STATUSES
    suggestion: str | None = None  # 'unknown': nearest real name; 'ambiguous'/'conflict': advice


class Vocabulary:
    """One closed (or, for jabatan, open-ended) list of canonical values with their spellings."""

    def __init__(
        self,
        dimension: str,
        values: Sequence[str],
        spellings: Iterable[tuple[str, str]],
        display: Mapping[str, str] | None = None,
        open_ended: bool = False,
    ) -> None:
        """``spellings`` are (written form, canonical value) pairs; the first pair for a key wins.
        ``display`` gives the name shown in suggestions (default: the canonical value)."""
        self.dimension = dimension
        self.values: tuple[str, ...] = tuple(values)
        self.open_ended = open_ended
        self._by_key: dict[str, str] = {}
        for written, value in spellings:
            key = norm_key(written)
            if key:
                self._by_key.setdefault(key, value)
        self._display = dict(display or {})
        self._cached = lru_cache(maxsize=_CACHE_SIZE)(self._lookup)

    def __repr__(self) -> str:
        return f"Vocabulary({self.dimension!r}, {len(self.values)} values)"

    def match(self, raw: str) -> Match:
        return self._cached(_as_text(raw))

    def _lookup(self, text: str) -> Match:
        if not text.strip():
            return Match(None, "unknown")
        if is_unknown_token(text):
            return Match(None, "unreported")
        key = norm_key(text)
        value = self._by_key.get(key)
        if value is not None:
            return Match(value, "ok")
        kept = " ".join(text.split()) if self.open_ended else None
        return Match(kept, "unknown", _nearest(key, self._by_key, self._display))


class RegionResolver:
    """Resolves a kode_wilayah and/or a kab/kota name to a Banten code ('36' or '36xx')."""

    def __init__(
        self, rows: Sequence[Mapping[str, str]], aliases: Iterable[tuple[str, str]]
    ) -> None:
        """``rows`` are the rows of wilayah.csv; ``aliases`` are (written name, kode) pairs."""
        self._official = {row["kode_wilayah"]: row["nama"] for row in rows}
        self.codes: tuple[str, ...] = tuple(k for k in self._official if k != PROVINCE_CODE)
        self._by_key: dict[str, str] = {}
        for row in rows:
            for column in ("nama", "nama_pendek", "nama_en"):
                self._by_key.setdefault(norm_key(row[column]), row["kode_wilayah"])
        for written, kode in aliases:
            self._by_key.setdefault(norm_key(written), kode)
        self._ambiguous = _ambiguous_bare_names(rows)
        self._cached = lru_cache(maxsize=_CACHE_SIZE)(self._lookup)

    def __repr__(self) -> str:
        return f"RegionResolver({len(self.codes)} codes)"

    def official_name(self, kode: str) -> str:
        """'3604' -> 'Kabupaten Serang'; raises KeyError for a code that is not in wilayah.csv."""
        return self._official[kode]

    def match(self, code: str | None = None, name: str | None = None) -> Match:
        return self._cached(_as_optional_text(code), _as_optional_text(name))

    def _lookup(self, code: str | None, name: str | None) -> Match:
        code_given = _is_filled(code)
        name_given = _is_filled(name)
        if not code_given and not name_given:
            if any(text is not None and is_unknown_token(text) for text in (code, name)):
                return Match(None, "unreported")
            return Match(None, "unknown")
        if not code_given:
            return self._by_name(name or "")
        by_code = self._by_code(code or "")
        if not name_given or by_code.status != "ok" or by_code.value is None:
            return by_code
        by_name = self._by_name(name or "")
        if by_name.status == "ok" and by_name.value is not None and by_name.value != by_code.value:
            advice = (
                f"kode {by_code.value} adalah {self._official[by_code.value]}, "
                f"sedangkan nama itu adalah {self._official[by_name.value]}; "
                "perbaiki nama atau kode_wilayah"
            )
            return Match(by_code.value, "conflict", advice)
        return by_code

    def _by_code(self, code: str) -> Match:
        found = _CODE.fullmatch(code.strip())
        if found is None:
            return Match(None, "unknown")
        province, regency = found.group(1), found.group(2) or ""
        if province != PROVINCE_CODE:
            return Match(None, "outside" if province[0] != "0" else "unknown")
        kode = province + regency
        return Match(kode, "ok") if kode in self._official else Match(None, "unknown")

    def _by_name(self, name: str) -> Match:
        key = norm_key(name)
        if key in self._ambiguous:
            return Match(None, "ambiguous", self._ambiguous[key])
        kode = self._by_key.get(key)
        if kode is not None:
            return Match(kode, "ok")
        return Match(None, "unknown", _nearest(key, self._by_key, self._official))


@dataclass(frozen=True)
class Reference:
    regions: RegionResolver
    vocab: dict[str, Vocabulary]  # keyed by DIMENSIONS
    directory: Path = REFERENCE_DIR
    #: The intern vocabularies, keyed by INTERN_DIMENSIONS.
    intern_vocab: Mapping[str, Vocabulary] = field(default_factory=dict)

    def vocabulary(self, dimension: str) -> Vocabulary:
        """The vocabulary of a placement or an intern dimension."""
        return self.vocab[dimension] if dimension in self.vocab else \
            self.intern_vocab[dimension]

    def table(self, name: str) -> list[dict[str, str]]:
        """Rows of data/reference/<name>.csv, e.g. ``table('skema')``."""
        if not _TABLE_NAME.fullmatch(name):
            raise ValueError(f"nama tabel referensi tidak sah: {name!r}")
        return [dict(row) for row in _read_csv(self.directory / f"{name}.csv")]


@dataclass(frozen=True)
class _Source:
    table: str
    value_column: str
    name_columns: tuple[str, ...] = ()
    display_column: str | None = None


_SOURCES: dict[str, _Source] = {
    "skema": _Source("skema", "skema", ("nama_lengkap",)),
    "sektor": _Source("sektor", "sektor"),
    "jenis_kelamin": _Source("jenis_kelamin", "jenis_kelamin", ("nama_en",)),
    "negara_tujuan": _Source("negara", "kode", ("nama_id", "nama_en"), "nama_id"),
    "jabatan": _Source("jabatan", "jabatan", ("nama_en",)),
    "penyelenggara": _Source("penyelenggara", "penyelenggara", ("nama_en",)),
    "bidang": _Source("bidang", "bidang", ("nama_en",)),
    "status": _Source("status_magang", "status", ("nama_en",)),
    "pelindungan": _Source("pelindungan", "pelindungan", ("nama_en",)),
}


@lru_cache(maxsize=8)
def reference(directory: Path | None = None) -> Reference:
    """Load every reference table once; raises ValueError if alias.csv points nowhere."""
    folder = directory or REFERENCE_DIR
    aliases: dict[str, list[tuple[str, str]]] = {REGION_DIMENSION: []}
    aliases.update({dimension: [] for dimension in DIMENSIONS})
    for row in _read_csv(folder / "alias.csv"):
        if row["dimensi"] not in aliases:
            raise ValueError(f"alias.csv: dimensi tidak dikenal: {row['dimensi']!r}")
        aliases[row["dimensi"]].append((row["alias"], row["nilai"]))

    regions_rows = _read_csv(folder / "wilayah.csv")
    known_codes = {row["kode_wilayah"] for row in regions_rows}
    _check_aliases(REGION_DIMENSION, aliases[REGION_DIMENSION], known_codes)
    regions = RegionResolver(regions_rows, aliases[REGION_DIMENSION])

    vocab = {dimension: _vocabulary(folder, dimension, aliases[dimension])
             for dimension in DIMENSIONS}
    intern_aliases: dict[str, list[tuple[str, str]]] = {d: [] for d in INTERN_DIMENSIONS}
    for row in _read_csv(folder / "alias_magang.csv"):
        if row["dimensi"] not in intern_aliases:
            raise ValueError(f"alias_magang.csv: dimensi tidak dikenal: {row['dimensi']!r}")
        intern_aliases[row["dimensi"]].append((row["alias"], row["nilai"]))
    intern_vocab = {dimension: _vocabulary(folder, dimension, intern_aliases[dimension])
                    for dimension in INTERN_DIMENSIONS}
    return Reference(regions, vocab, folder, intern_vocab)


def _vocabulary(folder: Path, dimension: str, aliases: list[tuple[str, str]]) -> Vocabulary:
    """One dimension's canonical values (from its table) with their names and aliases."""
    source = _SOURCES[dimension]
    rows = _ordered(_read_csv(folder / f"{source.table}.csv"))
    values = [row[source.value_column] for row in rows]
    _check_aliases(dimension, aliases, set(values))
    spellings = [(value, value) for value in values]
    for column in source.name_columns:
        spellings += [(row[column], row[source.value_column]) for row in rows]
    display = (
        {row[source.value_column]: row[source.display_column] for row in rows}
        if source.display_column
        else None
    )
    return Vocabulary(dimension, values, spellings + aliases, display,
                      open_ended=dimension == "jabatan")


def _check_aliases(dimension: str, pairs: Iterable[tuple[str, str]], known: set[str]) -> None:
    for written, value in pairs:
        if value not in known:
            raise ValueError(f"alias.csv: {dimension} {written!r} -> {value!r} tidak ada di tabel")


def _ordered(rows: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    if rows and "urutan" in rows[0]:
        return sorted(rows, key=lambda row: int(row["urutan"]))
    return list(rows)


@lru_cache(maxsize=32)
def _read_csv(path: Path) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def _ambiguous_bare_names(rows: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """Bare names shared by a kabupaten and a kota ('Serang') -> advice on what to write."""
    short_names: dict[str, list[str]] = {}
    for row in rows:
        prefix = row["jenis"] + " "
        if row["jenis"] in ("Kabupaten", "Kota") and row["nama"].startswith(prefix):
            bare = norm_key(row["nama"].removeprefix(prefix))
            short_names.setdefault(bare, []).append(row["nama_pendek"])
    return {
        bare: "tulis " + " atau ".join(f"'{name}'" for name in names) + ", atau isi kode_wilayah"
        for bare, names in short_names.items()
        if len(names) > 1
    }


def _nearest(key: str, by_key: Mapping[str, str], display: Mapping[str, str]) -> str | None:
    """The display name of the canonical value whose known spelling is closest to ``key``."""
    if not key or len(key) > _MAX_SUGGEST_LENGTH:
        return None
    close = difflib.get_close_matches(key, by_key.keys(), n=1, cutoff=0.6)
    if not close:
        return None
    value = by_key[close[0]]
    return display.get(value, value)


def _as_text(raw: object) -> str:
    if isinstance(raw, str):
        return raw
    return "" if raw is None else str(raw)


def _as_optional_text(raw: object) -> str | None:
    return None if raw is None else _as_text(raw)


def _is_filled(text: str | None) -> bool:
    return text is not None and bool(text.strip()) and not is_unknown_token(text)
