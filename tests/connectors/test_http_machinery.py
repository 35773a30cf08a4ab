"""The shared machinery connectors get for free: retry, Retry-After, rate limit, registry."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from werkzeug import Request, Response

from skiptrace.connector_api import (
    CancelToken,
    LeadKind,
    Manifest,
    RateLimit,
    SourceFailure,
    Status,
    TokenBucket,
    get_json,
    request,
    retry_after_seconds,
)
from skiptrace.sources.registry import ConnectorBroken, ConnectorRegistry
from skiptrace.sources.settings import SettingError, check_setting
from tests.helpers.loopback import make_context


def flaky(responses: list[Response]):
    calls: list[str] = []

    def handler(req: Request) -> Response:
        calls.append(req.method)
        return responses[min(len(calls) - 1, len(responses) - 1)]

    return handler, calls


def test_a_short_retry_after_is_waited_for_then_the_answer_is_used(loopback_http):
    handler, calls = flaky(
        [
            Response("{}", status=429, headers={"Retry-After": "0.2"}),
            Response('{"ok": 1}', mimetype="application/json"),
        ]
    )
    loopback_http.expect_request("/r").respond_with_handler(handler)
    t0 = time.monotonic()
    assert get_json(make_context("x"), loopback_http.url_for("/r")) == {"ok": 1}
    assert len(calls) == 2 and time.monotonic() - t0 >= 0.2
    loopback_http.clear()


def test_a_post_is_not_retried_unless_declared_idempotent(loopback_http):
    handler, calls = flaky(
        [Response("busy", status=503), Response("busy", status=503), Response("{}")]
    )
    loopback_http.expect_request("/p", method="POST").respond_with_handler(handler)
    with pytest.raises(SourceFailure) as info:
        request(make_context("x"), "POST", loopback_http.url_for("/p"), json_body={})
    assert info.value.status is Status.UNAVAILABLE and calls == ["POST"]
    request(make_context("x"), "POST", loopback_http.url_for("/p"), json_body={}, idempotent=True)
    assert calls == ["POST", "POST", "POST"]
    loopback_http.clear()


def test_retry_after_may_be_an_http_date():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(later, now) == pytest.approx(90)
    assert retry_after_seconds("garbage") is None


def test_token_bucket_spaces_requests_and_refuses_past_the_deadline():
    bucket = TokenBucket(RateLimit(per_second=20, burst=2))
    token = CancelToken()
    t0 = time.monotonic()
    for _ in range(4):
        bucket.acquire(time.monotonic() + 1, token)
    assert time.monotonic() - t0 >= 0.09  # two waited for at 20 a second
    slow = TokenBucket(RateLimit(per_second=0.1))
    slow.acquire(time.monotonic() + 1, token)
    with pytest.raises(SourceFailure) as info:
        slow.acquire(time.monotonic() + 1, token)
    assert info.value.status is Status.RATE_LIMITED and info.value.retry_after


class Old:
    manifest = Manifest(id="old", display_name="Old", api_version=0, returns=(LeadKind.PHONE,))

    def search(self, query, context):  # pragma: no cover
        raise AssertionError


class Fine:
    manifest = Manifest(id="fine", display_name="Fine", returns=(LeadKind.PHONE,))

    def search(self, query, context):  # pragma: no cover
        raise AssertionError


def test_registry_reports_wrong_api_version_and_misnamed_entries():
    registry = ConnectorRegistry(
        {"old": ("pkg:Old", lambda: Old), "renamed": ("pkg:X", lambda: Fine)}
    )
    infos = {i.id: i for i in registry.describe()}
    assert "connector API version 0" in infos["old"].error
    assert "manifest says 'fine'" in infos["renamed"].error
    with pytest.raises(ConnectorBroken):
        registry.load("old")


def test_settings_are_checked_before_they_are_stored():
    m = Manifest(id="m", display_name="M", returns=(LeadKind.PHONE,), defaults={"path": ""})
    assert check_setting(m, "enabled", "Yes") == "true"
    assert check_setting(m, "base_url", "https://vendor.example/api/") == (
        "https://vendor.example/api"
    )
    for key, value, says in [
        ("base_url", "ftp://x", "http"),
        ("base_url", "https://user:pw@vendor.example", "set-secret"),
        ("timeout", "-1", "positive"),
        ("nope", "1", "known settings"),
    ]:
        with pytest.raises(SettingError, match=says):
            check_setting(m, key, value)
