"""The forms' limits in the running app (AppTest): a flood of feedback from one address, each
message from a fresh browser session, is stopped by that address's cap while another address
can still send; the Kelola sign-in stays locked for new sessions (a reload) from an address
that guessed too often. The client's address is set through ``dashboard.client.address``
(AppTest has no network connection)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import client
from dashboard.i18n import t
from domain import auth
from loaders import pipeline
from store import masukan as masukan_store
from tests.conftest import ROOT

A, B = "198.51.100.7", "203.0.113.40"
MESSAGE = "Angka Kab. Lebak 2023 di dasbor berbeda dengan laporan tahunan Disnaker."
PASSWORD = "kuda-lumping-merah-99"
HASH = auth.hash_password(PASSWORD, n=2**8)


@pytest.fixture(scope="module")
def placement_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("form-limits") / "pmi.duckdb"
    pipeline.ensure_store(path)
    return path


@pytest.fixture
def address(monkeypatch: pytest.MonkeyPatch, placement_store: Path, tmp_path: Path) -> list[str]:
    """The client address every session seems to come from: ``address[0]``."""
    monkeypatch.setenv("PMI_DB", str(placement_store))
    monkeypatch.setenv("PMI_MASUKAN_DB", str(tmp_path / "masukan.duckdb"))
    config = tmp_path / "dasbor.toml"
    config.write_text("[masukan]\nmax_per_address = 3\nmax_per_hour = 1000\n", encoding="utf-8")
    monkeypatch.setenv("PMI_CONFIG", str(config))
    current = [A]
    monkeypatch.setattr(client, "address", lambda: current[0])
    return current


def open_page(page: str, secrets: dict[str, object] | None = None) -> AppTest:
    """A fresh browser session on ``page``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if secrets:
        at.secrets.update(secrets)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def send_feedback(message: str) -> AppTest:
    at = open_page("pages/feedback.py")
    at.selectbox(key="masukan_topik").set_value("pertanyaan")
    at.text_area(key="masukan_pesan").set_value(message)
    at.button(key="masukan_kirim").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_flood_from_one_address_does_not_close_the_form_for_others(address, tmp_path):
    for n in range(3):
        at = send_feedback(f"{MESSAGE} ({n})")
        assert at.success, [w.value for w in at.warning]
    flood = send_feedback(f"{MESSAGE} (banjir)")
    assert not flood.success
    # the first of the three leaves the hour in (just under) 60 minutes
    assert [w.value for w in flood.warning] == [t("masukan.address_limited", "id",
                                                  wait="60 menit")]
    assert flood.text_area(key="masukan_pesan").value.endswith("(banjir)")
    address[0] = B
    other = send_feedback(f"{MESSAGE} (orang lain)")
    assert other.success
    stored = masukan_store.entries(tmp_path / "masukan.duckdb")["pesan"].tolist()
    assert len(stored) == 4 and stored[0].endswith("(orang lain)")


def sign_in(at: AppTest, password: str) -> list[str]:
    at.text_input[0].input(password)
    [button] = [b for b in at.button if b.label == t("kelola.login", "id")]
    button.click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return [e.value for e in at.error]


def test_a_reload_does_not_reset_the_sign_in_lockout(address):
    """Five wrong passwords lock a session; reloading (a new session) gives five more at
    most, then every new session from the address is refused, the right password too."""
    secrets = {"kelola": {"password_hash": HASH}}
    locked = t("kelola.locked", "id", minutes=5)
    for _reload in range(2):
        at = open_page("pages/maintainer.py", secrets)
        errors = [sign_in(at, "salah-sekali") for _ in range(auth.MAX_ATTEMPTS)]
        assert errors[-1] == [locked], errors
    at = open_page("pages/maintainer.py", secrets)
    assert sign_in(at, PASSWORD) == [locked]
    assert not at.file_uploader
    address[0] = B
    at = open_page("pages/maintainer.py", secrets)
    assert sign_in(at, PASSWORD) == []
    assert at.file_uploader


def test_with_a_trusted_proxy_header_configured_a_request_without_it_still_counts(
        placement_store, tmp_path, monkeypatch):
    """The header is read only when configured; a request without it (here: AppTest, no
    network) counts as its connection's address, and the form works as before."""
    monkeypatch.setenv("PMI_DB", str(placement_store))
    monkeypatch.setenv("PMI_MASUKAN_DB", str(tmp_path / "masukan.duckdb"))
    config = tmp_path / "dasbor.toml"
    config.write_text('[web]\ntrusted_proxy_header = "X-Forwarded-For"\n', encoding="utf-8")
    monkeypatch.setenv("PMI_CONFIG", str(config))
    at = send_feedback(MESSAGE)
    assert at.success
    assert masukan_store.count(tmp_path / "masukan.duckdb") == 1
