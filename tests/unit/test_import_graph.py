"""The package's import graph, read from the source with ``ast`` (nothing is
imported): no import cycle anywhere in ``causerie``, and the layering
docs/architecture.md states. Only imports under ``if TYPE_CHECKING:`` are
left out of the cycles (they never run). An import inside a function
counts: a lazy import is how the appeals <-> moderation and conversations
<-> messages cycles hid, each module reaching back into the other at call
time. For the layering every import counts."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "src"
PACKAGE = "causerie"


@dataclass(frozen=True, slots=True)
class Import:
    target: str  # a module name, resolved to a submodule where one exists
    line: int
    type_only: bool  # under ``if TYPE_CHECKING:``: never runs
    lazy: bool = False  # inside a function: runs at the first call


def module_files(root: Path = ROOT, package: str = PACKAGE) -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(
    body: list[ast.stmt], type_only: bool, lazy: bool = False
) -> Iterator[tuple[ast.stmt, bool, bool]]:
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, type_only, lazy
        elif isinstance(node, ast.If):
            yield from _walk(node.body, type_only or _is_type_checking(node.test), lazy)
            yield from _walk(node.orelse, type_only, lazy)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _walk(node.body, type_only, True)
        else:
            # Functions, classes, try/with/for: whatever they import counts.
            for field in ("body", "orelse", "finalbody", "handlers"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    stmts = [c for c in children if isinstance(c, ast.stmt)]
                    yield from _walk(stmts, type_only, lazy)
                    for handler in children:
                        if isinstance(handler, ast.ExceptHandler):
                            yield from _walk(handler.body, type_only, lazy)


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    found: list[Import] = []
    for node, type_only, lazy in _walk(tree.body, False):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(alias.name, node.lineno, type_only, lazy))
            continue
        assert isinstance(node, ast.ImportFrom)
        if node.level:
            base = name.split(".")
            if not is_package:
                base = base[:-1]
            base = base[: len(base) - (node.level - 1)]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        for alias in node.names:
            # ``from x import y``: the edge goes to x.y when y is a module.
            candidate = f"{source}.{alias.name}"
            target = candidate if candidate in modules else source
            found.append(Import(target, node.lineno, type_only, lazy))
    return found


@cache
def graph(root: Path = ROOT) -> dict[str, list[Import]]:
    modules = module_files(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component with more than one module (or a
    module importing itself), each as one closed path through it (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in edges.get(v, ()):
                components.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return [_closed_path(c, edges) for c in components]


def _closed_path(component: list[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest way from the component's first module back to itself."""
    members = set(component)
    start = component[0]
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for v in frontier:
            for w in sorted(edges.get(v, set()) & members):
                if w == start:
                    path = [start]
                    while v != start:
                        path.append(v)
                        v = previous[v]
                    return [start, *reversed(path[1:]), start]
                if w not in previous:
                    previous[w] = v
                    following.append(w)
        frontier = following
    return component


def runtime_edges(imports: dict[str, list[Import]]) -> dict[str, set[str]]:
    return {
        name: {
            i.target for i in found if not i.type_only and i.target in imports and i.target != name
        }
        for name, found in imports.items()
    }


def test_the_graph_is_read() -> None:
    imports = graph()
    edges = runtime_edges(imports)
    # A sanity check that resolution works: if it broke, every rule below
    # would pass on an empty graph.
    assert "causerie.services.sanctions" in edges["causerie.services.moderation"]
    assert "causerie.domain.models" in edges["causerie.domain.events"]
    assert sum(len(e) for e in edges.values()) > 500


def test_cycles_are_found_and_named() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert find_cycles(edges) == [["a", "b", "c", "a"], ["e", "e"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_lazy_imports_count_and_type_checking_ones_do_not(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import b\n"
        "if TYPE_CHECKING:\n    from pkg import c\n"
        "def f():\n    from pkg.d import x\n"
    )
    for name in ("b", "c", "d"):
        (package / f"{name}.py").write_text("x = 1\n")
    modules = module_files(tmp_path, "pkg")
    found = imports_of("pkg.a", modules["pkg.a"], modules)
    assert {(i.target, i.type_only) for i in found if i.target.startswith("pkg")} == {
        ("pkg.b", False),
        ("pkg.c", True),
        ("pkg.d", False),
    }
    assert [i.target for i in found if i.lazy] == ["pkg.d"]


def test_no_import_cycle_in_the_package() -> None:
    cycles = find_cycles(runtime_edges(graph()))
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _top(module: str) -> str:
    return module.split(".", maxsplit=1)[0]


def _violations(rule: str, within: str, allowed: object) -> list[str]:
    bad = []
    for name, found in graph().items():
        if not _in(name, within):
            continue
        for i in found:
            if not allowed(i.target):  # type: ignore[operator]
                bad.append(f"{name}:{i.line} imports {i.target} ({rule})")
    return bad


LAYERS = [
    pytest.param(
        f"{PACKAGE}.domain",
        lambda t: _in(t, f"{PACKAGE}.domain") or _top(t) in sys.stdlib_module_names,
        id="domain imports the standard library only",
    ),
    pytest.param(
        f"{PACKAGE}.safety",
        lambda t: not _in(t, PACKAGE) or _in(t, f"{PACKAGE}.domain") or _in(t, f"{PACKAGE}.safety"),
        id="safety imports only domain",
    ),
    pytest.param(
        f"{PACKAGE}.transport",
        lambda t: not _in(t, f"{PACKAGE}.storage"),
        id="transport never imports storage",
    ),
    pytest.param(
        PACKAGE,
        lambda t: _top(t) not in ("sqlalchemy", "alembic"),
        id="only storage imports sqlalchemy",
    ),
]


@pytest.mark.parametrize(("within", "allowed"), LAYERS)
def test_layering(within: str, allowed: object, request: pytest.FixtureRequest) -> None:
    rule = request.node.callspec.id
    bad = _violations(rule, within, allowed)
    if within == PACKAGE:
        bad = [b for b in bad if not b.startswith(f"{PACKAGE}.storage")]
    assert not bad, "\n".join(bad)


def test_services_import_the_package_at_load_time() -> None:
    """A lazy import of another module of the package from services/ hid
    the cycles above; the optional engines it may legitimately defer
    (Redis, Pillow, boto3, stripe) are adapters, never imported here."""
    bad = [
        f"{name}:{i.line} imports {i.target} inside a function"
        for name, found in graph().items()
        if _in(name, f"{PACKAGE}.services")
        for i in found
        if i.lazy and _in(i.target, PACKAGE)
    ]
    assert not bad, "\n".join(bad)
