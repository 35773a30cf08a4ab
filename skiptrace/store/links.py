"""Links between accounts that are the same debtor: the ``debtor_links`` table, and the
identity columns the same-person pass compares (SSN and DOB still encrypted)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from skiptrace.model import Address, name_parts
from skiptrace.store import schema
from skiptrace.store.accounts import stored_addresses

A = schema.accounts
L = schema.debtor_links

# Past this many imported accounts one scan of the table beats many IN-list lookups.
_SCAN_ALL = 2000
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class IdentityRow:
    """What says who an account's debtor is, as stored: SSN and DOB still encrypted."""

    account_id: str
    first_name: str
    middle_name: str
    last_name: str
    suffix: str
    birth_year: int | None
    ssn_last4: str
    ssn_enc: bytes | None
    dob_enc: bytes | None
    addresses: tuple[Address, ...]
    phones: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoredLink:
    """One account linked to another, with the other's creditor and balance for display."""

    account_id: str
    other_id: str
    reason: str
    linked_at: str
    other_name: str
    other_creditor: str
    other_balance: str
    other_status: str


_IDENTITY = (
    A.c.account_id,
    A.c.first_name,
    A.c.middle_name,
    A.c.last_name,
    A.c.suffix,
    A.c.birth_year,
    A.c.ssn_last4,
    A.c.ssn_enc,
    A.c.dob_enc,
    A.c.addresses,
    A.c.phones,
)


def _identity(row: sa.Row) -> IdentityRow:
    return IdentityRow(
        account_id=row.account_id,
        **name_parts(row),
        birth_year=row.birth_year,
        ssn_last4=row.ssn_last4,
        ssn_enc=row.ssn_enc,
        dob_enc=row.dob_enc,
        addresses=stored_addresses(row.addresses),
        phones=tuple(p[0] for p in json.loads(row.phones) if p and p[0]),
    )


def identity_rows(conn: sa.Connection, account_ids: Sequence[str]) -> list[IdentityRow]:
    """These accounts and every other that could be the same person: one sharing an SSN
    last four or a (case-insensitive) surname with one of them."""
    if len(account_ids) > _SCAN_ALL:
        return [_identity(r) for r in conn.execute(sa.select(*_IDENTITY))]
    mine = {
        r.account_id: r
        for i in range(0, len(account_ids), _CHUNK)
        for r in conn.execute(
            sa.select(*_IDENTITY).where(A.c.account_id.in_(account_ids[i : i + _CHUNK]))
        )
    }
    last4s = sorted({r.ssn_last4 for r in mine.values() if r.ssn_last4})
    surnames = sorted({r.last_name.lower() for r in mine.values() if r.last_name})
    found = dict(mine)
    for column, values in ((A.c.ssn_last4, last4s), (sa.func.lower(A.c.last_name), surnames)):
        for i in range(0, len(values), _CHUNK):
            query = sa.select(*_IDENTITY).where(column.in_(values[i : i + _CHUNK]))
            for r in conn.execute(query):
                found.setdefault(r.account_id, r)
    return [_identity(r) for r in found.values()]


def save_links(
    conn: sa.Connection, links: Iterable[tuple[str, str, str]], linked_at: str
) -> list[tuple[str, str, str]]:
    """Store (account, other, reason) links both ways; the ones that were not stored yet."""
    wanted = {tuple(sorted((a, b))): reason for a, b, reason in links if a != b}
    if not wanted:
        return []
    ids = sorted({a for pair in wanted for a in pair})
    known: set[tuple[str, str]] = set()
    for i in range(0, len(ids), _CHUNK):
        query = sa.select(L.c.account_id, L.c.other_id).where(
            L.c.account_id.in_(ids[i : i + _CHUNK])
        )
        known.update((a, b) for a, b in conn.execute(query))
    new = [(a, b, r) for (a, b), r in sorted(wanted.items()) if (a, b) not in known]
    rows = [
        {"account_id": x, "other_id": y, "reason": r, "linked_at": linked_at}
        for a, b, r in new
        for x, y in ((a, b), (b, a))
    ]
    for i in range(0, len(rows), _CHUNK):
        conn.execute(L.insert(), rows[i : i + _CHUNK])
    return new


def links_of(conn: sa.Connection, account_id: str) -> list[StoredLink]:
    """The accounts linked to this one as the same debtor, by account id."""
    query = (
        sa.select(
            L.c.account_id,
            L.c.other_id,
            L.c.reason,
            L.c.linked_at,
            A.c.first_name,
            A.c.middle_name,
            A.c.last_name,
            A.c.suffix,
            A.c.creditor,
            A.c.balance,
            A.c.status,
        )
        .join(A, A.c.account_id == L.c.other_id)
        .where(L.c.account_id == account_id)
        .order_by(L.c.other_id)
    )
    out = []
    for r in conn.execute(query):
        name = " ".join(p for p in (r.first_name, r.middle_name, r.last_name, r.suffix) if p)
        out.append(
            StoredLink(
                r.account_id,
                r.other_id,
                r.reason,
                r.linked_at,
                name,
                r.creditor,
                r.balance,
                r.status,
            )
        )
    return out
