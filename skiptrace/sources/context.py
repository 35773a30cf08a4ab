"""What a connector is handed for one search: session, secrets, deadline, cancel, settings.

Also the per-connector token bucket, which outlives a single search (the orchestrator
keeps one per connector), and the narrow, read-only view of the account's history that
the workspace-history connector needs instead of the store itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import requests

from skiptrace.sources.model import CancelToken, RateLimit, SourceFailure, Status

_TRUE = {"1", "true", "yes", "on", "enabled"}
_FALSE = {"0", "false", "no", "off", "disabled"}


def parse_bool(value: str) -> bool:
    """A setting's truth value; ``ValueError`` for anything that is neither."""
    low = value.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError(f"{value!r} is not a yes/no value (use true or false)")


class Credentials:
    """A connector's secrets for one search. Never shows a value in repr, str or logs."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = {k: v for k, v in values.items() if v}

    def get(self, name: str) -> str | None:
        """The secret named ``name``, or None when the keychain has none."""
        return self._values.get(name)

    def has(self, name: str) -> bool:
        """Whether the secret is present (the only thing anyone outside may ask)."""
        return name in self._values

    def missing(self, names: Iterable[str]) -> list[str]:
        """Which of ``names`` are absent."""
        return [n for n in names if n not in self._values]

    def scrub(self, text: str) -> str:
        """``text`` with every secret value replaced by ``***``."""
        for value in self._values.values():
            if len(value) >= 4:
                text = text.replace(value, "***")
        return text

    def __repr__(self) -> str:
        return f"Credentials(names={sorted(self._values)!r}, values=<hidden>)"

    __str__ = __repr__


class TokenBucket:
    """Token-bucket rate limiter for one connector, shared by all its concurrent calls.

    A caller that must wait reserves the next free token at once and sleeps until it is
    due, so callers queue in order and each wakes once: with many searches waiting on one
    slow source, re-checking on every token would wake them all each time.
    """

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        if limit.per_second <= 0:
            raise ValueError("a rate limit needs a positive rate")
        self.limit = limit
        self._clock = clock
        self._tokens = float(max(1, limit.burst))  # below 0: tokens promised ahead
        self._stamp = clock()
        self._lock = threading.Lock()

    def _reserve(self, deadline: float) -> tuple[bool, float]:
        """Take the next token if it is due by ``deadline``; whether it was taken and how
        long until it is due."""
        with self._lock:
            now = self._clock()
            capacity = float(max(1, self.limit.burst))
            self._tokens = min(capacity, self._tokens + (now - self._stamp) * self.limit.per_second)
            self._stamp = now
            wait = 0.0 if self._tokens >= 1.0 else (1.0 - self._tokens) / self.limit.per_second
            if now + wait > deadline:
                return False, wait
            self._tokens -= 1.0
            return True, wait

    def _give_back(self) -> None:
        with self._lock:
            self._tokens = min(float(max(1, self.limit.burst)), self._tokens + 1.0)

    def acquire(self, deadline: float, cancel: CancelToken) -> None:
        """Wait for a token; ``SourceFailure`` (rate_limited) when none comes by ``deadline``."""
        taken, wait = self._reserve(deadline)
        if not taken:
            raise SourceFailure(
                Status.RATE_LIMITED,
                f"skiptrace's own limit for this source ({self.limit.per_second:g} "
                "request(s) a second) left no room before the deadline; search again "
                "shortly",
                retry_after=wait,
            )
        if wait > 0.0 and cancel.wait(wait):
            self._give_back()  # not used: the next caller may have it
            raise SourceFailure(Status.CANCELLED, "cancelled while waiting for the rate limit")


@dataclass(frozen=True, slots=True)
class PastLead:
    """A lead an earlier search of this account produced."""

    kind: str
    value: str
    search_id: str
    found_at: str = ""
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class PastDisposition:
    """What a collector recorded about a lead of this account."""

    lead_kind: str
    lead_value: str
    kind: str  # verified, wrong-party, disconnected, do-not-contact
    user: str
    recorded_at: str
    note: str = ""
    search_id: str = ""


@dataclass(frozen=True, slots=True)
class AccountHistory:
    """Earlier leads and dispositions of one account, newest first."""

    leads: tuple[PastLead, ...] = ()
    dispositions: tuple[PastDisposition, ...] = ()
    consent_date: str = ""  # YYYY-MM-DD, from the account's contact facts
    placement_date: str = ""  # YYYY-MM-DD

    def last_verified(self, kind: str, value_key: Callable[[str], str], value: str) -> str:
        """The date a reassigned-number query asks about (47 CFR 64.1200(m)): the newest
        ``verified`` disposition of this lead, else the consent date, else the placement
        date; "" when the account gives none."""
        wanted = value_key(value)
        for d in self.dispositions:  # newest first
            if d.kind == "verified" and d.lead_kind == kind and value_key(d.lead_value) == wanted:
                return d.recorded_at[:10]
        return self.consent_date or self.placement_date


HistoryReader = Callable[[str], AccountHistory]  # account id -> its history (read-only)


@dataclass(frozen=True)
class Context:
    """Everything a connector gets for one search besides the query."""

    connector_id: str
    session: requests.Session
    credentials: Credentials
    deadline: float  # time.monotonic() value by which the connector must have answered
    cancel: CancelToken
    settings: Mapping[str, str] = field(default_factory=dict)
    limiter: TokenBucket | None = None
    history: HistoryReader | None = None
    max_bytes: int = 5 * 1024 * 1024

    @property
    def log(self) -> logging.Logger:
        """The connector's application logger (scrubbed of PII by the app log filter)."""
        return logging.getLogger(f"skiptrace.connectors.{self.connector_id}")

    def remaining(self) -> float:
        """Seconds left before the deadline (never negative)."""
        return max(0.0, self.deadline - time.monotonic())

    def check(self) -> None:
        """Raise ``SourceFailure`` if the search was cancelled or the deadline passed."""
        if self.cancel.cancelled:
            raise SourceFailure(Status.CANCELLED, "cancelled")
        if time.monotonic() >= self.deadline:
            raise SourceFailure(Status.TIMEOUT, "no answer before the deadline")

    def setting(self, key: str, default: str = "") -> str:
        """A setting as text."""
        value = self.settings.get(key)
        return default if value is None or value == "" else value

    def number(self, key: str, default: float) -> float:
        """A numeric setting; a clear error naming the setting when it is not a number."""
        raw = self.setting(key)
        if not raw:
            return default
        try:
            return float(raw)
        except ValueError:
            raise SourceFailure(
                Status.ERROR,
                f"setting '{key}' of {self.connector_id} is {raw!r}, not a number; fix it with "
                f"skiptrace-cli connectors set {self.connector_id} {key} VALUE",
            ) from None

    def require_setting(self, key: str) -> str:
        """A setting that must be present; ``SourceFailure`` saying how to set it otherwise."""
        value = self.setting(key)
        if not value:
            raise SourceFailure(
                Status.ERROR,
                f"{self.connector_id} is not configured: setting '{key}' is empty; set it with "
                f"skiptrace-cli connectors set {self.connector_id} {key} VALUE",
            )
        return value

    def secret(self, name: str) -> str:
        """A credential; ``auth_failed`` (before any request) when the keychain lacks it."""
        value = self.credentials.get(name)
        if value is None:
            raise SourceFailure(Status.AUTH_FAILED, missing_secret_message(self.connector_id, name))
        return value


def missing_secret_message(connector_id: str, name: str) -> str:
    """What to tell a collector when a credential is not in the keychain."""
    return (
        f"no '{name}' credential for {connector_id} in the keychain; nothing was sent. An "
        f"administrator can add it with: skiptrace-cli connectors set-secret {connector_id} {name}"
    )
