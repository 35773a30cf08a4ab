"""Redirects, over real HTTP with two loopback servers: the query stays at its origin.

A redirect to another origin (host, port or scheme) is never followed, whatever its status
and however its Location is written, so the other server never sees the query or a
credential; within the origin a bounded number is followed and a loop ends clearly.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from skiptrace.connector_api import MAX_REDIRECTS, SourceFailure, Status, request
from skiptrace.gate.request import SearchRequest
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.testing.loopback import make_context, threaded_server
from tests.connectors.test_orchestrator_faults import GOOD, make_orchestrator
from tests.helpers.fake_connectors import people_connector
from tests.helpers.workspaces import sample_debtor

REDIRECTS = [301, 302, 303, 307, 308]
KEY = "k3y-for-the-first-host-only"
CREDENTIAL_HEADERS = {"Authorization": f"Bearer {KEY}", "X-Api-Key": KEY}


@pytest.fixture(scope="module")
def other_http() -> Iterator[HTTPServer]:
    """A second loopback server on another port: another origin."""
    with threaded_server() as server:
        yield server


@pytest.fixture
def home(loopback_http: HTTPServer, other_http: HTTPServer) -> Iterator[HTTPServer]:
    loopback_http.clear()
    other_http.clear()
    other_http.expect_request("/people").respond_with_json({"people": [{"id": "stolen"}]})
    yield loopback_http
    loopback_http.clear()
    other_http.clear()


def redirect(server: HTTPServer, path: str, status: int, location: str) -> None:
    server.expect_request(path).respond_with_response(
        Response("", status=status, headers={"Location": location})
    )


def ask(url: str, method: str = "GET", **kw: object) -> object:
    ctx = make_context("redirected", {"timeout": "3"}, {"key": KEY})
    ctx.session.cookies.set("session", KEY, domain="127.0.0.1")
    return request(ctx, method, url, headers=CREDENTIAL_HEADERS, **kw)  # type: ignore[arg-type]


def other_origins(other: HTTPServer, home: HTTPServer) -> dict[str, str]:
    port = other.port
    return {
        "absolute, other port": f"http://127.0.0.1:{port}/people?last=Kowalski",
        "scheme-relative, other port": f"//127.0.0.1:{port}/people",
        "other host name, same port": f"http://localhost:{home.port}/people",
        "other scheme, same port": f"https://127.0.0.1:{home.port}/people",
    }


@pytest.mark.parametrize("status", REDIRECTS)
@pytest.mark.parametrize(
    "form",
    [
        "absolute, other port",
        "scheme-relative, other port",
        "other host name, same port",
        "other scheme, same port",
    ],
)
def test_a_redirect_to_another_origin_is_never_followed(home, other_http, status, form):
    redirect(home, "/people", status, other_origins(other_http, home)[form])
    with pytest.raises(SourceFailure) as info:
        ask(home.url_for("/people"), params={"last": "Kowalski"})
    failure = info.value
    assert failure.status is Status.ERROR
    assert "redirected to another host" in failure.message
    assert "not followed" in failure.message
    assert other_http.log == [], "the other origin never receives the request"
    assert len(home.log) == 1, "nothing else was sent, not even to the same port"
    assert KEY not in failure.message and "Kowalski" not in failure.message


@pytest.mark.parametrize("status", REDIRECTS)
@pytest.mark.parametrize(
    "location", ["/v2/people?page=1", "people?page=1", "{base}/v2/people?page=1"]
)
def test_a_same_origin_redirect_is_followed_with_its_headers(home, status, location):
    target = "/v2/people" if location != "people?page=1" else "/v1/people"
    home.expect_request(target, query_string="page=1").respond_with_json({"people": []})
    redirect(home, "/v1/list", status, location.format(base=home.url_for("").rstrip("/")))
    answer = ask(home.url_for("/v1/list"))
    assert answer.status == 200 and answer.json() == {"people": []}  # type: ignore[attr-defined]
    (_, _), (final, _) = home.log
    assert final.path == target
    assert final.headers["X-Api-Key"] == KEY, "the origin asked keeps its credential"


@pytest.mark.parametrize("status", REDIRECTS)
def test_a_later_hop_to_another_origin_is_refused_like_the_first(home, other_http, status):
    redirect(home, "/v1/people", status, "/v2/people")
    redirect(home, "/v2/people", status, other_http.url_for("/people"))
    with pytest.raises(SourceFailure) as info:
        ask(home.url_for("/v1/people"))
    assert "redirected to another host" in info.value.message
    assert [r.path for r, _ in home.log] == ["/v1/people", "/v2/people"]
    assert other_http.log == []


@pytest.mark.parametrize("status", REDIRECTS)
def test_a_post_keeps_its_body_only_on_307_and_308(home, status):
    home.expect_request("/search").respond_with_json({"people": []})
    redirect(home, "/old-search", status, "/search")
    ask(home.url_for("/old-search"), method="POST", json_body={"last": "Kowalski"})
    (_, _), (final, _) = home.log
    if status in (307, 308):
        assert (final.method, final.get_json()) == ("POST", {"last": "Kowalski"})
    else:
        assert (final.method, final.get_data()) == ("GET", b"")


def test_redirects_are_followed_up_to_the_bound_and_no_further(home):
    home.expect_request("/hop5").respond_with_json({"people": []})
    for n in range(MAX_REDIRECTS):
        redirect(home, f"/hop{n}", 302, f"/hop{n + 1}")
    assert ask(home.url_for("/hop0")).status == 200  # type: ignore[attr-defined]
    home.clear()
    for n in range(MAX_REDIRECTS + 1):
        redirect(home, f"/hop{n}", 307, f"/hop{n + 1}")
    home.expect_request(f"/hop{MAX_REDIRECTS + 1}").respond_with_json({"people": []})
    with pytest.raises(SourceFailure) as info:
        ask(home.url_for("/hop0"))
    assert info.value.status is Status.ERROR
    assert f"more than {MAX_REDIRECTS}" in info.value.message
    assert len(home.log) == MAX_REDIRECTS + 1


@pytest.mark.parametrize("status", REDIRECTS)
def test_a_redirect_loop_ends_with_a_clear_outcome(home, status):
    redirect(home, "/a", status, "/b")
    redirect(home, "/b", status, "/a")
    with pytest.raises(SourceFailure) as info:
        ask(home.url_for("/a"))
    assert info.value.status is Status.ERROR
    assert "redirect loop" in info.value.message
    assert len(home.log) == MAX_REDIRECTS + 1


def test_a_redirect_without_a_location_is_a_bad_response(home):
    home.expect_request("/people").respond_with_response(Response("", status=302))
    with pytest.raises(SourceFailure) as info:
        ask(home.url_for("/people"))
    assert info.value.status is Status.BAD_RESPONSE


def test_the_search_reports_the_redirect_as_that_connectors_outcome(workspace, home, other_http):
    redirect(home, "/people", 302, other_http.url_for("/people"))
    home.expect_request("/good").respond_with_json({"people": [{"id": "g1"}]})
    base = home.url_for("").rstrip("/")
    registry = ConnectorRegistry.of(
        people_connector("moved", credentials=("key",)), people_connector("good")
    )
    settings = {
        "moved": {"base_url": base, "path": "/people"},
        "good": {"base_url": base, "path": "/good"},
    }
    orchestrator = make_orchestrator(workspace, registry, settings, {"moved": {"key": KEY}})
    result = orchestrator.run(SearchRequest(sample_debtor(), ("fcra-604a3a",), GOOD))
    moved = result.outcome("moved")
    assert moved.status is Status.ERROR
    assert "redirected to another host; not followed" in moved.message.replace(
        f" (http://127.0.0.1:{other_http.port})", ""
    )
    assert result.outcome("good").status is Status.OK
    assert other_http.log == []
    logged = list(workspace.log.entries())[-1].details["outcomes"]["moved"]
    assert logged["status"] == "error" and "not followed" in logged["message"]
