"""``skiptrace-cli``: every command, each in a small module that registers itself here."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from skiptrace import __version__
from skiptrace.applog import setup_logging
from skiptrace.cli import (
    cmd_account,
    cmd_batch,
    cmd_connectors,
    cmd_contact,
    cmd_log,
    cmd_match,
    cmd_portfolio,
    cmd_scra,
    cmd_search,
    cmd_team,
    cmd_transfer,
    cmd_workspace,
)
from skiptrace.cli.common import CliError, known_errors, show_waits_on_stderr
from skiptrace.cli.terminal import escaped_output

# Each module has ``register(subparsers)``; later features add theirs to this tuple.
COMMAND_MODULES = (
    cmd_workspace,
    cmd_portfolio,
    cmd_account,
    cmd_log,
    cmd_connectors,
    cmd_search,
    cmd_batch,
    cmd_match,
    cmd_team,
    cmd_transfer,
    cmd_contact,
    cmd_scra,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered command."""
    parser = argparse.ArgumentParser(
        prog="skiptrace-cli",
        description="Skip-tracing research with a tamper-evident search log.",
    )
    parser.add_argument("--version", action="version", version=f"skiptrace {__version__}")
    parser.add_argument(
        "--workspace",
        metavar="W",
        help="workspace file or postgresql:// URL (default: "
        "$SKIPTRACE_WORKSPACE, else the per-user data folder)",
    )
    parser.add_argument("--user", metavar="U", help="who is working (default: login name)")
    parser.add_argument(
        "--key-file",
        metavar="K",
        help="keep workspace keys in this file instead of the OS keychain "
        "(named in every verification report)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; 0 on success, non-zero with a one-line reason on failure."""
    with escaped_output():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    setup_logging()
    show_waits_on_stderr()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.handler(args)
    except CliError as exc:
        print(f"skiptrace-cli: {exc}", file=sys.stderr)
        return exc.code
    except known_errors() as exc:
        print(f"skiptrace-cli: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("skiptrace-cli: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: a reason, never a traceback full of PII
        logging.getLogger("skiptrace").exception("unexpected failure")
        print(
            f"skiptrace-cli: unexpected {type(exc).__name__}; see the application log",
            file=sys.stderr,
        )
        return 1
    return int(code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
