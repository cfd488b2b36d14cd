"""Deployment settings: where the store is and which series is shown first.

Read from ``config/dasbor.toml``; each setting can be overridden by an environment variable so
that a deployment (or a test) can point the dashboard and the loaders at another store.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

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


def province_code() -> str:
    """The province's two-digit code (``[wilayah] kode_provinsi``; Banten is ``36``)."""
    config = _read_config(Path(os.environ.get(ENV_CONFIG, CONFIG_FILE)))
    region = config.get("wilayah", {})
    assert isinstance(region, dict)
    return str(region.get("kode_provinsi", "36"))


def db_path(explicit: str | Path | None = None) -> Path:
    """The store to use: an explicit ``--db`` path wins over the environment and the config."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    return settings().db


# -- performance against targets (kinerja) ----------------------------------------------------

ENV_KINERJA_MET = "PMI_KINERJA_MET"
ENV_KINERJA_NEARLY = "PMI_KINERJA_NEARLY"


def kinerja_thresholds() -> tuple[float, float]:
    """(met, nearly): the capaian (%) from which an indicator counts as met and as nearly met
    (``[kinerja]`` in config/dasbor.toml, then the environment). ValueError, naming the
    setting, when they are not numbers with 0 < nearly <= met."""
    config = _read_config(Path(os.environ.get(ENV_CONFIG, CONFIG_FILE)))
    kinerja = config.get("kinerja", {})
    assert isinstance(kinerja, dict)
    try:
        met = float(os.environ.get(ENV_KINERJA_MET) or kinerja.get("met_threshold", 100))
        nearly = float(os.environ.get(ENV_KINERJA_NEARLY)
                       or kinerja.get("nearly_threshold", 90))
    except (TypeError, ValueError) as exc:
        raise ValueError("[kinerja] met_threshold and nearly_threshold in config/dasbor.toml "
                         f"must be numbers (percent): {exc}") from None
    if not 0 < nearly <= met:
        raise ValueError(f"[kinerja] in config/dasbor.toml: need 0 < nearly_threshold <= "
                         f"met_threshold, got nearly_threshold={nearly}, met_threshold={met}")
    return met, nearly


# -- the maintainer's page (kelola) -----------------------------------------------------------

ENV_ARCHIVE_DIR = "PMI_ARCHIVE_DIR"
ENV_MAX_UPLOAD_MB = "PMI_MAX_UPLOAD_MB"
ENV_CHECK_MEMORY_MB = "PMI_CHECK_MEMORY_MB"
ENV_CHECK_TIMEOUT = "PMI_CHECK_TIMEOUT_SECONDS"
ENV_ARCHIVE_KEY = "PMI_ARCHIVE_KEY"
#: What the archive keeps of a file that may hold personal data (a record-level export, a file
#: refused for personal data, one whose layout is unknown): its SHA-256 only, or (opt-in) the
#: file encrypted and removed after ``personal_retention_days``.
PERSONAL_HASH_ONLY = "hash"
PERSONAL_ENCRYPTED = "encrypted"


@dataclass(frozen=True)
class KelolaSettings:
    """Settings of the maintainer's upload page (``[kelola]`` in config/dasbor.toml)."""

    archive_dir: Path
    max_upload_mb: int
    #: The upload's check and load run in a child process limited to this much memory
    #: (address space, MB) and this many seconds.
    check_memory_mb: int = 1024
    check_timeout_seconds: int = 120
    personal_files: str = PERSONAL_HASH_ONLY
    personal_retention_days: int = 30
    #: The Fernet key for ``personal_files = "encrypted"`` (PMI_ARCHIVE_KEY, or
    #: ``archive_key`` under ``[kelola]`` in .streamlit/secrets.toml); never in the config file.
    archive_key: str | None = field(default=None, repr=False)

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


def kelola_settings() -> KelolaSettings:
    """Where uploaded files are archived, how large an upload may be, the limits of its check
    and what is kept of personal files; config file, then ``PMI_ARCHIVE_DIR`` /
    ``PMI_MAX_UPLOAD_MB`` / ``PMI_CHECK_MEMORY_MB`` / ``PMI_CHECK_TIMEOUT_SECONDS`` /
    ``PMI_ARCHIVE_KEY`` on top. ValueError, naming the setting, for a ``personal_files`` that
    is neither ``hash`` nor ``encrypted``."""
    config = _read_config(Path(os.environ.get(ENV_CONFIG, CONFIG_FILE)))
    kelola = config.get("kelola", {})
    assert isinstance(kelola, dict)
    archive = Path(os.environ.get(ENV_ARCHIVE_DIR) or str(kelola.get("archive_dir",
                                                                     "data/arsip/")))
    if not archive.is_absolute():
        archive = ROOT / archive
    personal = str(kelola.get("personal_files", PERSONAL_HASH_ONLY)).strip().lower()
    if personal not in (PERSONAL_HASH_ONLY, PERSONAL_ENCRYPTED):
        raise ValueError(f"[kelola] personal_files in config/dasbor.toml must be "
                         f"'{PERSONAL_HASH_ONLY}' or '{PERSONAL_ENCRYPTED}', got {personal!r}")
    return KelolaSettings(
        archive_dir=archive,
        max_upload_mb=int(os.environ.get(ENV_MAX_UPLOAD_MB) or kelola.get("max_upload_mb", 20)),
        check_memory_mb=int(os.environ.get(ENV_CHECK_MEMORY_MB)
                            or kelola.get("check_memory_mb", 1024)),
        check_timeout_seconds=int(os.environ.get(ENV_CHECK_TIMEOUT)
                                  or kelola.get("check_timeout_seconds", 120)),
        personal_files=personal,
        personal_retention_days=int(kelola.get("personal_retention_days", 30)),
        archive_key=os.environ.get(ENV_ARCHIVE_KEY) or None,
    )


