"""Worker processes that append to a workspace's search log at the same time."""

from __future__ import annotations

import multiprocessing
import sys
from multiprocessing.synchronize import Event
from pathlib import Path

WRITE_EVENT = "test.append"


def append_entries(url: str, key_file: str, user: str, count: int, go: Event) -> None:
    """Open the workspace as ``user`` and append ``count`` entries once ``go`` is set."""
    import keyring
    from keyring.backends import null

    from skiptrace.model import Workstation
    from skiptrace.workspace.workspace import open_workspace

    keyring.set_keyring(null.Keyring())  # keys come from the key file; no keychain probe
    ws = open_workspace(
        url, actor=Workstation(user, f"host-{user}", "0.1.0"), key_file=Path(key_file)
    )
    try:
        go.wait(60)
        for i in range(count):
            ws.log.append(WRITE_EVENT, details={"writer": user, "i": i})
    finally:
        ws.close()


def run_writers(url: str, key_file: Path, writers: int, count: int) -> list[int]:
    """Start ``writers`` processes appending ``count`` entries each; their exit codes."""
    # fork starts in milliseconds where spawn re-imports everything (seconds on a busy
    # CI machine); the parent holds no open connection when it forks
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    go = ctx.Event()
    procs = [
        ctx.Process(target=append_entries, args=(url, str(key_file), f"writer{n}", count, go))
        for n in range(writers)
    ]
    for p in procs:
        p.start()
    go.set()
    for p in procs:
        p.join(300)
    return [p.exitcode if p.exitcode is not None else -1 for p in procs]
