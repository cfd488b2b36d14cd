"""Text that came from a file, a form or a URL, made safe to store, print and show as one
line: the one definition of "control character" every layer uses."""

from __future__ import annotations

import re

#: Control characters (C0, DEL, C1), line and paragraph separators, bidirectional overrides
#: and isolates, zero-width space and byte-order mark: never part of a name or a value shown.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\ufeff]")
#: The same without tab and line feed, for text whose lines matter (a quoted cell).
CONTROL_BUT_LINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\ufeff]")


def one_line(value: object) -> str:
    """``value`` as one line: control characters and line breaks become spaces, runs of
    whitespace one space, no leading or trailing space (None is the empty string)."""
    return " ".join(CONTROL.sub(" ", "" if value is None else str(value)).split())


def has_control(value: str) -> bool:
    return CONTROL.search(value) is not None
