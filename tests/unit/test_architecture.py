"""The layers hold: read every import of the packages (function-local and type-only ones too).

domain ← application ← adapters / entrypoints, the composition root on top; no import
circles; ``nlu`` never imports ``service``, and ``service`` uses ``nlu`` only through
the names ``nlu.__all__`` promises.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import nlu

ROOT = Path(__file__).resolve().parents[2]

# Lower number, lower layer: a module may import its own layer and the ones below.
LAYERS = {
    "service.domain": 0,
    "service.clock": 1,
    "service.logs": 1,
    "service.application": 2,
    "service.settings": 3,
    "service.adapters": 4,
    "service.bootstrap": 5,
    "service.entrypoints": 6,
    "service.scenarios": 6,  # whole conversations run on the real service, from the terminal
    "service.__main__": 7,
}
# Outer layers that must not lean on each other: entry points reach adapters
# only through the composition root.
FORBIDDEN = {
    ("service.entrypoints", "service.adapters"),
    ("service.adapters", "service.entrypoints"),
    ("service.scenarios", "service.adapters"),
    ("service.scenarios", "service.entrypoints"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: str) -> dict[str, Path]:
    return {module_name(path): path for path in sorted((ROOT / package).rglob("*.py"))}


def imports(path: Path) -> Iterator[tuple[str, tuple[str, ...], int]]:
    """(module, names imported from it, line) for every import statement in the file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, (), node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, tuple(alias.name for alias in node.names), node.lineno


def layer_of(module: str) -> tuple[str, int] | None:
    for prefix, rank in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return prefix, rank
    return None


def internal_graph(package: str) -> dict[str, set[str]]:
    """Module → the modules of the same package it imports."""
    known = modules(package)
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for target, names, _ in imports(path):
            for candidate in (target, *(f"{target}.{n}" for n in names)):
                if candidate in known and candidate != name:
                    graph[name].add(candidate)
    return graph


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
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("package", ["service", "nlu"])
def test_no_import_circles(package: str) -> None:
    assert cycles(internal_graph(package)) == []


def test_every_service_module_has_a_layer() -> None:
    assert [name for name in modules("service") if name != "service" and layer_of(name) is None] \
        == []


def test_no_layer_imports_a_higher_one() -> None:
    violations = []
    for name, path in modules("service").items():
        mine = layer_of(name)
        if mine is None:
            continue
        for target, _, line in imports(path):
            theirs = layer_of(target)
            if theirs is None:
                continue
            if theirs[1] > mine[1] or (mine[0], theirs[0]) in FORBIDDEN:
                violations.append(f"{path.relative_to(ROOT)}:{line} {name} → {target}")
    assert violations == []


def test_the_domain_does_no_io() -> None:
    io_modules = {"logging", "sqlite3", "socket", "urllib", "httpx", "twilio", "google",
                  "fastapi", "time", "os", "threading"}
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for name, path in modules("service").items() if name.startswith("service.domain")
        for target, _, line in imports(path) if target.split(".")[0] in io_modules
    ]
    assert found == []


def test_nlu_never_imports_service() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in modules("nlu").values()
        for target, _, line in imports(path) if target.split(".")[0] == "service"
    ]
    assert found == []


def test_service_uses_nlu_only_through_its_public_names() -> None:
    found = []
    for path in modules("service").values():
        for target, names, line in imports(path):
            if target.startswith("nlu."):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
            elif target == "nlu":
                found += [f"{path.relative_to(ROOT)}:{line} imports nlu.{n}"
                          for n in names if n not in nlu.__all__]
    assert found == []


def test_the_checks_see_a_violation() -> None:
    """The graph and the layer rules catch what they claim to (a test that can fail)."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    assert layer_of("service.adapters.sqlite.store") == ("service.adapters", 4)
    assert layer_of("service.domain.engine") == ("service.domain", 0)
