"""The token bucket with many callers: each waits for a token of its own, in turn, so the
rate holds and nobody is woken for a token someone else takes; a cancelled wait gives its
token back."""

from __future__ import annotations

import threading
import time

import pytest

from skiptrace.sources.context import TokenBucket
from skiptrace.sources.model import CancelToken, RateLimit, SourceFailure, Status


def test_many_waiting_callers_get_one_token_each_at_the_rate() -> None:
    bucket = TokenBucket(RateLimit(per_second=50, burst=1))
    token = CancelToken()
    got: list[float] = []
    lock = threading.Lock()

    def call() -> None:
        bucket.acquire(time.monotonic() + 5, token)
        with lock:
            got.append(time.monotonic())

    threads = [threading.Thread(target=call) for _ in range(12)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 12
    assert max(got) - t0 >= 11 / 50 - 0.01  # the first token at once, then one per 20 ms
    assert max(got) - t0 < 2


def test_a_token_past_the_deadline_is_not_taken_and_a_cancelled_wait_gives_it_back() -> None:
    bucket = TokenBucket(RateLimit(per_second=2, burst=1))
    token = CancelToken()
    bucket.acquire(time.monotonic() + 1, token)  # the burst
    with pytest.raises(SourceFailure) as refused:
        bucket.acquire(time.monotonic() + 0.1, token)  # the next is due in 0.5 s
    assert refused.value.status is Status.RATE_LIMITED
    cancel = CancelToken()
    threading.Timer(0.05, cancel.cancel).start()
    with pytest.raises(SourceFailure) as stopped:
        bucket.acquire(time.monotonic() + 5, cancel)  # reserved, then cancelled
    assert stopped.value.status is Status.CANCELLED
    t0 = time.monotonic()
    bucket.acquire(time.monotonic() + 5, token)  # the token given back: due in 0.45 s
    assert time.monotonic() - t0 < 0.7  # without it: 0.95 s
