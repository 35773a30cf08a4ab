"""Reading a source's JSON by dotted path, naming the exact field when the shape is wrong.

``dig(data, "result.addressMatches", list)`` either returns the list or raises
``BadResponse`` naming ``result.addressMatches`` and what was found instead, so a source
that changed its API shows up as ``bad_response`` and never as a silent no-hit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

from skiptrace.sources.model import BadResponse

T = TypeVar("T")
_MISSING = object()
_STEP = re.compile(r"[^.\[\]]+|\[\d+\]")


def _steps(path: str) -> list[str | int]:
    out: list[str | int] = []
    for token in _STEP.findall(path):
        if token.startswith("["):
            out.append(int(token[1:-1]))
        elif token.isdigit():
            out.append(int(token))
        else:
            out.append(token)
    return out


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def lookup(data: Any, path: str, default: Any = None) -> Any:
    """The value at ``path`` (``a.b[0].c`` or ``a.b.0.c``), or ``default`` when absent."""
    value = _walk(data, path)
    return default if value is _MISSING else value


def _walk(data: Any, path: str) -> Any:
    current = data
    for step in _steps(path):
        if isinstance(step, int):
            if not isinstance(current, list) or step >= len(current):
                return _MISSING
        elif not isinstance(current, Mapping) or step not in current:
            return _MISSING
        current = current[step]
    return current


def dig(data: Any, path: str, kind: type[T], *, where: str = "") -> T:
    """The value at ``path``, which must exist and be a ``kind``; else ``BadResponse``.

    ``where`` prefixes the field name in the message (e.g. ``results[3]``).
    """
    name = f"{where}.{path}" if where else path
    current = data
    walked = where
    for step in _steps(path):
        if isinstance(step, int):
            if not isinstance(current, list):
                raise BadResponse(walked or "(top level)", f"expected a list, got {_kind(current)}")
            if step >= len(current):
                raise BadResponse(f"{walked}[{step}]", "missing")
            current = current[step]
            walked = f"{walked}[{step}]"
        else:
            if not isinstance(current, Mapping):
                raise BadResponse(
                    walked or "(top level)", f"expected an object, got {_kind(current)}"
                )
            if step not in current:
                raise BadResponse(f"{walked}.{step}" if walked else step, "missing")
            current = current[step]
            walked = f"{walked}.{step}" if walked else step
    if kind is float and isinstance(current, int) and not isinstance(current, bool):
        return float(current)  # type: ignore[return-value]
    if not isinstance(current, kind) or (kind is not bool and isinstance(current, bool)):
        expected = {list: "a list", dict: "an object", str: "text", float: "a number"}.get(
            kind, kind.__name__
        )
        raise BadResponse(name, f"expected {expected}, got {_kind(current)}")
    return current


def text(data: Any, path: str, *, where: str = "") -> str:
    """An optional scalar at ``path`` as text ("" when absent or null); objects are refused."""
    value = lookup(data, path)
    if value is None:
        return ""
    if isinstance(value, Mapping | list):
        name = f"{where}.{path}" if where else path
        raise BadResponse(name, f"expected text, got {_kind(value)}")
    return str(value)
