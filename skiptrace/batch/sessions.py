"""HTTP sessions kept warm across a batch's searches.

The orchestrator opens a session for every connector call and closes it after; over a
batch of thousands that is a new TCP (and TLS) connection per request. A ``SessionPool``
hands out idle sessions instead and takes them back on ``close``, so each connector's
connections are reused. A session is used by one call at a time.
"""

from __future__ import annotations

import threading

import requests


class _PooledSession(requests.Session):
    def __init__(self, pool: SessionPool) -> None:
        super().__init__()
        self._pool = pool

    def close(self) -> None:
        self._pool.give_back(self)

    def really_close(self) -> None:
        super().close()


class SessionPool:
    """A factory of sessions (``pool.session``) whose ``close`` returns them here."""

    def __init__(self, keep: int = 64) -> None:
        self._idle: list[_PooledSession] = []
        self._keep = keep
        self._lock = threading.Lock()

    def session(self) -> requests.Session:
        """An idle session, or a new one."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return _PooledSession(self)

    def give_back(self, session: _PooledSession) -> None:
        """Keep a session for the next call (or close it when enough are idle)."""
        with self._lock:
            if len(self._idle) < self._keep:
                self._idle.append(session)
                return
        session.really_close()

    def close(self) -> None:
        """Close every idle session."""
        with self._lock:
            idle, self._idle = self._idle, []
        for s in idle:
            s.really_close()
