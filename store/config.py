"""Deployment settings: where the store is and which series is shown first.

Read from ``config/dasbor.toml``; each setting can be overridden by an environment variable so
that a deployment (or a test) can point the dashboard and the loaders at another store.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
CONFIG_FILE = ROOT / "config" / "dasbor.toml"

ENV_DB = "PMI_DB"
ENV_DEFAULT_SERIES = "PMI_DEFAULT_SERIES"
ENV_CONFIG = "PMI_CONFIG"
ENV_SMALL_COUNTS = "PMI_SMALL_COUNT_THRESHOLD"


@dataclass(frozen=True)
class Settings:
    db: Path
    default_series: str
    default_file_series: str
    small_count_threshold: int


@lru_cache(maxsize=8)
def _read_config(path: Path) -> dict[str, object]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def settings() -> Settings:
    """Current settings: config file, then environment variables on top."""
    config_path = Path(os.environ.get(ENV_CONFIG, CONFIG_FILE))
    config = _read_config(config_path)
    data = config.get("data", {})
    privacy = config.get("privacy", {})
    assert isinstance(data, dict) and isinstance(privacy, dict)
    db = Path(os.environ.get(ENV_DB) or str(data.get("db", "data/pmi.duckdb")))
    if not db.is_absolute():
        db = ROOT / db
    return Settings(
        db=db,
        default_series=os.environ.get(ENV_DEFAULT_SERIES)
        or str(data.get("default_series", "contoh")),
        default_file_series=str(data.get("default_file_series", "bp2mi")),
        small_count_threshold=int(os.environ.get(ENV_SMALL_COUNTS)
                                  or privacy.get("small_count_threshold", 5)),
    )


def db_path(explicit: str | Path | None = None) -> Path:
    """The store to use: an explicit ``--db`` path wins over the environment and the config."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    return settings().db
