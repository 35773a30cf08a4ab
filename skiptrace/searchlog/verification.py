"""Verifying a workspace's search log: walk the chain, check it against recorded heads.

The heads a chain is held to are the head row kept beside the log (moved by every
append), the archive record when older entries were archived away (which a
``log.archived`` entry in the chain must back), and any the caller brings (an export, a
head remembered outside the database). A chain shorter than one of them, or disagreeing
with it, has lost or rewritten its tail.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa

from skiptrace.searchlog.encoding import GENESIS
from skiptrace.searchlog.entry import Anchor, Head
from skiptrace.searchlog.events import LOG_ARCHIVED
from skiptrace.searchlog.rules import ChainWalk
from skiptrace.searchlog.walk import walk_chain
from skiptrace.store import schema

# Where the head of archived entries is recorded (see skiptrace.review.retention).
META_ARCHIVED_SEQ = "log_archived_seq"
META_ARCHIVED_HASH = "log_archived_hash"


@dataclass(frozen=True)
class VerifyReport:
    """The outcome of walking the chain."""

    ok: bool
    entries: int
    head: Head
    key_source: str
    first_bad: int | None = None
    problem: str = ""
    checked_anchors: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        """One line for a person: intact with the head, or the first bad entry and why."""
        if self.ok:
            return (
                f"chain intact: {self.entries} entries, head {self.head.hash} "
                f"(seq {self.head.seq}; key from {self.key_source})"
            )
        return (
            f"chain broken at entry {self.first_bad}: {self.problem} (key from {self.key_source})"
        )


def recorded_head(engine: sa.Engine) -> Anchor:
    """The head row kept beside the log, updated with every append."""
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(schema.log_head.c.seq, schema.log_head.c.hash).where(
                schema.log_head.c.id == 1
            )
        ).one()
    return Anchor(int(row[0]), row[1], "the log's head record")


def archived_head(engine: sa.Engine) -> Anchor | None:
    """The last archived entry, when older entries were archived away; else None."""
    m = schema.meta
    with engine.connect() as conn:
        rows = dict(
            conn.execute(
                sa.select(m.c.key, m.c.value).where(
                    m.c.key.in_((META_ARCHIVED_SEQ, META_ARCHIVED_HASH))
                )
            ).all()
        )
    if META_ARCHIVED_SEQ not in rows:
        return None
    return Anchor(
        int(rows[META_ARCHIVED_SEQ]), rows.get(META_ARCHIVED_HASH, ""), "the archive record"
    )


def verify_log(
    engine: sa.Engine,
    key: bytes,
    key_source: str,
    anchors: Iterable[Anchor] = (),
    start: Anchor | None = None,
    workers: int | None = None,
) -> VerifyReport:
    """Walk the chain; report the first broken entry by sequence number and why.

    ``start`` is where a live chain begins when older entries were archived (sequence
    number and hash of the last archived entry); by default the archive record, else the
    genesis. ``anchors`` are heads recorded elsewhere. Long logs are checked by
    ``workers`` processes (default: the CPU count, at most four).
    """
    archived = archived_head(engine) if start is None else None
    start = start or archived
    all_anchors = [recorded_head(engine), *anchors]
    walk = walk_chain(
        engine,
        key,
        Head(start.seq, start.hash) if start else Head(0, GENESIS),
        frozenset(a.seq for a in all_anchors),
        workers,
    )
    if archived is not None and walk.first_bad is None and not _backed(engine, archived):
        walk.first_bad, walk.problem = (
            1,
            f"entries 1 to {archived.seq} are gone, but no {LOG_ARCHIVED} entry in the "
            "log records them as archived",
        )
    return finish_report(walk, all_anchors, key_source)


def _backed(engine: sa.Engine, archived: Anchor) -> bool:
    # Called after a clean walk, so every log.archived entry read here is authentic.
    L = schema.audit_log
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(L.c.details).where(L.c.event == LOG_ARCHIVED, L.c.seq > archived.seq)
        ).scalars()
        for details in rows:
            d = json.loads(details)
            if d.get("through_seq") == archived.seq and d.get("through_hash") == archived.hash:
                return True
    return False


def finish_report(walk: ChainWalk, anchors: Iterable[Anchor], key_source: str) -> VerifyReport:
    """Turn a chain walk plus recorded heads into a report."""
    if walk.first_bad is not None:
        return VerifyReport(
            False, walk.entries, walk.head, key_source, walk.first_bad, walk.problem
        )
    names: list[str] = []
    for anchor in anchors:
        names.append(anchor.source)
        if anchor.seq > walk.head.seq:
            return VerifyReport(
                False,
                walk.entries,
                walk.head,
                key_source,
                walk.head.seq + 1,
                f"entries {walk.head.seq + 1} to {anchor.seq} are missing: the log ends at "
                f"entry {walk.head.seq} but {anchor.source} records entry {anchor.seq}",
                tuple(names),
            )
        seen = walk.hashes.get(anchor.seq)
        if anchor.seq > 0 and seen is not None and seen != anchor.hash:
            return VerifyReport(
                False,
                walk.entries,
                walk.head,
                key_source,
                anchor.seq,
                f"entry {anchor.seq} differs from the one {anchor.source} records",
                tuple(names),
            )
    return VerifyReport(True, walk.entries, walk.head, key_source, checked_anchors=tuple(names))
