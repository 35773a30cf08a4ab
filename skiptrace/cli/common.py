"""What every command shares: opening the workspace, errors, output."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeAlias

from skiptrace.batch.selection import Selection
from skiptrace.gate.purposes import UnknownPurpose
from skiptrace.gate.request import PurposeRefused
from skiptrace.gate.roles import RoleRefused
from skiptrace.keychain import NoKeychain
from skiptrace.portfolio.reader import PortfolioError
from skiptrace.searchlog.log import LogUnavailable
from skiptrace.store.engine import WorkspaceBusy, resolve_workspace
from skiptrace.store.migrations import WorkspaceTooNew
from skiptrace.workspace.key_binding import KeysMismatch
from skiptrace.workspace.keys import KeyFileUnreadable, MissingKey
from skiptrace.workspace.workspace import (
    DatabaseUnavailable,
    UpgradeNeedsOwner,
    Workspace,
    WorkspaceDamaged,
    WorkspaceMissing,
    default_actor,
    open_workspace,
)


class CliError(Exception):
    """A failure with a one-line reason and an exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def cannot_check_errors() -> tuple[type[Exception], ...]:
    """Errors that stop a check from running at all (``log verify`` exits 2 on them): the
    workspace, its database or its keys cannot be reached or do not belong together."""
    return (
        KeysMismatch,
        KeyFileUnreadable,
        MissingKey,
        NoKeychain,
        WorkspaceDamaged,
        WorkspaceBusy,
        WorkspaceMissing,
        DatabaseUnavailable,
    )


def known_errors() -> tuple[type[Exception], ...]:
    """Errors whose message is already a reason a person can act on."""
    return (
        *cannot_check_errors(),
        PortfolioError,
        PurposeRefused,
        UnknownPurpose,
        LogUnavailable,
        WorkspaceTooNew,
        FileExistsError,
        FileNotFoundError,
        UpgradeNeedsOwner,
        RoleRefused,
    )


# what ``add_subparsers`` returns: where each module registers its commands (generic for
# the type checker only, hence the string)
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Handler = Callable[[argparse.Namespace], int]


def command(
    sub: Commands,
    name: str,
    handler: Handler,
    help: str,
    description: str | None = None,
    *,
    json: bool = False,
) -> argparse.ArgumentParser:
    """Add one command: its parser (help, description), its handler, optionally ``--json``."""
    p = sub.add_parser(name, help=help, description=description)
    if json:
        p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=handler)
    return p


def command_group(
    sub: Commands, name: str, help: str, description: str | None = None, metavar: str = ""
) -> Commands:
    """Add a command that holds sub-commands (``log verify``, ``team init``, ...)."""
    p = sub.add_parser(name, help=help, description=description)
    return p.add_subparsers(
        dest=f"{name}_command", metavar=metavar or f"{name.upper()}_COMMAND", required=True
    )


@contextmanager
def reasons(*errors: type[Exception], code: int = 1) -> Iterator[None]:
    """Errors of these kinds, raised inside, become one-line CLI errors exiting ``code``."""
    try:
        yield
    except errors as exc:
        raise CliError(str(exc), code=code) from None


def key_file(args: argparse.Namespace, option: str = "key_file") -> Path | None:
    """The key file an option names (``--key-file`` by default), if any."""
    value = getattr(args, option, None)
    return Path(value) if value else None


def workspace_url(args: argparse.Namespace) -> str:
    """The workspace URL the options and environment name."""
    return resolve_workspace(getattr(args, "workspace", None))


def open_from_args(args: argparse.Namespace) -> Workspace:
    """Open the workspace the options name, as the user they name."""
    return open_workspace(
        workspace_url(args), actor=default_actor(args.user), key_file=key_file(args)
    )


def add_selection(p: argparse.ArgumentParser) -> None:
    """The options that choose a batch's accounts (exactly one is required)."""
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--query", metavar="TEXT", help="accounts matching the portfolio filter")
    group.add_argument("--accounts", metavar="FILE", help="a file of account ids, one a line")
    group.add_argument("--all", action="store_true", help="every account of the workspace")


def selection_from_args(args: argparse.Namespace) -> Selection:
    """The selection the options name."""
    if args.query is not None:
        return Selection(query=args.query)
    if args.accounts is not None:
        return Selection(accounts_file=Path(args.accounts))
    return Selection(everything=True)


class _ToStderr(logging.Handler):
    """Writes to whatever ``sys.stderr`` is when a record comes (it may be replaced)."""

    def emit(self, record: logging.LogRecord) -> None:
        print(self.format(record), file=sys.stderr)


def show_waits_on_stderr() -> None:
    """Say on stderr when a command waits for another process to free the workspace."""
    wait_log = logging.getLogger("skiptrace.wait")
    if not any(isinstance(h, _ToStderr) for h in wait_log.handlers):
        handler = _ToStderr()
        handler.setFormatter(logging.Formatter("skiptrace-cli: %(message)s"))
        wait_log.addHandler(handler)


def print_json(data: Any) -> None:
    """One JSON document on stdout."""
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
