"""What a re-import keeps: an empty cell never erases what is stored for an account.

Only when the user asks (``blank_clears``: ``import --blank-clears``, or the GUI's
matching choice) does an empty cell clear the stored value - and then only in columns the
file has: a column the file lacks never clears anything. A blank status never changes an
account's status (there is no "no status"; write ``open`` to reopen one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from skiptrace.model import Address, Debtor, Phone

_TEXT = ("first_name", "middle_name", "last_name", "suffix", "employer", "creditor", "assigned_to")
_ADDRESS = ("address1", "address2", "city", "state", "zip")
_PHONES = (("phone", ""), ("phone2", "phone2"), ("phone3", "phone3"))  # column, label
_EMAILS = ("email", "email2")


def _parts(a: Address) -> tuple[str, str, str, str, str]:
    return (a.line1, a.line2, a.city, a.state, a.zip)


def _address(old: Debtor, new: Debtor, keep: frozenset[str]) -> tuple[Address, ...]:
    if not old.addresses:
        return new.addresses
    was = old.addresses[0]
    now = new.addresses[0] if new.addresses else Address("")
    if now.line1 and now.line1.casefold() != was.line1.casefold():
        return new.addresses  # a new street address: its blank parts are not the old one's
    parts = zip(_ADDRESS, _parts(was), _parts(now), strict=True)
    merged = Address(*(stored if c in keep else given for c, stored, given in parts))
    return ((merged,) if any(_parts(merged)) else ()) + old.addresses[1:]


def _phones(old: Debtor, new: Debtor, keep: frozenset[str]) -> tuple[Phone, ...]:
    stored = {p.label: p for p in old.phones}
    given = {p.label: p for p in new.phones}
    slots = {label for _, label in _PHONES}
    merged = [
        given.get(label) or (stored.get(label) if column in keep else None)
        for column, label in _PHONES
    ]
    others = [p for p in old.phones if p.label not in slots]  # not from an import: kept
    return tuple(p for p in merged if p is not None) + tuple(others)


def _emails(old: Debtor, new: Debtor, blank: frozenset[str], keep: frozenset[str]) -> Any:
    given = dict(zip([c for c in _EMAILS if c not in blank], new.emails, strict=False))
    stored = dict(zip(_EMAILS, old.emails, strict=False))
    merged = [given.get(c) or (stored.get(c) if c in keep else None) for c in _EMAILS]
    return tuple(e for e in merged if e) + old.emails[len(_EMAILS) :]


def merge_update(old: Debtor, new: Debtor, blank: frozenset[str], clears: frozenset[str]) -> Debtor:
    """``new`` (from a row) over the stored ``old``: each canonical column in ``blank`` (empty
    in the row, or not in the file) keeps its stored value unless it is in ``clears``."""
    keep = blank - clears
    values: dict[str, Any] = {c: getattr(old, c) for c in _TEXT if c in keep}
    if "dob" in keep:
        values["dob"] = old.dob
    if "balance" in keep:
        values["balance"] = old.balance
    if "status" in blank:
        values["status"] = old.status
    if {"ssn", "ssn_last4"} <= keep:
        values.update(ssn=old.ssn, ssn_last4=old.ssn_last4)
    elif "ssn" in keep and old.ssn and old.ssn[-4:] == new.ssn_last4:
        values["ssn"] = old.ssn  # the stored full SSN agrees with the last four given
    values["addresses"] = _address(old, new, keep)
    values["phones"] = _phones(old, new, keep)
    values["emails"] = _emails(old, new, blank, keep)
    return replace(new, **values)


def keeping_stored(
    blank: Mapping[str, frozenset[str]], clears: frozenset[str] = frozenset()
) -> Callable[[Debtor, Debtor], Debtor]:
    """The merge ``save_debtors`` applies to each updated account of an import: ``blank``
    holds each account id's empty columns, ``clears`` the columns a blank may clear."""

    def merge(old: Debtor, new: Debtor) -> Debtor:
        return merge_update(old, new, blank.get(new.account_id, frozenset()), clears)

    return merge
