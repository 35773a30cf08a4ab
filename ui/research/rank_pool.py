"""Lead ranking in a process of its own, so that a search's ranking does not take turns
with the window for the interpreter lock.

Measured with ``bench/ui_bench.py`` (8 slow connectors, 2-core VM): ranking on a worker
thread made one search in four stall the window 16-25 ms, as the ranking thread and the
eight connector threads queued for the lock together; ranking in a warm child process
kept every search under 12 ms. The child is spawned when the window is idle and loads
the matcher then; if it dies, ranking falls back to the calling thread.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from skiptrace.candidate import Candidate
from skiptrace.model import Debtor, Disposition
from skiptrace.research.lead_rows import ResearchRows, build_research, warm_up_ranking

log = logging.getLogger("skiptrace.ui")


class RankPool:
    """One warm ranking process; ``rank`` blocks its (worker) caller until it answers."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Spawn the process and load the matcher in it (call when the window is idle)."""
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=warm_up_ranking)
            self._pool.submit(int)  # starts the process now, not at the first search

    def rank(
        self, debtor: Debtor, candidates: Sequence[Candidate], marks: Sequence[Disposition]
    ) -> ResearchRows:
        """``build_research`` in the ranking process (in this thread if that is gone)."""
        self.start()
        assert self._pool is not None
        try:
            return self._pool.submit(build_research, debtor, candidates, marks).result()
        except BrokenProcessPool:
            log.warning("the ranking process ended; ranking in the app instead")
            self._pool = None
            return build_research(debtor, candidates, marks)

    def close(self) -> None:
        """Stop the process (at window close)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
