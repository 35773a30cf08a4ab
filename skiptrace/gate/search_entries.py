"""The purpose gate in code: log first, then ask sources, then log the outcome.

Every search starts with ``begin_search`` and ends with ``end_search``. ``begin_search``
takes a ``SearchRequest`` (which cannot exist without a valid purpose), checks that the
user's role may search, and writes ``search.started``; only then may any source be
called, and if the log cannot be written, none is. ``skiptrace.sources.orchestrator`` runs
connectors concurrently between the two; ``run_search`` here is the plain sequential
form, for sources that are simple callables.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa

from skiptrace.gate.request import PurposeRefused, SearchRequest
from skiptrace.gate.roles import MAY_SEARCH, RoleRefused, require_role
from skiptrace.model import Debtor
from skiptrace.pii import mask_dob, mask_ssn
from skiptrace.searchlog.entry import AuditEntry
from skiptrace.searchlog.events import SEARCH_COMPLETED, SEARCH_REFUSED, SEARCH_STARTED
from skiptrace.searchlog.log import LogUnavailable, SearchLog, unavailable_message


class Source(Protocol):
    """Anything that can be asked about a debtor (connectors implement this)."""

    id: str

    def __call__(self, request: SearchRequest) -> Any: ...


@dataclass(frozen=True)
class SourceResult:
    """What one source answered, or how it failed."""

    source_id: str
    status: str
    message: str
    result: Any
    elapsed_ms: float


@dataclass(frozen=True)
class LoggedSearch:
    """A finished search: its two log entries and each source's result."""

    request: SearchRequest
    started: AuditEntry
    completed: AuditEntry
    results: tuple[SourceResult, ...]


def masked_inputs(debtor: Debtor) -> dict[str, Any]:
    """What a search asked about, as the log may record it: never a full SSN or DOB."""
    return {
        "name": debtor.full_name,
        "ssn": mask_ssn(debtor.ssn or debtor.ssn_last4),
        "dob": mask_dob(debtor.dob),
        "addresses": [a.one_line() for a in debtor.addresses],
        "phones": [p.number for p in debtor.phones],
    }


def _about(request: SearchRequest) -> dict[str, Any]:
    # what both entries of a search say about it: whose account, whom, under which purposes
    return {
        "account_id": request.debtor.account_id,
        "subject_type": request.subject.value,
        "purposes": request.purpose_codes,
        "purpose_source": "default" if request.purpose_is_default else "chosen",
    }


def begin_search(log: SearchLog, request: SearchRequest, source_ids: Sequence[str]) -> AuditEntry:
    """Write ``search.started``; raises ``LogUnavailable`` and then nothing may be searched.

    A user whose role may not search (a reviewer, or someone not on the team) is refused
    with ``RoleRefused``; the attempt is logged as ``search.refused``.
    """
    check_may_search(log, request)
    return _append_started(log, request, source_ids)


def write_started(
    log: SearchLog, request: SearchRequest, source_ids: Sequence[str], conn: sa.Connection
) -> AuditEntry:
    """``begin_search`` in the caller's write transaction: the role is checked and the
    entry written there, and no source may be asked before that transaction commits.

    A refusal raises ``RoleRefused`` with nothing logged (the transaction is the caller's
    to roll back): the caller logs it with ``log_refusal`` once outside it.
    """
    if not isinstance(request, SearchRequest):
        raise PurposeRefused("a search needs a SearchRequest with a permissible purpose")
    require_role(conn, log.actor.user, MAY_SEARCH, "run a search")
    return _append_started(log, request, source_ids, conn)


def _append_started(
    log: SearchLog,
    request: SearchRequest,
    source_ids: Sequence[str],
    conn: sa.Connection | None = None,
) -> AuditEntry:
    return log.append(
        SEARCH_STARTED,
        **_about(request),
        justification=request.justification,
        details={
            "search_id": request.search_id,
            "inputs": masked_inputs(request.debtor),
            "connectors": list(source_ids),
            **_batch(request),
        },
        conn=conn,
    )


