"""The servers a benchmark measures, on loopback ports of this machine: a Streamlit process
(``streamlit run`` or ``dashboard.serve``), or replicas behind nginx (deploy/run_local.py), and
the CPU time and resident memory of their processes read from /proc. Used by
benchmarks/bench_concurrency.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU of the processes (all their threads) so far."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK


def rss_mb(pids: Sequence[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


@contextlib.contextmanager
def streamlit_server(command: Sequence[str], env: dict[str, str], log: Path,
                     extra: Sequence[str] = (), cwd: Path = ROOT) -> Iterator[tuple[str, int]]:
    """``command`` (a ``streamlit run`` or ``dashboard.serve``) on a free loopback port."""
    port = _free_port()
    args = [*command, "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", *extra]
    with log.open("wb") as out:
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@contextlib.contextmanager
def nginx_replicas(replicas: int, env: dict[str, str], log: Path,
                   extra: Sequence[str] = ()) -> Iterator[tuple[str, list[int]]]:
    """deploy/run_local.py: ``replicas`` processes behind nginx; its address and the pids of
    the replicas and nginx (master; its worker is light)."""
    command = [sys.executable, str(ROOT / "deploy" / "run_local.py"), "--replicas",
               str(replicas), "--port", "0", *(["--", *extra] if extra else [])]
    with log.open("wb") as err:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                   stderr=err)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"run_local.py exited: {log.read_text()[-2000:]}")
        started = json.loads(line)
        pids = [int(r["pid"]) for r in started["replicas"]]
        yield started["url"], [*pids, int(started["nginx_pid"])]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
