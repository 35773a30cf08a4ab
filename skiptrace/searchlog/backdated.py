"""Appending entries that carry their own timestamps, sealed in one transaction.

``SearchLog.append`` stamps the current time, one transaction an entry. Seeding a demo
month (or a test log) needs entries dated in the past, many at once: this computes the
same HMAC chain over the same canonical form, with the same masking of SSNs and
scrubbing of details, and moves the head row with the last entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from skiptrace import __version__
from skiptrace.pii import mask_ssns
from skiptrace.searchlog.encoding import ENTRY_COLUMNS, canonical_details, scrub_details, sealed_row
from skiptrace.searchlog.entry import Head
from skiptrace.store import schema
from skiptrace.store.engine import write_connection


@dataclass(frozen=True)
class DatedEntry:
    """An entry to write with its own UTC timestamp: everything but its place in the chain."""

    ts: str
    user: str
    event: str
    account_id: str = ""
    subject_type: str = ""
    purposes: tuple[str, ...] = ()
    purpose_source: str = ""
    justification: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    host: str = "demo-host"


def append_dated(engine: sa.Engine, key: bytes, entries: Iterable[DatedEntry]) -> Head:
    """Append the entries after the current head, in the order given; returns the new head."""
    names = list(ENTRY_COLUMNS)
    with write_connection(engine) as conn, conn.begin():
        seq, prev = conn.execute(sa.select(schema.log_head.c.seq, schema.log_head.c.hash)).one()
        rows: list[dict[str, Any]] = []
        for e in entries:
            seq += 1
            row = sealed_row(
                key,
                (seq, e.ts, e.user, e.host, __version__, e.event, e.account_id, e.subject_type,
                 ",".join(e.purposes), e.purpose_source, mask_ssns(e.justification),
                 canonical_details(scrub_details(dict(e.details))), prev),
            )  # fmt: skip
            rows.append(dict(zip(names, row, strict=True)))
            prev = row[-1]
        if rows:
            conn.execute(schema.audit_log.insert(), rows)
            conn.execute(schema.log_head.update().values(seq=seq, hash=prev))
    return Head(int(seq), prev)
