"""Public feedback (masukan): what a submission may contain, how it is cleaned, how often a
session may send one, and the table a maintainer exports. Pure: no Streamlit.

* ``check`` turns what was typed into an ``Entry`` for store/masukan.py, or field errors
  (translation keys, so the page says in the reader's language what to fix). Text is
  NFC-normalised, control and direction-override characters are removed (newlines kept in the
  message), fields are trimmed; the topic must be one of ``TOPICS``.
* The project's rule is that no NIK or passport number ever reaches a store, page or export:
  ``mask_personal_numbers`` replaces 16-digit sequences (also written with spaces, dots,
  dashes or slashes, in fullwidth or other digits) and passport-like numbers before anything
  is stored, and the sender is told. The rule is domain/personal_data.py's, shared with the
  loaders.
* ``limits``: at most N submissions per window and a minimum interval between two per browser
  session, and a wider cap per client address (domain/limits.py; kept by store/limits.py so
  a reload or a new session does not reset them); ``queue_status``: beyond the hourly cap for
  all senders a submission is queued (``antre``), not refused, up to a second cap.
* ``export_table`` / ``csv_bytes`` / ``write_export``: the listing as CSV or XLSX with the
  formula guard of the other exports (``loaders.open_data.guarded``).

User text is stored and shown as plain text only: the page shows it back with ``st.text`` and
the admin view in ``st.dataframe``; it is never passed to Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from domain import personal_data
from domain.config import MasukanSettings
from domain.limits import ADDRESS, SESSION, Limit, Rule
from domain.reference import LANGUAGES, WIB

#: Topic codes, stored as they are; the page shows ``t("masukan.topic.<code>")``.
TOPICS: tuple[str, ...] = ("data_tidak_sesuai", "pertanyaan", "saran_tampilan", "lainnya")
NAME_MAX = 80
CONTACT_MAX = 120
MESSAGE_MIN = 10
MESSAGE_MAX = 2000
#: The dashboard view a submission was sent from (series and filters as in its URL).
VIEW_MAX = 300

NIK_MASK = "[NIK disamarkan]"
PASSPORT_MASK = "[nomor paspor disamarkan]"

#: Bidirectional embedding/override/isolate marks (they can make text read differently from
#: what it is), zero-width space and byte-order mark.
_INVISIBLE = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
                       "\u200b\ufeff")
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n",
                "\t": " "}

# --------------------------------------------------------------------------- cleaning


def clean_text(value: str | None, *, multiline: bool) -> str:
    """Trimmed, NFC-normalised text without control characters. ``multiline`` keeps line
    breaks (any kind becomes ``\\n``; trailing spaces of lines are dropped); otherwise all
    whitespace runs become one space."""
    text = value or ""
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    text = "".join(ch for ch in text
                   if ch == "\n" or (unicodedata.category(ch) not in {"Cc", "Cs"}
                                     and ch not in _INVISIBLE))
    text = unicodedata.normalize("NFC", text)
    if multiline:
        return "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return " ".join(text.split())


def mask_personal_numbers(text: str) -> tuple[str, int]:
    """``text`` with NIK-like and passport-like numbers replaced by a mark, and how many
    (domain/personal_data.py: digits and separators are normalised first, so fullwidth
    digits, ``/`` separators or double spaces do not hide a NIK; phone numbers are left, the
    contact field is meant for them)."""
    return personal_data.mask(text, {personal_data.NIK: NIK_MASK,
                                     personal_data.PASSPORT: PASSPORT_MASK})


def reference(entry_id: int) -> str:
    """The reference number a sender is given for a stored submission: ``MSK-00042``."""
    return f"MSK-{int(entry_id):05d}"


def view_reference(params: Mapping[str, str]) -> str | None:
    """The dashboard view as a query string (``seri=bp2mi&tahun=2024``), or None."""
    text = clean_text(urllib.parse.urlencode(dict(params)), multiline=False)
    return text[:VIEW_MAX] or None


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class Entry:
    """One submission, already validated and cleaned (domain/masukan.py)."""

    topik: str
    pesan: str
    bahasa: str
    nama: str | None = None
    kontak: str | None = None
    halaman: str | None = None




@dataclass(frozen=True)
class FieldError:
    """What is wrong with one field: a translation key and its numbers."""

    field: str
    key: str
    values: Mapping[str, int] = field(default_factory=dict)



@dataclass(frozen=True)
class Checked:
    """The result of ``check``: an entry to store, or the errors to show."""

    entry: Entry | None
    errors: tuple[FieldError, ...] = ()
    masked: int = 0

    @property
    def ok(self) -> bool:
        return self.entry is not None


def _length_error(name: str, text: str, maximum: int) -> list[FieldError]:
    if len(text) > maximum:
        return [FieldError(name, f"masukan.error.{name}_too_long",
                           {"length": len(text), "max": maximum})]
    return []


def check(topik: str | None, nama: str | None, kontak: str | None, pesan: str | None,
          bahasa: str, halaman: str | None = None) -> Checked:
    """Validate and clean one submission. Limits count characters after cleaning; personal
    numbers are masked after the limits are checked (the sender's text is what is measured)."""
    errors: list[FieldError] = []
    if not topik:
        errors.append(FieldError("topik", "masukan.error.topik_missing"))
    elif topik not in TOPICS:
        errors.append(FieldError("topik", "masukan.error.topik_unknown"))
    name = clean_text(nama, multiline=False)
    contact = clean_text(kontak, multiline=False)
    message = clean_text(pesan, multiline=True)
    errors += _length_error("nama", name, NAME_MAX)
    errors += _length_error("kontak", contact, CONTACT_MAX)
    if not message:
        errors.append(FieldError("pesan", "masukan.error.pesan_missing",
                                 {"min": MESSAGE_MIN, "max": MESSAGE_MAX}))
    elif len(message) < MESSAGE_MIN:
        errors.append(FieldError("pesan", "masukan.error.pesan_too_short",
                                 {"length": len(message), "min": MESSAGE_MIN}))
    else:
        errors += _length_error("pesan", message, MESSAGE_MAX)
    if errors:
        return Checked(None, tuple(errors))
    masked = 0
    cleaned = []
    for text in (name, contact, message):
        text, found = mask_personal_numbers(text)
        cleaned.append(text)
        masked += found
    name, contact, message = cleaned
    view = clean_text(halaman, multiline=False)[:VIEW_MAX]
    entry = Entry(topik=str(topik), pesan=message, bahasa=bahasa if bahasa in LANGUAGES else "id",
                  nama=name or None, kontak=contact or None, halaman=view or None)
    return Checked(entry, (), masked)


# --------------------------------------------------------------------------- rate limit

#: The action limits are counted for (store/limits.py).
ACTION = "masukan"
#: Stored ``status``: received, or queued (it came while the hourly cap was reached).
RECEIVED, QUEUED = "diterima", "antre"
STATUSES: tuple[str, ...] = (RECEIVED, QUEUED)


def session_rule(settings: MasukanSettings) -> Rule:
    """One browser session: ``max_per_window`` in ``window_seconds``, ``min_interval_seconds``
    apart."""
    return Rule(settings.max_per_window, settings.window_seconds, settings.min_interval_seconds)


def address_rule(settings: MasukanSettings) -> Rule:
    """One client address, all its sessions together: ``max_per_address`` in
    ``address_window_seconds`` (several people may share an address, so it is wider than a
    session's)."""
    return Rule(settings.max_per_address, settings.address_window_seconds)


def limits(settings: MasukanSettings, session: str, address: str) -> tuple[Limit, Limit]:
    """The limits one submission is checked against: its session's and its address's."""
    return (Limit(ACTION, SESSION, session, session_rule(settings)),
            Limit(ACTION, ADDRESS, address, address_rule(settings)))


def queue_status(received_last_hour: int, max_per_hour: int,
                 queue_per_hour: int) -> str | None:
    """What a new submission becomes, given how many arrived in the last hour (all senders):
    ``RECEIVED`` below ``max_per_hour`` (0: no cap), ``QUEUED`` for the next
    ``queue_per_hour``, None beyond (not stored; the sender is asked to retry)."""
    if max_per_hour <= 0 or received_last_hour < max_per_hour:
        return RECEIVED
    if received_last_hour < max_per_hour + max(0, queue_per_hour):
        return QUEUED
    return None


# --------------------------------------------------------------------------- export



def received_wib(value: dt.datetime) -> dt.datetime:
    """A stored time (UTC, naive) in WIB."""
    return value.replace(tzinfo=dt.UTC).astimezone(WIB)


def export_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A listing from store/masukan.py as exported: the stored columns, the time in WIB
    written as ISO 8601 with its offset (``2025-03-01T09:30:00+07:00``)."""
    out = frame.copy()
    out["diterima_pada"] = [received_wib(pd.Timestamp(v).to_pydatetime())
                            .replace(microsecond=0).isoformat()
                            for v in out["diterima_pada"]]
    return out.astype({c: object for c in out.columns if c != "id"})


def since_utc(day: str) -> dt.datetime:
    """``2025-01-31`` -> the start of that day in WIB, as a stored time (UTC, naive)."""
    start = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(0), tzinfo=WIB)
    return start.astimezone(dt.UTC).replace(tzinfo=None)


def listing_text(frame: pd.DataFrame) -> str:
    """The listing for a terminal (``loaders masukan list``): one block per submission, the
    message indented under it."""
    if frame.empty:
        return "belum ada masukan"
    blocks = []
    for row in export_table(frame).itertuples(index=False):
        queued = "  [antre]" if getattr(row, "status", RECEIVED) == QUEUED else ""
        head = (f"{reference(row.id)}{queued}  {row.diterima_pada}  {row.topik}"
                f"  bahasa {row.bahasa}"
                f"  nama: {row.nama or '–'}  kontak: {row.kontak or '–'}"
                f"  tampilan: {row.halaman or '–'}")
        blocks.append("\n".join([head, *(f"    {line}" for line in str(row.pesan).split("\n"))]))
    return "\n\n".join(blocks) + f"\n\n{len(frame)} masukan"
