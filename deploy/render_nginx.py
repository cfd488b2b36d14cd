"""Render the nginx configuration of the deployment recipe (docs/deploy.md).

    .venv/bin/python deploy/render_nginx.py --ports 8501,8502 --server-name dasbor.example.go.id \
        --publication /var/lib/pmi-dashboard/terbitan --bundle /var/lib/pmi-dashboard/bundle \
        > /etc/nginx/sites-available/pmi-dashboard

writes the site (``deploy/nginx/pmi-dashboard.conf.in`` with its values filled in): the
replicas' ports, the address nginx listens on, the folder of the static publication, the folder
of Streamlit's bundle (``--bundle``: a copy with gzip files beside, see ``prepare_bundle``; else
the installed package's folder), the upload limit of ``config/dasbor.toml``
(``[kelola] max_upload_mb``) and the Content-Security-Policy, whose script hashes are computed
here from the inline scripts the app runs (Streamlit's index.html and the app's own, see
``inline_script_sources``). Render again after upgrading Streamlit or changing those scripts;
``tests/browser/test_deploy_in_browser.py`` fails when the policy would block them.

``--tls-cert FILE --tls-key FILE`` serve the site over HTTPS (with HSTS) and turn port 80 into
a redirect that still answers certbot's challenges (docs/deploy.md, §6).

``--standalone PREFIX`` also writes a main ``nginx.conf`` that keeps every file nginx writes in
PREFIX, for running nginx without root (``deploy/run_local.py``).
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import os
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # run as a script: the project's packages are beside deploy/
    sys.path.insert(0, str(ROOT))

SITE_TEMPLATE = HERE / "nginx" / "pmi-dashboard.conf.in"
STANDALONE_TEMPLATE = HERE / "nginx" / "standalone.conf.in"
DEFAULT_PUBLICATION = Path("/var/lib/pmi-dashboard/terbitan")
#: Room for the multipart envelope around the largest file the upload page accepts.
UPLOAD_ENVELOPE_MB = 1

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>",
                            re.DOTALL | re.IGNORECASE)
_TOKEN = re.compile(r"@[A-Z_]+@")


def streamlit_static() -> Path:
    """The folder Streamlit serves its frontend from (``index.html``, ``static/``)."""
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static"


def _app_scripts() -> list[str]:
    """HTML the app itself puts in the page with inline scripts."""
    from dashboard import history, page_language, presentation
    from domain.reference import LANGUAGES

    return [history.SCRIPT, presentation.SCRIPT,
            *(page_language.script(lang) for lang in LANGUAGES)]


def script_hashes(html_sources: Sequence[str]) -> list[str]:
    """CSP source expressions (``'sha256-…'``) of every inline script in ``html_sources``."""
    found: list[str] = []
    for html in html_sources:
        for body in _INLINE_SCRIPT.findall(html):
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            expression = f"'sha256-{digest}'"
            if expression not in found:
                found.append(expression)
    return found


def inline_script_sources() -> list[str]:
    """Streamlit's index.html and the app's own inline-script HTML."""
    index = (streamlit_static() / "index.html").read_text(encoding="utf-8")
    return [index, *_app_scripts()]


#: Files of Streamlit's bundle worth compressing ahead (fonts in woff2 and images already are).
PRECOMPRESSED = (".js", ".css", ".svg", ".json", ".map", ".txt", ".ttf", ".html")


def prepare_bundle(target: Path, source: Path | None = None) -> Path:
    """Copy Streamlit's bundle (``static/``) into ``target`` with a gzip copy of every
    compressible file beside it (``x.js.gz``), for nginx's ``gzip_static``: readers get
    compressed files without nginx compressing anything per request. Returns the folder to
    give as the site's Streamlit root (``target``). Run again after upgrading Streamlit."""
    source = source or streamlit_static()
    target = target.resolve()
    staged = target.with_name(f".{target.name}.new")
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(source / "static", staged / "static")
    for path in sorted((staged / "static").rglob("*")):
        if path.is_file() and path.suffix in PRECOMPRESSED:
            data = path.read_bytes()
            with gzip.open(path.with_name(path.name + ".gz"), "wb", compresslevel=9) as out:
                out.write(data)
    shutil.rmtree(target, ignore_errors=True)
    staged.rename(target)
    return target


