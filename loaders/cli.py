"""``python -m loaders``: load, check, history, summary, rollback, rebuild, quality, sample,
export, masukan, password-hash, publish."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from domain import coverage
from domain.config import db_path as resolve_db
from domain.config import settings
from domain.problems import LoadError
from domain.reference import PROVINCE_CODE, reference
from loaders import cli_admin, pipeline
from loaders.limits import shown
from loaders.report import FileReport
from store import catalogue, intern_queries, queries, write
from store import db as store_db
from store.sql.placements import SUMMARY_DIMENSIONS


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="berkas DuckDB (bawaan: PMI_DB atau config/dasbor.toml)")


def _add_read_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--series", help="seri data (contoh, bp2mi, disnaker, verifikasi)")
    parser.add_argument("--source", help="sitasi sumber berkas, mis. 'BP3MI Banten, Jan 2025'")
    parser.add_argument("--tahun", type=int, help="tahun data bila berkas tidak menyebutnya")
    parser.add_argument("--sheet", help="nama lembar XLSX (bawaan: lembar pertama)")
    parser.add_argument("--json", action="store_true", help="laporan sebagai JSON")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders",
                                     description="Memuat dan memeriksa data PMI Banten.")
    commands = parser.add_subparsers(dest="command", required=True)

    load = commands.add_parser("load", help="periksa lalu muat berkas ke penyimpanan")
    _add_read_options(load)
    _add_db(load)
    load.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
    load.add_argument("--replace", action="store_true",
                      help="ganti batch lama untuk tabel dan periode yang sama")

    check = commands.add_parser("check", help="periksa berkas tanpa menyimpan")
    _add_read_options(check)

    history = commands.add_parser("history", help="daftar batch yang pernah dimuat")
    _add_db(history)
    history.add_argument("--json", action="store_true")

    summary = commands.add_parser("summary", help="total seperti yang ditampilkan dasbor")
    _add_db(summary)
    summary.add_argument("--by", default="tahun",
                         help=f"dimensi dipisah koma: {','.join(SUMMARY_DIMENSIONS)}")
    summary.add_argument("--tahun", help="tahun atau rentang, mis. 2024 atau 2023-2024")
    summary.add_argument("--bulan", type=int, help="bulan 1–12")
    summary.add_argument("--series", help="seri (bawaan: seri bawaan dasbor)")
    for dimension in ("wilayah", "skema", "sektor", "jenis-kelamin", "negara", "jabatan"):
        summary.add_argument(f"--{dimension}",
                             help="saring: nilai dipisah koma, ejaan apa pun yang dikenal")
    summary.add_argument("--csv", action="store_true", help="keluaran CSV")
    summary.add_argument("--cakupan", action="store_true",
                         help="CSV: tambah kolom cakupan (wilayah/bulan yang tercakup bila "
                              "tidak lengkap; keluaran tabel selalu menampilkannya)")
    summary.add_argument("--raw", action="store_true",
                         help="angka kecil tidak disamarkan (hanya untuk pengelola data)")

    rollback = commands.add_parser("rollback", help="batalkan batch, pulihkan yang digantinya")
    rollback.add_argument("batch", type=int)
    _add_db(rollback)

    rebuild = commands.add_parser("rebuild", help="bangun ulang penyimpanan dari data/")
    _add_db(rebuild)
    rebuild.add_argument("--force", action="store_true",
                         help="bangun ulang walau ada batch yang bukan dari data/")

    quality = commands.add_parser("quality", help="tabel yang berbeda total untuk sel yang sama")
    _add_db(quality)
    quality.add_argument("--series")

    sample = commands.add_parser("sample", help="bangkitkan ulang data contoh")
    sample.add_argument("--out", type=Path)
    sample.add_argument("--seed", type=int)
    sample.add_argument("--pemagangan", action="store_true",
                        help="data contoh pemagangan (data/sample/magang_contoh.csv)")

    export = commands.add_parser("export", help="ekspor data terbuka (CSV, XLSX, Parquet, "
                                 "Frictionless Data Package)")
    export.add_argument("out", type=Path, metavar="OUT",
                        help="folder (csv, parquet, datapackage) atau berkas .xlsx")
    export.add_argument("--format", required=True,
                        choices=("csv", "xlsx", "parquet", "datapackage"))
    _add_db(export)
    export.add_argument("--series", help="hanya satu seri (bawaan: semua seri)")
    export.add_argument("--force", action="store_true", help="timpa OUT yang sudah ada")
    cli_admin.add_masukan(commands)
    cli_admin.add_password_hash(commands)
    cli_admin.add_publish(commands)
    return parser


def _print_reports(reports: list[FileReport], as_json: bool) -> None:
    if as_json:
        print(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2,
                         default=str))
    else:
        print("\n\n".join(r.format_text() for r in reports))


def _exit_code(reports: list[FileReport]) -> int:
    return 1 if any(r.status in {"refused", "not-loaded"} for r in reports) else 0


def _open_path(explicit: str | None) -> Path:
    """The store to read; created when missing (empty for --db, from data/ otherwise)."""
    path = resolve_db(explicit)
    if not path.exists():  # checked again under the store's lock before anything is written
        if explicit:
            store_db.create_if_missing(path)
        else:
            pipeline.ensure_store(path)
    else:
        store_db.upgrade_if_needed(path)
    return path


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip()) if value else ()


def _regions(values: tuple[str, ...]) -> tuple[str, ...]:
    """Filter values for regencies, written as codes or names, as 4-digit codes."""
    codes = []
    for value in values:
        match = reference().regions.match(value if value[:1].isdigit() else None,
                                          None if value[:1].isdigit() else value)
        if match.status != "ok" or match.value == PROVINCE_CODE:
            hint = (f" ({match.suggestion})" if match.status == "ambiguous"
                    else f" (maksudnya '{match.suggestion}'?)" if match.suggestion else "")
            raise ValueError(f"--wilayah: '{value}' bukan kabupaten/kota di Banten{hint}")
        codes.append(str(match.value))
    return tuple(codes)


#: The summary option that filters each dimension.
OPTIONS = {"skema": "--skema", "sektor": "--sektor", "jenis_kelamin": "--jenis-kelamin",
           "negara_tujuan": "--negara", "jabatan": "--jabatan"}


def _values(dimension: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """Filter values in any accepted spelling, as canonical values."""
    vocabulary = reference().vocab[dimension]
    out = []
    for value in values:
        match = vocabulary.match(value)
        if match.status != "ok":
            hint = f" (maksudnya '{match.suggestion}'?)" if match.suggestion else ""
            raise ValueError(f"{OPTIONS[dimension]}: '{value}' tidak dikenal{hint}")
        out.append(str(match.value))
    return tuple(out)


def _years(value: str | None) -> tuple[int, int]:
    if not value:
        return 1900, 9999
    first, _, last = value.partition("-")
    return int(first), int(last or first)


def _summary(args: argparse.Namespace) -> int:
    by = list(_split(args.by))
    unknown = [d for d in by if d not in SUMMARY_DIMENSIONS]
    if unknown:
        print(f"dimensi tidak dikenal: {', '.join(unknown)}; pilih dari "
              f"{', '.join(SUMMARY_DIMENSIONS)}", file=sys.stderr)
        return 2
    try:
        first, last = _years(args.tahun)
    except ValueError:
        print("--tahun harus berupa tahun (2024) atau rentang (2023-2024)", file=sys.stderr)
        return 2
    try:
        filters = queries.Filters(
            tahun_awal=first, tahun_akhir=last, bulan=args.bulan,
            kode_wilayah=_regions(_split(args.wilayah)),
            skema=_values("skema", _split(args.skema)),
            sektor=_values("sektor", _split(args.sektor)),
            jenis_kelamin=_values("jenis_kelamin", _split(args.jenis_kelamin)),
            negara_tujuan=_values("negara_tujuan", _split(args.negara)),
            jabatan=_values("jabatan", _split(args.jabatan)),
        )
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    known = [row["series"] for row in reference().table("seri")]
    if args.series and args.series not in known:
        print(f"seri '{args.series}' tidak dikenal; pilih salah satu: {', '.join(known)}",
              file=sys.stderr)
        return 2
    series, frame = pipeline.summary(_open_path(args.db), by, args.series, filters, args.raw)
    threshold = settings().small_count_threshold
    shown = frame[[*by, "jumlah"]].astype(object)
    shown.loc[frame["ditekan"].to_numpy(dtype=bool), "jumlah"] = f"<{threshold}"
    incomplete = not frame.empty and not frame["lengkap"].astype(bool).all()
    if incomplete and (args.cakupan or not args.csv):
        # what an incomplete row covers: "hanya 3672", "bulan 1–8" (domain.coverage)
        shown["cakupan"] = [coverage.describe(row) for row in frame.itertuples(index=False)]
    if args.csv:
        shown.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif shown.empty:
        print(f"# seri: {series}")
        print("tidak ada angka untuk saringan ini")
    else:
        print(f"# seri: {series}")
        print(shown.where(shown.notna(), "(tidak dirinci)").to_string(index=False))
    return 0


def _history(args: argparse.Namespace) -> int:
    con = store_db.connect_read_only(_open_path(args.db))
    try:
        frame = catalogue.history(con)
    finally:
        con.close()
    if args.json:
        print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    elif frame.empty:
        print("belum ada batch yang dimuat")
    else:
        columns = ["batch_id", "status", "series", "layout", "file_name", "rows_stored",
                   "tahun_awal", "tahun_akhir", "loaded_at", "source"]
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            print(frame[columns].to_string(index=False))
    return 0


def _rebuild(args: argparse.Namespace) -> int:
    path = resolve_db(args.db)
    try:  # the check for foreign batches and the build hold the store's lock together
        reports = pipeline.rebuild(path, keep_foreign=not args.force)
    except pipeline.ForeignBatchesError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"penyimpanan dibangun ulang: {path} ({len(reports)} berkas)")
    return 0


def _quality(args: argparse.Namespace) -> int:
    con = store_db.connect_read_only(_open_path(args.db))
    try:
        frame = catalogue.disagreements(con, args.series)
        interns = intern_queries.disagreements(con, args.series)  # intern series: apart
    finally:
        con.close()
    print("tidak ada tabel yang berbeda total" if frame.empty else frame.to_string(index=False))
    if not interns.empty:
        print("\npemagangan (per seri dan status):")
        print(interns.to_string(index=False))
    return 0


def _export(args: argparse.Namespace) -> int:
    from loaders import open_data

    try:
        data = open_data.export(_open_path(args.db), args.format, args.out, args.series,
                                args.force)
    except open_data.ExportError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    rows = len(data.tables["penempatan"])
    print(f"data terbuka ({args.format}) ditulis ke {shown(str(args.out), 200)}: {rows} baris "
          "penempatan")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["publish"]:
        return cli_admin.publish(arguments[1:])
    args = build_parser().parse_args(arguments)
    try:
        if args.command in {"load", "check"}:
            options = pipeline.Options(series=args.series, source=args.source, tahun=args.tahun,
                                       sheet=args.sheet,
                                       replace=getattr(args, "replace", False),
                                       dry_run=getattr(args, "dry_run", False))
            if args.command == "check":
                reports = pipeline.check(args.files, options)
            else:
                if not args.db and not args.dry_run:  # the default store: built first
                    _open_path(None)
                reports = pipeline.load(args.files, resolve_db(args.db), options)
            _print_reports(reports, args.json)
            return _exit_code(reports)
        if args.command == "summary":
            return _summary(args)
        if args.command == "history":
            return _history(args)
        if args.command == "rollback":
            series, restored = pipeline.rollback(resolve_db(args.db), args.batch)
            print(f"batch {args.batch} dibatalkan (seri {series})"
                  + (f"; dipulihkan: {', '.join(map(str, restored))}" if restored else ""))
            return 0
        if args.command == "rebuild":
            return _rebuild(args)
        if args.command == "quality":
            return _quality(args)
        if args.command == "export":
            return _export(args)
        if args.command == "masukan":
            return cli_admin.masukan(args)
        if args.command == "password-hash":
            return cli_admin.password_hash(args)
        if args.command == "sample":
            from loaders import sample, sample_interns

            extra = [*(["--out", str(args.out)] if args.out else []),
                     *(["--seed", str(args.seed)] if args.seed is not None else [])]
            return sample_interns.main(extra) if args.pemagangan else sample.main(extra)
    except LoadError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return 1
    except write.BatchError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except store_db.StoreBusyError as exc:  # another writer held the store too long
        print(str(exc), file=sys.stderr)
        return 1
    except duckdb.IOException as exc:
        print(f"penyimpanan tidak dapat dibuka: {exc}", file=sys.stderr)
        return 1
    return 2
