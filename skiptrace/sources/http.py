"""HTTP for connectors, written once: rate limit, deadline, retry, size cap, classification.

Every way a source can fail becomes a ``SourceFailure`` with the right status and a
message a collector can act on, so that a quota error never looks like an empty result
and a bad key never looks like "not found". Messages never carry the URL's query string,
request headers or the response body: those may hold PII or secrets.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from skiptrace.sources.context import Context
from skiptrace.sources.model import SourceFailure, Status

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 2
DEFAULT_MAX_RETRY_WAIT = 3.0  # longer Retry-After values are reported, not slept through
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


def _read_capped(resp: requests.Response, ctx: Context, max_bytes: int) -> bytes:
    declared = resp.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_big(max_bytes)
    chunks: list[bytes] = []
    total = 0
    raw = resp.raw
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
) -> HttpAnswer:
    """Send one logical request with the shared machinery; the answer or ``SourceFailure``.

    Retries (with backoff, honouring ``Retry-After`` up to ``max_retry_wait``) only when
    the request is idempotent: GET and friends, or ``idempotent=True`` for a read-only
    POST. Statuses in ``ok_statuses`` (e.g. a source's 404 for "no such person") are
    returned instead of classified.
    """
    method = method.upper()
    may_retry = idempotent if idempotent is not None else method in IDEMPOTENT_METHODS
    retries = int(ctx.number("retries", DEFAULT_RETRIES)) if may_retry else 0
    max_wait = ctx.number("max_retry_wait", DEFAULT_MAX_RETRY_WAIT)
    timeout = ctx.number("timeout", DEFAULT_TIMEOUT)
    max_bytes = int(ctx.number("max_bytes", ctx.max_bytes))
    place = where(url)
    attempt = 0
    while True:
        ctx.check()
        if ctx.limiter is not None:
            ctx.limiter.acquire(ctx.deadline, ctx.cancel)
        try:
            answer = _attempt(
                ctx,
                method,
                url,
                params,
                headers,
                json_body,
                min(timeout, ctx.remaining()),
                max_bytes,
                place,
                ok_statuses,
            )
        except _Transient as exc:
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


class _Transient(SourceFailure):
    """A connection failure before any answer: safe to retry an idempotent request."""


def _attempt(
    ctx: Context,
    method: str,
    url: str,
    params: Mapping[str, Any] | None,
    headers: Mapping[str, str] | None,
    json_body: Any,
    timeout: float,
    max_bytes: int,
    place: str,
    ok_statuses: frozenset[int],
) -> HttpAnswer:
    if timeout <= 0:
        raise SourceFailure(Status.TIMEOUT, "no time was left before the deadline")
    try:
        resp = ctx.session.request(
            method,
            url,
            params=params,
            headers=dict(headers or {}),
            json=json_body,
            timeout=(min(timeout, 5.0), timeout),
            stream=True,
        )
    except requests.exceptions.Timeout:
        raise SourceFailure(
            Status.TIMEOUT, f"{place} did not answer within {timeout:.1f} s"
        ) from None
    except requests.exceptions.ConnectionError as exc:
        raise _Transient(Status.UNAVAILABLE, _connection_message(exc, place)) from None
    except requests.exceptions.RequestException as exc:
        raise SourceFailure(
            Status.ERROR, f"the request to {place} could not be sent ({type(exc).__name__})"
        ) from None
    try:
        # an error's body is never read: it is not needed and may echo the query
        wanted = resp.status_code < 400 or resp.status_code in ok_statuses
        body = _read_capped(resp, ctx, max_bytes) if wanted else b""
        answer = HttpAnswer(resp.status_code, dict(resp.headers), body)
    except requests.exceptions.RequestException as exc:
        raise SourceFailure(Status.UNAVAILABLE, _connection_message(exc, place)) from None
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
        resp.close()
    return answer


def _connection_message(exc: Exception, place: str) -> str:
    text = repr(exc).lower()  # inspected for the kind of failure only, never shown
    if "reset" in text or "aborted" in text or "remotedisconnected" in text:
        return f"the connection to {place} was reset by the other end (connect failed or dropped)"
    if "refused" in text:
        return f"could not connect to {place}: connection refused (is the base_url right?)"
    if "name or service" in text or "resolve" in text or "nodename" in text:
        return f"could not connect to {place}: the host name does not resolve"
    return f"could not connect to {place} (network unreachable or connection dropped)"


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
