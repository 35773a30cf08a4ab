"""A frozen dataclass in its JSON-ready form: what log entries, exports and the CLI carry."""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import fields
from typing import Any


def json_fields(value: Any, leave_out: Collection[str] = ()) -> dict[str, Any]:
    """A dataclass's fields by name, in the order declared, ready for ``json.dumps``: tuples
    as lists, enum members as their values; the fields named in ``leave_out`` left out."""
    return {
        f.name: _plain(getattr(value, f.name)) for f in fields(value) if f.name not in leave_out
    }


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value
