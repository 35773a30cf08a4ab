"""Small connectors for orchestrator tests: a loopback JSON source, a steady one, bad ones."""

from __future__ import annotations

import threading
import time
from typing import Any

from skiptrace.connector_api import (
    Candidate,
    Context,
    LeadKind,
    Manifest,
    Outcome,
    Query,
    QueryField,
    dig,
    found,
    get_json,
)


def people_connector(cid: str, credentials: tuple[str, ...] = ()) -> type[Any]:
    """A connector GETting ``{base_url}{path}`` and reading ``{"people": [{"id": ...}]}``."""

    class People:
        manifest = Manifest(
            id=cid,
            display_name=f"Loopback people ({cid})",
            needs=(QueryField.NAME,),
            returns=(LeadKind.ADDRESS,),
            credentials=credentials,
            network=True,
            defaults={"base_url": "http://127.0.0.1:9", "timeout": "5", "path": "/people"},
        )

        def search(self, query: Query, context: Context) -> Outcome:
            headers = {f"X-{n}": context.secret(n) for n in credentials}
            url = context.setting("base_url") + context.setting("path")
            data = get_json(context, url, params={"last": query.last_name}, headers=headers)
            people = dig(data, "people", list)
            return found(
                cid,
                [
                    Candidate(cid, dig(p, "id", str, where=f"people[{i}]"), last_name="Kowalski")
                    for i, p in enumerate(people)
                ],
            )

    People.__name__ = People.__qualname__ = f"People_{cid}"
    return People


def steady_connector(cid: str = "steady", delay: float = 0.0) -> type[Any]:
    """An offline connector answering one candidate after ``delay`` seconds."""

    class Steady:
        manifest = Manifest(id=cid, display_name=f"Steady ({cid})", returns=(LeadKind.PHONE,))

        def search(self, query: Query, context: Context) -> Outcome:
            if delay:
                context.cancel.wait(delay)
            return found(cid, [Candidate(cid, f"{cid}-1", last_name=query.last_name)])

    Steady.__name__ = Steady.__qualname__ = f"Steady_{cid}"
    return Steady


class Exploding:
    """A connector with a bug: it raises, with PII and its key in the exception text."""

    manifest = Manifest(
        id="exploding", display_name="Exploding", returns=(LeadKind.PHONE,), credentials=("key",)
    )

    def search(self, query: Query, context: Context) -> Outcome:
        raise RuntimeError(f"boom for ssn {query.ssn} with key {context.secret('key')}")


class Hanging:
    """A connector that never returns on its own (ignores cancel for a while)."""

    manifest = Manifest(
        id="hanging", display_name="Hanging", returns=(LeadKind.PHONE,), defaults={"timeout": "0.3"}
    )
    release = threading.Event()

    def search(self, query: Query, context: Context) -> Outcome:
        self.release.wait(3)
        time.sleep(0)
        return found("hanging", [])
