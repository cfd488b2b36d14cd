"""Banten's 8 kabupaten/kota, and how a boundary file's unit names map to their codes.

The national file has names only (no province, no codes). The naming rule of geoBoundaries
IDN ADM2 (and of the OCHA COD-AB it comes from) is explicit here:

* a **bare** name is the **kabupaten**: ``Serang`` → 3604 Kabupaten Serang, ``Tangerang`` →
  3603 Kabupaten Tangerang (``Kabupaten Serang`` / ``Kab. Serang`` are accepted too);
* ``Kota …`` is the **city**: ``Kota Serang`` → 3673, ``Kota Tangerang`` → 3671.

So bare ``Cilegon`` or ``Tangerang Selatan`` match nothing (those are cities only). This differs
from the loaders on purpose: for data files a bare ``Serang`` is ambiguous and refused
(``domain.reference``), but in this boundary source the convention is fixed. Names are compared
with :func:`domain.reference.norm_key` (case, dots and spaces do not matter); codes and official
names come from ``data/reference/wilayah.csv``, so every unit joins to the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from domain.problems import ProblemList
from domain.reference import PROVINCE_CODE, norm_key, reference

KABUPATEN = "Kabupaten"
KOTA = "Kota"


@dataclass(frozen=True)
class Unit:
    kode: str  # '3604'
    nama: str  # official name, 'Kabupaten Serang'
    jenis: str  # 'Kabupaten' or 'Kota'

    @property
    def source_name(self) -> str:
        """The name the unit has in geoBoundaries: bare for a kabupaten, 'Kota …' for a city."""
        return self.nama.removeprefix(KABUPATEN + " ") if self.jenis == KABUPATEN else self.nama


@lru_cache(maxsize=1)
def banten_units() -> tuple[Unit, ...]:
    """The 8 kabupaten/kota of wilayah.csv, sorted by code."""
    rows = reference().table("wilayah")
    units = [Unit(row["kode_wilayah"], row["nama"], row["jenis"]) for row in rows
             if row["kode_wilayah"] != PROVINCE_CODE]
    return tuple(sorted(units, key=lambda unit: unit.kode))


@lru_cache(maxsize=1)
def _codes_by_key() -> dict[str, str]:
    keys: dict[str, str] = {}
    for unit in banten_units():
        if unit.jenis == KABUPATEN:
            bare = unit.source_name
            spellings = [bare, f"{KABUPATEN} {bare}", f"Kab. {bare}"]
        else:
            spellings = [unit.nama]
        for spelling in spellings:
            keys[norm_key(spelling)] = unit.kode
    return keys


def code_for(name: object) -> str | None:
    """'Serang' → '3604', 'Kota Serang' → '3673', 'Kab. Lebak' → '3602'; None otherwise."""
    if not isinstance(name, str):
        return None
    return _codes_by_key().get(norm_key(name))


def select(names: Sequence[object], file: str, column: str) -> dict[str, int]:
    """Position of each of the 8 units among ``names`` (one name per feature, in file order).

    Raises :class:`domain.problems.LoadError` naming every missing unit (with the names in
    the file that look like it) and every unit found more than once (with the feature numbers).
    """
    found: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        kode = code_for(name)
        if kode is not None:
            found.setdefault(kode, []).append(position)
    problems = ProblemList(file)
    if not found:
        sample = ", ".join(f"'{name}'" for name in list(names)[:3])
        problems.error(
            "tidak satu pun dari 8 kabupaten/kota Banten ditemukan (contoh isi kolom: "
            f"{sample})",
            "kolom ini harus berisi nama seperti 'Serang' (kabupaten) atau 'Kota Serang'; pilih "
            "kolom lain dengan --name-column", column=column)
        problems.raise_if_errors()
    for unit in banten_units():
        positions = found.get(unit.kode, [])
        if not positions:
            problems.error(
                f"unit {unit.kode} {unit.nama} tidak ditemukan",
                _missing_hint(unit, names), column=column)
        elif len(positions) > 1:
            listed = ", ".join(f"'{names[p]}' (fitur {p + 1})" for p in positions)
            problems.error(
                f"unit {unit.kode} {unit.nama} ditemukan {len(positions)} kali: {listed}",
                "berkas harus memuat tiap kabupaten/kota tepat satu kali; gabungkan atau hapus "
                "fitur yang berlebih", column=column)
    problems.raise_if_errors()
    return {kode: positions[0] for kode, positions in found.items()}


def _missing_hint(unit: Unit, names: Sequence[object]) -> str:
    wanted = f"berkas harus memuat unit bernama '{unit.source_name}'"
    core = norm_key(unit.nama.removeprefix(unit.jenis + " "))
    lookalikes = sorted({str(name) for name in names
                         if isinstance(name, str) and core in norm_key(name)
                         and code_for(name) is None})
    if lookalikes:
        quoted = ", ".join(f"'{name}'" for name in lookalikes[:5])
        wanted += f" (nama serupa di berkas: {quoted}; nama tanpa awalan berarti kabupaten, "
        wanted += "kota ditulis 'Kota …')"
    return wanted
