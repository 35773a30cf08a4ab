"""Research notes: what a collector tried and found on an account ("called employer,
left message with HR"). A note is a logged entry (``account.note``) and nothing else:
append-only like every other entry, shown in the account's timeline."""

from __future__ import annotations

import sqlalchemy as sa

from skiptrace.searchlog.entry import AuditEntry
from skiptrace.searchlog.events import ACCOUNT_NOTE
from skiptrace.store import schema
from skiptrace.workspace.workspace import Workspace

MAX_NOTE = 4000  # characters: a note, not a file


class NoteRefused(ValueError):
    """A note that cannot be recorded: empty, too long, or on no known account."""


def add_note(workspace: Workspace, account_id: str, text: str) -> AuditEntry:
    """Log a research note on an account; returns the log entry that holds it."""
    text = text.strip()
    if not text:
        raise NoteRefused("a note needs some text: what was tried, what was found")
    if len(text) > MAX_NOTE:
        raise NoteRefused(f"a note holds at most {MAX_NOTE} characters (this one has {len(text)})")
    A = schema.accounts
    with workspace.engine.connect() as conn:
        known = conn.execute(sa.select(A.c.account_id).where(A.c.account_id == account_id)).first()
    if known is None:
        raise NoteRefused(f"no account {account_id!r} in this workspace")
    return workspace.log.append(ACCOUNT_NOTE, account_id=account_id, details={"text": text})
