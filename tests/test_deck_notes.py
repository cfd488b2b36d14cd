"""The briefing pack beyond its pictures (issue 15, point 3), without a browser: numbers in
words for the speaker notes (dashboard/spoken.py), the headline tiles laid out from their
measured text (dashboard/deck_layout.py), the notes on every PowerPoint slide and the QR code
of the live view on the closing slide (dashboard/deck.py, dashboard/deck_notes.py)."""

from __future__ import annotations

import io
import itertools
import os

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard import deck, deck_layout, deck_notes, deck_pdf, spoken
from tests.test_exports import bar_figure, sample_meta

LINK = "https://dasbor.example.go.id/ringkasan?seri=contoh&tahun=2024"


@pytest.mark.parametrize(("value", "lang", "words"), [
    (0, "id", "nol"), (11, "id", "sebelas"), (17, "id", "tujuh belas"),
    (100, "id", "seratus"), (983, "id", "sembilan ratus delapan puluh tiga"),
    (1000, "id", "seribu"), (3700, "id", "tiga ribu tujuh ratus"),
    (1_234_567, "id", "satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh"),
    (0, "en", "zero"), (15, "en", "fifteen"), (42, "en", "forty-two"),
    (101, "en", "one hundred and one"), (3700, "en", "three thousand seven hundred"),
    (2_000_005, "en", "two million and five"),
])
def test_whole_numbers_in_words(value: int, lang: str, words: str) -> None:
    assert spoken.whole(value, lang) == words


def test_numbers_in_a_sentence_are_followed_by_their_words_and_years_stay_years() -> None:
    assert spoken.said("3.700 PMI pada 2024, 61,8% perempuan", "id") == (
        "3.700 (tiga ribu tujuh ratus) PMI pada 2024, "
        "61,8% (enam puluh satu koma delapan persen) perempuan")
    assert spoken.said("3,700 placements in 2019–2024; 45.4 % formal", "en") == (
        "3,700 (three thousand seven hundred) placements in 2019–2024; "
        "45.4 % (forty-five point four per cent) formal")
    # each language reads its own separators: 1.234 is a thousand in Indonesian only
    assert spoken.number("1.234", "id") == "seribu dua ratus tiga puluh empat"
    assert spoken.number("1.234", "en") == "one point two three four"
    assert spoken.number("Taiwan", "id") == "Taiwan"


TILES = [deck.Headline("PMI ditempatkan", "3.700",
                       "data contoh, bukan angka resmi · Seluruh Banten · 2025 · Data s.d. "
                       "Desember 2025 (angka sejak Desember 2025 sementara)"),
         deck.Headline("Perempuan", "61,8%"), deck.Headline("Sektor formal", "45,4%"),
         deck.Headline("Negara tujuan utama", "Hong Kong DAK Tiongkok"),
         deck.Headline("Kabupaten/kota asal terbanyak", "Kota Tangerang Selatan")]


