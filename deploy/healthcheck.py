"""Ask a replica's ``/_stcore/health`` (docs/deploy.md, systemd units in deploy/systemd/).

    python deploy/healthcheck.py wait PORT [--timeout 180]   # until it answers (ExecStartPost)
    python deploy/healthcheck.py check PORT                  # once; exit 1 if it does not

Standard library only, so it needs nothing beyond Python (no curl on a minimal server).
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence


def healthy(port: int, host: str = "127.0.0.1", timeout: float = 5.0) -> bool:
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/_stcore/health",
                                    timeout=timeout) as answer:
            return answer.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("wait", "check"))
    parser.add_argument("port", type=int)
    parser.add_argument("--timeout", type=float, default=180.0,
                        help="seconds to wait in 'wait' mode (180: a first start builds the "
                             "store from data/)")
    args = parser.parse_args(argv)
    if args.mode == "check":
        ok = healthy(args.port)
        if not ok:
            print(f"replica on port {args.port} does not answer /_stcore/health",
                  file=sys.stderr)
        return 0 if ok else 1
    deadline = time.monotonic() + args.timeout
    while not healthy(args.port, timeout=2.0):
        if time.monotonic() > deadline:
            print(f"replica on port {args.port} did not answer /_stcore/health within "
                  f"{args.timeout:.0f} s", file=sys.stderr)
            return 1
        time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
