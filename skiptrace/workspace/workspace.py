"""A workspace: one database, its keys, its search log and who is working in it."""

from __future__ import annotations

import getpass
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from skiptrace import __version__
from skiptrace.clock import utc_now
from skiptrace.keychain import NO_KEYCHAIN_MESSAGE, NoKeychain, keychain_available
from skiptrace.model import Workstation
from skiptrace.pii import PiiCipher
from skiptrace.searchlog.events import WORKSPACE_CREATED
from skiptrace.searchlog.log import SearchLog
from skiptrace.store import holders, schema
from skiptrace.store.engine import WorkspaceBusy, display_url, make_engine, sqlite_path
from skiptrace.store.errors import driver_reason
from skiptrace.store.migrations import WorkspaceTooNew, current_version, migrate
from skiptrace.workspace import key_binding
from skiptrace.workspace.keys import (
    LOG_KEY,
    PII_KEY,
    FileKeyStore,
    KeyringStore,
    KeyStore,
    MissingKey,
    decode_key,
    key_source_for,
    new_key,
    require_key,
    store_from_source,
)


class WorkspaceMissing(RuntimeError):
    """No workspace exists at the given location."""


class UpgradeNeedsOwner(RuntimeError):
    """The schema must be upgraded, and this desktop's database role may not do it."""


class DatabaseUnavailable(RuntimeError):
    """The workspace's database server cannot be reached (or refused the login)."""


class WorkspaceDamaged(RuntimeError):
    """The workspace file is not a workspace, or is damaged, or cannot be read."""


def _damaged(path: Path, exc: sa.exc.DBAPIError) -> RuntimeError:
    reason = driver_reason(exc)
    if "locked" in reason or "busy" in reason:
        return WorkspaceBusy(
            f"the workspace {path} stayed busy: {holders.waiting_for(path)}. Nothing was "
            "written; try again when that program has finished."
        )
    return WorkspaceDamaged(
        f"the workspace file {path} cannot be read as a workspace: {reason}. It may be "
        "damaged; restore it from a backup, or open another workspace."
    )


# What opening or creating a workspace may raise with a message a person can act on (no
# keychain, a missing key, no workspace there, one made by a newer skiptrace, a file
# problem): the app shows these and stays up.
OPEN_ERRORS: tuple[type[Exception], ...] = (
    NoKeychain,
    MissingKey,
    WorkspaceMissing,
    WorkspaceTooNew,
    FileExistsError,
    OSError,
)


def _unreachable(url: str, exc: sa.exc.OperationalError) -> DatabaseUnavailable:
    # the driver's first line names the cause without the password; nor does the URL shown
    return DatabaseUnavailable(
        f"cannot reach the workspace database {display_url(url)}: {driver_reason(exc)}. "
        "Check that the server is running and this desktop may connect, then try again."
    )


def default_actor(user: str | None = None) -> Workstation:
    """The person at this desktop: ``--user``, else the login name."""
    return Workstation(
        user=user or getpass.getuser(), host=socket.gethostname(), app_version=__version__
    )


@dataclass
class Workspace:
    """An open workspace. Pass it (or the pieces it holds) to whatever needs them."""

    url: str
    engine: sa.Engine
    workspace_id: str
    keys: KeyStore
    log: SearchLog
    cipher: PiiCipher
    actor: Workstation

    @property
    def display_url(self) -> str:
        """The workspace location without any password."""
        return display_url(self.url)

    @property
    def path(self) -> Path | None:
        """The SQLite file, when the workspace is one."""
        return sqlite_path(self.url)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()
        if self.path is not None:
            holders.release(self.path)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _meta(conn: sa.Connection, key: str) -> str | None:
    row = conn.execute(sa.select(schema.meta.c.value).where(schema.meta.c.key == key)).first()
    return row[0] if row else None


def _has_workspace(conn: sa.Connection) -> bool:
    # a team database prepared by ``team setup-db`` has the schema but no workspace yet
    return current_version(conn) is not None and _meta(conn, "workspace_id") is not None


