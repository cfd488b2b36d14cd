"""The static publication's folder: OUT is replaced only when it is absent, empty or an
earlier publication (so the command never deletes someone else's files), and by one run at a
time. The publication itself: dashboard/publish.py.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
from collections.abc import Iterator
from pathlib import Path

from dashboard.publication import MANIFEST

#: The manifest's ``kind``: what tells a publication from any other folder.
KIND = "pmi-banten static publication"


class PublishError(Exception):
    """A publication that cannot be made, in words for people."""


def all_files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*")}


def check_replaceable(out: Path) -> None:
    """OUT may be replaced only when absent, empty, or exactly an earlier publication (its
    manifest lists every file there)."""
    if not (out.exists() or out.is_symlink()):
        return
    if out.is_symlink() or not out.is_dir():
        raise PublishError(f"{out} ada dan bukan folder terbitan; pilih OUT lain.")
    present = all_files(out)
    if not present:
        return
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        listed = manifest["files"]
        if manifest.get("kind") != KIND or not isinstance(listed, dict):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        raise PublishError(f"{out} berisi berkas lain dan bukan terbitan sebelumnya (tidak ada "
                           f"{MANIFEST}); pilih OUT lain atau kosongkan dahulu.") from None
    for name, path in sorted(present.items()):
        if name == MANIFEST or (path.is_dir() and not path.is_symlink()):
            continue
        if name not in listed:
            raise PublishError(f"{path} tidak ditulis oleh terbitan sebelumnya; perintah ini "
                               "tidak menghapusnya. Pindahkan berkas itu atau pilih OUT lain.")


@contextlib.contextmanager
def only_run(out: Path) -> Iterator[None]:
    """One run at a time per OUT (the systemd unit after a load and the Kelola page's button
    may start together): an exclusive lock on ``.<name>.lock`` beside it; a second run is
    refused, not queued, since the first one writes the same figures."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.with_name(f".{out.name}.lock"), "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"{out} sedang diperbarui oleh proses lain; coba lagi setelah "
                               "proses itu selesai.") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