# -- public feedback (masukan) ----------------------------------------------------------------

ENV_MASUKAN_DB = "PMI_MASUKAN_DB"
#: The variable's former name, still read when the new one is not set (deployments set it).
ENV_MASUKAN_DB_OLD = "PMI_FEEDBACK_DB"


@dataclass(frozen=True)
class MasukanSettings:
    """Settings of the Masukan (feedback) form (``[masukan]`` in config/dasbor.toml)."""

    db: Path
    retention_days: int
    max_per_window: int
    window_seconds: int
    min_interval_seconds: int
    #: All senders together: at most this many submissions in an hour are received (0 = no
    #: cap); beyond it up to ``queue_per_hour`` more are kept as queued (``antre``).
    max_per_hour: int = 60
    #: One client address (all its sessions): at most this many in ``address_window_seconds``.
    max_per_address: int = 10
    address_window_seconds: int = 3600
    queue_per_hour: int = 240


def masukan_settings() -> MasukanSettings:
    """Where feedback is kept, for how long, and how often one session may send it; config
    file, then ``PMI_MASUKAN_DB`` (formerly ``PMI_FEEDBACK_DB``, still read) on top."""
    config = _read_config(Path(os.environ.get(ENV_CONFIG, CONFIG_FILE)))
    masukan = config.get("masukan", {})
    assert isinstance(masukan, dict)
    db = Path(os.environ.get(ENV_MASUKAN_DB) or os.environ.get(ENV_MASUKAN_DB_OLD)
              or str(masukan.get("db", "data/masukan.duckdb")))
    if not db.is_absolute():
        db = ROOT / db
    return MasukanSettings(
        db=db,
        retention_days=int(masukan.get("retention_days", 365)),
        max_per_window=int(masukan.get("max_per_window", 3)),
        window_seconds=int(masukan.get("window_seconds", 600)),
        min_interval_seconds=int(masukan.get("min_interval_seconds", 30)),
        max_per_hour=int(masukan.get("max_per_hour", 60)),
        max_per_address=int(masukan.get("max_per_address", 10)),
        address_window_seconds=int(masukan.get("address_window_seconds", 3600)),
        queue_per_hour=int(masukan.get("queue_per_hour", 240)),
    )


# -- the web server: client addresses and the limits of the public forms ----------------------

ENV_LIMITS_DB = "PMI_LIMITS_DB"


@dataclass(frozen=True)
class WebSettings:
    """``[web]`` in config/dasbor.toml (docs/feedback.md §2, docs/maintainer.md §1)."""

    #: The SQLite file of the forms' limits (store/limits.py).
    limits_db: Path
    #: The header a trusted reverse proxy puts the client's address in (``X-Forwarded-For``),
    #: or None: then the connection's own address counts. Read only when configured.
    trusted_proxy_header: str | None = None
    #: How many trusted proxies append to that header (the entry taken, from the right).
    trusted_proxy_hops: int = 1


def web_settings() -> WebSettings:
    """The limits file and the trusted proxy header; config file, then ``PMI_LIMITS_DB``."""
    config = _read_config(Path(os.environ.get(ENV_CONFIG, CONFIG_FILE)))
    web = config.get("web", {})
    assert isinstance(web, dict)
    limits = Path(os.environ.get(ENV_LIMITS_DB) or str(web.get("limits_db",
                                                               "data/batas.sqlite3")))
    if not limits.is_absolute():
        limits = ROOT / limits
    header = str(web.get("trusted_proxy_header") or "").strip()
    return WebSettings(limits_db=limits, trusted_proxy_header=header or None,
                       trusted_proxy_hops=max(1, int(web.get("trusted_proxy_hops", 1))))


# -- the static publication (terbitan) --------------------------------------------------------

ENV_PUBLICATION_URL = "PMI_PUBLICATION_URL"
ENV_PUBLICATION_DIR = "PMI_PUBLICATION_DIR"


@dataclass(frozen=True)
class PublicationSettings:
    """``[terbitan]`` in config/dasbor.toml: where the static publication (``python -m
    dashboard.publish OUT``) is, so that a chart's embed snippet points to its file there."""

    #: Its public address as readers reach it, without a trailing slash ("": not configured).
    url: str = ""
    #: Where it is written on this server (its manifest.json says which charts it holds).
    folder: Path | None = None

    @property
    def configured(self) -> bool:
        return bool(self.url and self.folder)


def publication_settings() -> PublicationSettings:
    """The publication's public address and folder; config file, then ``PMI_PUBLICATION_URL``
    / ``PMI_PUBLICATION_DIR`` on top. An address that is not ``http(s)://host…`` counts as not
    configured (an embed must never point elsewhere)."""
    config = _read_config(Path(os.environ.get(ENV_CONFIG, CONFIG_FILE)))
    section = config.get("terbitan", {})
    assert isinstance(section, dict)
    url = str(os.environ.get(ENV_PUBLICATION_URL) or section.get("url") or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
            or parts.fragment or any(c.isspace() or c in "\"'<>\\" for c in url):
        url = ""
    folder_text = str(os.environ.get(ENV_PUBLICATION_DIR) or section.get("folder") or "").strip()
    folder = Path(folder_text) if folder_text else None
    if folder is not None and not folder.is_absolute():
        folder = ROOT / folder
    return PublicationSettings(url=url.rstrip("/"), folder=folder)
