"""Who is asking, as far as the forms' limits need to know (domain/limits.py): a random token
for the browser session and the client's address.

The address is the connection's (``st.context.ip_address``; Streamlit reports None for a
connection from the same machine), or — only when ``[web] trusted_proxy_header`` is set in
config/dasbor.toml — the one the trusted reverse proxy wrote into that header. No other
header is read, and neither is kept: the limits store holds keyed hashes only.
"""

from __future__ import annotations

import secrets

import streamlit as st

from domain import limits
from domain.config import web_settings

SESSION_TOKEN = "klien_sesi"


def session_token() -> str:
    """A random token for this browser session (a reload starts a new one — which is why
    every limit is also counted per address)."""
    token = st.session_state.get(SESSION_TOKEN)
    if not isinstance(token, str):
        token = secrets.token_hex(16)
        st.session_state[SESSION_TOKEN] = token
    return token


def address() -> str:
    """The client's address as limits count it (``domain.limits.client_address``)."""
    settings = web_settings()
    forwarded: list[str] = []
    if settings.trusted_proxy_header:
        forwarded = list(st.context.headers.get_all(settings.trusted_proxy_header))
    return limits.client_address(st.context.ip_address, forwarded, settings.trusted_proxy_hops)
