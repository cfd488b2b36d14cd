"""The ``.meta.yml`` sidecar of the cached boundaries: source, licence, attribution, steps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from geo import source
from geo.build import Cut


def describe(cut: Cut, input_file: Path, sha256: str, url: str | None = None,
             today: dt.date | None = None) -> dict[str, Any]:
    """The sidecar for ``cut`` made from ``input_file`` (downloaded from ``url`` if given)."""
    pinned = sha256 == source.SHA256
    origin: dict[str, Any] = {
        "dataset": source.DATASET,
        "boundaryID": source.BOUNDARY_ID,
        "boundaryYear": source.BOUNDARY_YEAR,
        "publisher": source.PUBLISHER,
        "republished_by": f"geoBoundaries ({source.GEOBOUNDARIES_URL})",
        "repository": source.REPOSITORY,
        "path": source.PATH,
        "commit": source.COMMIT,
        "sha256": source.SHA256,
        "citation": source.CITATION,
    }
    received: dict[str, Any] = {
        "file": input_file.name,
        "sha256": sha256,
        "is_pinned_file": pinned,
        "name_column": cut.name_column,
    }
    if url is not None:
        received["downloaded_from"] = url
    if not pinned:
        received["note"] = ("bukan berkas yang dipatok (SHA-256 berbeda): diimpor dari salinan "
                            "lain dengan unit yang sama; periksa sumbernya")
    return {
        "title": "Batas kabupaten/kota Provinsi Banten",
        "title_en": "Boundaries of the regencies and cities of Banten Province",
        "file": "banten_kabkota.geojson",
        "key": "properties.kode (juga id fitur): kode 4 digit BPS, sama dengan kode_wilayah",
        "source": origin,
        "input": received,
        "licence": source.LICENCE,
        "licence_url": source.LICENCE_URL,
        "attribution": source.ATTRIBUTION,
        "attribution_en": source.ATTRIBUTION_EN,
        "date_created": (today or dt.date.today()).isoformat(),
        "processing": list(cut.steps),
        "warnings": list(cut.warnings),
        "units": [
            {"kode": unit.kode, "nama": unit.nama, "nama_sumber": unit.source_name,
             "luas_km2": unit.area_km2, "bagian": unit.parts, "titik": unit.vertices}
            for unit in cut.units
        ],
        "caveats": [
            "Batas BPS 2020 (dibangun 2023) yang disederhanakan geoBoundaries, bukan batas "
            "definitif Kemendagri/BIG; cocok untuk peta tematik, bukan pengukuran.",
            "luas_km2 adalah ukuran GIS; untuk kepadatan gunakan luas resmi BPS.",
        ],
    }
