"""Time as a workspace records it: UTC, ISO 8601 with microseconds and a ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    """UTC time with microseconds, ISO 8601, as entries and rows carry it."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
