"""Chart builders: pure functions that frame every figure the same way."""

from __future__ import annotations

import dataclasses

import pandas as pd

from dashboard import chart_spec, charts, palette

SPEC = chart_spec.ChartSpec(
    title="Kab. Serang mengirim PMI terbanyak", subtitle="PMI, Banten, 2024",
    footer="Sumber: BP2MI · Data s.d. Desember 2024", lang="id",
    sample_mark="DATA CONTOH / SAMPLE DATA")


def test_every_chart_is_framed_with_title_subtitle_footer_and_sample_mark():
    frame = pd.DataFrame({"tahun": [2023, 2024], "jumlah": [3183, 3567]})
    fig = charts.bar_chart(frame, "tahun", SPEC)
    title = fig.layout.title.text
    assert "Kab. Serang mengirim PMI terbanyak" in title and "PMI, Banten, 2024" in title
    texts = [a.text for a in fig.layout.annotations]
    assert "Sumber: BP2MI · Data s.d. Desember 2024" in texts
    assert "DATA CONTOH / SAMPLE DATA" in title  # above the title, where nothing overlaps it
    assert fig.layout.separators == ",."
    assert list(fig.data[0].text) == ["3.183", "3.567"]


def test_english_charts_use_english_separators():
    frame = pd.DataFrame({"tahun": [2024], "jumlah": [3567]})
    fig = charts.bar_chart(frame, "tahun", chart_spec.ChartSpec("t", "s", "f", lang="en"))
    assert fig.layout.separators == ".,"
    assert list(fig.data[0].text) == ["3,567"]
    assert "SAMPLE" not in fig.layout.title.text


def test_same_scheme_same_colour_on_every_chart_and_grey_only_for_not_reported():
    frame = pd.DataFrame({"tahun": [2024, 2024, 2024], "skema": ["G to G", "P to P", None],
                          "jumlah": [61, 850, 40]})
    bars = charts.bar_chart(frame, "tahun", SPEC, color="skema")
    colours = {trace.name: trace.marker.color for trace in bars.data}
    assert colours["G to G"] == palette.CATEGORY_COLOURS["skema"]["G to G"]
    assert colours["P to P"] == palette.CATEGORY_COLOURS["skema"]["P to P"]
    assert colours[SPEC.not_reported] == palette.NOT_REPORTED_COLOUR
    ranking = charts.ranking_chart(frame.drop(columns="tahun"), "skema", SPEC, "skema")
    by_name = dict(zip(ranking.data[0].y, ranking.data[0].marker.color, strict=True))
    assert by_name["G to G"] == colours["G to G"]
    assert palette.NOT_REPORTED_COLOUR not in [c for n, c in by_name.items()
                                               if n != SPEC.not_reported]


def test_suppressed_cells_are_labelled_not_plotted():
    frame = pd.DataFrame({"skema": ["P to P", "UKPS"], "jumlah": pd.array([850, pd.NA],
                                                                         dtype="Int64"),
                          "ditekan": [False, True]})
    fig = charts.ranking_chart(frame, "skema", SPEC)
    by_name = dict(zip(fig.data[0].y, zip(fig.data[0].x, fig.data[0].text, strict=True),
                       strict=True))
    assert by_name["UKPS"] == (0.0, "<5")
    assert by_name["P to P"] == (850.0, "850")


def test_heatmap_writes_the_numbers_in_the_cells():
    frame = pd.DataFrame({"kode_wilayah": ["3604", "3604", "3601"],
                          "skema": ["P to P", "G to G", "P to P"], "jumlah": [850, 61, 794]})
    fig = charts.heatmap(frame, "skema", "kode_wilayah", SPEC, x_order=["P to P", "G to G"],
                         y_labels={"3604": "Kab. Serang", "3601": "Kab. Pandeglang"})
    assert list(fig.data[0].y) == ["Kab. Serang", "Kab. Pandeglang"]
    assert [list(row) for row in fig.data[0].text] == [["850", "61"], ["794", "0"]]


def test_a_page_writes_the_frame_as_text_and_draws_the_plot_alone():
    """On a page the title, subtitle, mark and source line are text around the plot (they
    wrap on a phone; plotly cuts them): the page figure has none of them, its legend sits
    below the plot, and the axes cannot be zoomed by a stray touch. The framed figure, which
    exports draw, is left as it was."""
    frame = pd.DataFrame({"tahun": [2023, 2023, 2024, 2024], "skema": ["P to P", "G to G"] * 2,
                          "jumlah": [800, 60, 850, 61]})
    spec = chart_spec.ChartSpec(title="Judul", subtitle="Baris satu<br>baris dua",
                                footer="Sumber: BP2MI · Data s.d. Desember 2024", lang="id",
                                sample_mark="DATA CONTOH / SAMPLE DATA")
    fig = charts.bar_chart(frame, "tahun", spec, color="skema")
    page = chart_spec.page_figure(fig)
    assert not page.layout.title.text
    assert not [a for a in page.layout.annotations if "Sumber" in (a.text or "")]
    assert page.layout.legend.yref == "container" and page.layout.legend.y == 0
    assert page.layout.legend.orientation == "h"
    assert page.layout.xaxis.fixedrange and page.layout.yaxis.fixedrange
    framed = chart_spec.chart_frame(page)
    assert framed == chart_spec.ChartFrame(title="Judul", subtitle="Baris satu baris dua",
                                           footer="Sumber: BP2MI · Data s.d. Desember 2024",
                                           sample_mark="DATA CONTOH / SAMPLE DATA")
    assert framed.heading.startswith("DATA CONTOH / SAMPLE DATA Judul")
    # the figure the exports draw keeps its frame
    assert "Judul" in fig.layout.title.text
    assert any(a.text == spec.footer for a in fig.layout.annotations)
    assert chart_spec.chart_frame(fig.to_plotly_json()) == framed


