"""The layers of docs/architecture.md, enforced: every import (module level or inside a
function) of every project module is read with ``ast`` and checked against the direction
domain <- store <- geo <- loaders <- dashboard <- pages <- app, the frameworks each layer may
use, and cycles between modules."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Bottom to top; a layer may import its own and lower layers only.
LAYERS: tuple[str, ...] = ("domain", "store", "geo", "loaders", "dashboard", "pages", "app")
#: Beyond the order: what a layer may not import although it is lower.
FORBIDDEN: dict[str, frozenset[str]] = {
    "pages": frozenset({"store", "geo", "loaders"}),  # pages declare; dashboard does the work
}
#: Frameworks each layer must not import (domain is framework-free; only the top renders).
FORBIDDEN_LIBRARIES: dict[str, frozenset[str]] = {
    "domain": frozenset({"streamlit", "duckdb", "plotly", "kaleido", "geopandas", "openpyxl"}),
    "store": frozenset({"streamlit", "plotly", "kaleido"}),
    "geo": frozenset({"streamlit", "plotly", "kaleido"}),
    "loaders": frozenset({"streamlit", "plotly", "kaleido"}),
    "pages": frozenset({"duckdb"}),
}
PROJECT = frozenset(LAYERS) - {"app"}


def modules() -> dict[str, Path]:
    found = {"app": ROOT / "app.py"}
    for package in PROJECT:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(path: Path, known: set[str]) -> Iterator[tuple[int, str]]:
    """(line, imported name) for every absolute import in the file; ``from a import b`` yields
    ``a.b`` when that is a module, else ``a``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                yield node.lineno, full if full in known else node.module


def layer(module: str) -> str:
    return module.split(".")[0]


def edges() -> list[tuple[str, str, int]]:
    found = modules()
    known = set(found)
    return [(module, target, line) for module, path in found.items()
            for line, target in imports(path, known)]


def test_every_project_module_is_in_a_layer() -> None:
    names = {layer(m) for m in modules()}
    assert names == set(LAYERS), names
    # a stray top-level package would escape the rules below
    stray = sorted(p.name for p in ROOT.iterdir()
                   if (p / "__init__.py").is_file() and p.name not in LAYERS
                   and p.name not in {"tests", "benchmarks"})
    assert not stray, f"packages outside the layers of docs/architecture.md: {stray}"


def test_imports_point_down_the_layers() -> None:
    wrong = []
    for module, target, line in edges():
        source_layer, target_layer = layer(module), layer(target)
        if target_layer not in PROJECT or source_layer == target_layer:
            continue
        upward = LAYERS.index(target_layer) > LAYERS.index(source_layer)
        if upward or target_layer in FORBIDDEN.get(source_layer, frozenset()):
            wrong.append(f"{module}:{line} imports {target}")
    assert not wrong, "imports against docs/architecture.md:\n" + "\n".join(wrong)


def test_layers_use_only_their_frameworks() -> None:
    wrong = [f"{module}:{line} imports {target}" for module, target, line in edges()
             if target.split(".")[0] in FORBIDDEN_LIBRARIES.get(layer(module), frozenset())]
    assert not wrong, "\n".join(wrong)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_between_modules() -> None:
    known = set(modules())
    graph: dict[str, set[str]] = {m: set() for m in known}
    for module, target, _ in edges():
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != module and not module.startswith(target + "."):
            graph[module].add(target)
    assert cycles(graph) == []


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
])
def test_cycle_finder_finds_cycles(graph: dict[str, set[str]],
                                   expected: list[list[str]]) -> None:
    assert cycles(graph) == expected


def test_the_rules_catch_an_upward_import(tmp_path: Path) -> None:
    """The walker sees imports inside functions too (a lazy import is still a dependency)."""
    path = tmp_path / "x.py"
    path.write_text("def f():\n    from dashboard import i18n\n    return i18n\n")
    assert list(imports(path, {"dashboard.i18n"})) == [(2, "dashboard.i18n")]


#: Rule 6 of docs/architecture.md: a module does one job and stays under about 400 lines; this
#: guard fails above LINE_LIMIT. A module that must grow past it is split by job first; an
#: entry in OVER_THE_LIMIT is a debt to pay (the guard also fails on a stale entry).
LINE_LIMIT = 400
#: Folders that hold no project module (virtual environments, caches, installed packages).
SKIPPED_FOLDERS = frozenset({"venv", "node_modules", "__pycache__", "site-packages"})
OVER_THE_LIMIT: frozenset[str] = frozenset()


def project_files() -> dict[str, int]:
    """Every Python file of the repository outside tests/ (and outside hidden and virtual
    environment folders), with its number of lines."""
    found = {}
    for folder, folders, files in os.walk(ROOT):
        here = Path(folder)
        folders[:] = [name for name in folders
                      if not (name.startswith(".") or name in SKIPPED_FOLDERS
                              or (here == ROOT and name == "tests"))]
        for name in files:
            if name.endswith(".py"):
                path = here / name
                found[path.relative_to(ROOT).as_posix()] = len(
                    path.read_text(encoding="utf-8").splitlines())
    return found


def test_no_module_is_over_the_line_limit() -> None:
    over = {name: lines for name, lines in project_files().items()
            if lines > LINE_LIMIT and name not in OVER_THE_LIMIT}
    assert not over, (f"modules over {LINE_LIMIT} lines (split them by job, "
                      "docs/architecture.md rule 6):\n"
                      + "\n".join(f"{name}: {lines}" for name, lines in sorted(over.items())))


def test_the_list_of_modules_over_the_limit_is_current() -> None:
    files = project_files()
    stale = sorted(name for name in OVER_THE_LIMIT if files.get(name, 0) <= LINE_LIMIT)
    assert not stale, f"no longer over {LINE_LIMIT} lines (remove from OVER_THE_LIMIT): {stale}"
