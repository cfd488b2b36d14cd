"""The view every page works in: language, series, filters, labels — set up once per run by
app.py (sidebar filter bar, URL state), read by the pages with ``current()``."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from dashboard import data, state
from dashboard.i18n import LANGUAGES, data_text, keys, month_year, t
from domain import filters
from domain.config import settings
from domain.reference import PROVINCE_CODE
from store.queries import Filters

_KEY = "_view_context"
MONTHS = tuple(range(1, 13))


@dataclass(frozen=True)
class ViewContext:
    lang: str
    version: str
    series: str
    series_name: str
    series_note: str
    series_source: str
    is_sample: bool
    state: filters.FilterState
    choices: filters.Choices
    labels: dict[str, dict[str, str]]
    threshold: int
    until: tuple[int, int] | None
    provisional: tuple[int, int] | None = None
    #: The series the "Angka terbitan | Data contoh" switch moves between (None: not offered).
    published_series: str | None = None
    sample_series: str | None = None
    default_series: str = ""

    @property
    def query_filters(self) -> Filters:
        return self.state.to_filters()

    def totals(self, *by: str, **changes: object) -> pd.DataFrame:
        """Totals for this view, grouped by ``by``; ``changes`` override filter fields."""
        query = replace(self.query_filters, **changes) if changes else self.query_filters
        return data.totals(self.version, self.series, tuple(by), query, self.threshold)

    def over_time(self) -> dict[str, int]:
        """The years of an "over time" chart: the selected range when it spans several years,
        else every year of the series (a single year would draw one bar or a lone point)."""
        if self.state.tahun_akhir > self.state.tahun_awal or not self.choices.years:
            return {"tahun_awal": self.state.tahun_awal, "tahun_akhir": self.state.tahun_akhir}
        return {"tahun_awal": self.choices.years[0], "tahun_akhir": self.choices.years[-1]}

    def selected_years(self) -> tuple[str, ...]:
        """The selected period's years as a chart over time marks them (``ChartSpec.highlight``;
        a chart showing only them marks nothing)."""
        return tuple(str(year) for year in self.state.years())

    def region_name(self, code: object) -> str:
        if code is None or code is pd.NA or (isinstance(code, float) and pd.isna(code)):
            return t("label.banten_not_broken_down", self.lang)
        return self.labels["kode_wilayah"].get(str(code), str(code))

    def period_text(self) -> str:
        first, last = self.state.tahun_awal, self.state.tahun_akhir
        years = str(first) if first == last else f"{first}–{last}"
        if self.state.bulan:
            return month_year(last, self.state.bulan, self.lang) if first == last else \
                f"{month_year(first, self.state.bulan, self.lang)} … {years}"
        return years

    def regions_text(self) -> str:
        if not self.state.wilayah:
            return t("label.all_banten", self.lang)
        return ", ".join(self.region_name(c) for c in self.state.wilayah)

    def until_text(self) -> str:
        text = month_year(*self.until, self.lang) if self.until else "–"
        if self.provisional and self.until and self.provisional <= self.until:
            text += " " + t("label.provisional_from", self.lang,
                            month=month_year(*self.provisional, self.lang))
        return text

    def is_provisional(self, year: int, month: int) -> bool:
        return self.provisional is not None and (year, month) >= self.provisional


def current() -> ViewContext:
    """The view set up by app.py in this run, refreshed if the store changed since."""
    if _KEY not in st.session_state:  # a page opened without app.py (see app.py's note)
        st.switch_page("app.py")
    context: ViewContext = st.session_state[_KEY]
    version = data.version()
    if version != context.version:
        context = replace(context, version=version,
                          until=data.data_until(version, context.series))
        st.session_state[_KEY] = context
    return context


def _choices(version: str, series_id: str) -> filters.Choices:
    regions = [c for c in data.labels(version, "id")["kode_wilayah"] if c != PROVINCE_CODE]
    until = data.data_until(version, series_id)
    return filters.Choices(
        years=tuple(y for y in data.years(version, series_id)),
        regions=tuple(sorted(regions)),
        skema=tuple(data.reference_values(version, "skema")),
        sektor=tuple(data.reference_values(version, "sektor")),
        jenis_kelamin=tuple(data.reference_values(version, "jenis_kelamin")),
        latest_full_year=None if until is None else until[0] if until[1] == 12 else until[0] - 1,
    )


def setup(controls: bool = True) -> ViewContext | None:
    """Language and series pickers and the shared filter bar (sidebar).

    ``controls=False`` (pages that do not show placement figures: Kinerja, Tentang, …) keeps
    the view read from the URL, and the URL itself, but shows only the language picker.

    The URL is the single source of truth: every run sets the widgets from it, and a widget's
    change callback writes the new value to it before the run. So a copied link, a reload and
    back/forward all give the same view, and widget identities that Streamlit changes between
    runs (its first run of a session differs) cannot lose a choice.
    Returns None when no series holds figures yet.
    """
    lang = state.language()
    with st.spinner(t("store.building", lang)):
        version = data.version()
    series_table = data.series(version)
    available = series_table.loc[series_table["n_facts"] > 0, "series"].tolist()
    with st.sidebar:
        st.session_state["f_lang"] = lang
        st.segmented_control(
            t("control.language", lang), LANGUAGES, key="f_lang", on_change=_language_changed,
            format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
        )
        if not available:
            return None
        default_series = settings().default_series
        if default_series not in available:
            default_series = available[0]
        names = dict(zip(series_table["series"],
                         series_table["nama_id" if lang == "id" else "nama_en"], strict=True))
        series_id = state.series(available, default_series)
        st.session_state["f_series"] = series_id
        st.session_state["_series_default"] = default_series
        if controls:
            st.selectbox(t("control.series", lang), available, key="f_series",
                         format_func=lambda s: names.get(s, s), on_change=_series_changed)
        choices = _choices(version, series_id)
        view = _filter_bar(lang, version, choices, controls)
    context = _context(lang, version, series_table, available, default_series, series_id,
                       choices, view)
    st.session_state[_KEY] = context
    return context


def _context(lang: str, version: str, series_table: pd.DataFrame, available: list[str],
             default_series: str, series_id: str, choices: filters.Choices,
             view: filters.FilterState) -> ViewContext:
    names = dict(zip(series_table["series"],
                     series_table["nama_id" if lang == "id" else "nama_en"], strict=True))
    row = series_table.set_index("series").loc[series_id]
    flags = dict(zip(series_table["series"], series_table["is_sample"].astype(bool),
                     strict=True))
    published = [s for s in available if not flags[s]]
    samples = [s for s in available if flags[s]]
    return ViewContext(
        lang=lang, version=version, series=series_id, series_name=names[series_id],
        series_note=str(row["keterangan_id" if lang == "id" else "keterangan_en"]),
        series_source=series_source(series_id, str(row["sumber_singkat"] or names[series_id]),
                                    lang),
        is_sample=bool(row["is_sample"]), state=view, choices=choices,
        labels=data.labels(version, lang), threshold=settings().small_count_threshold,
        until=data.data_until(version, series_id),
        provisional=data.provisional_from(version, series_id),
        published_series=(series_id if not flags[series_id] else
                          default_series if default_series in published else
                          (published[0] if published else None)),
        sample_series=(series_id if flags[series_id] else samples[0] if samples else None),
        default_series=default_series,
    )


def series_source(series_id: str, indonesian: str, lang: str) -> str:
    """The series' short citation for chart footers (``sumber_singkat`` of seri.csv); in
    English ``series.source.<series>`` of the translation table, as ``series.short.<series>``
    names it, else the Indonesian marked as such."""
    key = f"series.source.{series_id}"
    return data_text(indonesian, t(key, "en") if key in keys() else None, lang)


def available_series(version: str) -> list[str]:
    """The series that hold figures, in the store's order."""
    table = data.series(version)
    return table.loc[table["n_facts"] > 0, "series"].tolist()


