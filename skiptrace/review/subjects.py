"""Reading what the rules need from the store, and comparing names and addresses."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, timedelta

import sqlalchemy as sa

from skiptrace.review.query import day_start
from skiptrace.review.rule_types import AccountFacts, Search
from skiptrace.searchlog.events import SEARCH_STARTED
from skiptrace.store import schema

L = schema.audit_log
A = schema.accounts

_PUNCT = re.compile(r"[^\w\s-]")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
_STREET_WORDS = {
    "street": "st",
    "avenue": "ave",
    "road": "rd",
    "drive": "dr",
    "lane": "ln",
    "boulevard": "blvd",
    "court": "ct",
    "place": "pl",
    "apartment": "apt",
    "suite": "ste",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
}
_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b")


def load_searches(engine: sa.Engine, date_from: date, date_to: date) -> list[Search]:
    """The ``search.started`` entries of a range of UTC days, in log order."""
    query = (
        sa.select(
            L.c.seq,
            L.c.ts,
            L.c.user_name,
            L.c.account_id,
            L.c.subject_type,
            L.c.purposes,
            L.c.justification,
            L.c.details,
        )
        .where(
            L.c.event == SEARCH_STARTED,
            L.c.ts >= day_start(date_from),
            L.c.ts < day_start(date_to + timedelta(days=1)),
        )
        .order_by(L.c.seq)
    )
    out: list[Search] = []
    loads = json.loads
    with engine.connect() as conn:
        for seq, ts, user, account, subject, purposes, justification, details in conn.execute(
            query
        ):
            inputs = loads(details).get("inputs") or {}
            out.append(
                Search(
                    seq,
                    ts,
                    user,
                    account,
                    subject,
                    tuple(p for p in purposes.split(",") if p),
                    justification,
                    str(inputs.get("name") or ""),
                    tuple(str(a) for a in inputs.get("addresses") or ()),
                )
            )
    return out


def load_accounts(engine: sa.Engine, account_ids: Iterable[str]) -> dict[str, AccountFacts]:
    """The current standing of the given accounts (missing ones are left out)."""
    ids = sorted(set(account_ids))
    out: dict[str, AccountFacts] = {}
    cols = (A.c.account_id, A.c.status, A.c.assigned_to, A.c.first_name, A.c.last_name)
    with engine.connect() as conn:
        for i in range(0, len(ids), 500):
            query = sa.select(*cols, A.c.addresses).where(A.c.account_id.in_(ids[i : i + 500]))
            for aid, status, assigned, first, last, addresses in conn.execute(query):
                lines = tuple(
                    ", ".join(p for p in (" ".join(x for x in a[:2] if x), a[2], a[3], a[4]) if p)
                    for a in json.loads(addresses)
                )
                out[aid] = AccountFacts(aid, status, assigned, f"{first} {last}".strip(), lines)
    return out


def name_tokens(name: str) -> list[str]:
    """A name as lower-case words, without suffixes or middle initials."""
    words = _PUNCT.sub(" ", name.casefold()).split()
    words = [w for w in words if w not in _SUFFIXES]
    if len(words) > 2:
        words = [words[0], *[w for w in words[1:-1] if len(w) > 1], words[-1]]
    return words


def surname_parts(name: str) -> set[str]:
    """The surname and, for a hyphenated one, each of its parts."""
    words = name_tokens(name)
    if not words:
        return set()
    last = words[-1]
    return {last, *(p for p in last.split("-") if p)}


def same_person_name(a: str, b: str) -> bool:
    """Whether two names agree on first and last name."""
    ta, tb = name_tokens(a), name_tokens(b)
    if len(ta) < 2 or len(tb) < 2:
        return bool(ta) and ta == tb
    return ta[0] == tb[0] and ta[-1] == tb[-1]


def address_key(address: str) -> tuple[str, str]:
    """Street line (without unit) and 5-digit ZIP of a one-line address, for comparing."""
    street, _, rest = address.partition(",")
    words = _PUNCT.sub(" ", street.casefold().replace("#", " apt ")).split()
    words = [_STREET_WORDS.get(w, w) for w in words]
    for unit in ("apt", "ste", "unit"):
        if unit in words:  # the unit and what follows: same building is same address here
            words = words[: words.index(unit)]
    zips = _ZIP.findall(rest)
    return " ".join(words), zips[-1] if zips else ""


def same_address(a: str, b: str) -> bool:
    """Whether two one-line addresses name the same street address."""
    street_a, zip_a = address_key(a)
    street_b, zip_b = address_key(b)
    if not street_a or street_a != street_b:
        return False
    return not (zip_a and zip_b and zip_a != zip_b)
