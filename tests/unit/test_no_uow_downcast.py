"""No service reaches a repository by down-casting its unit of work
(docs/architecture.md, "Ports and wiring, typed"): code that needs a wider
unit of work says so in its signature, and mypy checks every caller. Read
from the source with ``ast``, like test_import_graph.py: an
``isinstance(x, SomethingUnitOfWork)`` or a ``cast(SomethingUnitOfWork, x)``
in services/ fails here."""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2] / "src" / "causerie" / "services"


def _names(node: ast.expr) -> list[str]:
    """The class names an ``isinstance``/``cast`` argument mentions: a name,
    a dotted attribute, a tuple or a union of them, or a string."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, ast.Tuple):
        return [name for element in node.elts for name in _names(element)]
    if isinstance(node, ast.BinOp):
        return _names(node.left) + _names(node.right)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value.rsplit(".", 1)[-1]]
    return []


def downcasts(source: str) -> list[tuple[int, str]]:
    """(line, class) of every down-cast to a unit of work in ``source``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        called = _names(node.func)
        if called == ["isinstance"] and len(node.args) == 2:
            target = node.args[1]
        elif called == ["cast"]:
            target = node.args[0]
        else:
            continue
        found += [(node.lineno, n) for n in _names(target) if n.endswith("UnitOfWork")]
    return sorted(found)


def test_the_check_sees_each_form_of_down_cast() -> None:
    source = """
if isinstance(uow, PushUnitOfWork): ...
if not isinstance(uow, ports.LegalUnitOfWork): ...
if isinstance(uow, (Foo, MediaUnitOfWork)): ...
if isinstance(uow, Foo | ChatUnitOfWork): ...
legal = cast("StorageUnitOfWork", uow)
typing.cast(ports.PremiumUnitOfWork, uow)
isinstance(event, MessagePosted)
"""
    assert [name for _, name in downcasts(source)] == [
        "PushUnitOfWork",
        "LegalUnitOfWork",
        "MediaUnitOfWork",
        "ChatUnitOfWork",
        "StorageUnitOfWork",
        "PremiumUnitOfWork",
    ]


def test_no_service_down_casts_its_unit_of_work() -> None:
    files = sorted(SERVICES.rglob("*.py"))
    assert len(files) > 10  # the services package is where it should be
    offences = [
        f"{path.relative_to(SERVICES.parent)}:{line}: {name}"
        for path in files
        for line, name in downcasts(path.read_text(encoding="utf-8"))
    ]
    assert offences == []
