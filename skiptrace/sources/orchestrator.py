"""The search orchestrator: log first, ask every connector at once, stream, log last.

    orchestrator = Orchestrator.for_workspace(ws, ConnectorRegistry.from_entry_points())
    result = orchestrator.run(request, on_outcome=show, cancel=token)

``run`` blocks until every connector has answered, timed out or been cancelled; call it
from a worker thread (a QRunnable) and turn ``on_outcome`` calls into signals. Outcomes
are delivered on the calling thread, one by one, the moment each arrives. For a pull
style, ``start`` returns a ``RunningSearch`` to iterate over instead.

Each connector runs in its own daemon thread (kept for a later call once it is done:
``threads``) with its own deadline and cancel token: a connector that hangs is reported
as ``timeout`` at its deadline and left behind (it can never delay the others or the end
of the search, nor keep the program from exiting). If ``search.started`` cannot be
written, ``LogUnavailable`` is raised and no connector is called.

Writes go through the orchestrator's ``writer``: ``search.started`` with the search row,
committed before any connector is called; ``search.completed`` with the candidates, the
leads and the search row's outcome, in one transaction. A batch passes a
``GroupCommit``, so several searches' writes share a commit.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import requests
import sqlalchemy as sa

from skiptrace.candidate import Candidate
from skiptrace.gate.request import SearchRequest
from skiptrace.gate.roles import RoleRefused
from skiptrace.gate.search_entries import end_search, log_refusal, write_started
from skiptrace.pii import PiiCipher
from skiptrace.searchlog.entry import AuditEntry
from skiptrace.searchlog.events import SEARCH_COMPLETED, SEARCH_STARTED
from skiptrace.searchlog.log import LogUnavailable, SearchLog, unavailable_message
from skiptrace.sources.connector_call import call_connector
from skiptrace.sources.context import Credentials, HistoryReader, TokenBucket
from skiptrace.sources.model import CancelToken, Outcome, Query, RateLimit, Status
from skiptrace.sources.plan import Plan, plan_search
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.slots import Slots
from skiptrace.sources.threads import DaemonThreads
from skiptrace.store import searches as search_store
from skiptrace.store.group_commit import Writer, in_own_transaction

if TYPE_CHECKING:
    from skiptrace.workspace.workspace import Workspace

_log = logging.getLogger("skiptrace.orchestrator")

# A ranking hook: given the request and every candidate, returns ranked leads (any type);
# the matching package provides it. The orchestrator only calls it and hands its result on.
RankLeads = Callable[[SearchRequest, Sequence[Candidate]], Any]
# Stores what the ranking hook returned, in the transaction that stores the candidates.
SaveLeads = Callable[[sa.Connection, str, str, Any], None]
# Called with the finished search in the transaction that stores it (a batch records the
# account's result there, so the two commit together).
OnStored = Callable[[sa.Connection, "SearchResult"], None]
SettingsReader = Callable[[str], Mapping[str, str]]
CredentialsReader = Callable[[str, Sequence[str]], Credentials]

DEFAULT_TIMEOUT = 10.0
_CANCELLED = object()
_THREADS = DaemonThreads("connector")  # every orchestrator's connector calls


@dataclass(frozen=True)
class SearchResult:
    """A finished search: its log entries, each connector's outcome and what was found."""

    request: SearchRequest
    started: AuditEntry
    completed: AuditEntry
    outcomes: tuple[Outcome, ...]  # in the order they arrived
    cancelled: bool = False
    leads: Any = None  # what the ranking hook returned, if one was given
    rank_error: str = ""

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        """Every candidate of every connector, in arrival order."""
        return tuple(c for o in self.outcomes for c in o.candidates)

    def outcome(self, connector_id: str) -> Outcome:
        """The outcome of one connector."""
        return next(o for o in self.outcomes if o.connector_id == connector_id)


