"""HTTP for connectors, written once: rate limit, deadline, retry, size cap, classification.

Every way a source can fail becomes a ``SourceFailure`` with the right status and a
message a collector can act on, so that a quota error never looks like an empty result
and a bad key never looks like "not found". Messages never carry the URL's query string,
request headers or the response body: those may hold PII or secrets.

Redirects are followed here, not by ``requests``: only within the origin (scheme, host and
port) of the URL asked, at most ``MAX_REDIRECTS`` times. A redirect to another origin is
never followed, so the query and the connector's credential headers never reach a host
the administrator did not configure; it ends the search of that source with a message.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import urllib3

from skiptrace.sources.context import Context
from skiptrace.sources.http_send import Transient, failure, finish, send
from skiptrace.sources.model import SourceFailure, Status

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 2
DEFAULT_MAX_RETRY_WAIT = 3.0  # longer Retry-After values are reported, not slept through
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
_DEFAULT_PORTS = {"http": 80, "https": 443}
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class HttpAnswer:
    """A complete response, read within the size cap and the deadline."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON; ``bad_response`` when it is not JSON."""
        try:
            return json.loads(self.body.decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError):
            raise SourceFailure(
                Status.BAD_RESPONSE,
                f"the source answered HTTP {self.status} with something that is not valid JSON "
                f"({len(self.body)} bytes); its API may have changed or a proxy answered instead",
                field="(body)",
            ) from None


