"""Fuzzing every input layout (issue 12): random damage to the example files of each layout
(kanonik, rekap, portal, records, kinerja) never makes ``check`` or ``load`` fail with anything
but the project's problem reports.

The damage: bytes flipped, inserted (NUL, 0x81, CR, BOMs, line-separator characters, quotes,
delimiters …), deleted, duplicated or cut off; lines duplicated, dropped, swapped; every
delimiter or quote changed; long runs (a cell at and over the 32,767-character limit, a row of
1,001 cells) — on the CSV saved as it is, as UTF-8 with BOM, UTF-16 or Windows-1252, with
``--tahun``/``--series`` sometimes given. As XLSX: the same damage to the cells before the
workbook is written (with merged ranges), well-formed damage to the sheet's XML (references,
types, values, rows, merged ranges, formulas without values), or bytes of the archive itself.

For every damaged file:

- ``check`` returns a report (no exception escapes); a refused file has errors, each naming the
  file and saying what to do, with a line number (when it has one) of 1 or more;
- ``check`` and ``load`` agree: a file ``check`` accepts is loaded (into a store holding an
  unrelated batch, so only a refusal by the store itself — an overlap — could differ, and then
  the store is unchanged); a file ``check`` refuses is refused by ``load`` with the same errors;
- a file that is not loaded leaves the store file byte for byte as it was (and no temporary
  copy behind); a loaded file adds one batch holding the rows the report counted.

And title lines above a rekap or a record export change nothing but the line numbers.

Bounded and deterministic: a fixed number of examples per layout and format, derandomised, no
example database; marked slow (tier 2). ``PMI_FUZZ_EXAMPLES`` raises the number for a longer
local run. What the fuzz found is also a plain regression test at the end of this file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from loaders import layouts, limits, pipeline
from loaders.report import FileReport
from loaders.source import open_source
from tests.conftest import ROOT

EXAMPLES = int(os.environ.get("PMI_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

EXAMPLE_DIR = ROOT / "docs" / "examples"
#: The example files of each layout (the name ``layouts.detect`` gives them).
SEEDS: dict[str, list[Path]] = {
    "kanonik": [EXAMPLE_DIR / "kanonik.csv", ROOT / "data" / "published" / "bp2mi_penempatan.csv",
                ROOT / "data" / "published" / "disnaker_keberangkatan.csv",
                ROOT / "data" / "sample" / "penempatan_contoh.csv"],
    "rekap": [EXAMPLE_DIR / "rekap.csv",
              *sorted((ROOT / "tests" / "fixtures" / "rekap").glob("*.csv"))],
    "portal": [EXAMPLE_DIR / "portal.csv"],
    "records": [EXAMPLE_DIR / "records.csv"],
    "kinerja": [EXAMPLE_DIR / "kinerja.csv", ROOT / "data" / "sample" / "kinerja_contoh.csv"],
}
#: Lines kept of a long seed (the sample dataset): the fuzz damages bytes, not volume.
SEED_LINES = 80
#: The unrelated batch every store starts with (another series: it never overlaps).
BASELINE = ROOT / "data" / "published" / "disnaker_verifikasi.csv"
#: Refusals only the store can make (check does not look at it): overlaps, replacements.
STORE_REFUSALS = ("tumpang tindih dengan batch", "berkas pengganti tidak memuat")


def seed_bytes(path: Path, encoding: str = "") -> bytes:
    """The first SEED_LINES lines of ``path``, saved again in ``encoding`` (with its BOM) when
    one is given, as a spreadsheet's "save as" would."""
    data = b"".join(path.read_bytes().splitlines(keepends=True)[:SEED_LINES])
    if not encoding:
        return data
    text = data.decode("cp1252" if path.name.endswith("cp1252.csv") else "utf-8-sig")
    return text.encode(encoding, errors="replace")


#: Encodings a seed is saved in before it is damaged ("": as it is).
ENCODINGS = ("", "", "", "utf-8-sig", "utf-16", "cp1252")


# --- damage ------------------------------------------------------------------------------

