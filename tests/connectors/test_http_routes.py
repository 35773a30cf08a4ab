"""The two ways a request leaves: straight to requests' connection pool for a plain
session, through ``Session.request`` for any other. Each answer and each fault reads the
same whichever way it went, for a fresh session and for a batch's pooled one; cookies,
netrc logins and proxies from the environment are honoured as requests honours them."""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from requests.models import PreparedRequest
from werkzeug import Request, Response

from skiptrace.sources.context import Context, Credentials
from skiptrace.sources.http import get_json, request
from skiptrace.sources.http_send import full_url
from skiptrace.sources.model import CancelToken, SourceFailure, Status
from skiptrace.sources.sessions import PooledSession, SessionPool
from tests.helpers.loopback import resetting_server


class CountingSession(requests.Session):
    """A fresh session that counts what went through ``Session.request``."""

    def __init__(self) -> None:
        super().__init__()
        self.through_requests = 0

    def request(self, *args: Any, **kw: Any) -> requests.Response:  # type: ignore[override]
        self.through_requests += 1
        return super().request(*args, **kw)


class CountingPooled(PooledSession):
    def __init__(self, pool: SessionPool) -> None:
        super().__init__(pool)
        self.through_requests = 0

    def request(self, *args: Any, **kw: Any) -> requests.Response:  # type: ignore[override]
        self.through_requests += 1
        return super().request(*args, **kw)


ROUTES = ["direct", "through requests"]
KINDS = ["fresh", "pooled"]


def session_for(kind: str, route: str) -> Any:
    session: Any = CountingSession() if kind == "fresh" else CountingPooled(SessionPool())
    if route == "through requests":  # a hook is something only Session.request runs
        session.hooks["response"].append(lambda response, *a, **kw: response)
    return session


def context(session: requests.Session, settings: dict[str, str] | None = None) -> Context:
    return Context(
        connector_id="routes",
        session=session,
        credentials=Credentials({}),
        deadline=time.monotonic() + 5,
        cancel=CancelToken(),
        settings={"retries": "0", **(settings or {})},
    )


@pytest.fixture
def server(loopback_http: HTTPServer) -> Iterator[HTTPServer]:
    loopback_http.clear()
    yield loopback_http
    loopback_http.clear()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("route", ROUTES)
def test_an_answer_reads_the_same_either_way(server, kind, route):
    asked = "last=Kowalski&n=2&state=OH&state=PA&name=Zo%C3%AB+O%27Brien"
    server.expect_request("/people", query_string=asked).respond_with_json(
        {"people": [{"id": "p1"}]}
    )
    session = session_for(kind, route)
    params = {"last": "Kowalski", "n": 2, "x": None, "state": ["OH", "PA"], "name": "Zoë O'Brien"}
    got = get_json(context(session), server.url_for("/people"), params=params)
    assert got == {"people": [{"id": "p1"}]}
    assert session.through_requests == (0 if route == "direct" else 1)
    sent = server.log[-1][0]
    assert sent.headers["User-Agent"].startswith("python-requests/")  # the session's headers


