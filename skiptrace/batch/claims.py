"""Who is working a batch, and taking back the claims of a worker that died.

Each process working a batch registers as a worker and beats a heartbeat into the
workspace. A worker whose heartbeat is older than the claim timeout, or whose process on
this very host is gone, is dead: its claimed accounts are recovered. An account never
logged as started goes back to the queue; one whose ``search.started`` is logged (its
sources may have been asked) gets that search closed as interrupted and is not searched
again, so no source is asked twice.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import uuid
from dataclasses import dataclass

import sqlalchemy as sa

from skiptrace.batch.model import ItemState
from skiptrace.batch.queue import finish_item, release
from skiptrace.clock import utc_now
from skiptrace.gate.search_entries import close_interrupted
from skiptrace.searchlog.encoding import ENTRY_COLUMNS
from skiptrace.searchlog.entry import AuditEntry, row_to_entry
from skiptrace.searchlog.events import SEARCH_COMPLETED, SEARCH_STARTED
from skiptrace.sources.model import Status
from skiptrace.store import schema
from skiptrace.store.db_clock import database_seconds
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace

W = schema.batch_workers
BA = schema.batch_accounts
DEFAULT_CLAIM_TIMEOUT = 120.0  # seconds without a heartbeat before a worker counts as dead
RUNNING, STOPPED, DEAD = "running", "stopped", "dead"


@dataclass(frozen=True)
class Recovery:
    """What recovering dead workers' claims did."""

    released: int  # never started: back in the queue
    interrupted: int  # started: closed as interrupted, not searched again
    dead_workers: tuple[str, ...] = ()


def _process_gone(host: str, pid: int) -> bool:
    if host != socket.gethostname() or sys.platform == "win32" or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Worker:
    """This process's registration on a batch, with a heartbeat thread while it works."""

    def __init__(self, workspace: Workspace, batch_id: str, heartbeat: float = 5.0) -> None:
        self.workspace = workspace
        self.batch_id = batch_id
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._interval = heartbeat
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Worker:
        now = utc_now()
        with write_connection(self.workspace.engine) as conn, conn.begin():
            conn.execute(
                W.insert().values(
                    worker_id=self.worker_id,
                    batch_id=self.batch_id,
                    user_name=self.workspace.actor.user,
                    host=socket.gethostname(),
                    pid=os.getpid(),
                    started_at=now,
                    heartbeat_at=now,
                    heartbeat_mono=database_seconds(conn),
                    state=RUNNING,
                )
            )
        self._thread = threading.Thread(target=self._beat, name="batch-heartbeat", daemon=True)
        self._thread.start()
        return self

    def _beat(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.beat()
            except sa.exc.SQLAlchemyError:
                continue  # a missed beat is retried; a long outage makes us look dead

    def beat(self) -> None:
        """Record that this worker is alive."""
        with write_connection(self.workspace.engine) as conn, conn.begin():
            conn.execute(
                W.update()
                .where(W.c.worker_id == self.worker_id)
                .values(heartbeat_at=utc_now(), heartbeat_mono=database_seconds(conn))
            )

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self._interval + 1)
        with write_connection(self.workspace.engine) as conn, conn.begin():
            conn.execute(W.update().where(W.c.worker_id == self.worker_id).values(state=STOPPED))


def live_workers(conn: sa.Connection, batch_id: str, claim_timeout: float) -> list[str]:
    """Workers on the batch that are running and not dead. A heartbeat's age is measured
    on the database's clock, so desktops whose clocks disagree still judge alike."""
    age = (database_seconds(conn) - W.c.heartbeat_mono).label("age")
    rows = conn.execute(
        sa.select(W.c.worker_id, W.c.host, W.c.pid, age).where(
            W.c.batch_id == batch_id, W.c.state == RUNNING
        )
    )
    return [
        r.worker_id for r in rows if r.age <= claim_timeout and not _process_gone(r.host, r.pid)
    ]


def _logged(conn: sa.Connection, account_id: str, search_id: str) -> dict[str, AuditEntry]:
    L = schema.audit_log
    rows = conn.execute(
        sa.select(*(L.c[c] for c in ENTRY_COLUMNS)).where(
            L.c.account_id == account_id,
            L.c.event.in_((SEARCH_STARTED, SEARCH_COMPLETED)),
            L.c.details.contains(f'"search_id":"{search_id}"', autoescape=True),
        )
    )
    return {e.event: e for e in map(row_to_entry, rows)}


def recover(
    workspace: Workspace, batch_id: str, claim_timeout: float = DEFAULT_CLAIM_TIMEOUT
) -> Recovery:
    """Take back the claims of the batch's dead workers (see the module docstring)."""
    released: list[int] = []
    interrupted = 0
    with write_connection(workspace.engine) as conn, conn.begin():
        alive = set(live_workers(conn, batch_id, claim_timeout))
        dead = [
            w
            for w in conn.execute(
                sa.select(W.c.worker_id).where(W.c.batch_id == batch_id, W.c.state == RUNNING)
            ).scalars()
            if w not in alive
        ]
        if dead:
            conn.execute(W.update().where(W.c.worker_id.in_(dead)).values(state=DEAD))
        orphans = conn.execute(
            sa.select(BA.c.position, BA.c.account_id, BA.c.search_id)
            .where(
                BA.c.batch_id == batch_id,
                BA.c.state == ItemState.CLAIMED.value,
                BA.c.worker_id.not_in(sorted(alive)),
            )
            .with_for_update(skip_locked=True)
        ).all()
        for row in orphans:
            logged = _logged(conn, row.account_id, row.search_id)
            if not logged:
                released.append(row.position)
                continue
            if SEARCH_COMPLETED not in logged:
                close_interrupted(
                    workspace.log, logged[SEARCH_STARTED], Status.INTERRUPTED.value, conn=conn
                )
            _close_search_row(conn, row.search_id)
            finish_item(conn, batch_id, row.position, ItemState.INTERRUPTED)
            interrupted += 1
        release(conn, batch_id, released)
    return Recovery(len(released), interrupted, tuple(dead))


def _close_search_row(conn: sa.Connection, search_id: str) -> None:
    S = schema.searches
    conn.execute(
        S.update()
        .where(S.c.search_id == search_id, S.c.state == "running")
        .values(state=ItemState.INTERRUPTED.value, completed_at=utc_now())
    )
