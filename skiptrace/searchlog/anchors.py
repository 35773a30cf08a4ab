"""Heads of the search log recorded outside the database, to catch a cut-off tail.

Every export and every clean verification records the head it saw in a small file in the
user's state folder, per workspace. A later verification compares the chain with them.
"""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs

from skiptrace.searchlog.entry import Anchor


def witness_path(workspace_id: str) -> Path:
    """The per-workspace file of recorded heads."""
    base = Path(platformdirs.user_state_dir("skiptrace", appauthor=False))
    return base / "anchors" / f"{workspace_id}.jsonl"


def record(workspace_id: str, anchor: Anchor) -> None:
    """Remember a head (seq and hash) and where it came from."""
    path = witness_path(workspace_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(
            json.dumps({"seq": anchor.seq, "hash": anchor.hash, "source": anchor.source}) + "\n"
        )


def recorded(workspace_id: str) -> list[Anchor]:
    """The highest recorded head (the only one that can reveal a cut tail), if any."""
    path = witness_path(workspace_id)
    if not path.exists():
        return []
    best: Anchor | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(line)
            anchor = Anchor(int(data["seq"]), str(data["hash"]), str(data["source"]))
        except (ValueError, KeyError, TypeError):
            continue
        if best is None or anchor.seq > best.seq:
            best = anchor
    return [best] if best else []


class AnchorUnreadable(ValueError):
    """An export given as an anchor cannot be read as one (folder, missing, not JSONL)."""


def from_export(path: Path) -> Anchor:
    """The head of a JSONL log export: its last entry; ``AnchorUnreadable`` naming the path."""
    last = None
    try:
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if line.strip():
                    last = (number, line)
    except IsADirectoryError:
        raise AnchorUnreadable(f"the anchor {path} is a folder, not a log export") from None
    except FileNotFoundError:
        raise AnchorUnreadable(f"the anchor {path} does not exist") from None
    except PermissionError:
        raise AnchorUnreadable(f"the anchor {path} cannot be read: permission denied") from None
    except UnicodeDecodeError:
        raise AnchorUnreadable(f"the anchor {path} is not a JSONL log export (not text)") from None
    if last is None:
        return Anchor(0, "0" * 64, f"the export {path.name}")
    number, line = last
    try:
        data = json.loads(line)
        return Anchor(int(data["seq"]), str(data["hash"]), f"the export {path.name}")
    except (ValueError, KeyError, TypeError):
        raise AnchorUnreadable(
            f"the anchor {path} is not a JSONL log export: line {number} is not a log entry"
        ) from None
