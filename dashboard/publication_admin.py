"""Kelola: the static publication (``[terbitan]`` in config/dasbor.toml) — is it there, does
it hold the latest load, and a button that rebuilds it now.

On a server the systemd path unit of deploy/ rebuilds it after every change of the store (a
load from this page included). This tab shows the maintainer whether that happened and lets
them rebuild it by hand where there is no such unit (or after it failed). The rebuild is the
same command, ``python -m dashboard.publish FOLDER``, run as a child process (it starts its own
Chromium for the images; the web process draws nothing), one at a time (the command holds a
lock beside the folder).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import escape
from dashboard.i18n import t
from dashboard.publication import MANIFEST
from dashboard.publish_folder import KIND
from domain.config import ROOT, db_path, publication_settings
from domain.reference import WIB

#: A rebuild of the published series takes 10–30 s here; beyond this it is stopped.
TIMEOUT_SECONDS = 900
#: The manifest's time is in whole seconds; a store changed within that second is not newer.
_CREATED_PRECISION = dt.timedelta(seconds=1)
#: Session key of the last rebuild's outcome, shown after the rerun that follows it.
_OUTCOME = "_kelola_publication_outcome"


@dataclass(frozen=True)
class PublicationState:
    """What the folder holds, against the store it was made from."""

    folder: Path
    #: When the publication was made (None: no publication there yet, or unreadable).
    created: dt.datetime | None = None
    charts: int = 0
    files: int = 0
    #: When the store last changed (a load, a roll-back, a rebuild), None without a store.
    store_changed: dt.datetime | None = None

    @property
    def stale(self) -> bool:
        """The store changed after the publication was made: it lacks the latest figures."""
        return (self.created is not None and self.store_changed is not None
                and self.store_changed > self.created + _CREATED_PRECISION)


def read_state(folder: Path, store: Path) -> PublicationState:
    """The publication in ``folder`` (its manifest.json) and the store's last change."""
    changed = (dt.datetime.fromtimestamp(store.stat().st_mtime, dt.UTC)
               if store.exists() else None)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("kind") != KIND:
            raise ValueError("not a publication")
        created = dt.datetime.strptime(str(manifest["created"]), "%Y-%m-%dT%H:%M:%SZ")
        charts = {(c["series"], c["year"], c["key"]) for c in manifest["charts"]}
        files = len(manifest["files"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return PublicationState(folder, store_changed=changed)
    return PublicationState(folder, created.replace(tzinfo=dt.UTC), len(charts), files, changed)


@dataclass(frozen=True)
class RebuildOutcome:
    ok: bool
    #: The command's last line (what it wrote, or why it failed), in its own words.
    message: str


def rebuild(folder: Path, timeout: int = TIMEOUT_SECONDS) -> RebuildOutcome:
    """Run ``python -m dashboard.publish folder`` (same store, same configuration)."""
    try:
        done = subprocess.run([sys.executable, "-m", "dashboard.publish", str(folder)],
                              cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return RebuildOutcome(False, f"timeout {timeout} s")
    lines = [line for line in (done.stdout + "\n" + done.stderr).splitlines() if line.strip()]
    if done.returncode == 0:
        return RebuildOutcome(True, lines[-1] if lines else "")
    failed = [line for line in lines if line.startswith("gagal:")]
    return RebuildOutcome(False, (failed or lines or [f"exit {done.returncode}"])[-1])


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB")


def show(lang: str) -> None:
    """The tab's content."""
    settings = publication_settings()
    st.markdown(t("kelola.pub_intro", lang))
    if settings.folder is None:
        st.info(t("kelola.pub_not_configured", lang))
        return
    outcome = st.session_state.pop(_OUTCOME, None)
    if isinstance(outcome, RebuildOutcome):
        if outcome.ok:
            st.success(t("kelola.pub_done", lang))
        else:
            st.error(t("kelola.pub_failed", lang, message=escape.markdown(outcome.message)))
    state = read_state(settings.folder, db_path())
    if state.created is None:
        st.warning(t("kelola.pub_missing", lang, folder=escape.markdown(state.folder)))
    else:
        st.markdown(t("kelola.pub_state", lang, created=_when(state.created),
                      charts=state.charts, files=state.files,
                      folder=escape.markdown(state.folder)))
        if state.stale and state.store_changed is not None:
            st.warning(t("kelola.pub_stale", lang, changed=_when(state.store_changed)))
        else:
            st.success(t("kelola.pub_current", lang))
    if st.button(t("kelola.pub_rebuild", lang), key="kelola_publication_rebuild"):
        with st.spinner(t("kelola.pub_running", lang)):
            st.session_state[_OUTCOME] = rebuild(settings.folder)
        st.rerun()
