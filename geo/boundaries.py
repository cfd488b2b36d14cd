"""What the map page reads: the cached boundaries (or None), their attribution, unit areas,
label anchors, and the tile arrangement used when there are no boundaries.

Nothing here raises because boundaries are missing or broken: the page shows the tile map
instead (``load_boundaries`` returns None) with a note to run ``python -m geo fetch``.
Without a folder named, the boundaries are the fetched cache (``data/geo``) or, until there is
one, the cut shipped in ``data/boundaries`` (:func:`geo.cache.read_dir`). Nothing here reads
outside the project.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import shapely
import yaml
from shapely.geometry import shape
from shapely.ops import polylabel

from geo import cache
from geo.area import area_km2
from geo.source import ATTRIBUTION, ATTRIBUTION_EN

log = logging.getLogger(__name__)

#: Tile map of the 8 units, (row, column) on a 3 × 4 grid, row 0 at the top (north), column 0
#: on the left (west). Neighbours stay neighbours: the north-coast belt runs west to east in
#: row 1 (Cilegon, Kab. Serang, Kab. Tangerang, Kota Tangerang) with Kota Serang, the enclave
#: on Banten Bay, above Kab. Serang; the south (Pandeglang, Lebak) sits below it, and
#: Tangerang Selatan below Kota Tangerang, next to Jakarta::
#:
#:        col 0          col 1          col 2            col 3
#:   0                   Kota Serang
#:   1    Kota Cilegon   Kab. Serang    Kab. Tangerang   Kota Tangerang
#:   2    Pandeglang     Lebak                           Kota Tangerang Selatan
#:
#: Within a row, tiles go west to east by the units' centroids; within a column, north to south.
TILE_LAYOUT: Final[Mapping[str, tuple[int, int]]] = {
    "3673": (0, 1),
    "3672": (1, 0),
    "3604": (1, 1),
    "3603": (1, 2),
    "3671": (1, 3),
    "3601": (2, 0),
    "3602": (2, 1),
    "3674": (2, 3),
}
TILE_ROWS: Final = 3
TILE_COLUMNS: Final = 4


def load_boundaries(data_dir: Path | str | None = None) -> dict[str, Any] | None:
    """The GeoJSON FeatureCollection in :func:`geo.cache.read_dir` (a fresh dict, ready for
    plotly's ``geojson=``; each feature has ``id`` and ``properties.kode`` = the 4-digit code,
    and ``properties.nama``), or None when there is none or it cannot be read."""
    path = cache.geojson_path(cache.read_dir(data_dir))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        log.warning("batas wilayah %s tidak dapat dibaca (%s); peta ubin dipakai", path, error)
        return None
    if not _is_collection(data):
        log.warning("batas wilayah %s bukan FeatureCollection dengan properti kode; "
                    "jalankan lagi `python -m geo fetch`", path)
        return None
    return data


def attribution(data_dir: Path | str | None = None) -> str | None:
    """The attribution line to show on the map and in its exports, or None when there are no
    boundaries (the tile map needs none)."""
    collection = load_boundaries(data_dir)
    if collection is None:
        return None
    try:
        meta = yaml.safe_load(cache.meta_path(cache.read_dir(data_dir)).read_text(
            encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        meta = None
    if isinstance(meta, dict) and isinstance(meta.get("attribution"), str):
        return str(meta["attribution"])
    text = collection.get("attribution")
    return text if isinstance(text, str) and text else ATTRIBUTION


def attribution_en(data_dir: Path | str | None = None) -> str | None:
    """The attribution line in English: the sidecar's ``attribution_en``, or the built-in one
    when the sidecar's Indonesian line is the built-in one (caches written before the field);
    None when there is none (the English view then marks the Indonesian line)."""
    try:
        meta = yaml.safe_load(cache.meta_path(cache.read_dir(data_dir)).read_text(
            encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        meta = None
    if isinstance(meta, dict) and isinstance(meta.get("attribution_en"), str):
        return str(meta["attribution_en"])
    return ATTRIBUTION_EN if attribution(data_dir) == ATTRIBUTION else None


def areas_km2(geojson: Mapping[str, Any]) -> dict[str, float]:
    """Area of each unit in km², keyed by code, measured in an equal-area projection (Lambert
    azimuthal equal-area centred on Banten, WGS84). A GIS measure: for densities use BPS's
    official areas."""
    return {_code(feature): area_km2(shape(feature["geometry"]))
            for feature in geojson["features"]}


def label_points(geojson: Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    """A (lon, lat) inside each unit to anchor its label: the pole of inaccessibility of its
    largest part (inside even for concave or ring-shaped units such as Kabupaten Serang)."""
    points: dict[str, tuple[float, float]] = {}
    for feature in geojson["features"]:
        parts = shapely.get_parts(shape(feature["geometry"]))
        largest = max(parts, key=lambda part: part.area)
        point = polylabel(largest, tolerance=0.001)
        points[_code(feature)] = (round(point.x, 5), round(point.y, 5))
    return points


def tile_layout() -> dict[str, tuple[int, int]]:
    """(row, column) of each unit's tile on a :data:`TILE_ROWS` × :data:`TILE_COLUMNS` grid
    (see :data:`TILE_LAYOUT`)."""
    return dict(TILE_LAYOUT)


def _code(feature: Mapping[str, Any]) -> str:
    properties = feature.get("properties") or {}
    return str(properties.get("kode", feature.get("id")))


def _is_collection(data: object) -> bool:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return False
    features = data.get("features")
    return isinstance(features, list) and bool(features) and all(
        isinstance(f, dict) and isinstance(f.get("geometry"), dict)
        and isinstance((f.get("properties") or {}).get("kode"), str)
        for f in features)