TOKENS = (b"\x00", b"\x81", b"\r", b"\n", b"\r\n", b'"', b"'", b",", b";", b"\t", b"|",
          b"\xef\xbb\xbf", b"\xff\xfe", b"-", b"=", b"0", b"1.234", b"12,5", b"*)", b"%",
          b"JUMLAH", b"TAHUN 2024", b"Kab. Serang", b"99999999999999999999", b"\xe2\x80\x8b",
          b"\xc3\xa4", b"\x1b[31m", b"2023-01-15", b"TW V", b"NaN", b"-5", b"1e18",
          # characters Python's str.splitlines takes for line ends, the CSV parsers do not
          b"\x0c", b"\x0b", b"\x1c", b"\xc2\x85", b"\xe2\x80\xa8",
          # a quoted cell over two lines (a title typed with Alt+Enter)
          b'"dua\nbaris"', b'"dua\r\nbaris"')
#: (byte, count) of a long run inserted at once: a cell at and over the 32,767-character limit,
#: a row of more than 1,000 cells, a long number.
RUNS = ((b"x", 1_000), (b"x", limits.MAX_CELL_CHARS), (b"x", limits.MAX_CELL_CHARS + 1),
        (b"9", 400), (b",", limits.MAX_COLUMNS + 1), (b";", 300), (b'"', 3), (b"\n", 50))

position = st.integers(min_value=0, max_value=1 << 20)
mutation = st.one_of(
    st.tuples(st.just("flip"), position, st.integers(0, 7)),
    st.tuples(st.just("insert"), position, st.sampled_from(TOKENS)),
    st.tuples(st.just("insert"), position, st.binary(min_size=1, max_size=6)),
    st.tuples(st.just("delete"), position, st.integers(1, 64)),
    st.tuples(st.just("duplicate"), position, st.integers(1, 400)),
    st.tuples(st.just("truncate"), position),
    st.tuples(st.just("line"), st.sampled_from(["dup", "del", "swap", "first"]), position,
              position),
    st.tuples(st.just("delimiter"), st.sampled_from([b",", b";", b"\t", b"|"]),
              st.sampled_from([b",", b";", b"\t", b"|", b" "]), st.booleans()),
    st.tuples(st.just("quote"), st.sampled_from(["single", "strip", "open"]), position),
    st.tuples(st.just("run"), position, st.sampled_from(RUNS)),
)
mutations = st.lists(mutation, min_size=1, max_size=4)

#: Damage that keeps a workbook's XML well formed, so that it reaches the sheet readers: an
#: attribute (cell and range references, types, styles, hidden rows) or a value changed, an
#: element added after a row or after the table.
XML_ATTRIBUTES = (b"r", b"ref", b"t", b"s", b"hidden", b"spans", b"sqref")
XML_TEXTS = (b"", b"0", b"A0", b"A1", b"B2:A1", b"A1:XFD1", b"XFD1048577", b"ZZZZ9", b"-1",
             b"1e3", b"x", b"str", b"inlineStr", b"b", b"e", b"d", b"n", b"s", b"99999999999",
             b"1:16384", b"A1:A1048576", b"C3:E5", b"true")
XML_VALUES = (b"", b"abc", b"1e308", b"-1", b"nan", b"inf", b"99999999999999999999", b"1.5",
              b"2958466", b"-700000", b"0", b"1,234", b"3604")
XML_ELEMENTS = (
    (b'<row r="0"><c r="A0"><v>1</v></c></row>', b"</row>"),
    (b'<row r="3" hidden="1"><c r="B3" t="inlineStr"><is><t>JUMLAH</t></is></c></row>',
     b"</row>"),
    (b'<row><c><v>7</v></c><c t="b"><v>1</v></c><c t="e"><v>#REF!</v></c></row>', b"</row>"),
    (b'<row r="4"><c r="C4"><f>SUM(A1:B1)</f></c></row>', b"</row>"),
    (b'<mergeCells count="1"><mergeCell ref="A1:C3"/></mergeCells>', b"</sheetData>"),
    (b'<mergeCells count="1"><mergeCell ref="A0:B2"/></mergeCells>', b"</sheetData>"),
    (b'<mergeCells count="2"><mergeCell ref="B5:D5"/><mergeCell ref="C5:C9"/></mergeCells>',
     b"</sheetData>"),
)
xml_mutation = st.one_of(
    st.tuples(st.just("xml-attribute"), st.sampled_from(XML_ATTRIBUTES),
              st.sampled_from(XML_TEXTS), position),
    st.tuples(st.just("xml-value"), st.sampled_from(XML_VALUES), position),
    st.tuples(st.just("xml-element"), st.sampled_from(XML_ELEMENTS), position),
)
#: Mostly well-formed damage, sometimes with a byte-level one on top.
xml_mutations = st.tuples(st.lists(xml_mutation, min_size=1, max_size=4),
                          st.lists(mutation, max_size=1)).map(lambda pair: pair[0] + pair[1])


