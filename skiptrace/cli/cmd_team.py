"""Commands for team mode: prepare the database, create the team, join it, manage members."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from skiptrace.cli.common import (
    CliError,
    Commands,
    command,
    command_group,
    key_file,
    open_from_args,
    print_json,
    reasons,
    workspace_url,
)
from skiptrace.gate.roles import (
    RoleRefused,
    add_member,
    members,
    parse_role,
    remove_member,
    role_of,
)
from skiptrace.store.engine import display_url
from skiptrace.team.database import (
    TeamSetupError,
    export_team_keys,
    init_team,
    join_team,
    setup_database,
)
from skiptrace.team.keybundle import BundleError, open_bundle
from skiptrace.workspace.workspace import default_actor

P = ParamSpec("P")
T = TypeVar("T")

_STDIN_HELP = (
    "read the passphrase from the first line of standard input (with --bundle -, the "
    "bundle follows on the next lines)"
)


def register(sub: Commands) -> None:
    tsub = command_group(
        sub, "team", "team mode: one PostgreSQL database for a collections floor",
        "Prepare a team database, create the team and its keys, let other desktops join, "
        "and manage who is a collector, reviewer or administrator.",
    )  # fmt: skip
    p = command(
        tsub, "setup-db", cmd_setup_db,
        "prepare the team database and its application role (administrator)",
        "As the database owner or a superuser: create the database if missing, the schema "
        "with its append-only guards, and an application role that may add to the search "
        "log but never change or delete an entry. Prints the URL desktops use. Safe to run "
        "again (e.g. after an upgrade).",
    )  # fmt: skip
    p.add_argument("--admin-url", required=True, metavar="URL", help="postgresql://owner@host/db")
    p.add_argument("--app-role", required=True, metavar="NAME", help="application role name")
    p.add_argument(
        "--app-password-stdin",
        action="store_true",
        help="read the role's password from standard input instead of generating one",
    )
    p.add_argument("--show-password", action="store_true", help="print the role's password")
    bundles = (
        ("init", cmd_init, False, False,
         "create the team workspace and its keys (administrator)",
         "Create the team workspace in a database prepared by setup-db "
         "(--workspace postgresql://...). Its keys go into this desktop's keychain, never "
         "into the database; you become its administrator. With --bundle, also write a "
         "passphrase-sealed key bundle for the other desktops."),
        ("export-keys", cmd_export_keys, True, False,
         "write a key bundle for another desktop (administrator)",
         "Seal the team's log key, PII key and database login in a file under a passphrase "
         "(scrypt + AES-256-GCM). Hand over file and passphrase by different routes."),
        ("join", cmd_join, True, True,
         "give this desktop the team's keys from a key bundle",
         "Open a key bundle, check it belongs to the team database (its log key must "
         "verify the newest log entry) and keep the keys in this desktop's keychain. "
         "--workspace defaults to the database named in the bundle."),
    )  # fmt: skip
    for name, handler, required, allow_stdin, help, description in bundles:
        p = command(tsub, name, handler, help, description)
        _bundle_args(p, required=required, allow_stdin=allow_stdin)
    p = command(tsub, "add-user", cmd_add_user, "add a member or change their role (administrator)")
    p.add_argument("name", help="the member's login name (what --user defaults to)")
    p.add_argument("--role", required=True, help="collector, reviewer or administrator")
    p.add_argument("--display-name", default="", metavar="TEXT")
    p = command(tsub, "remove-user", cmd_remove_user, "take a member off the team (administrator)")
    p.add_argument("name")
    command(tsub, "users", cmd_users, "list the team's members and roles", json=True)


def _bundle_args(p: argparse.ArgumentParser, *, required: bool, allow_stdin: bool = False) -> None:
    p.add_argument(
        "--bundle",
        required=required,
        metavar="FILE",
        help="the key bundle file" + (" ('-' reads it from standard input)" if allow_stdin else ""),
    )
    p.add_argument("--passphrase-stdin", action="store_true", help=_STDIN_HELP)


def _stdin_passphrase() -> tuple[str, str]:
    text = sys.stdin.read()
    first, _, rest = text.partition("\n")
    return first.rstrip("\r"), rest


def _ask_passphrase(confirm: bool) -> str:
    if not sys.stdin.isatty():
        raise CliError("no terminal to ask for the bundle passphrase: use --passphrase-stdin")
    first = getpass.getpass("Key bundle passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise CliError("the passphrases differ; nothing was written")
    return first


def _new_passphrase(args: argparse.Namespace) -> str:
    return _stdin_passphrase()[0] if args.passphrase_stdin else _ask_passphrase(confirm=True)


def _guarded(func: Callable[P, T], *a: P.args, **kw: P.kwargs) -> T:
    """Run a core call; the errors it raises for people become one-line CLI errors."""
    with reasons(BundleError, RoleRefused, TeamSetupError, LookupError, ValueError):
        return func(*a, **kw)


def cmd_setup_db(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n") if args.app_password_stdin else None
    if args.app_password_stdin and not password:
        raise CliError("no password on standard input")
    done = _guarded(setup_database, args.admin_url, args.app_role, password)
    print(f"team database ready: {done.app_url}")
    state = "created" if done.role_created else "updated"
    print(
        f"application role {done.app_role} {state}: it may read and add to the search log, "
        "never change or delete an entry"
    )
    if done.password and (args.show_password or not done.password_in_keychain):
        print(f"password for {done.app_role} (shown once, keep it safe): {done.password}")
    elif done.password:
        print("its password is in this desktop's keychain and goes into the key bundle")
    print(f"next: skiptrace-cli --workspace {done.app_url} team init --bundle team-keys.json")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    url = workspace_url(args)
    bundle = Path(args.bundle) if args.bundle else None
    passphrase = _new_passphrase(args) if bundle else ""
    ws = _guarded(
        init_team,
        url,
        default_actor(args.user),
        bundle=bundle,
        passphrase=passphrase,
        key_file=key_file(args),
    )
    with ws:
        print(
            f"team workspace created at {ws.display_url}; keys in the {ws.keys.describe()}; "
            f"{ws.actor.user} is its administrator"
        )
    if bundle:
        print(f"key bundle written to {bundle}: give it and its passphrase to each desktop")
    return 0


def cmd_export_keys(args: argparse.Namespace) -> int:
    passphrase = _new_passphrase(args)
    with open_from_args(args) as ws:
        _guarded(export_team_keys, ws, Path(args.bundle), passphrase)
    print(f"key bundle written to {args.bundle}")
    return 0


def cmd_join(args: argparse.Namespace) -> int:
    rest = ""
    if args.passphrase_stdin:
        passphrase, rest = _stdin_passphrase()
    if args.bundle == "-":
        data = (rest if args.passphrase_stdin else sys.stdin.read()).encode("utf-8")
        if not args.passphrase_stdin:
            passphrase = _ask_passphrase(confirm=False)
    else:
        path = Path(args.bundle)
        if not path.is_file():
            raise CliError(f"{path}: no such key bundle")
        data = path.read_bytes()
        if not args.passphrase_stdin:
            passphrase = _ask_passphrase(confirm=False)
    keys = _guarded(open_bundle, data, passphrase)
    explicit = args.workspace  # else the database the bundle names
    ws = _guarded(join_team, explicit, keys, default_actor(args.user), key_file=key_file(args))
    with ws:
        role = role_of(ws.engine, ws.actor.user)
        print(f"joined the team workspace at {ws.display_url}; keys in the {ws.keys.describe()}")
        if role is None:
            print(
                f"{ws.actor.user} is not a member yet: an administrator runs "
                f"'skiptrace-cli team add-user {ws.actor.user} --role collector'"
            )
        else:
            print(f"{ws.actor.user} is a {role.value}")
    return 0


def cmd_add_user(args: argparse.Namespace) -> int:
    role = _guarded(parse_role, args.role)
    with open_from_args(args) as ws:
        member = _guarded(add_member, ws, args.name, role, args.display_name)
    print(f"{member.name} is a {member.role.value}")
    return 0


def cmd_remove_user(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        _guarded(remove_member, ws, args.name)
    print(f"{args.name} is no longer a member")
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.engine.connect() as conn:
        rows = members(conn)
        where = display_url(ws.url)
    if args.json:
        print_json(
            [
                {
                    "name": m.name,
                    "role": m.role.value,
                    "display_name": m.display_name,
                    "since": m.created_at,
                }
                for m in rows
            ]
        )
        return 0
    for m in rows:
        print(f"{m.name:<24} {m.role.value:<14} {m.display_name}")
    print(
        f"{len(rows)} member(s) of {where}"
        if rows
        else f"no members yet at {where}: its sole user is its administrator"
    )
    return 0
