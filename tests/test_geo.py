"""Boundaries of Banten's 8 kabupaten/kota (``geo/``): import, download, cache, page helpers.

The national file is stood in for by ``tests/fixtures/geo/idn_adm2_subset.topojson``: 11 of
its 519 units (Banten's 8 and three neighbours) with their arcs copied unchanged
(``make_subset.py``), so ``python -m geo import`` cuts the same Banten from it. The expected cut
(``banten_kabkota.geojson``, made independently from the national file) and its provenance
(``SOURCE.md``) are fixtures too; ``tests/fixtures/geo/README.md`` gives sources and licence.
Downloads are tested against an HTTP server on 127.0.0.1 serving the subset, with the pin
(:data:`geo.source.SHA256`) set to the subset's hash for those tests (fixture ``pinned``); the
real pin is checked against the provenance recorded with the fixture and with the shipped cut.
Nothing here needs the internet or anything outside the repository.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import geopandas as gpd
import pandas as pd
import pytest
import shapely
import yaml
from shapely.geometry import Polygon, shape

from dashboard.map_figure import NO_DATA_COLOUR, OFFLINE_TOPOJSON, choropleth, plotly_config
from geo import cache, source
from geo.boundaries import (
    TILE_COLUMNS,
    TILE_ROWS,
    areas_km2,
    attribution,
    label_points,
    load_boundaries,
    tile_layout,
)
from geo.classes import RAMP, given_classes, nice_classes, ramp_colours
from geo.cli import main
from geo.units import code_for

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "geo"
NATIONAL = FIXTURES / "idn_adm2_subset.topojson"
NATIONAL_META = FIXTURES / "idn_adm2_subset.meta.yml"
EXPECTED = FIXTURES / "banten_kabkota.geojson"
SOURCE_MD = FIXTURES / "SOURCE.md"
WILAYAH = ROOT / "data" / "reference" / "wilayah.csv"
SAMPLE = ROOT / "data" / "sample" / "penempatan_contoh.csv"

#: geoBoundaries' names of the 8 units (bare = kabupaten, 'Kota …' = city).
SOURCE_NAMES = {"3601": "Pandeglang", "3602": "Lebak", "3603": "Tangerang", "3604": "Serang",
                "3671": "Kota Tangerang", "3672": "Kota Cilegon", "3673": "Kota Serang",
                "3674": "Kota Tangerang Selatan"}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The subset fixture stands in for the pinned national file (its hash and size)."""
    monkeypatch.setattr(source, "SHA256", sha256_of(NATIONAL))
    monkeypatch.setattr(source, "SIZE", NATIONAL.stat().st_size)


