"""The research desk: what the account and research screens ask of a workspace.

One account at a time: what is known of it (masked), its earlier searches, the leads
already worked, the candidates its latest search found, a logged reveal (with its
reason), recording a disposition, research notes and the account's timeline. The screens
ask these methods and never touch the database themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from skiptrace.candidate import Candidate
from skiptrace.model import Debtor, Disposition
from skiptrace.pii import PiiCipher
from skiptrace.portfolio.reveal import PiiField, Revealed, reveal_pii, revealable
from skiptrace.research.dispositions import dispositions_for, record_disposition
from skiptrace.research.notes import add_note
from skiptrace.research.timeline import TimelineEntry, account_timeline
from skiptrace.searchlog.entry import AuditEntry
from skiptrace.searchlog.history import PastSearch, past_searches
from skiptrace.store.accounts import birth_year, load_debtor
from skiptrace.store.searches import load_candidates, searches_for
from skiptrace.workspace.workspace import Workspace

# the states of a search whose candidates are the account's current leads
FINISHED_STATES = ("completed", "cancelled")


@dataclass(frozen=True, slots=True)
class MaskedAccount:
    """An account as the account pane shows it: no full SSN or DOB was decrypted.

    ``revealable``: the fields with a full value on file, which a logged reveal can show.
    """

    debtor: Debtor
    birth_year: int | None
    revealable: frozenset[PiiField]


@dataclass(frozen=True, slots=True)
class OpenedAccount:
    """An account opened for research: the debtor in full (in memory only: the sources
    and the matcher need it), what was decided on its leads, and what its latest
    finished search found (``last_search_at`` is when that search started, or "")."""

    debtor: Debtor
    dispositions: tuple[Disposition, ...]
    last_search_at: str
    candidates: tuple[Candidate, ...]


def last_search_candidates(
    conn: sa.Connection, account_id: str, cipher: PiiCipher
) -> tuple[str, list[Candidate]]:
    """When the account's latest finished search started, and what it found: the
    account's current leads come from these."""
    for row in searches_for(conn, account_id):
        if row.state in FINISHED_STATES:
            return row.started_at, load_candidates(conn, row.search_id, cipher)
    return "", []


class ResearchDesk:
    """The account and research screens' questions, answered from one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    @property
    def user(self) -> str:
        """Who is working: the name stamped on what the desk records."""
        return self._workspace.actor.user

    def masked_account(self, account_id: str) -> MaskedAccount | None:
        """An account with SSN and DOB masked (nothing is decrypted), or None."""
        with self._workspace.engine.connect() as conn:
            debtor = load_debtor(conn, account_id)
            if debtor is None:
                return None
            return MaskedAccount(debtor, birth_year(conn, account_id), revealable(conn, account_id))

    def past_searches(self, account_id: str, limit: int = 50) -> list[PastSearch]:
        """The account's searches, newest first, each with how it ended."""
        with self._workspace.engine.connect() as conn:
            return past_searches(conn, account_id, limit)

    def worked_leads(self, account_id: str) -> list[Disposition]:
        """Every disposition recorded on the account, in the order recorded."""
        with self._workspace.engine.connect() as conn:
            return dispositions_for(conn, account_id)

    def open_account(self, account_id: str) -> OpenedAccount | None:
        """The account for research, with full SSN and DOB decrypted, or None."""
        ws = self._workspace
        with ws.engine.connect() as conn:
            debtor = load_debtor(conn, account_id, ws.cipher)
            if debtor is None:
                return None
            dispositions = dispositions_for(conn, debtor.account_id)
            started_at, candidates = last_search_candidates(conn, debtor.account_id, ws.cipher)
        return OpenedAccount(debtor, tuple(dispositions), started_at, tuple(candidates))

    def record_disposition(self, disposition: Disposition, key: str = "") -> Disposition:
        """Store a disposition and log it (one transaction); returns it as recorded."""
        return record_disposition(self._workspace, disposition, key)

    def reveal(self, account_id: str, field: PiiField, reason: str) -> Revealed:
        """Decrypt one masked field for display, logging ``pii.revealed`` with the
        reason first (``RevealRefused`` without one: nothing decrypted)."""
        return reveal_pii(self._workspace, account_id, field, reason)

    def add_note(self, account_id: str, text: str) -> AuditEntry:
        """Log a research note on the account (``NoteRefused`` when empty or too long)."""
        return add_note(self._workspace, account_id, text)

    def timeline(self, account_id: str) -> list[TimelineEntry]:
        """The account's searches, reveals, dispositions, notes and contacts, oldest first."""
        with self._workspace.engine.connect() as conn:
            return account_timeline(conn, account_id)