def where(url: str) -> str:
    """Host and path of ``url`` without its query string: safe to show and log."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port of ``url`` (the default port filled in): what a redirect keeps."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:  # a garbled port is never the same origin as anything
        port = -1
    return scheme, (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """A ``Retry-After`` header as seconds (it may be a number or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _read_capped(raw: urllib3.BaseHTTPResponse, ctx: Context, max_bytes: int) -> bytes:
    declared = raw.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_big(max_bytes)
    chunks: list[bytes] = []
    total = 0
    reader = getattr(raw, "read1", None)  # read1: whatever has arrived, so a drip is seen
    while True:
        if ctx.cancel.cancelled:
            raise SourceFailure(Status.CANCELLED, "cancelled while the answer was arriving")
        if time.monotonic() >= ctx.deadline:
            raise SourceFailure(
                Status.TIMEOUT,
                f"the source was still sending its answer at the deadline ({total} bytes "
                "so far); it is overloaded or the timeout setting is too short",
            )
        chunk = reader(_CHUNK, decode_content=True) if reader else raw.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise _too_big(max_bytes)
        chunks.append(chunk)


def _too_big(max_bytes: int) -> SourceFailure:
    return SourceFailure(
        Status.BAD_RESPONSE,
        f"the answer is larger than the {max_bytes // (1024 * 1024) or 1} MB limit and was "
        "cut off unread; narrow the query or raise the connector's max_bytes setting",
        field="(body size)",
    )


def _classify(status: int, headers: Mapping[str, str], place: str) -> SourceFailure | None:
    if status in (401, 403):
        return SourceFailure(
            Status.AUTH_FAILED,
            f"the source refused our credential (HTTP {status} from {place}); the key may be "
            "wrong, expired or lack access: check it and store it again with "
            "skiptrace-cli connectors set-secret",
        )
    if status == 429:
        wait = retry_after_seconds(headers.get("Retry-After"))
        after = f"; it asks us to wait {wait:.0f} s" if wait is not None else ""
        return SourceFailure(
            Status.RATE_LIMITED,
            f"the source's quota or rate limit was reached (HTTP 429){after}. The results are "
            "NOT empty: search this source again later",
            retry_after=wait,
        )
    if status >= 500:
        return SourceFailure(
            Status.UNAVAILABLE,
            f"the source is failing (HTTP {status} from {place}); try again later",
            retry_after=retry_after_seconds(headers.get("Retry-After")),
        )
    if status == 404:
        return SourceFailure(
            Status.ERROR,
            f"nothing answers at {place} (HTTP 404): the base_url setting is wrong or the "
            "source moved its API",
        )
    if status >= 400:
        return SourceFailure(
            Status.ERROR, f"the source rejected the request (HTTP {status} from {place})"
        )
    return None


def request(
    ctx: Context,
    method: str,
    url: str,
    *,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    json_body: Any = None,
    idempotent: bool | None = None,
    ok_statuses: frozenset[int] = frozenset(),
    shown_as: str = "",
) -> HttpAnswer:
    """Send one logical request with the shared machinery; the answer or ``SourceFailure``.

    Retries (with backoff, honouring ``Retry-After`` up to ``max_retry_wait``) only when
    the request is idempotent: GET and friends, or ``idempotent=True`` for a read-only
    POST. Statuses in ``ok_statuses`` (e.g. a source's 404 for "no such person") are
    returned instead of classified. Messages name the URL by its host and path, or by
    ``shown_as`` when the path itself carries query values (a name in a URL template).
    """
    method = method.upper()
    may_retry = idempotent if idempotent is not None else method in IDEMPOTENT_METHODS
    retries = int(ctx.number("retries", DEFAULT_RETRIES)) if may_retry else 0
    max_wait = ctx.number("max_retry_wait", DEFAULT_MAX_RETRY_WAIT)
    timeout = ctx.number("timeout", DEFAULT_TIMEOUT)
    try:
        place = shown_as or where(url)
    except ValueError as exc:  # e.g. an unclosed [ of an IPv6 host
        raise SourceFailure(
            Status.ERROR,
            f"the address to ask is not a valid URL ({exc}); check the base_url setting",
        ) from None
    call = _Call(method, url, params, dict(headers or {}), json_body, ok_statuses, place)
    max_bytes = int(ctx.number("max_bytes", ctx.max_bytes))
    attempt = 0
    while True:
        ctx.check()
        if ctx.limiter is not None:
            ctx.limiter.acquire(ctx.deadline, ctx.cancel)
        try:
            answer = _follow(ctx, call, timeout, max_bytes)
        except Transient as exc:
            failure: SourceFailure = exc
            retryable = True
        else:
            if answer.status < 400 or answer.status in ok_statuses:
                return answer
            classified = _classify(answer.status, answer.headers, place)
            assert classified is not None
            failure = classified
            retryable = answer.status in RETRY_STATUSES
        if not (retryable and attempt < retries):
            raise failure
        wait = failure.retry_after
        if wait is None:
            wait = min(0.1 * (2**attempt), 1.0) * (0.5 + random.random() / 2)
        if wait > max_wait or time.monotonic() + wait >= ctx.deadline:
            raise failure  # honour Retry-After by reporting it, never by overrunning
        if ctx.cancel.wait(wait):
            raise SourceFailure(Status.CANCELLED, "cancelled")
        attempt += 1


@dataclass(frozen=True)
class _Call:
    """One HTTP request as sent (a redirect makes the next one from it)."""

    method: str
    url: str
    params: Mapping[str, Any] | None
    headers: Mapping[str, str]
    json_body: Any
    ok_statuses: frozenset[int]
    place: str  # how messages name the source: the URL first asked, never a Location


def _follow(ctx: Context, call: _Call, timeout: float, max_bytes: int) -> HttpAnswer:
    """One exchange and the same-origin redirects it leads to (``MAX_REDIRECTS`` at most)."""
    home = origin(call.url)
    for hop in range(MAX_REDIRECTS + 1):
        if hop:
            ctx.check()
        answer = _attempt(ctx, call, min(timeout, ctx.remaining()), max_bytes)
        if answer.status not in REDIRECT_STATUSES or answer.status in call.ok_statuses:
            return answer
        place = call.place
        location = answer.headers.get("Location", "").strip()
        if not location:
            raise SourceFailure(
                Status.BAD_RESPONSE,
                f"{place} answered HTTP {answer.status} (a redirect) without saying where to; "
                "its API may have changed",
                field="(Location header)",
            )
        try:
            target = urljoin(call.url, location)
            there = origin(target)
        except ValueError:
            raise SourceFailure(
                Status.BAD_RESPONSE,
                f"{place} answered HTTP {answer.status} (a redirect) to an address that is "
                "not a valid URL; not followed",
                field="(Location header)",
            ) from None
        if there != home:
            scheme, host, port = there
            raise SourceFailure(
                Status.ERROR,
                f"{place} redirected to another host ({scheme}://{host}:{port}); not followed, "
                "so nothing was sent there. If the source moved, check the base_url setting",
            )
        call = replace(call, url=target, params=None)  # the Location carries the query
        if answer.status == 303 or (answer.status in (301, 302) and call.method == "POST"):
            call = replace(call, method="HEAD" if call.method == "HEAD" else "GET", json_body=None)
    raise SourceFailure(
        Status.ERROR,
        f"{call.place} redirected more than {MAX_REDIRECTS} times (a redirect loop?); not "
        "followed further: the base_url setting may be wrong or the source is misconfigured",
    )


def _attempt(ctx: Context, call: _Call, timeout: float, max_bytes: int) -> HttpAnswer:
    place = call.place
    if timeout <= 0:
        raise SourceFailure(Status.TIMEOUT, "no time was left before the deadline")
    try:
        raw = send(
            ctx.session, call.method, call.url, params=call.params, headers=call.headers,
            json_body=call.json_body, timeout=(min(timeout, 5.0), timeout),
        )  # fmt: skip
    except Exception as exc:
        failed = failure(exc, place, timeout)
        if failed is None:
            raise
        raise failed from None
    try:
        # an error's body is never read: it is not needed and may echo the query
        code = raw.status
        wanted = (code < 400 and code not in REDIRECT_STATUSES) or code in call.ok_statuses
        body = _read_capped(raw, ctx, max_bytes) if wanted else b""
        answer = HttpAnswer(code, dict(raw.headers), body)
    except OSError as exc:  # urllib3 surfaces resets and read timeouts mid-body this way
        if "timed out" in str(exc).lower():
            raise SourceFailure(
                Status.TIMEOUT, f"{place} stopped sending its answer for {timeout:.1f} s"
            ) from None
        raise SourceFailure(
            Status.UNAVAILABLE, f"the connection to {place} broke while reading the answer"
        ) from None
    except Exception as exc:  # urllib3 protocol errors are not all OSErrors
        if "Timeout" in type(exc).__name__:
            raise SourceFailure(
                Status.TIMEOUT, f"{place} stopped sending its answer for {timeout:.1f} s"
            ) from None
        if type(exc).__module__.startswith("urllib3"):
            raise SourceFailure(
                Status.UNAVAILABLE, f"the connection to {place} broke while reading the answer"
            ) from None
        raise
    finally:
        finish(raw)
    return answer


def get_json(
    ctx: Context,
    url: str,
    *,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    ok_statuses: frozenset[int] = frozenset(),
) -> Any:
    """GET ``url`` and parse JSON, with everything ``request`` does."""
    return request(ctx, "GET", url, params=params, headers=headers, ok_statuses=ok_statuses).json()