def _rectangles(boxes: list[deck_layout.TileBox]) -> list[tuple[float, float, float, float]]:
    """Every text block of the tiles: (left, top, right, bottom) in inches."""
    out = []
    for box in boxes:
        label_top, label = box.label
        note_top, note = box.note
        out.append((box.left, box.top, box.left + box.width, label_top))
        out.append((box.left, label_top, box.left + box.width,
                    label_top + deck_layout.height(len(label), deck_layout.LABEL_PT)))
        if note:
            out.append((box.left, note_top, box.left + box.width,
                        note_top + deck_layout.height(len(note), deck_layout.NOTE_PT)))
    return out


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_headline_tiles_are_laid_out_from_their_measured_text(count: int) -> None:
    remarks = ["Sumber tidak merinci jenis kelamin dan sektor untuk data contoh 2025."]
    boxes, below, lines = deck_layout.tile_layout(TILES[:count], remarks)
    assert len(boxes) == count  # only the figures given (those the series reports)
    for box, tile in zip(boxes, TILES, strict=False):
        room = (box.width - 2 * deck_layout.INSET) * 72
        assert deck_layout.text_width(tile.value, box.value_size) <= room  # one line
        assert all(deck_layout.text_width(line, deck_layout.NOTE_PT, bold=False) <= room
                   for line in box.note[1])
    rectangles = _rectangles(boxes)
    for a, b in itertools.combinations(rectangles, 2):
        overlap_x = min(a[2], b[2]) - max(a[0], b[0])
        overlap_y = min(a[3], b[3]) - max(a[1], b[1])
        assert overlap_x <= 0 or overlap_y <= 1e-9, (a, b)
    assert all(r[0] >= deck_layout.MARGIN and r[2] <= deck_layout.SLIDE_W - deck_layout.MARGIN
               + 1e-9 for r in rectangles)
    assert below >= max(r[3] for r in rectangles)  # the remarks under the tiles
    bottom = below + deck_layout.height(len(lines), deck_layout.REMARK_PT)
    assert bottom <= deck_layout.TILES_BOTTOM
    # each value at the largest size that fits its tile, up to the slide's largest
    largest = max(box.value_size for box in boxes)
    for box, tile in zip(boxes, TILES, strict=False):
        room = (box.width - 2 * deck_layout.INSET) * 72 * 0.97
        assert box.value_size == largest or \
            deck_layout.text_width(tile.value, box.value_size + 2) > room


def test_many_tiles_with_long_notes_get_smaller_rather_than_leave_the_slide() -> None:
    long = [deck.Headline(f"Angka {i}", "Kota Tangerang Selatan", "catatan panjang " * 6)
            for i in range(6)]
    boxes, below, lines = deck_layout.tile_layout(long, ["catatan " * 30])
    assert below + deck_layout.height(len(lines), deck_layout.REMARK_PT) \
        <= deck_layout.TILES_BOTTOM
    assert max(box.value_size for box in boxes) < deck_layout.VALUE_PT


def test_a_chart_slides_notes_give_each_bar_with_its_number_in_words() -> None:
    lines = deck_notes.figure_notes(bar_figure(), "id")
    assert lines == ["2022: 1.234 (seribu dua ratus tiga puluh empat)",
                     "2023: 2.345 (dua ribu tiga ratus empat puluh lima)",
                     "2024: 3.567 (tiga ribu lima ratus enam puluh tujuh)"]


def _pages(permalink: str) -> list[deck.Slide]:
    meta = sample_meta(permalink=permalink)
    png = deck_notes.qr_png("https://example.org/") or b""  # any PNG stands for a chart
    chart = deck.Slide("chart", "Judul grafik", subtitle="Subjudul", picture=png,
                       source="Sumber: contoh",
                       notes="Judul grafik\n" + "\n".join(deck_notes.figure_notes(
                           bar_figure(), "id")))
    plan = [deck.Slide("title", "Dasbor PMI Banten", subtitle="Penempatan",
                       lines=("Data contoh", "Data s.d. 2024", "Dibuat"), notes="Data contoh"),
            deck.Slide("headlines", "Angka utama", subtitle="Data contoh",
                       headlines=tuple(TILES),
                       notes="\n".join(f"{h.label}: {spoken.said(h.value, 'id')}"
                                       for h in TILES)),
            chart]
    closing = deck._closing_lines(meta)
    return [*plan, deck.Slide("closing", "Sumber dan tanggal data", lines=closing,
                              picture=deck_notes.qr_png(meta.permalink),
                              notes="\n".join(closing))]


