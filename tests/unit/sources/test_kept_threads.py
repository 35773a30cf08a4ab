"""Connector calls on kept threads: a finished call's thread serves the next one, a call
that hangs never makes another wait, idle threads leave; a long-lived cancel token
forgets a finished search's callback."""

from __future__ import annotations

import threading
import time

from skiptrace.sources.model import CancelToken
from skiptrace.sources.threads import DaemonThreads


def _run_and_wait(pool: DaemonThreads, fn) -> None:  # type: ignore[no-untyped-def]
    done = threading.Event()

    def job() -> None:
        fn()
        done.set()

    pool.run(job)
    assert done.wait(5)


def test_a_finished_calls_thread_serves_the_next_call() -> None:
    pool = DaemonThreads("t", idle_seconds=5)
    names: list[str] = []
    for _ in range(5):
        _run_and_wait(pool, lambda: names.append(threading.current_thread().name))
        time.sleep(0.01)  # let the thread get back to waiting
    assert len(set(names)) == 1
    assert threading.current_thread().name not in names


def test_a_hung_call_never_makes_another_wait() -> None:
    pool = DaemonThreads("t", idle_seconds=5)
    release = threading.Event()
    pool.run(release.wait, 10)  # hangs until released
    t0 = time.monotonic()
    _run_and_wait(pool, lambda: None)
    assert time.monotonic() - t0 < 2
    release.set()


def test_idle_threads_leave_and_new_ones_start() -> None:
    pool = DaemonThreads("idle-test", idle_seconds=0.05)
    _run_and_wait(pool, lambda: None)
    time.sleep(0.3)
    assert not [t for t in threading.enumerate() if t.name.startswith("idle-test-")]
    _run_and_wait(pool, lambda: None)  # a new thread takes the call


def test_many_calls_at_once_all_run() -> None:
    pool = DaemonThreads("t", idle_seconds=5)
    count = 0
    lock = threading.Lock()
    all_done = threading.Event()

    def job() -> None:
        nonlocal count
        with lock:
            count += 1
            if count == 200:
                all_done.set()

    for _ in range(200):
        pool.run(job)
    assert all_done.wait(10)


def test_a_cancel_callback_taken_back_is_not_called_nor_kept() -> None:
    batch_token = CancelToken()
    called: list[int] = []
    forgets = [batch_token.on_cancel(lambda n=n: called.append(n)) for n in range(100)]
    for forget in forgets[:99]:
        forget()
    forgets[0]()  # twice is harmless
    assert len(batch_token._callbacks) == 1
    batch_token.cancel()
    assert called == [99]
    batch_token.on_cancel(lambda: called.append(-1))()  # already cancelled: called at once
    assert called == [99, -1]
