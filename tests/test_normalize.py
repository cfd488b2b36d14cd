"""Tests for domain.reference and the reference tables in data/reference."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.reference import (
    DIMENSIONS,
    REFERENCE_DIR,
    STATUSES,
    Match,
    Reference,
    is_unknown_token,
    norm_key,
    reference,
)

REF: Reference = reference()
REGIONS = REF.regions


def read_rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ALIASES = [(row["dimensi"], row["alias"], row["nilai"]) for row in read_rows("alias")]
REGION_ALIASES = [(alias, kode) for dim, alias, kode in ALIASES if dim == "wilayah"]
VOCAB_ALIASES = [(dim, alias, value) for dim, alias, value in ALIASES if dim != "wilayah"]
CANONICAL_TABLES = {
    "wilayah": "kode_wilayah",
    "skema": "skema",
    "sektor": "sektor",
    "jenis_kelamin": "jenis_kelamin",
    "negara": "kode",
    "jabatan": "jabatan",
}
COUNTRY_CODES = [row["kode"] for row in read_rows("negara")]


def resolve(dimension: str, text: str) -> Match:
    if dimension == "wilayah":
        return REGIONS.match(name=text)
    return REF.vocab[dimension].match(text)


# --- mangling strategy ---------------------------------------------------------------------------

SEPARATORS = [" ", "  ", ".", ". ", "-", "_", " / ", ", ", "\t"]


@st.composite
def mangled(draw: st.DrawFn, text: str) -> str:
    """The same words as ``text`` with random case, separators, padding and trailing dots."""
    words = re.findall(r"[^\W_]+", text)
    cased = [
        "".join(draw(st.sampled_from([c.upper(), c.lower(), c])) for c in word) for word in words
    ]
    out = cased[0]
    for word in cased[1:]:
        out += draw(st.sampled_from(SEPARATORS)) + word
    prefix = draw(st.sampled_from(["", " ", "  ", "\t"]))
    suffix = draw(st.sampled_from(["", ".", " .", "  ", ". ", "..."]))
    return prefix + out + suffix


# --- norm_key and unknown tokens -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("KAB. SERANG", "kab serang"),
        ("Kab Serang", "kab serang"),
        (" kab.  serang ", "kab serang"),
        ("Türkiye", "turkiye"),
        ("Trinidad & Tobago", "trinidad dan tobago"),
        ("Laki-laki", "laki laki"),
        ("", ""),
        ("  \t ", ""),
        ("🙂 Hong—Kong 🙂", "hong kong"),
    ],
)
def test_norm_key_examples(text, key):
    assert norm_key(text) == key


@settings(max_examples=200)
@given(st.text())
def test_norm_key_is_idempotent_and_clean(text):
    key = norm_key(text)
    assert norm_key(key) == key
    assert key == key.strip()
    assert "  " not in key


@pytest.mark.parametrize(
    "raw",
    ["tidak diketahui", "TIDAK DILAPORKAN", "Unknown", "tidak ada data", "n/a", "N/A", "#N/A",
     "na", "N.A.", "?", " ?? ", "Tidak Diketahui."],
)
def test_unknown_tokens(raw):
    assert is_unknown_token(raw)


@pytest.mark.parametrize("raw", ["", " ", "-", "Hongkong", "Nanas", "natal", "0"])
def test_not_unknown_tokens(raw):
    assert not is_unknown_token(raw)


# --- vocabularies --------------------------------------------------------------------------------


@pytest.mark.parametrize(("dimension", "alias", "value"), ALIASES)
def test_every_alias_resolves(dimension, alias, value):
    assert resolve(dimension, alias) == Match(value, "ok")


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_mangled_aliases_resolve(data):
    """Given any alias, When case/spacing/punctuation is mangled, Then it still resolves."""
    dimension, alias, value = data.draw(st.sampled_from(ALIASES))
    text = data.draw(mangled(alias))
    assert resolve(dimension, text) == Match(value, "ok"), text


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_canonical_values_map_to_themselves(dimension):
    """Every canonical value resolves to itself, except 'NA', which means "not available"."""
    vocabulary = REF.vocab[dimension]
    for value in vocabulary.values:
        expected = Match(None, "unreported") if value == "NA" else Match(value, "ok")
        assert vocabulary.match(value) == expected


def test_vocabulary_values_in_display_order():
    assert REF.vocab["skema"].values == ("G to G", "P to P", "G to P", "UKPS", "Mandiri")
    assert REF.vocab["sektor"].values == ("Formal", "Informal")
    assert REF.vocab["jenis_kelamin"].values == ("Laki-laki", "Perempuan")
    assert len(REF.vocab["jabatan"].values) == 16
    assert set(REF.vocab) == set(DIMENSIONS)
    assert [d for d in DIMENSIONS if REF.vocab[d].open_ended] == ["jabatan"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(COUNTRY_CODES), st.data())
def test_iso2_codes_match_in_any_case(code, data):
    written = data.draw(st.sampled_from([code, code.lower(), code[0] + code[1].lower()]))
    expected = Match(None, "unreported") if code == "NA" else Match(code, "ok")
    assert REF.vocab["negara_tujuan"].match(f" {written} ") == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [("Hong Kong DAK Tiongkok", "HK"), ("hong kong sar china", "HK"), ("Taiwan", "TW"),
     ("korea selatan", "KR"), ("Uni Emirat Arab", "AE"), ("Namibia", "NA"),
     ("Trinidad & Tobago", "TT"), ("Côte d’Ivoire", "CI"), ("cote d ivoire", "CI")],
)
def test_babel_names_match(raw, code):
    assert REF.vocab["negara_tujuan"].match(raw) == Match(code, "ok")


@pytest.mark.parametrize("dimension", DIMENSIONS)
@pytest.mark.parametrize("raw", ["", "   ", "\t\n"])
def test_empty_input_is_unknown_without_suggestion(dimension, raw):
    assert REF.vocab[dimension].match(raw) == Match(None, "unknown", None)


@pytest.mark.parametrize("dimension", DIMENSIONS)
@pytest.mark.parametrize("raw", ["Tidak diketahui", "unknown", "?", "n/a"])
def test_unknown_tokens_are_unreported(dimension, raw):
    assert REF.vocab[dimension].match(raw) == Match(None, "unreported")


@pytest.mark.parametrize(
    ("dimension", "raw", "suggestion"),
    [
        ("negara_tujuan", "Hongkongg", "Hong Kong DAK Tiongkok"),
        ("negara_tujuan", "Singapur", "Singapura"),
        ("skema", "G-2-G", "G to G"),
        ("jenis_kelamin", "Perempuann", "Perempuan"),
        ("sektor", "Infromal", "Informal"),
        ("jabatan", "Penata Laksana Rmh Tangga", "Penata Laksana Rumah Tangga"),
    ],
)
def test_unknown_spelling_gets_real_suggestion(dimension, raw, suggestion):
    result = REF.vocab[dimension].match(raw)
    assert result.status == "unknown"
    assert result.suggestion == suggestion


def test_closed_vocabulary_drops_unknown_text():
    assert REF.vocab["skema"].match("PMI Re-entry").value is None


def test_jabatan_keeps_unknown_text_trimmed():
    """Given an occupation not in the list, Then it is kept as written, trimmed and collapsed."""
    result = REF.vocab["jabatan"].match("  Tukang   Kebun\t")
    assert result.value == "Tukang Kebun"
    assert result.status == "unknown"


def test_match_is_memoised():
    vocabulary = REF.vocab["negara_tujuan"]
    assert vocabulary.match("Hongkong ") is vocabulary.match("Hongkong ")
    assert REGIONS.match("36.04", "Kab. Serang") is REGIONS.match("36.04", "Kab. Serang")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(DIMENSIONS), st.text())
def test_vocabulary_never_raises(dimension, text):
    result = REF.vocab[dimension].match(text)
    assert result.status in {"ok", "unknown", "unreported"}
    if result.status == "ok":
        assert result.value in REF.vocab[dimension].values


@pytest.mark.parametrize("text", ["x" * 20000, "🙂" * 500, "\x00\x01", "Ｈｏｎｇｋｏｎｇ"])
def test_odd_input_is_handled(text):
    for dimension in DIMENSIONS:
        assert REF.vocab[dimension].match(text).status in STATUSES
    assert REGIONS.match(text, text).status in STATUSES


# --- regions -------------------------------------------------------------------------------------


def test_region_codes_and_official_names():
    assert REGIONS.codes == ("3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674")
    assert REGIONS.official_name("3604") == "Kabupaten Serang"
    assert REGIONS.official_name("36") == "Provinsi Banten"


@pytest.mark.parametrize("column", ["nama", "nama_pendek", "nama_en"])
def test_region_official_names_resolve(column):
    for row in read_rows("wilayah"):
        assert REGIONS.match(name=row[column]) == Match(row["kode_wilayah"], "ok")


@pytest.mark.parametrize(
    "raw", ["3604", "36.04", "36 04", "3604.0", " 3604 ", "36-04", "3604.00", "36.04.0"]
)
def test_region_code_forms(raw):
    assert REGIONS.match(code=raw) == Match("3604", "ok")


@pytest.mark.parametrize("raw", ["36", " 36 ", "36.0"])
def test_province_code(raw):
    assert REGIONS.match(code=raw) == Match("36", "ok")


@pytest.mark.parametrize("raw", ["3201", "32.01", "3201.0", "32", "31 71", "9471"])
def test_codes_of_other_provinces_are_outside(raw):
    assert REGIONS.match(code=raw).status == "outside"


@pytest.mark.parametrize("raw", ["3699", "3605", "36.75", "abc", "360", "36044", "00", "٣٦٠٤"])
def test_bad_codes_are_unknown(raw):
    assert REGIONS.match(code=raw) == Match(None, "unknown")


@pytest.mark.parametrize(
    "raw", ["SERANG", "serang", " Serang. ", "TANGERANG", "tangerang", "Tangerang,"]
)
def test_bare_serang_and_tangerang_are_ambiguous(raw):
    result = REGIONS.match(name=raw)
    assert result.status == "ambiguous"
    assert result.value is None
    assert "kode_wilayah" in (result.suggestion or "")


def test_ambiguous_advice_names_both_regions():
    assert REGIONS.match(name="SERANG").suggestion == (
        "tulis 'Kab. Serang' atau 'Kota Serang', atau isi kode_wilayah"
    )


@pytest.mark.parametrize(
    ("raw", "code"),
    [("Kota Serang", "3673"), ("KAB. SERANG", "3604"), ("Kota Tangerang", "3671"),
     ("KABUPATEN TANGERANG", "3603"), ("Tangerang Selatan", "3674"), ("BANTEN", "36")],
)
def test_prefixed_names_are_not_ambiguous(raw, code):
    assert REGIONS.match(name=raw) == Match(code, "ok")


def test_ambiguous_name_with_valid_code_is_ok():
    assert REGIONS.match(code="3673", name="SERANG") == Match("3673", "ok")


def test_code_wins_over_unknown_name():
    assert REGIONS.match(code="36.04", name="Serang Raya") == Match("3604", "ok")


def test_conflicting_name_and_code():
    """Given code 3604 and the name of Kota Serang, Then the code wins but is flagged."""
    result = REGIONS.match(code="3604", name="Kota Serang")
    assert result.value == "3604"
    assert result.status == "conflict"
    assert "Kabupaten Serang" in (result.suggestion or "")


def test_outside_code_wins_over_banten_name():
    assert REGIONS.match(code="3201", name="Kab. Serang").status == "outside"


@pytest.mark.parametrize(
    ("raw", "suggestion"),
    [("Kab. Serangg", "Kabupaten Serang"), ("Kota Cilegn", "Kota Cilegon"),
     ("Pandeglan", "Kabupaten Pandeglang")],
)
def test_misspelt_region_suggests_real_name(raw, suggestion):
    assert REGIONS.match(name=raw) == Match(None, "unknown", suggestion)


def test_region_of_other_province_is_unknown_with_banten_suggestion():
    result = REGIONS.match(name="KABUPATEN BOGOR")
    assert result.status == "unknown"
    assert result.suggestion in {row["nama"] for row in read_rows("wilayah")}


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [(None, None, Match(None, "unknown")), ("", "  ", Match(None, "unknown")),
     ("NA", None, Match(None, "unreported")), (None, "tidak diketahui", Match(None, "unreported")),
     ("?", "Kota Serang", Match("3673", "ok"))],
)
def test_region_missing_values(code, name, expected):
    assert REGIONS.match(code, name) == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text()), st.one_of(st.none(), st.text()))
def test_region_match_never_raises(code, name):
    result = REGIONS.match(code, name)
    assert result.status in STATUSES
    if result.status in {"ok", "conflict"}:
        assert result.value in (*REGIONS.codes, "36")


# --- reference data integrity --------------------------------------------------------------------


def test_alias_dimensions_are_known():
    assert {dim for dim, _, _ in ALIASES} <= {"wilayah", *DIMENSIONS}


def test_every_alias_points_to_a_canonical_value():
    tables = {"wilayah": "wilayah", "negara_tujuan": "negara"}
    for dimension, alias, value in ALIASES:
        table = tables.get(dimension, dimension)
        known = {row[CANONICAL_TABLES[table]] for row in read_rows(table)}
        assert value in known, (dimension, alias, value)


def test_aliases_do_not_contradict_each_other():
    seen: dict[tuple[str, str], str] = {}
    for dimension, alias, value in ALIASES:
        key = (dimension, norm_key(alias))
        assert seen.setdefault(key, value) == value, (dimension, alias)


def test_no_bare_ambiguous_region_alias():
    assert not {norm_key(alias) for alias, _ in REGION_ALIASES} & {"serang", "tangerang"}


@pytest.mark.parametrize(("table", "column"), CANONICAL_TABLES.items())
def test_canonical_tables_have_unique_keys(table, column):
    keys = [row[column] for row in read_rows(table)]
    assert keys
    assert len(keys) == len(set(keys))
    assert len({norm_key(key) for key in keys}) == len(keys)


def test_country_names_do_not_collide():
    owner: dict[str, str] = {}
    for row in read_rows("negara"):
        for name in {row["nama_id"], row["nama_en"]}:
            assert owner.setdefault(norm_key(name), row["kode"]) == row["kode"], name


def test_country_table_shape():
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in COUNTRY_CODES)
    assert {"HK", "TW", "KR", "SA", "XK"} <= set(COUNTRY_CODES)
    assert not {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"} & set(COUNTRY_CODES)


def test_table_reads_rows_and_rejects_bad_names():
    assert [row["skema"] for row in REF.table("skema")] == list(REF.vocab["skema"].values)
    with pytest.raises(ValueError):
        REF.table("../secret")


def test_bad_alias_target_is_refused(tmp_path: Path):
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, folder)
    with (folder / "alias.csv").open("a", encoding="utf-8") as handle:
        handle.write("skema,G3G,Tidak Ada\n")
    with pytest.raises(ValueError, match="G3G"):
        reference(folder)
