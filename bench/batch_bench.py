"""Batch throughput: N accounts against rate-limited loopback sources.

Two sources answer from a server in another process (so its work is not counted as the
batch's): "bureau", the slowest, limited to --rate requests a second, and "phones", limited
to four times that. A batch of --accounts accounts runs through the whole machinery (queue,
claims, log entries, matching, ranking, stored leads and results). Printed beside each
other:

* the rate-limit bound: accounts / slowest rate, the least time any batch could take;
* the batch's elapsed time, and how far above the bound it is (goal: within 10%);
* per-account overhead: batches of --overhead-accounts against the same sources with no
  rate limit, wall and CPU time per account (goal: under 5 ms). One-time costs (first
  compilations, lazy imports, number-plan metadata) are paid by a warm-up batch first;
  the batch runs --repeat times and the least and the median are printed, since a shared
  machine's neighbours only ever add time;
* memory: resident size after 10%, 50% and 100% of the accounts, and the peak (goal:
  flat in the number of accounts).

With ``--memory-accounts N`` it measures memory alone, fast enough for 100,000 accounts:
one source in this process that answers at once, with no rate limit and no HTTP, and
the resident size after 10%, 50% and 100% of N (goal: flat; 100,000 under 400 MB).

    .venv/bin/python bench/batch_bench.py [--accounts 10000] [--rate 100] [--workers 16]
    .venv/bin/python bench/batch_bench.py --memory-accounts 100000
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import people_server
from skiptrace import connector_api as api
from skiptrace.batch.progress import Progress
from skiptrace.batch.queue import create_batch
from skiptrace.batch.runner import run_batch
from skiptrace.batch.selection import Selection
from skiptrace.model import Address, Debtor, Workstation
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.settings import set_setting
from skiptrace.store.accounts import save_debtors
from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import Workspace, create_workspace
from tests.helpers.fake_connectors import person_source

FIRST = ["James", "Mary", "Robert", "Linda", "Michael", "Susan", "David", "Karen", "Maria"]
LAST = ["Smith", "Garcia", "Nguyen", "Kowalski", "Okafor", "Lindqvist", "Reyes", "Haddad"]
WHY = "New placement: skip trace every account for current contact details"
WARM_UP = 100


SOURCES = (person_source("bureau", timeout="30"), person_source("phones", timeout="30"))


class Instant:
    """A source that answers at once, from this process (the memory run's)."""

    manifest = api.Manifest(id="instant", display_name="instant", needs=(api.QueryField.NAME,),
                            returns=(api.LeadKind.PHONE,))  # fmt: skip

    def search(self, query: api.Query, context: api.Context) -> api.Outcome:
        n = int("".join(ch for ch in query.account_id if ch.isdigit()) or 0)
        phone = api.SeenPhone(f"(704) 5{n % 100:02d}-{n % 10000:04d}", "mobile")
        person = api.Candidate(
            "instant",
            f"i-{n}",
            first_name=query.first_name,
            last_name=query.last_name,
            ssn_last4=query.ssn_last4,
            phones=(phone,),
        )
        return api.found("instant", [person])  # fmt: skip


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _workspace(
    folder: Path,
    n: int,
    base_url: str,
    rate: float | None,
    sources: tuple[type[Any], ...] = SOURCES,
) -> Workspace:
    actor = Workstation("bench", "bench-host", "0.1.0")
    ws = create_workspace(to_url(str(folder / f"ws-{n}.sqlite")), actor=actor,
                          key_file=folder / f"ws-{n}.keys")  # fmt: skip
    debtors = [
        Debtor(f"B-{i:06d}", FIRST[i % len(FIRST)], LAST[(i // 7) % len(LAST)],
               ssn_last4=f"{i % 10000:04d}",
               addresses=(Address(f"{i % 900 + 100} Main St", "", "Columbus", "OH", "43215"),))
        for i in range(n)
    ]  # fmt: skip
    for i in range(0, n, 10_000):
        with ws.engine.begin() as conn:
            save_debtors(conn, debtors[i : i + 10_000], ws.cipher, "bench")
    for cls, factor in zip(sources, (1, 4), strict=False):
        if cls.manifest.network:
            set_setting(ws.engine, ws.log, cls.manifest, "base_url", base_url)
        if rate:
            set_setting(ws.engine, ws.log, cls.manifest, "rate_per_second", str(rate * factor))
    return ws


def _run(
    ws: Workspace,
    workers: int,
    samples: dict[int, float],
    sources: tuple[type[Any], ...] = SOURCES,
    accounts: range | None = None,
) -> tuple[float, float, Progress]:
    chosen = Selection(everything=True)
    if accounts is not None:
        chosen = Selection(account_ids=tuple(f"B-{i:06d}" for i in accounts))
    batch = create_batch(ws, chosen, ["fcra-604a3a"], WHY,
                         connectors=[c.manifest.id for c in sources])  # fmt: skip
    marks = {10, 50}

    def watch(p: Progress) -> None:
        share = 100 * p.done // max(1, p.total)
        for m in sorted(marks):
            if share >= m:
                samples[m] = _rss_mb()
                marks.discard(m)

    cpu0, t0 = time.process_time(), time.perf_counter()
    summary = run_batch(ws, ConnectorRegistry.of(*sources), batch.batch_id, workers=workers,
                        connector_cap=workers, on_progress=watch)  # fmt: skip
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    samples[100] = _rss_mb()
    assert summary.state.value == "done", summary
    return elapsed, cpu, summary.progress


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--accounts", type=int, default=10_000)
    ap.add_argument("--rate", type=float, default=100.0, help="the slowest source's limit")
    ap.add_argument("--workers", type=int, default=16, help="accounts searched at once")
    ap.add_argument("--overhead-accounts", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3, help="overhead batches to run")
    ap.add_argument(
        "--memory-accounts",
        type=int,
        default=0,
        help="measure memory alone over this many accounts (instant source)",
    )
    args = ap.parse_args()
    if args.memory_accounts:
        _memory(args.memory_accounts, args.workers)
        return
    server, base = people_server()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        n, runs = args.overhead_accounts, max(1, args.repeat)
        free = _workspace(folder, WARM_UP + n * runs, base, None)
        _run(free, args.workers, {}, accounts=range(WARM_UP))
        walls, cpus = [], []
        for k in range(runs):
            start = WARM_UP + k * n
            wall, cpu, _ = _run(free, args.workers, {}, accounts=range(start, start + n))
            walls.append(1000 * wall / n)
            cpus.append(1000 * cpu / n)
        free.close()
        print(f"overhead ({n} accounts, {runs} runs after a {WARM_UP}-account warm-up, no rate "
              f"limit), least (median) per account: {min(walls):.1f} ({median(walls):.1f}) ms "
              f"wall, {min(cpus):.1f} ({median(cpus):.1f}) ms CPU (goal < 5 ms)")  # fmt: skip

        ws = _workspace(folder, args.accounts, base, args.rate)
        samples: dict[int, float] = {}
        elapsed, cpu, progress = _run(ws, args.workers, samples)
        ws.close()
    server.terminate()
    burst = max(1, int(args.rate))  # the token bucket starts full
    bound = (args.accounts - burst) / args.rate
    print(f"rate-limit bound ({args.accounts} accounts at {args.rate:g}/s after a burst of "
          f"{burst}): {bound:.1f} s")  # fmt: skip
    print(f"batch elapsed: {elapsed:.1f} s ({100 * (elapsed / bound - 1):+.1f}% over the bound; "
          f"goal within 10%), {progress.done / elapsed:.1f} accounts/s, "
          f"{1000 * cpu / args.accounts:.1f} ms CPU per account")  # fmt: skip
    print("resident memory at 10% / 50% / 100%: "
          + " / ".join(f"{samples.get(m, float('nan')):.0f} MB" for m in (10, 50, 100))
          + f"; peak {_peak_mb():.0f} MB")  # fmt: skip


def _memory(n: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        ws = _workspace(Path(tmp), n, "", None, (Instant,))
        setup = time.perf_counter() - t0
        before = _rss_mb()
        samples: dict[int, float] = {}
        elapsed, cpu, _ = _run(ws, workers, samples, (Instant,))
        ws.close()
    print(
        f"memory run ({n} accounts, one instant in-process source; workspace made in "
        f"{setup:.0f} s): batch {elapsed:.0f} s, {1000 * cpu / n:.1f} ms CPU per account"
    )
    print(f"resident memory before the batch {before:.0f} MB; at 10% / 50% / 100%: "
          + " / ".join(f"{samples.get(m, float('nan')):.0f} MB" for m in (10, 50, 100))
          + f"; peak {_peak_mb():.0f} MB (goal: flat, and under 400 MB at 100,000)")  # fmt: skip


if __name__ == "__main__":
    main()
