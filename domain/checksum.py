"""The SHA-256 of a file, read in blocks: what every loaded file, export and boundary file is
identified by."""

from __future__ import annotations

import hashlib
from pathlib import Path

BLOCK_BYTES = 1 << 20


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of the file at ``path`` (read 1 MiB at a time, so any size fits)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(BLOCK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()