def check_may_search(log: SearchLog, request: SearchRequest) -> None:
    """The gate before ``search.started``: a ``SearchRequest`` (``PurposeRefused``
    otherwise) by a user whose role may search (``RoleRefused``, logged as
    ``search.refused``, otherwise; ``LogUnavailable`` when the database is gone)."""
    if not isinstance(request, SearchRequest):
        raise PurposeRefused("a search needs a SearchRequest with a permissible purpose")
    try:
        require_role(log.engine, log.actor.user, MAY_SEARCH, "run a search")
    except sa.exc.SQLAlchemyError as exc:  # the database is gone: the log cannot be written
        raise LogUnavailable(unavailable_message(exc, SEARCH_STARTED)) from None
    except RoleRefused as refused:
        log_refusal(log, request, refused)
        raise


def log_refusal(log: SearchLog, request: SearchRequest, refused: RoleRefused) -> AuditEntry:
    """Log a search the gate refused (``search.refused``), in a transaction of its own."""
    return log.append(
        SEARCH_REFUSED,
        account_id=request.debtor.account_id,
        subject_type=request.subject.value,
        purposes=request.purpose_codes,
        justification=request.justification,
        details={"search_id": request.search_id, "reason": str(refused)},
    )


def end_search(
    log: SearchLog,
    request: SearchRequest,
    started: AuditEntry,
    outcomes: Mapping[str, Mapping[str, Any]],
    cancelled: bool = False,
    conn: sa.Connection | None = None,
) -> AuditEntry:
    """Write ``search.completed`` with each source's outcome summary (with ``conn``, in
    the caller's write transaction)."""
    return log.append(
        SEARCH_COMPLETED,
        **_about(request),
        details={
            "search_id": request.search_id,
            "started_seq": started.seq,
            "cancelled": cancelled,
            "outcomes": {k: dict(v) for k, v in outcomes.items()},
            **_batch(request),
        },
        conn=conn,
    )


def _batch(request: SearchRequest) -> dict[str, str]:
    return {"batch_id": request.batch_id} if request.batch_id else {}


def close_interrupted(
    log: SearchLog, started: AuditEntry, status: str, conn: sa.Connection | None = None
) -> AuditEntry:
    """Write the ``search.completed`` of a search whose process died after ``started``.

    Every source it asked is reported with ``status`` (``interrupted``): whatever they
    answered was never stored, and the search is not run again (no source is asked twice).
    """
    d = started.details
    message = "the process running this search stopped before the answer was stored"
    extra = {"batch_id": d["batch_id"]} if d.get("batch_id") else {}
    return log.append(
        SEARCH_COMPLETED,
        account_id=started.account_id,
        subject_type=started.subject_type,
        purposes=started.purposes,
        purpose_source=started.purpose_source,
        details={
            "search_id": d.get("search_id", ""),
            "started_seq": started.seq,
            "cancelled": True,
            "interrupted": True,
            "outcomes": {
                cid: {"status": status, "count": 0, "message": message}
                for cid in d.get("connectors", [])
            },
            **extra,
        },
        conn=conn,
    )


def run_search(
    log: SearchLog,
    request: SearchRequest,
    sources: Sequence[Source],
    on_result: Callable[[SourceResult], None] | None = None,
) -> LoggedSearch:
    """Run one search through the gate, one source after another (see the module doc)."""
    started = begin_search(log, request, [s.id for s in sources])
    results: list[SourceResult] = []
    for source in sources:
        t0 = time.perf_counter()
        try:
            answer = source(request)
            status, message = "ok", ""
        except Exception as exc:  # one failing source must not spoil the search
            answer, status, message = None, "error", f"{type(exc).__name__}: {exc}"
        result = SourceResult(source.id, status, message, answer, (time.perf_counter() - t0) * 1000)
        results.append(result)
        if on_result:
            on_result(result)
    completed = end_search(
        log,
        request,
        started,
        {r.source_id: {"status": r.status, "elapsed_ms": round(r.elapsed_ms, 1)} for r in results},
    )
    return LoggedSearch(request, started, completed, tuple(results))
