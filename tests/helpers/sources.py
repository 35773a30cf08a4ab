"""Search sources for UI tests: answer fast, slowly, or fail, the way connectors do."""

from __future__ import annotations

from skiptrace.candidate import Candidate, SeenAddress, SeenPhone
from skiptrace.model import Address
from skiptrace.request import SearchRequest
from ui.research.backend import CancelFlag, ConnectorRef, SourceAnswer


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
