"""The values a connector deals in: its manifest, the query it is asked, the outcome it gives.

Connectors see these through ``skiptrace.connector_api``; the orchestrator builds queries
from a ``SearchRequest`` and turns outcomes into log entries and stored candidates.
"""

from __future__ import annotations

import contextlib
import enum
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from skiptrace.candidate import Candidate, LeadKind
from skiptrace.gate.request import SearchRequest
from skiptrace.model import Address, SubjectType, name_parts

API_VERSION = 1  # bump on an incompatible change to what connectors see


class Status(enum.StrEnum):
    """How a connector's search ended. Each needs a different reaction from a collector."""

    OK = "ok"  # answered with candidates
    NO_HIT = "no_hit"  # answered and found nothing
    AUTH_FAILED = "auth_failed"  # credential missing, wrong or expired
    RATE_LIMITED = "rate_limited"  # quota or rate limit; try again after ``retry_after``
    TIMEOUT = "timeout"  # no complete answer before the deadline
    BAD_RESPONSE = "bad_response"  # answered something we do not understand (field named)
    UNAVAILABLE = "unavailable"  # the source is down or unreachable
    ERROR = "error"  # anything else, including a connector bug
    SKIPPED = "skipped"  # not asked: disabled, not permitted by the purpose, input missing
    CANCELLED = "cancelled"  # the collector cancelled the search first
    # the process running the search died before the answer was stored; written only when
    # a batch recovers the search (skiptrace.batch.claims), never by a connector
    INTERRUPTED = "interrupted"

    @property
    def answered(self) -> bool:
        """Whether the source gave a usable answer (possibly empty)."""
        return self in (Status.OK, Status.NO_HIT)


class QueryField(enum.StrEnum):
    """Inputs a connector may need from the account."""

    NAME = "name"
    ADDRESS = "address"
    PHONE = "phone"
    SSN_LAST4 = "ssn_last4"
    SSN = "ssn"
    DOB = "dob"
    EMAIL = "email"
    ACCOUNT = "account"  # the account id itself (workspace history)


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most ``per_second`` requests a second on average, bursts of up to ``burst``."""

    per_second: float
    burst: int = 1


@dataclass(frozen=True)
class Manifest:
    """What a connector declares about itself before it is ever called."""

    id: str
    display_name: str
    api_version: int = API_VERSION
    needs: tuple[QueryField, ...] = ()  # all of these must be present to ask the source
    returns: tuple[LeadKind, ...] = ()
    credentials: tuple[str, ...] = ()  # names of secrets in the keychain, never values
    # credentials needed only once a setting is given: name -> that setting (e.g. the
    # key sent in a configured auth header); the other ``credentials`` are always needed
    credential_settings: Mapping[str, str] = field(default_factory=dict)
    rate_limit: RateLimit | None = None
    cost_note: str = ""
    # the source may be asked only if one of these purposes is in effect (empty: any)
    purposes_any: tuple[str, ...] = ()
    # the purposes in effect must cover these subject types (e.g. relatives: third-party)
    covers_subjects: tuple[SubjectType, ...] = ()
    network: bool = False
    enabled_by_default: bool = True
    defaults: Mapping[str, str] = field(default_factory=dict)  # default settings
    description: str = ""

    def needed_credentials(self, settings: Mapping[str, str]) -> tuple[str, ...]:
        """The credentials a search under these (effective) settings cannot go without."""
        return tuple(
            name
            for name in self.credentials
            if name not in self.credential_settings
            or (settings.get(self.credential_settings[name]) or "").strip()
        )


@dataclass(frozen=True)
class Query:
    """What a connector is asked: the subject of one search and the purposes in effect.

    Full SSN and DOB are here only in memory; ``repr`` never shows them.
    """

    search_id: str
    account_id: str
    subject: SubjectType
    purpose_codes: tuple[str, ...]
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    suffix: str = ""
    dob: date | None = None
    ssn: str = ""
    ssn_last4: str = ""
    addresses: tuple[Address, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    employer: str = ""
    # subject types the purposes in effect cover: a source may return relatives only
    # when THIRD_PARTY is among them
    covered_subjects: frozenset[SubjectType] = frozenset()

    @classmethod
    def from_request(cls, request: SearchRequest) -> Query:
        """The query for a validated search request."""
        d = request.debtor
        return cls(
            search_id=request.search_id,
            account_id=d.account_id,
            subject=request.subject,
            purpose_codes=request.purpose_codes,
            **name_parts(d),
            dob=d.dob,
            ssn=d.ssn,
            ssn_last4=d.ssn_last4 or d.ssn[-4:],
            addresses=d.addresses,
            phones=tuple(p.number for p in d.phones if p.number.strip()),
            emails=d.emails,
            employer=d.employer,
            covered_subjects=frozenset(s for p in request.purposes for s in p.subjects),
        )

    @property
    def full_name(self) -> str:
        """First, middle, last and suffix."""
        parts = (self.first_name, self.middle_name, self.last_name, self.suffix)
        return " ".join(p for p in parts if p)

    def has(self, needed: QueryField) -> bool:
        """Whether the query carries this input."""
        present = {
            QueryField.NAME: bool(self.last_name.strip()),
            QueryField.ADDRESS: any(a.line1.strip() for a in self.addresses),
            QueryField.PHONE: bool(self.phones),
            QueryField.SSN_LAST4: len(self.ssn_last4) == 4,
            QueryField.SSN: len(self.ssn) >= 9,
            QueryField.DOB: self.dob is not None,
            QueryField.EMAIL: bool(self.emails),
            QueryField.ACCOUNT: bool(self.account_id),
        }
        return present[needed]

    def __repr__(self) -> str:
        return f"Query(search_id={self.search_id!r}, account={self.account_id!r})"


@dataclass(frozen=True)
class Outcome:
    """How one connector's search ended, with a message a collector can act on."""

    connector_id: str
    status: Status
    message: str = ""
    candidates: tuple[Candidate, ...] = ()
    retry_after: float | None = None  # seconds, for RATE_LIMITED
    field: str = ""  # the response field not understood, for BAD_RESPONSE
    elapsed_ms: float = 0.0
    # what the source was asked and answered, kept in search.completed as evidence (a
    # reassigned-number query: number, date, answer); never a name, SSN or DOB
    evidence: tuple[Mapping[str, Any], ...] = ()

    @property
    def count(self) -> int:
        """How many candidates the source returned."""
        return len(self.candidates)

    def summary(self) -> dict[str, object]:
        """What the search log records of this outcome: never candidate contents."""
        out: dict[str, object] = {
            "status": self.status.value,
            "count": self.count,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "message": self.message,
        }
        if self.retry_after is not None:
            out["retry_after"] = round(self.retry_after, 1)
        if self.field:
            out["field"] = self.field
        if self.evidence:
            out["evidence"] = [dict(e) for e in self.evidence]
        return out


