"""Concurrency caps: at most N requests in flight to one connector, over every search.

A batch runs many accounts at once; without a cap a slow source would get as many open
connections as there are accounts in flight. The orchestrator keeps one ``Slots`` for all
its searches, so the cap (like the token bucket) holds across the whole batch.
"""

from __future__ import annotations

import threading
import time

from skiptrace.sources.model import CancelToken, SourceFailure, Status


class Slots:
    """One semaphore per connector; the cap is a connector's ``max_concurrent`` setting,
    else the default given here (None: no cap)."""

    def __init__(self, default: int | None = None) -> None:
        self.default = default
        self._held: dict[str, tuple[int, threading.BoundedSemaphore]] = {}
        self._lock = threading.Lock()

    def for_connector(self, cid: str, setting: str | None) -> threading.BoundedSemaphore | None:
        """The connector's semaphore, or None when it has no cap."""
        try:
            cap = int(setting) if setting else self.default
        except ValueError:
            cap = self.default
        if not cap or cap < 1:
            return None
        with self._lock:
            held = self._held.get(cid)
            if held is None or held[0] != cap:
                held = self._held[cid] = (cap, threading.BoundedSemaphore(cap))
            return held[1]


def take_slot(slot: threading.BoundedSemaphore, deadline: float, token: CancelToken) -> None:
    """Wait for a free slot; ``SourceFailure`` when none comes by the deadline or on cancel."""
    while not slot.acquire(timeout=min(0.05, max(0.0, deadline - time.monotonic()))):
        if token.cancelled:
            raise SourceFailure(Status.CANCELLED, "cancelled while waiting for the source")
        if time.monotonic() >= deadline:
            raise SourceFailure(
                Status.TIMEOUT,
                "every connection skiptrace allows to this source was busy until the deadline "
                "(its max_concurrent setting); search again later or raise its timeout",
            )