#: One damage: its kind, then its arguments (as drawn by the strategies above).
Op = tuple[Any, ...]


def mutate(data: bytes, ops: list[Op]) -> bytes:
    """``data`` after each of ``ops`` (positions are taken modulo the current length)."""
    for op in ops:
        data = _apply(data, op)
    return data


def _apply(data: bytes, op: Op) -> bytes:
    kind, *args = op
    size = len(data)
    at = (int(args[0]) % (size + 1)) if args and isinstance(args[0], int) else 0
    if kind == "flip":
        if not size:
            return data
        at %= size
        return data[:at] + bytes([data[at] ^ (1 << int(args[1]))]) + data[at + 1:]
    if kind == "insert":
        return data[:at] + bytes(args[1]) + data[at:]
    if kind == "delete":
        return data[:at] + data[at + int(args[1]):]
    if kind == "duplicate":
        return data[:at] + data[at:at + int(args[1])] + data[at:]
    if kind == "truncate":
        return data[:at]
    if kind == "line":
        return _line_op(data, str(args[0]), int(args[1]), int(args[2]))
    if kind == "delimiter":
        old, new, every = bytes(args[0]), bytes(args[1]), bool(args[2])
        return data.replace(old, new) if every else data.replace(old, new, 3)
    if kind == "quote":
        variant = args[0]
        if variant == "single":
            return data.replace(b'"', b"'")
        if variant == "strip":
            return data.replace(b'"', b"")
        at = int(args[1]) % (size + 1)
        return data[:at] + b'"' + data[at:]
    if kind == "run":
        byte, count = args[1]
        return data[:at] + byte * count + data[at:]
    if kind == "xml-attribute":
        return _nth_sub(data, rb'\b' + bytes(args[0]) + rb'="[^"]*"',
                        bytes(args[0]) + b'="' + bytes(args[1]) + b'"', int(args[2]))
    if kind == "xml-value":
        return _nth_sub(data, rb"<(v|t)>[^<]*</(v|t)>", b"<v>" + bytes(args[0]) + b"</v>",
                        int(args[1]))
    if kind == "xml-element":
        element, anchor = args[0]
        return _nth_sub(data, anchor, anchor + element, int(args[1]))
    raise AssertionError(kind)


def _nth_sub(data: bytes, pattern: bytes, replacement: bytes, nth: int) -> bytes:
    """``data`` with the ``nth`` match of ``pattern`` (modulo their number) replaced."""
    found = list(re.finditer(pattern, data))
    if not found:
        return data
    match = found[nth % len(found)]
    return data[:match.start()] + replacement + data[match.end():]


def _line_op(data: bytes, kind: str, first: int, second: int) -> bytes:
    lines = data.splitlines(keepends=True)
    if not lines:
        return data
    i, j = first % len(lines), second % len(lines)
    if kind == "dup":
        lines.insert(i, lines[i])
    elif kind == "del":
        del lines[i]
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    else:  # a line moved to the top (a header below its data, a title in the middle)
        lines.insert(0, lines.pop(i))
    return b"".join(lines)


# --- workbooks ---------------------------------------------------------------------------


