"""Small connectors for orchestrator tests: a loopback JSON source, a steady one, bad ones."""

from __future__ import annotations

import threading
import time
from typing import Any

from skiptrace import connector_api as api


def people_connector(cid: str, credentials: tuple[str, ...] = ()) -> type[Any]:
    """A connector GETting ``{base_url}{path}`` and reading ``{"people": [{"id": ...}]}``."""

    class People:
        manifest = api.Manifest(
            id=cid,
            display_name=f"Loopback people ({cid})",
            needs=(api.QueryField.NAME,),
            returns=(api.LeadKind.ADDRESS,),
            credentials=credentials,
            network=True,
            defaults={"base_url": "http://127.0.0.1:9", "timeout": "5", "path": "/people"},
        )

        def search(self, query: api.Query, context: api.Context) -> api.Outcome:
            headers = {f"X-{n}": context.secret(n) for n in credentials}
            url = context.setting("base_url") + context.setting("path")
            data = api.get_json(context, url, params={"last": query.last_name}, headers=headers)
            people = api.dig(data, "people", list)
            return api.found(
                cid,
                [
                    api.Candidate(
                        cid, api.dig(p, "id", str, where=f"people[{i}]"), last_name="Kowalski"
                    )
                    for i, p in enumerate(people)
                ],
            )

    People.__name__ = People.__qualname__ = f"People_{cid}"
    return People


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
