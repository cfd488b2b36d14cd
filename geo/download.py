"""``python -m geo fetch``, first half: download the pinned file and verify it before any use.

The body is streamed into a file in a folder the caller owns (a temporary one), hashing as it
arrives; the file is handed back only when its size matches what the server announced and its
SHA-256 is the pinned one. Anything else raises :class:`LoadError` with a message saying what
happened and what to do, and the caller's cache is never touched.
"""

from __future__ import annotations

import hashlib
import http.client
import urllib.error
import urllib.request
from pathlib import Path
from typing import Final

from domain.problems import LoadError, Problem
from geo import source

CHUNK_BYTES: Final = 64 * 1024
TIMEOUT_SECONDS: Final = 60.0
USER_AGENT: Final = "dasbor-pmi-banten (python -m geo fetch)"
OFFLINE_HINT: Final = (
    "periksa koneksi internet (atau proxy) lalu jalankan lagi `python -m geo fetch`, atau impor "
    "salinan lokal dengan `python -m geo import FILE`; sampai saat itu dasbor tetap berjalan "
    "dan halaman peta menampilkan peta ubin"
)


def download(url: str, target: Path, sha256: str | None = None,
             max_bytes: int = source.MAX_DOWNLOAD_BYTES,
             timeout: float = TIMEOUT_SECONDS) -> Path:
    """Stream ``url`` into ``target`` and verify it; returns ``target`` once it is the pinned
    file (``sha256``, by default :data:`geo.source.SHA256` as it is at the call). On any
    failure ``target`` is removed and :class:`LoadError` is raised."""
    sha256 = source.SHA256 if sha256 is None else sha256
    try:
        size, announced, digest = _stream(url, target, max_bytes, timeout)
    except LoadError:
        target.unlink(missing_ok=True)
        raise
    except urllib.error.HTTPError as error:
        target.unlink(missing_ok=True)
        raise _refused(url, f"server menjawab HTTP {error.code} {error.reason}",
                       "periksa --url (alamat berkas yang dipatok ada di geo/source.py)"
                       ) from None
    except urllib.error.URLError as error:
        target.unlink(missing_ok=True)
        raise _refused(url, f"tidak dapat terhubung ({error.reason})", OFFLINE_HINT) from None
    except TimeoutError:
        target.unlink(missing_ok=True)
        raise _refused(url, f"server tidak menjawab dalam {timeout:.0f} detik",
                       OFFLINE_HINT) from None
    except (http.client.HTTPException, OSError) as error:
        target.unlink(missing_ok=True)
        raise _refused(url, f"unduhan terputus ({type(error).__name__}: {error})",
                       OFFLINE_HINT) from None

    if announced is not None and size != announced:
        target.unlink(missing_ok=True)
        raise _refused(url, f"unduhan terpotong: {_count(size)} dari {_count(announced)} "
                            "bita diterima", "jalankan lagi `python -m geo fetch`")
    if digest != sha256:
        target.unlink(missing_ok=True)
        raise _refused(
            url,
            f"isi unduhan tidak cocok dengan SHA-256 yang dipatok (diharapkan {sha256[:12]}…, "
            f"didapat {digest[:12]}…, {_count(size)} bita; berkas yang dipatok "
            f"{_count(source.SIZE)} bita)",
            "berkas di alamat itu bukan berkas yang dipatok atau rusak/terpotong; periksa --url, "
            "coba lagi, atau impor salinan yang benar dengan `python -m geo import FILE`")
    return target


def _stream(url: str, target: Path, max_bytes: int,
            timeout: float) -> tuple[int, int | None, str]:
    """(bytes received, Content-Length announced or None, SHA-256 hex of what was received)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    digest = hashlib.sha256()
    size = 0
    with urllib.request.urlopen(request, timeout=timeout) as response, target.open("wb") as out:
        announced = _content_length(response.headers.get("Content-Length"))
        if announced is not None and announced > max_bytes:
            raise _refused(url, f"berkas terlalu besar ({_count(announced)} bita)",
                           "periksa --url: berkas yang dipatok sekitar 2 MB")
        while chunk := response.read(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise _refused(url, f"berkas lebih besar dari {_count(max_bytes)} bita",
                               "periksa --url: berkas yang dipatok sekitar 2 MB")
            digest.update(chunk)
            out.write(chunk)
    return size, announced, digest.hexdigest()


def _content_length(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _count(number: int) -> str:
    """1997389 -> '1.997.389' (Indonesian thousands separator)."""
    return f"{number:,}".replace(",", ".")


def _refused(url: str, message: str, hint: str) -> LoadError:
    return LoadError([Problem(url, message, hint)])