def _cells_of(data: bytes) -> list[list[str]]:
    """The rows of a (possibly damaged) delimited text, as a spreadsheet program would split
    them when it opens the file."""
    text = data.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t", "|"), key=first.count)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _typed(text: str) -> object:
    """A cell as a spreadsheet types it: empty cells are absent, whole numbers are numbers, the
    rest is text (without the characters a workbook cannot hold)."""
    if not text:
        return None
    if re.fullmatch(r"-?[0-9]{1,15}", text):
        return int(text)
    if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3}){1,4}", text):  # "1,020" in a comma-separated file
        return int(text.replace(",", ""))
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def workbook(rows: list[list[str]], merges: list[tuple[int, int, int, int]] = ()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([_typed(c) for c in row])
    for r0, c0, height, width in merges:
        top = r0 % max(sheet.max_row, 1) + 1
        left = c0 % max(sheet.max_column, 1) + 1
        sheet.merge_cells(start_row=top, start_column=left, end_row=top + height,
                          end_column=left + width)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(xlsx: bytes, part_pattern: str, ops: list[Op]) -> bytes:
    """The workbook with the XML of its parts matching ``part_pattern`` damaged, zipped again
    (so that the archive itself is sound and the damage reaches the XML readers)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if re.search(part_pattern, info.filename):
                content = mutate(content, ops)
            target.writestr(info.filename, content)
    return out.getvalue()


SHEET_PART = r"worksheets/sheet\d+\.xml$"
merge = st.tuples(st.integers(0, 60), st.integers(0, 20), st.integers(0, 2), st.integers(0, 3))
xlsx_damage = st.one_of(
    st.tuples(st.just("cells"), mutations, st.lists(merge, max_size=2)),
    st.tuples(st.just("xml"), st.sampled_from([SHEET_PART, SHEET_PART, SHEET_PART,
                                               r"workbook\.xml$", r"styles\.xml$",
                                               r"\.rels$"]), xml_mutations),
    st.tuples(st.just("zip"), mutations),
)


def damaged_workbook(seed: bytes, damage: Op) -> bytes:
    kind = damage[0]
    if kind == "cells":
        return workbook(_cells_of(mutate(seed, damage[1])), damage[2])
    valid = workbook(_cells_of(seed))
    if kind == "xml":
        return rezip(valid, str(damage[1]), damage[2])
    return mutate(valid, damage[1])


# --- the properties ------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreState:
    """The store file's bytes (as a digest) and what it holds."""

    digest: str
    batches: int
    facts: tuple[int, int]  # rows, sum of jumlah
    indicators: int


def store_state(db: Path) -> StoreState:
    con = duckdb.connect(str(db), read_only=True)
    try:
        batches = con.execute("SELECT count(*) FROM batch").fetchone()[0]
        facts = con.execute("SELECT count(*), coalesce(sum(jumlah), 0) FROM fact").fetchone()
        indicators = con.execute("SELECT count(*) FROM kinerja").fetchone()[0]
    finally:
        con.close()
    return StoreState(digest(db), int(batches), (int(facts[0]), int(facts[1])),
                      int(indicators))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_beside(db: Path) -> list[str]:
    """The files in the store's folder but its lock (a leftover copy would show here)."""
    return sorted(p.name for p in db.parent.iterdir() if not p.name.endswith(".lock"))


@dataclass(frozen=True)
class Template:
    """A store holding one batch of an unrelated series (verifikasi), copied for each
    example, and its state (the same for every copy)."""

    path: Path
    state: StoreState


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    db = tmp_path_factory.mktemp("fuzz-template") / "pmi.duckdb"
    [report] = pipeline.load([BASELINE], db, pipeline.Options(series="verifikasi"))
    assert report.status == "loaded", [p.format() for p in report.problems]
    return Template(db, store_state(db))


def assert_reported(report: FileReport, name: str) -> None:
    """A report the maintainer can act on: each error names the file, says what to do, and a
    line it names is a real line."""
    assert report.status in {"checked", "refused"}, report.status
    assert (report.status == "refused") == bool(report.errors)
    for problem in report.problems:
        assert problem.file in {name, limits.clean_name(Path(name).stem + ".meta.yml")}, problem
        assert problem.message.strip(), problem
        if problem.severity == "error":
            assert problem.hint.strip(), problem.format()
        assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1), \
            problem.format()
        assert problem.column is None or isinstance(problem.column, str), problem


