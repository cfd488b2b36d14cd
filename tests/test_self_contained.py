"""The repository stands on its own: no file in it names the folder beside the project root that
held the developers' research material. A fresh clone has no such folder, so code, tests and
docs must carry what they need themselves (tests/fixtures/, data/) or say it in docs/.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Spelled in two parts so that this file does not match itself.
NEEDLE = ("../" + "shared").encode()
#: Outside a git checkout (an exported tree), the walk skips what .gitignore keeps out anyway.
NOT_PROJECT = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis",
               "test-artifacts"}


def project_files() -> list[Path]:
    """The files git tracks, and the new ones it would track (not ignored), so a file is checked
    before its first commit; every file under the root when this is not a git checkout."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.CalledProcessError):
        return [path for path in ROOT.rglob("*") if path.is_file()
                and not NOT_PROJECT.intersection(path.relative_to(ROOT).parts)]
    names = {name for name in listed.decode("utf-8").split("\0") if name}
    return [ROOT / name for name in sorted(names) if (ROOT / name).is_file()]


def is_binary(data: bytes) -> bool:
    return b"\0" in data[:8192]


def test_no_file_names_the_folder_beside_the_repository() -> None:
    files = project_files()
    assert len(files) > 50  # the listing worked
    offenders = []
    for path in files:
        data = path.read_bytes()
        if is_binary(data) or NEEDLE not in data:
            continue
        lines = data.decode("utf-8", errors="replace").splitlines()
        offenders += [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
                      for number, line in enumerate(lines, start=1)
                      if NEEDLE.decode() in line]
    assert not offenders, "\n".join(offenders)
