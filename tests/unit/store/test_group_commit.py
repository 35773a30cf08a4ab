"""Writes that share a commit: each caller returns once its own work is committed, the
writes of callers waiting at once share a transaction, and one caller's failing work
fails that caller alone."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from skiptrace.store.engine import make_engine, to_url
from skiptrace.store.group_commit import GroupCommit, in_own_transaction


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    e = make_engine(to_url(str(tmp_path / "g.sqlite")))
    with e.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (n INTEGER PRIMARY KEY)")
    yield e
    e.dispose()


def _count(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM t").scalar_one())


def _insert(n: int):  # type: ignore[no-untyped-def]
    def work(conn: sa.Connection) -> int:
        conn.exec_driver_sql("INSERT INTO t (n) VALUES (?)", (n,))
        return n

    return work


def test_each_caller_returns_its_value_once_its_row_is_committed(engine: sa.Engine) -> None:
    seen: list[tuple[int, int]] = []
    lock = threading.Lock()
    with GroupCommit(engine) as write:

        def call(n: int) -> None:
            value = write(_insert(n))
            with engine.connect() as conn:  # another connection: committed, not pending
                present = conn.exec_driver_sql("SELECT count(*) FROM t WHERE n = ?", (n,))
                found = int(present.scalar_one())
            with lock:
                seen.append((value, found))

        threads = [threading.Thread(target=call, args=(n,)) for n in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(seen) == [(n, 1) for n in range(40)]
    assert _count(engine) == 40


def _queued_behind_one(write: GroupCommit, calls: list[Callable[[], None]]) -> None:
    """Run ``calls`` on threads of their own while the writer is held by another piece of
    work, so that they all wait together; then let the writer go and wait for them."""
    gate = threading.Event()
    blocker = threading.Thread(target=write, args=(lambda conn: gate.wait(5),))
    blocker.start()
    threading.Event().wait(0.1)
    threads = [threading.Thread(target=call) for call in calls]
    for t in threads:
        t.start()
    threading.Event().wait(0.2)
    gate.set()
    for t in [blocker, *threads]:
        t.join()


def test_work_waiting_together_shares_one_transaction(engine: sa.Engine) -> None:
    commits = []
    sa.event.listen(engine, "commit", lambda conn: commits.append(1))
    with GroupCommit(engine) as write:
        _queued_behind_one(write, [lambda n=n: write(_insert(n)) for n in range(10)])
    assert _count(engine) == 10
    assert len(commits) == 2  # the blocker's, then all ten in one


def test_a_failing_piece_fails_alone(engine: sa.Engine) -> None:
    results: dict[int, object] = {}

    def call(n: int) -> None:
        try:
            results[n] = write(_insert(0 if n == 5 else n))  # 5 collides with 0's key
        except sa.exc.IntegrityError as exc:
            results[n] = exc

    with GroupCommit(engine) as write:
        _queued_behind_one(write, [lambda n=n: call(n) for n in range(8)])
    failed = [n for n, r in results.items() if isinstance(r, Exception)]
    assert len(failed) == 1 and failed[0] in (0, 5)
    assert _count(engine) == 7  # everyone else's row is there


def test_closed_committer_refuses_work_and_own_transaction_commits(engine: sa.Engine) -> None:
    write = GroupCommit(engine)
    write.close()
    with pytest.raises(RuntimeError):
        write(_insert(1))
    assert in_own_transaction(engine)(_insert(2)) == 2
    assert _count(engine) == 1


def test_a_caller_alone_writes_on_its_own_thread(engine: sa.Engine) -> None:
    ran_on: list[int] = []

    def work(conn: sa.Connection) -> int:
        ran_on.append(threading.get_ident())
        return _insert(1)(conn)

    with GroupCommit(engine) as write:
        assert write(work) == 1
    assert ran_on == [threading.get_ident()]  # no hand-off to another thread


def test_many_callers_each_get_their_own_answer(engine: sa.Engine) -> None:
    """50 threads writing 20 rows each, every seventh row colliding with one written
    before: every caller is answered (no one left waiting for a lead), each failure is
    its own, and every other row is there."""
    failures: list[int] = []
    lock = threading.Lock()

    def call(t: int) -> None:
        for k in range(20):
            n = t * 20 + k
            try:
                assert write(_insert(t * 20 if k % 7 == 6 else n)) == (t * 20 if k % 7 == 6 else n)
            except sa.exc.IntegrityError:
                with lock:
                    failures.append(n)

    with GroupCommit(engine, max_group=8) as write:
        threads = [threading.Thread(target=call, args=(t,)) for t in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert not any(t.is_alive() for t in threads)
    assert sorted(failures) == sorted(t * 20 + k for t in range(50) for k in (6, 13))
    assert _count(engine) == 50 * 18