def exercise(path: Path, template: Template, store_dir: Path,
             options: pipeline.Options | None = None) -> str:
    """``check`` then ``load`` of ``path`` against a copy of ``template``; asserts the
    properties and returns the check's status."""
    name = limits.clean_name(path.name)
    options = options or pipeline.Options()
    [checked] = pipeline.check([path], options)
    assert_reported(checked, name)

    shutil.rmtree(store_dir, ignore_errors=True)
    store_dir.mkdir(parents=True)
    db = store_dir / "pmi.duckdb"
    shutil.copyfile(template.path, db)
    [loaded] = pipeline.load([path], db, options)

    if checked.status == "refused":
        assert loaded.status == "refused", loaded.status
        assert [p.format() for p in loaded.errors] == [p.format() for p in checked.errors]
    elif loaded.status != "loaded":
        assert loaded.status == "refused", loaded.status
        assert all(p.message.startswith(STORE_REFUSALS) for p in loaded.errors), \
            [p.format() for p in loaded.errors]
    assert files_beside(db) == ["pmi.duckdb"]  # no copy left behind, loaded or not
    if loaded.status != "loaded":  # the same bytes: the same batches and figures
        assert digest(db) == template.state.digest
        return checked.status
    after = store_state(db)
    assert after.batches == template.state.batches + 1
    con = duckdb.connect(str(db), read_only=True)
    try:
        table = "kinerja" if loaded.layout == "kinerja" else "fact"
        stored = con.execute(f"SELECT count(*) FROM {table} WHERE batch_id = ?",
                             [loaded.batch_id]).fetchone()[0]
    finally:
        con.close()
    assert stored == loaded.rows_stored
    before = template.state
    if table == "fact":
        assert after.facts[0] == before.facts[0] + stored
        assert after.indicators == before.indicators
    else:
        assert after.indicators == before.indicators + stored
        assert after.facts == before.facts
    return checked.status


@pytest.mark.slow
def test_every_seed_is_a_valid_file_of_its_layout(tmp_path: Path) -> None:
    """The fuzz starts from good files: each seed (and its workbook) is detected as its layout
    and passes ``check``."""
    for layout, paths in SEEDS.items():
        for seed in paths:
            for suffix, content in ((".csv", seed_bytes(seed)),
                                    (".xlsx", workbook(_cells_of(seed_bytes(seed))))):
                if seed.name.endswith("cp1252.csv") and suffix == ".xlsx":
                    continue  # decoded as UTF-8 for the workbook: its dash is lost
                path = tmp_path / f"{seed.stem}{suffix}"
                path.write_bytes(content)
                assert layouts.detect(open_source(path)).name == layout, path.name
                [report] = pipeline.check([path], pipeline.Options())
                assert report.status == "checked", [p.format() for p in report.errors]


#: ``--tahun`` and ``--series`` as a maintainer might give them (mostly not at all).
options = st.builds(pipeline.Options, tahun=st.sampled_from([None, None, None, 2024, 1980]),
                    series=st.sampled_from([None, None, None, "bp2mi", "foo"]))


def _fuzz_csv(layout: str) -> Callable[..., None]:
    @pytest.mark.slow
    @FUZZ
    @given(seed=st.sampled_from(SEEDS[layout]), encoding=st.sampled_from(ENCODINGS),
           ops=mutations, chosen=options)
    def run(tmp_path: Path, template: Template, seed: Path, encoding: str,
            ops: list[Op], chosen: pipeline.Options) -> None:
        path = tmp_path / "in" / f"{seed.stem}.csv"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(mutate(seed_bytes(seed, encoding), ops))
        exercise(path, template, tmp_path / "store", chosen)

    return run


def _fuzz_xlsx(layout: str) -> Callable[..., None]:
    @pytest.mark.slow
    @FUZZ
    @given(seed=st.sampled_from(SEEDS[layout][:2]), damage=xlsx_damage)
    def run(tmp_path: Path, template: Template, seed: Path, damage: Op) -> None:
        path = tmp_path / "in" / f"{seed.stem}.xlsx"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(damaged_workbook(seed_bytes(seed), damage))
        exercise(path, template, tmp_path / "store")

    return run


