"""Contrast of the palette and the page's own text colours against the white background, by
the WCAG 2.2 formula (relative luminance, (L1 + 0.05) / (L2 + 0.05)): text ≥ 4.5:1 (1.4.3),
chart marks ≥ 3:1 (1.4.11, non-text contrast). Issue 18; docs/accessibility.md lists the
measured ratios and the known exceptions (the map's lightest classes, the "no data" grey)."""

from __future__ import annotations

import re

import pytest

from dashboard import palette
from tests.conftest import ROOT

BACKGROUND = "#FFFFFF"
TEXT_MIN = 4.5
MARK_MIN = 3.0
STYLE = ROOT / "dashboard" / "style.css"


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#RRGGBB`` (or ``#RGB``) colour."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_gives_the_known_ratios() -> None:
    assert ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the AA grey


@pytest.mark.parametrize("colour", [*palette.CATEGORICAL, *palette.PALETTE])
def test_chart_marks_stand_out_from_the_background(colour: str) -> None:
    assert ratio(colour, BACKGROUND) >= MARK_MIN, colour


def _text_colours() -> list[str]:
    css = STYLE.read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return re.findall(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{3})\b", css)


def test_style_sheet_sets_text_colours() -> None:
    assert len(_text_colours()) >= 4


@pytest.mark.parametrize("colour", sorted(set(_text_colours())
                                          | {palette.TEXT_COLOUR, "#505a5f", "#8A4B00"}))
def test_text_is_readable_on_the_background(colour: str) -> None:
    """Every text colour of the style sheet, and the chart's own words (title, subtitle and
    source line #505a5f, sample mark #8A4B00)."""
    assert ratio(colour, BACKGROUND) >= TEXT_MIN, colour
