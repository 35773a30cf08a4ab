"""Retention: archive entries past their retention period to a sealed export.

Regulation F §1006.100 asks for records to be kept three years after the last activity
on a debt; DPPA re-disclosure records (18 U.S.C. 2721(c)) five years. Only a prefix of
the chain can leave the live log, so it keeps verifying: entries ``first..N`` are
written to a JSONL export (read-only, its SHA-256 noted), then one transaction appends a
``log.archived`` entry holding entry N's hash and the file's digest, records that head in
``meta`` and deletes ``first..N``; the database triggers allow deletes at or below that
recorded head only. ``SearchLog.verify`` then starts from the recorded head and checks
that a ``log.archived`` entry backs it. The sealed file verifies offline with
``python -m skiptrace.verify``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from skiptrace.gate.roles import MAY_ADMINISTER, require_role
from skiptrace.searchlog.entry import AuditEntry
from skiptrace.searchlog.events import DPPA_REDISCLOSED, LOG_ARCHIVED
from skiptrace.searchlog.export import write_jsonl
from skiptrace.searchlog.verification import META_ARCHIVED_HASH, META_ARCHIVED_SEQ
from skiptrace.store import schema
from skiptrace.store.engine import write_connection
from skiptrace.store.settings import scope_settings
from skiptrace.workspace.workspace import Workspace

SCOPE = "retention"
L = schema.audit_log


class ArchiveRefused(RuntimeError):
    """Archiving would hide a broken chain, or there is nothing old enough to archive."""


@dataclass(frozen=True)
class RetentionPolicy:
    """How many years entries are kept after the last activity on their account."""

    years: int = 3
    dppa_years: int = 5


@dataclass(frozen=True)
class ArchiveResult:
    """What was archived and where its head now lives."""

    path: Path
    first_seq: int
    through_seq: int
    through_hash: str
    entries: int
    sha256: str
    record: AuditEntry


def load_policy(engine: sa.Engine) -> RetentionPolicy:
    """The workspace's retention policy (settings scope ``retention``), else the defaults."""
    with engine.connect() as conn:
        rows = scope_settings(conn, SCOPE)
    base = RetentionPolicy()
    return RetentionPolicy(
        int(rows.get("years", base.years)), int(rows.get("dppa_years", base.dppa_years))
    )


def _years_before(now: datetime, years: int) -> str:
    try:
        then = now.replace(year=now.year - years)
    except ValueError:  # 29 February
        then = now.replace(year=now.year - years, day=28)
    return then.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def archivable_through(
    engine: sa.Engine, policy: RetentionPolicy, now: datetime | None = None
) -> int:
    """The last entry of the longest prefix of the live log that is past retention (0: none).

    An entry about an account is past retention when the account's last entry is older
    than the period (five years if DPPA data on it was re-disclosed); any other entry
    when it is itself older than the period.
    """
    now = now or datetime.now(UTC)
    cutoff, dppa_cutoff = _years_before(now, policy.years), _years_before(now, policy.dppa_years)
    with engine.connect() as conn:
        last = dict(
            conn.execute(
                sa.select(L.c.account_id, sa.func.max(L.c.ts))
                .where(L.c.account_id != "")
                .group_by(L.c.account_id)
            ).all()
        )
        dppa = set(
            conn.execute(
                sa.select(L.c.account_id).where(L.c.event == DPPA_REDISCLOSED).distinct()
            ).scalars()
        )
        through = 0
        after = 0
        while True:
            rows = conn.execute(
                sa.select(L.c.seq, L.c.ts, L.c.account_id)
                .where(L.c.seq > after)
                .order_by(L.c.seq)
                .limit(5000)
            ).all()
            for seq, ts, account in rows:
                limit = dppa_cutoff if account in dppa else cutoff
                if (last.get(account, ts) if account else ts) >= limit:
                    return through
                through = seq
            if len(rows) < 5000:
                return through
            after = int(rows[-1][0])


def archive(
    ws: Workspace, out: Path, through: int | None = None, now: datetime | None = None
) -> ArchiveResult:
    """Archive entries up to ``through`` (default: all past retention) to ``out``."""
    require_role(ws.engine, ws.actor.user, MAY_ADMINISTER, "archive the search log")
    report = ws.log.verify()
    if not report.ok:
        raise ArchiveRefused(f"the chain is broken, nothing archived: {report.summary()}")
    policy = load_policy(ws.engine)
    eligible = archivable_through(ws.engine, policy, now)
    through = eligible if through is None else through
    if through > eligible:
        raise ArchiveRefused(
            f"entry {through} is still within the retention period; entries up to "
            f"{eligible} may be archived"
        )
    archived = ws.log.archived_head()
    first = (archived.seq if archived else 0) + 1
    if through < first:
        raise ArchiveRefused("no entries are past the retention period")
    if out.exists():
        raise FileExistsError(f"{out} exists; archives are never overwritten")
    last = ws.log.get(through)
    if last is None:
        raise ArchiveRefused(f"entry {through} is not in the live log")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("x", encoding="utf-8", newline="") as fh:
        n = write_jsonl(ws.log.entries(first, through + 1), fh)
        fh.flush()
        os.fsync(fh.fileno())
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    out.chmod(0o444)
    with write_connection(ws.engine) as conn, conn.begin():
        record = ws.log.append(
            LOG_ARCHIVED,
            details={
                "first_seq": first,
                "through_seq": through,
                "through_hash": last.hash,
                "entries": n,
                "file": out.name,
                "sha256": digest,
                "policy": asdict(policy),
            },
            conn=conn,
        )
        meta = schema.meta
        conn.execute(meta.delete().where(meta.c.key.in_((META_ARCHIVED_SEQ, META_ARCHIVED_HASH))))
        conn.execute(
            meta.insert(),
            [
                {"key": META_ARCHIVED_SEQ, "value": str(through)},
                {"key": META_ARCHIVED_HASH, "value": last.hash},
            ],
        )
        conn.execute(L.delete().where(L.c.seq <= through))
    return ArchiveResult(out, first, through, last.hash, n, digest, record)