test_fuzz_kanonik_csv = _fuzz_csv("kanonik")
test_fuzz_rekap_csv = _fuzz_csv("rekap")
test_fuzz_portal_csv = _fuzz_csv("portal")
test_fuzz_records_csv = _fuzz_csv("records")
test_fuzz_kinerja_csv = _fuzz_csv("kinerja")
test_fuzz_kanonik_xlsx = _fuzz_xlsx("kanonik")
test_fuzz_rekap_xlsx = _fuzz_xlsx("rekap")
test_fuzz_portal_xlsx = _fuzz_xlsx("portal")
test_fuzz_records_xlsx = _fuzz_xlsx("records")
test_fuzz_kinerja_xlsx = _fuzz_xlsx("kinerja")


#: Words of a title line added above a table: none is a year, a month, a source or a column
#: name, so the title changes nothing but the line numbers. Some are characters Python's
#: ``str.splitlines`` takes for line ends, or a quoted cell over several lines.
TITLE_WORDS = ("REKAP", "Data", "PMI", "asal", "BANTEN", "contoh", "\x0c", "\x0b", "\x1c", "\x85",
               "\u2028", "\u2029", '"dua\nbaris"', '"tiga\r\nbaris\nlagi"', ";", ",")
titles = st.lists(st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=6).map(" ".join),
                  min_size=1, max_size=3)
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def titled(seed: Path, lines: list[str]) -> tuple[bytes, int]:
    """The seed with ``lines`` above it (after its BOM), and how many lines they take."""
    data = seed_bytes(seed)
    encoding = "cp1252" if seed.name.endswith("cp1252.csv") else "utf-8"
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    text = "".join(line + "\n" for line in lines)
    return bom + text.encode(encoding, errors="replace") + data[len(bom):], \
        len(LINE_BREAK.findall(text))


def read_as(report: FileReport, shift: int = 0) -> dict[str, object]:
    """What a report says was read, with its line numbers moved up by ``shift``."""
    return {
        "status": report.status, "layout": report.layout, "rows": (report.rows_read,
        report.rows_stored, report.rows_skipped), "skipped": report.skipped,
        "totals": report.totals, "period": report.period, "notes": report.notes,
        "problems": [(p.severity, p.message, p.column, p.line - shift if p.line else None)
                     for p in report.problems],
    }