def test_ranking_numbers_stay_inside_the_figure():
    """Long bars carry their number inside (outside, the longest one's ran past a phone's
    edge); shorter ones, zeros included, just outside."""
    frame = pd.DataFrame({"negara_tujuan": ["TW", "MY", "JP", "DE"],
                          "jumlah": [1043, 806, 142, 0]})
    fig = charts.ranking_chart(frame, "negara_tujuan", SPEC)
    shown = dict(zip(fig.data[0].y, fig.data[0].textposition, strict=True))
    assert shown == {"TW": "inside", "MY": "inside", "JP": "outside", "DE": "outside"}


def test_categorical_breakdowns_are_horizontal_bars_named_across():
    """Given sectors per regency, when drawn as a breakdown, then every bar is horizontal with
    the regency's name on the category axis, in the frame's order from the top, each sector in
    its fixed colour, the frame kept — and the chart grows with its categories, not its
    names' length."""
    regions = {"3601": "Kab. Pandeglang", "3602": "Kab. Lebak", "3674": "Kota Tangerang Selatan"}
    frame = pd.DataFrame({"kode_wilayah": [c for c in regions for _ in (0, 1)],
                          "sektor": ["Formal", "Informal"] * 3, "jumlah": [10, 20, 300, 40, 7, 0]})
    fig = charts.breakdown_chart(frame, "kode_wilayah", SPEC, color="sektor",
                                 category_labels=regions)
    assert [trace.orientation for trace in fig.data] == ["h", "h"]
    assert list(fig.data[0].y) == list(regions.values())
    assert list(fig.data[0].x) == [10.0, 300.0, 7.0]
    assert fig.layout.yaxis.autorange == "reversed"
    assert list(fig.layout.yaxis.categoryarray) == list(regions.values())
    assert {trace.name: trace.marker.color for trace in fig.data} == {
        s: palette.CATEGORY_COLOURS["sektor"][s] for s in ("Formal", "Informal")}
    assert chart_spec.chart_frame(fig).title == SPEC.title
    assert {trace.textangle for trace in fig.data} == {0}  # numbers never turned
    assert chart_spec.page_figure(fig).layout.legend.traceorder == "normal"  # bars' order
    eight = pd.DataFrame({"kode_wilayah": [f"36{i:02d}" for i in range(8)],
                          "jumlah": list(range(1, 9))})
    assert charts.breakdown_chart(eight, "kode_wilayah", SPEC).layout.height > fig.layout.height
    grouped = charts.breakdown_chart(frame, "kode_wilayah", SPEC, color="sektor", stacked=False)
    assert grouped.layout.barmode == "group"
    assert grouped.layout.height > fig.layout.height  # a bar per sector in each row


def test_an_unreported_category_is_named_as_such_in_a_breakdown():
    frame = pd.DataFrame({"sektor": ["Formal", None], "jumlah": [5, 9]})
    fig = charts.breakdown_chart(frame, "sektor", SPEC)
    assert list(fig.data[0].y) == ["Formal", SPEC.not_reported]


def _marked(fig) -> list[tuple[float, float]]:
    return [(shape.x0, shape.x1) for shape in fig.layout.shapes
            if shape.name == charts.HIGHLIGHT_NAME]


def test_the_selected_period_is_framed_on_a_chart_over_time_and_named_in_bold():
    """Given every year 2019–2025 with 2025 selected, then 2025's slot is framed (the last of
    seven categories: 5.5 to 6.5) without a fill that would lower the bars' contrast, and its
    axis label is bold, the others not; the page's copy keeps the frame. A chart of the
    selected years alone marks nothing."""
    years = pd.DataFrame({"tahun": list(range(2019, 2026)), "jumlah": range(100, 107)})
    spec = dataclasses.replace(SPEC, highlight=("2025",))
    fig = charts.bar_chart(years, "tahun", spec)
    assert _marked(fig) == [(5.5, 6.5)]
    assert fig.layout.shapes[0].fillcolor == "rgba(0,0,0,0)"
    assert fig.layout.shapes[0].line.dash == "dot"
    assert [text for text in fig.layout.xaxis.ticktext if "<b>" in text] == ["<b>2025</b>"]
    assert _marked(chart_spec.page_figure(fig)) == [(5.5, 6.5)]
    two = dataclasses.replace(SPEC, highlight=("2023", "2024"))
    stacked = charts.bar_chart(years.assign(skema="P to P"), "tahun", two, color="skema")
    assert _marked(stacked) == [(3.5, 5.5)]
    alone = charts.bar_chart(years[years["tahun"] == 2025], "tahun", spec)
    assert _marked(alone) == [] and alone.layout.xaxis.ticktext is None
    assert _marked(charts.bar_chart(years, "tahun", SPEC)) == []


def test_a_line_over_months_frames_the_selected_year_by_its_months():
    months = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]
    frame = pd.DataFrame({"periode": months, "jumlah": range(24)})
    spec = dataclasses.replace(SPEC, highlight=tuple(p for p in months if p.startswith("2025")))
    fig = charts.line_chart(frame, "periode", spec, x_labels={p: p[5:] + "/" + p[:4]
                                                             for p in months})
    assert _marked(fig) == [(11.5, 23.5)]
    assert fig.layout.xaxis.ticktext is None  # 24 labels: too many to fix, the frame marks it