def found(
    connector_id: str,
    candidates: tuple[Candidate, ...] | list[Candidate],
    *,
    message: str = "",
    no_hit_message: str = "",
) -> Outcome:
    """``ok`` with the candidates, or ``no_hit`` when there are none.

    ``message`` and ``no_hit_message`` say more than the standard "N record(s) found" and
    "no records found" (what was searched, why nothing matched, what is not shown).
    """
    cands = tuple(candidates)
    if not cands:
        return Outcome(connector_id, Status.NO_HIT, no_hit_message or "no records found")
    return Outcome(connector_id, Status.OK, message or f"{len(cands)} record(s) found", cands)


class SourceFailure(Exception):
    """Raised inside a connector (or the shared HTTP helper) to end with a given status.

    The message must be fit for a collector's eyes: no secrets, no query text.
    """

    def __init__(
        self,
        status: Status,
        message: str,
        *,
        retry_after: float | None = None,
        field: str = "",
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after
        self.field = field

    def outcome(self, connector_id: str) -> Outcome:
        """The outcome this failure stands for."""
        return Outcome(
            connector_id, self.status, self.message, retry_after=self.retry_after, field=self.field
        )


class BadResponse(SourceFailure):
    """The source answered, but not in the shape we understand: name the field."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(
            Status.BAD_RESPONSE,
            f"the source's answer has an unexpected shape at '{field}': {problem}; "
            "its API may have changed, so this source is not being searched properly",
            field=field,
        )


def _nothing() -> None:
    pass


class CancelToken:
    """Set once to cancel; workers poll ``cancelled`` or wait on it instead of sleeping."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    @property
    def cancelled(self) -> bool:
        """Whether cancel has been asked for."""
        return self._event.is_set()

    def cancel(self) -> None:
        """Ask everything watching this token to stop (safe from any thread, idempotent)."""
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``, waking early on cancel; True when cancelled."""
        return self._event.wait(max(0.0, seconds))

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` once on cancel (at once if already cancelled). Returns a
        function that takes it back: a token that outlives many searches (a batch's)
        must not keep every finished search's callback."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return lambda: self._forget(callback)
        callback()
        return _nothing

    def _forget(self, callback: Callable[[], None]) -> None:
        with self._lock, contextlib.suppress(ValueError):  # already called or taken back
            self._callbacks.remove(callback)

    def __repr__(self) -> str:
        return f"CancelToken(cancelled={self.cancelled})"
