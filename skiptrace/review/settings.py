"""Anomaly rule parameters and the watch list, kept in the workspace ``settings`` table.

Scope ``anomalies``, one key per rule, the value a JSON object of that rule's parameters.
Stored values override the rule's defaults key by key, so a new parameter gets its
default in old workspaces.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa

from skiptrace.store.engine import write_connection
from skiptrace.store.settings import put_setting, scope_settings

SCOPE = "anomalies"
WATCH_LIST_RULE = "watch-list"


@dataclass(frozen=True, slots=True)
class WatchedPerson:
    """Someone whose record nobody should research without cause: an employee, a VIP."""

    name: str
    address: str = ""
    note: str = ""


def stored_params(engine: sa.Engine) -> dict[str, dict[str, Any]]:
    """Every rule's stored parameters, by rule name."""
    with engine.connect() as conn:
        stored = scope_settings(conn, SCOPE)
    out: dict[str, dict[str, Any]] = {}
    for key, value in stored.items():
        try:
            data = json.loads(value)
        except ValueError:
            continue  # a damaged setting falls back to the defaults, never stops a review
        if isinstance(data, dict):
            out[key] = data
    return out


def merged(defaults: Mapping[str, Any], stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """A rule's parameters: its defaults, overridden by what is stored."""
    params = dict(defaults)
    for key, value in (stored or {}).items():
        if key in params:
            params[key] = value
    return params


def save_params(engine: sa.Engine, rule: str, params: Mapping[str, Any]) -> None:
    """Store a rule's parameters (replacing what was stored for it)."""
    value = json.dumps(dict(params), sort_keys=True)
    with write_connection(engine) as conn, conn.begin():
        put_setting(conn, SCOPE, rule, value)


def set_watch_list(engine: sa.Engine, people: Sequence[WatchedPerson]) -> None:
    """Replace the watch list."""
    params = stored_params(engine).get(WATCH_LIST_RULE, {})
    params["people"] = [asdict(p) for p in people]
    save_params(engine, WATCH_LIST_RULE, params)
