"""Search-log appends per second with 1, 4 and 8 concurrent writers: PostgreSQL vs SQLite.

    .venv/bin/python bench/team_bench.py [--pg-url postgresql://postgres@127.0.0.1/postgres]
                                         [--appends 500] [--writers 1,4,8]

Each writer is its own process (as each desktop is), opens the workspace, waits for the
start signal and appends ``--appends`` entries, one short transaction each. The figure
is all entries divided by the time from the first writer starting to the last one
finishing (process start-up is not counted). The SQLite workspace file, with its
IMMEDIATE write transactions, is the named baseline, measured in the same run. The
PostgreSQL run uses a fresh scratch database (dropped afterwards) on the server
``--pg-url`` or $SKIPTRACE_TEST_PG_URL names; the chain is verified after every run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _quiet_keyring() -> None:
    import keyring
    from keyring.backends import null

    keyring.set_keyring(null.Keyring())  # keys come from a key file


def _writer(url: str, key_file: str, name: str, count: int, go: Any, out: Any) -> None:
    _quiet_keyring()
    from skiptrace.model import Workstation
    from skiptrace.workspace.workspace import open_workspace

    ws = open_workspace(url, actor=Workstation(name, name, "bench"), key_file=Path(key_file))
    ws.log.append("bench.warmup")  # connect before the clock starts
    go.wait(120)
    t0 = time.perf_counter()
    for i in range(count):
        ws.log.append("bench.append", details={"writer": name, "i": i})
    out.put((t0, time.perf_counter()))
    ws.close()


def measure(url: str, key_file: Path, writers: int, count: int) -> float:
    """Appends per second with ``writers`` processes appending ``count`` entries each."""
    ctx = multiprocessing.get_context("spawn")
    go, out = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(url, str(key_file), f"w{n}", count, go, out))
        for n in range(writers)
    ]
    for p in procs:
        p.start()
    time.sleep(1.0 + 0.4 * writers)  # let every writer connect and wait at the gate
    go.set()
    spans = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    start = min(s for s, _ in spans)
    end = max(e for _, e in spans)
    return writers * count / (end - start)


def run_backend(label: str, url: str, key_file: Path, counts: list[int], appends: int) -> None:
    from skiptrace.model import Workstation
    from skiptrace.workspace.workspace import create_workspace, open_workspace

    create_workspace(url, actor=Workstation("bench", "bench", "bench"), key_file=key_file).close()
    for writers in counts:
        rate = measure(url, key_file, writers, appends)
        print(f"{label:<28} {writers:>2} writer(s): {rate:8.0f} appends/s", flush=True)
    with open_workspace(url, key_file=key_file) as ws:
        report = ws.log.verify()
    print(f"{label:<28} {report.summary()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "SKIPTRACE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--appends", type=int, default=500, help="entries per writer")
    parser.add_argument("--writers", default="1,4,8")
    args = parser.parse_args()
    _quiet_keyring()
    from skiptrace.store.engine import to_url

    counts = [int(w) for w in args.writers.split(",")]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"{os.cpu_count()} CPUs (load {load:.1f}); {args.appends} appends per writer")
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_file = Path(tmp) / "bench.sqlite"
        run_backend(
            "SQLite file (baseline)",
            to_url(str(sqlite_file)),
            Path(tmp) / "s.keys",
            counts,
            args.appends,
        )
        server = sa.engine.make_url(to_url(args.pg_url))
        name = f"skiptrace_bench_{secrets.token_hex(4)}"
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            url = server.set(database=name).render_as_string(hide_password=False)
            run_backend("PostgreSQL", url, Path(tmp) / "p.keys", counts, args.appends)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


if __name__ == "__main__":
    main()
