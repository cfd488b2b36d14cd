"""The Pemagangan page's view: which intern series, years and status it shows, kept in the URL
(``seri_magang``, ``tahun_magang``, ``status_magang``, apart from the placements' ``seri`` and
``tahun``), and the controls that change them on the page itself (the sidebar is hidden on a
phone).

``InternView`` is a ``ViewContext`` whose ``totals`` read intern figures of one status
(store/intern_queries.py), so the shared framing, chart and export code frames them the same
way as placements — and never adds them to placements."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from dashboard import data, intern_data, state
from dashboard.context import ViewContext, series_source
from dashboard.i18n import t
from domain import coverage, filters
from domain.config import settings
from domain.interns import DEPARTED, SERIES_PARAM, STATUSES, InternFilters

YEARS_PARAM = "tahun_magang"
STATUS_PARAM = "status_magang"
SWITCH = ("terbitan", "contoh")


@dataclass(frozen=True)
class InternView(ViewContext):
    """The view of the Pemagangan page: one intern series, a year range, one status."""

    status: str = DEPARTED
    statuses: tuple[str, ...] = ()

    def intern_filters(self, **changes: object) -> InternFilters:
        base = InternFilters(tahun_awal=self.state.tahun_awal, tahun_akhir=self.state.tahun_akhir,
                             kode_wilayah=self.state.wilayah)
        return replace(base, **changes) if changes else base  # type: ignore[arg-type]

    def totals(self, *by: str, **changes: object) -> pd.DataFrame:
        """Intern figures of this view's status (or ``status=`` another one), grouped by
        ``by``; ``changes`` override filter fields. Never placements."""
        status = str(changes.pop("status", self.status))
        return intern_data.totals(self.version, self.series, status, tuple(by),
                                  self.intern_filters(**changes), self.threshold)


def _year_range(raw: str | None, years: list[int]) -> tuple[int, int]:
    found = filters.YEARS_FORM.fullmatch(raw) if raw and years else None
    if found:
        first, last = sorted((int(found[1]), int(found[2] or found[1])))
        first, last = max(first, years[0]), min(last, years[-1])
        if first <= last:
            return first, last
    return (years[-1], years[-1]) if years else (0, 0)


def setup(lang: str) -> InternView | None:
    """The intern view from the URL (anything unknown falls back to the default), or None
    when no intern series holds figures yet."""
    version = data.version()
    table = intern_data.series(version)
    available = table.loc[table["n_facts"] > 0, "series"].tolist()
    if not available:
        return None
    flags = dict(zip(table["series"], table["is_sample"].astype(bool), strict=True))
    published = [s for s in available if not flags[s]]
    samples = [s for s in available if flags[s]]
    default = published[0] if published else samples[0]
    chosen = st.query_params.get(SERIES_PARAM, default)
    series_id = chosen if chosen in available else default
    if chosen != series_id:
        st.query_params.pop(SERIES_PARAM, None)
    row = table.set_index("series").loc[series_id]
    years = intern_data.years(version, series_id)
    first, last = _year_range(st.query_params.get(YEARS_PARAM), years)
    statuses = tuple(intern_data.statuses(version, series_id))
    asked = st.query_params.get(STATUS_PARAM, "")
    status = asked if asked in statuses else (DEPARTED if DEPARTED in statuses or not statuses
                                              else statuses[0])
    labels = {**data.labels(version, lang), **intern_data.labels(version, lang)}
    name = str(row["nama_id" if lang == "id" else "nama_en"])
    return InternView(
        lang=lang, version=version, series=series_id, series_name=name,
        series_note=str(row["keterangan_id" if lang == "id" else "keterangan_en"]),
        series_source=series_source(series_id, str(row["sumber_singkat"] or name), lang),
        is_sample=flags[series_id],
        state=filters.FilterState(first, last),
        choices=filters.Choices(years=tuple(years), regions=coverage.REGENCIES, skema=(),
                                sektor=(), jenis_kelamin=()),
        labels=labels, threshold=settings().small_count_threshold,
        until=intern_data.data_until(version, series_id),
        provisional=data.provisional_from(version, series_id),
        published_series=series_id if not flags[series_id] else
        (published[0] if published else None),
        sample_series=series_id if flags[series_id] else (samples[0] if samples else None),
        default_series=default, status=status, statuses=statuses)


def controls(ctx: InternView) -> None:
    """Series switch (published | sample, when both hold figures), years and status."""
    if ctx.published_series and ctx.sample_series:
        st.session_state["magang_switch"] = "contoh" if ctx.is_sample else "terbitan"
        st.segmented_control(t("switch.label", ctx.lang), SWITCH, key="magang_switch",
                             format_func=lambda option: t(f"switch.{option}", ctx.lang),
                             on_change=_switch_series, args=(ctx,))
    years = ctx.choices.years
    if len(years) > 1:
        st.session_state["magang_years"] = (ctx.state.tahun_awal, ctx.state.tahun_akhir)
        st.slider(t("filter.years", ctx.lang), min_value=years[0], max_value=years[-1],
                  step=1, key="magang_years", on_change=_years_changed, args=(years,))
    if len(ctx.statuses) > 1:
        st.session_state["magang_status"] = ctx.status
        st.segmented_control(t("magang.status_control", ctx.lang), ctx.statuses,
                             key="magang_status", on_change=_status_changed,
                             format_func=lambda s: t(f"magang.status.{STATUSES.index(s)}",
                                                     ctx.lang))


def _switch_series(ctx: InternView) -> None:
    choice = st.session_state.get("magang_switch")
    target = ctx.sample_series if choice == "contoh" else ctx.published_series
    if choice and target:
        state.set_param(SERIES_PARAM, target, ctx.default_series)
        st.query_params.pop(YEARS_PARAM, None)


def _years_changed(years: tuple[int, ...]) -> None:
    chosen = st.session_state.get("magang_years", years[-1])
    first, last = (chosen, chosen) if isinstance(chosen, int) else chosen
    text = str(first) if first == last else f"{first}-{last}"
    state.set_param(YEARS_PARAM, text, str(years[-1]))


def _status_changed() -> None:
    state.set_param(STATUS_PARAM, st.session_state.get("magang_status") or DEPARTED, DEPARTED)
