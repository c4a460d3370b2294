"""One way to publish after commit: services announce a change with
``uow.publish(event)`` (ports.UnitOfWork), never by registering a callback
that publishes. Read from the source with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2] / "src" / "causerie" / "services"


def _publishes(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "publish" for n in ast.walk(node))


def test_no_after_commit_callback_publishes() -> None:
    bad: list[str] = []
    for path in sorted(SERVICES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        local_defs = {
            n.name: n
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        for call in ast.walk(tree):
            if not (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "after_commit"
            ):
                continue
            for arg in call.args:
                target = local_defs.get(arg.id) if isinstance(arg, ast.Name) else arg
                if target is not None and _publishes(target):
                    bad.append(f"{path.name}:{call.lineno}")
    assert bad == [], f"publish with uow.publish(event), not after_commit: {bad}"
