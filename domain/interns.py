"""Internships abroad (*pemagangan luar negeri*): the rules shared by the loaders, the store and
the dashboard, framework-free.

Interns are counted in a store of their own (``magang_fact``, docs/data-model.md §10), never
with placements: they are not placed migrant workers in the sense of UU No. 18 Tahun 2017
(Pasal 4 ayat (2) huruf b leaves "pelajar dan peserta pelatihan di luar negeri" out), so a page
that shows both shows them side by side, labelled, and no query adds them together.

Every intern figure says **what it counts** (``status``): interns who departed
(*diberangkatkan*), who came back (*purna*), or who were recorded with a problem or complaint
(*bermasalah*). These are different events — a person who departed in 2023 may return in 2026
— so the statuses are never added either: each is read on its own, like a series. The
breakdowns are the organiser (*penyelenggara*), destination country, field (*bidang*), sex and
whether the intern is recorded in the protection system (*pelindungan*).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: ``batch.jenis`` of an intern batch.
KIND = "magang"
DEPARTED = "Diberangkatkan"
RETURNED = "Purna"
PROBLEM = "Bermasalah"
#: What an intern figure counts, in display order (data/reference/status_magang.csv).
STATUSES: tuple[str, ...] = (DEPARTED, RETURNED, PROBLEM)
RECORDED = "Tercatat"
NOT_RECORDED = "Tidak tercatat"
#: The breakdown dimensions of intern figures (besides month), in display order.
DIMENSIONS: tuple[str, ...] = ("penyelenggara", "negara_tujuan", "bidang", "jenis_kelamin",
                               "pelindungan")
#: URL parameter of the intern page's series, apart from the placements' ``seri``.
SERIES_PARAM = "seri_magang"
#: The official text of the law the protection share is about (Wikisumber, public domain).
LAW_URL = "https://id.wikisource.org/wiki/Undang-Undang_Republik_Indonesia_Nomor_18_Tahun_2017"


@dataclass(frozen=True)
class InternFilters:
    """What an intern query is restricted to; empty tuples mean "all". Read by the same rule
    as placements (store/queries.py), with the intern dimensions."""

    tahun_awal: int = 1900
    tahun_akhir: int = 9999
    bulan: int | None = None
    kode_wilayah: tuple[str, ...] = ()
    penyelenggara: tuple[str, ...] = ()
    negara_tujuan: tuple[str, ...] = ()
    bidang: tuple[str, ...] = ()
    jenis_kelamin: tuple[str, ...] = ()
    pelindungan: tuple[str, ...] = ()

    def dimension_filters(self) -> dict[str, tuple[str, ...]]:
        return {d: getattr(self, d) for d in DIMENSIONS if getattr(self, d)}


@dataclass(frozen=True)
class ProtectionShare:
    """How many interns of a figure are known to the protection system.

    ``share`` is recorded ÷ (recorded + not recorded) — the interns whose status is known — and
    None when none is known; ``unknown`` are those the source did not report (or whose table
    does not say), never counted as "not recorded"; ``hidden`` is True when a count was
    suppressed (small counts), so the share cannot be computed from what is shown."""

    recorded: int
    not_recorded: int
    unknown: int
    share: float | None
    hidden: bool = False

    @property
    def known(self) -> int:
        return self.recorded + self.not_recorded


def protection_share(frame: pd.DataFrame) -> ProtectionShare:
    """The protection share of a result by ``pelindungan`` (columns ``pelindungan``,
    ``jumlah`` — nullable — and optionally ``ditekan``)."""
    if frame.empty:
        return ProtectionShare(0, 0, 0, None)
    hidden = bool(frame["ditekan"].astype(bool).any()) if "ditekan" in frame else False
    counts = frame.assign(jumlah=pd.to_numeric(frame["jumlah"]).fillna(0))
    status = counts["pelindungan"]
    recorded = int(counts.loc[status == RECORDED, "jumlah"].sum())
    not_recorded = int(counts.loc[status == NOT_RECORDED, "jumlah"].sum())
    unknown = int(counts.loc[status.isna(), "jumlah"].sum())
    known = recorded + not_recorded
    share = None if hidden or known == 0 else recorded / known
    return ProtectionShare(recorded, not_recorded, unknown, share, hidden)
