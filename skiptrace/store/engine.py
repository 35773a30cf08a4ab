"""Database engines for a workspace: SQLite (WAL) on a desktop, PostgreSQL for a team."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import platformdirs
import sqlalchemy as sa
from sqlalchemy import event

from skiptrace.store import holders

APP_NAME = "skiptrace"
LOCK_WAIT_SECONDS = 30.0  # how long a writer waits for another process to finish
_LOCK_SLICE_MS = 1000
wait_log = logging.getLogger("skiptrace.wait")  # the CLI shows these on stderr


class WorkspaceBusy(RuntimeError):
    """Another process held the workspace's write lock for longer than we wait."""


def default_workspace_path() -> Path:
    """The single user's workspace file in the per-user data folder."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "workspace.sqlite"


def resolve_workspace(arg: str | None) -> str:
    """A database URL from ``--workspace``, else ``SKIPTRACE_WORKSPACE``, else the default file."""
    chosen = arg or os.environ.get("SKIPTRACE_WORKSPACE") or str(default_workspace_path())
    return to_url(chosen)


def to_url(chosen: str) -> str:
    """A file path becomes a ``sqlite:///`` URL; URLs pass through."""
    if "://" in chosen:
        if chosen.startswith("postgresql://"):
            return "postgresql+psycopg://" + chosen[len("postgresql://") :]
        if chosen.startswith("postgres://"):
            return "postgresql+psycopg://" + chosen[len("postgres://") :]
        return chosen
    return f"sqlite:///{Path(chosen).expanduser().resolve()}"


def is_sqlite(url: str) -> bool:
    """Whether a workspace URL names an embedded SQLite file."""
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL, or None for other databases."""
    if not is_sqlite(url):
        return None
    return Path(sa.engine.make_url(url).database or "")


def display_url(url: str) -> str:
    """A workspace URL safe to show: no password."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def make_engine(url: str, **kwargs: Any) -> sa.Engine:
    """An engine with the connection settings skiptrace relies on."""
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url,
            connect_args={"timeout": LOCK_WAIT_SECONDS, "check_same_thread": False},
            hide_parameters=True,  # statement parameters hold PII: never in a log or message
            **kwargs,
        )
        _sqlite_pragmas(engine, path)
        return engine
    # A server that is gone fails a connect within seconds, and keepalives notice a dead
    # connection that no packet will ever close; the name shows desktops in pg_stat_activity.
    connect_args = {
        "connect_timeout": 10,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "application_name": APP_NAME,
        **kwargs.pop("connect_args", {}),
    }
    return sa.create_engine(
        _with_password(url),
        pool_pre_ping=True,
        connect_args=connect_args,
        hide_parameters=True,  # statement parameters hold PII: never in a log or message
        **kwargs,
    )


def _with_password(url: str) -> sa.engine.URL | str:
    """A server URL given without a password gets the one kept in the keychain, if any."""
    from skiptrace.keychain import database_password

    parsed = sa.engine.make_url(url)
    if parsed.password is not None:
        return url
    password = database_password(url)
    return parsed.set(password=password) if password else url


def _sqlite_pragmas(engine: sa.Engine, path: Path | None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # We issue BEGIN ourselves so that writers can ask for IMMEDIATE locks.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_SECONDS * 1000)}")
        cur.close()

    # Writers of this process queue on a lock of their own before BEGIN IMMEDIATE: SQLite's
    # busy handler sleeps in growing steps (up to 100 ms), so threads left to it collapse
    # a busy process (a batch's workers) to a few writes a second. Only other processes
    # still meet the busy handler.
    writers = threading.RLock()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get("sqlite_immediate"):
            if not writers.acquire(timeout=LOCK_WAIT_SECONDS):
                raise WorkspaceBusy(
                    f"the workspace {path} stayed busy for {LOCK_WAIT_SECONDS:.0f} s: this "
                    "program's other work kept writing. Nothing was written; try again."
                )
            conn.info["skiptrace_writer"] = conn.info.get("skiptrace_writer", 0) + 1
            try:
                _begin_immediate(conn, path)
            except BaseException:
                _release(conn)
                raise
        else:
            conn.exec_driver_sql("BEGIN")

    def _release(conn: sa.Connection) -> None:
        held = conn.info.get("skiptrace_writer", 0)
        if held:
            conn.info["skiptrace_writer"] = held - 1
            writers.release()

    @event.listens_for(engine, "commit")
    def _on_commit(conn: sa.Connection) -> None:
        _release(conn)

    @event.listens_for(engine, "rollback")
    def _on_rollback(conn: sa.Connection) -> None:
        _release(conn)


def _begin_immediate(conn: sa.Connection, path: Path | None) -> None:
    """Take the write lock, saying whom we wait for, and give up with a sentence."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    told = False
    raw.execute(f"PRAGMA busy_timeout={_LOCK_SLICE_MS}")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
            who = holders.waiting_for(path) if path else "another program has it open"
            if time.monotonic() >= deadline:
                raise WorkspaceBusy(
                    f"the workspace {path} stayed busy for {LOCK_WAIT_SECONDS:.0f} s: {who}. "
                    "Nothing was written; try again when that program has finished."
                )
            if not told:
                wait_log.warning(
                    "the workspace %s is busy (%s); waiting up to %.0f s", path, who,
                    LOCK_WAIT_SECONDS,
                )  # fmt: skip
                told = True
    finally:
        raw.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_SECONDS * 1000)}")


def write_connection(engine: sa.Engine) -> sa.Connection:
    """A connection whose transactions take the write lock at once (SQLite IMMEDIATE)."""
    return engine.connect().execution_options(sqlite_immediate=True)
