"""Importing a portfolio file into a workspace: all or nothing, logged."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, Unpack

from skiptrace.portfolio.errors import PortfolioError, RowError
from skiptrace.portfolio.merge import keeping_stored
from skiptrace.portfolio.reader import estimate_rows, ignored_columns, read_portfolio
from skiptrace.portfolio.rejects import write_rejects
from skiptrace.portfolio.same_debtor import SameDebtorLink, link_same_debtors
from skiptrace.searchlog.events import PORTFOLIO_IMPORTED
from skiptrace.store.accounts import save_debtors
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace


@dataclass(frozen=True)
class ImportReport:
    """What an import did: counts, and where rejected rows went."""

    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    rejects_file: Path | None
    errors: tuple[RowError, ...]
    # file headers that hold no known column, and were not imported
    ignored: tuple[str, ...] = ()
    # accounts of this import that look like the same debtor as another account
    same_debtor: tuple[SameDebtorLink, ...] = ()


READING = "reading"
SAVING = "saving"


@dataclass(frozen=True)
class ImportProgress:
    """How far an import is: ``done`` of about ``total`` rows read, or accounts saved.

    ``total`` is 0 when it is not known yet (an XLSX file while it is being read).
    """

    stage: str  # READING or SAVING
    done: int
    total: int


ProgressFn = Callable[[ImportProgress], None]


class ImportOptions(TypedDict, total=False):
    """How an import treats its file; every option may be left out (the default in
    brackets): ``mapping`` (headers recognised by name), ``skip_invalid`` (False),
    ``rejects_path`` (beside the file), ``blank_clears`` (False), ``rejects_full``
    (False)."""

    mapping: Mapping[str, str] | None
    skip_invalid: bool
    rejects_path: Path | None
    blank_clears: bool
    rejects_full: bool


def import_portfolio(
    workspace: Workspace,
    path: Path,
    *,
    progress: ProgressFn | None = None,
    **options: Unpack[ImportOptions],
) -> ImportReport:
    """Import a CSV or XLSX portfolio.

    Any invalid row makes the whole file fail with ``PortfolioError`` (nothing imported),
    unless ``skip_invalid``: then the good rows are imported and the bad ones written to a
    rejects CSV (mode 0600; SSN and date of birth masked unless ``rejects_full``) with a
    reason each. The import and its log entry commit together. An empty cell never erases
    what an account has stored, unless ``blank_clears`` (then it clears the value, in the
    columns the file has). ``progress`` hears how many rows have been read, then how many
    accounts saved.
    """
    mapping = options.get("mapping")
    skip_invalid = options.get("skip_invalid", False)
    blank_clears = options.get("blank_clears", False)
    on_rows = on_saved = None
    if progress is not None:
        report = progress
        expected = estimate_rows(path)
        report(ImportProgress(READING, 0, expected))

        def on_rows(n: int) -> None:
            report(ImportProgress(READING, n, max(expected, n)))

    result = read_portfolio(path, mapping, on_rows)
    if result.errors and not skip_invalid:
        raise PortfolioError(result.errors)
    rejects_file = None
    if result.rejected:
        rejects_file = options.get("rejects_path") or path.with_name(path.stem + ".rejects.csv")
        write_rejects(result, rejects_file, full=options.get("rejects_full", False))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if progress is not None:
        report, count = progress, len(result.debtors)
        report(ImportProgress(SAVING, 0, count))

        def on_saved(n: int) -> None:
            report(ImportProgress(SAVING, n, count))

    with write_connection(workspace.engine) as conn, conn.begin():
        clears = result.present if blank_clears else frozenset()
        saved = save_debtors(
            conn,
            result.debtors,
            workspace.cipher,
            source=path.name,
            on_saved=on_saved,
            merge=keeping_stored(result.blank, clears),
        )
        same = link_same_debtors(conn, workspace.cipher, [d.account_id for d in result.debtors])
        workspace.log.append(
            PORTFOLIO_IMPORTED,
            details={
                "file": path.name,
                "sha256": digest,
                "rows": result.rows,
                "created": saved.created,
                "updated": saved.updated,
                "unchanged": saved.unchanged,
                "rejected": len(result.rejected),
                "blank_clears": blank_clears,
                "same_debtor_links": len(same),
            },
            conn=conn,
        )
    # drop the parsed accounts in slices: freeing 100,000 at once holds the interpreter
    # lock for ~40 ms, freezing a window that runs the import in a worker thread
    while result.debtors:
        del result.debtors[-2000:]
    return ImportReport(
        path.name,
        result.rows,
        saved.created,
        saved.updated,
        saved.unchanged,
        len(result.rejected),
        rejects_file,
        tuple(result.errors),
        ignored_columns(result.headers, mapping or {}),
        same,
    )
