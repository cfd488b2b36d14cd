"""Coverage in words: what a figure covers, said the same way on the page, on the chart, in
the exports, the deck and presentation mode.

The coverage itself comes with every result of the query layer (``domain.coverage``); this
module only turns it into text in the view's language. A total that covers some regencies is
named by what it covers, never by the province; a year-to-date figure says its months; years
are compared in a title only when both are complete.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.context import ViewContext
from dashboard.i18n import keys, month_year, t
from domain import coverage

#: Above this many regencies a partial list is counted ("5 of 8") rather than named.
NAMED_REGIONS = 3


def series_label(ctx: ViewContext) -> str:
    """The series in plain words: "angka terbitan BP2MI", "data contoh"."""
    key = f"series.short.{ctx.series}"
    return t(key, ctx.lang) if key in keys() else ctx.series_name


def month_abbr(month: int, lang: str) -> str:
    return month_year(2000, month, lang).split(" ")[0][:3]


def months_text(months: int, lang: str) -> str:
    """``8`` -> "Jan–Agu" (id) / "Jan–Aug" (en)."""
    return f"{month_abbr(1, lang)}–{month_abbr(months, lang)}" if months > 1 else \
        month_abbr(1, lang)


def years_text(years: Iterable[int]) -> str:
    """(2018, 2019, 2020, 2022) -> "2018–2020, 2022"."""
    ordered = sorted(set(years))
    runs: list[str] = []
    start = previous = None
    for year in ordered:
        if previous is not None and year == previous + 1:
            previous = year
            continue
        if start is not None:
            runs.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = year
    if start is not None:
        runs.append(str(start) if start == previous else f"{start}–{previous}")
    return ", ".join(runs)


def region_list(ctx: ViewContext, codes: Iterable[str]) -> str:
    """Names of a few regencies, or "5 of 8 regencies/cities" for many."""
    ordered = sorted(set(codes))
    if len(ordered) > NAMED_REGIONS:
        return t("coverage.some_regions", ctx.lang, n=len(ordered),
                 of=len(coverage.REGENCIES))
    return ", ".join(ctx.region_name(c) for c in ordered)


def asked_regions(ctx: ViewContext) -> frozenset[str]:
    return frozenset(ctx.state.wilayah) or frozenset(coverage.REGENCIES)


def partial_note(ctx: ViewContext, regions: frozenset[str], months: int,
                 year: int | None = None, asked: frozenset[str] | None = None) -> str:
    """Why one figure is not complete: "hanya Kota Cilegon", "Jan–Agu", or both."""
    parts: list[str] = []
    if not regions >= (asked if asked is not None else asked_regions(ctx)):
        parts.append(t("coverage.only", ctx.lang, regions=region_list(ctx, regions)))
    if months < coverage.FULL_YEAR:
        parts.append(months_text(months, ctx.lang))
    return ", ".join(parts)


def partial_notes(ctx: ViewContext, frame: pd.DataFrame) -> dict[str, str]:
    """For a frame by ``tahun``: the shown year -> its note, for every incomplete year."""
    return {str(year): partial_note(ctx, regions, months, year)
            for year, (regions, months, complete) in coverage.year_coverage(frame).items()
            if not complete}


def where_text(ctx: ViewContext, frame: pd.DataFrame) -> str:
    """Where a chart's figures come from, as its subtitle says it."""
    if "kode_wilayah" in frame:
        shown = {str(c) for c in frame["kode_wilayah"] if not pd.isna(c)}
        asked = asked_regions(ctx)
        if shown and not shown >= asked:
            return t("coverage.published_regions", ctx.lang, n=len(shown & asked),
                     of=len(asked))
        return ctx.regions_text()
    years = coverage.year_coverage(frame)
    if "tahun" in frame and years:
        full = [y for y, (_, _, ok) in years.items() if ok]
        partial = {y: v for y, v in years.items() if not v[2]}
        if full and partial:
            notes = _grouped_notes(ctx, partial)
            return t("coverage.mixed", ctx.lang, regions=ctx.regions_text(),
                     years=years_text(full), partial=notes)
        if partial:
            return _grouped_notes(ctx, partial, with_years=len(partial) > 1)
        return ctx.regions_text()
    cov = coverage.of_frame(frame)
    if cov.complete or not cov.years:
        return ctx.regions_text()
    if cov.varies:
        return t("coverage.varies", ctx.lang)
    if not cov.regions >= asked_regions(ctx):
        return t("coverage.only", ctx.lang, regions=region_list(ctx, cov.regions)) \
            if cov.regions else t("coverage.not_published", ctx.lang)
    return ctx.regions_text()


