"""The maintainer page's access (domain/auth.py): scrypt password hashes, the secrets it
reads, the brute-force guard, and ``python -m loaders password-hash``."""

from __future__ import annotations

import io

import pytest
from streamlit.errors import StreamlitSecretNotFoundError

from domain import auth

PASSWORD = "kuda-lumping-merah-99"
#: A cheap cost for tests that are not about the cost (the default takes ~50 ms per hash).
FAST = {"n": 2**8, "r": 8, "p": 1}


@pytest.fixture(scope="module")
def encoded() -> str:
    return auth.hash_password(PASSWORD, **FAST)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_hash_verifies_its_password_only(encoded: str):
    assert auth.verify_password(PASSWORD, encoded)
    assert not auth.verify_password(PASSWORD + "x", encoded)
    assert not auth.verify_password(PASSWORD.upper(), encoded)
    assert not auth.verify_password("", encoded)


def test_the_default_hash_is_scrypt_with_a_random_salt():
    first, second = auth.hash_password(PASSWORD, **FAST), auth.hash_password(PASSWORD, **FAST)
    assert first != second, "the same password must hash differently (random salt)"
    assert auth.verify_password(PASSWORD, first) and auth.verify_password(PASSWORD, second)
    default = auth.hash_password(PASSWORD)
    parts = default.split("$")
    assert parts[:4] == ["scrypt", str(auth.COST_N), str(auth.COST_R), str(auth.COST_P)]
    parsed = auth.parse_hash(default)
    assert len(parsed.salt) == auth.SALT_BYTES and len(parsed.digest) == auth.KEY_BYTES
    assert auth.verify_password(PASSWORD, default)


@pytest.mark.parametrize("bad", [
    "", "plain-text-password", "bcrypt$12$abc", "scrypt$16384$8$1$c2FsdA==",
    "scrypt$abc$8$1$c2FsdGdhcmFt$aGFzaGhhc2hoYXNoaGFzaA==",
    "scrypt$16384$8$1$not base64!$aGFzaGhhc2hoYXNoaGFzaA==",
    "scrypt$1000$8$1$c2FsdGdhcmFt$aGFzaGhhc2hoYXNoaGFzaA==",  # n not a power of two
    "scrypt$1073741824$8$1$c2FsdGdhcmFt$aGFzaGhhc2hoYXNoaGFzaA==",  # would need 1 TiB
    "scrypt$16384$8$1$$aGFzaGhhc2hoYXNoaGFzaA==",  # no salt
])
def test_a_malformed_hash_is_refused_with_how_to_fix(bad: str):
    with pytest.raises(auth.MalformedHash, match="password-hash"):
        auth.verify_password(PASSWORD, bad)
    config = auth.access_config({"kelola": {"password_hash": bad}})
    if bad:
        assert config.problem and "password-hash" in config.problem
        assert not config.password and not config.configured
    else:
        assert config.password_hash is None and not config.configured


def test_secrets_without_a_file_mean_not_configured():
    class NoSecretsFile(dict):
        def get(self, key, default=None):
            raise StreamlitSecretNotFoundError("No secrets found.")

    config = auth.access_config(NoSecretsFile())
    assert not config.configured and config.problem is None


def test_secrets_with_a_hash_or_accounts(encoded: str):
    assert auth.access_config({"kelola": {"password_hash": encoded}}).password
    assert not auth.access_config({"kelola": {}}).configured
    # allowed e-mails count only when st.login ([auth]) is set up
    emails = {"kelola": {"allowed_emails": ["Admin@Example.org"]}}
    assert not auth.access_config(emails).configured
    with_auth = auth.access_config({**emails, "auth": {"redirect_uri": "x"}})
    assert with_auth.accounts and with_auth.configured and not with_auth.password
    assert auth.email_allowed("admin@example.org", with_auth)
    assert auth.email_allowed(" ADMIN@example.org ", with_auth)
    assert not auth.email_allowed("other@example.org", with_auth)
    assert not auth.email_allowed(None, with_auth)
    assert not auth.email_allowed("admin@example.org", auth.access_config(emails))


def test_wrong_passwords_lock_the_session_for_five_minutes(encoded: str):
    config = auth.access_config({"kelola": {"password_hash": encoded}})
    clock = FakeClock()
    guard = auth.Guard(clock=clock)
    for _ in range(auth.MAX_ATTEMPTS - 1):
        assert auth.attempt("salah", config, guard) == auth.WRONG
    assert auth.attempt("salah", config, guard) == auth.LOCKED
    # locked: even the right password is not accepted (nor checked)
    assert auth.attempt(PASSWORD, config, guard) == auth.LOCKED
    clock.now += auth.LOCKOUT_SECONDS - 1
    assert auth.attempt(PASSWORD, config, guard) == auth.LOCKED
    assert 0 < guard.seconds_left() <= 1
    clock.now += 2
    assert guard.seconds_left() == 0
    assert auth.attempt(PASSWORD, config, guard) == auth.OK
    # a success starts the count again
    for _ in range(auth.MAX_ATTEMPTS - 1):
        assert auth.attempt("salah", config, guard) == auth.WRONG


def test_the_session_login_holds_while_the_hash_stays_the_same(encoded: str):
    config = auth.access_config({"kelola": {"password_hash": encoded}})
    session: dict[str, object] = {}
    assert not auth.logged_in(session, config)
    auth.log_in(session, config)
    assert auth.logged_in(session, config)
    rotated = auth.access_config({"kelola": {"password_hash": auth.hash_password("lain", **FAST)}})
    assert not auth.logged_in(session, rotated), "a new password logs old sessions out"
    auth.log_out(session)
    assert not auth.logged_in(session, config)
    assert auth.guard_of(session) is auth.guard_of(session)


def test_the_cli_prints_a_secrets_line_that_verifies(cli, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    result = cli("password-hash", "--stdin")
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if not line.startswith("#")]
    assert lines[0] == "[kelola]"
    key, _, value = lines[1].partition(" = ")
    assert key == "password_hash"
    assert auth.verify_password(PASSWORD, value.strip('"'))
    assert PASSWORD not in result.out


def test_the_cli_refuses_a_short_or_mistyped_password(cli, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("pendek\n"))
    result = cli("password-hash", "--stdin")
    assert result.code == 2 and "12 karakter" in result.err and "scrypt" not in result.out
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    result = cli("password-hash")
    assert result.code == 2 and "tidak sama" in result.err and "scrypt" not in result.out
