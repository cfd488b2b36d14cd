"""Who may use the maintainer's page (kelola).

Access is either a password whose scrypt hash sits in Streamlit's secrets::

    [kelola]
    password_hash = "scrypt$16384$8$1$<salt, base64>$<hash, base64>"

or an ``st.login`` account (``[auth]`` configured) whose e-mail is listed in
``[kelola] allowed_emails``. After ``MAX_ATTEMPTS`` wrong passwords in ``LOCKOUT_SECONDS`` a
browser session is refused until the oldest of them is that old, and so is a client address
after ``MAX_ATTEMPTS_PER_ADDRESS`` (``login_limits``; the page keeps them in store/limits.py,
so a reload or a new session does not reset them).

Nothing here imports Streamlit: the page hands in ``st.secrets`` and ``st.session_state``, and
``python -m loaders password-hash`` makes the hash with the same code.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import time
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Protocol

from domain.limits import ADDRESS, SESSION, Limit, Rule

SCHEME = "scrypt"
#: scrypt cost: 16 MiB of memory and about 50 ms per check on a small server.
COST_N, COST_R, COST_P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
#: Upper bound of the cost read from a hash, so a bad secret cannot exhaust the memory.
MAX_MEMORY = 256 * 1024 * 1024

MAX_ATTEMPTS = 5
#: One address, all its sessions together (several maintainers may share an office network).
MAX_ATTEMPTS_PER_ADDRESS = 10
LOCKOUT_SECONDS = 300.0
#: The action wrong passwords are counted under (store/limits.py).
LOGIN_ACTION = "login"

SECTION = "kelola"
HASH_KEY = "password_hash"
EMAILS_KEY = "allowed_emails"
PROVIDER_KEY = "login_provider"

#: Session-state keys (one Streamlit session = one browser tab).
SESSION_LOGIN = "kelola_login"
SESSION_GUARD = "kelola_guard"

HASH_HINT = "buat ulang dengan 'python -m loaders password-hash' lalu salin barisnya ke " \
    ".streamlit/secrets.toml"


class MalformedHash(ValueError):
    """The configured hash is not ``scrypt$n$r$p$salt$hash``."""


@dataclass(frozen=True)
class PasswordHash:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    def encode(self) -> str:
        return "$".join([SCHEME, str(self.n), str(self.r), str(self.p), _b64(self.salt),
                         _b64(self.digest)])


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=MAX_MEMORY, dklen=length)


def hash_password(password: str, salt: bytes | None = None, n: int = COST_N, r: int = COST_R,
                  p: int = COST_P) -> str:
    """``scrypt$n$r$p$salt$hash`` for ``password`` with a random salt."""
    if not password:
        raise ValueError("kata sandi kosong")
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    return PasswordHash(n, r, p, salt, _derive(password, salt, n, r, p, KEY_BYTES)).encode()


def parse_hash(text: str) -> PasswordHash:
    """The parts of an encoded hash; MalformedHash saying what is wrong otherwise."""
    parts = str(text).strip().split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise MalformedHash(f"password_hash harus berbentuk {SCHEME}$n$r$p$garam$hash; "
                            f"{HASH_HINT}")
    try:
        n, r, p = (int(v) for v in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        raise MalformedHash(f"password_hash tidak dapat dibaca (angka atau base64 rusak); "
                            f"{HASH_HINT}") from None
    if n < 2 or n & (n - 1) or r < 1 or p < 1 or 128 * n * r * p > MAX_MEMORY // 2 \
            or not salt or len(digest) < 16:
        raise MalformedHash(f"password_hash berisi parameter scrypt yang tidak sah; {HASH_HINT}")
    return PasswordHash(n, r, p, salt, digest)


def verify_password(password: str, encoded: str) -> bool:
    """Whether ``password`` matches ``encoded`` (compared in constant time); MalformedHash
    when ``encoded`` is not a hash this module wrote."""
    stored = parse_hash(encoded)
    candidate = _derive(password, stored.salt, stored.n, stored.r, stored.p, len(stored.digest))
    return hmac.compare_digest(candidate, stored.digest)


def secrets_lines(encoded: str) -> str:
    """What to put in ``.streamlit/secrets.toml``."""
    return f'[{SECTION}]\n{HASH_KEY} = "{encoded}"'


# -- configuration ----------------------------------------------------------------------------

@dataclass(frozen=True)
class AccessConfig:
    password_hash: str | None = None
    allowed_emails: tuple[str, ...] = ()
    login_provider: str | None = None
    #: ``[auth]`` (st.login) is configured in the secrets.
    auth_section: bool = False
    #: Why the configuration cannot be used (a malformed hash), or None.
    problem: str | None = None

    @property
    def password(self) -> bool:
        return self.password_hash is not None and self.problem is None

    @property
    def accounts(self) -> bool:
        """Logins through st.login: ``[auth]`` set up and e-mails listed."""
        return self.auth_section and bool(self.allowed_emails)

    @property
    def configured(self) -> bool:
        return self.password or self.accounts


def access_config(secrets: Mapping[str, object]) -> AccessConfig:
    """The page's access settings from ``st.secrets`` (or any mapping). A missing or unreadable
    secrets file means "not configured", never an exception."""
    try:
        section = secrets.get(SECTION) or {}
        auth_section = bool(secrets.get("auth"))
    except FileNotFoundError:  # Streamlit: no secrets.toml (StreamlitSecretNotFoundError)
        return AccessConfig()
    if not isinstance(section, Mapping):
        return AccessConfig(problem=f"[{SECTION}] di secrets harus berupa bagian TOML")
    raw_hash = section.get(HASH_KEY)
    password_hash = str(raw_hash).strip() if raw_hash else None
    problem = None
    if password_hash:
        try:
            parse_hash(password_hash)
        except MalformedHash as exc:
            problem = str(exc)
    emails = section.get(EMAILS_KEY) or ()
    if isinstance(emails, str):
        emails = (emails,)
    provider = section.get(PROVIDER_KEY)
    return AccessConfig(
        password_hash=password_hash or None,
        allowed_emails=tuple(str(e).strip().lower() for e in emails if str(e).strip()),
        login_provider=str(provider) if provider else None,
        auth_section=auth_section, problem=problem)


def email_allowed(email: object, config: AccessConfig) -> bool:
    """Whether an st.login account may use the page (its e-mail is listed; case ignored)."""
    return config.accounts and isinstance(email, str) and \
        email.strip().lower() in config.allowed_emails


# -- brute-force guard ------------------------------------------------------------------------

class GuardUnavailable(RuntimeError):
    """The guard cannot record an attempt (its store cannot be written): the password is then
    not checked."""


class AttemptGuard(Protocol):
    """What ``attempt`` needs: whether tries are refused for now, counting one try as wrong
    unless refused (before the password is checked, so simultaneous tries are all counted),
    and forgetting the count after a right one. May raise ``GuardUnavailable``."""

    def seconds_left(self) -> float: ...

    def begin(self) -> bool: ...

    def succeeded(self) -> None: ...


def login_limits(session: str, address: str) -> tuple[Limit, Limit]:
    """Wrong passwords: ``MAX_ATTEMPTS`` per session and ``MAX_ATTEMPTS_PER_ADDRESS`` per
    address in any ``LOCKOUT_SECONDS``."""
    return (Limit(LOGIN_ACTION, SESSION, session, Rule(MAX_ATTEMPTS, LOCKOUT_SECONDS)),
            Limit(LOGIN_ACTION, ADDRESS, address, Rule(MAX_ATTEMPTS_PER_ADDRESS,
                                                       LOCKOUT_SECONDS)))


@dataclass
class Guard:
    """Counts wrong passwords; after ``max_attempts`` refuses every try for ``lockout``
    seconds, then starts counting again."""

    clock: Callable[[], float] = time.monotonic
    max_attempts: int = MAX_ATTEMPTS
    lockout: float = LOCKOUT_SECONDS
    failures: int = 0
    locked_until: float | None = field(default=None)

    def seconds_left(self) -> float:
        """Seconds until a password is checked again; 0 when not locked."""
        if self.locked_until is None:
            return 0.0
        left = self.locked_until - self.clock()
        if left <= 0:
            self.locked_until = None
            self.failures = 0
            return 0.0
        return left

    def failed(self) -> None:
        self.failures += 1
        if self.failures >= self.max_attempts:
            self.locked_until = self.clock() + self.lockout

    def begin(self) -> bool:
        if self.seconds_left() > 0:
            return False
        self.failed()
        return True

    def succeeded(self) -> None:
        self.failures = 0
        self.locked_until = None


OK, WRONG, LOCKED, UNAVAILABLE = "ok", "wrong", "locked", "unavailable"


def attempt(password: str, config: AccessConfig, guard: AttemptGuard) -> str:
    """Check a password: ``OK``, ``WRONG``, ``LOCKED`` (too many wrong ones; the password is
    then not even checked) or ``UNAVAILABLE`` (the try could not be counted, so it was not
    checked either). The try is counted as wrong before the (slow) check and forgotten when
    it was right."""
    try:
        if not guard.begin():
            return LOCKED
        if config.password and config.password_hash and password and \
                verify_password(password, config.password_hash):
            guard.succeeded()
            return OK
        return LOCKED if guard.seconds_left() > 0 else WRONG
    except GuardUnavailable:
        return UNAVAILABLE


# -- the session ------------------------------------------------------------------------------

def guard_of(session: MutableMapping[str, object]) -> Guard:
    guard = session.get(SESSION_GUARD)
    if not isinstance(guard, Guard):
        guard = Guard()
        session[SESSION_GUARD] = guard
    return guard


def log_in(session: MutableMapping[str, object], config: AccessConfig) -> None:
    """Remember a password login; it holds only while the configured hash stays the same
    (changing the password logs every session out)."""
    session[SESSION_LOGIN] = config.password_hash


def logged_in(session: Mapping[str, object], config: AccessConfig) -> bool:
    return config.password and session.get(SESSION_LOGIN) == config.password_hash


def log_out(session: MutableMapping[str, object]) -> None:
    session.pop(SESSION_LOGIN, None)
