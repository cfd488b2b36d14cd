"""Where the Banten boundaries are cached, and how they are written there.

``data/geo/`` (git-ignored: written by ``python -m geo fetch``/``import``, never committed)
holds ``banten_kabkota.geojson`` and its sidecar ``banten_kabkota.meta.yml`` (source, pinned
hash, licence, attribution, processing steps, date). ``PMI_GEO_DIR`` points elsewhere (tests,
deployments).

``data/boundaries/`` (committed) holds the same two files made by ``python -m geo import`` from
the pinned national file, so the map works on first start without the network. They are read
only when no folder was named (no ``--out``/argument, no ``PMI_GEO_DIR``) and ``data/geo/`` has
no boundaries yet (:func:`read_dir`); a fetched or imported cache always takes precedence.

Both files are written to temporary files in the same folder and renamed into place, the data
first, so a reader never sees a half-written file and a failed import leaves the cache as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Final

import yaml

ROOT: Final = Path(__file__).resolve().parents[1]
DEFAULT_DIR: Final = ROOT / "data" / "geo"
SHIPPED_DIR: Final = ROOT / "data" / "boundaries"
ENV_DIR: Final = "PMI_GEO_DIR"
GEOJSON_NAME: Final = "banten_kabkota.geojson"
META_NAME: Final = "banten_kabkota.meta.yml"


def cache_dir(directory: Path | str | None = None) -> Path:
    """The folder given, else ``$PMI_GEO_DIR``, else ``data/geo`` of the project."""
    if directory is not None:
        return Path(directory)
    from_env = os.environ.get(ENV_DIR, "").strip()
    return Path(from_env) if from_env else DEFAULT_DIR


def read_dir(directory: Path | str | None = None) -> Path:
    """The folder whose boundaries are shown: :func:`cache_dir`, except that when no folder
    was named (``directory`` None, ``$PMI_GEO_DIR`` unset) and ``data/geo`` holds no GeoJSON,
    the cut shipped in ``data/boundaries``."""
    folder = cache_dir(directory)
    named = directory is not None or os.environ.get(ENV_DIR, "").strip()
    if named or (folder / GEOJSON_NAME).exists():
        return folder
    return SHIPPED_DIR


def geojson_path(directory: Path | str | None = None) -> Path:
    return cache_dir(directory) / GEOJSON_NAME


def meta_path(directory: Path | str | None = None) -> Path:
    return cache_dir(directory) / META_NAME


def write(directory: Path, collection: dict[str, Any], meta: dict[str, Any]) -> Path:
    """Write the GeoJSON and its sidecar atomically; returns the GeoJSON's path."""
    directory.mkdir(parents=True, exist_ok=True)
    data = json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
    text = "# Batas kabupaten/kota Banten: dibuat oleh `python -m geo`, jangan disunting.\n"
    text += yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, content in ((GEOJSON_NAME, data), (META_NAME, text)):
            staged.append((_stage(directory, name, content), directory / name))
        for temporary, final in staged:
            os.replace(temporary, final)
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    return directory / GEOJSON_NAME


def _stage(directory: Path, name: str, text: str) -> Path:
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the cache is readable data
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)