@pytest.mark.parametrize("route", ROUTES)
def test_a_posted_json_body_and_headers_arrive_either_way(server, route):
    seen: dict[str, Any] = {}

    def handler(req: Request) -> Response:
        seen.update(body=req.get_json(), type=req.content_type, key=req.headers.get("X-Api-Key"))
        return Response('{"ok": true}', mimetype="application/json")

    server.expect_request("/search", method="POST").respond_with_handler(handler)
    answer = request(
        context(session_for("fresh", route)), "POST", server.url_for("/search"),
        json_body={"last": "Nguyen"}, headers={"X-Api-Key": "k"},
    )  # fmt: skip
    assert answer.json() == {"ok": True}
    assert seen == {"body": {"last": "Nguyen"}, "type": "application/json", "key": "k"}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _BrokenRedirect(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # a Location no URL parser accepts (werkzeug refuses to send it)
        self.send_response(302)
        self.send_header("Location", "http://[::1/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def broken_redirect() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BrokenRedirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/moved"
    finally:
        server.shutdown()
        server.server_close()


def _slow(req: Request) -> Response:
    time.sleep(1.0)
    return Response("{}", mimetype="application/json")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("route", ROUTES)
def test_faults_read_the_same_either_way(server, kind, route):
    server.expect_request("/slow").respond_with_handler(_slow)
    server.expect_request("/busy").respond_with_response(
        Response("{}", status=429, headers={"Retry-After": "30"})
    )
    faults = {
        "read timeout": (server.url_for("/slow"), Status.TIMEOUT, "did not answer within 0.3 s"),
        "refused": (f"http://127.0.0.1:{_closed_port()}/p", Status.UNAVAILABLE, "refused"),
        "rate limited": (server.url_for("/busy"), Status.RATE_LIMITED, "NOT empty"),
        "bad port": ("http://127.0.0.1:99999/p", Status.ERROR, "could not be sent"),
        "not a URL": ("http://[::1/p", Status.ERROR, "not a valid URL"),
    }
    with resetting_server() as reset_url, broken_redirect() as moved_url:
        faults["reset"] = (reset_url + "/p", Status.UNAVAILABLE, "reset")
        # Session.request parses a redirect's Location even when told not to follow it,
        # and refuses this one before our check can name it
        faults["redirect to no URL"] = (
            (moved_url, Status.BAD_RESPONSE, "not a valid URL")
            if route == "direct"
            else (moved_url, Status.ERROR, "could not be sent")
        )
        for name, (url, status, says) in faults.items():
            session = session_for(kind, route)
            with pytest.raises(SourceFailure) as info:
                get_json(context(session, {"timeout": "0.3"}), url)
            assert info.value.status is status, (name, info.value.message)
            assert says in info.value.message, (name, info.value.message)


@pytest.mark.parametrize("kind", KINDS)
def test_a_cookie_the_source_sets_goes_back_with_the_next_request(server, kind):
    server.expect_request("/login").respond_with_response(
        Response('{"ok": 1}', mimetype="application/json", headers={"Set-Cookie": "sid=abc"})
    )
    server.expect_request("/people").respond_with_json({"people": []})
    session = session_for(kind, "direct")
    ctx = context(session)
    get_json(ctx, server.url_for("/login"))
    assert session.through_requests == 0 and session.cookies.get("sid") == "abc"
    get_json(ctx, server.url_for("/people"))
    assert server.log[-1][0].headers.get("Cookie") == "sid=abc"
    assert session.through_requests == 1  # a session with cookies is no longer plain


@pytest.mark.parametrize("kind", KINDS)
def test_a_netrc_login_is_sent_as_requests_sends_it(
    server, kind, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login bench password s3cret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    server.expect_request("/people").respond_with_json({"people": []})
    session = session_for(kind, "direct")
    get_json(context(session), server.url_for("/people"))
    expected = "Basic " + base64.b64encode(b"bench:s3cret").decode()
    assert server.log[-1][0].headers.get("Authorization") == expected
    assert session.through_requests == 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_proxy_from_the_environment_is_used(server, kind, monkeypatch: pytest.MonkeyPatch):
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    proxy = server.url_for("").rstrip("/")
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.setenv("http_proxy", proxy)
    server.expect_request("/people").respond_with_json({"people": ["via proxy"]})
    session = session_for(kind, "direct")
    # the host does not exist: only the proxy can answer
    assert get_json(context(session), "http://vendor.invalid/people") == {"people": ["via proxy"]}
    assert session.through_requests == 1


BASES = [
    "http://127.0.0.1:8080/people",
    "https://api.example.com/v2/PhoneNumbers/+17045550123",
    "http://example.com/search?key=fixed",
    "http://EXAMPLE.com:80/a path/with spaces/ümlaut",
    "http://example.com",
    "https://example.com/people#top",
]
VALUES = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=12),
    st.lists(st.text(max_size=6), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(
    base=st.sampled_from(BASES),
    params=st.dictionaries(st.text(min_size=1, max_size=8), VALUES, max_size=5),
)
def test_the_url_is_the_one_requests_prepares(base: str, params: dict[str, Any]) -> None:
    prepared = PreparedRequest()
    prepared.prepare_url(base, params)
    assert full_url(base, params) == prepared.url
