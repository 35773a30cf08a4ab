"""Which accounts a batch covers: a filter, a file of account ids, or all; and which of
them the purpose does not cover (skipped, each with its reason)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from skiptrace.columns import canonical_column
from skiptrace.model import AccountStatus
from skiptrace.portfolio.decoding import decode
from skiptrace.store import schema
from skiptrace.store.accounts import filter_clause

A = schema.accounts

# Account statuses no permissible purpose covers a batch search of, and why.
SKIPPED_STATUSES: Mapping[str, str] = {
    AccountStatus.CLOSED.value: "account closed",
    AccountStatus.RECALLED.value: "account recalled by the creditor",
    AccountStatus.CEASE_CONTACT.value: "cease-contact on file",
}
NOT_IN_WORKSPACE = "no such account in this workspace"
NOT_ASSIGNED = "not assigned to this collector"
# Settings scope and key of the rule "a collector batches only accounts assigned to them".
SETTINGS_SCOPE = "batch"
ASSIGNED_ONLY = "assigned_only"

_SPLIT = re.compile(r"[,;\t|]")


class AccountsFileError(ValueError):
    """A file of account ids that cannot be read; the message names the file."""


@dataclass(frozen=True)
class Selection:
    """What a collector chose: filter text, a file of ids, explicit ids, or everything."""

    query: str | None = None
    accounts_file: Path | None = None
    account_ids: tuple[str, ...] | None = None
    everything: bool = False

    def describe(self) -> dict[str, Any]:
        """How the log records the selection (the file by name, never its contents)."""
        if self.query is not None:
            return {"query": self.query}
        if self.accounts_file is not None:
            return {"accounts_file": self.accounts_file.name}
        if self.account_ids is not None:
            return {"accounts": "chosen", "count": len(self.account_ids)}
        return {"all": True}


@dataclass(frozen=True, slots=True)
class Chosen:
    """One account of a selection, with the reason it is skipped ('' when it is searched)."""

    account_id: str
    skip_reason: str = ""


def read_account_ids(path: Path) -> list[str]:
    """Account ids from a file: one a line, or the first column of a CSV (header optional)."""
    try:
        text = decode(path.read_bytes(), str(path))
    except OSError as exc:
        raise AccountsFileError(f"{path}: cannot read the accounts file ({exc.strerror})") from None
    ids: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        cell = _SPLIT.split(line, 1)[0].strip().strip('"').strip()
        if not cell:
            continue
        if number == 1 and canonical_column(cell) == "account_id":
            continue  # a header, spelt as the importer knows it (ACCT1 is an id, not one)
        ids.append(cell)
    if not ids:
        raise AccountsFileError(f"{path}: the accounts file holds no account ids")
    return list(dict.fromkeys(ids))


def choose(
    conn: sa.Connection, selection: Selection, user: str, assigned_only: bool
) -> list[Chosen]:
    """The selection's accounts in order, each with its skip reason (if any)."""
    cols = (A.c.account_id, A.c.status, A.c.assigned_to)
    if selection.accounts_file is not None or selection.account_ids is not None:
        ids = (
            read_account_ids(selection.accounts_file)
            if selection.accounts_file is not None
            else list(dict.fromkeys(selection.account_ids or ()))
        )
        found: dict[str, Any] = {}
        for i in range(0, len(ids), 500):
            rows = conn.execute(sa.select(*cols).where(A.c.account_id.in_(ids[i : i + 500])))
            found.update({r.account_id: r for r in rows})
        return [
            _chosen(found[i], user, assigned_only) if i in found else Chosen(i, NOT_IN_WORKSPACE)
            for i in ids
        ]
    query = sa.select(*cols).order_by(A.c.account_id)
    if selection.query is not None:
        query = query.where(filter_clause(selection.query))
    return [_chosen(r, user, assigned_only) for r in conn.execute(query)]


def _chosen(row: Any, user: str, assigned_only: bool) -> Chosen:
    reason = SKIPPED_STATUSES.get(row.status, "")
    if not reason and assigned_only and row.assigned_to != user:
        reason = NOT_ASSIGNED
    return Chosen(row.account_id, reason)


def assigned_only_rule(conn: sa.Connection) -> bool:
    """Whether the workspace limits a collector's batches to the accounts assigned to them."""
    s = schema.settings
    value = conn.execute(
        sa.select(s.c.value).where(s.c.scope == SETTINGS_SCOPE, s.c.key == ASSIGNED_ONLY)
    ).scalar_one_or_none()
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def skip_counts(chosen: Iterable[Chosen]) -> dict[str, int]:
    """How many accounts are skipped for each reason."""
    counts: dict[str, int] = {}
    for c in chosen:
        if c.skip_reason:
            counts[c.skip_reason] = counts.get(c.skip_reason, 0) + 1
    return counts