def _grouped_notes(ctx: ViewContext, partial: dict[int, tuple[frozenset[str], int, bool]],
                   with_years: bool = True) -> str:
    """Incomplete years grouped by what they cover: "2018–2022 hanya Kota Cilegon"."""
    groups: dict[str, list[int]] = {}
    for year, (regions, months, _) in sorted(partial.items()):
        groups.setdefault(partial_note(ctx, regions, months), []).append(year)
    if not with_years and len(groups) == 1:
        return next(iter(groups))
    return "; ".join(f"{years_text(years)} {note}" for note, years in groups.items())


def period_of(ctx: ViewContext, frame: pd.DataFrame) -> str:
    """The period a frame's figures cover: its years (never wider), with the months of a
    single year-to-date year ("Jan–Agu 2025")."""
    cov = coverage.of_frame(frame)
    if not cov.years:
        return ctx.period_text()
    if ctx.state.bulan:
        return ctx.period_text()
    if len(cov.years) == 1 and cov.year_to_date and "tahun" not in frame:
        return f"{months_text(cov.months, ctx.lang)} {cov.years[0]}"
    return years_text(cov.years)


def subtitle(ctx: ViewContext, what_key: str, frame: pd.DataFrame) -> str:
    """What is counted, where and when — from the figures' own coverage — and the series."""
    where = where_text(ctx, frame)
    if "tahun" in frame and coverage.of_frame(frame).partial_years:
        # the years are named with what each covers: "Seluruh Banten 2023–2024; 2018–2022 …"
        return t("chart.subtitle_by_year", ctx.lang, what=t(what_key, ctx.lang), regions=where,
                 series=series_label(ctx))
    return t("chart.subtitle", ctx.lang, what=t(what_key, ctx.lang), regions=where,
             period=period_of(ctx, frame), series=series_label(ctx))


def coverage_note(ctx: ViewContext, frame: pd.DataFrame) -> str | None:
    """One sentence for the page, the table and the CSV/XLSX header when a chart's figures
    are not complete (None when they are)."""
    if "tahun" in frame and "lengkap" in frame:
        partial = {y: v for y, v in coverage.year_coverage(frame).items() if not v[2]}
        if partial:
            return t("coverage.note_years", ctx.lang, notes=_grouped_notes(ctx, partial))
    if "kode_wilayah" in frame:
        shown = {str(c) for c in frame["kode_wilayah"] if not pd.isna(c)}
        missing = asked_regions(ctx) - shown
        if shown and missing:
            return t("coverage.note_regions", ctx.lang, regions=region_list(ctx, missing))
        return None
    cov = coverage.of_frame(frame)
    if cov.years and not cov.complete:
        note = t("coverage.varies", ctx.lang) if cov.varies else \
            partial_note(ctx, cov.regions, cov.months)
        return t("coverage.note_total", ctx.lang, note=note)
    return None


def comparison_years(frame: pd.DataFrame) -> tuple[int, int] | None:
    """The first and last complete years of a frame by ``tahun`` (the only pair an active
    title may compare), or None when fewer than two are complete."""
    years = coverage.comparable_years(frame)
    return (years[0], years[-1]) if len(years) >= 2 else None


def row_notes(ctx: ViewContext, frame: pd.DataFrame) -> list[str]:
    """Per row of a table: "" when complete, else what it covers ("hanya Kota Cilegon")."""
    notes = []
    for row in frame.itertuples(index=False):
        values = row._asdict()
        if bool(values.get("lengkap", True)):
            notes.append("")
            continue
        if bool(values.get("cakupan_berbeda", False)) and "kode_wilayah" not in values:
            notes.append(t("coverage.varies", ctx.lang))
            continue
        regions = coverage.split_codes(values.get("cakupan_wilayah"))
        if "kode_wilayah" in values and not pd.isna(values["kode_wilayah"]):
            regions = asked_regions(ctx)  # a regency's own row: only its months can be short
        notes.append(partial_note(ctx, regions, int(values.get("cakupan_bulan", 12))) or
                     t("coverage.not_published", ctx.lang))
    return notes


def series_coverage(ctx: ViewContext, frame: pd.DataFrame) -> str:
    """What a whole series covers, year by year, whatever the view's filters: "Seluruh Banten
    2023–2024; 2018–2022 hanya Kota Cilegon" (``frame``: the series by ``tahun``, unfiltered)."""
    everything = frozenset(coverage.REGENCIES)
    years = coverage.year_coverage(frame)
    full = [y for y, (_, _, ok) in years.items() if ok]
    groups: dict[str, list[int]] = {}
    for year, (regions, months, ok) in sorted(years.items()):
        if not ok:
            groups.setdefault(partial_note(ctx, regions, months, asked=everything), []).append(
                year)
    parts = [f"{t('label.all_banten', ctx.lang)} {years_text(full)}"] if full else []
    parts += [f"{years_text(y)} {note}" for note, y in groups.items()]
    return "; ".join(parts) or "–"
