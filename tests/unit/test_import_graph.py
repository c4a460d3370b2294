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
from collections.abc import Iterator, Mapping
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
        f"{PACKAGE}.ports",
        lambda t: (
            not any(
                _in(t, f"{PACKAGE}.{outer}")
                for outer in ("realtime", "transport", "storage", "adapters")
            )
        ),
        id="ports imports no layer that implements it",
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


# --- every port in ports.py ---------------------------------------------------
# A Protocol is a port when another layer implements it (storage, adapters,
# the transport edge) or the composition root injects it: it belongs in
# ports.py, where a reader finds every seam in one file. domain/ and safety/
# keep their own (pure rules, imported by ports.py, never the reverse).
PROTOCOL_HOMES = ("ports", "domain", "safety")

# Purely local structural types: a Protocol whose every implementation and
# every user live in its own module, so that moving it would only spread one
# module over two. Each entry says why it is local. Empty today: every
# Protocol outside the homes above was a port and moved to ports.py.
LOCAL_PROTOCOLS: dict[str, str] = {}

_PROTOCOL_MODULES = ("typing", "typing_extensions")


def protocols_defined(path: Path) -> list[tuple[str, int]]:
    """Classes in ``path`` that list ``typing.Protocol`` among their bases
    (plain, subscripted or aliased, at any depth), with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    bare: set[str] = set()  # names bound to Protocol itself
    modules: set[str] = set()  # names bound to typing / typing_extensions
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in _PROTOCOL_MODULES:
            bare.update(a.asname or a.name for a in node.names if a.name == "Protocol")
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name in _PROTOCOL_MODULES)

    def is_protocol(base: ast.expr) -> bool:
        if isinstance(base, ast.Subscript):  # Protocol[T]
            base = base.value
        if isinstance(base, ast.Name):
            return base.id in bare
        return (
            isinstance(base, ast.Attribute)
            and base.attr == "Protocol"
            and isinstance(base.value, ast.Name)
            and base.value.id in modules
        )

    return [
        (node.name, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and any(is_protocol(b) for b in node.bases)
    ]


def misplaced_protocols(
    root: Path = ROOT, package: str = PACKAGE, allowed: Mapping[str, str] = LOCAL_PROTOCOLS
) -> list[str]:
    homes = [f"{package}.{home}" for home in PROTOCOL_HOMES]
    bad = []
    for name, path in module_files(root, package).items():
        if any(_in(name, home) for home in homes):
            continue
        for cls, line in protocols_defined(path):
            if f"{name}.{cls}" not in allowed:
                bad.append(f"{name}:{line} defines the Protocol {cls} (move it to ports.py)")
    return bad


def test_protocols_are_recognised_however_spelled(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "import typing\nimport typing as t\nfrom typing import Generic, Protocol\n"
        "from typing_extensions import Protocol as P\n"
        "class A(Protocol): ...\nclass B(A, Protocol): ...\nclass C(typing.Protocol): ...\n"
        "class D(t.Protocol): ...\nclass E(P): ...\nclass F(Protocol[int]): ...\n"
        "class NotOne(A): ...\nclass Neither(Generic[int]): ...\n"
        "def f():\n    class G(Protocol): ...\n"
    )
    assert sorted(c for c, _ in protocols_defined(source)) == ["A", "B", "C", "D", "E", "F", "G"]


def test_a_protocol_outside_ports_is_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    for folder in ("", "domain", "realtime"):
        (package / folder).mkdir(exist_ok=True)
        (package / folder / "__init__.py").write_text("")
    port = "from typing import Protocol\nclass Feed(Protocol): ...\n"
    for module in ("ports.py", "domain/rules.py", "realtime/hub.py", "realtime/local.py"):
        (package / module).write_text(port)
    assert misplaced_protocols(tmp_path, "pkg", {"pkg.realtime.local.Feed": "why"}) == [
        "pkg.realtime.hub:2 defines the Protocol Feed (move it to ports.py)"
    ]


def test_every_protocol_is_in_ports() -> None:
    bad = misplaced_protocols()
    assert not bad, "\n".join(bad)


def test_the_local_protocols_still_exist() -> None:
    """An allow-list entry whose class moved or went would silently let
    the next Protocol of that name back in."""
    modules = module_files()
    for entry in LOCAL_PROTOCOLS:
        module, cls = entry.rsplit(".", 1)
        assert module in modules, entry
        assert cls in {c for c, _ in protocols_defined(modules[module])}, entry
