"""The public feedback (Masukan) in words: field errors and waiting times in the reader's
language. The rules themselves are in domain/masukan.py."""

from __future__ import annotations

import math

from dashboard.i18n import number, t
from domain.masukan import FieldError


def error_text(error: FieldError, lang: str) -> str:
    """What is wrong with one field, in ``lang``, its numbers formatted for that language."""
    return t(error.key, lang, **{k: number(v, lang) for k, v in error.values.items()})


def wait_text(seconds: int, lang: str) -> str:
    """``45`` -> ``45 detik``; from 90 seconds on in whole minutes, rounded up."""
    if seconds < 90:
        return t("masukan.wait.seconds", lang, n=number(seconds, lang))
    return t("masukan.wait.minutes", lang, n=number(math.ceil(seconds / 60), lang))
