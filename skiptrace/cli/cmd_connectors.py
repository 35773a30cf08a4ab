"""Commands about data-source connectors: list them, change a setting, store a secret."""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from pathlib import Path
from typing import Any

from skiptrace.cli.common import (
    CliError,
    Commands,
    command,
    command_group,
    open_from_args,
    print_json,
    reasons,
)
from skiptrace.sources.model import Manifest
from skiptrace.sources.registry import ConnectorBroken, ConnectorRegistry
from skiptrace.sources.settings import (
    SettingError,
    credentials,
    effective_settings,
    is_enabled,
    set_secret,
    set_setting,
    stored_settings,
)

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def register(sub: Commands) -> None:
    csub = command_group(
        sub, "connectors", "list and configure data-source connectors", metavar="ACTION"
    )
    command(
        csub, "list", cmd_list,
        "each connector: enabled, credentials present (never their values), errors", json=True,
    )  # fmt: skip
    q = command(
        csub, "set", cmd_set, "change a connector setting (enabled, base_url, timeout, ...)",
        "Store a setting in the workspace. VALUE @FILE reads the value from FILE.",
    )  # fmt: skip
    q.add_argument("connector_id", metavar="ID")
    q.add_argument("key", metavar="KEY")
    q.add_argument("value", metavar="VALUE")
    q = command(
        csub, "set-secret", cmd_set_secret, "read a credential from stdin into the keychain",
        "Reads one line from stdin (without echo on a terminal) and stores it in the "
        "workspace's keychain entry for the connector. The value is never printed or logged.",
    )  # fmt: skip
    q.add_argument("connector_id", metavar="ID")
    q.add_argument("name", metavar="NAME")


def registry_from_args(args: argparse.Namespace) -> ConnectorRegistry:
    """The installed connectors (a test may put its own registry on ``args``)."""
    registry = getattr(args, "registry", None)
    return registry if registry is not None else ConnectorRegistry.from_entry_points()


def cmd_list(args: argparse.Namespace) -> int:
    registry = registry_from_args(args)
    rows: list[dict[str, Any]] = []
    with open_from_args(args) as ws:
        for info in registry.describe():
            if info.manifest is None:
                rows.append({"id": info.id, "origin": info.origin, "error": info.error})
                continue
            m = info.manifest
            with ws.engine.connect() as conn:
                settings = effective_settings(m, stored_settings(conn, m.id))
            creds = credentials(ws.keys, m.id, m.credentials)
            rows.append(
                {
                    "id": m.id,
                    "name": m.display_name,
                    "enabled": is_enabled(settings),
                    "network": m.network,
                    "credentials": {n: creds.has(n) for n in m.credentials},
                    "returns": [k.value for k in m.returns],
                    "settings": settings,
                    "cost": m.cost_note,
                    "error": "",
                }
            )
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        if r.get("error"):
            print(f"{r['id']:<18} BROKEN  {r['error']}")
            continue
        creds_text = ", ".join(
            f"{n} {'present' if ok else 'MISSING'}" for n, ok in r["credentials"].items()
        )
        state = "on " if r["enabled"] else "off"
        where = "network" if r["network"] else "offline"
        print(f"{r['id']:<18} {state}  {where:<7}  {r['name']}")
        if creds_text:
            print(f"{'':<18} credentials: {creds_text}")
    return 0


def _manifest(args: argparse.Namespace) -> Manifest:
    registry = registry_from_args(args)
    if args.connector_id not in registry:
        raise CliError(
            f"no connector '{args.connector_id}' is installed; installed: "
            f"{', '.join(registry.ids()) or 'none'}"
        )
    try:
        return registry.manifest(args.connector_id)
    except ConnectorBroken as exc:
        raise CliError(f"connector '{args.connector_id}' cannot be loaded: {exc}") from None


def cmd_set(args: argparse.Namespace) -> int:
    manifest = _manifest(args)
    value = args.value
    if value.startswith("@"):
        path = Path(value[1:]).expanduser()
        if not path.exists():
            raise CliError(f"{path}: no such file")
        value = path.read_text(encoding="utf-8")
    with open_from_args(args) as ws, reasons(SettingError, code=2):
        stored = set_setting(ws.engine, ws.log, manifest, args.key, value)
    shown = stored if len(stored) <= 80 else stored[:77] + "..."
    print(f"{manifest.id}: {args.key} = {shown}")
    return 0


def cmd_set_secret(args: argparse.Namespace) -> int:
    manifest = _manifest(args)
    if not _NAME.match(args.name):
        raise CliError(f"credential names are lower-case words, not {args.name!r}", code=2)
    if sys.stdin.isatty():
        value = getpass.getpass(f"{manifest.id} {args.name}: ")
    else:
        value = sys.stdin.readline()
    with open_from_args(args) as ws, reasons(SettingError, code=2):
        set_secret(ws.keys, ws.log, manifest.id, args.name, value)
    note = "" if args.name in manifest.credentials else " (not a credential it declares)"
    print(f"{manifest.id}: credential '{args.name}' stored in {ws.keys.describe()}{note}")
    return 0
