"""The demo workspace: a synthetic portfolio, a seeded month of activity to review, and
keys in a file beside it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import platformdirs

from skiptrace.demo.month import seed_month
from skiptrace.model import Workstation
from skiptrace.portfolio.importer import import_portfolio
from skiptrace.resources import resource
from skiptrace.store.engine import to_url
from skiptrace.workspace.keys import FileKeyStore
from skiptrace.workspace.workspace import Workspace, create_workspace, open_workspace


def default_demo_path() -> Path:
    """Where the demo workspace lives unless told otherwise."""
    return Path(platformdirs.user_data_dir("skiptrace", appauthor=False)) / "demo" / "demo.sqlite"


def demo_key_file(path: Path) -> Path:
    """The demo keeps its keys in a file beside it: it holds no real data."""
    return path.with_name(path.name + ".keys")


def is_demo(workspace: Workspace) -> bool:
    """Whether this is a demo workspace (its keys in the demo's key file beside it)."""
    path = workspace.path
    keys = workspace.keys
    return (
        path is not None
        and isinstance(keys, FileKeyStore)
        and keys.path.resolve() == demo_key_file(path.resolve())
    )


def create_demo(
    path: Path, actor: Workstation, reset: bool = False, *, activity: bool = True
) -> tuple[Workspace, bool]:
    """Open the demo workspace at ``path``, creating and filling it first if needed: a
    synthetic portfolio and a seeded month of activity to review (``demo.month``).

    ``activity=False`` leaves the month out: only for tests that count every search in
    the log from an empty start (the app and ``skiptrace-cli demo`` always seed it).
    """
    path = path.expanduser().resolve()
    keys = demo_key_file(path)
    if reset:
        for p in (
            path,
            keys,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            p.unlink(missing_ok=True)
    if path.exists():
        return open_workspace(to_url(str(path)), actor=actor, key_file=keys), False
    # keys left behind by a deleted demo belong to no workspace: a new demo gets new ones
    keys.unlink(missing_ok=True)
    ws = create_workspace(to_url(str(path)), actor=actor, key_file=keys)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "demo-portfolio.csv"
        with resource("demo/portfolio.csv").open("rb") as src, csv_path.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        import_portfolio(ws, csv_path)
    if activity:
        seed_month(ws)
    return ws, True
