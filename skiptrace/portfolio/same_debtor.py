"""The same debtor across accounts: after an import, accounts that are one person are
linked, so the desk can say "the same debtor may also owe on ACC-2 to Metro Utilities".

Evidence, strongest first (names, dates, addresses and phones compared in the matcher's
normal forms): the same full SSN; the same name and date of birth; the same name and an
address or phone in common, when no date of birth or SSN says they are two people. Full
SSNs and dates of birth are decrypted here, in the core, only for accounts that already
share an SSN last four or a surname; they never leave this module.

Accounts stay separate debts: a link never merges them, so rules that count per debt
(call frequency) keep counting per account.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations

import sqlalchemy as sa

from skiptrace.clock import utc_now
from skiptrace.matching.addresses import standardise_address
from skiptrace.matching.dates import dob_key
from skiptrace.matching.names import NameParts, are_nicknames, normalise_name
from skiptrace.matching.phones import phone_key
from skiptrace.model import Debtor, Phone
from skiptrace.pii import PiiCipher
from skiptrace.store.accounts import load_debtor
from skiptrace.store.links import IdentityRow, StoredLink, identity_rows, links_of, save_links
from skiptrace.workspace.workspace import Workspace

# a block this large is a common name at a common place, not one person: compared no more
_BLOCK_LIMIT = 50


class SameDebtorReason(enum.StrEnum):
    """Why two accounts are taken for one debtor."""

    SSN = "same_ssn"
    NAME_DOB = "same_name_dob"
    NAME_ADDRESS = "same_name_address"
    NAME_PHONE = "same_name_phone"

    @property
    def text(self) -> str:
        """The reason as a collector reads it."""
        return _TEXTS[self]


_TEXTS = {
    SameDebtorReason.SSN: "same SSN",
    SameDebtorReason.NAME_DOB: "same name and date of birth",
    SameDebtorReason.NAME_ADDRESS: "same name and address",
    SameDebtorReason.NAME_PHONE: "same name and phone",
}


def reason_text(code: str) -> str:
    """A stored reason code as words (an unknown code as it is)."""
    try:
        return SameDebtorReason(code).text
    except ValueError:
        return code


@dataclass(frozen=True, slots=True)
class SameDebtorLink:
    """Two accounts (``account_id`` the imported one) that look like one debtor."""

    account_id: str
    other_id: str
    reason: SameDebtorReason

    def __str__(self) -> str:
        return f"{self.account_id} and {self.other_id}: {self.reason.text}"


@dataclass(frozen=True, slots=True)
class _Person:
    account_id: str
    name: NameParts
    ssn: str
    dob: str
    addresses: frozenset[str]
    phones: frozenset[str]


def _person(row: IdentityRow, cipher: PiiCipher) -> _Person:
    ssn = cipher.decrypt(row.ssn_enc, row.account_id, "ssn") if row.ssn_enc else ""
    dob = cipher.decrypt(row.dob_enc, row.account_id, "dob") if row.dob_enc else ""
    digits = "".join(c for c in ssn if c.isdigit())
    return _Person(
        row.account_id,
        normalise_name(row.first_name, row.middle_name, row.last_name, row.suffix),
        digits if len(set(digits)) > 1 else "",  # 000000000 is a placeholder
        dob_key(date.fromisoformat(dob)) if dob else "",
        frozenset(k for a in row.addresses if (k := standardise_address(a).key)),
        frozenset(k for p in row.phones if (k := phone_key(p))),
    )


def _names_agree(a: NameParts, b: NameParts) -> bool:
    if not a.last or not a.first or not b.first:
        return False
    same_last = a.last == b.last or bool(set(a.last_parts) & set(b.last_parts))
    same_first = a.first == b.first or are_nicknames(a.first, b.first)
    generations_differ = bool(a.generation and b.generation and a.generation != b.generation)
    return same_last and same_first and not generations_differ


def same_debtor(a: _Person, b: _Person) -> SameDebtorReason | None:
    """Why two accounts are one debtor, or None when nothing strong says so."""
    if a.ssn and b.ssn:
        return SameDebtorReason.SSN if a.ssn == b.ssn else None
    if not _names_agree(a.name, b.name):
        return None
    if a.dob and b.dob:
        return SameDebtorReason.NAME_DOB if a.dob == b.dob else None
    if a.addresses & b.addresses:
        return SameDebtorReason.NAME_ADDRESS
    if a.phones & b.phones:
        return SameDebtorReason.NAME_PHONE
    return None


def _blocks(rows: Sequence[IdentityRow]) -> list[list[IdentityRow]]:
    keyed: dict[tuple[str, ...], list[IdentityRow]] = defaultdict(list)
    for r in rows:
        if r.ssn_last4 and r.ssn_enc:
            keyed[("ssn", r.ssn_last4)].append(r)
        surname = normalise_name(r.first_name, r.middle_name, r.last_name, r.suffix).last
        if not surname:
            continue
        if r.birth_year:
            keyed[("dob", surname, str(r.birth_year))].append(r)
        for a in r.addresses:
            if a.zip[:5]:
                keyed[("zip", surname, a.zip[:5])].append(r)
        for p in r.phones:
            if key := phone_key(p):
                keyed[("phone", surname, key)].append(r)
    return [b for b in keyed.values() if 1 < len(b) <= _BLOCK_LIMIT]


def find_same_debtors(
    conn: sa.Connection, cipher: PiiCipher, account_ids: Sequence[str]
) -> list[SameDebtorLink]:
    """Accounts in the store that look like the same debtor as one of ``account_ids``."""
    wanted = set(account_ids)
    if not wanted:
        return []
    people: dict[str, _Person] = {}
    found: dict[tuple[str, str], SameDebtorReason] = {}
    for block in _blocks(identity_rows(conn, sorted(wanted))):
        for x, y in combinations(block, 2):
            if x.account_id not in wanted and y.account_id not in wanted:
                continue
            a, b = sorted((x, y), key=lambda r: (r.account_id not in wanted, r.account_id))
            pair = (a.account_id, b.account_id)
            if pair in found or (pair[1], pair[0]) in found:
                continue
            pa = people.get(a.account_id) or people.setdefault(a.account_id, _person(a, cipher))
            pb = people.get(b.account_id) or people.setdefault(b.account_id, _person(b, cipher))
            reason = same_debtor(pa, pb)
            if reason is not None:
                found[pair] = reason
    return [SameDebtorLink(a, b, r) for (a, b), r in sorted(found.items())]


def link_same_debtors(
    conn: sa.Connection, cipher: PiiCipher, account_ids: Sequence[str]
) -> tuple[SameDebtorLink, ...]:
    """Find and store the links of ``account_ids`` (in the caller's transaction); the
    links that were new."""
    links = find_same_debtors(conn, cipher, account_ids)
    new = save_links(conn, ((x.account_id, x.other_id, x.reason.value) for x in links), utc_now())
    fresh = {tuple(sorted((a, b))) for a, b, _ in new}
    return tuple(x for x in links if tuple(sorted((x.account_id, x.other_id))) in fresh)


@dataclass(frozen=True, slots=True)
class LinkedAccount:
    """Another account the same debtor may owe on, as the account pane shows it."""

    account_id: str
    name: str
    creditor: str
    balance: str
    status: str
    reason: str  # in words

    @classmethod
    def from_stored(cls, link: StoredLink) -> LinkedAccount:
        """From the store's row."""
        return cls(
            link.other_id,
            link.other_name,
            link.other_creditor,
            link.other_balance,
            link.other_status,
            reason_text(link.reason),
        )

    def sentence(self) -> str:
        """ "the same debtor may also owe on ACC-2 to Metro Utilities (same SSN)"."""
        to = f" to {self.creditor}" if self.creditor else ""
        return f"the same debtor may also owe on {self.account_id}{to} ({self.reason})"


class SameDebtors:
    """What the desk asks of a workspace about one debtor's other accounts."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def of(self, account_id: str) -> list[LinkedAccount]:
        """The other accounts linked to this one, by account id."""
        with self._workspace.engine.connect() as conn:
            return [LinkedAccount.from_stored(s) for s in links_of(conn, account_id)]

    def with_others(self, debtor: Debtor) -> Debtor:
        """The debtor with what is known on the linked accounts added (addresses, phones,
        emails; the employer if this account has none), for a search that includes them.
        SSN and DOB stay this account's own."""
        with self._workspace.engine.connect() as conn:
            others = [load_debtor(conn, s.other_id) for s in links_of(conn, debtor.account_id)]
        addresses, phones, emails = list(debtor.addresses), list(debtor.phones), list(debtor.emails)
        numbers = {phone_key(p.number) or p.number for p in phones}
        employer = debtor.employer
        for other in (o for o in others if o is not None):
            addresses += [a for a in other.addresses if a not in addresses]
            for p in other.phones:
                if (phone_key(p.number) or p.number) not in numbers:
                    numbers.add(phone_key(p.number) or p.number)
                    phones.append(Phone(p.number, p.label or f"on {other.account_id}"))
            emails += [e for e in other.emails if e not in emails]
            employer = employer or other.employer
        return replace(
            debtor,
            addresses=tuple(addresses),
            phones=tuple(phones),
            emails=tuple(emails),
            employer=employer,
        )

    def relink(self, account_ids: Sequence[str]) -> tuple[SameDebtorLink, ...]:
        """Look again for these accounts' other accounts; the links that were new."""
        with self._workspace.engine.begin() as conn:
            return link_same_debtors(conn, self._workspace.cipher, account_ids)
