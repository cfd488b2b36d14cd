"""Areas of lon/lat geometries, measured in an equal-area projection centred on Banten.

Lambert azimuthal equal-area (WGS84 ellipsoid) with its centre in the middle of the province:
areas are true everywhere in it, and shapes are barely distorted over Banten's 1.7° × 1.2°.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

EQUAL_AREA_CRS: Final = "+proj=laea +lat_0=-6.4 +lon_0=106.1 +datum=WGS84 +units=m +no_defs"
LONLAT_CRS: Final = "EPSG:4326"


@lru_cache(maxsize=1)
def _to_equal_area() -> Transformer:
    return Transformer.from_crs(LONLAT_CRS, EQUAL_AREA_CRS, always_xy=True)


def project(geometry: BaseGeometry) -> BaseGeometry:
    """The geometry (lon/lat degrees) in the equal-area projection (metres)."""
    transformer = _to_equal_area()

    def forward(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, forward)


def area_km2(geometry: BaseGeometry) -> float:
    """Area of a lon/lat geometry in km²."""
    return float(project(geometry).area) / 1e6
