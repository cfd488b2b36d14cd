"""The commands of ``python -m loaders`` beside the data's (loaders/cli.py): ``masukan``
(the public feedback: list, export, purge), ``password-hash`` (the maintainer page's password)
and ``publish`` (the static publication, drawn by the dashboard layer in a child process)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from domain.config import db_path as resolve_db

# -- masukan: public feedback (store/masukan.py, docs/feedback.md) --------------------------

def add_masukan(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    masukan = commands.add_parser("masukan", help="masukan publik: daftar, ekspor, hapus lama")
    actions = masukan.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="daftar masukan, terbaru dahulu")
    export = actions.add_parser("export", help="ekspor masukan ke .csv atau .xlsx")
    export.add_argument("out", type=Path, metavar="OUT", help="berkas .csv atau .xlsx")
    export.add_argument("--force", action="store_true", help="timpa OUT yang sudah ada")
    listing.add_argument("--json", action="store_true", help="keluaran JSON")
    for parser in (listing, export):
        parser.add_argument("--since", metavar="YYYY-MM-DD",
                            help="hanya yang diterima sejak tanggal ini (WIB)")
        parser.add_argument("--topik", help="hanya satu topik (kode, mis. data_tidak_sesuai)")
    purge = actions.add_parser("purge", help="hapus masukan yang lebih lama dari N hari")
    purge.add_argument("--older-than-days", type=int, metavar="N",
                       help="bawaan: retention_days di [masukan] config/dasbor.toml")
    for parser in (listing, export, purge):
        parser.add_argument("--db", help="berkas masukan (bawaan: PMI_MASUKAN_DB atau "
                            "[masukan] db di config/dasbor.toml)")


def masukan(args: argparse.Namespace) -> int:
    from domain import masukan as masukan_rules
    from domain.config import masukan_settings
    from loaders import masukan_export
    from loaders.export_output import ExportError
    from store import masukan as masukan_store

    file = masukan_store.path(args.db)
    try:
        if args.action == "purge":
            days = (masukan_settings().retention_days if args.older_than_days is None
                    else args.older_than_days)
            if days < 0:
                print("--older-than-days harus 0 atau lebih", file=sys.stderr)
                return 2
            removed = masukan_store.purge(days, file)
            print(f"{removed} masukan dihapus (diterima lebih dari {days} hari lalu): {file}")
            return 0
        try:
            since = masukan_rules.since_utc(args.since) if args.since else None
        except ValueError:
            print(f"--since: '{args.since}' bukan tanggal; tulis YYYY-MM-DD, mis. 2025-01-31",
                  file=sys.stderr)
            return 2
        if args.topik and args.topik not in masukan_rules.TOPICS:
            print(f"--topik: '{args.topik}' tidak dikenal; pilih salah satu: "
                  f"{', '.join(masukan_rules.TOPICS)}", file=sys.stderr)
            return 2
        frame = masukan_store.entries(file, since=since, topic=args.topik)
        if args.action == "export":
            masukan_export.write_export(frame, args.out, args.force,
                                         stores=(file, resolve_db(None)))
            print(f"{len(frame)} masukan ditulis ke {args.out}")
        elif args.json:
            print(json.dumps(masukan_rules.export_table(frame).to_dict(orient="records"),
                             ensure_ascii=False, indent=2))
        else:
            print(masukan_rules.listing_text(frame))
    except ExportError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    except masukan_store.MasukanStoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


# -- password-hash: the maintainer page's password (domain/auth.py, docs/maintainer.md) ----

def add_password_hash(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser("password-hash",
                                  help="buat hash kata sandi halaman Kelola untuk secrets.toml")
    command.add_argument("--stdin", action="store_true",
                         help="baca kata sandi dari baris pertama stdin (untuk skrip)")


def password_hash(args: argparse.Namespace) -> int:
    import getpass

    from domain import auth

    if args.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Kata sandi pengelola: ")
        if getpass.getpass("Ulangi kata sandi: ") != password:
            print("kedua kata sandi tidak sama; ulangi perintahnya", file=sys.stderr)
            return 2
    if len(password) < 12:
        print("kata sandi terlalu pendek: pakai paling sedikit 12 karakter (mis. empat kata "
              "acak)", file=sys.stderr)
        return 2
    print("# tambahkan ke .streamlit/secrets.toml, lalu mulai ulang dasbor")
    print(auth.secrets_lines(auth.hash_password(password)))
    return 0


# -- publish: the static publication (dashboard/publish.py, docs/deploy.md) -----------------

def add_publish(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "publish", add_help=False,
        help="terbitan statis: grafik (SVG, PNG, CSV), data terbuka dan indeks HTML; sama "
             "dengan python -m dashboard.publish (OUT --help untuk pilihannya)")
    command.add_argument("arguments", nargs=argparse.REMAINDER,
                         help="OUT [--series ID] [--years N] [--live-url URL] [--db PATH]")


def publish(arguments: Sequence[str]) -> int:
    """Run ``python -m dashboard.publish ARGUMENTS`` in a child process (its options, ``--help``
    included, pass through unparsed): the charts are drawn by the dashboard layer, which
    loaders never import (tests/test_architecture.py)."""
    import os
    import subprocess

    from domain.config import ROOT

    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    done = subprocess.run([sys.executable, "-m", "dashboard.publish", *arguments],
                          env={**os.environ, "PYTHONPATH": path}, check=False)
    return done.returncode
