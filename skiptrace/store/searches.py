"""Searches and the candidates they found, in the store.

A search row is written when the search starts (state ``running``) and finished with its
per-connector outcome summaries. Candidates are stored with the search id; their payload
(names, dates of birth, addresses) is encrypted with the workspace PII key.
"""

from __future__ import annotations

import base64
import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from skiptrace.candidate import Candidate
from skiptrace.candidate_json import candidate_from_dict, candidate_to_dict
from skiptrace.clock import utc_now
from skiptrace.pii import PiiCipher
from skiptrace.store import schema

if TYPE_CHECKING:  # annotations only: the store and matching sit below the gate
    from skiptrace.gate.request import SearchRequest
    from skiptrace.searchlog.entry import AuditEntry

_ENC = "enc1:"
S = schema.searches
# built once: a batch writes these thousands of times, and a statement object that is
# reused keeps its compiled form and cache key
_INSERT_STARTED = S.insert()
_FINISH = (
    S.update()
    .where(S.c.search_id == sa.bindparam("sid"))
    .values(
        completed_seq=sa.bindparam("cseq"),
        completed_at=sa.bindparam("cat"),
        state=sa.bindparam("st"),
        outcomes=sa.bindparam("oc"),
    )
)
_INSERT_CANDIDATES = schema.candidates.insert()


class SearchState(enum.StrEnum):
    """Where a search row stands: written at the start, closed with the outcome."""

    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


def record_started(conn: sa.Connection, request: SearchRequest, started: AuditEntry) -> None:
    """Insert the search row for a search whose ``search.started`` entry is written."""
    conn.execute(
        _INSERT_STARTED,
        {
            "search_id": request.search_id,
            "account_id": request.debtor.account_id,
            "user_name": started.user,
            "subject_type": request.subject.value,
            "purposes": ",".join(request.purpose_codes),
            "started_seq": started.seq,
            "started_at": started.ts,
            "state": SearchState.RUNNING.value,
            "outcomes": "{}",
        },
    )


def record_finished(
    conn: sa.Connection,
    search_id: str,
    completed: AuditEntry | None,
    outcomes: Mapping[str, Mapping[str, Any]],
    state: str,
) -> None:
    """Close the search row with its outcome summaries (``state``: a ``SearchState``)."""
    conn.execute(
        _FINISH,
        {
            "sid": search_id,
            "cseq": completed.seq if completed else None,
            "cat": completed.ts if completed else utc_now(),
            "st": state,
            "oc": json.dumps(outcomes, sort_keys=True),
        },
    )


def _seal(cipher: PiiCipher | None, account_id: str, search_id: str, text: str) -> str:
    if cipher is None:
        return text
    blob = cipher.encrypt(text, account_id, f"candidate:{search_id}")
    return _ENC + base64.b64encode(blob).decode("ascii")


def _open(cipher: PiiCipher | None, account_id: str, search_id: str, text: str) -> str:
    if not text.startswith(_ENC):
        return text
    if cipher is None:
        raise ValueError("stored candidates are encrypted: a cipher is needed to read them")
    blob = base64.b64decode(text[len(_ENC) :])
    return cipher.decrypt(blob, account_id, f"candidate:{search_id}")


def save_candidates(
    conn: sa.Connection,
    search_id: str,
    account_id: str,
    candidates: Iterable[Candidate],
    cipher: PiiCipher | None,
) -> int:
    """Store candidates with their search id; how many were stored."""
    rows = [
        {
            "search_id": search_id,
            "account_id": account_id,
            "connector_id": c.source,
            "record_id": c.record_id,
            "payload": _seal(
                cipher, account_id, search_id, json.dumps(candidate_to_dict(c), sort_keys=True)
            ),
        }
        for c in candidates
    ]
    if rows:
        conn.execute(_INSERT_CANDIDATES, rows)
    return len(rows)


def load_candidates(
    conn: sa.Connection, search_id: str, cipher: PiiCipher | None
) -> list[Candidate]:
    """The candidates a search stored, in the order they were stored."""
    c = schema.candidates
    rows = conn.execute(
        sa.select(c.c.account_id, c.c.payload).where(c.c.search_id == search_id).order_by(c.c.id)
    )
    return [
        candidate_from_dict(json.loads(_open(cipher, row[0], search_id, row[1]))) for row in rows
    ]


@dataclass(frozen=True, slots=True)
class SearchRow:
    """A search as the store keeps it."""

    search_id: str
    account_id: str
    user: str
    state: str
    started_at: str
    completed_at: str | None
    outcomes: Mapping[str, Any]


def searches_for(conn: sa.Connection, account_id: str) -> Sequence[SearchRow]:
    """An account's searches, newest first."""
    s = schema.searches
    rows = conn.execute(
        sa.select(s).where(s.c.account_id == account_id).order_by(s.c.started_at.desc())
    )
    return [
        SearchRow(
            r.search_id,
            r.account_id,
            r.user_name,
            r.state,
            r.started_at,
            r.completed_at,
            json.loads(r.outcomes or "{}"),
        )
        for r in rows
    ]
