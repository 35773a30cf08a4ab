"""Small connectors for orchestrator and batch tests (and the batch benchmark): loopback
JSON sources, a steady one, bad ones."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from skiptrace import connector_api as api


def loopback_people(
    cid: str,
    display_name: str,
    returns: api.LeadKind,
    params: Callable[[api.Query], dict[str, str]],
    candidate: Callable[[Any, str], api.Candidate],
    credentials: tuple[str, ...] = (),
    **defaults: str,
) -> type[Any]:
    """A connector GETting ``{base_url}{path}`` with ``params(query)`` (each credential
    sent as an ``X-<name>`` header) and reading ``{"people": [...]}``, each person through
    ``candidate(person, where)``."""

    class People:
        manifest = api.Manifest(
            id=cid,
            display_name=display_name,
            needs=(api.QueryField.NAME,),
            returns=(returns,),
            credentials=credentials,
            network=True,
            defaults={"base_url": "http://127.0.0.1:9", "timeout": "5", **defaults},
        )

        def search(self, query: api.Query, context: api.Context) -> api.Outcome:
            headers = {f"X-{n}": context.secret(n) for n in credentials}
            url = context.setting("base_url") + context.setting("path")
            data = api.get_json(context, url, params=params(query), headers=headers)
            people = api.dig(data, "people", list)
            return api.found(cid, [candidate(p, f"people[{i}]") for i, p in enumerate(people)])

    People.__name__ = People.__qualname__ = f"People_{cid}"
    return People


def people_connector(cid: str, credentials: tuple[str, ...] = ()) -> type[Any]:
    """A connector GETting ``{base_url}{path}`` and reading ``{"people": [{"id": ...}]}``."""

    def candidate(person: Any, where: str) -> api.Candidate:
        return api.Candidate(cid, api.dig(person, "id", str, where=where), last_name="Kowalski")

    return loopback_people(
        cid,
        f"Loopback people ({cid})",
        api.LeadKind.ADDRESS,
        lambda query: {"last": query.last_name},
        candidate,
        credentials,
        path="/people",
    )


def person_source(cid: str, timeout: str = "5") -> type[Any]:
    """A connector asking ``{base_url}/{cid}`` about the subject; people with a phone."""

    def candidate(person: Any, where: str) -> api.Candidate:
        return api.Candidate(
            cid,
            api.dig(person, "id", str, where=where),
            first_name=api.dig(person, "first_name", str, where=where),
            last_name=api.dig(person, "last_name", str, where=where),
            ssn_last4=api.dig(person, "ssn_last4", str, where=where),
            phones=(
                api.SeenPhone(api.dig(person, "phone", str), "mobile", "2026-01-02", "2026-11-01"),
            ),
        )

    def params(query: api.Query) -> dict[str, str]:
        return {
            "account": query.account_id,
            "first": query.first_name,
            "last": query.last_name,
            "ssn4": query.ssn_last4,
        }

    return loopback_people(
        cid,
        f"Loopback {cid}",
        api.LeadKind.PHONE,
        params,
        candidate,
        path=f"/{cid}",
        retries="0",
        timeout=timeout,
    )


def steady_connector(cid: str = "steady", delay: float = 0.0) -> type[Any]:
    """An offline connector answering one candidate after ``delay`` seconds."""

    class Steady:
        manifest = api.Manifest(
            id=cid, display_name=f"Steady ({cid})", returns=(api.LeadKind.PHONE,)
        )

        def search(self, query: api.Query, context: api.Context) -> api.Outcome:
            if delay:
                context.cancel.wait(delay)
            return api.found(cid, [api.Candidate(cid, f"{cid}-1", last_name=query.last_name)])

    Steady.__name__ = Steady.__qualname__ = f"Steady_{cid}"
    return Steady


def skipped_connector(cid: str, display_name: str, **declared: Any) -> type[Any]:
    """A connector the orchestrator is expected to skip (``declared``: what else its
    manifest says); asking it fails the test."""

    class Skipped:
        manifest = api.Manifest(id=cid, display_name=display_name, **declared)

        def search(self, query: api.Query, context: api.Context) -> api.Outcome:
            raise AssertionError(f"{cid} must not be called")

    Skipped.__name__ = Skipped.__qualname__ = f"Skipped_{cid}"
    return Skipped


class Exploding:
    """A connector with a bug: it raises, with PII and its key in the exception text."""

    manifest = api.Manifest(
        id="exploding",
        display_name="Exploding",
        returns=(api.LeadKind.PHONE,),
        credentials=("key",),
    )

    def search(self, query: api.Query, context: api.Context) -> api.Outcome:
        raise RuntimeError(f"boom for ssn {query.ssn} with key {context.secret('key')}")


class Hanging:
    """A connector that never returns on its own (ignores cancel for a while)."""

    manifest = api.Manifest(
        id="hanging",
        display_name="Hanging",
        returns=(api.LeadKind.PHONE,),
        defaults={"timeout": "0.3"},
    )
    release = threading.Event()

    def search(self, query: api.Query, context: api.Context) -> api.Outcome:
        self.release.wait(3)
        time.sleep(0)
        return api.found("hanging", [])
