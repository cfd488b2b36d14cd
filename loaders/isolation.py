"""An upload's check or load in a separate process with a memory and time limit, so that no
file can take the web server down (issue 12).

``run`` starts ``python -m loaders.upload_child`` (a fresh interpreter: nothing of the web
server's memory is shared or copied), which limits its own address space (``RLIMIT_AS``) and
CPU time before it reads anything; the parent waits with ``os.wait4`` and a wall-clock
deadline, and kills the child when it passes it. The child's peak resident memory is the
child's own ``VmHWM``: the ``ru_maxrss`` that ``wait4`` returns also counts what the web
process had resident when it started the child (Linux keeps the high-water mark across
``exec``), so it is used only for a child killed before it could say. What comes back is the
pipeline's report — or, when a limit was hit, a report refusing the file with which limit, and
how to go on (split the file, or load it from a terminal, where the page's limits do not
apply).

The web process itself never parses the file: its memory stays flat whatever the upload holds.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from domain.config import ROOT
from domain.problems import Problem
from loaders import limits, pipeline
from loaders.report import FileReport
from loaders.upload_child import EXIT_MEMORY

MEMORY, TIME, CRASH = "memory", "time", "crash"
#: How often the parent looks at the child (seconds).
POLL = 0.02


@dataclass(frozen=True)
class Limits:
    memory_mb: int
    seconds: int


@dataclass
class Outcome:
    """What the child did: its report (always set; a refusal when a limit was hit), which
    limit it hit (None when it finished), its peak resident memory and how long it took."""

    report: FileReport
    failure: str | None = None
    peak_rss_mb: float = 0.0
    seconds: float = 0.0
    sheets: int | None = None
    aggregate: Path | None = None


def report_from_dict(data: dict[str, object]) -> FileReport:
    """A FileReport back from ``FileReport.to_dict`` (the child's JSON)."""
    names = {f.name for f in dataclasses.fields(FileReport)}
    values = {key: value for key, value in data.items() if key in names and key != "problems"}
    report = FileReport(**values)  # type: ignore[arg-type]
    for key in ("errors", "warnings"):
        items = data.get(key) or []
        assert isinstance(items, list)
        report.add_problems([Problem(**item) for item in items])
    return report


def _child_env() -> dict[str, str]:
    """The web server's environment, plus: no progress line (``CI``), at most two malloc
    arenas and one thread per numeric library (each would reserve address space)."""
    return {**os.environ, "CI": os.environ.get("CI", "1"), "MALLOC_ARENA_MAX": "2",
            "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1"}


def limit_problem(name: str, failure: str, bounds: Limits) -> Problem:
    """The refusal shown when the child hit ``failure``: which limit, and how to go on."""
    how = ("pecah berkas menjadi beberapa berkas (mis. per tahun atau per kabupaten/kota) lalu "
           "unggah satu per satu, atau periksa dan muat dari terminal server dengan "
           "'python -m loaders check' / 'python -m loaders load' (tanpa batas halaman ini)")
    if failure == MEMORY:
        return Problem(name, f"pemeriksaan dihentikan: memerlukan lebih dari "
                             f"{limits.thousands(bounds.memory_mb)} MB memori (batas "
                             "[kelola] check_memory_mb); tidak ada yang disimpan", how)
    if failure == TIME:
        return Problem(name, f"pemeriksaan dihentikan: berjalan lebih dari "
                             f"{limits.thousands(bounds.seconds)} detik (batas [kelola] "
                             "check_timeout_seconds); tidak ada yang disimpan", how)
    return Problem(name, "pemeriksaan berhenti tanpa laporan: proses pemeriksa gagal, "
                         "biasanya karena batas memori ([kelola] check_memory_mb, "
                         f"{limits.thousands(bounds.memory_mb)} MB); tidak ada yang disimpan",
                   how)


def run(path: Path, db: Path, options: pipeline.Options, bounds: Limits, *,
        aggregate_to: Path | None = None) -> Outcome:
    """``pipeline.load([path], db, options)`` in a limited child process."""
    name = limits.clean_name(path.name)
    with tempfile.TemporaryDirectory(prefix="periksa-") as work:
        result_path = Path(work) / "hasil.json"
        fields = dataclasses.asdict(options)
        fields.pop("today", None)
        request = {"path": str(path), "db": str(db), "options": fields,
                   "memory_mb": bounds.memory_mb, "seconds": bounds.seconds,
                   "result": str(result_path),
                   "aggregate_to": str(aggregate_to) if aggregate_to else None}
        start = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "loaders.upload_child", json.dumps(request)], cwd=ROOT,
            env=_child_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > bounds.seconds:
                timed_out = True
                os.kill(child.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(POLL)
        child.returncode = os.waitstatus_to_exitcode(status)
        outcome = Outcome(FileReport(file=name), peak_rss_mb=usage.ru_maxrss / 1024,
                          seconds=time.monotonic() - start)
        result: dict[str, object] = {}
        if result_path.exists():
            result = json.loads(result_path.read_text(encoding="utf-8"))
    failure = TIME if timed_out else str(result["failure"]) if "failure" in result else None
    if failure is None and "report" not in result:
        # killed by the kernel (RLIMIT_CPU: SIGXCPU) or by an allocation it could not recover
        # from before it could write
        if child.returncode == -signal.SIGXCPU:
            failure = TIME
        elif child.returncode == EXIT_MEMORY or child.returncode == -signal.SIGKILL:
            failure = MEMORY
        else:
            failure = CRASH
    peak = result.get("peak_rss_mb")
    if isinstance(peak, int | float) and peak > 0:
        outcome.peak_rss_mb = float(peak)
    if failure is not None:
        outcome.failure = failure
        outcome.report.status = "refused"
        outcome.report.add_problems([limit_problem(name, failure, bounds)])
        return outcome
    report = result["report"]
    assert isinstance(report, dict)
    outcome.report = report_from_dict(report)
    sheets = result.get("sheets")
    outcome.sheets = int(sheets) if isinstance(sheets, int) else None
    if result.get("aggregate"):
        outcome.aggregate = Path(str(result["aggregate"]))
    return outcome
