"""Search overhead: 8 loopback connectors answering after fixed delays, all at once.

Prints, for the full orchestrator (search log entries, threads, candidates stored,
encrypted) and for two baselines measured in the same run:

* "bare thread pool": the same 8 connector calls in a ThreadPoolExecutor, no log, no store;
* "sequential calls": the same 8 calls one after another (what the foundation's
  run_search did);

the total search time and the overhead = total minus the slowest connector's delay.
Goal: orchestrator overhead under 50 ms.

    .venv/bin/python bench/search_bench.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests

from bench.common import JsonHandler
from skiptrace.connector_api import (
    CancelToken,
    Candidate,
    Context,
    Credentials,
    LeadKind,
    Manifest,
    Outcome,
    Query,
    dig,
    found,
    get_json,
)
from skiptrace.gate.request import SearchRequest
from skiptrace.model import Address, Debtor, Phone, Workstation
from skiptrace.sources.orchestrator import Orchestrator
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import create_workspace

DELAYS_MS = [40, 60, 80, 100, 120, 140, 160, 200]


class Server(ThreadingHTTPServer):
    request_queue_size = 64  # the default backlog of 5 drops SYNs from 8 callers at once
    daemon_threads = True


class Delayed(JsonHandler):
    def do_GET(self) -> None:
        ms = int(self.path.split("/")[2].split("?")[0])
        time.sleep(ms / 1000)
        body = b'{"people": [{"id": "p1"}, {"id": "p2"}]}'
        self.send_json(body)


def connector(index: int, delay_ms: int, base: str) -> type[Any]:
    cid = f"loop{index}"

    class Loop:
        manifest = Manifest(
            id=cid,
            display_name=f"Loopback {delay_ms} ms",
            returns=(LeadKind.ADDRESS,),
            network=True,
            defaults={"base_url": base, "timeout": "5"},
        )

        def search(self, query: Query, context: Context) -> Outcome:
            data = get_json(context, f"{context.setting('base_url')}/delay/{delay_ms}")
            people = dig(data, "people", list)
            return found(cid, [Candidate(cid, dig(p, "id", str)) for p in people])

    return Loop


def direct_call(cls: type[Any], query: Query) -> Outcome:
    ctx = Context(
        connector_id=cls.manifest.id,
        session=requests.Session(),
        credentials=Credentials({}),
        deadline=time.monotonic() + 5,
        cancel=CancelToken(),
        settings=dict(cls.manifest.defaults),
    )
    try:
        return cls().search(query, ctx)
    finally:
        ctx.session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    server = Server(("127.0.0.1", 0), Delayed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    classes = [connector(i, d, base) for i, d in enumerate(DELAYS_MS)]
    slowest = max(DELAYS_MS) / 1000
    debtor = Debtor(
        "BENCH-1",
        "Robert",
        "Kowalski",
        ssn="123456789",
        addresses=(Address("12 N Main St", "", "Columbus", "OH", "43215"),),
        phones=(Phone("6145550134"),),
    )
    with tempfile.TemporaryDirectory() as tmp:
        ws = create_workspace(
            to_url(str(Path(tmp) / "bench.sqlite")),
            actor=Workstation("bench", "bench-host", "0"),
            key_file=Path(tmp) / "keys.json",
        )
        orchestrator = Orchestrator.for_workspace(ws, ConnectorRegistry.of(*classes))
        query_request = SearchRequest(debtor, ("fcra-604a3a",), "Benchmark of search overhead")
        query = Query.from_request(query_request)
        results: dict[str, list[float]] = {
            "orchestrator (log + threads + store)": [],
            "bare thread pool, no log": [],
            "sequential calls": [],
        }
        for run in range(args.runs + 1):  # the first run warms up imports and connections
            request = SearchRequest(debtor, ("fcra-604a3a",), "Benchmark of search overhead")
            t0 = time.perf_counter()
            result = orchestrator.run(request)
            t_orch = time.perf_counter() - t0
            assert all(o.status.value == "ok" for o in result.outcomes), result.outcomes
            t0 = time.perf_counter()
            with ThreadPoolExecutor(len(classes)) as pool:
                list(pool.map(lambda c: direct_call(c, query), classes))
            t_pool = time.perf_counter() - t0
            t0 = time.perf_counter()
            for c in classes:
                direct_call(c, query)
            t_seq = time.perf_counter() - t0
            if run:
                for name, t in zip(results, (t_orch, t_pool, t_seq), strict=True):
                    results[name].append(t)
        ws.close()
    server.shutdown()
    print(
        f"8 loopback connectors, delays {DELAYS_MS} ms; slowest {slowest * 1000:.0f} ms; "
        f"{args.runs} runs"
    )
    print(f"{'':<38} {'median total':>12} {'median overhead':>16} {'max overhead':>13}")
    for name, times in results.items():
        med = statistics.median(times)
        print(
            f"{name:<38} {med * 1000:>9.1f} ms {(med - slowest) * 1000:>13.1f} ms "
            f"{(max(times) - slowest) * 1000:>10.1f} ms"
        )
    orch = statistics.median(results["orchestrator (log + threads + store)"]) - slowest
    print(
        f"orchestrator overhead {orch * 1000:.1f} ms: "
        f"{'under' if orch < 0.05 else 'OVER'} the 50 ms goal"
    )


if __name__ == "__main__":
    main()
