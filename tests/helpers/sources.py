"""Search sources for UI tests: answer fast, slowly, or fail, the way connectors do; and
a small backend that fans them out through the foundation's begin_search / end_search."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import date
from typing import Any

from skiptrace.candidate import Candidate, SeenAddress, SeenPhone
from skiptrace.gate.request import SearchRequest
from skiptrace.gate.search_entries import begin_search, end_search
from skiptrace.model import Address
from skiptrace.workspace.workspace import Workspace
from ui.research.search_backend import (
    RUNNING,
    ConnectorRef,
    ConnectorReport,
    SearchFinished,
    SearchSink,
)


class CancelFlag:
    """A plain cancel flag for backends without their own token."""

    def __init__(self) -> None:
        self._event = threading.Event()

    @property
    def cancelled(self) -> bool:
        """Whether cancel was asked for."""
        return self._event.is_set()

    def cancel(self) -> None:
        """Ask the search to stop."""
        self._event.set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``, waking on cancel; True when cancelled."""
        return self._event.wait(seconds)


@dataclass(frozen=True)
class SourceAnswer:
    """What a plain source callable returns."""

    status: str
    candidates: tuple[Candidate, ...] = ()
    message: str = ""


Source = Callable[[SearchRequest, CancelFlag], SourceAnswer]


class SourcesBackend:
    """Fans plain source callables out in threads between ``begin_search`` and ``end_search``."""

    def __init__(self, workspace: Workspace, sources: Sequence[tuple[ConnectorRef, Source]]):
        self._workspace = workspace
        self._sources = list(sources)

    def connectors(self) -> list[ConnectorRef]:
        return [ref for ref, _ in self._sources]

    def new_cancel(self) -> CancelFlag:
        return CancelFlag()

    def run(self, request: SearchRequest, sink: SearchSink, cancel: CancelFlag) -> SearchFinished:
        started = begin_search(self._workspace.log, request, [r.id for r, _ in self._sources])
        reports: dict[str, ConnectorReport] = {}
        pool = ThreadPoolExecutor(max_workers=max(1, len(self._sources)))
        futures: dict[Future[SourceAnswer], tuple[ConnectorRef, float]] = {}
        for ref, source in self._sources:
            sink.report(ConnectorReport(ref.id, RUNNING))
            futures[pool.submit(source, request, cancel)] = (ref, time.perf_counter())
        pending = set(futures)
        while pending and not cancel.cancelled:
            done, pending = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
            if cancel.cancelled:  # answers woken by the cancel itself are not results
                pending |= done
                break
            for fut in done:
                ref, t0 = futures[fut]
                reports[ref.id] = _report(ref, fut, (time.perf_counter() - t0) * 1000)
                sink.report(reports[ref.id])
        for fut in pending:  # cancelled: the rest are not waited for
            ref, t0 = futures[fut]
            reports[ref.id] = ConnectorReport(
                ref.id,
                "cancelled",
                "cancelled by the collector",
                0,
                (time.perf_counter() - t0) * 1000,
            )
            sink.report(reports[ref.id])
        pool.shutdown(wait=False, cancel_futures=True)
        cancelled = bool(pending)
        end_search(
            self._workspace.log,
            request,
            started,
            {
                cid: {"status": r.state, "count": r.count, "elapsed_ms": round(r.elapsed_ms, 1)}
                for cid, r in reports.items()
            },
            cancelled=cancelled,
        )
        return SearchFinished(request.search_id, cancelled, tuple(reports.values()))


def _report(ref: ConnectorRef, fut: Future[Any], elapsed_ms: float) -> ConnectorReport:
    try:
        answer: SourceAnswer = fut.result()
    except Exception as exc:  # one failing source must not spoil the search
        return ConnectorReport(ref.id, "error", f"{type(exc).__name__}: {exc}", 0, elapsed_ms)
    return ConnectorReport(
        ref.id,
        answer.status,
        answer.message,
        len(answer.candidates),
        elapsed_ms,
        tuple(answer.candidates),
    )


def person(source: str, record_id: str, request: SearchRequest, **over: object) -> Candidate:
    """A candidate that looks like the request's debtor, with a new address and phone."""
    d = request.debtor
    values: dict[str, object] = {
        "source": source,
        "record_id": record_id,
        "first_name": d.first_name,
        "last_name": d.last_name,
        "ssn_last4": d.ssn_last4,
        "addresses": (
            SeenAddress(
                Address("9363 Pine Ln", "", "Phoenix", "AZ", "85040"), "2025-09-27", "2026-10-01"
            ),
        ),
        "phones": (SeenPhone("(704) 547-1596", "mobile"),),
    }
    values.update(over)
    return Candidate(**values)  # type: ignore[arg-type]


def fast(request: SearchRequest, cancel: CancelFlag) -> SourceAnswer:
    return SourceAnswer("ok", (person("fast", "F1", request),), "1 record found")


def slow(request: SearchRequest, cancel: CancelFlag) -> SourceAnswer:
    if cancel.wait(0.6):
        return SourceAnswer("cancelled", (), "cancelled")
    return SourceAnswer(
        "ok",
        (person("slow", "S1", request, phones=(SeenPhone("704.547.1596"),)),),
        "1 record found",
    )


def very_slow(request: SearchRequest, cancel: CancelFlag) -> SourceAnswer:
    if cancel.wait(30):
        return SourceAnswer("cancelled", (), "cancelled")
    return SourceAnswer("no_hit")


def failing(request: SearchRequest, cancel: CancelFlag) -> SourceAnswer:
    return SourceAnswer("auth_failed", (), "no API key in the keychain for 'failing'")


def raising(request: SearchRequest, cancel: CancelFlag) -> SourceAnswer:
    raise ConnectionResetError("connection reset by peer")


def refs(*pairs: tuple[str, object]) -> list[tuple[ConnectorRef, object]]:
    """Sources with refs named after their ids."""
    return [(ConnectorRef(name, name.replace("_", " ").title()), fn) for name, fn in pairs]


def crowded(request: SearchRequest, cancel: CancelFlag) -> SourceAnswer:
    """The debtor (with an employer), a namesake elsewhere with another SSN and birth
    year, and a relative at the debtor's new address: what a people search returns."""
    d = request.debtor
    namesake = Candidate(
        "crowded",
        "C2",
        first_name=d.first_name,
        last_name=d.last_name,
        ssn_last4="0000" if d.ssn_last4 != "0000" else "1111",
        dob=date(1948, 6, 30),
        addresses=(SeenAddress(Address("12 Harbor Rd", "", "Bangor", "ME", "04401")),),
        phones=(SeenPhone("2075550188", "landline"),),
    )
    relative = Candidate(
        "crowded",
        "C3",
        first_name="Maribel",
        last_name=d.last_name,
        relationship="relative",
        addresses=(SeenAddress(Address("9363 Pine Ln", "", "Phoenix", "AZ", "85040")),),
    )
    found = (person("crowded", "C1", request, employers=("Acme Logistics",)), namesake, relative)
    return SourceAnswer("ok", found, f"{len(found)} records found")
