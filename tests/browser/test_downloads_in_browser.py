"""Downloads in a real browser: the data behind a chart and its server-rendered image."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PageOpener

pytestmark = pytest.mark.browser


def _download(page, label: str):
    page.get_by_role("button", name="Unduh").first.click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label, exact=True).click()
    return info.value


def test_csv_of_a_chart_downloads_with_its_header_block(open_page: PageOpener, tmp_path):
    page = open_page("/skema", charts=2)
    download = _download(page, "CSV")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert download.suggested_filename.endswith(".csv")
    assert text.startswith("#") and "DATA CONTOH" in text
    assert "Jumlah PMI" in text


def test_png_of_a_chart_is_rendered_on_the_server(open_page: PageOpener, tmp_path):
    page = open_page("/", charts=1)
    download = _download(page, "PNG")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(head[16:20], "big")
    assert width == 2400  # 1200 px at 2x


def test_briefing_pack_downloads_as_a_deck_of_the_views_key_charts(open_page: PageOpener,
                                                                  tmp_path):
    from pptx import Presentation

    page = open_page("/", charts=1)
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Unduh bahan paparan (PowerPoint)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    deck = Presentation(str(path))
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title]
    # title slide, headline figures, one slide per key chart (trend, by regency, scheme,
    # sector, destinations on the sample view, and the Kinerja overview of the shipped sample
    # indicators), closing
    assert len(deck.slides) == 9, titles
    assert any("menempatkan PMI terbanyak" in title for title in titles), titles  # by regency
    assert any("skema" in title.casefold() for title in titles), titles
    assert any("indikator tercapai pada" in title for title in titles), titles