@pytest.mark.slow
@settings(FUZZ, max_examples=max(EXAMPLES // 2, 10))
@given(seed=st.sampled_from([*SEEDS["rekap"], *SEEDS["records"]]), lines=titles)
def test_title_lines_above_the_table_change_only_line_numbers(
        tmp_path: Path, seed: Path, lines: list[str]) -> None:
    """A rekap or a record export may have title lines above its header. Whatever they hold
    (form feeds, U+2028, quoted cells over several lines), the same rows are read, with the
    same problems, on lines moved down by the title's lines."""
    plain, with_title = tmp_path / "plain" / seed.name, tmp_path / "titled" / seed.name
    plain.parent.mkdir(exist_ok=True)
    with_title.parent.mkdir(exist_ok=True)
    plain.write_bytes(seed_bytes(seed))
    data, shift = titled(seed, lines)
    with_title.write_bytes(data)
    [expected] = pipeline.check([plain], pipeline.Options())
    [report] = pipeline.check([with_title], pipeline.Options())
    assert read_as(report, shift) == read_as(expected)


# --- what the fuzz found: plain regression tests ---------------------------------------------

REKAP_WITH_A_BAD_CELL = (
    "{title};;;\n"
    "TAHUN 2024;;;\n"
    "NO;{region};JAN;FEB\n"
    "1;Kab. Serang;10;abc\n"
    "2;Kota Cilegon;1;2\n"
)


@pytest.mark.parametrize(("title", "region", "line"), [
    ("REKAP\x0cPMI BANTEN", "KAB/KOTA", 4),  # a form feed: str.splitlines took it for a line end
    ("REKAP\u2028PMI BANTEN", "KAB/KOTA", 4),  # the Unicode line separator, likewise
    ("\x85REKAP PMI BANTEN", "KAB/KOTA", 4),  # NEL (C1 control), likewise
    ('"REKAP PMI\nBANTEN"', "KAB/KOTA", 5),  # a title cell typed on two lines (Alt+Enter)
    ('"REKAP\r\nPMI\r\nBANTEN"', "KAB/KOTA", 6),
    ("REKAP PMI BANTEN", '"KABUPATEN/\nKOTA"', 5),  # a header cell on two lines
])
def test_a_rekap_title_never_hides_its_first_row(tmp_path: Path, title: str, region: str,
                                                 line: int) -> None:
    """Found by the fuzz: the header was looked for on lines counted by ``str.splitlines`` (a
    form feed, NEL or U+2028 ends a line there) and its rows read from lines counted by
    pandas (a quoted cell over two lines is one row there). Either way the row below the
    header was skipped as if it were the header: the bad cell in it went unseen and the file
    was accepted without that regency."""
    path = tmp_path / "rekap.csv"
    path.write_bytes(REKAP_WITH_A_BAD_CELL.format(title=title, region=region).encode("utf-8"))
    [report] = pipeline.check([path], pipeline.Options())
    assert report.status == "refused"
    [error] = report.errors
    assert (error.message, error.line) == ("jumlah 'abc' bukan angka", line), error.format()
    path.write_bytes(REKAP_WITH_A_BAD_CELL.format(title=title, region=region)
                     .replace("abc", "5").encode("utf-8"))
    [report] = pipeline.check([path], pipeline.Options())
    assert report.status == "checked" and report.rows_read == 4, report.to_dict()
    assert sorted((t["kode_wilayah"], t["jumlah"]) for t in report.totals) == \
        [("3604", 15), ("3672", 3)]


@pytest.mark.parametrize("title", ["DATA PMI\x0cBERANGKAT", "DATA PMI\u2029BERANGKAT"])
def test_a_record_export_title_never_hides_its_first_record(tmp_path: Path,
                                                            title: str) -> None:
    """The same for a record-level export with a title line: its first record was skipped."""
    plain, path = tmp_path / "plain.csv", tmp_path / "records.csv"
    plain.write_bytes(seed_bytes(SEEDS["records"][0]))
    seed = plain.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([title, *seed[1:]]), encoding="utf-8")
    [expected] = pipeline.check([plain], pipeline.Options())
    [report] = pipeline.check([path], pipeline.Options())
    assert read_as(report) == read_as(expected)


def test_title_lines_outnumbering_the_table_rows_keep_its_delimiter(tmp_path: Path) -> None:
    """Found by the fuzz: the delimiter was the one giving the most rows of one width, and
    rows of one cell counted, so a small semicolon table under more title lines (without
    trailing separators) was read as comma-separated, one cell a row: 'tata letak berkas tidak
    dikenali'."""
    path = tmp_path / "rekap.csv"
    path.write_text("REKAP PMI\nPROVINSI BANTEN\nMENURUT KABUPATEN/KOTA\nTAHUN 2024\n"
                    "Sumber: contoh\nNO;KAB/KOTA;JAN;FEB\n1;Kab. Serang;10;5\n"
                    "2;Kota Cilegon;1;2\n", encoding="utf-8")
    assert open_source(path).delimiter == ";"
    [report] = pipeline.check([path], pipeline.Options())
    assert report.status == "checked", [p.format() for p in report.errors]
    assert sorted((t["kode_wilayah"], t["jumlah"]) for t in report.totals) == \
        [("3604", 15), ("3672", 3)]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_cell_over_two_lines_keeps_the_line_numbers_below_it(tmp_path: Path,
                                                              newline: str) -> None:
    """Found next to the fuzz's title lines: a quoted cell holding a line break makes one row
    of two lines, and every row below it was reported one line too early."""
    path = tmp_path / "kanonik.csv"
    rows = ["tahun,kode_wilayah,jumlah,sumber", f'2024,3601,5,"dua{newline}baris"',
            "2024,3602,6,x", "2024,3603,abc,x"]
    path.write_bytes(newline.join(rows).encode("utf-8") + newline.encode())
    [report] = pipeline.check([path], pipeline.Options())
    [error] = report.errors
    assert (error.message, error.line) == ("jumlah 'abc' bukan angka", 5), error.format()