def app_csp(hashes: Sequence[str]) -> str:
    """The live dashboard's Content-Security-Policy: everything from the dashboard's own origin
    (the websocket included); inline scripts only by hash, and WebAssembly (Streamlit decodes
    its messages with it; ``'wasm-unsafe-eval'`` does not allow JavaScript's eval); inline
    styles, because Streamlit's components style themselves at run time; images and fonts also
    as data: and blob: URLs (chart downloads, plotly); data: for fetches too (the map reads its
    empty offline base map from one, dashboard/map_figure.py); frames only of and by the
    dashboard itself."""
    directives = [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' data:",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
    return "; ".join(d.strip() for d in directives)


def publication_csp() -> str:
    """The static publication's policy: no scripts at all, its own files only, and framing
    by any site (the embed snippets of news articles point here)."""
    return ("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors *")


def upload_body_limit(max_upload_mb: int) -> str:
    return f"{max_upload_mb + UPLOAD_ENVELOPE_MB}m"


def fill(template: str, values: dict[str, str]) -> str:
    """``template`` with every ``@NAME@`` replaced; ValueError for a name without a value.

    A token alone on its line takes that line's indentation for every line of its value, and
    an empty value removes the line."""
    lines: list[str] = []
    for line in template.splitlines(keepends=True):
        alone = re.fullmatch(r"([ \t]*)@([A-Z_]+)@[ \t]*\n?", line)
        if alone and alone.group(2) in values:
            indent, value = alone.group(1), values[alone.group(2)]
            lines.extend(f"{indent}{part}\n" if part else "\n"
                         for part in value.splitlines())
            continue
        lines.append(line)
    text = "".join(lines)
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    left = sorted(set(_TOKEN.findall(text)))
    if left:
        raise ValueError(f"no value for {', '.join(left)}")
    return text


@dataclass(frozen=True)
class Tls:
    """HTTPS for the site: the certificate chain and key files (Let's Encrypt's, from
    ``certbot certonly``, or the province's own), the HTTPS port, and the folder certbot
    answers its challenges from (served on port 80, which otherwise redirects to HTTPS)."""

    certificate: Path
    key: Path
    port: int = 443


#: Where ``certbot certonly --webroot -w …`` writes its challenge files.
ACME_ROOT = Path("/var/www/letsencrypt")


def _acme_location(root: Path) -> str:
    return (f"location ^~ /.well-known/acme-challenge/ {{\n    root {root};\n"
            "    default_type text/plain;\n}")


def _tls_values(listen: str, server_name: str, tls: Tls | None,
                acme_root: Path) -> dict[str, str]:
    if tls is None:
        return {"HTTP_SERVER": "", "LISTEN_LINES": f"listen {listen};", "TLS_LINES": "",
                "HSTS": "", "ACME_LOCATION": _acme_location(acme_root)}
    redirect = "\n".join([
        "# Port 80: certbot's challenges, and a redirect to HTTPS for everything else.",
        "server {",
        f"    listen {listen};",
        f"    server_name {server_name};",
        "    server_tokens off;",
        *("    " + line for line in _acme_location(acme_root).splitlines()),
        "    location / {",
        "        return 301 https://$host$request_uri;",
        "    }",
        "}",
    ])
    return {
        "HTTP_SERVER": redirect,
        "LISTEN_LINES": f"listen {tls.port} ssl http2;",
        "TLS_LINES": "\n".join([
            f"ssl_certificate {tls.certificate};",
            f"ssl_certificate_key {tls.key};",
            "ssl_protocols TLSv1.2 TLSv1.3;",
            "ssl_session_cache shared:pmi_tls:10m;",
            "ssl_session_timeout 1d;",
        ]),
        "HSTS": 'add_header Strict-Transport-Security "max-age=31536000" always;',
        "ACME_LOCATION": "",
    }


def render_site(ports: Sequence[int], *, listen: str = "80", server_name: str = "_",
                publication: Path = DEFAULT_PUBLICATION, static: Path | None = None,
                max_upload_mb: int | None = None, host: str = "127.0.0.1",
                tls: Tls | None = None, acme_root: Path = ACME_ROOT) -> str:
    """The site configuration for replicas on ``host``:``ports``; with ``tls``, served over
    HTTPS (port 80 then only redirects and answers certbot)."""
    if not ports:
        raise ValueError("at least one replica port is needed")
    if max_upload_mb is None:
        from domain.config import kelola_settings

        max_upload_mb = kelola_settings().max_upload_mb
    words = {"LISTEN": listen, "SERVER_NAME": server_name,
             "STREAMLIT_STATIC": str(static or streamlit_static()),
             "PUBLICATION_DIR": str(publication).rstrip("/"), "ACME_ROOT": str(acme_root)}
    if tls is not None:
        words |= {"TLS_CERTIFICATE": str(tls.certificate), "TLS_KEY": str(tls.key)}
    for name, value in words.items():
        if not value or re.search(r"[\s;{}\"'$#]", value):
            raise ValueError(f"{name} must be one word without quotes, '$' or ';': {value!r}")
    values = {
        "UPSTREAM_SERVERS": "\n".join(f"server {host}:{port} max_fails=2 fail_timeout=10s;"
                                       for port in ports),
        "SERVER_NAME": server_name,
        "UPLOAD_BODY_LIMIT": upload_body_limit(max_upload_mb),
        "STREAMLIT_STATIC": words["STREAMLIT_STATIC"],
        "PUBLICATION_DIR": words["PUBLICATION_DIR"],
        "CSP_APP": app_csp(script_hashes(inline_script_sources())),
        "CSP_PUBLICATION": publication_csp(),
        **_tls_values(listen, server_name, tls, acme_root),
    }
    return fill(SITE_TEMPLATE.read_text(encoding="utf-8"), values)


def render_standalone(prefix: Path) -> str:
    """nginx's main configuration keeping pid, logs and buffers in ``prefix``."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # else "nobody" could not read PREFIX
    return fill(STANDALONE_TEMPLATE.read_text(encoding="utf-8"),
                {"PREFIX": str(prefix), "USER": user})


def write_standalone(prefix: Path, site: str) -> Path:
    """Write ``nginx.conf`` and the site into ``prefix`` (with its logs/ and tmp/ folders);
    returns the main configuration's path."""
    prefix = prefix.resolve()
    for folder in ("logs", "tmp"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    (prefix / "pmi-dashboard.conf").write_text(site, encoding="utf-8")
    main = prefix / "nginx.conf"
    main.write_text(render_standalone(prefix), encoding="utf-8")
    return main


def _ports(text: str) -> list[int]:
    try:
        ports = [int(p) for p in text.split(",") if p.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of ports: {text!r}") from None
    if not ports or any(not 0 < p < 65536 for p in ports):
        raise argparse.ArgumentTypeError(f"not a list of ports: {text!r}")
    return ports


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ports", type=_ports, default=[8501, 8502],
                        help="the replicas' ports on 127.0.0.1, comma-separated (8501,8502)")
    parser.add_argument("--listen", default="80", help="nginx's listen address (80)")
    parser.add_argument("--server-name", default="_", help="the site's domain name")
    parser.add_argument("--publication", type=Path, default=DEFAULT_PUBLICATION,
                        help=f"folder of the static publication ({DEFAULT_PUBLICATION})")
    parser.add_argument("--bundle", type=Path, metavar="DIR",
                        help="copy Streamlit's bundle into DIR with gzip copies beside its files "
                             "and serve it from there (recommended; default: serve the "
                             "installed package's files, compressed per request)")
    parser.add_argument("--tls-cert", type=Path, metavar="FILE",
                        help="serve HTTPS with this certificate chain (e.g. /etc/letsencrypt/"
                             "live/DOMAIN/fullchain.pem); port 80 then redirects")
    parser.add_argument("--tls-key", type=Path, metavar="FILE", help="its private key")
    parser.add_argument("--tls-port", type=int, default=443, help="HTTPS port (443)")
    parser.add_argument("--acme-root", type=Path, default=ACME_ROOT,
                        help=f"certbot's webroot for its challenges ({ACME_ROOT})")
    parser.add_argument("--out", type=Path, help="write the site here (default: stdout)")
    parser.add_argument("--standalone", type=Path, metavar="PREFIX",
                        help="write nginx.conf and the site into PREFIX, for nginx -p PREFIX")
    args = parser.parse_args(argv)
    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls-cert and --tls-key go together")
    tls = Tls(args.tls_cert, args.tls_key, args.tls_port) if args.tls_cert else None
    static = prepare_bundle(args.bundle) if args.bundle else None
    site = render_site(args.ports, listen=args.listen, server_name=args.server_name,
                       publication=args.publication, static=static, tls=tls,
                       acme_root=args.acme_root)
    if args.standalone:
        print(write_standalone(args.standalone, site))
    elif args.out:
        args.out.write_text(site, encoding="utf-8")
    else:
        sys.stdout.write(site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
