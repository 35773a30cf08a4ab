"""Who has a workspace file open, so that a wait for its lock can name them.

SQLite cannot say which process holds its write lock. Each skiptrace process that opens
a workspace file leaves a small note in a folder beside it (``<file>.holders/``, readable
by its owner only): user, host, program, process id and since when. A writer kept
waiting reads the others' notes to say whom it is waiting for. Notes of processes that
are gone are ignored (on this host) and removed when seen.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Holder:
    """Another process that has the workspace open."""

    user: str
    host: str
    program: str
    pid: int
    since: str

    def describe(self) -> str:
        """``alice's skiptrace-cli (pid 4242 on desk-7, open since 14:02 UTC)``."""
        return (
            f"{self.user}'s {self.program} (pid {self.pid} on {self.host}, open since {self.since})"
        )


def _folder(workspace_file: Path) -> Path:
    return workspace_file.with_name(workspace_file.name + ".holders")


def _note(workspace_file: Path, pid: int | None = None) -> Path:
    return _folder(workspace_file) / f"{socket.gethostname()}-{pid or os.getpid()}.json"


def register(workspace_file: Path, user: str) -> None:
    """Leave this process's note beside the workspace file (removed at exit or ``release``)."""
    folder = _folder(workspace_file)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        note = _note(workspace_file)
        fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(
                {
                    "user": user,
                    "host": socket.gethostname(),
                    "program": Path(sys.argv[0]).name or "skiptrace",
                    "pid": os.getpid(),
                    "since": time.strftime("%H:%M UTC", time.gmtime()),
                },
                fh,
            )
    except OSError:
        return  # a read-only folder: the lock still works, the wait just names no one
    atexit.register(release, workspace_file)


def release(workspace_file: Path) -> None:
    """Remove this process's note."""
    with contextlib.suppress(OSError):
        _note(workspace_file).unlink()


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # no safe liveness probe there; notes go when their process exits
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def others(workspace_file: Path) -> list[Holder]:
    """The other processes that have the workspace open, as far as their notes say."""
    found: list[Holder] = []
    here = socket.gethostname()
    try:
        notes = sorted(_folder(workspace_file).glob("*.json"))
    except OSError:
        return found
    for note in notes:
        try:
            data = json.loads(note.read_text(encoding="utf-8"))
            holder = Holder(
                str(data["user"]), str(data["host"]), str(data["program"]),
                int(data["pid"]), str(data["since"]),
            )  # fmt: skip
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if holder.host == here and holder.pid == os.getpid():
            continue
        if holder.host == here and not _alive(holder.pid):
            with contextlib.suppress(OSError):
                note.unlink()
            continue
        found.append(holder)
    return found


def waiting_for(workspace_file: Path) -> str:
    """Whom a writer waits for, in words."""
    held = others(workspace_file)
    if not held:
        return "another program has it open"
    return "it is open in " + "; ".join(h.describe() for h in held)
