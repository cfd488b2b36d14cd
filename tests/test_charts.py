"""Chart builders: pure functions that frame every figure the same way."""

from __future__ import annotations

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
