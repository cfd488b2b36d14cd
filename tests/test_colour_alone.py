"""No meaning by colour alone (issue 18; WCAG 1.4.1): lines told apart by colour also differ
in marker shape and dash, in the plot and in the legend; a single line keeps the plain
style; a provisional point keeps its open marker in the series' own shape."""

from __future__ import annotations

import pandas as pd

from dashboard import charts
from dashboard.chart_spec import ChartSpec

SPEC = ChartSpec(title="Judul", subtitle="Sub", footer="Sumber", lang="id")


def _lines(fig: object) -> list[object]:
    return [trace for trace in fig.data if trace.type == "scatter"]  # type: ignore[attr-defined]


def test_each_series_has_its_own_shape_and_dash() -> None:
    frame = pd.DataFrame({"tahun": ["2023", "2024"] * 4,
                          "kode_wilayah": ["3601"] * 2 + ["3602"] * 2 + ["3603"] * 2
                          + ["3604"] * 2, "jumlah": [5, 6, 7, 8, 9, 10, 11, 12]})
    lines = _lines(charts.line_chart(frame, "tahun", SPEC, color="kode_wilayah"))
    assert len(lines) == 4
    styles = {(line.marker.symbol[0], line.line.dash) for line in lines}
    assert len(styles) == 4  # no two series alike without their colour
    assert len({line.marker.symbol[0] for line in lines}) == 4
    assert len({line.line.dash for line in lines}) == 4


def test_a_single_line_keeps_the_plain_style() -> None:
    frame = pd.DataFrame({"tahun": ["2023", "2024"], "jumlah": [5, 6]})
    (line,) = _lines(charts.line_chart(frame, "tahun", SPEC))
    assert list(line.marker.symbol) == ["circle", "circle"] and line.line.dash == "solid"


def test_a_provisional_point_is_open_in_its_series_shape() -> None:
    frame = pd.DataFrame({"tahun": ["2024", "2025"] * 2, "skema": ["A", "A", "B", "B"],
                          "jumlah": [5, 6, 7, 8]})
    spec = ChartSpec(title="J", subtitle="S", footer="F", lang="id", provisional_x=("2025",),
                     provisional_label="sementara")
    lines = _lines(charts.line_chart(frame, "tahun", spec, color="skema"))
    assert [list(line.marker.symbol) for line in lines] == [["circle", "circle-open"],
                                                            ["square", "square-open"]]