def exists(url: str) -> bool:
    """Whether a workspace has been created at ``url``."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return False
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return _has_workspace(conn)
    except sa.exc.OperationalError as exc:
        raise _unreachable(url, exc) from None
    finally:
        engine.dispose()


def create_workspace(
    url: str,
    *,
    actor: Workstation | None = None,
    key_file: Path | None = None,
    workspace_id: str | None = None,
) -> Workspace:
    """Create a workspace and its keys; refuses without a keychain unless ``key_file`` is given.

    Where the keys already exist for this workspace id (a team member joining), they are
    kept, never replaced. A team database prepared by ``team setup-db`` (schema, no
    workspace yet) is filled in; one that already holds a workspace is refused.
    """
    if key_file is None and not keychain_available():
        raise NoKeychain(NO_KEYCHAIN_MESSAGE)
    workspace_id = workspace_id or uuid.uuid4().hex
    keys: KeyStore = FileKeyStore(key_file) if key_file else KeyringStore(workspace_id)
    key_binding.refuse_foreign_key_file(keys, workspace_id)
    # keys already held for this id (a team member joining) are kept, never replaced;
    # new ones are stored only once the workspace exists to own them
    values = {name: keys.get(name) or new_key() for name in (LOG_KEY, PII_KEY)}
    bound = key_binding.fingerprint(decode_key(values[LOG_KEY]), decode_key(values[PII_KEY]))
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            if _has_workspace(conn):
                raise FileExistsError(f"a workspace already exists at {display_url(url)}")
            migrate(conn)
            conn.execute(
                schema.meta.insert(),
                [
                    {"key": "workspace_id", "value": workspace_id},
                    {"key": "key_source", "value": key_source_for(keys)},
                    {"key": "created_at", "value": utc_now()},
                ],
            )
            key_binding.record(conn, bound)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise _unreachable(url, exc) from None
    except BaseException:
        engine.dispose()
        raise
    for name, value in values.items():
        if keys.get(name) is None:
            keys.set(name, value)
    key_binding.claim_key_file(keys, workspace_id)
    workspace = _assemble(url, engine, workspace_id, keys, actor)
    workspace.log.append(WORKSPACE_CREATED, details={"key_source": keys.describe()})
    return workspace


def _check_file(path: Path) -> None:
    if not path.exists():
        raise WorkspaceMissing(
            f"no workspace at {path}; create one with 'skiptrace-cli init' or try "
            "'skiptrace-cli demo'"
        )
    if path.is_dir():
        raise WorkspaceDamaged(f"the workspace {path} is a folder, not a workspace file")
    if not os.access(path, os.R_OK):
        raise WorkspaceDamaged(f"the workspace file {path} cannot be read: permission denied")
    with path.open("rb") as fh:
        magic = fh.read(16)
    if magic and magic != b"SQLite format 3\x00":
        raise WorkspaceDamaged(
            f"the file {path} is not a skiptrace workspace (it is not an SQLite database)"
        )


def open_workspace(
    url: str, *, actor: Workstation | None = None, key_file: Path | None = None
) -> Workspace:
    """Open an existing workspace, migrating its schema if it is older."""
    path = sqlite_path(url)
    if path is not None:
        _check_file(path)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            if not _has_workspace(conn):
                raise WorkspaceMissing(
                    f"no workspace at {display_url(url)}; on a team database an "
                    "administrator creates it with 'skiptrace-cli team init'"
                )
            migrate(conn)
            workspace_id = _meta(conn, "workspace_id") or ""
            source = _meta(conn, "key_source") or "keyring"
    except sa.exc.OperationalError as exc:
        engine.dispose()
        if path is not None:
            raise _damaged(path, exc) from None
        raise _unreachable(url, exc) from None
    except sa.exc.ProgrammingError as exc:
        engine.dispose()
        if "InsufficientPrivilege" not in type(exc.orig).__name__:
            raise
        # a desktop's application role may not change the schema; the owner must
        raise UpgradeNeedsOwner(
            f"the team database {display_url(url)} needs a schema upgrade this desktop's "
            "database role may not make: an administrator runs 'skiptrace-cli team "
            "setup-db --admin-url ... --app-role ...' with this skiptrace version"
        ) from None
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        if path is None:
            raise
        raise _damaged(path, exc) from None
    except BaseException:
        engine.dispose()
        raise
    keys = FileKeyStore(key_file) if key_file else store_from_source(source, workspace_id)
    if isinstance(keys, KeyringStore) and not keychain_available():
        engine.dispose()
        raise NoKeychain(NO_KEYCHAIN_MESSAGE)
    return _assemble(url, engine, workspace_id, keys, actor)


def _assemble(
    url: str, engine: sa.Engine, workspace_id: str, keys: KeyStore, actor: Workstation | None
) -> Workspace:
    who = actor or default_actor()
    log_key = require_key(keys, LOG_KEY)
    pii_key = require_key(keys, PII_KEY)
    log = SearchLog(engine, log_key, who, key_source=keys.describe())
    try:
        key_binding.check(engine, keys, workspace_id, log, log_key, pii_key)
    except BaseException:
        engine.dispose()
        raise
    cipher = PiiCipher(pii_key)
    path = sqlite_path(url)
    if path is not None:
        holders.register(path, who.user)
    return Workspace(url, engine, workspace_id, keys, log, cipher, who)
