"""Accounts in the store: save with PII encrypted, load masked or revealed, filter, history."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from skiptrace.clock import utc_now
from skiptrace.model import AccountStatus, Address, Debtor, Phone, name_parts
from skiptrace.pii import PiiCipher, digits, mask_dob, mask_ssn
from skiptrace.store import schema

A = schema.accounts


@dataclass(frozen=True, slots=True)
class AccountSummary:
    """What a portfolio list shows of an account: nothing that needs masking."""

    account_id: str
    name: str
    city: str
    state: str
    zip: str
    phone: str
    status: str
    balance: str
    assigned_to: str
    creditor: str
    ssn_last4: str
    birth_year: int | None
    # skip-tracing progress, filled in by the portfolio listing (``portfolio.listing``)
    skip_status: str = ""
    last_searched: str = ""
    last_worked: str = ""


@dataclass(frozen=True, slots=True)
class SaveResult:
    """How many accounts an import created and updated."""

    created: int
    updated: int
    unchanged: int


def search_text(debtor: Debtor) -> str:
    """The lower-cased text that filter-as-you-type scans."""
    parts = [
        debtor.account_id,
        debtor.first_name,
        debtor.middle_name,
        debtor.last_name,
        debtor.status.value,
    ]
    parts += [digits(p.number) for p in debtor.phones]
    parts += [a.zip for a in debtor.addresses]
    return " ".join(p for p in parts if p).lower()


def _row_values(debtor: Debtor, cipher: PiiCipher) -> dict[str, object]:
    aid = debtor.account_id
    return {
        "account_id": aid,
        "first_name": debtor.first_name,
        "middle_name": debtor.middle_name,
        "last_name": debtor.last_name,
        "suffix": debtor.suffix,
        "dob_enc": cipher.encrypt(debtor.dob.isoformat(), aid, "dob") if debtor.dob else None,
        "birth_year": debtor.birth_year,
        "ssn_enc": cipher.encrypt(debtor.ssn, aid, "ssn") if debtor.ssn else None,
        "ssn_last4": debtor.ssn_last4,
        "addresses": json.dumps(
            [[a.line1, a.line2, a.city, a.state, a.zip] for a in debtor.addresses]
        ),
        "phones": json.dumps([[p.number, p.label] for p in debtor.phones]),
        "emails": json.dumps(list(debtor.emails)),
        "employer": debtor.employer,
        "creditor": debtor.creditor,
        "balance": "" if debtor.balance is None else str(debtor.balance),
        "assigned_to": debtor.assigned_to,
        "status": debtor.status.value,
        "search_text": search_text(debtor),
    }


_COMPARED = (
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "birth_year",
    "ssn_last4",
    "addresses",
    "phones",
    "emails",
    "employer",
    "creditor",
    "balance",
    "assigned_to",
    "status",
)


def _changes(
    old: Any, new: dict[str, object], stored: Debtor, debtor: Debtor
) -> dict[str, list[object]]:
    changed: dict[str, list[object]] = {}
    for col in _COMPARED:
        before = getattr(old, col)
        if before != new[col]:
            changed[col] = [before, new[col]]
    # full SSN / DOB are compared decrypted; history records masked forms only
    if stored.ssn != debtor.ssn:
        changed["ssn"] = [mask_ssn(stored.ssn), mask_ssn(debtor.ssn)]
    if stored.dob != debtor.dob:
        changed["dob"] = [mask_dob(stored.dob), mask_dob(debtor.dob)]
    return changed


def keep_full_pii(stored: Debtor, new: Debtor) -> Debtor:
    """The default update: ``new`` as given, except that a full SSN or date of birth it
    omits is kept from the ``stored`` account."""
    if not new.ssn and stored.ssn and new.ssn_last4 in ("", stored.ssn_last4):
        new = replace(new, ssn=stored.ssn)
    if new.dob is None and stored.dob is not None:
        new = replace(new, dob=stored.dob)
    return new


# Inserts go in slices: one executemany of 100,000 rows (and freeing its parameters)
# holds the interpreter lock for ~70 ms, freezing a window whose import runs in a worker.
_INSERT_SLICE = 2000


def save_debtors(
    conn: sa.Connection,
    debtors: Iterable[Debtor],
    cipher: PiiCipher,
    source: str,
    on_saved: Callable[[int], None] | None = None,
    merge: Callable[[Debtor, Debtor], Debtor] = keep_full_pii,
) -> SaveResult:
    """Insert new accounts and update known ones, keeping a history of what changed.

    Runs in the caller's transaction: an import is all or nothing. ``on_saved(n)`` is told
    how many accounts have been written so far, slice by slice. An update stores
    ``merge(stored, given)``: by default what is given, keeping a full SSN and date of
    birth it omits; an import passes a merge that keeps whatever its empty cells omit.
    """
    now = utc_now()
    created = updated = unchanged = 0
    batch = list(debtors)
    existing: dict[str, Any] = {}
    ids = [d.account_id for d in batch]
    for i in range(0, len(ids), 500):
        for row in conn.execute(sa.select(A).where(A.c.account_id.in_(ids[i : i + 500]))):
            existing[row.account_id] = row
    inserts: list[dict[str, object]] = []
    history: list[dict[str, object]] = []
    for done, debtor in enumerate(batch):
        if on_saved is not None and done and done % _INSERT_SLICE == 0:
            on_saved(done)
        old = existing.get(debtor.account_id)
        stored = None
        if old is not None:
            stored = _to_debtor(old, cipher)
            debtor = merge(stored, debtor)
        values = _row_values(debtor, cipher)
        if old is None:
            inserts.append({**values, "created_at": now, "updated_at": now})
            created += 1
            if len(inserts) == _INSERT_SLICE:
                conn.execute(A.insert(), inserts)
                inserts = []
            continue
        assert stored is not None
        changed = _changes(old, values, stored, debtor)
        if not changed:
            unchanged += 1
            continue
        conn.execute(
            A.update().where(A.c.account_id == debtor.account_id).values(**values, updated_at=now)
        )
        history.append(
            {
                "account_id": debtor.account_id,
                "changed_at": now,
                "source": source,
                "changes": json.dumps(changed, default=str),
            }
        )
        updated += 1
    if inserts:
        conn.execute(A.insert(), inserts)
    if history:
        conn.execute(schema.account_history.insert(), history)
    if on_saved is not None:
        on_saved(created + updated + unchanged)
    return SaveResult(created, updated, unchanged)


def stored_addresses(column: str) -> tuple[Address, ...]:
    """The addresses an account row keeps as JSON, as values again."""
    return tuple(Address(*a) for a in json.loads(column))


def _to_debtor(row: Any, cipher: PiiCipher | None) -> Debtor:
    ssn = dob = None
    if cipher is not None:
        if row.ssn_enc:
            ssn = cipher.decrypt(row.ssn_enc, row.account_id, "ssn")
        if row.dob_enc:
            dob = date.fromisoformat(cipher.decrypt(row.dob_enc, row.account_id, "dob"))
    return Debtor(
        account_id=row.account_id,
        **name_parts(row),
        dob=dob,
        ssn=ssn or "",
        ssn_last4=row.ssn_last4,
        addresses=stored_addresses(row.addresses),
        phones=tuple(Phone(*p) for p in json.loads(row.phones)),
        emails=tuple(json.loads(row.emails)),
        employer=row.employer,
        creditor=row.creditor,
        balance=Decimal(row.balance) if row.balance else None,
        assigned_to=row.assigned_to,
        status=AccountStatus(row.status),
    )


def load_debtor(
    conn: sa.Connection, account_id: str, cipher: PiiCipher | None = None
) -> Debtor | None:
    """An account; full SSN and DOB are decrypted only when a cipher is given."""
    row = conn.execute(sa.select(A).where(A.c.account_id == account_id)).first()
    return _to_debtor(row, cipher) if row else None


def load_debtors(
    conn: sa.Connection, account_ids: Sequence[str], cipher: PiiCipher | None = None
) -> dict[str, Debtor]:
    """Several accounts at once, by id (ids not found are absent); as ``load_debtor``."""
    rows = conn.execute(sa.select(A).where(A.c.account_id.in_(list(account_ids))))
    return {row.account_id: _to_debtor(row, cipher) for row in rows}


def birth_year(conn: sa.Connection, account_id: str) -> int | None:
    """The searchable birth year of an account."""
    return conn.execute(
        sa.select(A.c.birth_year).where(A.c.account_id == account_id)
    ).scalar_one_or_none()


def _summary(row: Any) -> AccountSummary:
    addresses = json.loads(row.addresses)
    phones = json.loads(row.phones)
    first = addresses[0] if addresses else ["", "", "", "", ""]
    name = " ".join(p for p in (row.first_name, row.middle_name, row.last_name, row.suffix) if p)
    return AccountSummary(
        account_id=row.account_id,
        name=name,
        city=first[2],
        state=first[3],
        zip=first[4],
        phone=phones[0][0] if phones else "",
        status=row.status,
        balance=row.balance,
        assigned_to=row.assigned_to,
        creditor=row.creditor,
        ssn_last4=row.ssn_last4,
        birth_year=row.birth_year,
    )


_SUMMARY_COLS = (
    A.c.account_id,
    A.c.first_name,
    A.c.middle_name,
    A.c.last_name,
    A.c.suffix,
    A.c.addresses,
    A.c.phones,
    A.c.status,
    A.c.balance,
    A.c.assigned_to,
    A.c.creditor,
    A.c.ssn_last4,
    A.c.birth_year,
)


def filter_clause(text: str) -> sa.ColumnElement[bool]:
    """Every word of ``text`` must appear in an account's name, id, phone, ZIP or status."""
    clauses = []
    for word in text.lower().split():
        bare = word.strip("()+.-")
        # "(555) 123-4567" and "555.123.4567" match the stored digits
        term = digits(word) if bare and all(c.isdigit() or c in "()+.-" for c in bare) else word
        clauses.append(A.c.search_text.contains(term, autoescape=True))
    return sa.and_(sa.true(), *clauses)


