"""The package's shape: no import cycles (not even hidden inside functions), and the pure core
imports without ipywidgets or IPython."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import mystory

PACKAGE = Path(mystory.__file__).parent


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in PACKAGE.rglob("*.py") if "share" not in p.parts}


def imports(module: str) -> list[tuple[str, bool]]:
    """The package's modules that `module` imports, each with True when inside a function."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text())
    found = []
    functions = [n for n in ast.walk(tree)
                 if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    inner = {id(n) for f in functions for n in ast.walk(f) if n is not f}
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[:len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in MODULES else source
                       for a in node.names]
        for target in targets:
            if target in MODULES and target != module:
                found.append((target, id(node) in inner))
    return found


GRAPH = {m: {t for t, _ in imports(m)} for m in MODULES}


def cycles() -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's SCC)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in GRAPH[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycles() -> None:
    assert cycles() == []


# The command line imports each command's code when that command runs, so `mystory --help` and
# `mystory serve` never load nbgrader. Nothing imports the command line, so it hides no cycle.
LAZY = {"mystory.cli"}


def test_the_package_imports_itself_only_at_the_top_of_a_module() -> None:
    hidden = sorted(f"{m} -> {t}" for m in MODULES for t, inside in imports(m)
                    if inside and m not in LAZY)
    assert hidden == []
    assert not any(lazy in targets for lazy in LAZY for targets in GRAPH.values())


def test_the_cycle_finder_finds_a_cycle() -> None:
    GRAPH["mystory.core.store"].add("mystory.core.kinds")
    try:
        assert any("mystory.core.store" in group for group in cycles())
    finally:
        GRAPH["mystory.core.store"].discard("mystory.core.kinds")


BLOCKER = textwrap.dedent("""
    import importlib.abc, sys

    class Blocked(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("ipywidgets", "IPython"):
                raise ImportError(f"the core imported {name}")
            return None

    sys.meta_path.insert(0, Blocked())
""")


def run_blocked(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCKER + code], capture_output=True,
                          text=True, timeout=120)


def test_the_core_imports_without_widgets() -> None:
    core = sorted(m for m in MODULES if m.startswith("mystory.core"))
    done = run_blocked("import importlib\n" + "".join(
        f"importlib.import_module({m!r})\n" for m in core + ["mystory.coach", "mystory.grading"]))
    assert done.returncode == 0, done.stderr
    done = run_blocked("import mystory.core.content\nmystory.core.content.course()\n")
    assert done.returncode == 0, done.stderr


def test_the_blocker_blocks() -> None:
    done = run_blocked("import mystory.pages.widgets\n")
    assert done.returncode != 0 and "the core imported ipywidgets" in done.stderr
