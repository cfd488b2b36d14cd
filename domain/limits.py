"""How often a client may do something: send feedback (masukan), try a password (kelola).

Pure rules, no Streamlit and no SQL; store/limits.py keeps the events, dashboard/client.py
finds the client. A limit is counted per browser session *and* per client address, so opening
a new session (a reload, another browser) does not start the count again, and one address
flooding the form is stopped by its own cap long before the cap for everyone is reached.

* ``Rule``: at most ``max_events`` in any ``window_seconds`` (a sliding window) and at least
  ``min_interval_seconds`` between two; ``wait`` says how long until the next is allowed.
* ``client_address``: the address a limit is counted for — the connection's peer, or the
  address a configured trusted reverse proxy reports in its header (``[web]
  trusted_proxy_header``, the ``trusted_proxy_hops``-th entry from the right, because only
  entries the proxies themselves appended can be trusted). IPv6 addresses count by their /64
  network (one subscriber usually has a whole /64); no address (a local connection) counts as
  ``LOCAL``.
* ``pseudonym``: what is stored instead of an address or a session token — a keyed hash
  (HMAC-SHA-256 with the store's secret), so the limits file holds no readable address.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The address of a connection Streamlit reports none for (the same machine).
LOCAL = "lokal"
SESSION, ADDRESS = "sesi", "alamat"
#: IPv6 addresses are counted by this network prefix.
IPV6_PREFIX = 64


@dataclass(frozen=True)
class Rule:
    """At most ``max_events`` in any ``window_seconds``, at least ``min_interval_seconds``
    between two. ``max_events`` 0 turns the rule off."""

    max_events: int
    window_seconds: float
    min_interval_seconds: float = 0.0

    @property
    def horizon(self) -> float:
        """How long an event matters to this rule (older ones can be forgotten)."""
        return max(self.window_seconds, self.min_interval_seconds)

    def wait(self, times: Iterable[float], now: float) -> float:
        """Seconds until the next event is allowed (0: now), given the earlier ones."""
        if self.max_events <= 0:
            return 0.0
        recent = sorted(s for s in times if now - s < self.horizon)
        if not recent:
            return 0.0
        waits = [0.0, recent[-1] + self.min_interval_seconds - now]
        in_window = [s for s in recent if now - s < self.window_seconds]
        if len(in_window) >= self.max_events:
            waits.append(in_window[-self.max_events] + self.window_seconds - now)
        return max(waits)


@dataclass(frozen=True)
class Limit:
    """One rule for one action of one subject: ``scope`` is ``SESSION`` or ``ADDRESS`` and
    ``who`` the session token or the address (``client_address``)."""

    action: str
    scope: str
    who: str
    rule: Rule


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as written in a header or by a server: ``1.2.3.4``, ``1.2.3.4:5678``,
    ``[2001:db8::1]:443``, ``2001:db8::1``; None when it is none of these."""
    value = text.strip().strip('"')
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # IPv4 with a port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def address_key(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """What a limit counts: an IPv4 address itself, an IPv6 address by its /64 network."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


def client_address(peer: str | None, forwarded: Sequence[str] = (), hops: int = 1) -> str:
    """The address limits are counted for.

    ``peer``: the connection's address (None for a local connection). ``forwarded``: the
    values of the trusted proxy's header (empty when none is configured); every value may list
    several addresses, comma-separated, the client's first and each proxy's appended after it.
    The ``hops``-th entry from the right is the one the nearest trusted proxy saw; entries
    left of it were written by the client and are ignored. A header that does not hold an
    address falls back to ``peer``."""
    entries = [part for value in forwarded for part in str(value).split(",") if part.strip()]
    if entries:
        chosen = _parse(entries[-max(1, hops)] if len(entries) >= hops else entries[0])
        if chosen is not None:
            return address_key(chosen)
    parsed = _parse(peer) if peer else None
    if parsed is None or parsed.is_loopback:
        return LOCAL
    return address_key(parsed)


def pseudonym(secret: bytes, scope: str, who: str) -> str:
    """The stored key of a subject: a keyed hash, never the address or token itself."""
    return hmac.new(secret, f"{scope}:{who}".encode(), hashlib.sha256).hexdigest()[:32]
