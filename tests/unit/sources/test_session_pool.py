"""The batch's pooled sessions: requests' netrc login, looked up once per host."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import requests

from skiptrace.sources.sessions import SessionPool


def _login(session: requests.Session, url: str) -> str:
    prepared = session.prepare_request(requests.Request("GET", url))
    return str(prepared.headers.get("Authorization", ""))


def test_netrc_login_as_requests_gives_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine vendor.invalid login bench password s3cret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    pool = SessionPool()
    session = pool.session()
    basic = "Basic " + base64.b64encode(b"bench:s3cret").decode()
    assert _login(session, "http://vendor.invalid/people?q=1") == basic
    assert _login(requests.Session(), "http://vendor.invalid/people") == basic
    assert _login(session, "http://other.invalid/people") == ""
    assert session.trust_env  # put back after each request
    # an explicit login wins, as in requests
    explicit = session.prepare_request(
        requests.Request("GET", "http://vendor.invalid/", auth=("me", "pw"))
    )
    assert explicit.headers["Authorization"] == "Basic " + base64.b64encode(b"me:pw").decode()
    # looked up once per host for the run: a changed file is not read again
    netrc.write_text("machine vendor.invalid login other password changed\n")
    assert _login(pool.session(), "http://vendor.invalid/people") == basic


def test_no_netrc_lookup_without_trust_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine vendor.invalid login bench password s3cret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    session = SessionPool().session()
    session.trust_env = False
    assert _login(session, "http://vendor.invalid/") == ""