def find_accounts(
    conn: sa.Connection, text: str = "", limit: int | None = None, offset: int = 0
) -> list[AccountSummary]:
    """Accounts matching filter text, ordered by account id."""
    query = sa.select(*_SUMMARY_COLS).where(filter_clause(text)).order_by(A.c.account_id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [_summary(r) for r in conn.execute(query)]


def account_ids(conn: sa.Connection, text: str = "") -> list[str]:
    """Just the ids of matching accounts, for views that fetch rows on demand."""
    query = sa.select(A.c.account_id).where(filter_clause(text)).order_by(A.c.account_id)
    return list(conn.execute(query).scalars())


def summaries(conn: sa.Connection, ids: Sequence[str]) -> list[AccountSummary]:
    """Summaries for the given ids, in the given order."""
    rows = {
        r.account_id: _summary(r)
        for r in conn.execute(sa.select(*_SUMMARY_COLS).where(A.c.account_id.in_(list(ids))))
    }
    return [rows[i] for i in ids if i in rows]


def count_accounts(conn: sa.Connection) -> int:
    """How many accounts the workspace holds."""
    return int(conn.execute(sa.select(sa.func.count()).select_from(A)).scalar_one())


def history(conn: sa.Connection, account_id: str) -> list[dict[str, object]]:
    """What imports changed on an account, oldest first (masked values only)."""
    H = schema.account_history
    rows = conn.execute(sa.select(H).where(H.c.account_id == account_id).order_by(H.c.id))
    return [
        {"changed_at": r.changed_at, "source": r.source, "changes": json.loads(r.changes)}
        for r in rows
    ]


def all_debtors(conn: sa.Connection) -> list[Debtor]:
    """Every account, in account-id order, without decrypting full SSNs or dates of birth."""
    rows = conn.execute(sa.select(A).order_by(A.c.account_id)).all()
    return [_to_debtor(row, None) for row in rows]
