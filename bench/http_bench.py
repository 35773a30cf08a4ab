"""One connector request's CPU cost: the shared HTTP machinery against a loopback source.

The source answers from another process (its work is not counted). For 1 and for 16
threads asking at once, CPU time of this process per request (user + system, so the
kernel's share of loopback TCP counts too) for:

* "through Session.request": the machinery with a session that is not plain (a response
  hook), so every request takes requests' full path (the baseline: how every request
  went before the direct route);
* "direct, fresh session" and "direct, pooled session" (a batch's): the machinery on a
  plain session, straight to requests' connection pool;
* "urllib3 alone": a bare ``urlopen`` and ``json.loads`` (the floor under any client).

    .venv/bin/python bench/http_bench.py [--requests 3000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests
import urllib3

from bench.common import people_server
from skiptrace.sources.context import Context, Credentials
from skiptrace.sources.http import get_json
from skiptrace.sources.model import CancelToken
from skiptrace.sources.sessions import SessionPool

PARAMS = {"account": "B-000123", "first": "James", "last": "Smith", "ssn4": "0123"}


def machinery(session_of: Callable[[], requests.Session], url: str) -> Callable[[int], None]:
    def run(n: int) -> None:
        session = session_of()
        ctx = Context(
            connector_id="bench",
            session=session,
            credentials=Credentials({}),
            deadline=time.monotonic() + 3600,
            cancel=CancelToken(),
            settings={"retries": "0"},
        )
        for _ in range(n):
            get_json(ctx, url, params=PARAMS)
        session.close()

    return run


def with_hook() -> requests.Session:
    session = requests.Session()
    session.hooks["response"].append(lambda response, *a, **kw: response)
    return session


def bare_urllib3(url: str) -> Callable[[int], None]:
    manager = urllib3.PoolManager(maxsize=32)

    def run(n: int) -> None:
        for _ in range(n):
            json.loads(manager.request("GET", url, fields=PARAMS).data)

    return run


def cpu_per_request(run: Callable[[int], None], total: int, threads: int) -> float:
    run(20)  # connections open, code warm
    workers = [threading.Thread(target=run, args=(total // threads,)) for _ in range(threads)]
    before = os.times()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    after = os.times()
    used = (after.user - before.user) + (after.system - before.system)
    return 1e6 * used / (total // threads * threads)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=3000)
    args = ap.parse_args()
    server, base = people_server()
    url = f"{base}/bureau"
    pool = SessionPool()
    ways: list[tuple[str, Callable[[int], None]]] = [
        ("through Session.request (baseline)", machinery(with_hook, url)),
        ("direct, fresh session", machinery(requests.Session, url)),
        ("direct, pooled session", machinery(pool.session, url)),
        ("urllib3 alone (floor)", bare_urllib3(url)),
    ]
    print(f"CPU per request, µs ({args.requests} requests; loopback source in another process)")
    print(f"{'':38s} {'1 thread':>10s} {'16 threads':>11s}")
    for name, run in ways:
        one = cpu_per_request(run, args.requests, 1)
        many = cpu_per_request(run, args.requests, 16)
        print(f"{name:38s} {one:10.0f} {many:11.0f}")
    pool.close()
    server.terminate()


if __name__ == "__main__":
    main()
