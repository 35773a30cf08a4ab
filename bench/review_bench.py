"""Compliance review on a 1,000,000-entry search log: page, anomaly pass, CSV export.

    .venv/bin/python bench/review_bench.py [--entries N] [--keep PATH]

Builds a workspace whose log spans 2025 (40 collectors, 20,000 accounts; searches,
completions and dispositions) by computing the HMAC chain in-process and inserting in
batches, then times each operation against a named baseline measured in the same run.
Goals: a filtered page under 100 ms, a month of anomalies under 5 s.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from skiptrace.model import (  # noqa: E402
    AccountStatus,
    Address,
    Debtor,
    Workstation,
)
from skiptrace.review import query  # noqa: E402
from skiptrace.review.anomaly_pass import run_anomalies  # noqa: E402
from skiptrace.review.query import ReviewFilter  # noqa: E402
from skiptrace.review.subjects import load_searches  # noqa: E402
from skiptrace.searchlog.events import LEAD_DISPOSITION, SEARCH_COMPLETED  # noqa: E402
from skiptrace.searchlog.export import write_csv  # noqa: E402
from skiptrace.store.accounts import save_debtors  # noqa: E402
from skiptrace.store.engine import (  # noqa: E402
    to_url,
    write_connection,
)
from skiptrace.workspace.workspace import (  # noqa: E402
    Workspace,
    create_workspace,
    open_workspace,
)
from tests.helpers.loggen import Planned, bulk_append, search  # noqa: E402

USERS = [f"collector{i:02d}" for i in range(40)]
PURPOSES = ["fcra-604a3a", "glba-6802e1", "dppa-2721b3", "fcra-604a3a,dppa-2721b3"]


def planned(n: int, accounts: int, rng: random.Random) -> Iterator[Planned]:
    """About n entries over the working days of 2025: searches, completions, dispositions.

    Collectors search the accounts assigned to them in office hours: mostly clean work.
    """
    days = [date(2025, 1, 1) + timedelta(days=i) for i in range(365)]
    days = [d for d in days if d.weekday() < 5]
    per_day = n / 2.2 / len(days)  # a search is 2.2 entries on average
    made = 0
    for i, day in enumerate(days):
        searches = int(per_day * (i + 1)) - int(per_day * i)
        for k in range(searches):
            if made >= n:
                return
            t = datetime(day.year, day.month, day.day, 8) + timedelta(hours=11) * k / searches
            account = rng.randrange(accounts)
            aid, user = f"B-{account:06d}", USERS[account % len(USERS)]
            ts = t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            why = f"Returned mail on {aid}; checking a new address (ref {made})"
            yield search(
                ts, user, aid, f"Given{account} Family{account}",
                (f"{account} Oak St, Austin, TX 78701",),
                purposes=rng.choice(PURPOSES), justification=why,
            )  # fmt: skip
            outcome = {"demo-records": {"status": "ok", "elapsed_ms": 41.5}}
            yield Planned(ts, user, SEARCH_COMPLETED, aid, details={"outcomes": outcome})
            made += 2
            if rng.random() < 0.2:
                yield Planned(ts, user, LEAD_DISPOSITION, aid, subject_type="", purposes="")
                made += 1


def build(path: Path, n: int) -> Workspace:
    keys = path.with_name(path.name + ".keys")
    actor = Workstation("bench", "bench-host", "0.1.0")
    if path.exists():  # --keep: reuse a log built by an earlier run
        return open_workspace(to_url(str(path)), actor=actor, key_file=keys)
    ws = create_workspace(to_url(str(path)), actor=actor, key_file=keys)
    rng = random.Random(6)
    accounts = 20_000
    debtors = [
        Debtor(
            f"B-{i:06d}", f"Given{i}", f"Family{i}",
            addresses=(Address(f"{i} Oak St", "", "Austin", "TX", "78701"),),
            assigned_to=USERS[i % len(USERS)],
            status=AccountStatus.CLOSED if i % 97 == 0 else AccountStatus.OPEN,
        )
        for i in range(accounts)
    ]  # fmt: skip
    with write_connection(ws.engine) as conn, conn.begin():
        save_debtors(conn, debtors, ws.cipher, "bench")
    bulk_append(ws, planned(n, accounts, rng), batch=50_000)
    with ws.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    return ws


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Best of ``repeat`` runs, in milliseconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, (time.perf_counter() - t0) * 1000)
    return best, result


def report(name: str, ms: float, baseline_name: str, base_ms: float, note: str = "") -> None:
    print(f"{name:<44} {ms:>9.1f} ms   baseline {baseline_name}: {base_ms:.1f} ms {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the workspace here")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    path = args.keep or Path(tmp.name) / "bench.sqlite"
    t0 = time.perf_counter()
    ws = build(path, args.entries)
    total = ws.log.count()
    print(f"{total} entries ready in {time.perf_counter() - t0:.1f} s ({path})")
    engine = ws.engine

    base_ms, _ = timed(lambda: query.page(engine, ReviewFilter(), query.Paging(limit=100)))
    march = ReviewFilter(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    cases = {
        "page: one collector, March": ReviewFilter(
            date_from=march.date_from, date_to=march.date_to, users=("collector07",)
        ),
        "page: purpose dppa-2721b3, March": ReviewFilter(
            date_from=march.date_from, date_to=march.date_to, purpose="dppa-2721b3"
        ),
        "page: one account": ReviewFilter(account="B-004242"),
        "page: text in justification, whole log": ReviewFilter(text="ref 99999"),
        "page: text in justification, March": ReviewFilter(
            date_from=march.date_from, date_to=march.date_to, text="ref 99999"
        ),
        "page: third-party subjects (none)": ReviewFilter(subject_type="third-party"),
        "page: connector + outcome, March": ReviewFilter(
            date_from=march.date_from,
            date_to=march.date_to,
            connector="demo-records",
            outcome="ok",
        ),
    }
    for name, f in cases.items():
        ms, rows = timed(lambda f=f: query.page(engine, f, query.Paging(limit=100)))
        report(name, ms, "newest 100 unfiltered", base_ms, f"({len(rows)} rows)")
    ms, _ = timed(lambda: query.page(engine, march, query.Paging(limit=100, offset=50_000)))
    report("page: March, offset 50,000", ms, "newest 100 unfiltered", base_ms)
    ms, n = timed(lambda: query.count(engine, march), repeat=3)
    report(f"count: March ({n} entries)", ms, "newest 100 unfiltered", base_ms)
    ms, _ = timed(
        lambda: query.matching_seqs(engine, ReviewFilter(), query.Paging(limit=2000, offset=0))
    )
    report("ids: first 2,000 for the table view", ms, "newest 100 unfiltered", base_ms)
    deep = query.matching_seqs(engine, ReviewFilter(), query.Paging(limit=2000, offset=600_000))
    ms, _ = timed(
        lambda: query.matching_seqs(
            engine, ReviewFilter(), query.Paging(limit=2000, offset=600_000)
        )
    )
    report("ids: 2,000 more at row 600,000", ms, "newest 100 unfiltered", base_ms)
    ms, _ = timed(lambda: query.entries_by_seq(engine, deep[:200]))
    report("rows: 200 drawn at row 600,000", ms, "newest 100 unfiltered", base_ms)

    read_ms, searches = timed(
        lambda: load_searches(engine, date(2025, 3, 1), date(2025, 3, 31)), repeat=2
    )
    pass_ms, found = timed(
        lambda: run_anomalies(engine, date(2025, 3, 1), date(2025, 3, 31)), repeat=2
    )
    report(
        f"anomaly pass, March ({len(searches)} searches)", pass_ms,
        "reading March's searches", read_ms, f"({len(found)} anomalies)",
    )  # fmt: skip

    with tempfile.TemporaryDirectory() as out:
        csv_path = Path(out) / "all.csv"

        def existing() -> int:
            with csv_path.open("w", encoding="utf-8", newline="") as fh:
                return write_csv(ws.log.entries(), fh)

        def review_export() -> int:
            with csv_path.open("w", encoding="utf-8", newline="") as fh:
                return write_csv(query.iter_entries(engine, ReviewFilter()), fh)

        def month_export() -> int:
            with csv_path.open("w", encoding="utf-8", newline="") as fh:
                return write_csv(query.iter_entries(engine, march), fh)

        base, n_all = timed(existing, repeat=1)
        ms, _ = timed(review_export, repeat=1)
        existing_name = "log export (SearchLog.entries)"
        report(f"CSV export, whole log ({n_all} entries)", ms, existing_name, base)
        ms, n_month = timed(month_export, repeat=1)
        report(f"CSV export, March ({n_month} entries)", ms, existing_name, base)
    ws.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