def view_for(series_id: str, lang: str, params: dict[str, str] | None = None) -> ViewContext:
    """The view a reader gets at an address with ``params`` (``tahun``, ``wilayah``… as in the
    URL; none: the dashboard's default view, the latest year of all Banten), built without
    widgets or a browser session: for work outside a page (the static publication,
    dashboard/publish.py). ValueError for a series without figures."""
    version = data.version()
    available = available_series(version)
    if series_id not in available:
        raise ValueError(f"series {series_id!r} holds no figures; available: "
                         f"{', '.join(available) or '-'}")
    default_series = settings().default_series
    if default_series not in available:
        default_series = available[0]
    choices = _choices(version, series_id)
    view = filters.from_params(params or {}, choices)
    return _context(lang if lang in LANGUAGES else "id", version, data.series(version),
                    available, default_series, series_id, choices, view)


def _language_changed() -> None:
    state.set_param("lang", st.session_state.get("f_lang") or "id", "id")


def _series_changed() -> None:
    state.set_param("seri", st.session_state["f_series"], st.session_state["_series_default"])


def _widget_state(choices: filters.Choices) -> filters.FilterState:
    """The filter state the widgets show now (read inside a change callback)."""
    years = st.session_state.get("f_years", (choices.years[-1], choices.years[-1]))
    first, last = (years, years) if isinstance(years, int) else years

    def picked(key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        values = st.session_state.get(key) or []
        chosen = tuple(v for v in allowed if v in values)
        return () if len(chosen) == len(allowed) else chosen

    return filters.FilterState(
        tahun_awal=int(first), tahun_akhir=int(last),
        bulan=int(st.session_state.get("f_month") or 0) or None,
        wilayah=picked("f_regions", choices.regions), skema=picked("f_skema", choices.skema),
        sektor=picked("f_sektor", choices.sektor),
        jenis_kelamin=picked("f_gender", choices.jenis_kelamin),
    )


def _filters_changed() -> None:
    choices: filters.Choices = st.session_state["_choices"]
    _write_url(filters.to_params(_widget_state(choices), choices))


def _write_url(params: dict[str, str]) -> None:
    for name in filters.PARAMS.values():
        if name in params:
            st.query_params[name] = params[name]
        else:
            st.query_params.pop(name, None)


def _filter_bar(lang: str, version: str, choices: filters.Choices,
                shown: bool = True) -> filters.FilterState:
    """Widgets of the shared filter bar, set from the URL on every run (when ``shown``)."""
    view = filters.from_params(dict(st.query_params), choices)
    _write_url(filters.to_params(view, choices))  # drop what was malformed or out of range
    if not shown:
        return view
    st.session_state["_choices"] = choices
    st.session_state["f_years"] = (view.tahun_awal, view.tahun_akhir)
    st.session_state["f_month"] = view.bulan or 0
    st.session_state["f_regions"] = list(view.wilayah)
    st.session_state["f_skema"] = list(view.skema)
    st.session_state["f_sektor"] = list(view.sektor)
    st.session_state["f_gender"] = list(view.jenis_kelamin)
    st.subheader(t("filter.heading", lang))
    if len(choices.years) > 1:
        st.slider(t("filter.years", lang), min_value=choices.years[0],
                  max_value=choices.years[-1], step=1, key="f_years",
                  on_change=_filters_changed)
    st.selectbox(t("filter.month", lang), (0, *MONTHS), key="f_month",
                 on_change=_filters_changed,
                 format_func=lambda m: t("filter.all_months", lang) if m == 0
                 else month_year(2000, m, lang).split(" ")[0])
    region_labels = data.labels(version, lang)["kode_wilayah"]
    st.multiselect(t("filter.regions", lang), choices.regions, key="f_regions",
                   format_func=lambda c: region_labels.get(c, c), on_change=_filters_changed,
                   placeholder=t("label.all_banten", lang))
    st.multiselect(t("filter.skema", lang), choices.skema, key="f_skema",
                   on_change=_filters_changed, placeholder=t("filter.all", lang))
    st.multiselect(t("filter.sektor", lang), choices.sektor, key="f_sektor",
                   on_change=_filters_changed, placeholder=t("filter.all", lang))
    gender_labels = data.labels(version, lang)["jenis_kelamin"]
    st.multiselect(t("filter.gender", lang), choices.jenis_kelamin, key="f_gender",
                   format_func=lambda g: gender_labels.get(g, g), on_change=_filters_changed,
                   placeholder=t("filter.all", lang))
    return view
