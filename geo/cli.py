"""``python -m geo``: fetch, import and show the cached boundaries of Banten's 8 kabupaten/kota.

* ``fetch [--url URL] [--out DIR]``: download the pinned national file (geoBoundaries IDN ADM2,
  see :mod:`geo.source`), verify its SHA-256 before use, then ``import`` it;
* ``import FILE [--out DIR]``: build the Banten cut from a local copy of that file, or from a
  GeoJSON, GeoPackage or Shapefile of the same units, and cache it atomically;
* ``status [--out DIR]``: what the map shows (the cache, else the shipped cut), or how to get it.

The cache is ``data/geo/`` unless ``--out`` or ``PMI_GEO_DIR`` says otherwise; until it holds
boundaries, the map shows the cut shipped in ``data/boundaries/`` (``fetch`` or ``import``
refreshes the cache, which then takes precedence). A refused download or import prints what
went wrong and how to fix it, exits with 1 and leaves the cache as it was. Exit code 2 is a
usage error.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from domain.problems import LoadError
from geo import cache, source
from geo.download import download


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Batas kabupaten/kota Banten untuk peta dasbor (geoBoundaries IDN ADM2).")
    commands = parser.add_subparsers(dest="command", required=True)

    fetch = commands.add_parser("fetch", help="unduh berkas nasional yang dipatok, verifikasi "
                                              "SHA-256, lalu impor")
    fetch.add_argument("--url", default=source.URL,
                       help="alamat unduhan (bawaan: berkas geoBoundaries yang dipatok)")
    fetch.add_argument("--if-missing", action="store_true",
                       help="jangan unduh bila batas wilayah sudah tersimpan")
    _add_import_options(fetch)

    load = commands.add_parser("import", help="buat potongan Banten dari berkas lokal")
    load.add_argument("file", type=Path, metavar="FILE",
                      help="TopoJSON nasional geoBoundaries IDN ADM2, atau GeoJSON/GeoPackage/"
                           "Shapefile dengan unit yang sama")
    _add_import_options(load)

    status = commands.add_parser("status", help="tampilkan batas yang tersimpan")
    _add_out(status)
    return parser


def _add_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help=f"folder cache (bawaan: {cache.ENV_DIR} atau data/geo)")


def _add_import_options(parser: argparse.ArgumentParser) -> None:
    _add_out(parser)
    parser.add_argument("--layer", help="nama lapisan (GeoPackage dengan beberapa lapisan)")
    parser.add_argument("--name-column", help="kolom nama unit (bawaan: dicari otomatis, "
                                              "mis. shapeName)")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = cache.cache_dir(args.out)
    if args.command == "status":
        return _status(cache.read_dir(args.out))
    try:
        if args.command == "fetch":
            if args.if_missing and cache.geojson_path(out).exists():
                print(f"Batas wilayah sudah tersedia di {cache.geojson_path(out)}.")
                return 0
            return _fetch(args.url, out, args.layer, args.name_column)
        return _import(args.file, out, args.layer, args.name_column)
    except LoadError as error:
        for problem in error.problems:
            print(problem.format(), file=sys.stderr)
        print(f"Ditolak; cache batas wilayah di {out} tidak diubah.", file=sys.stderr)
        return 1


def _fetch(url: str, out: Path, layer: str | None, name_column: str | None) -> int:
    print(f"Mengunduh {url}")
    with tempfile.TemporaryDirectory(prefix="geo-fetch-") as folder:
        target = download(url, Path(folder) / Path(source.PATH).name)
        print(f"Diverifikasi: SHA-256 {source.SHA256[:12]}… sesuai dengan berkas yang dipatok.")
        return _import(target, out, layer, name_column, url=url)


def _import(file: Path, out: Path, layer: str | None, name_column: str | None,
            url: str | None = None) -> int:
    from domain.checksum import sha256_of
    from geo.build import build  # geopandas is imported only when something is built
    from geo.meta import describe

    cut = build(file, layer, name_column)
    meta = describe(cut, file, sha256_of(file) if file.is_file() else "", url)
    path = cache.write(out, cut.collection, meta)
    print(f"Batas {len(cut.units)} kabupaten/kota ditulis ke {path} "
          f"({path.stat().st_size / 1024:.0f} KB, {sum(u.vertices for u in cut.units)} titik).")
    for unit in cut.units:
        print(f"  {unit.kode} {unit.nama:<24} {unit.area_km2:>8.1f} km²  "
              f"{unit.parts} bagian")
    for warning in cut.warnings:
        print(f"Peringatan: {warning}")
    if not meta["input"]["is_pinned_file"]:
        print("Catatan: berkas ini bukan berkas yang dipatok (SHA-256 berbeda); "
              "sumbernya dicatat di " + cache.META_NAME)
    return 0


def _status(out: Path) -> int:
    from geo.boundaries import attribution, load_boundaries

    boundaries = load_boundaries(out)
    if boundaries is None:
        print(f"Belum ada batas wilayah di {out}. Jalankan `python -m geo fetch` (perlu internet) "
              "atau `python -m geo import FILE`; tanpa itu halaman peta menampilkan peta ubin.")
        return 1
    codes = ", ".join(str(f.get("properties", {}).get("kode")) for f in boundaries["features"])
    print(f"{cache.geojson_path(out)}: {len(boundaries['features'])} unit ({codes})")
    if out == cache.SHIPPED_DIR:
        print(f"Potongan bawaan (belum ada cache di {cache.DEFAULT_DIR}); `python -m geo fetch` "
              "memperbaruinya.")
    print(f"Atribusi: {attribution(out)}")
    return 0
