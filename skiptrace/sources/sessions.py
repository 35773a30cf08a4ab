"""HTTP sessions kept warm across many searches (a batch's).

The orchestrator opens a session for every connector call and closes it after; over a
batch of thousands that is a new TCP (and TLS) connection per request. A ``SessionPool``
hands out idle sessions instead and takes them back on ``close``, so each connector's
connections are reused. A session is used by one call at a time.

The pool also reads the proxy environment (``HTTPS_PROXY``, ``NO_PROXY``, ...) once per
origin for the run, not once per request as requests does: with thousands of requests
that walk over ``os.environ`` was a good share of the time a request took. The netrc
file (``~/.netrc``, ``NETRC``) is likewise looked up once per host, not at every request.
"""

from __future__ import annotations

import os
import threading
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.sessions import merge_setting
from requests.utils import get_environ_proxies, get_netrc_auth


class PooledSession(requests.Session):
    """A session of a ``SessionPool``: ``close`` hands it back for the next call."""

    def __init__(self, pool: SessionPool) -> None:
        super().__init__()
        self._pool = pool

    def netrc_auth(self, url: str) -> tuple[str, str] | None:
        """The netrc file's login for ``url``'s host, as requests would find it (looked
        up once per host by the pool)."""
        return self._pool.netrc_auth(url)

    def plain_environment(self, url: str) -> tuple[bool, Any, Any]:
        """For a request that sets no proxies, verify or cert of its own: whether a proxy
        or a netrc login applies to ``url`` (it must then go through ``request``), and the
        ``verify`` and ``cert`` requests would use. The environment is read once per
        origin by the pool."""
        if not self.trust_env:
            return bool(self.proxies), self.verify, self.cert
        detour = bool(self.proxies or self._pool.environ_proxies(url, None))
        detour = detour or self.netrc_auth(url) is not None
        return detour, self._pool.ca_bundle() or self.verify, self.cert

    def merge_environment_settings(
        self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> Any:
        if not self.trust_env or not isinstance(url, str):
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        # requests' own steps, with the environment read once per origin by the pool
        no_proxy = proxies.get("no_proxy") if proxies is not None else None
        if proxies is not None:
            for k, v in self._pool.environ_proxies(url, no_proxy).items():
                proxies.setdefault(k, v)
        if verify is True or verify is None:
            verify = self._pool.ca_bundle() or verify
        return {
            "proxies": merge_setting(proxies, self.proxies),
            "stream": merge_setting(stream, self.stream),
            "verify": merge_setting(verify, self.verify),
            "cert": merge_setting(cert, self.cert),
        }

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        if not self.trust_env or request.auth or self.auth or not isinstance(request.url, str):
            return super().prepare_request(request)
        # requests' own netrc step, with the file looked up once per host by the pool
        request.auth = self.netrc_auth(request.url)
        self.trust_env = False  # (the only use prepare_request makes of it)
        try:
            return super().prepare_request(request)
        finally:
            self.trust_env = True

    def close(self) -> None:
        self._pool.give_back(self)

    def really_close(self) -> None:
        super().close()


class SessionPool:
    """A factory of sessions (``pool.session``) whose ``close`` returns them here."""

    def __init__(self, keep: int = 64) -> None:
        self._idle: list[PooledSession] = []
        self._keep = keep
        self._lock = threading.Lock()
        self._proxies: dict[tuple[str, str, Any], dict[str, str]] = {}
        self._ca: tuple[str | None] | None = None
        self._netrc: dict[str, tuple[str, str] | None] = {}

    def environ_proxies(self, url: str, no_proxy: Any) -> dict[str, str]:
        """The environment's proxies for ``url`` (read once per origin)."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc, no_proxy)
        found = self._proxies.get(key)
        if found is None:
            found = self._proxies[key] = get_environ_proxies(url, no_proxy=no_proxy)
        return dict(found)

    def netrc_auth(self, url: str) -> tuple[str, str] | None:
        """The netrc file's login for ``url``'s host (looked up once per host)."""
        host = urlsplit(url).netloc
        if host not in self._netrc:
            self._netrc[host] = get_netrc_auth(url)
        return self._netrc[host]

    def ca_bundle(self) -> str | None:
        """``REQUESTS_CA_BUNDLE`` or ``CURL_CA_BUNDLE`` (read once)."""
        if self._ca is None:
            self._ca = (os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE"),)
        return self._ca[0]

    def session(self) -> requests.Session:
        """An idle session, or a new one."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return PooledSession(self)

    def give_back(self, session: PooledSession) -> None:
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
