"""Writing an export in place, safely (the open data, loaders/open_data.py, and the feedback
export, loaders/masukan_export.py): written beside OUT under a temporary name and renamed into
place, so a reader never sees half an export; an existing OUT replaced only when it is a
previous export of the same kind, as its manifest (``.<name>.pmi-ekspor.json``, each file's
SHA-256) shows; never the store or a folder holding it."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from domain.checksum import sha256_of
from loaders.limits import shown


class ExportError(Exception):
    """An export that cannot be made (OUT exists, unknown series…), in words for people."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def publish(out: Path, force: bool, write: Callable[[Path], None]) -> None:
    """Call ``write`` with a temporary path beside ``out``, then rename it into place."""
    if out.exists() and not force:
        raise ExportError(f"{out} sudah ada; ekspor tidak menimpanya. Ulangi dengan --force "
                          "bila memang itu maksudnya.")
    out.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(4)
    temporary = out.with_name(f".{out.name}.tmp-{token}")
    try:
        write(temporary)
        if out.exists():
            old = out.with_name(f".{out.name}.old-{token}")
            out.rename(old)
            temporary.rename(out)
            _remove(old)
        else:
            temporary.rename(out)
    finally:
        _remove(temporary)


#: The manifest an export writes beside OUT (``.<name>.pmi-ekspor.json``, for a folder or an
#: XLSX): what it wrote, with each file's SHA-256. ``--force`` replaces only that.
MANIFEST = ".pmi-ekspor.json"


MANIFEST_KIND = "pmi-banten open data export"


#: Open-data formats written as a folder of files (the others are one file).
FOLDER_FORMATS = frozenset({"csv", "parquet", "datapackage"})


def manifest_path(out: Path) -> Path:
    return out.with_name(f".{out.name}{MANIFEST}")


def _files(folder: Path) -> dict[str, Path]:
    """Every entry under ``folder`` by its relative name (folders, links and hidden files
    too): whatever is there that the export did not write must stop a replacement."""
    return {path.relative_to(folder).as_posix(): path for path in folder.rglob("*")}


def _manifest(out: Path, fmt: str, written: dict[str, str], kind: str = MANIFEST_KIND) -> str:
    return json.dumps({"kind": kind, "format": fmt,
                       "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "files": written}, ensure_ascii=False, indent=2) + "\n"


def shown_path(path: Path) -> str:
    return shown(str(path), 200)


def refuse_store(out: Path, db_path: Path) -> None:
    """Refuse an OUT that is the store (or its WAL or lock file) or a folder holding it."""
    store = Path(db_path).resolve()
    target = Path(out).resolve()
    companions = {store, store.with_name(store.name + ".wal"),
                  store.with_name(store.name + ".lock")}
    same = target in companions or (out.exists() and store.exists()
                                    and os.path.samefile(out, store))
    if same or store.is_relative_to(target):
        raise ExportError(f"{shown_path(out)} adalah penyimpanan data ({shown_path(store)}) atau "
                          "folder yang berisinya; ekspor tidak pernah menulis ke sana. Pilih OUT "
                          "lain, mis. ekspor/pmi-banten.", code=2)


def previous_export(out: Path, fmt: str, kind: str = MANIFEST_KIND,
                    single: bool | None = None) -> None:
    """Check that the existing ``out`` is exactly a previous export (of ``kind``) in format
    ``fmt``: its manifest lists every file there, with unchanged content. ExportError
    otherwise, naming the first file the export did not write (which is then never deleted).
    Every format but the folder ones (csv, parquet, datapackage of the open data) is one
    file; ``single`` says so for other kinds of export."""
    manifest = manifest_path(out)
    hint = ("ekspor hanya menimpa ekspor sebelumnya yang dikenali dari berkas "
            f"{MANIFEST}; pilih OUT lain, atau pindahkan sendiri isinya dahulu")
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
        files = recorded["files"]
        if recorded.get("kind") != kind or not isinstance(files, dict):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        raise ExportError(f"{shown_path(out)} bukan hasil ekspor sebelumnya (tidak ada manifest "
                          f"{manifest.name}); --force tidak menimpanya — {hint}") from None
    single = fmt not in FOLDER_FORMATS if single is None else single
    if out.is_symlink() or (out.is_dir() == single):
        raise ExportError(f"{shown_path(out)} bukan hasil ekspor {fmt} sebelumnya; --force tidak "
                          f"menimpanya — {hint}")
    present = {out.name: out} if single else _files(out)
    for name, path in sorted(present.items()):
        expected = files.get(name)
        if path.is_symlink() or not path.is_file() or expected is None:
            if path.is_dir() and any(f.startswith(name + "/") for f in files):
                continue
            raise ExportError(f"{shown_path(path)} tidak ditulis oleh ekspor; --force tidak "
                              f"menghapusnya — {hint}")
        if sha256_of(path) != expected:
            raise ExportError(f"{shown_path(path)} diubah sesudah ekspor; --force tidak "
                              f"menimpanya — {hint}")


def write_manifest(out: Path, fmt: str, kind: str = MANIFEST_KIND,
                   single: bool | None = None) -> None:
    """Record what an export just wrote at ``out`` (each file's SHA-256) beside it, so that a
    later ``--force`` replaces exactly that and nothing else."""
    single = fmt not in FOLDER_FORMATS if single is None else single
    written = ({out.name: sha256_of(out)} if single else
               {name: sha256_of(file) for name, file in _files(out).items() if file.is_file()})
    manifest = manifest_path(out)
    staged = manifest.with_name(manifest.name + f".tmp-{secrets.token_hex(4)}")
    staged.write_text(_manifest(out, fmt, written, kind), encoding="utf-8")
    os.replace(staged, manifest)
