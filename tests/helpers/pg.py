"""PostgreSQL for tests: a fresh database per test on the server SKIPTRACE_TEST_PG_URL names."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from skiptrace.store.engine import to_url

PG_URL_VAR = "SKIPTRACE_TEST_PG_URL"


def server_url() -> str:
    """The test server's URL (the postgres marker skips tests when it is not set)."""
    return os.environ[PG_URL_VAR]


def admin_engine(database: str | None = None, *, autocommit: bool = True) -> sa.Engine:
    """A superuser engine on the test server (or one of its databases)."""
    url = sa.engine.make_url(to_url(server_url()))
    if database is not None:
        url = url.set(database=database)
    if autocommit:
        return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    return sa.create_engine(url, poolclass=sa.pool.NullPool)


def url_for(database: str, user: str | None = None) -> str:
    """A ``postgresql://`` URL for ``database`` on the test server, as ``user``."""
    url = sa.engine.make_url(server_url()).set(database=database)
    if user is not None:
        url = url.set(username=user, password=None)
    return url.render_as_string(hide_password=False)


def run_admin(sql: str, database: str | None = None, **params: object) -> list[sa.Row]:
    """Run one statement as the superuser; rows if it returns any."""
    engine = admin_engine(database)
    try:
        with engine.connect() as conn:
            result = conn.execute(sa.text(sql), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


@contextmanager
def fresh_database(prefix: str = "skiptrace_test") -> Iterator[str]:
    """A new, empty database with a random name, dropped (with its roles) afterwards."""
    name = f"{prefix}_{secrets.token_hex(6)}"
    run_admin(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        run_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_role(role: str, database: str) -> None:
    """Remove a test role from the server, with its grants in ``database``."""
    if run_admin("SELECT 1 FROM pg_roles WHERE rolname = :r", r=role):
        run_admin(f'DROP OWNED BY "{role}"', database)
        run_admin(f'DROP ROLE "{role}"')


def terminate_backends(database: str) -> int:
    """Cut every connection to ``database`` as the server does on a crash or restart."""
    rows = run_admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = :d AND pid <> pg_backend_pid()",
        d=database,
    )
    return len(rows)
