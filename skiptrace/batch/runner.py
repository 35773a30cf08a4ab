"""Working a batch: claim accounts from its queue and search each one through the research
orchestrator, several at once, until none is left, the batch is paused or cancelled.

Every account is its own logged search (``search.started`` before its sources are asked,
carrying the batch id); leads already marked wrong party, disconnected or do-not-contact
are held back and counted. One orchestrator serves the whole run, so each connector has
one token bucket and one concurrency cap across the batch. The account's result is
written in the transaction that stores its search, so a crash leaves either both or
neither; ``claims.recover`` deals with the searches a crash cut short.

The run's writes go through one ``GroupCommit``: each account's ``search.started`` is
committed before its sources are asked, but the entries of accounts finishing at the same
time share a commit. Nothing is kept per account once it is done (memory stays flat
however long the batch).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from skiptrace.batch.claims import DEFAULT_CLAIM_TIMEOUT, Recovery, Worker, live_workers, recover
from skiptrace.batch.model import AccountResult, Batch, BatchState, ItemState
from skiptrace.batch.progress import Progress, Tracker
from skiptrace.batch.queue import (
    BA,
    B,
    Claim,
    claim,
    complete_if_finished,
    finish_item,
    item_counts,
    load_batch,
    release,
    set_state,
    stored_state,
)
from skiptrace.batch.shared_rate import shared_buckets
from skiptrace.batch.tally import account_result
from skiptrace.gate.request import PurposeRefused, SearchRequest
from skiptrace.gate.roles import RoleRefused
from skiptrace.model import Debtor, SubjectType
from skiptrace.research.findings import research_orchestrator
from skiptrace.searchlog.entry import AuditEntry
from skiptrace.searchlog.events import BATCH_RESUMED
from skiptrace.searchlog.log import LogUnavailable
from skiptrace.sources.model import CancelToken
from skiptrace.sources.orchestrator import Orchestrator, SearchResult
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.sessions import SessionPool
from skiptrace.sources.settings import stored_settings
from skiptrace.store.accounts import load_debtors
from skiptrace.store.engine import write_connection
from skiptrace.store.group_commit import GroupCommit
from skiptrace.workspace.workspace import Workspace

_log = logging.getLogger("skiptrace.batch")
DEFAULT_WORKERS = 8  # accounts searched at once by one process
DEFAULT_CONNECTOR_CAP = 4  # requests in flight to one source at once (max_concurrent)
FINISHED = (ItemState.DONE, ItemState.INTERRUPTED, ItemState.FAILED)


class Control:
    """Pause or cancel a run from another thread (a window's buttons, Ctrl+C)."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self.wanted: BatchState | None = None
        self.cancel_token = CancelToken()

    def pause(self) -> None:
        """Finish the searches in flight, claim no more."""
        self.wanted = BatchState.PAUSED
        self._stop.set()

    def cancel(self) -> None:
        """Cancel the searches in flight and the rest of the batch."""
        self.wanted = BatchState.CANCELLED
        self._stop.set()
        self.cancel_token.cancel()

    @property
    def stopping(self) -> bool:
        """Whether a pause or cancel was asked for."""
        return self._stop.is_set()


@dataclass(frozen=True)
class RunSummary:
    """How a run of a batch ended."""

    batch: Batch  # as stored at the end
    state: BatchState
    progress: Progress
    recovery: Recovery
    completed: AuditEntry | None = None  # batch.completed, if this run logged it
    error: str = ""


def _cached_settings(workspace: Workspace) -> Callable[[str], Mapping[str, str]]:
    # read once per connector for the run: a batch runs under one configuration
    cache: dict[str, Mapping[str, str]] = {}
    lock = threading.Lock()

    def read(cid: str) -> Mapping[str, str]:
        with lock:
            if cid not in cache:
                with workspace.engine.connect() as conn:
                    cache[cid] = stored_settings(conn, cid)
            return cache[cid]

    return read


class _Run:
    def __init__(
        self,
        workspace: Workspace,
        batch: Batch,
        orchestrator_of: Callable[[Callable[[sa.Connection, SearchResult], None]], Orchestrator],
        writer: GroupCommit,
        worker: Worker,
        control: Control,
        tracker: Tracker,
        claim_timeout: float,
        chunk: int,
    ) -> None:
        self.ws = workspace
        self.batch = batch
        self.writer = writer
        self.worker = worker
        self.control = control
        self.tracker = tracker
        self.claim_timeout = claim_timeout
        self.chunk = chunk
        self.positions: dict[str, int] = {}  # searches in flight: search id -> position
        self.outcomes: dict[str, AccountResult] = {}  # stored, not yet counted
        self.buffer: deque[tuple[Claim, Debtor | None]] = deque()
        self.lock = threading.Lock()
        self.drained = False
        self.error = ""
        self.orchestrator = orchestrator_of(self._stored)

    def _stored(self, conn: sa.Connection, result: SearchResult) -> None:
        search_id = result.request.search_id
        position = self.positions.get(search_id)
        if position is not None:
            outcome = self.outcomes[search_id] = account_result(result)
            finish_item(conn, self.batch.batch_id, position, ItemState.DONE, outcome.to_json())

    def next_claim(self) -> tuple[Claim, Debtor | None] | None:
        with self.lock:
            while not self.buffer:
                if self.control.stopping or self.error or self.drained:
                    return None
                if not self._refill():
                    self.drained = True
                    return None
            return self.buffer.popleft()

    def _refill(self) -> bool:
        bid = self.batch.batch_id
        while True:
            with write_connection(self.ws.engine) as conn, conn.begin():
                if stored_state(conn, bid) is not BatchState.RUNNING:
                    return False
                got = claim(conn, bid, self.worker.worker_id, self.chunk)
                if got:
                    debtors = load_debtors(conn, [c.account_id for c in got], self.ws.cipher)
                    self.buffer.extend((c, debtors.get(c.account_id)) for c in got)
                    return True
                others = conn.execute(
                    sa.select(sa.func.count()).where(
                        BA.c.batch_id == bid,
                        BA.c.state == ItemState.CLAIMED.value,
                        BA.c.worker_id != self.worker.worker_id,
                    )
                ).scalar_one()
            if not others:
                return False
            # another desktop holds the last accounts: wait for it to finish, or to die
            if self.control.stopping or self.control.cancel_token.wait(
                min(1.0, self.claim_timeout / 4)
            ):
                return False
            recover(self.ws, bid, self.claim_timeout)

    def work(self) -> None:
        while (got := self.next_claim()) is not None:
            try:
                self._search(*got)
            except Exception as exc:  # stop the run; recovery deals with this account
                _log.exception("batch search failed")
                self.error = self.error or _reason(exc)

    def _search(self, c: Claim, debtor: Debtor | None) -> None:
        bid = self.batch.batch_id
        if debtor is None:
            self.writer(
                lambda conn: finish_item(
                    conn, bid, c.position, ItemState.FAILED, reason="account deleted"
                )
            )
            self.tracker.finished(None)
            return
        request = SearchRequest(
            debtor,
            self.batch.purposes,
            self.batch.justification,
            SubjectType(self.batch.subject_type),
            connector_ids=self.batch.connectors,
            batch_id=bid,
            search_id=c.search_id,
        )
        self.positions[c.search_id] = c.position
        token = CancelToken()
        forget = self.control.cancel_token.on_cancel(token.cancel)
        try:
            result = self.orchestrator.run(request, cancel=token)
        finally:
            forget()
            self.positions.pop(c.search_id, None)
        self.tracker.finished(self.outcomes.pop(c.search_id, None) or account_result(result))

    def release_unstarted(self) -> None:
        with self.lock, write_connection(self.ws.engine) as conn, conn.begin():
            release(conn, self.batch.batch_id, [c.position for c, _debtor in self.buffer])
            self.buffer.clear()


def _reason(exc: Exception) -> str:
    if isinstance(exc, LogUnavailable | RoleRefused | PurposeRefused):
        return str(exc)  # already a reason a person can act on
    return f"the batch stopped: {type(exc).__name__} (details in the application log)"


def run_batch(
    workspace: Workspace,
    registry: ConnectorRegistry,
    batch_id: str,
    *,
    workers: int = DEFAULT_WORKERS,
    connector_cap: int | None = DEFAULT_CONNECTOR_CAP,
    claim_timeout: float = DEFAULT_CLAIM_TIMEOUT,
    chunk: int | None = None,
    control: Control | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    **orchestrator_kw: object,
) -> RunSummary:
    """Work the batch until no account is left, it is paused or cancelled (here or on
    another desktop), or a search cannot be logged; then log ``batch.completed`` if the
    batch is finished. Dead workers' claims are recovered first. ``chunk``: accounts
    claimed at a time (default: one per worker thread, at most 16)."""
    batch = load_batch(workspace.engine, batch_id)
    control = control or Control()
    recovery = recover(workspace, batch.batch_id, claim_timeout)
    with workspace.engine.connect() as conn:
        counts = item_counts(conn, batch.batch_id)
    total = batch.total - counts[ItemState.SKIPPED]
    tracker = Tracker(total, sum(counts[s] for s in FINISHED))

    sessions = SessionPool(keep=4 * max(1, workers))
    writer = GroupCommit(workspace.engine, max_group=2 * max(1, workers))

    def orchestrator_of(hook: Callable[[sa.Connection, SearchResult], None]) -> Orchestrator:
        kw: dict[str, Any] = {"session_factory": sessions.session, **orchestrator_kw}
        return research_orchestrator(
            workspace,
            registry,
            suppress_worked=True,
            on_stored=hook,
            settings=_cached_settings(workspace),
            max_concurrent=connector_cap,
            writer=writer,
            buckets=shared_buckets(workspace.engine),
            **kw,
        )

    heartbeat = max(0.5, min(10.0, claim_timeout / 4))
    with writer, Worker(workspace, batch.batch_id, heartbeat=heartbeat) as w:
        run = _Run(
            workspace, batch, orchestrator_of, writer, w, control, tracker, claim_timeout,
            chunk or min(16, max(1, workers)),
        )  # fmt: skip
        threads = [
            threading.Thread(target=run.work, name=f"batch-{i}", daemon=True)
            for i in range(max(1, workers))
        ]
        for t in threads:
            t.start()
        _watch(threads, tracker, on_progress, control)
        run.release_unstarted()
    sessions.close()
    if control.wanted is not None:
        set_state(workspace.engine, batch.batch_id, control.wanted)
    completed = complete_if_finished(workspace, batch.batch_id)
    return RunSummary(
        load_batch(workspace.engine, batch.batch_id),
        batch_status(workspace, batch.batch_id, claim_timeout),
        tracker.snapshot(),
        recovery,
        completed,
        run.error,
    )


def _watch(
    threads: list[threading.Thread],
    tracker: Tracker,
    on_progress: Callable[[Progress], None] | None,
    control: Control,
) -> None:
    while any(t.is_alive() for t in threads):
        try:
            for t in threads:
                t.join(0.2)
                if on_progress is not None:
                    on_progress(tracker.snapshot())
        except KeyboardInterrupt:  # Ctrl+C: finish what is in flight, then pause
            control.pause()
    if on_progress is not None:
        on_progress(tracker.snapshot())


def batch_status(
    workspace: Workspace, batch_id: str, claim_timeout: float = DEFAULT_CLAIM_TIMEOUT
) -> BatchState:
    """The batch's state; ``interrupted`` when it is running but no live worker is on it."""
    with workspace.engine.connect() as conn:
        state = stored_state(conn, batch_id)
        if state is BatchState.RUNNING and not live_workers(conn, batch_id, claim_timeout):
            return BatchState.INTERRUPTED
    return state


def pause_or_cancel(workspace: Workspace, batch_id: str, state: BatchState) -> AuditEntry | None:
    """Pause or cancel a batch from anywhere; a cancelled batch no one works on is closed
    (``batch.completed``) at once, otherwise by the last worker to stop."""
    set_state(workspace.engine, batch_id, state)
    if state is BatchState.CANCELLED:
        return close_if_idle(workspace, batch_id)
    return None


def close_if_idle(workspace: Workspace, batch_id: str) -> AuditEntry | None:
    """When no live worker is on the batch: recover dead workers' claims and log
    ``batch.completed`` if nothing is left to do."""
    with workspace.engine.connect() as conn:
        if live_workers(conn, batch_id, DEFAULT_CLAIM_TIMEOUT):
            return None
    recover(workspace, batch_id)
    return complete_if_finished(workspace, batch_id)


def resume_batch(workspace: Workspace, batch_id: str) -> Batch:
    """Set a paused or interrupted batch running again, logged as ``batch.resumed``."""
    batch = load_batch(workspace.engine, batch_id)
    if batch.state.finished:
        raise BatchFinished(f"batch {batch.batch_id} is {batch.state.value}: nothing to resume")
    with write_connection(workspace.engine) as conn, conn.begin():
        conn.execute(
            B.update().where(B.c.batch_id == batch.batch_id).values(state=BatchState.RUNNING.value)
        )
        workspace.log.append(
            BATCH_RESUMED,
            subject_type=batch.subject_type,
            purposes=batch.purposes,
            purpose_source="chosen",
            details={"batch_id": batch.batch_id, "was": batch.state.value},
            conn=conn,
        )
    return load_batch(workspace.engine, batch.batch_id)


class BatchFinished(ValueError):
    """The batch is done or cancelled."""
