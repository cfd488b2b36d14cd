"""The progress line of ``check`` and ``load`` in a terminal: rows read so far and rows per
second, redrawn on one line of stderr while a long file is read."""

from __future__ import annotations

import os
import sys
import time

#: Seconds a file must take before its progress line appears.
PROGRESS_AFTER = 1.0


class Progress:
    """Rows read so far and rows per second, redrawn on one line of stderr (``\r``) while a
    long file is checked; shown only after PROGRESS_AFTER seconds."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, rows: int) -> None:
        elapsed = time.monotonic() - self.start
        if elapsed < PROGRESS_AFTER:
            return
        rate = _thousands(rows / elapsed)
        sys.stderr.write(f"\r{self.name}: {_thousands(rows)} baris dibaca ({rate} baris/detik)")
        sys.stderr.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _thousands(number: float) -> str:
    return f"{number:,.0f}".replace(",", ".")


def terminal_progress(name: str) -> Progress | None:
    """A progress line for an interactive terminal; None in CI (``CI`` set) or when stderr is
    redirected, so logs stay clean."""
    if "CI" in os.environ or not sys.stderr.isatty():
        return None
    return Progress(name)