def test_every_slide_has_speaker_notes_and_the_closing_slide_the_qr_code() -> None:
    pages = _pages(LINK)
    presentation = Presentation(io.BytesIO(deck.pptx_from_plan(pages, sample_meta())))
    notes = [slide.notes_slide.notes_text_frame.text for slide in presentation.slides]
    assert len(notes) == 4 and all(text.strip() for text in notes)
    assert "PMI ditempatkan: 3.700 (tiga ribu tujuh ratus)" in notes[1]
    assert "2024: 3.567 (tiga ribu lima ratus enam puluh tujuh)" in notes[2]
    closing = presentation.slides[-1]
    pictures = [s for s in closing.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    assert pictures[0].image.blob == deck_notes.qr_png(LINK)  # the link's own code
    text = " ".join(s.text_frame.text for s in closing.shapes if s.has_text_frame)
    assert LINK in text  # and the link written out
    # the text beside the code, not under it
    words = [s for s in closing.shapes if s.has_text_frame and LINK in s.text_frame.text]
    assert words[0].left + words[0].width <= pictures[0].left


def test_without_a_web_address_there_is_no_qr_code() -> None:
    assert deck_notes.qr_png("") is None and deck_notes.qr_png("/ringkasan?x=1") is None
    presentation = Presentation(io.BytesIO(deck.pptx_from_plan(_pages(""), sample_meta())))
    closing = presentation.slides[-1]
    assert not [s for s in closing.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def _pdf_lines(pdf: bytes) -> list[tuple[float, float, list[tuple[float, str]]]]:
    """Each PDF page's size and its text runs with their baseline (points from the top)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        runs: list[tuple[float, str]] = []

        def visit(text: str, _cm: object, tm: list[float], *_: object,
                  into: list[tuple[float, str]] = runs, top: float = height) -> None:
            if text.strip():
                into.append((top - tm[5], text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append((float(page.mediabox.width), height, runs))
    return pages


def test_the_pdf_has_the_speaker_notes_after_the_slides_with_numbers_in_words() -> None:
    pages = _pages(LINK)
    pdf = _pdf_lines(deck_pdf.pdf_from_plan(pages, sample_meta()))
    texts = [" ".join(text for _, text in runs) for _, _, runs in pdf]
    # the four slides as projected, counted among themselves; then the notes
    assert [f"Slide {n} dari 4" in text for n, text in enumerate(texts[:4], 1)] == [True] * 4
    notes = " ".join(texts[4:])
    assert all("Catatan pembicara" in text and "DATA CONTOH" in text for text in texts[4:])
    headings = [f"Slide {n} · {page.title}" for n, page in enumerate(pages, 1)]
    where = [notes.index(heading) for heading in headings]
    assert where == sorted(where), "each slide's notes under its heading, in order"
    assert "PMI ditempatkan: 3.700 (tiga ribu tujuh ratus)" in notes
    assert "2024: 3.567 (tiga ribu lima ratus enam puluh tujuh)" in notes
    assert LINK in notes


def test_long_notes_flow_onto_further_pages_and_stay_on_the_page() -> None:
    many = "\n".join(f"Kabupaten contoh {n}: {spoken.said(f'{n * 101:,}'.replace(',', '.'), 'id')}"
                     for n in range(1, 90))
    pages = [deck.Slide("title", "Dasbor PMI Banten", lines=("a", "b", "c"), notes="Judul"),
             deck.Slide("chart", "Grafik panjang", picture=deck_notes.qr_png(LINK),
                        notes=many)]
    pdf = _pdf_lines(deck_pdf.pdf_from_plan(pages, sample_meta(is_sample=False)))
    notes_pages = pdf[2:]
    assert len(notes_pages) >= 3, "89 lines of notes take several pages"
    bottom = deck_pdf.NOTES_BOTTOM * 72
    for _width, height, runs in notes_pages:
        assert "Catatan pembicara" in runs[0][1]  # each notes page has its title
        assert not any("DATA CONTOH" in text for _, text in runs)  # a real series: no mark
        body = [top for top, _ in runs[1:]]
        assert body and min(body) >= deck_pdf.NOTES_TOP * 72 - 1  # under the title
        assert max(body) <= height - bottom + 1, "no line under the bottom margin"
    said = " ".join(text for _, _, runs in notes_pages for _, text in runs)
    assert "Kabupaten contoh 89: 8.989 (delapan ribu sembilan ratus delapan puluh sembilan)" \
        in said.replace("  ", " ")


def _indicators(count: int):
    import pandas as pd

    from domain import kinerja

    names = [f"Indikator kinerja nomor {n} dengan nama yang cukup panjang untuk dua baris"
             for n in range(count)]
    return pd.DataFrame({"indikator": names, "capaian": [80.0 + n for n in range(count)],
                         "status": [kinerja.NEARLY] * count, "satuan": ["orang"] * count,
                         "realisasi": [80.0] * count, "target": [100.0] * count,
                         "is_sample": [False] * count})


def test_a_chart_of_rows_fills_the_slides_picture_box_with_print_sized_words() -> None:
    """Kinerja's overview (made for a phone: taller than the slide's box, names wrapped) is
    drawn at the picture box's own size with each name on one line, so its 13-px words print
    at 11-12 pt; drawn at its phone height and scaled down they printed at about 6 pt."""
    from dashboard import kinerja_charts
    from domain import kinerja

    figure = kinerja_charts.overview_chart(_indicators(7), 2025, kinerja.Thresholds(100, 90),
                                           "id", "Sumber uji", "2025")
    width, height = deck.picture_size()
    assert figure.layout.height > height  # the phone's layout would be scaled down
    drawn, size = deck.slide_picture(figure)
    assert size == (width, height)
    names = [a.text for a in drawn.layout.annotations if a.xref == "paper" and a.x == 0
             and a.name != "frame_footer"]
    assert len(names) == 7 and not any("<br>" in name for name in names)
    assert any("<br>" in a.text for a in figure.layout.annotations)  # the page's is as it was
    box_width_pt = deck.PICTURE_BOX[2] * 72
    words = [a.font.size for a in drawn.layout.annotations if a.name != "frame_footer"]
    printed = min(words) * box_width_pt / size[0]  # the source line is set as slide text
    assert printed >= 11


def test_more_rows_than_the_box_holds_are_drawn_taller_and_other_tall_charts_kept() -> None:
    from dashboard import kinerja_charts
    from domain import kinerja

    many = kinerja_charts.overview_chart(_indicators(16), 2025, kinerja.Thresholds(100, 90),
                                         "id", "Sumber uji", "2025")
    width, height = deck.picture_size()
    _, (drawn_w, drawn_h) = deck.slide_picture(many)
    assert drawn_h == 16 * deck.ROW_PX + deck.ROWS_AXIS_PX < many.layout.height
    assert drawn_w / drawn_h == pytest.approx(width / height, rel=0.01)
    tall = bar_figure(height=900)  # not a chart of rows: its own height, scaled down
    figure, size = deck.slide_picture(tall)
    assert figure is tall and size == (round(900 * width / height), 900)
    short = bar_figure(height=300)
    assert deck.slide_picture(short) == (short, (width, height))


# with CI set, missing fonts fail the test (.ci/run installs them)
@pytest.mark.skipif(not all(font.is_file() for font in (*deck_layout.PDF_FONTS,
                                                        deck_layout.PDF_FALLBACK_FONTS[0]))
                    and not os.environ.get("CI"),
                    reason="fonts-liberation and fonts-dejavu-core are not installed")
def test_the_pdf_notes_keep_the_status_signs(recwarn: pytest.WarningsRecorder) -> None:
    """Kinerja's notes say a status with its sign (✔ ✖ ◐), which Liberation Sans lacks: the
    PDF draws them from DejaVu Sans rather than leave a gap."""
    pages = [deck.Slide("title", "Dasbor PMI Banten", lines=("a", "b", "c"),
                        notes="Pengaduan: 101,2% · ✔ Tercapai\nKasus: ✖ Belum tercapai · ◐")]
    notes = _pdf_lines(deck_pdf.pdf_from_plan(pages, sample_meta(is_sample=False)))[1]
    said = " ".join(text for _, _, runs in [notes] for _, text in runs)
    assert "✔" in said and "✖" in said and "◐" in said
    assert not [w for w in recwarn if "missing the following glyphs" in str(w.message)]
