"""A chart's text alternative inside its exported image: the SVG's ``<title>`` and ``<desc>``
(read by screen readers when the SVG is embedded inline or opened), and the PNG's ``Title``
and ``Description`` text chunks (read by image viewers, publishing tools and search; an
embed's ``alt`` attribute takes the same sentence, dashboard/chart_summary.py)."""

from __future__ import annotations

import html
import re
import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + \
        struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _itxt(keyword: str, text: str, lang: str) -> bytes:
    """An uncompressed international text chunk (UTF-8, any script)."""
    body = (keyword.encode("latin-1") + b"\0" + b"\0\0" + lang.encode("ascii") + b"\0" + b"\0"
            + text.encode("utf-8"))
    return _chunk(b"iTXt", body)


def png_with_text(data: bytes, title: str, description: str, lang: str = "id") -> bytes:
    """``data`` (a PNG) with ``Title`` and ``Description`` chunks right after its header;
    unchanged when it is not a PNG or there is nothing to add."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR" or \
            not (title or description):
        return data
    end_of_header = 8 + 4 + 4 + struct.unpack(">I", data[8:12])[0] + 4
    chunks = b"".join(_itxt(keyword, text, lang) for keyword, text in
                      (("Title", title), ("Description", description)) if text)
    return data[:end_of_header] + chunks + data[end_of_header:]


def png_text(data: bytes) -> dict[str, str]:
    """The text chunks (tEXt and iTXt) of a PNG, keyword -> text."""
    found: dict[str, str] = {}
    position = 8
    while position + 8 <= len(data):
        length = struct.unpack(">I", data[position:position + 4])[0]
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        if kind == b"tEXt":
            keyword, _, text = body.partition(b"\0")
            found[keyword.decode("latin-1")] = text.decode("latin-1")
        elif kind == b"iTXt":
            keyword, _, rest = body.partition(b"\0")
            rest = rest[2:]  # compression flag and method
            _lang, _, rest = rest.partition(b"\0")
            _translated, _, text = rest.partition(b"\0")
            found[keyword.decode("latin-1")] = text.decode("utf-8")
        position += 12 + length
    return found


def svg_with_text(data: bytes, title: str, description: str, lang: str = "id") -> bytes:
    """``data`` (an SVG) with ``<title>`` and ``<desc>`` as the first children of its root,
    the root named by them (``role="img"``, ``aria-labelledby``) and in ``lang``."""
    opening = _SVG_OPEN.search(data)
    if opening is None or not (title or description):
        return data
    tag = opening.group(0)
    if tag.endswith(b"/>"):
        return data
    named = tag[:-1] + f' role="img" lang="{lang}" aria-labelledby="pmi-title pmi-desc">'.encode()
    inner = (f'<title id="pmi-title">{html.escape(title)}</title>'
             f'<desc id="pmi-desc">{html.escape(description)}</desc>').encode()
    return data[:opening.start()] + named + inner + data[opening.end():]
