"""``skiptrace``: the desktop app. Opens the main window on the user's workspace.

skiptrace [--workspace W] [--user U] [--demo]
skiptrace --screenshot FILE [--view VIEW]   (portfolio, research, records, review,
    review-dashboard, contact, batch, import)
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from skiptrace import __version__
from skiptrace.applog import setup_logging

ORG = "skiptrace"


def build_parser() -> argparse.ArgumentParser:
    """The app's command-line options."""
    p = argparse.ArgumentParser(prog="skiptrace", description="Skip-tracing research desktop.")
    p.add_argument("--version", action="version", version=f"skiptrace {__version__}")
    p.add_argument("--workspace", metavar="W", help="workspace file or postgresql:// URL")
    p.add_argument("--user", metavar="U", help="who is working (default: settings, else login)")
    p.add_argument("--demo", action="store_true", help="open the demo workspace (made if missing)")
    p.add_argument("--screenshot", metavar="FILE", help="render a view to a PNG and exit")
    p.add_argument(
        "--view",
        choices=(
            "portfolio",
            "research",
            "records",
            "review",
            "review-dashboard",
            "contact",
            "batch",
            "import",
        ),
        default="portfolio",
        help="which view --screenshot renders",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; returns the exit code."""
    # a frozen (PyInstaller) build starts its import processes through this executable
    multiprocessing.freeze_support()
    args = build_parser().parse_args(argv)
    setup_logging()
    if args.screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from ui.screenshot import take_screenshot

        return take_screenshot(Path(args.screenshot), args.view)

    from PySide6.QtWidgets import QApplication

    from ui.session import AppSession

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure(app)
    session = AppSession(user=args.user)
    if args.demo:
        opened = session.open_demo()
    elif args.workspace:
        opened = session.open_location(args.workspace)
    else:
        opened = session.start()
    if not opened:
        return 1
    # what startup built lives as long as the app: keep it out of every later collection
    gc.freeze()
    return int(app.exec())


def configure(app: object) -> None:
    """Names for QSettings, the app's display name, and thread switching for a GUI."""
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    # Workers hand the interpreter back to the GUI thread every 2 ms instead of 5 ms, so a
    # busy import or search thread cannot hold a frame up waiting for its turn.
    sys.setswitchinterval(0.002)
    app.setOrganizationName(ORG)
    app.setApplicationName("skiptrace")
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("skiptrace")


if __name__ == "__main__":
    raise SystemExit(main())
