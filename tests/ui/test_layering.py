"""The UI asks the core's facades: no module under ``ui/`` imports SQLAlchemy or the store,
reaches for a workspace's engine, or opens a connection or transaction itself."""

from __future__ import annotations

import ast
from pathlib import Path

import ui

FORBIDDEN = ("sqlalchemy", "skiptrace.store")


def _modules() -> list[tuple[Path, ast.Module]]:
    root = Path(ui.__file__).parent
    paths = sorted(root.rglob("*.py"))
    assert len(paths) > 20  # the whole UI, not an empty folder
    return [(p, ast.parse(p.read_text(encoding="utf-8"), str(p))) for p in paths]


def _imported(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return names


def _database_handling(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "engine":
            found.append(f"line {node.lineno}: .engine")
        # engine.connect() / engine.begin() take no argument; a Qt signal's connect does
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("connect", "begin")
            and not node.args
            and not node.keywords
        ):
            found.append(f"line {node.lineno}: .{node.func.attr}()")
    return found


def test_no_ui_module_imports_sqlalchemy_or_the_store() -> None:
    bad = [
        f"{path.name} imports {name}"
        for path, tree in _modules()
        for name in _imported(tree)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert bad == []


def test_no_ui_module_handles_engines_or_connections() -> None:
    bad = [f"{path.name} {what}" for path, tree in _modules() for what in _database_handling(tree)]
    assert bad == []


def test_the_checks_see_what_they_forbid() -> None:
    planted = ast.parse(
        "import sqlalchemy as sa\n"
        "from skiptrace.store.accounts import load_debtor\n"
        "with ws.engine.connect() as conn:\n"
        "    button.clicked.connect(slot)\n"
    )
    assert _imported(planted) == ["sqlalchemy", "skiptrace.store.accounts"]
    assert sorted(_database_handling(planted)) == ["line 3: .connect()", "line 3: .engine"]
