"""Search-log speed: appends per second, and time to verify 100,000 and 1,000,000 entries.

    .venv/bin/python bench/audit_bench.py [--appends 5000] [--sizes 100000 1000000]

Baselines measured in the same run:
- appends: a bare sqlite3 INSERT + COMMIT per row into the same table shape (what the
  database alone costs per transaction, without hashing, locking the head or SQLAlchemy);
- verify: reading every row of the log table once, without checking anything.
Goals (issue 2): >= 2,000 appends/s; 1M entries verified in under 5 s.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from skiptrace.model import Workstation
from skiptrace.searchlog.encoding import FORMAT_VERSION, GENESIS, canonical_details
from skiptrace.searchlog.log import SearchLog
from skiptrace.store.engine import make_engine, to_url
from skiptrace.store.migrations import migrate

KEY = b"k" * 32
ACTOR = Workstation("bench", "bench-host", "0.1.0")
DETAILS = {
    "search_id": "0" * 32,
    "connectors": ["demo", "phone_info", "census_geocoder"],
    "inputs": {
        "name": "Robert J Kowalski",
        "ssn": "***-**-6789",
        "dob": "**/**/1979",
        "addresses": ["12 N Main St Apt 4, Columbus, OH 43215"],
        "phones": ["614-555-0134"],
    },
}


def fresh(path: Path) -> SearchLog:
    engine = make_engine(to_url(str(path)))
    with engine.begin() as conn:
        migrate(conn)
    return SearchLog(engine, KEY, ACTOR, "bench key")


def bench_appends(tmp: Path, n: int) -> tuple[float, float]:
    log = fresh(tmp / "appends.sqlite")
    t0 = time.perf_counter()
    for i in range(n):
        log.append(
            "search.started",
            account_id=f"A-{i}",
            subject_type="debtor",
            purposes=["fcra-604a3a"],
            purpose_source="chosen",
            justification="Mail returned undeliverable, need a new address",
            details=DETAILS,
        )
    ours = n / (time.perf_counter() - t0)
    assert log.verify().ok

    con = sqlite3.connect(tmp / "baseline.sqlite", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute(
        "CREATE TABLE t (seq INTEGER PRIMARY KEY, ts, user_name, workstation, "
        "app_version, event, account_id, subject_type, purposes, purpose_source, "
        "justification, details, prev_hash, hash)"
    )
    details = canonical_details(DETAILS)
    t0 = time.perf_counter()
    for i in range(1, n + 1):
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                i,
                "2026-01-01T00:00:00Z",
                "bench",
                "h",
                "0.1.0",
                "search.started",
                f"A-{i}",
                "debtor",
                "fcra-604a3a",
                "chosen",
                "Mail returned",
                details,
                GENESIS,
                GENESIS,
            ),
        )
        con.execute("COMMIT")
    baseline = n / (time.perf_counter() - t0)
    con.close()
    return ours, baseline


def bulk_fill(log_path: Path, n: int) -> None:
    """Write n correctly chained entries straight into the table (fast set-up only)."""
    con = sqlite3.connect(log_path)
    con.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    prev = GENESIS
    details = canonical_details(DETAILS)
    batch = []
    for seq in range(1, n + 1):
        ts = f"2026-01-01T00:00:{seq % 60:02d}.{seq % 1000000:06d}Z"
        fields = [
            seq,
            ts,
            f"user{seq % 40}",
            "bench-host",
            "0.1.0",
            "search.started",
            f"A-{seq % 100000}",
            "debtor",
            "fcra-604a3a",
            "chosen",
            "Mail returned undeliverable, need a new address",
        ]
        head = json.dumps(
            [FORMAT_VERSION, *fields, prev], separators=(",", ":"), ensure_ascii=False
        )
        digest = hmac.digest(KEY, (head + "\n" + details).encode(), hashlib.sha256).hex()
        batch.append((*fields, details, prev, digest))
        prev = digest
        if len(batch) == 50_000:
            con.executemany("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            batch.clear()
    if batch:
        con.executemany("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    con.execute("UPDATE log_head SET seq = ?, hash = ?", (n, prev))
    con.commit()
    con.close()


def bench_verify(tmp: Path, n: int) -> tuple[float, float]:
    path = tmp / f"verify-{n}.sqlite"
    log = fresh(path)
    bulk_fill(path, n)
    t0 = time.perf_counter()
    report = log.verify()
    ours = time.perf_counter() - t0
    assert report.ok and report.entries == n, report.summary()
    con = sqlite3.connect(path)
    t0 = time.perf_counter()
    for _ in con.execute("SELECT * FROM audit_log ORDER BY seq"):
        pass
    baseline = time.perf_counter() - t0
    con.close()
    return ours, baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=5000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ours, base = bench_appends(tmp, args.appends)
        print(
            f"appends: {ours:,.0f}/s (goal >= 2,000/s); baseline bare sqlite3 "
            f"insert+commit: {base:,.0f}/s; ours is {ours / base:.0%} of baseline"
        )
        for n in args.sizes:
            took, base = bench_verify(tmp, n)
            print(
                f"verify {n:,} entries: {took:.2f} s (goal for 1M: < 5 s); baseline "
                f"read-only scan: {base:.2f} s; checking adds {took - base:.2f} s"
            )


if __name__ == "__main__":
    main()
