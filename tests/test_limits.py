"""Limits of the public forms (domain/limits.py, store/limits.py, dashboard/login_guard.py):
the client's address (trusted proxy header only when configured), limits per session and per
address that fresh sessions and restarts do not reset, nothing readable stored, and the Kelola
sign-in locked per session and per address."""

from __future__ import annotations

import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from dashboard.login_guard import StoredGuard
from domain import auth, masukan
from domain.config import MasukanSettings, web_settings
from domain.limits import LOCAL, Rule, client_address
from store import limits as limits_store
from tests.conftest import ROOT

A, B = "198.51.100.7", "203.0.113.40"
PASSWORD = "kuda-lumping-merah-99"
HASH = auth.hash_password(PASSWORD, n=2**8)
CONFIG = auth.access_config({"kelola": {"password_hash": HASH}})


@pytest.fixture
def file(tmp_path: Path) -> Path:
    return tmp_path / "batas" / "batas.sqlite3"


def settings(**changes: int) -> MasukanSettings:
    values = {"db": Path("unused.duckdb"), "retention_days": 365, "max_per_window": 3,
              "window_seconds": 600, "min_interval_seconds": 30, "max_per_address": 10,
              "address_window_seconds": 3600}
    return MasukanSettings(**{**values, **changes})  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the address


@pytest.mark.parametrize(("peer", "forwarded", "hops", "expected"), [
    (None, [], 1, LOCAL),                                  # Streamlit: a local connection
    ("127.0.0.1", [], 1, LOCAL),
    (A, [], 1, A),
    (f"{A}:51234", [], 1, A),
    ("::ffff:198.51.100.7", [], 1, A),                     # IPv4-mapped IPv6
    ("2001:db8:1:2:aaaa::1", [], 1, "2001:db8:1:2::/64"),  # IPv6: its /64 network
    ("[2001:db8:1:2:bbbb::9]:443", [], 1, "2001:db8:1:2::/64"),
    (None, [B], 1, B),                                     # the proxy's header
    (None, [f"1.1.1.1, {B}"], 1, B),                       # the client wrote 1.1.1.1 itself
    (None, ["1.1.1.1", B], 1, B),                          # the header given twice
    (None, [f"{B}, 10.0.0.2"], 2, B),                      # two proxies
    (None, [B], 3, B),                                     # fewer entries than proxies
    (A, ["nonsense"], 1, A),                               # not an address: the peer's
    (None, ["<script>"], 1, LOCAL),
])
def test_the_client_address(peer, forwarded, hops, expected):
    assert client_address(peer, forwarded, hops) == expected


def test_the_proxy_header_is_read_only_when_configured(tmp_path, monkeypatch):
    monkeypatch.setenv("PMI_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    assert web_settings().trusted_proxy_header is None
    config = tmp_path / "dasbor.toml"
    config.write_text('[web]\ntrusted_proxy_header = "X-Forwarded-For"\n'
                      'trusted_proxy_hops = 2\nlimits_db = "elsewhere/batas.sqlite3"\n',
                      encoding="utf-8")
    monkeypatch.setenv("PMI_CONFIG", str(config))
    monkeypatch.delenv("PMI_LIMITS_DB")
    web = web_settings()
    assert (web.trusted_proxy_header, web.trusted_proxy_hops) == ("X-Forwarded-For", 2)
    assert web.limits_db == ROOT / "elsewhere" / "batas.sqlite3"
    monkeypatch.delenv("PMI_CONFIG")
    assert web_settings().trusted_proxy_header is None  # config/dasbor.toml as shipped
    assert web_settings().limits_db == ROOT / "data" / "batas.sqlite3"


# --------------------------------------------------------------------------- the rule


def test_a_rule_of_zero_is_off():
    assert Rule(0, 600).wait([1.0] * 100, now=2.0) == 0


# --------------------------------------------------------------------------- feedback limits


def send(file: Path, session: str, address: str, now: float, **changes: int) -> bool:
    return limits_store.take(file, masukan.limits(settings(**changes), session, address),
                             now).ok


def test_fresh_sessions_from_one_address_are_limited_and_another_address_is_not(file):
    """Given ten submissions from address A, each from a new browser session (a reload, a
    script), an eleventh new session from A is refused for the rest of the hour; a session
    from B is not."""
    for n in range(10):
        assert send(file, f"sesi-{n}", A, now=1000 + n)
    refused = limits_store.take(file, masukan.limits(settings(), "sesi-baru", A), 1011)
    assert not refused.ok and refused.ids == ()
    assert refused.waits == (0.0, 3600 - 11)  # the session's own limit is not what refuses
    assert send(file, "sesi-lain", B, now=1012)
    assert send(file, "sesi-baru", A, now=1000 + 3600)  # the first left the hour


def test_one_session_is_limited_whatever_its_address(file):
    assert send(file, "sesi", A, now=1000)
    assert not send(file, "sesi", B, now=1010)  # 30 s between two
    waits = limits_store.waits(file, masukan.limits(settings(), "sesi", B), 1010)
    assert waits == (20.0, 0.0)


def test_the_limits_survive_a_restart(file):
    """Events recorded by another process (a server that was then restarted) still count."""
    script = textwrap.dedent(f"""
        from pathlib import Path
        from domain import masukan
        from store import limits
        from tests.test_limits import settings
        for n in range(10):
            assert limits.take(Path({str(file)!r}), masukan.limits(settings(), f"s{{n}}",
                               {A!r}), 1000 + n).ok
    """)
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=60)
    assert not send(file, "sesi-sesudah-mulai-ulang", A, now=1100)
    assert send(file, "sesi-sesudah-mulai-ulang", B, now=1100)


