"""Shared fixtures: temporary stores, CSV writers and an in-process CLI runner."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from loaders.cli import main

ROOT = Path(__file__).resolve().parents[1]


def open_menus(at: AppTest) -> AppTest:
    """Open every download menu ("Unduh") on the page, as a tap on each does, and rerun: a
    menu's buttons, links and embed toggle are made only while it is open
    (dashboard/render.py ``download_menu``)."""
    keys = [menu.proto.popover.id.split("-", 2)[-1] for menu in at.get("popover")]
    assert keys, "the page has download menus"
    for key in keys:
        at.session_state[key] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``python -m loaders ARGS`` in-process; returns exit code, stdout and stderr."""

    def run(*args: object) -> CliResult:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture(autouse=True)
def limits_db(tmp_path_factory: pytest.TempPathFactory,
              monkeypatch: pytest.MonkeyPatch) -> Path:
    """The public forms' limits (store/limits.py) in a file of each test's own, never the
    project's data/batas.sqlite3: a test's wrong passwords or submissions must not lock out
    the next test (or a developer's dashboard)."""
    path = tmp_path_factory.getbasetemp() / f"batas-{uuid.uuid4().hex}.sqlite3"
    monkeypatch.setenv("PMI_LIMITS_DB", str(path))
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Path of a store that does not exist yet."""
    return tmp_path / "store" / "pmi.duckdb"


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file in the test's folder."""

    def write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding=encoding)
        return path

    return write


def file_digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def query(path: Path, sql: str, params: list[object] | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="session")
def shipped_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store built from the files shipped in data/, once per test session, for the tests
    that only read it (pages, exports, audits). A test that loads or rolls back builds its own."""
    from loaders import pipeline

    path = tmp_path_factory.mktemp("shipped") / "pmi.duckdb"
    pipeline.rebuild(path)
    return path
