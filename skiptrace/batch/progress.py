"""A batch's progress as a collector watches it: done and left, rate, time left, and each
source's live hit rate. Counted in memory by the running process; the queue in the
workspace is the truth a resume starts from."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from skiptrace.batch.model import AccountResult

HIT = frozenset({"ok"})


@dataclass(frozen=True)
class Progress:
    """One look at a running batch."""

    total: int  # accounts to search in the batch (skipped ones excluded)
    done: int  # finished, by any process, including before a resume
    this_run: int  # finished by this process since it started
    elapsed: float  # seconds this process has been working
    hits: Mapping[str, int] = field(default_factory=dict)  # source -> accounts with records
    asked: Mapping[str, int] = field(default_factory=dict)  # source -> accounts it answered for
    failed: int = 0

    @property
    def left(self) -> int:
        """Accounts still to search."""
        return max(0, self.total - self.done)

    @property
    def rate(self) -> float:
        """Accounts a second, in this run."""
        return self.this_run / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """Estimated time to finish at the current rate (None before the first account)."""
        return self.left / self.rate if self.rate > 0 else None

    def hit_rate(self, source: str) -> float:
        """Share of the accounts a source was asked about where it found records."""
        asked = self.asked.get(source, 0)
        return self.hits.get(source, 0) / asked if asked else 0.0


class Tracker:
    """Counts finished accounts from any worker thread; ``snapshot`` for a progress view."""

    def __init__(self, total: int, done_before: int) -> None:
        self._total = total
        self._before = done_before
        self._this_run = 0
        self._failed = 0
        self._hits: dict[str, int] = {}
        self._asked: dict[str, int] = {}
        self._t0 = time.monotonic()
        self._lock = threading.Lock()

    def finished(self, result: AccountResult | None) -> None:
        """One account is done (``None``: it failed or was interrupted)."""
        with self._lock:
            self._this_run += 1
            if result is None:
                self._failed += 1
                return
            for cid, status in result.outcomes.items():
                if status == "skipped":
                    continue
                self._asked[cid] = self._asked.get(cid, 0) + 1
                if status in HIT:
                    self._hits[cid] = self._hits.get(cid, 0) + 1

    def add_done_elsewhere(self, n: int) -> None:
        """Accounts another desktop finished meanwhile (team batches)."""
        with self._lock:
            self._before += n

    def snapshot(self) -> Progress:
        """The progress now."""
        with self._lock:
            return Progress(
                total=self._total,
                done=self._before + self._this_run,
                this_run=self._this_run,
                elapsed=time.monotonic() - self._t0,
                hits=dict(self._hits),
                asked=dict(self._asked),
                failed=self._failed,
            )
