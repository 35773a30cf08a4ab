"""Importing a portfolio in a child process, so that a window stays responsive.

Reading, checking and encrypting 100,000 rows is Python work. On a worker thread it
competes with the GUI thread for the interpreter lock and frames come late (20-25 ms
stalls were measured); a spawned child has an interpreter of its own. The child opens the
workspace's database itself with the keys handed to it through the process pipe (never a
command line, the environment or a file), runs ``import_portfolio`` - so the import stays
all or nothing, and logged in the same transaction - and streams its progress back.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Unpack

import sqlalchemy as sa

from skiptrace.model import Workstation
from skiptrace.pii import PiiCipher
from skiptrace.portfolio.errors import PortfolioError
from skiptrace.portfolio.importer import (
    ImportOptions,
    ImportReport,
    ProgressFn,
    import_portfolio,
)
from skiptrace.searchlog.log import SearchLog
from skiptrace.store.engine import make_engine
from skiptrace.workspace.keys import LOG_KEY, PII_KEY, require_key
from skiptrace.workspace.workspace import Workspace


class ImportFailed(RuntimeError):
    """The import process failed for a reason other than the file's rows."""


@dataclass(frozen=True)
class _Job:
    url: str  # with the database password, if any: the child must log in as we did
    workspace_id: str
    log_key: bytes
    pii_key: bytes
    key_source: str
    actor: Workstation
    path: Path
    options: ImportOptions

    def __repr__(self) -> str:  # never print the keys
        return f"_Job(path={self.path!r})"


@dataclass(frozen=True)
class _HeldKeys:
    """The child's key store: the two keys it was handed, read-only."""

    keys: dict[str, str]
    source: str

    def get(self, name: str) -> str | None:
        return self.keys.get(name)

    def set(self, name: str, value: str) -> None:
        raise ImportFailed("an import process does not change keys")

    def delete(self, name: str) -> None:
        raise ImportFailed("an import process does not change keys")

    def describe(self) -> str:
        return self.source


def import_in_process(
    workspace: Workspace,
    path: Path,
    *,
    progress: ProgressFn | None = None,
    **options: Unpack[ImportOptions],
) -> ImportReport:
    """``import_portfolio`` run in a spawned process; blocks until it ends.

    Raises ``PortfolioError`` for a refused file, as ``import_portfolio`` does, and
    ``ImportFailed`` for anything else (the child's database error, or the child dying:
    then its transaction was never committed and nothing was imported).
    """
    mapping = options.get("mapping")  # a plain dict: it crosses the process pipe
    held: ImportOptions = {**options, "mapping": dict(mapping) if mapping else None}
    job = _Job(
        url=workspace.engine.url.render_as_string(hide_password=False),
        workspace_id=workspace.workspace_id,
        log_key=require_key(workspace.keys, LOG_KEY),
        pii_key=require_key(workspace.keys, PII_KEY),
        key_source=workspace.log.key_source,
        actor=workspace.actor,
        path=path,
        options=held,
    )
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_run, args=(job, send), name="skiptrace-import", daemon=True)
    child.start()
    send.close()  # the child holds the only sending end: its exit ends our reading
    try:
        while True:
            try:
                kind, value = receive.recv()
            except EOFError:
                raise ImportFailed(
                    "the import process ended unexpectedly; nothing was imported"
                ) from None
            if kind == "progress":
                if progress is not None:
                    progress(value)
            elif kind == "done":
                assert isinstance(value, ImportReport)
                return value
            elif kind == "refused":
                errors, whole_file = value
                raise PortfolioError(errors, whole_file)
            else:
                raise ImportFailed(str(value))
    finally:
        receive.close()
        child.join(10)
        if child.is_alive():
            child.terminate()
            child.join()


def _reason(exc: Exception) -> str:
    # a database error's text would carry its statement's parameters; the driver's own
    # message names the cause without them
    if isinstance(exc, sa.exc.SQLAlchemyError):
        first = str(getattr(exc, "orig", None) or type(exc).__name__).splitlines()
        return f"database error: {first[0] if first else type(exc).__name__}"
    return f"{type(exc).__name__}: {exc}"


def _run(job: _Job, send: Connection) -> None:
    """The child: open the database, import, report."""
    engine = make_engine(job.url)
    try:
        log = SearchLog(engine, job.log_key, job.actor, key_source=job.key_source)
        workspace = Workspace(
            job.url,
            engine,
            job.workspace_id,
            _HeldKeys({}, job.key_source),  # the keys came as bytes, already in use below
            log,
            PiiCipher(job.pii_key),
            job.actor,
        )

        def progress(p: Any) -> None:
            send.send(("progress", p))

        report = import_portfolio(workspace, job.path, progress=progress, **job.options)
        send.send(("done", report))
    except PortfolioError as exc:
        send.send(("refused", (exc.errors, exc.whole_file)))
    except Exception as exc:  # reported to the parent, which shows it
        send.send(("failed", _reason(exc)))
    finally:
        engine.dispose()
        send.close()
