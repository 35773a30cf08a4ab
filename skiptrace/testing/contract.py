"""The contract every connector keeps, as a reusable test base (third-party ones too).

Subclass ``ConnectorContract`` (from ``skiptrace.testing``) in a test module (its name
must start with ``Test``), set ``connector`` and override what your source needs::

    class TestMySource(ConnectorContract):
        connector = MySource

        def arrange_hit(self, server):          # make the source answer one record
            server.expect_request("/v1/people").respond_with_json({...})

        def settings(self, server):             # e.g. point base_url at the loopback server
            return {"base_url": server.url_for("")}

``server`` is a real HTTP server on 127.0.0.1 (pytest-httpserver, threaded), shared by
the session and cleared for each test: the ``loopback_http`` fixture of skiptrace's pytest
plugin, which pytest loads wherever skiptrace is installed (``other_origin_http``, a
second one, is where a redirect must never lead). Your own tests can ask the connector
as the orchestrator would with ``self.run_search(server)``, which returns the outcome.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from skiptrace.candidate import Candidate
from skiptrace.candidate_json import candidate_to_dict
from skiptrace.model import Address, SubjectType
from skiptrace.sources.model import (
    API_VERSION,
    CancelToken,
    LeadKind,
    Manifest,
    Outcome,
    Query,
    SourceFailure,
    Status,
)
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.settings import STANDARD_SETTINGS
from skiptrace.testing.loopback import make_context

if TYPE_CHECKING:
    from pytest_httpserver import HTTPServer

_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
SECRET = "s3cr3t-T0KEN-never-shown"


def sample_query(**over: Any) -> Query:
    """A query with every field filled, as built from a SearchRequest."""
    values: dict[str, Any] = {
        "search_id": "feedfacefeedfacefeedfacefeedface",
        "account_id": "A-1",
        "subject": SubjectType.DEBTOR,
        "purpose_codes": ("fcra-604a3a",),
        "first_name": "Robert",
        "middle_name": "J",
        "last_name": "Kowalski",
        "dob": date(1979, 4, 12),
        "ssn": "123456789",
        "ssn_last4": "6789",
        "addresses": (Address("12 N Main St", "Apt 4", "Columbus", "OH", "43215"),),
        "phones": ("614-555-0134",),
        "emails": ("rk@example.com",),
        "employer": "Acme Logistics",
        "covered_subjects": frozenset({SubjectType.DEBTOR, SubjectType.CO_OBLIGOR}),
    }
    values.update(over)
    return Query(**values)


class ConnectorContract:
    """Tests every connector must pass. Override the hooks below as the source needs."""

    connector: ClassVar[type[Any]]
    registered_as: ClassVar[str | None] = None  # entry-point name, for built-ins

    # -- hooks -------------------------------------------------------------------------

    def settings(self, server: HTTPServer) -> dict[str, str]:
        """Settings pointing the connector at the loopback server (and its own keys)."""
        return {"base_url": server.url_for("").rstrip("/")}

    def secrets(self) -> dict[str, str]:
        """Credentials present in the keychain for the hit case."""
        return {name: SECRET for name in self.connector.manifest.credentials}

    def arrange_hit(self, server: HTTPServer) -> None:
        """Make the source answer at least one record for ``query()``."""

    def query(self) -> Query:
        """The query asked in the hit case."""
        return sample_query()

    def context_extras(self) -> dict[str, Any]:
        """Extra context fields (e.g. ``history``)."""
        return {}

    # -- fixtures ------------------------------------------------------------------------

    @pytest.fixture
    def server(self, loopback_http: HTTPServer) -> Iterator[HTTPServer]:
        loopback_http.clear()
        yield loopback_http
        loopback_http.clear()

    def run_search(
        self,
        server: HTTPServer,
        secrets: dict[str, str] | None = None,
        cancel: CancelToken | None = None,
    ) -> Outcome:
        ctx = make_context(
            self.connector.manifest.id,
            self.settings(server),
            self.secrets() if secrets is None else secrets,
            cancel=cancel,
            **self.context_extras(),
        )
        try:
            outcome: Outcome = self.connector().search(self.query(), ctx)
        except SourceFailure as exc:  # allowed: the orchestrator turns it into the outcome
            return exc.outcome(self.connector.manifest.id)
        return outcome

    # -- the contract ----------------------------------------------------------------------

    def test_manifest_is_complete(self) -> None:
        m = self.connector.manifest
        assert isinstance(m, Manifest)
        assert _ID.match(m.id), "ids are short lower-case words joined by underscores"
        assert m.display_name.strip()
        assert m.api_version == API_VERSION
        assert m.returns and all(isinstance(k, LeadKind) for k in m.returns)
        assert all(_ID.match(name) for name in m.credentials)
        for name, setting in m.credential_settings.items():
            assert name in m.credentials, f"credential {name!r} needed by a setting is declared"
            assert setting in m.defaults or setting in STANDARD_SETTINGS, (
                f"the setting {setting!r} that makes {name!r} needed is a setting"
            )
        if m.network:
            assert "base_url" in m.defaults or "url" in m.defaults, "network: its URL is a setting"
            assert "timeout" in m.defaults, "network: its timeout is a setting"

    def test_loads_through_a_registry(self) -> None:
        registry = ConnectorRegistry.of(self.connector)
        assert registry.load(self.connector.manifest.id) is self.connector

    def test_registered_as_an_entry_point(self) -> None:
        if self.registered_as is None:
            pytest.skip("not a built-in connector")
        registry = ConnectorRegistry.from_entry_points()
        assert registry.load(self.registered_as) is self.connector

    def test_a_hit_gives_candidates_from_this_source(self, server: HTTPServer) -> None:
        self.arrange_hit(server)
        outcome = self.run_search(server)
        assert isinstance(outcome, Outcome)
        assert outcome.status is Status.OK, outcome.message
        assert outcome.candidates
        ids = [c.record_id for c in outcome.candidates]
        assert all(ids) and len(set(ids)) == len(ids), "record ids are present and distinct"
        for c in outcome.candidates:
            assert isinstance(c, Candidate)
            assert c.source == self.connector.manifest.id
            json.dumps(candidate_to_dict(c))  # storable
        assert "123456789" not in outcome.message and SECRET not in outcome.message

    def test_missing_credential_fails_before_any_request(self, server: HTTPServer) -> None:
        self.arrange_hit(server)
        outcome = self.run_search(server, secrets={})
        manifest = self.connector.manifest
        if not manifest.needed_credentials({**manifest.defaults, **self.settings(server)}):
            # a source that needs no credential under these settings must never ask for one
            assert outcome.status is Status.OK, outcome.message
            return
        assert outcome.status is Status.AUTH_FAILED
        assert "set-secret" in outcome.message
        assert server.log == [], "nothing may be sent without the key"

    def test_a_redirect_to_another_host_is_not_followed(
        self, server: HTTPServer, other_origin_http: HTTPServer
    ) -> None:
        if not self.connector.manifest.network:
            pytest.skip("the source is not asked over the network")
        from werkzeug import Response  # comes with pytest-httpserver

        other_origin_http.clear()
        elsewhere = other_origin_http.url_for("/people")
        server.expect_request(re.compile(".*")).respond_with_response(
            Response("", status=307, headers={"Location": elsewhere})
        )
        try:
            outcome = self.run_search(server)
        finally:  # checked even when the connector fell over what the other host answered
            assert other_origin_http.log == [], "the query and its key never reach another host"
        assert outcome.status is Status.ERROR, outcome.message
        assert "not followed" in outcome.message
        assert SECRET not in outcome.message

    def test_a_cancelled_search_ends_at_once(self, server: HTTPServer) -> None:
        self.arrange_hit(server)
        token = CancelToken()
        token.cancel()
        t0 = time.monotonic()
        outcome = self.run_search(server, cancel=token)
        assert time.monotonic() - t0 < 1.0
        assert isinstance(outcome, Outcome)

    def test_query_repr_hides_pii(self) -> None:
        text = repr(self.query())
        assert "123456789" not in text and "1979" not in text
