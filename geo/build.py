"""``python -m geo import``: from a national boundary file to the Banten cut, in memory.

Reads the file (TopoJSON, GeoJSON, GeoPackage or Shapefile, through geopandas/pyogrio/GDAL),
picks Banten's 8 units by name (:mod:`geo.units`), checks and cleans each geometry, and returns
a GeoJSON FeatureCollection keyed by the 4-digit code. Nothing is written here: the caller
writes the result only when every check passed (:mod:`geo.cache`).

Cleaning, in order, per unit:

1. invalid geometries are repaired with ``make_valid`` (only the polygon parts are kept);
2. polygon parts smaller than :data:`MIN_PART_KM2` (islets of a few houses' size) are dropped,
   the largest part is always kept;
3. coordinates are snapped to a grid of :data:`GRID_DEGREES` (5 decimals, about 1.1 m) with
   ``shapely.set_precision``, which keeps the geometry valid and shared edges shared; repeated
   points are removed;
4. rings are oriented as plotly's d3-based geo choropleth needs: **exterior rings clockwise**,
   holes counter-clockwise (in lon/lat). An exterior ring the other way round is read by d3 as
   "everything except this unit" and fills the whole map.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry

from domain.problems import LoadError, Problem, ProblemList
from geo import source
from geo.area import LONLAT_CRS, area_km2
from geo.units import banten_units, select

#: Columns that may hold the unit names, tried in this order (geoBoundaries, this project,
#: generic, GADM, OCHA COD-AB, BIG/Indonesian GIS conventions).
NAME_COLUMNS: Final = ("shapeName", "nama", "name", "NAME_2", "ADM2_EN", "WADMKK", "NAMOBJ")
#: Banten with a margin (lon min, lat min, lon max, lat max): a unit outside is a namesake.
BANTEN_BOX: Final = (104.8, -7.3, 107.0, -5.5)
MIN_PART_KM2: Final = 0.1
DECIMALS: Final = 5
GRID_DEGREES: Final = 10.0**-DECIMALS
COLLECTION_NAME: Final = "banten_kabkota"


@dataclass(frozen=True)
class UnitReport:
    kode: str
    nama: str
    source_name: str
    area_km2: float
    parts: int
    parts_dropped: int
    vertices: int
    repaired: bool


@dataclass(frozen=True)
class Cut:
    """The Banten cut of one input file, ready to be written."""

    collection: dict[str, Any]
    units: tuple[UnitReport, ...]
    steps: tuple[str, ...]
    warnings: tuple[str, ...]
    name_column: str


def build(path: Path, layer: str | None = None, name_column: str | None = None) -> Cut:
    """The checked Banten cut of ``path``; raises :class:`LoadError` when it cannot be made."""
    file = path.name
    frame = _read(path, layer)
    steps = [f"dibaca dengan geopandas {gpd.__version__} / pyogrio {pyogrio.__version__} "
             f"(GDAL {pyogrio.__gdal_version_string__}): {len(frame)} fitur"]
    frame, crs_step = _to_lonlat(frame, file)
    steps.append(crs_step)
    column = _name_column(frame, file, name_column)
    positions = select(list(frame[column]), file, column)
    steps.append(
        f"8 unit dipilih menurut nama di kolom '{column}' (nama tanpa awalan = kabupaten, "
        "'Kota …' = kota) dan diberi kode 4 digit dari data/reference/wilayah.csv")

    problems = ProblemList(file)
    units: list[UnitReport] = []
    geometries: list[BaseGeometry] = []
    for unit in banten_units():
        position = positions[unit.kode]
        raw = frame.geometry.iloc[position]
        name = str(frame[column].iloc[position])
        where = f"unit '{name}' (fitur {position + 1}, {unit.kode} {unit.nama})"
        cleaned = _clean(raw, where, problems)
        if cleaned is None:
            continue
        geometry, repaired, dropped = cleaned
        geometries.append(geometry)
        units.append(UnitReport(
            kode=unit.kode, nama=unit.nama, source_name=name,
            area_km2=round(area_km2(geometry), 1), parts=len(shapely.get_parts(geometry)),
            parts_dropped=dropped, vertices=int(shapely.get_num_coordinates(geometry)),
            repaired=repaired))
    problems.raise_if_errors()

    repaired_names = [u.nama for u in units if u.repaired]
    steps.append("make_valid diterapkan pada: " + ", ".join(repaired_names) if repaired_names
                 else "semua geometri sumber valid; make_valid tidak diperlukan")
    dropped = sum(u.parts_dropped for u in units)
    threshold = f"{MIN_PART_KM2:g}".replace(".", ",")
    steps.append(f"{dropped} bagian poligon < {threshold} km² (pulau sangat kecil) dihapus; "
                 "bagian terbesar tiap unit selalu dipertahankan")
    steps.append(f"koordinat dibulatkan ke {DECIMALS} desimal (±1,1 m) dengan "
                 "shapely.set_precision; titik berulang dihapus")
    steps.append("cincin luar searah jarum jam, lubang berlawanan arah (konvensi d3-geo yang "
                 "dipakai choropleth geo plotly)")
    steps.append("luas (km²) dihitung pada proyeksi sama-luas LAEA berpusat di Banten")
    warnings = _coverage_warnings(geometries, [u.nama for u in units])
    collection = _collection(units, geometries)
    return Cut(collection, tuple(units), tuple(steps), tuple(warnings), column)


def _read(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    file = path.name
    if not path.is_file():
        raise LoadError([Problem(file, "berkas tidak ditemukan",
                                 f"periksa jalurnya: {path}")])
    try:
        layers = pyogrio.list_layers(path)
        if layer is None and len(layers) > 1:
            names = ", ".join(str(row[0]) for row in layers)
            raise LoadError([Problem(file, f"berkas memuat {len(layers)} lapisan: {names}",
                                     "pilih satu dengan --layer NAMA")])
        frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except (DataSourceError, DataLayerError) as error:
        raise LoadError([Problem(
            file, f"tidak dapat dibaca sebagai data spasial ({_first_line(error)})",
            "berikan berkas TopoJSON, GeoJSON, GeoPackage atau Shapefile (beserta .shx/.dbf/.prj)"
        )]) from None
    if frame.empty:
        raise LoadError([Problem(file, "berkas tidak memuat satu fitur pun",
                                 "gunakan berkas batas kabupaten/kota nasional (IDN ADM2)")])
    return frame


def _to_lonlat(frame: gpd.GeoDataFrame, file: str) -> tuple[gpd.GeoDataFrame, str]:
    if frame.crs is None:
        west, south, east, north = frame.total_bounds
        if -180 <= west <= east <= 180 and -90 <= south <= north <= 90:
            return (frame.set_crs(LONLAT_CRS),
                    "CRS tidak dinyatakan (TopoJSON tidak memuatnya): dianggap WGS84 lon/lat")
        raise LoadError([Problem(file, "sistem koordinat tidak dinyatakan dan koordinatnya bukan "
                                       "derajat bujur/lintang",
                                 "simpan berkas dengan CRS (mis. .prj untuk Shapefile)")])
    if frame.crs.equals(LONLAT_CRS):
        return frame, "CRS: WGS84 lon/lat (EPSG:4326)"
    name = frame.crs.to_string()
    return frame.to_crs(LONLAT_CRS), f"diproyeksikan dari {name} ke WGS84 lon/lat (EPSG:4326)"


def _name_column(frame: gpd.GeoDataFrame, file: str, wanted: str | None) -> str:
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    if wanted is not None:
        if wanted in columns:
            return wanted
        raise LoadError([Problem(file, f"kolom nama '{wanted}' tidak ada",
                                 "kolom yang ada: " + ", ".join(columns), column=wanted)])
    for candidate in NAME_COLUMNS:
        if candidate in columns:
            return candidate
    raise LoadError([Problem(
        file, "tidak ada kolom nama unit (dicari: " + ", ".join(NAME_COLUMNS) + ")",
        "sebutkan kolomnya dengan --name-column; kolom yang ada: " + ", ".join(columns))])


def _clean(raw: BaseGeometry | None, where: str,
           problems: ProblemList) -> tuple[BaseGeometry, bool, int] | None:
    """(clean geometry, repaired?, parts dropped), or None after recording a problem."""
    if raw is None or raw.is_empty:
        problems.error(f"{where}: geometrinya kosong",
                       "gunakan berkas batas yang lengkap untuk semua unit")
        return None
    if raw.geom_type not in ("Polygon", "MultiPolygon"):
        problems.error(f"{where}: geometrinya {raw.geom_type}, bukan poligon",
                       "gunakan berkas batas wilayah (poligon), bukan titik atau garis")
        return None
    repaired = not raw.is_valid
    geometry = _polygonal(shapely.make_valid(raw)) if repaired else raw
    point = geometry.representative_point() if geometry is not None else None
    if geometry is None or point is None:
        problems.error(f"{where}: geometri tidak valid dan tidak dapat diperbaiki",
                       "periksa berkas di perangkat GIS")
        return None
    west, south, east, north = BANTEN_BOX
    if not (west <= point.x <= east and south <= point.y <= north):
        problems.error(f"{where}: terletak di luar Banten (sekitar {point.x:.2f}, {point.y:.2f})",
                       "nama ini milik wilayah lain; gunakan berkas batas Indonesia ADM2 yang "
                       "memuat unit Banten")
        return None
    parts = list(shapely.get_parts(geometry))
    areas = [area_km2(part) for part in parts]
    largest = int(np.argmax(areas))
    kept = [p for i, (p, a) in enumerate(zip(parts, areas, strict=True))
            if a >= MIN_PART_KM2 or i == largest]
    snapped = _polygonal(shapely.remove_repeated_points(
        _round(shapely.set_precision(_multi(kept), GRID_DEGREES))))
    if snapped is None:
        problems.error(f"{where}: geometri hilang setelah koordinat dibulatkan",
                       "periksa berkas di perangkat GIS")
        return None
    oriented = shapely.orient_polygons(snapped, exterior_cw=True)
    return oriented, repaired, len(parts) - len(kept)


def _round(geometry: BaseGeometry) -> BaseGeometry:
    """Coordinates already on the grid, written as their shortest decimals (no 1e-17 noise)."""
    return shapely.transform(geometry, lambda coords: np.round(coords, DECIMALS))


def _polygonal(geometry: BaseGeometry) -> BaseGeometry | None:
    """The polygon parts of a geometry (make_valid may add lines or points), or None."""
    parts = _polygons(geometry)
    return _multi(parts) if parts else None


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    members = getattr(geometry, "geoms", ())
    return [polygon for member in members for polygon in _polygons(member)]


def _multi(parts: Sequence[Polygon]) -> BaseGeometry:
    return parts[0] if len(parts) == 1 else MultiPolygon(list(parts))


def _coverage_warnings(geometries: Sequence[BaseGeometry], names: Sequence[str]) -> list[str]:
    """Overlaps between units (a clean coverage has none): reported, not refused."""
    warnings: list[str] = []
    for i, first in enumerate(geometries):
        for j in range(i + 1, len(geometries)):
            overlap = first.intersection(geometries[j])
            km2 = area_km2(overlap) if not overlap.is_empty else 0.0
            if km2 > 0.01:
                warnings.append(f"{names[i]} dan {names[j]} tumpang tindih {km2:.2f} km²")
    if not warnings and not shapely.coverage_is_valid(np.array(geometries, dtype=object)):
        warnings.append("tepi bersama antarunit tidak persis sama (celah atau tumpang tindih "
                        "sangat kecil); peta tetap dapat digambar")
    return warnings


def _collection(units: Sequence[UnitReport],
                geometries: Sequence[BaseGeometry]) -> dict[str, Any]:
    features = [
        {"type": "Feature", "id": unit.kode,
         "properties": {"kode": unit.kode, "nama": unit.nama},
         "geometry": _plain(mapping(geometry))}
        for unit, geometry in zip(units, geometries, strict=True)
    ]
    return {"type": "FeatureCollection", "name": COLLECTION_NAME,
            "attribution": source.ATTRIBUTION, "features": features}


def _plain(value: Any) -> Any:
    """Tuples (as shapely's mapping gives them) as lists, numbers as Python floats."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, np.floating):
        return float(value)
    return value


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
