"""Sending one HTTP request for the shared machinery (``sources.http``): the streamed
urllib3 response, or the failure to send as a ``SourceFailure``.

Most sessions are plain: no cookies, login, hooks, session parameters, proxy or adapter of
their own. Their requests go straight to the connection pool of requests' own adapter (the
same pool, TLS settings, retries and timeouts ``requests`` would use) and skip the
per-request work of ``Session.request`` that a plain session has no use for: merging
settings, dispatching hooks, extracting cookies, building a ``Response``. On loopback
that work cost more CPU than the exchange itself (``bench/http_bench.py``). Any other
session goes through ``Session.request`` unchanged; both give the same urllib3 response
and the same failures.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, cast
from urllib.parse import urlencode

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.cookies import extract_cookies_to_jar
from requests.models import PreparedRequest
from requests.sessions import merge_setting
from requests.structures import CaseInsensitiveDict
from requests.utils import get_netrc_auth
from urllib3 import HTTPConnectionPool
from urllib3.exceptions import (
    ClosedPoolError,
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
)

from skiptrace.sources.model import SourceFailure, Status
from skiptrace.sources.sessions import PooledSession

# how requests' adapter has urllib3 send every request: redirects left to the caller (here,
# ``http._follow``), the body streamed and read as it arrived
_AS_REQUESTS_SENDS: dict[str, Any] = {
    "redirect": False,
    "assert_same_host": False,
    "preload_content": False,
    "decode_content": False,
}


class Transient(SourceFailure):
    """A connection failure before any answer: safe to retry an idempotent request."""


def send(
    session: requests.Session,
    method: str,
    url: str,
    *,
    params: Mapping[str, Any] | None,
    headers: Mapping[str, str],
    json_body: Any,
    timeout: tuple[float, float],
) -> urllib3.BaseHTTPResponse:
    """Send one request (redirects are not followed) and return its response unread;
    read it, then ``finish`` it. Raises what requests or urllib3 raise (see ``failure``)."""
    direct = _direct_route(session, url)
    if direct is None:
        response = session.request(
            method, url, params=params, headers=dict(headers), json=json_body,
            timeout=timeout, stream=True, allow_redirects=False,
        )  # fmt: skip
        return response.raw
    adapter, verify, cert = direct
    prepared = PreparedRequest()  # as Session.prepare_request would, with nothing to merge
    prepared.prepare_method(method)
    prepared.url = full_url(url, params)
    prepared.prepare_headers(merge_setting(headers or None, session.headers, CaseInsensitiveDict))
    prepared.prepare_body(None, None, json_body)
    host, tls = _pool_key(adapter, url, verify, cert)
    manager = adapter.poolmanager
    pool = cast(HTTPConnectionPool, manager.connection_from_host(**host, pool_kwargs=tls))
    adapter.cert_verify(pool, url, verify, cert)
    raw = pool.urlopen(
        method.upper(),
        adapter.request_url(prepared, {}),
        body=prepared.body,
        headers=prepared.headers,
        retries=adapter.max_retries,
        timeout=urllib3.Timeout(connect=timeout[0], read=timeout[1]),
        chunked=not (prepared.body is None or "Content-Length" in prepared.headers),
        **_AS_REQUESTS_SENDS,
    )
    if "set-cookie" in raw.headers:  # kept for the session's next request, as requests does
        extract_cookies_to_jar(session.cookies, prepared, raw)
    return raw


def full_url(url: str, params: Mapping[str, Any] | None) -> str:
    """``url`` with ``params`` as requests prepares it (``PreparedRequest.prepare_url``).

    A connector asks one URL with new parameters each time: the URL itself is prepared
    (parsed, IDNA-encoded, re-quoted) once, and the query string is added to it, which
    re-quoting would leave as it is (it holds only characters a URL allows as they are).
    """
    base = _prepared(url)
    query = query_string(params) if params else ""
    if not query:
        return base
    if "#" in base:  # the query goes before a fragment: let requests place it
        prepared = PreparedRequest()
        prepared.prepare_url(url, query)
        return str(prepared.url)
    return f"{base}{'&' if '?' in base else '?'}{query}"


_POOL_KEYS: dict[tuple[str, Any, Any], tuple[dict[str, Any], dict[str, Any]]] = {}


def _pool_key(
    adapter: HTTPAdapter, url: str, verify: Any, cert: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """requests' connection-pool key for ``url``'s origin with these TLS settings, as its
    adapter works it out for a request without a proxy; kept, since working it out parses
    the URL and looks at the CA bundle on disk."""
    key = (url, verify, cert)
    found = _POOL_KEYS.get(key)
    if found is not None:
        return found
    prepared = PreparedRequest()
    prepared.url = _prepared(url)
    try:
        host, tls = adapter.build_connection_pool_key_attributes(prepared, verify, cert)
    except ValueError as exc:  # as requests reports it
        raise requests.exceptions.InvalidURL(exc) from None
    if len(_POOL_KEYS) > 1024:
        _POOL_KEYS.clear()
    _POOL_KEYS[key] = dict(host), dict(tls)
    return _POOL_KEYS[key]


@lru_cache(maxsize=1024)
def _prepared(url: str) -> str:
    prepared = PreparedRequest()
    prepared.prepare_url(url, None)
    return str(prepared.url)


def query_string(params: Mapping[str, Any]) -> str:
    """``params`` encoded as requests encodes a mapping (a list repeats its key, None is
    left out), without its generic checks for every kind of input, which cost a direct
    request more than building the rest of it."""
    pairs: list[tuple[Any, Any]] = []
    for key, values in params.items():
        if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
            values = [values]
        for value in values:
            if value is not None:
                pairs.append((_utf8(key), _utf8(value)))
    return urlencode(pairs, doseq=True)


def _utf8(value: Any) -> Any:
    return value.encode("utf-8") if isinstance(value, str) else value


def finish(raw: urllib3.BaseHTTPResponse) -> None:
    """Done with a response: a connection whose answer was read whole is already back in
    its pool; one left unread is closed, never reused."""
    raw.close()
    raw.release_conn()


def _direct_route(session: requests.Session, url: str) -> tuple[HTTPAdapter, Any, Any] | None:
    """requests' adapter and TLS settings for ``url`` when the session is plain (see the
    module docstring); None when ``Session.request`` must send it."""
    if session.auth or session.cookies or session.params or session.proxies:
        return None
    if any(session.hooks.values()):
        return None
    try:
        adapter = session.get_adapter(url)
    except requests.exceptions.InvalidSchema:
        return None  # Session.request raises it the usual way
    if type(adapter) is not HTTPAdapter:
        return None
    if isinstance(session, PooledSession):
        detour, verify, cert = session.plain_environment(url)
        return None if detour else (adapter, verify, cert)
    env = session.merge_environment_settings(url, {}, None, None, None)
    if env["proxies"] or (session.trust_env and get_netrc_auth(url)):
        return None
    return adapter, env["verify"], env["cert"]


def failure(exc: BaseException, place: str, timeout: float) -> SourceFailure | None:
    """What a failure to send means, for a person (``Transient`` when retrying is safe);
    None when ``exc`` is not a transport failure. Understands requests' exceptions and
    the urllib3 ones they wrap (the direct route raises those) alike."""
    if isinstance(exc, requests.exceptions.RequestException):  # (an OSError too)
        if isinstance(exc, requests.exceptions.Timeout):
            return _timed_out(place, timeout)
        if isinstance(exc, requests.exceptions.ConnectionError):
            return Transient(Status.UNAVAILABLE, connection_message(exc, place))
        return _not_sent(exc, place)
    reason = exc.reason if isinstance(exc, MaxRetryError) else exc
    if isinstance(reason, ReadTimeoutError) or (
        isinstance(reason, ConnectTimeoutError) and not isinstance(reason, NewConnectionError)
    ):
        return _timed_out(place, timeout)
    if isinstance(reason, ResponseError):
        return _not_sent(exc, place)
    if isinstance(exc, MaxRetryError | ProtocolError | OSError | ClosedPoolError):
        return Transient(Status.UNAVAILABLE, connection_message(exc, place))
    if isinstance(exc, urllib3.exceptions.HTTPError | ValueError):
        # (requests parses a redirect's Location even when it is not to follow it)
        return _not_sent(exc, place)
    return None


def _not_sent(exc: BaseException, place: str) -> SourceFailure:
    return SourceFailure(
        Status.ERROR, f"the request to {place} could not be sent ({type(exc).__name__})"
    )


def _timed_out(place: str, timeout: float) -> SourceFailure:
    return SourceFailure(Status.TIMEOUT, f"{place} did not answer within {timeout:.1f} s")


def connection_message(exc: BaseException, place: str) -> str:
    """Why a connection failed, in words (the exception is read, never shown)."""
    text = repr(exc).lower()
    if "reset" in text or "aborted" in text or "remotedisconnected" in text:
        return f"the connection to {place} was reset by the other end (connect failed or dropped)"
    if "refused" in text:
        return f"could not connect to {place}: connection refused (is the base_url right?)"
    if "name or service" in text or "resolve" in text or "nodename" in text:
        return f"could not connect to {place}: the host name does not resolve"
    return f"could not connect to {place} (network unreachable or connection dropped)"