def codes_of_wilayah() -> set[str]:
    with WILAYAH.open(encoding="utf-8", newline="") as handle:
        return {row["kode_wilayah"] for row in csv.DictReader(handle)} - {"36"}


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def geo_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``python -m geo ARGS`` in-process: exit code, stdout, stderr."""

    def run(*args: object) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache folder after ``python -m geo import <national subset fixture>``."""
    out = tmp_path_factory.mktemp("geo-cache")
    assert main(["import", str(NATIONAL), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def collection(imported: Path) -> dict:
    loaded = load_boundaries(imported)
    assert loaded is not None
    return loaded


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the cache folder, with its bytes (temporary files included)."""
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def expected_units() -> gpd.GeoDataFrame:
    """The expected cut, with the names geoBoundaries gives the units."""
    frame = gpd.read_file(EXPECTED)
    frame["shapeName"] = frame["kode"].map(SOURCE_NAMES)
    return frame[["shapeName", "geometry"]]


def write_units(frame: gpd.GeoDataFrame, path: Path, **options: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_file(path, **options)
    return path


def source_md_areas() -> dict[str, float]:
    """kode -> luas_km2 (GIS) of the area table in SOURCE.md."""
    areas = {}
    for line in SOURCE_MD.read_text(encoding="utf-8").splitlines():
        found = re.match(r"\|\s*36\.(\d{2})\s*\|[^|]+\|\s*([\d,.]+)\s*\|", line)
        if found:
            areas["36" + found.group(1)] = float(found.group(2).replace(",", ""))
    return areas


def rings(geometry: dict) -> Iterator[tuple[bool, list[list[float]]]]:
    """(is exterior, coordinates) of every ring of a (Multi)Polygon GeoJSON geometry."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    for polygon in polygons:
        for position, ring in enumerate(polygon):
            yield position == 0, ring


# -- import from the national file --------------------------------------------------------

def test_import_gives_the_8_units_keyed_by_the_codes_of_wilayah_csv(collection: dict) -> None:
    codes = [f["properties"]["kode"] for f in collection["features"]]
    assert codes == sorted(codes_of_wilayah())
    with WILAYAH.open(encoding="utf-8", newline="") as handle:
        names = {row["kode_wilayah"]: row["nama"] for row in csv.DictReader(handle)}
    for feature in collection["features"]:
        assert feature["id"] == feature["properties"]["kode"]
        assert feature["properties"]["nama"] == names[feature["properties"]["kode"]]


def test_every_region_of_the_data_has_a_boundary(collection: dict) -> None:
    """Given the sample data, when its regency codes are joined to the boundaries, then every
    one finds its unit (the province total, 36, is not a unit)."""
    data = pd.read_csv(SAMPLE, dtype={"kode_wilayah": str})
    regions = set(data["kode_wilayah"]) - {"36"}
    assert regions == {f["properties"]["kode"] for f in collection["features"]}


def test_areas_match_source_md_within_1_percent(collection: dict) -> None:
    stated = source_md_areas()
    assert len(stated) == 8
    measured = areas_km2(collection)
    for kode, km2 in stated.items():
        assert measured[kode] == pytest.approx(km2, rel=0.01), kode


def test_areas_match_the_expected_cut_within_1_percent(collection: dict) -> None:
    expected = areas_km2(json.loads(EXPECTED.read_text(encoding="utf-8")))
    measured = areas_km2(collection)
    assert measured.keys() == expected.keys()
    for kode, km2 in expected.items():
        assert measured[kode] == pytest.approx(km2, rel=0.01), kode


def test_geometry_is_the_expected_cut(collection: dict) -> None:
    """Same units, same shapes as the expected cut (tests/fixtures/geo/banten_kabkota.geojson,
    made the same way from the national file)."""
    expected = {f["properties"]["kode"]: shape(f["geometry"])
                for f in json.loads(EXPECTED.read_text(encoding="utf-8"))["features"]}
    for feature in collection["features"]:
        assert shape(feature["geometry"]).equals(expected[feature["properties"]["kode"]])


def test_exterior_rings_are_clockwise_and_holes_counter_clockwise(collection: dict) -> None:
    for feature in collection["features"]:
        for exterior, ring in rings(feature["geometry"]):
            assert shapely.is_ccw(shapely.linearrings(ring)) != exterior, \
                feature["properties"]["kode"]


def test_coordinates_are_rounded_to_5_decimals(imported: Path, collection: dict) -> None:
    text = cache.geojson_path(imported).read_text(encoding="utf-8")
    assert not re.search(r"\d\.\d{6,}", text)
    for feature in collection["features"]:
        for _, ring in rings(feature["geometry"]):
            assert all(round(x, 5) == x and round(y, 5) == y for x, y in ring)


def test_units_are_valid_filled_and_do_not_overlap(collection: dict) -> None:
    geometries = [shape(f["geometry"]) for f in collection["features"]]
    assert all(g.is_valid and not g.is_empty and g.area > 0 for g in geometries)
    assert shapely.coverage_is_valid(geometries)


def test_attribution_and_sidecar_are_written(imported: Path) -> None:
    text = attribution(imported)
    assert text is not None
    for part in ("geoBoundaries", "www.geoboundaries.org", "BPS", "OCHA", "CC BY 3.0 IGO"):
        assert part in text
    meta = yaml.safe_load(cache.meta_path(imported).read_text(encoding="utf-8"))
    assert meta["attribution"] == text
    assert meta["licence"] == "CC BY 3.0 IGO"
    assert meta["source"]["boundaryID"] == "IDN-ADM2-22746128"
    assert meta["source"]["commit"] == source.COMMIT
    assert meta["source"]["sha256"] == source.SHA256
    # the subset is not the pinned file, and the sidecar says so (the shipped cut's sidecar,
    # made from the pinned file, says it is: test_the_shipped_cut_is_the_pinned_files_cut)
    assert meta["input"] == {"file": NATIONAL.name, "sha256": sha256_of(NATIONAL),
                             "is_pinned_file": False, "name_column": "shapeName",
                             "note": meta["input"]["note"]}
    assert "bukan berkas yang dipatok" in meta["input"]["note"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["date_created"])
    assert len(meta["processing"]) >= 5
    assert [u["kode"] for u in meta["units"]] == sorted(codes_of_wilayah())


def test_the_import_prints_what_it_wrote(geo_cli: Callable[..., Run], tmp_path: Path) -> None:
    run = geo_cli("import", NATIONAL, "--out", tmp_path)
    assert run.code == 0, run.err
    assert "8 kabupaten/kota ditulis" in run.out
    assert "3673 Kota Serang" in run.out


def test_the_package_never_reads_shared() -> None:
    """No string in geo/'s code (docstrings aside) names a 'shared' folder."""
    for path in (ROOT / "geo").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in docstrings:
                assert not re.search(r"(^|[/\\])shared([/\\]|$)", node.value), path.name


def test_the_cache_folder_is_git_ignored_and_the_shipped_cut_is_not() -> None:
    result = subprocess.run(["git", "check-ignore", "-q", "data/geo/banten_kabkota.geojson"],
                            cwd=ROOT, check=False)
    assert result.returncode == 0
    for name in (cache.GEOJSON_NAME, cache.META_NAME):
        result = subprocess.run(["git", "check-ignore", "-q", f"data/boundaries/{name}"],
                                cwd=ROOT, check=False)
        assert result.returncode == 1, name


# -- the cut shipped in data/boundaries -------------------------------------------------------

def test_the_shipped_cut_is_the_pinned_files_cut(collection: dict) -> None:
    """The shipped cut was imported from the pinned national file (its sidecar says so, with
    the attribution), is small, and is exactly what the subset fixture gives."""
    shipped = load_boundaries(cache.SHIPPED_DIR)
    assert shipped is not None
    assert shipped["features"] == collection["features"]
    assert cache.geojson_path(cache.SHIPPED_DIR).stat().st_size < 200_000
    meta = yaml.safe_load(cache.meta_path(cache.SHIPPED_DIR).read_text(encoding="utf-8"))
    assert meta["input"]["is_pinned_file"] is True
    assert meta["input"]["sha256"] == meta["source"]["sha256"] == source.SHA256
    assert meta["source"]["commit"] == source.COMMIT
    assert meta["licence"] == source.LICENCE
    assert meta["attribution"] == source.ATTRIBUTION == attribution(cache.SHIPPED_DIR)
    assert [u["kode"] for u in meta["units"]] == sorted(codes_of_wilayah())


def test_without_a_cache_the_shipped_cut_is_shown_until_one_is_fetched(
        collection: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        geo_cli: Callable[..., Run]) -> None:
    """Given a fresh clone (no data/geo, no PMI_GEO_DIR), the map reads the shipped cut; once
    ``python -m geo import``/``fetch`` has written data/geo, it reads that instead."""
    default = tmp_path / "data" / "geo"
    monkeypatch.setattr(cache, "DEFAULT_DIR", default)
    monkeypatch.delenv(cache.ENV_DIR, raising=False)
    assert cache.read_dir() == cache.SHIPPED_DIR
    shown = load_boundaries()
    assert shown is not None and shown["features"] == collection["features"]
    assert attribution() == source.ATTRIBUTION
    run = geo_cli("status")
    assert run.code == 0
    assert "bawaan" in run.out and "python -m geo fetch" in run.out

    assert geo_cli("import", NATIONAL).code == 0  # writes to the default cache folder
    assert cache.read_dir() == default
    assert cache.geojson_path(default).exists()
    refreshed = {**collection, "features": collection["features"][:1]}
    cache.write(default, refreshed, {"attribution": "X"})
    assert len(load_boundaries()["features"]) == 1  # the cache, not the shipped cut
    assert attribution() == "X"
    assert geo_cli("status").code == 0


def test_a_named_folder_never_falls_back_to_the_shipped_cut(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``PMI_GEO_DIR`` or an explicit folder means that folder: empty, the page shows the tile
    map (as the map page test without boundaries relies on)."""
    monkeypatch.setattr(cache, "DEFAULT_DIR", tmp_path / "default")
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "named"))
    assert cache.read_dir() == tmp_path / "named"
    assert load_boundaries() is None
    monkeypatch.delenv(cache.ENV_DIR)
    assert load_boundaries(tmp_path / "named") is None


# -- the naming rule and other inputs -------------------------------------------------------

@pytest.mark.parametrize(("name", "kode"), [
    ("Serang", "3604"), ("Kota Serang", "3673"), ("Kabupaten Serang", "3604"),
    ("KAB. TANGERANG", "3603"), ("Tangerang", "3603"), ("Kota Tangerang", "3671"),
    ("kota  tangerang selatan", "3674"), ("Lebak", "3602"), ("Kota Cilegon", "3672"),
    ("Cilegon", None), ("Tangerang Selatan", None), ("Kota Lebak", None), ("Bogor", None),
    (None, None),
])
def test_bare_names_are_kabupaten_and_kota_names_are_cities(name: str | None,
                                                             kode: str | None) -> None:
    assert code_for(name) == kode


def test_imports_a_geojson_of_the_same_units(geo_cli: Callable[..., Run], tmp_path: Path) -> None:
    """The expected cut itself (names 'Kabupaten …'/'Kota …' in column nama) imports too, and
    the sidecar says it is not the pinned file."""
    run = geo_cli("import", EXPECTED, "--out", tmp_path)
    assert run.code == 0, run.err
    assert "bukan berkas yang dipatok" in run.out
    meta = yaml.safe_load(cache.meta_path(tmp_path).read_text(encoding="utf-8"))
    assert meta["input"]["is_pinned_file"] is False
    assert meta["input"]["name_column"] == "nama"
    assert len(load_boundaries(tmp_path)["features"]) == 8


def test_imports_a_geopackage(geo_cli: Callable[..., Run], tmp_path: Path) -> None:
    path = write_units(expected_units(), tmp_path / "in" / "idn_adm2.gpkg", driver="GPKG")
    run = geo_cli("import", path, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    assert len(load_boundaries(tmp_path / "out")["features"]) == 8


def test_imports_a_projected_shapefile(geo_cli: Callable[..., Run], tmp_path: Path) -> None:
    """A Shapefile in UTM 48S is brought back to lon/lat; areas are unchanged."""
    path = write_units(expected_units().to_crs("EPSG:32748"), tmp_path / "in" / "adm2.shp")
    run = geo_cli("import", path, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    meta = yaml.safe_load(cache.meta_path(tmp_path / "out").read_text(encoding="utf-8"))
    assert any("32748" in step for step in meta["processing"])
    measured = areas_km2(load_boundaries(tmp_path / "out"))
    expected = areas_km2(json.loads(EXPECTED.read_text(encoding="utf-8")))
    for kode, km2 in expected.items():
        assert measured[kode] == pytest.approx(km2, rel=0.001)


def test_an_invalid_geometry_is_repaired(geo_cli: Callable[..., Run], tmp_path: Path) -> None:
    units = expected_units()
    bow_tie = Polygon([(106.0, -6.0), (106.05, -6.05), (106.05, -6.0), (106.0, -6.05)])
    units.loc[units["shapeName"] == "Kota Cilegon", "geometry"] = bow_tie
    path = write_units(units, tmp_path / "in" / "units.geojson")
    run = geo_cli("import", path, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    meta = yaml.safe_load(cache.meta_path(tmp_path / "out").read_text(encoding="utf-8"))
    assert "make_valid diterapkan pada: Kota Cilegon" in meta["processing"]
    cilegon = next(f for f in load_boundaries(tmp_path / "out")["features"]
                   if f["id"] == "3672")
    assert shape(cilegon["geometry"]).is_valid


def test_missing_and_extra_units_are_named_and_nothing_is_written(
        geo_cli: Callable[..., Run], imported: Path, tmp_path: Path) -> None:
    """Given a file without Kota Cilegon (only a bare 'Cilegon') and with Serang twice, the
    import is refused with both problems, and an existing cache stays byte-identical."""
    units = expected_units()
    units.loc[units["shapeName"] == "Kota Cilegon", "shapeName"] = "Cilegon"
    units = pd.concat([units, units[units["shapeName"] == "Serang"]], ignore_index=True)
    path = write_units(gpd.GeoDataFrame(units, crs="EPSG:4326"), tmp_path / "in" / "u.geojson")
    out = tmp_path / "cache"
    out.mkdir()
    for name, data in snapshot(imported).items():
        (out / name).write_bytes(data)
    before = snapshot(out)

    run = geo_cli("import", path, "--out", out)

    assert run.code == 1
    assert "u.geojson, kolom 'shapeName': unit 3672 Kota Cilegon tidak ditemukan" in run.err
    assert "'Cilegon'" in run.err  # the look-alike is pointed out
    assert "unit 3604 Kabupaten Serang ditemukan 2 kali" in run.err
    assert "tidak diubah" in run.err
    assert "Traceback" not in run.err
    assert snapshot(out) == before


def test_a_namesake_outside_banten_is_refused(geo_cli: Callable[..., Run],
                                              tmp_path: Path) -> None:
    units = expected_units()
    lebak = units["shapeName"] == "Lebak"
    units.loc[lebak, "geometry"] = units.loc[lebak, "geometry"].translate(xoff=10)
    path = write_units(units, tmp_path / "in" / "units.geojson")
    run = geo_cli("import", path, "--out", tmp_path / "out")
    assert run.code == 1
    assert "'Lebak'" in run.err and "di luar Banten" in run.err
    assert snapshot(tmp_path / "out") == {}


def test_an_unreadable_or_missing_file_is_refused_clearly(geo_cli: Callable[..., Run],
                                                          tmp_path: Path) -> None:
    text = tmp_path / "notes.geojson"
    text.write_text("this is not geodata", encoding="utf-8")
    run = geo_cli("import", text, "--out", tmp_path / "out")
    assert run.code == 1
    assert "notes.geojson: tidak dapat dibaca sebagai data spasial" in run.err
    run = geo_cli("import", tmp_path / "absent.topojson", "--out", tmp_path / "out")
    assert run.code == 1
    assert "absent.topojson: berkas tidak ditemukan" in run.err
    assert snapshot(tmp_path / "out") == {}


def test_a_write_that_fails_leaves_the_cache_as_it_was(
        imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "cache"
    out.mkdir()
    (out / cache.GEOJSON_NAME).write_text('{"old": true}', encoding="utf-8")
    before = snapshot(out)
    staged = cache._stage

    def fail_on_meta(directory: Path, name: str, text: str) -> Path:
        if name == cache.META_NAME:
            raise OSError(28, "No space left on device")
        return staged(directory, name, text)

    monkeypatch.setattr(cache, "_stage", fail_on_meta)
    with pytest.raises(OSError, match="No space"):
        cache.write(out, load_boundaries(imported), {"x": 1})
    assert snapshot(out) == before


# -- download (against a server on 127.0.0.1) ------------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    #: path -> (body, Content-Length sent; None = the true length)
    routes: ClassVar[dict[str, tuple[bytes, int | None]]] = {}

    def do_GET(self) -> None:
        if self.path not in self.routes:
            self.send_error(404, "Not Found")
            return
        body, length = self.routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Base URL of an HTTP server on 127.0.0.1 serving the national file, a modified copy, a
    truncated copy, and one that announces the full size but stops half way."""
    data = NATIONAL.read_bytes()
    modified = bytearray(data)
    modified[len(data) // 2] ^= 0x01
    _Handler.routes = {
        "/good.topojson": (data, None),
        "/modified.topojson": (bytes(modified), None),
        "/truncated.topojson": (data[: len(data) // 2], None),
        "/stops-half-way.topojson": (data[: len(data) // 2], len(data)),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.1 go straight to the test server, whatever proxy the machine has."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_pinned_address_is_the_raw_media_address_of_the_commit() -> None:
    assert source.URL == (
        "https://media.githubusercontent.com/media/wmgeolab/geoBoundaries/"
        "41af8f1e141eb6826ab9877e306df6f848b9ff0b/releaseData/gbOpen/IDN/ADM2/"
        "geoBoundaries-IDN-ADM2_simplified.topojson")
    # the pin is the national file the fixture subset was cut from ...
    derived_from = yaml.safe_load(NATIONAL_META.read_text(encoding="utf-8"))["derived_from"]
    assert derived_from["sha256"] == source.SHA256
    assert derived_from["size"] == source.SIZE
    assert (derived_from["repository"], derived_from["commit"], derived_from["path"]) == (
        source.REPOSITORY, source.COMMIT, source.PATH)
    # ... and the fixture is the subset its sidecar describes
    subset = yaml.safe_load(NATIONAL_META.read_text(encoding="utf-8"))
    assert subset["sha256"] == sha256_of(NATIONAL)
    assert subset["size"] == NATIONAL.stat().st_size


@pytest.mark.usefixtures("pinned")
def test_fetch_with_the_right_hash_imports(geo_cli: Callable[..., Run], server: str,
                                           tmp_path: Path) -> None:
    run = geo_cli("fetch", "--url", f"{server}/good.topojson", "--out", tmp_path)
    assert run.code == 0, run.err
    assert "Diverifikasi" in run.out
    assert len(load_boundaries(tmp_path)["features"]) == 8
    meta = yaml.safe_load(cache.meta_path(tmp_path).read_text(encoding="utf-8"))
    assert meta["input"]["downloaded_from"] == f"{server}/good.topojson"
    assert meta["input"]["is_pinned_file"] is True
    assert sorted(snapshot(tmp_path)) == [cache.GEOJSON_NAME, cache.META_NAME]


@pytest.mark.parametrize(("path", "says"), [
    ("/modified.topojson", "tidak cocok dengan SHA-256 yang dipatok"),
    ("/truncated.topojson", "tidak cocok dengan SHA-256 yang dipatok"),
    ("/stops-half-way.topojson", "unduhan terpotong"),
    ("/moved-away.topojson", "HTTP 404"),
])
@pytest.mark.usefixtures("pinned")
def test_a_bad_download_is_refused_and_the_cache_is_untouched(
        geo_cli: Callable[..., Run], server: str, imported: Path, tmp_path: Path,
        path: str, says: str) -> None:
    empty = tmp_path / "empty"
    run = geo_cli("fetch", "--url", server + path, "--out", empty)
    assert run.code == 1
    assert says in run.err
    assert f"Ditolak; cache batas wilayah di {empty} tidak diubah." in run.err
    assert "Traceback" not in run.err
    assert snapshot(empty) == {}

    full = tmp_path / "full"
    full.mkdir()
    for name, data in snapshot(imported).items():
        (full / name).write_bytes(data)
    before = snapshot(full)
    assert geo_cli("fetch", "--url", server + path, "--out", full).code == 1
    assert snapshot(full) == before


def test_an_unreachable_host_gives_a_clear_message(geo_cli: Callable[..., Run],
                                                   tmp_path: Path) -> None:
    run = geo_cli("fetch", "--url", f"http://127.0.0.1:{closed_port()}/x.topojson",
                  "--out", tmp_path)
    assert run.code == 1
    assert "tidak dapat terhubung" in run.err
    assert "python -m geo import FILE" in run.err
    assert "Traceback" not in run.err
    assert snapshot(tmp_path) == {}


def test_the_command_line_exits_non_zero_without_a_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    result = subprocess.run(
        [sys.executable, "-m", "geo", "fetch", "--url",
         f"http://127.0.0.1:{closed_port()}/x.topojson", "--out", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "tidak dapat terhubung" in result.stderr
    assert "Traceback" not in result.stderr


def test_status_says_what_to_run_when_nothing_is_cached(geo_cli: Callable[..., Run],
                                                        tmp_path: Path) -> None:
    run = geo_cli("status", "--out", tmp_path)
    assert run.code == 1
    assert "python -m geo fetch" in run.out


# -- what the page reads ---------------------------------------------------------------------

def test_load_boundaries_is_none_when_absent_or_broken(tmp_path: Path) -> None:
    assert load_boundaries(tmp_path) is None
    assert attribution(tmp_path) is None
    (tmp_path / cache.GEOJSON_NAME).write_text("{not json", encoding="utf-8")
    assert load_boundaries(tmp_path) is None
    (tmp_path / cache.GEOJSON_NAME).write_text('{"type": "Feature"}', encoding="utf-8")
    assert load_boundaries(tmp_path) is None


def test_the_cache_folder_can_come_from_the_environment(
        imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path))
    assert load_boundaries() is None
    monkeypatch.setenv(cache.ENV_DIR, str(imported))
    assert load_boundaries() is not None
    assert attribution() is not None


def test_label_points_lie_inside_their_units(collection: dict) -> None:
    points = label_points(collection)
    for feature in collection["features"]:
        lon, lat = points[feature["properties"]["kode"]]
        assert shape(feature["geometry"]).contains(shapely.Point(lon, lat))


def test_the_tile_layout_keeps_banten_geography(collection: dict) -> None:
    """8 distinct cells on the grid; in a row, tiles go west to east, in a column north to
    south, as the units' centres do."""
    layout = tile_layout()
    assert set(layout) == codes_of_wilayah()
    assert len(set(layout.values())) == 8
    assert all(0 <= r < TILE_ROWS and 0 <= c < TILE_COLUMNS for r, c in layout.values())
    centres = {f["properties"]["kode"]: shape(f["geometry"]).centroid
               for f in collection["features"]}
    for first, (row, column) in layout.items():
        for second, (other_row, other_column) in layout.items():
            if row == other_row and column < other_column:
                assert centres[first].x < centres[second].x, (first, second)
            if column == other_column and row < other_row:
                assert centres[first].y > centres[second].y, (first, second)
    assert {layout["3601"][0], layout["3602"][0]} == {TILE_ROWS - 1}  # the south


# -- classes and the figure ------------------------------------------------------------------

def test_classes_have_round_breaks_and_state_them() -> None:
    classes = nice_classes([120, 360, 911, 767, 45, 30, 88])
    assert classes.edges == (0, 200, 400, 600, 800, 1000)
    assert classes.colours == RAMP
    assert classes.labels(lambda v: f"{v:g}", integers=True) == [
        "0–199", "200–399", "400–599", "600–799", "800–1000"]
    assert [classes.index(v) for v in (0, 199.5, 200, 911, 1000)] == [0, 0, 1, 4, 4]
    assert classes.index(None) is None and classes.index(float("nan")) is None
    assert nice_classes([0.12, 0.61]).edges == (0.0, 0.2, 0.4, 0.6, 0.8)
    assert nice_classes([-4.5, 12.0]).edges == (-5, 0, 5, 10, 15)
    assert nice_classes([]).count == 0
    assert nice_classes([7, 7]).count == 1


def test_fewer_classes_spread_over_the_ramp() -> None:
    assert ramp_colours(5) == RAMP
    assert ramp_colours(3) == (RAMP[0], RAMP[2], RAMP[4])
    assert ramp_colours(1) == (RAMP[2],)
    with pytest.raises(ValueError, match="naik"):
        given_classes([0, 10, 5])
    with pytest.raises(ValueError, match="batas kelas"):
        given_classes([0, 1, 2, 3, 4, 5, 6])


def unit_colours(fig: object) -> dict[str, str]:
    """kode -> fill colour, read from the figure's traces (stepwise colour scales)."""
    colours = {}
    for trace in fig.data:  # type: ignore[attr-defined]
        if trace.type != "choropleth":
            continue  # the hatch over units without data
        scale = [colour for _, colour in trace.colorscale]
        for code, z in zip(trace.locations, trace.z, strict=True):
            if trace.showscale is False:
                colours[code] = scale[0]
            else:
                colours[code] = scale[2 * int(z)]
    return colours


def test_choropleth_fills_each_unit_by_class_and_greys_the_missing(collection: dict) -> None:
    frame = pd.DataFrame({"kode_wilayah": ["3601", "3602", "3603", "3604", "3671", "3672",
                                           "3673"],
                          "jumlah": [120, 360, 911, 767, 45, 30, 88]})
    fig = choropleth(collection, frame, "jumlah", value_label="PMI")
    assert unit_colours(fig) == {"3601": RAMP[0], "3602": RAMP[1], "3603": RAMP[4],
                                 "3604": RAMP[3], "3671": RAMP[0], "3672": RAMP[0],
                                 "3673": RAMP[0], "3674": NO_DATA_COLOUR}
    classed, no_data, hatch = fig.data
    # "no data" is a pattern of its own: diagonal lines over the missing unit, no legend
    assert hatch.type == "scattergeo" and hatch.mode == "lines" and not hatch.showlegend
    assert sum(v is None for v in hatch.lon) >= 5  # several separate strokes
    assert list(classed.colorbar.ticktext) == ["0–199", "200–399", "400–599", "600–799",
                                               "800–1.000"]
    assert no_data.name == "Tidak ada data" and no_data.showlegend
    assert classed.featureidkey == no_data.featureidkey == "properties.kode"
    assert [c[1] for c in classed.customdata] == ["120", "360", "911", "767", "45", "30", "88"]
    assert list(fig.layout.geo.lonaxis.range) == pytest.approx([105.066, 106.814], abs=0.01)
    assert list(fig.layout.geo.lataxis.range) == pytest.approx([-7.041, -5.783], abs=0.01)
    assert fig.layout.geo.visible is False
    drawn = [f["properties"]["kode"] for t in fig.data if t.type == "choropleth"
             for f in t.geojson["features"]]
    assert sorted(drawn) == sorted(codes_of_wilayah())  # each unit's shape sent once


def test_choropleth_takes_explicit_breaks_and_refuses_values_outside(collection: dict) -> None:
    frame = pd.DataFrame({"kode_wilayah": [3601, 3602], "rate": [12.5, 40.0]})
    fig = choropleth(collection, frame, "rate", breaks=[0, 25, 50], digits=1)
    assert list(fig.data[0].colorbar.ticktext) == ["0,0–25,0", "25,0–50,0"]
    with pytest.raises(ValueError, match="di luar batas kelas"):
        choropleth(collection, frame, "rate", breaks=[0, 25, 30])
    with pytest.raises(ValueError, match="lebih dari sekali"):
        choropleth(collection, pd.concat([frame, frame]), "rate")


def test_the_offline_config_carries_an_empty_base_map() -> None:
    config = plotly_config(displaylogo=False)
    assert config["displaylogo"] is False
    url = config["topojsonURL"]
    assert url.startswith("data:application/json,") and url.endswith("#")
    topology = json.loads(OFFLINE_TOPOJSON)
    assert topology["type"] == "Topology"
    assert all(layer["geometries"] == [] for layer in topology["objects"].values())


def test_a_figure_without_data_still_draws_all_units_grey(collection: dict) -> None:
    frame = pd.DataFrame({"kode_wilayah": pd.Series([], dtype=str),
                          "jumlah": pd.Series([], dtype=float)})
    fig = choropleth(collection, frame, "jumlah")
    assert [t.type for t in fig.data] == ["choropleth", "scattergeo"]  # grey fill, hatch
    assert set(unit_colours(fig).values()) == {NO_DATA_COLOUR}

