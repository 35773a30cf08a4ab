"""Team mode: one PostgreSQL database for a collections floor, one set of keys per team.

An administrator prepares the database once (``setup_database``: schema, append-only
guards, an application role that may add to the search log but never change or remove
an entry), creates the team workspace (``init_team``: keys in their keychain, themself as
administrator) and hands every other desktop a passphrase-sealed key bundle
(``export_team_keys``), which ``join_team`` checks against the database and imports into
that desktop's keychain. The keys are never stored in the database.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from pathlib import Path

import psycopg
import sqlalchemy as sa

from skiptrace.gate.roles import MAY_ADMINISTER, Role, add_member, require_role
from skiptrace.keychain import database_password, set_database_password
from skiptrace.model import Workstation
from skiptrace.searchlog.entry import Anchor
from skiptrace.searchlog.events import KEYS_EXPORTED
from skiptrace.searchlog.log import SearchLog
from skiptrace.store import schema
from skiptrace.store.engine import is_sqlite, make_engine, to_url
from skiptrace.store.errors import driver_reason
from skiptrace.store.migrations import migrate
from skiptrace.team.keybundle import BundleError, TeamKeys, write_bundle
from skiptrace.workspace.keys import (
    LOG_KEY,
    PII_KEY,
    FileKeyStore,
    KeyringStore,
    KeyStore,
    decode_key,
)
from skiptrace.workspace.workspace import Workspace, create_workspace, open_workspace


class TeamSetupError(RuntimeError):
    """The team database could not be prepared as asked."""


@dataclass(frozen=True)
class DatabaseSetup:
    """What ``setup_database`` did. ``repr`` hides the password."""

    app_url: str
    app_role: str
    password: str
    role_created: bool
    database_created: bool
    password_in_keychain: bool

    def __repr__(self) -> str:
        return f"DatabaseSetup(app_url={self.app_url!r}, password=<hidden>)"


def _require_server(url: str) -> None:
    if is_sqlite(url):
        raise TeamSetupError("team mode needs a PostgreSQL database: give a postgresql://... URL")


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(text: str) -> str:
    # standard_conforming_strings is on in every supported server: only quotes double
    return "'" + text.replace("'", "''") + "'"


def _ensure_database(admin_url: str) -> bool:
    parsed = sa.engine.make_url(admin_url)
    name = parsed.database or ""
    if not name:
        raise TeamSetupError("the admin URL must name the team database: .../DBNAME")
    probe = make_engine(admin_url, poolclass=sa.pool.NullPool)
    try:
        with probe.connect():
            return False  # it exists: the admin need not reach the maintenance database
    except sa.exc.OperationalError as exc:
        if "does not exist" not in str(exc.orig):
            raise
    finally:
        probe.dispose()
    engine = make_engine(
        parsed.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with engine.connect() as conn:
            found = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
            if found:
                return False
            conn.exec_driver_sql(f"CREATE DATABASE {_quote_ident(name)}")
            return True
    finally:
        engine.dispose()


def _grants(role: str, database: str) -> list[str]:
    r = _quote_ident(role)
    # Everything but the log and its head is ordinary data the app edits; the log may
    # only grow, its head only move, and the workspace identity only be written once.
    return [
        f"GRANT CONNECT ON DATABASE {_quote_ident(database)} TO {r}",
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
        f"REVOKE UPDATE, DELETE ON audit_log FROM {r}",
        f"REVOKE INSERT, DELETE ON log_head FROM {r}",
        f"REVOKE UPDATE, DELETE ON meta FROM {r}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {r}",
        # a desktop that dies mid-append must not hold the append queue for long
        f"ALTER ROLE {r} SET idle_in_transaction_session_timeout = '60s'",
    ]


def setup_database(admin_url: str, app_role: str, app_password: str | None = None) -> DatabaseSetup:
    """Prepare a team database as its owner; idempotent, so it also re-grants after upgrades.

    Creates the database named in ``admin_url`` if missing, the schema with its
    append-only guards, and the login role ``app_role`` with a password (``app_password``
    or a fresh random one; an existing role keeps its password unless one is given).
    Returns the URL desktops use (without the password) and the password.
    """
    admin_url = to_url(admin_url)
    _require_server(admin_url)
    if not app_role or len(app_role) > 63:
        raise TeamSetupError("the application role name must be 1 to 63 characters")
    created_db = _ensure_database(admin_url)
    parsed = sa.engine.make_url(admin_url)
    database = parsed.database or ""
    engine = make_engine(admin_url)
    try:
        with engine.begin() as conn:
            if conn.scalar(
                sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = :r"), {"r": app_role}
            ):
                raise TeamSetupError(
                    f"{app_role} is a superuser: the application role must be an ordinary one"
                )
            migrate(conn)
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": app_role}
            ).first()
            password = app_password or (None if exists else secrets.token_urlsafe(24))
            raw = conn.connection.dbapi_connection
            assert raw is not None
            cur = raw.cursor()
            try:
                # DDL takes no bind parameters; run it unparsed so a '%' stays a '%'
                verb = "ALTER" if exists else "CREATE"
                cur.execute(
                    f"{verb} ROLE {_quote_ident(app_role)} LOGIN NOSUPERUSER NOCREATEDB "
                    "NOCREATEROLE NOBYPASSRLS"
                    + (f" PASSWORD {_quote_literal(password)}" if password else "")
                )
                for statement in _grants(app_role, database):
                    cur.execute(statement)
            finally:
                cur.close()
    except (sa.exc.DBAPIError, psycopg.Error) as exc:
        if isinstance(exc, sa.exc.OperationalError | psycopg.OperationalError):
            raise
        raise TeamSetupError(
            f"the admin URL's role could not prepare the team database ({driver_reason(exc)}); run "
            "team setup-db as the database owner or a superuser"
        ) from None
    finally:
        engine.dispose()
    app_url = (
        parsed.set(username=app_role, password=None)
        .render_as_string(hide_password=False)
        .replace("postgresql+psycopg://", "postgresql://", 1)
    )
    kept = False
    if password:
        # without a keychain on the admin's machine the caller must show it, once
        with contextlib.suppress(RuntimeError):
            set_database_password(to_url(app_url), password)
            kept = True
    return DatabaseSetup(app_url, app_role, password or "", not exists, created_db, kept)


def team_keys(workspace: Workspace) -> TeamKeys:
    """The keys and login a new desktop needs (administrators only)."""
    require_role(workspace.engine, workspace.actor.user, MAY_ADMINISTER, "hand out the team keys")
    parsed = sa.engine.make_url(workspace.url)
    password = parsed.password or database_password(workspace.url) or ""
    plain = parsed.set(password=None).render_as_string(hide_password=False)
    return TeamKeys(
        workspace_id=workspace.workspace_id,
        log_key=workspace.keys.get(LOG_KEY) or "",
        pii_key=workspace.keys.get(PII_KEY) or "",
        database_url=plain.replace("postgresql+psycopg://", "postgresql://", 1),
        database_password=str(password),
    )


def export_team_keys(workspace: Workspace, path: Path, passphrase: str) -> None:
    """Write a sealed key bundle for other desktops, and log that it was made."""
    keys = team_keys(workspace)
    write_bundle(path, keys, passphrase)
    workspace.log.append(KEYS_EXPORTED, details={"bundle": path.name})


def init_team(
    url: str,
    actor: Workstation,
    *,
    bundle: Path | None = None,
    passphrase: str = "",
    key_file: Path | None = None,
) -> Workspace:
    """Create the team workspace in a prepared database; its creator is its administrator."""
    url = to_url(url)
    _require_server(url)
    workspace = create_workspace(url, actor=actor, key_file=key_file)
    add_member(workspace, actor.user, Role.ADMINISTRATOR)
    if bundle is not None:
        export_team_keys(workspace, bundle, passphrase)
    return workspace


def join_team(
    url: str | None, keys: TeamKeys, actor: Workstation, *, key_file: Path | None = None
) -> Workspace:
    """Give this desktop the team's keys after checking they belong to the database.

    ``url`` defaults to the database named in the bundle. The log key must verify the
    log's newest entry, or nothing is stored. Keys already on this desktop for the
    workspace are kept if equal and refused if different.
    """
    url = to_url(url or keys.database_url)
    _require_server(url)
    if keys.database_password and sa.engine.make_url(url).password is None:
        set_database_password(url, keys.database_password)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            found = conn.scalar(
                sa.select(schema.meta.c.value).where(schema.meta.c.key == "workspace_id")
            )
    finally:
        engine.dispose()
    if found != keys.workspace_id:
        raise BundleError(
            "this key bundle belongs to another team workspace than the database at "
            f"{sa.engine.make_url(url).render_as_string(hide_password=True)}"
        )
    store: KeyStore = FileKeyStore(key_file) if key_file else KeyringStore(keys.workspace_id)
    for name, value in ((LOG_KEY, keys.log_key), (PII_KEY, keys.pii_key)):
        held = store.get(name)
        if held is not None and held != value:
            raise BundleError(
                f"this desktop already holds a different {name} for this workspace; "
                "remove it from the keychain first if the bundle is the right one"
            )
    _check_log_key(url, keys, actor)
    for name, value in ((LOG_KEY, keys.log_key), (PII_KEY, keys.pii_key)):
        store.set(name, value)
    return open_workspace(url, actor=actor, key_file=key_file)


def _check_log_key(url: str, keys: TeamKeys, actor: Workstation) -> None:
    engine = make_engine(url)
    try:
        log = SearchLog(engine, decode_key(keys.log_key), actor, key_source="the key bundle")
        head = log.head()
        if head.seq == 0:
            return
        last = log.get(head.seq)
        assert last is not None
        report = log.verify(start=Anchor(head.seq - 1, last.prev_hash, "the entry before"))
        if not report.ok:
            raise BundleError(
                "the bundle's log key does not verify this team's search log: it is not "
                "this team's key (or the newest entry was altered)"
            )
    finally:
        engine.dispose()