class Orchestrator:
    """Runs searches over a registry of connectors, logging each through the search log."""

    def __init__(
        self,
        registry: ConnectorRegistry,
        log: SearchLog,
        *,
        engine: sa.Engine | None = None,
        cipher: PiiCipher | None = None,
        settings: SettingsReader | None = None,
        credentials: CredentialsReader | None = None,
        history: HistoryReader | None = None,
        rank: RankLeads | None = None,
        save_leads: SaveLeads | None = None,
        on_stored: OnStored | None = None,
        session_factory: Callable[[], requests.Session] = requests.Session,
        default_timeout: float = DEFAULT_TIMEOUT,
        grace: float = 0.25,
        max_concurrent: int | None = None,
        writer: Writer[Any] | None = None,
        buckets: Callable[[str, RateLimit], TokenBucket] | None = None,
    ) -> None:
        self.registry = registry
        self.log = log
        self.engine = engine
        self.cipher = cipher
        self.settings = settings or (lambda _cid: {})
        self.credentials = credentials or (lambda _cid, _names: Credentials({}))
        self.history = history
        self.rank = rank
        self.save_leads = save_leads
        self.on_stored = on_stored
        self.session_factory = session_factory
        self.default_timeout = default_timeout
        self.grace = grace  # how long past its deadline a connector may report itself
        # runs a search's writes in a committed transaction (a batch shares commits)
        self.writer: Writer[Any] = writer or in_own_transaction(engine or log.engine)
        # requests in flight to one connector at once, over all searches (a batch's cap);
        # a connector's ``max_concurrent`` setting overrides it; None: no cap
        self.slots = Slots(max_concurrent)
        # how a connector's token bucket is made: in this process by default; a team's
        # batch shares one through its database (``batch.shared_rate``)
        self._new_bucket = buckets or (lambda _cid, limit: TokenBucket(limit))
        self._buckets: dict[str, TokenBucket] = {}
        self._buckets_lock = threading.Lock()

    @classmethod
    def for_workspace(
        cls,
        workspace: Workspace,
        registry: ConnectorRegistry,
        rank: RankLeads | None = None,
        **kw: Any,
    ) -> Orchestrator:
        """An orchestrator reading settings, credentials and history from a workspace."""
        from skiptrace.sources.account_history import history_reader
        from skiptrace.sources.settings import credentials, stored_settings

        engine = workspace.engine
        keys = workspace.keys

        def read_settings(cid: str) -> Mapping[str, str]:
            with engine.connect() as conn:
                return stored_settings(conn, cid)

        return cls(
            registry,
            workspace.log,
            engine=engine,
            cipher=workspace.cipher,
            settings=kw.pop("settings", read_settings),
            credentials=lambda cid, names: credentials(keys, cid, names),
            history=history_reader(engine),
            rank=rank,
            **kw,
        )

    def plan(self, request: SearchRequest) -> Plan:
        """Which connectors this request would ask, and which are skipped and why."""
        return plan_search(self.registry, request, self.settings, self.credentials)

    def start(self, request: SearchRequest, cancel: CancelToken | None = None) -> RunningSearch:
        """Write ``search.started`` and start every connector; iterate the run for outcomes.

        Raises ``LogUnavailable`` (nothing searched) when the log cannot be written.
        """
        plan = self.plan(request)

        def write(conn: sa.Connection) -> AuditEntry:  # the role is checked in here too
            started = write_started(self.log, request, plan.asked, conn)
            if self.engine is not None:  # the entry and the search row, or neither
                search_store.record_started(conn, request, started)
            return started

        try:
            started = _written(self.writer, write, SEARCH_STARTED)
        except RoleRefused as refused:
            log_refusal(self.log, request, refused)
            raise
        return RunningSearch(self, request, plan, started, cancel or CancelToken())

    def run(
        self,
        request: SearchRequest,
        on_outcome: Callable[[Outcome], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> SearchResult:
        """Run a whole search, calling ``on_outcome`` on this thread as each outcome arrives."""
        search = self.start(request, cancel)
        for outcome in search:
            if on_outcome is not None:
                on_outcome(outcome)
        return search.result

    def bucket(
        self, cid: str, per_second: float | None, default: RateLimit | None
    ) -> TokenBucket | None:
        """The connector's token bucket, shared by all its searches (in this process, or
        through the database when the orchestrator was given shared ``buckets``)."""
        limit = RateLimit(per_second, max(1, int(per_second))) if per_second else default
        if limit is None:
            return None
        with self._buckets_lock:
            bucket = self._buckets.get(cid)
            if bucket is None or bucket.limit != limit:
                bucket = self._buckets[cid] = self._new_bucket(cid, limit)
            return bucket


def _written(writer: Writer[Any], work: Callable[[sa.Connection], Any], event: str) -> Any:
    try:
        return writer(work)
    except sa.exc.SQLAlchemyError as exc:  # the commit failed: the entry is not written
        raise LogUnavailable(unavailable_message(exc, event)) from None


@dataclass
class _Pending:
    deadline: float
    timeout: float
    token: CancelToken


class RunningSearch:
    """One running search. Iterate it for outcomes as they arrive; then read ``result``."""

    def __init__(
        self,
        orchestrator: Orchestrator,
        request: SearchRequest,
        plan: Plan,
        started: AuditEntry,
        cancel: CancelToken,
    ) -> None:
        self._o = orchestrator
        self.request = request
        self.plan = plan
        self.started = started
        self.cancel_token = cancel
        self._outcomes: list[Outcome] = []
        self._result: SearchResult | None = None
        self._consumed = False

    @property
    def search_id(self) -> str:
        """The search's id, as logged."""
        return self.request.search_id

    def cancel(self) -> None:
        """Cancel the search: unfinished connectors are reported ``cancelled`` at once."""
        self.cancel_token.cancel()

    @property
    def result(self) -> SearchResult:
        """The finished search (iterating the run to its end first if need be)."""
        if self._result is None:
            for _ in self:
                pass
        assert self._result is not None
        return self._result

    def __iter__(self) -> Iterator[Outcome]:
        if self._consumed:
            return
        self._consumed = True
        yield from self._skipped()
        inbox: queue.Queue[Any] = queue.Queue()
        self.cancel_token.on_cancel(lambda: inbox.put(_CANCELLED))
        pending = self._launch(inbox)
        yield from self._collect(inbox, pending)
        self._finish()

    def _skipped(self) -> Iterator[Outcome]:
        for outcome in self.plan.not_run:
            self._outcomes.append(outcome)
            yield outcome

    def _launch(self, inbox: queue.Queue[Any]) -> dict[str, _Pending]:
        query = Query.from_request(self.request)
        pending: dict[str, _Pending] = {}
        for planned in self.plan.to_run:
            token = CancelToken()
            self.cancel_token.on_cancel(token.cancel)
            timeout = planned.timeout(self._o.default_timeout)
            deadline = time.monotonic() + timeout
            pending[planned.id] = _Pending(deadline, timeout, token)
            _THREADS.run(call_connector, self._o, planned, query, deadline, token, inbox)
        return pending

    def _collect(self, inbox: queue.Queue[Any], pending: dict[str, _Pending]) -> Iterator[Outcome]:
        grace = self._o.grace
        while pending:
            if self.cancel_token.cancelled:
                for cid in list(pending):
                    pending.pop(cid)
                    yield self._keep(Outcome(cid, Status.CANCELLED, "cancelled before it answered"))
                return
            wait = min(p.deadline for p in pending.values()) + grace - time.monotonic()
            try:
                item = inbox.get(timeout=max(0.0, wait))
            except queue.Empty:
                now = time.monotonic()
                for cid, p in list(pending.items()):
                    if p.deadline + grace <= now:
                        pending.pop(cid)
                        p.token.cancel()  # tell it to stop; it is not waited for
                        yield self._keep(
                            Outcome(
                                cid,
                                Status.TIMEOUT,
                                f"no answer within {p.timeout:g} s; the source may be down or "
                                "slow: search it again later or raise its timeout setting",
                                elapsed_ms=p.timeout * 1000,
                            )
                        )
                continue
            if item is _CANCELLED:
                continue
            cid, outcome = item
            if pending.pop(cid, None) is not None:  # late answers after a timeout are dropped
                yield self._keep(outcome)

    def _keep(self, outcome: Outcome) -> Outcome:
        self._outcomes.append(outcome)
        return outcome

    def _finish(self) -> None:
        o = self._o
        cancelled = self.cancel_token.cancelled
        outcomes = tuple(self._outcomes)
        candidates = [c for out in outcomes for c in out.candidates]
        leads, rank_error = None, ""
        if o.rank is not None and not cancelled:
            try:
                leads = o.rank(self.request, candidates)
            except Exception as exc:  # ranking trouble must not lose what was found
                _log.exception("ranking failed")
                rank_error = f"ranking failed ({type(exc).__name__}); candidates are kept"
        summaries = {out.connector_id: out.summary() for out in outcomes}

        def write(conn: sa.Connection) -> SearchResult:
            completed = end_search(
                o.log, self.request, self.started, summaries, cancelled=cancelled, conn=conn
            )
            result = SearchResult(
                self.request, self.started, completed, outcomes, cancelled, leads, rank_error
            )
            if o.engine is None:
                return result
            account_id = self.request.debtor.account_id
            search_store.save_candidates(conn, self.search_id, account_id, candidates, o.cipher)
            if o.save_leads is not None and leads is not None:
                o.save_leads(conn, self.search_id, account_id, leads)
            state = "cancelled" if cancelled else "completed"
            search_store.record_finished(conn, self.search_id, completed, summaries, state)
            if o.on_stored is not None:
                o.on_stored(conn, result)
            return result

        self._result = _written(o.writer, write, SEARCH_COMPLETED)
