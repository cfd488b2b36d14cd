"""The child process of an upload's check or load: ``python -m loaders.upload_child REQUEST``.

Started by loaders/isolation.py, never by hand. Its first act is to limit itself — address
space (``RLIMIT_AS``), CPU seconds (``RLIMIT_CPU``) and no core file — before pandas, DuckDB or
the file are touched; only then does it import the pipeline and run ``load --dry-run`` (the
check) or ``load``. The result (the report, or which limit was hit) goes to the JSON file the
request names; nothing is printed, so nothing of the file reaches the web server's logs.

Kept to the standard library at the top: everything heavy is imported inside ``main``, after
the limits are set.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path

#: Exit codes the parent reads when the result file is missing.
EXIT_OK, EXIT_MEMORY, EXIT_CRASH = 0, 3, 4
MB = 1024 * 1024


def set_limits(memory_mb: int, seconds: int) -> None:
    """At most ``memory_mb`` of address space and ``seconds`` of CPU (plus a grace second; the
    parent's wall clock is the real time limit), and no core dump of the file's contents."""
    memory = memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = max(1, seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _write(path: Path, result: dict[str, object]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(result, out, ensure_ascii=False, default=str)
    tmp.replace(path)


#: An error raised this close to the address-space limit is taken as the limit's doing: an
#: allocation refused inside a library surfaces as ImportError, OSError, a C++ bad_alloc …
MEMORY_MARGIN_MB = 64


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (``VmPeak``: peak address
    space; ``VmHWM``: peak resident memory), in MB; 0 when it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _peak_mb() -> float:
    return _status_mb("VmPeak")


def _out_of_memory(exc: BaseException, memory_mb: int) -> bool:
    """MemoryError, DuckDB's out-of-memory error (not a MemoryError), or any error raised
    when the address space had come within MEMORY_MARGIN_MB of the limit."""
    return (isinstance(exc, MemoryError) or type(exc).__name__ == "OutOfMemoryException"
            or _peak_mb() > memory_mb - MEMORY_MARGIN_MB)


def main(argv: list[str]) -> int:
    request = json.loads(argv[0])
    result_path = Path(request["result"])
    memory_mb = int(request["memory_mb"])
    set_limits(memory_mb, int(request["seconds"]))
    try:
        from loaders import upload_work  # heavy: pandas, DuckDB, openpyxl

        result = upload_work.run(request)
    except BaseException as exc:  # every way out is a result the parent can explain
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        kind = "memory" if _out_of_memory(exc, memory_mb) else "crash"
        try:
            _write(result_path, {"failure": kind, "error": type(exc).__name__,
                                 "peak_rss_mb": _status_mb("VmHWM")})
        except MemoryError:
            return EXIT_MEMORY
        return EXIT_MEMORY if kind == "memory" else EXIT_CRASH
    # the peak resident memory of this process itself: the rusage a parent gets from wait4
    # also counts what the parent had resident when it started the child (Linux keeps the
    # pre-exec high-water mark)
    result["peak_rss_mb"] = _status_mb("VmHWM")
    _write(result_path, result)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
