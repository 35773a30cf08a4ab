""" "Test connection": ask a configured source whether it answers, without searching
anyone. A connector may define ``health(context) -> Outcome``; otherwise a source on the
network gets one GET on its base URL through the shared HTTP machinery (same timeout,
redirect rule and size cap as a search), and an offline one is checked for what it needs.
Credentials it cannot go without are checked first: a missing one sends nothing."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from skiptrace.sources.context import Context, Credentials, missing_secret_message
from skiptrace.sources.http import request, where
from skiptrace.sources.model import CancelToken, Manifest, Outcome, SourceFailure, Status

DEFAULT_TIMEOUT = 10.0
# answers that prove the server is there and listening, though not to a bare GET
_REACHABLE = frozenset({400, 404, 405, 422})


@dataclass(frozen=True)
class Health:
    """Whether a source answered, and what to tell the administrator."""

    status: Status
    message: str

    @property
    def ok(self) -> bool:
        """Whether the source can be searched as configured."""
        return self.status is Status.OK


def check_health(
    connector: type,
    manifest: Manifest,
    settings: Mapping[str, str],
    credentials: Credentials,
    session_factory: Callable[[], requests.Session] = requests.Session,
) -> Health:
    """Run the connector's health check (or the generic one) under its settings."""
    missing = credentials.missing(manifest.needed_credentials(settings))
    if missing:
        return Health(Status.AUTH_FAILED, missing_secret_message(manifest.id, missing[0]))
    timeout = _number(settings.get("timeout"), DEFAULT_TIMEOUT)
    with session_factory() as session:
        ctx = Context(
            manifest.id,
            session,
            credentials,
            time.monotonic() + timeout,
            CancelToken(),
            settings=dict(settings),
        )
        started = time.monotonic()
        try:
            own = getattr(connector, "health", None)
            if own is not None:
                outcome: Outcome = own(connector(), ctx)
                return Health(outcome.status, outcome.message or outcome.status.value)
            return _generic(manifest, settings, ctx, started)
        except SourceFailure as exc:
            return Health(exc.status, exc.message)


def _number(text: str | None, default: float) -> float:
    try:
        return float(text) if text else default
    except ValueError:
        return default


def _generic(
    manifest: Manifest, settings: Mapping[str, str], ctx: Context, started: float
) -> Health:
    base = (settings.get("base_url") or "").strip()
    if not base and settings.get("url"):  # a URL template: its server, not a filled path
        parts = urlsplit(settings["url"].strip())
        base = f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else ""
    if not manifest.network:
        if "path" in manifest.defaults:  # a file-backed source: the file must be there
            path = Path((settings.get("path") or "").strip())
            if not str(path) or str(path) == ".":
                return Health(Status.ERROR, "no file is set: choose the vendor's return file")
            if not path.is_file():
                return Health(Status.ERROR, f"the file {path} is not there or is not a file")
            return Health(Status.OK, f"the file {path.name} is there and readable")
        return Health(Status.OK, "works on this computer: there is nothing to connect to")
    if not base:
        return Health(Status.ERROR, "no base URL is set: enter where the source's API is")
    answer = request(ctx, "GET", base, ok_statuses=_REACHABLE)
    ms = (time.monotonic() - started) * 1000
    return Health(Status.OK, f"{where(base)} answered (HTTP {answer.status}) in {ms:.0f} ms")
