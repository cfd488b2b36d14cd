"""The static publication from the Kelola page (dashboard/publication_admin.py): the tab says
whether a publication is set up, whether it holds the latest load, and rebuilds it with the
same command as the systemd unit (``python -m dashboard.publish``), one run at a time.

The state and the lock need no renderer (tier 1); the rebuild through the page draws the
charts with Chromium (slow, tier 2).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from dashboard import publication_admin, publish
from dashboard.i18n import t
from domain.config import ENV_ARCHIVE_DIR, ENV_PUBLICATION_DIR
from tests.test_maintainer_page import HASH, click, log_in, open_kelola, texts


@pytest.fixture
def store(shipped_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped store (its file time is now), as the dashboard's store."""
    path = tmp_path / "store" / "pmi.duckdb"
    path.parent.mkdir()
    shutil.copyfile(shipped_store, path)
    monkeypatch.setenv("PMI_DB", str(path))
    return path


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "arsip"
    monkeypatch.setenv(ENV_ARCHIVE_DIR, str(folder))
    return folder


def write_manifest(folder: Path, created: dt.datetime, charts: int = 3) -> None:
    """A manifest of the shape dashboard/publish.py writes (the slow test below reads a real
    one through the same function)."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "kind": publish.KIND,
        "created": created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "charts": [{"series": "bp2mi", "year": None, "key": f"k{n}", "lang": lang}
                   for n in range(charts) for lang in ("id", "en")],
        "files": {f"f{n}.svg": "0" * 64 for n in range(charts * 4)},
    }
    (folder / publish.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def touch(path: Path, moment: dt.datetime) -> None:
    os.utime(path, (moment.timestamp(), moment.timestamp()))


def test_state_of_no_publication_a_current_one_and_a_stale_one(tmp_path: Path):
    store_file = tmp_path / "pmi.duckdb"
    store_file.write_bytes(b"x")
    loaded = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    touch(store_file, loaded)
    folder = tmp_path / "terbitan"

    missing = publication_admin.read_state(folder, store_file)
    assert missing.created is None and not missing.stale

    write_manifest(folder, loaded + dt.timedelta(minutes=5), charts=3)
    current = publication_admin.read_state(folder, store_file)
    assert (current.charts, current.files) == (3, 12)
    assert current.created == loaded + dt.timedelta(minutes=5)
    assert current.store_changed == loaded and not current.stale

    touch(store_file, loaded + dt.timedelta(minutes=6))  # a load after the publication
    assert publication_admin.read_state(folder, store_file).stale
    # the manifest's whole seconds: a change within its second is not a newer load
    touch(store_file, loaded + dt.timedelta(minutes=5, milliseconds=600))
    assert not publication_admin.read_state(folder, store_file).stale


@pytest.mark.parametrize("content", ['{"kind": "something else", "created": "x"}', "{not json",
                                     '{"kind": "pmi-banten static publication"}', "[]"])
def test_a_folder_that_is_not_a_publication_counts_as_none(tmp_path: Path, content: str):
    folder = tmp_path / "terbitan"
    folder.mkdir()
    (folder / publish.MANIFEST).write_text(content, encoding="utf-8")
    assert publication_admin.read_state(folder, tmp_path / "none.duckdb").created is None


def test_a_second_run_on_the_same_folder_is_refused_and_writes_nothing(tmp_path: Path,
                                                                       store: Path):
    out = tmp_path / "pub" / "terbitan"
    out.parent.mkdir()
    with open(out.parent / ".terbitan.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a run in progress holds it
        with pytest.raises(publish.PublishError, match="sedang diperbarui"):
            publish.publish(out)
    assert [p.name for p in out.parent.iterdir()] == [".terbitan.lock"]


def open_tab(monkeypatch: pytest.MonkeyPatch, folder: Path | None, lang: str = "id"):
    if folder is None:
        monkeypatch.delenv(ENV_PUBLICATION_DIR, raising=False)
    else:
        monkeypatch.setenv(ENV_PUBLICATION_DIR, str(folder))
    at = log_in(open_kelola({"kelola": {"password_hash": HASH}}))
    if lang == "en":
        at.query_params["lang"] = "en"
        at.run()
    return at


def test_without_a_folder_the_tab_says_how_to_set_it_up(store: Path, archive, monkeypatch):
    at = open_tab(monkeypatch, None)  # the shipped config/dasbor.toml sets no folder
    assert t("kelola.tab_publication", "id") in [tab.label for tab in at.tabs]
    assert t("kelola.pub_not_configured", "id") in [i.value for i in at.info]
    assert t("kelola.pub_rebuild", "id") not in [b.label for b in at.button]


def test_a_stale_publication_is_flagged_and_a_current_one_is_not(store: Path, archive,
                                                                 monkeypatch, tmp_path: Path):
    folder = tmp_path / "terbitan"
    changed = dt.datetime.fromtimestamp(store.stat().st_mtime, dt.UTC)
    write_manifest(folder, changed - dt.timedelta(hours=2))
    at = open_tab(monkeypatch, folder)
    stale = [w.value for w in at.warning]
    assert any(t("kelola.pub_stale", "id", changed="")[:40] in w for w in stale), texts(at)
    created = (changed - dt.timedelta(hours=2)).astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert created.strftime("%Y-%m-%d %H:%M WIB") in texts(at)

    write_manifest(folder, changed + dt.timedelta(seconds=5))
    at = open_tab(monkeypatch, folder, "en")
    assert t("kelola.pub_current", "en") in [s.value for s in at.success], texts(at)
    assert not [w.value for w in at.warning if t("kelola.pub_stale", "en", changed="")[:30]
                in w.value]


def test_an_empty_folder_offers_to_make_the_first_publication(store: Path, archive,
                                                               monkeypatch, tmp_path: Path):
    at = open_tab(monkeypatch, tmp_path / "terbitan")
    assert any(t("kelola.pub_missing", "id", folder="")[:20] in w.value for w in at.warning)
    assert t("kelola.pub_rebuild", "id") in [b.label for b in at.button]


@pytest.mark.slow
def test_the_button_rebuilds_it_and_then_it_is_current(store: Path, archive, monkeypatch,
                                                       tmp_path: Path):
    folder = tmp_path / "terbitan"
    at = open_tab(monkeypatch, folder)
    started = time.time()
    at = click(at, "kelola.pub_rebuild")
    assert t("kelola.pub_done", "id") in [s.value for s in at.success], texts(at)
    manifest = json.loads((folder / publish.MANIFEST).read_text(encoding="utf-8"))
    for name in manifest["files"]:
        assert (folder / name).is_file(), name
    state = publication_admin.read_state(folder, store)
    assert state.created is not None and state.created.timestamp() >= int(started)
    assert state.charts > 0 and not state.stale
    assert t("kelola.pub_current", "id") in [s.value for s in at.success]
    assert f"{state.charts} grafik, {state.files} berkas" in texts(at)
