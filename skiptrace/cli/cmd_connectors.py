"""Commands about data-source connectors: list them, change a setting, store a secret."""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from pathlib import Path
from typing import Any

from skiptrace.cli.common import CliError, open_from_args, print_json
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


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("connectors", help="list and configure data-source connectors")
    csub = p.add_subparsers(dest="connectors_command", metavar="ACTION", required=True)

    q = csub.add_parser(
        "list",
        help="each connector: enabled, credentials present (never their values), errors",
    )
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=cmd_list)

    q = csub.add_parser(
        "set",
        help="change a connector setting (enabled, base_url, timeout, ...)",
        description="Store a setting in the workspace. VALUE @FILE reads the value from FILE.",
    )
    q.add_argument("connector_id", metavar="ID")
    q.add_argument("key", metavar="KEY")
    q.add_argument("value", metavar="VALUE")
    q.set_defaults(handler=cmd_set)

    q = csub.add_parser(
        "set-secret",
        help="read a credential from stdin into the keychain",
        description="Reads one line from stdin (without echo on a terminal) and stores it in "
        "the workspace's keychain entry for the connector. The value is never printed or logged.",
    )
    q.add_argument("connector_id", metavar="ID")
    q.add_argument("name", metavar="NAME")
    q.set_defaults(handler=cmd_set_secret)


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
    with open_from_args(args) as ws:
        try:
            stored = set_setting(ws.engine, ws.log, manifest, args.key, value)
        except SettingError as exc:
            raise CliError(str(exc), code=2) from None
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
    with open_from_args(args) as ws:
        try:
            set_secret(ws.keys, ws.log, manifest.id, args.name, value)
        except SettingError as exc:
            raise CliError(str(exc), code=2) from None
    note = "" if args.name in manifest.credentials else " (not a credential it declares)"
    print(f"{manifest.id}: credential '{args.name}' stored in {ws.keys.describe()}{note}")
    return 0
