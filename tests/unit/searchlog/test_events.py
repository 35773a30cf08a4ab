"""Every event the core writes to the search log is named once, in ``searchlog.events``."""

from __future__ import annotations

import ast
from pathlib import Path

from skiptrace.searchlog import events

CORE = Path(events.__file__).resolve().parents[1]


def test_event_names_are_distinct_and_shaped_alike() -> None:
    names = {k: v for k, v in vars(events).items() if k.isupper() and isinstance(v, str)}
    assert len(set(names.values())) == len(names)  # no two constants for one event
    assert set(names.values()) == events.EVENTS
    assert all(v.count(".") == 1 and v == v.lower() for v in names.values())


def _is_log(receiver: ast.expr) -> bool:
    # ``log.append(...)``, ``self.log.append(...)``, ``workspace.log.append(...)``
    if isinstance(receiver, ast.Name):
        return receiver.id == "log"
    return isinstance(receiver, ast.Attribute) and receiver.attr == "log"


def test_the_core_appends_no_event_spelled_out_in_place() -> None:
    spelled: list[str] = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "append"
                and _is_log(node.func.value)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                spelled.append(f"{path.relative_to(CORE)}:{node.lineno} {node.args[0].value}")
    assert spelled == []


def test_no_core_module_but_events_defines_an_event_name() -> None:
    defined: list[str] = []
    for path in CORE.rglob("*.py"):
        if path.name in ("events.py", "verify.py"):  # verify.py: the auditor's own copy
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and node.value.value in events.EVENTS
            ):
                defined.append(f"{path.relative_to(CORE)}:{node.lineno}")
    assert defined == []
