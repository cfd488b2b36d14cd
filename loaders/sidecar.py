"""The ``<stem>.meta.yml`` sidecar of a data file (title, source, licence, caveats, English
twins), read within bounds: a size limit, no YAML anchors or aliases, no deep nesting."""

from __future__ import annotations

from pathlib import Path

import yaml

from domain.problems import LoadError, Problem
from loaders import limits
from loaders.batch_checks import META_SUFFIX


class _MetaError(yaml.YAMLError):
    """A sidecar the loader refuses to build: an anchor or alias, or nesting too deep."""

    def __init__(self, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.message = message
        self.problem_mark = mark


class MetaLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` without anchors and aliases (``&a``, ``*a``, ``<<: *a``: a few
    hundred bytes of them expand to gigabytes) and without deep nesting."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _MetaError("jangkar atau alias YAML (&…, *…) tidak diterima",
                             event.start_mark)
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > limits.MAX_META_DEPTH:
                raise _MetaError(f"bertingkat lebih dari {limits.MAX_META_DEPTH} lapis",
                                 event.start_mark)
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1


def read_meta(path: Path) -> dict[str, object]:
    """The ``<stem>.meta.yml`` sidecar of a data file, if any; LoadError when it is broken,
    larger than ``limits.MAX_META_BYTES``, or uses YAML anchors or aliases."""
    sidecar = path.with_name(path.stem + META_SUFFIX)
    if not sidecar.is_file():
        return {}
    name = limits.clean_name(sidecar.name)
    size = sidecar.stat().st_size
    if size > limits.MAX_META_BYTES:
        raise LoadError([Problem(
            name, f"berkas keterangan .meta.yml terlalu besar ({limits.thousands(size)} byte, "
            f"paling besar {limits.thousands(limits.MAX_META_BYTES)})",
            "berkas keterangan hanya berisi judul, sumber, lisensi dan catatan singkat")])
    try:
        with sidecar.open("rb") as fh:
            text = fh.read(limits.MAX_META_BYTES + 1).decode("utf-8")
        data = yaml.load(text, Loader=MetaLoader) or {}
    except _MetaError as exc:
        mark = exc.problem_mark
        raise LoadError([Problem(
            name, f"berkas keterangan .meta.yml: {exc.message}",
            "tulis setiap nilai apa adanya (tanpa &jangkar dan *alias), satu 'kunci: nilai' "
            "per baris", line=mark.line + 1 if mark is not None else None)]) from None
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LoadError([Problem(
            name, "berkas keterangan .meta.yml tidak dapat dibaca",
            "perbaiki penulisan YAML-nya (kunci: nilai), atau hapus berkas itu",
            line=mark.line + 1 if mark is not None else None)]) from None
    if not isinstance(data, dict):
        raise LoadError([Problem(sidecar.name, "berkas keterangan .meta.yml bukan daftar kunci",
                                 "tulis satu 'kunci: nilai' per baris")])
    return data
