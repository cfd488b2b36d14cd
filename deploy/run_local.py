"""Run the deployment recipe on this machine, without root: N Streamlit processes on loopback
ports behind Debian's nginx, with the recipe's configuration rendered for a temporary prefix.

    .venv/bin/python deploy/run_local.py                  # 2 replicas, nginx on 127.0.0.1:8080
    .venv/bin/python deploy/run_local.py --replicas 3 --port 0 --prefix /tmp/pmi-nginx

When everything answers on ``/_stcore/health`` it prints one JSON line on stdout — ``url``,
``replicas`` (port and pid of each), ``nginx_pid`` and ``prefix`` — and runs until it gets
SIGINT (Ctrl-C) or SIGTERM, then stops nginx and the replicas. The tests
(tests/browser/test_deploy_in_browser.py)
start it this way. Each replica is ``python -m dashboard.serve`` (``streamlit run app.py`` with
the store built first); they inherit the environment (``PMI_DB`` and the other settings of
domain/config.py), and arguments after ``--`` are passed to ``streamlit run``.

nginx runs as ``nginx -p PREFIX -c PREFIX/nginx.conf -e PREFIX/logs/error.log``: pid, logs and
buffers stay in PREFIX (a new temporary folder unless ``--prefix`` is given; a temporary one is
removed at the end). A replica that dies is not restarted here (systemd does that on a server,
docs/deploy.md); nginx then sends its clients to the others.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import render_nginx  # noqa: E402  (beside this script)

NGINX = "nginx"
START_TIMEOUT = 180.0  # a replica answers once the store is built (from data/ on a first start)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
            return answer.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def wait_healthy(url: str, process: subprocess.Popen[bytes], what: str, log: Path,
                 timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not healthy(url):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}:\n{tail(log)}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer on {url}/_stcore/health within "
                               f"{timeout:.0f} s:\n{tail(log)}")
        time.sleep(0.1)


def tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def start_replica(port: int, prefix: Path, extra: Sequence[str]) -> subprocess.Popen[bytes]:
    # dashboard.serve = streamlit run app.py, with the store built first (the replicas take
    # turns on its lock) and deep links working from the first visit
    command = [sys.executable, "-m", "dashboard.serve", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", *extra]
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    with (prefix / "logs" / f"streamlit-{port}.log").open("wb") as log:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(sig)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def nginx_command(prefix: Path, *extra: str) -> list[str]:
    return [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
            "-e", str(prefix / "logs" / "error.log"), *extra]


def run(replicas: int, port: int, prefix: Path, publication: Path,
        extra: Sequence[str]) -> int:
    if shutil.which(NGINX) is None and not Path("/usr/sbin/nginx").exists():
        print("nginx not found: apt-get install -y nginx", file=sys.stderr)
        return 2
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    ports = [free_port() for _ in range(replicas)]
    listen_port = port or free_port()
    processes: list[subprocess.Popen[bytes]] = []
    nginx: subprocess.Popen[bytes] | None = None
    try:
        processes = [start_replica(p, prefix, extra) for p in ports]
        for replica_port, process in zip(ports, processes, strict=True):
            wait_healthy(f"http://127.0.0.1:{replica_port}", process,
                         f"streamlit on port {replica_port}",
                         prefix / "logs" / f"streamlit-{replica_port}.log")
        bundle = render_nginx.prepare_bundle(prefix / "bundle")
        site = render_nginx.render_site(ports, listen=f"127.0.0.1:{listen_port}",
                                        server_name="localhost", publication=publication,
                                        static=bundle)
        render_nginx.write_standalone(prefix, site)
        check = subprocess.run(nginx_command(prefix, "-t", "-q"), capture_output=True,
                               text=True, check=False)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t refused the configuration:\n{check.stderr}")
        with (prefix / "logs" / "nginx.out").open("wb") as out:
            nginx = subprocess.Popen(nginx_command(prefix, "-g", "daemon off;"), stdout=out,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        url = f"http://127.0.0.1:{listen_port}"
        wait_healthy(url, nginx, "nginx", prefix / "logs" / "error.log", timeout=20)
        print(json.dumps({"url": url, "prefix": str(prefix), "nginx_pid": nginx.pid,
                          "replicas": [{"port": p, "pid": proc.pid}
                                       for p, proc in zip(ports, processes, strict=True)]}),
              flush=True)
        print(f"dashboard behind nginx: {url} (replicas on {', '.join(map(str, ports))}; "
              f"logs in {prefix / 'logs'}); Ctrl-C stops everything", file=sys.stderr,
              flush=True)
        while not stopping:
            if nginx.poll() is not None:
                print(f"nginx exited with code {nginx.returncode}:\n"
                      f"{tail(prefix / 'logs' / 'error.log')}", file=sys.stderr)
                return 1
            time.sleep(0.2)
        return 0
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        if nginx is not None:
            stop(nginx, signal.SIGQUIT)  # graceful: finishes the requests in flight
        for process in processes:
            stop(process)


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in args_in:
        at = args_in.index("--")
        args_in, extra = args_in[:at], args_in[at + 1:]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit processes (2)")
    parser.add_argument("--port", type=int, default=8080,
                        help="nginx's port on 127.0.0.1 (8080; 0 = any free port)")
    parser.add_argument("--prefix", type=Path,
                        help="nginx's prefix: configuration, pid, logs (default: a new "
                             "temporary folder, removed at the end)")
    parser.add_argument("--publication", type=Path,
                        help="folder served at /terbitan/ (default: PREFIX/terbitan)")
    args = parser.parse_args(args_in)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    temporary = args.prefix is None
    prefix = Path(tempfile.mkdtemp(prefix="pmi-nginx-")) if temporary else args.prefix
    prefix = prefix.resolve()
    try:
        return run(args.replicas, args.port, prefix,
                   (args.publication or prefix / "terbitan").resolve(), extra)
    finally:
        if temporary:
            shutil.rmtree(prefix, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