def test_simultaneous_submissions_of_one_session_pass_once(file):
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def one() -> None:
        barrier.wait()
        results.append(send(file, "sesi", A, now=5000))

    threads = [threading.Thread(target=one) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


def test_nothing_readable_is_stored_and_old_events_are_forgotten(file):
    assert send(file, "token-rahasia-sesi", A, now=1000)
    keys = limits_store.stored_keys(file)
    assert [action for action, _ in keys] == ["masukan", "masukan"]
    raw = file.read_bytes()
    for secret in ("token-rahasia-sesi", A, "198.51.100"):
        assert secret.encode() not in raw
        assert all(secret not in key for _, key in keys)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert send(file, "sesi-2", B, now=1000 + 3601)  # the first two are past every window
    assert len(limits_store.stored_keys(file)) == 2


def test_events_given_back_do_not_count(file):
    taken = limits_store.take(file, masukan.limits(settings(), "sesi", A), 1000)
    limits_store.give_back(file, taken.ids)
    assert send(file, "sesi", A, now=1001)


def test_a_limits_file_that_cannot_be_written_is_an_error(tmp_path):
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder", encoding="utf-8")
    with pytest.raises(limits_store.LimitStoreError):
        limits_store.take(blocker / "batas.sqlite3", masukan.limits(settings(), "s", A), 1)


# --------------------------------------------------------------------------- sign-in


class Clock:
    def __init__(self, now: float = 10_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def guard(file: Path, session: str, address: str, clock: Clock) -> StoredGuard:
    """A page's guard; a new one for each run, as after a reload or a restart."""
    return StoredGuard(file, auth.login_limits(session, address), clock)


def test_wrong_passwords_lock_the_session_and_a_reload_does_not_reset_it(file):
    clock = Clock()
    for _ in range(auth.MAX_ATTEMPTS - 1):
        assert auth.attempt("salah", CONFIG, guard(file, "s1", A, clock)) == auth.WRONG
        clock.now += 1
    assert auth.attempt("salah", CONFIG, guard(file, "s1", A, clock)) == auth.LOCKED
    # the same session, a new guard (the next run of the page, or a restarted server)
    assert auth.attempt(PASSWORD, CONFIG, guard(file, "s1", A, clock)) == auth.LOCKED
    left = guard(file, "s1", A, clock).seconds_left()
    assert auth.LOCKOUT_SECONDS - 5 <= left <= auth.LOCKOUT_SECONDS
    clock.now += left
    assert auth.attempt(PASSWORD, CONFIG, guard(file, "s1", A, clock)) == auth.OK


def test_new_sessions_from_one_address_are_locked_after_ten_wrong_passwords(file):
    """A reload gives a new session, but not new guesses: after MAX_ATTEMPTS_PER_ADDRESS
    wrong passwords from one address in five minutes, every session from it is refused —
    even with the right password; another address is not."""
    clock = Clock()
    results = []
    for n in range(auth.MAX_ATTEMPTS_PER_ADDRESS):
        session = f"sesi-{n // 3}"  # three guesses, then a reload
        results.append(auth.attempt("salah", CONFIG, guard(file, session, A, clock)))
        clock.now += 2
    assert results[:-1] == [auth.WRONG] * (auth.MAX_ATTEMPTS_PER_ADDRESS - 1)
    assert results[-1] == auth.LOCKED
    assert auth.attempt(PASSWORD, CONFIG, guard(file, "sesi-baru", A, clock)) == auth.LOCKED
    assert auth.attempt(PASSWORD, CONFIG, guard(file, "sesi-baru", B, clock)) == auth.OK
    clock.now += auth.LOCKOUT_SECONDS
    assert auth.attempt(PASSWORD, CONFIG, guard(file, "sesi-baru", A, clock)) == auth.OK


def test_a_right_password_forgets_the_sessions_wrong_ones_not_the_addresss(file):
    clock = Clock()
    for _ in range(4):
        assert auth.attempt("salah", CONFIG, guard(file, "s1", A, clock)) == auth.WRONG
    assert auth.attempt(PASSWORD, CONFIG, guard(file, "s1", A, clock)) == auth.OK
    for _ in range(4):  # the session may mistype again
        assert auth.attempt("salah", CONFIG, guard(file, "s1", A, clock)) == auth.WRONG
    # the address has 8 wrong ones (the right one was not counted): two more lock it
    assert auth.attempt("salah", CONFIG, guard(file, "s2", A, clock)) == auth.WRONG
    assert auth.attempt("salah", CONFIG, guard(file, "s2", A, clock)) == auth.LOCKED


def test_simultaneous_guesses_are_all_counted(file):
    """Each try is counted before the (slow) password check, so parallel guesses from new
    sessions cannot slip past the count."""
    clock = Clock()
    results: list[str] = []
    barrier = threading.Barrier(16)

    def one(n: int) -> None:
        barrier.wait()
        results.append(auth.attempt("salah", CONFIG, guard(file, f"s{n}", A, clock)))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = [r for r in results if r == auth.WRONG]
    assert len(checked) <= auth.MAX_ATTEMPTS_PER_ADDRESS - 1
    assert results.count(auth.LOCKED) == 16 - len(checked)


def test_when_the_limits_cannot_be_recorded_no_password_is_checked(tmp_path):
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder", encoding="utf-8")
    broken = guard(blocker / "batas.sqlite3", "s1", A, Clock())
    assert auth.attempt(PASSWORD, CONFIG, broken) == auth.UNAVAILABLE
