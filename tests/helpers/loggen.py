"""Writing search-log entries with chosen timestamps, correctly chained, in bulk.

Tests and benchmarks need logs that span months; ``SearchLog.append`` stamps the current
time and takes one transaction per entry. This computes the same HMAC chain in-process
and inserts in ``executemany`` batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from skiptrace.searchlog.encoding import ENTRY_COLUMNS, canonical_details, sealed_row
from skiptrace.searchlog.entry import Head
from skiptrace.searchlog.events import SEARCH_STARTED
from skiptrace.store import schema
from skiptrace.store.engine import write_connection
from skiptrace.workspace.keys import LOG_KEY, require_key
from skiptrace.workspace.workspace import Workspace

_INSERT = (
    f"INSERT INTO audit_log ({', '.join(ENTRY_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in ENTRY_COLUMNS)})"
)


@dataclass(frozen=True)
class Planned:
    """An entry to write: everything but its place in the chain."""

    ts: str
    user: str
    event: str = SEARCH_STARTED
    account_id: str = ""
    subject_type: str = "debtor"
    purposes: str = "fcra-604a3a"
    purpose_source: str = "chosen"
    justification: str = "Borrower moved; verifying current address for collection"
    details: Mapping[str, Any] = field(default_factory=dict)


def search(
    ts: str,
    user: str,
    account_id: str,
    name: str = "Pat Doe",
    addresses: tuple[str, ...] = (),
    **over: Any,
) -> Planned:
    """A ``search.started`` entry with masked inputs, as ``begin_search`` writes them."""
    details = {
        "search_id": f"s{abs(hash((ts, user, account_id))) % 10**12}",
        "inputs": {"name": name, "ssn": "***-**-1234", "addresses": list(addresses)},
        "connectors": over.pop("connectors", ["demo-records"]),
    }
    return Planned(ts, user, account_id=account_id, details=details, **over)


def _insert(conn: sa.Connection, rows: list[tuple[Any, ...]]) -> None:
    if conn.dialect.name == "sqlite":  # the fast path the benchmark needs
        conn.exec_driver_sql(_INSERT, rows)
        return
    names = [c.name for c in schema.audit_log.columns]
    conn.execute(schema.audit_log.insert(), [dict(zip(names, r, strict=True)) for r in rows])


def bulk_append(
    ws: Workspace, planned: Iterable[Planned], batch: int = 20_000, host: str = "bench-host"
) -> Head:
    """Append the planned entries after the current head; returns the new head."""
    key = require_key(ws.keys, LOG_KEY)
    with write_connection(ws.engine) as conn, conn.begin():
        seq, prev = conn.execute(sa.select(schema.log_head.c.seq, schema.log_head.c.hash)).one()
        rows: list[tuple[Any, ...]] = []
        for p in planned:
            seq += 1
            row = sealed_row(
                key,
                (seq, p.ts, p.user, host, "0.1.0", p.event, p.account_id, p.subject_type,
                 p.purposes, p.purpose_source, p.justification, canonical_details(p.details),
                 prev),
            )  # fmt: skip
            rows.append(row)
            prev = row[-1]
            if len(rows) >= batch:
                _insert(conn, rows)
                rows = []
        if rows:
            _insert(conn, rows)
        conn.execute(schema.log_head.update().values(seq=seq, hash=prev))
    return Head(seq, prev)
