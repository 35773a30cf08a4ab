"""``batch load-return``: a bureau's return file linked to the accounts by the matcher and
stored as a logged search per account whose source is the file.

Every row is read first (a bad cell refuses the whole file, naming row and column, and
nothing is loaded). Each row is then scored against the account it names, or, without an
account column, against the accounts sharing its last name and SSN last four or birth
year. A row links when exactly one account is a match; rows matching several accounts
(``ambiguous``) or none (``below_floor``) are listed and not loaded. The linked rows are
then loaded as a batch whose one source, ``return_file``, answers each account's search
with its rows, so the leads are ranked, merged and stored like any others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import sqlalchemy as sa

from skiptrace.batch.model import BatchKind
from skiptrace.batch.queue import create_batch
from skiptrace.batch.runner import RunSummary, run_batch
from skiptrace.batch.selection import Selection
from skiptrace.batch.vendor_layout import RETURN_FIELDS, Layout, LayoutError
from skiptrace.candidate import Candidate, Flag, LeadKind, SeenAddress, SeenPhone
from skiptrace.matching.live import DEFAULT_THRESHOLD, score_candidates
from skiptrace.model import Address, Debtor, SubjectType
from skiptrace.portfolio.fields import CellError, parse_dob, parse_last4, parse_phone, parse_zip
from skiptrace.portfolio.table import read_table
from skiptrace.sources.context import Context
from skiptrace.sources.model import Manifest, Outcome, Query, found
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.store import schema
from skiptrace.store.accounts import load_debtor
from skiptrace.workspace.workspace import Workspace

SOURCE_ID = "return_file"
_TRUE = {"y", "yes", "true", "1", "x", "deceased", "bankrupt"}


class ReturnFileError(ValueError):
    """A return file that cannot be loaded as it is; names the file, row and column."""


@dataclass(frozen=True)
class Link:
    """One return row and what the matcher made of it."""

    row: int
    account_id: str  # the best account ('' when none was a candidate)
    probability: float
    reason: str  # match, ambiguous, below_floor
    explanation: str
    others: tuple[str, ...] = ()  # other accounts that matched (ambiguous rows)


@dataclass(frozen=True)
class ReturnLoad:
    """The outcome of loading a return file."""

    file: str
    rows: int
    links: tuple[Link, ...]
    run: RunSummary | None = None

    @property
    def linked(self) -> list[Link]:
        """Rows linked to one account and loaded."""
        return [x for x in self.links if x.reason == "match"]

    @property
    def not_loaded(self) -> list[Link]:
        """Rows listed, not loaded: ambiguous or below the floor."""
        return [x for x in self.links if x.reason != "match"]


def _cells(layout: Layout, header: list[str], file: str) -> dict[str, int]:
    index = {h.strip().lower(): i for i, h in enumerate(header)}
    where: dict[str, int] = {}
    for vendor, fld in layout.columns:
        if fld not in RETURN_FIELDS:
            raise LayoutError(f"{layout.name}: a return file does not bring back {fld}")
        if vendor.lower() not in index:
            raise ReturnFileError(f"{file}: no column {vendor!r} (the mapping's {fld})")
        where[fld] = index[vendor.lower()]
    if "last_name" not in where:
        raise ReturnFileError(f"{file}: the mapping names no last_name column")
    return where


_PARSERS: dict[str, Callable[[str], object]] = {
    "zip": parse_zip,
    "phone": parse_phone,
    "phone2": parse_phone,
    "phone3": parse_phone,
    "dob": parse_dob,
    "ssn_last4": parse_last4,
}


def _parsed(values: Mapping[str, str], layout: Layout, file: str, row: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, raw in values.items():
        text = raw.strip()
        parser = _PARSERS.get(name)
        try:
            out[name] = parser(text) if parser is not None and text else text
        except CellError as exc:
            raise ReturnFileError(
                f"{file}, row {row}, column {layout.header_for(name)}: {exc}"
            ) from None
    return out


def _candidate(v: Mapping[str, Any], file: str, row: int) -> Candidate:
    def get(name: str) -> Any:
        return v.get(name) or ""

    addresses: tuple[SeenAddress, ...] = ()
    if get("address1"):
        street = Address(get("address1"), get("address2"), get("city"), get("state").upper(),
                         get("zip"))  # fmt: skip
        addresses = (SeenAddress(street, get("address_first_seen"), get("address_last_seen")),)
    phones = tuple(
        SeenPhone(get(n), get("phone_type") if n == "phone" else "",
                  last_seen=get("phone_last_seen") if n == "phone" else "")
        for n in ("phone", "phone2", "phone3") if get(n)
    )  # fmt: skip
    flags = tuple(
        Flag(kind)
        for name, kind in (("deceased", LeadKind.DECEASED), ("bankrupt", LeadKind.BANKRUPTCY))
        if str(get(name)).lower() in _TRUE
    )
    return Candidate(
        source=SOURCE_ID,
        record_id=f"{file} row {row}",
        first_name=get("first_name"),
        middle_name=get("middle_name"),
        last_name=get("last_name"),
        suffix=get("suffix"),
        dob=get("dob") or None,
        ssn_last4=get("ssn_last4"),
        addresses=addresses,
        phones=phones,
        emails=(get("email"),) if get("email") else (),
        employers=(get("employer"),) if get("employer") else (),
        flags=flags,
    )


def read_return(path: Path, layout: Layout) -> list[tuple[int, str, Candidate]]:
    """Every row as (row number, account id given, candidate); refuses on any bad cell."""
    table = read_table(path)
    where = _cells(layout, table.header, path.name)
    out = []
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        raw = {f: (cells[i] if i < len(cells) else "") for f, i in where.items()}
        values = _parsed(raw, layout, path.name, number)
        out.append((number, values.get("account_id", ""), _candidate(values, path.name, number)))
    return out


def _suspects(conn: sa.Connection, account_id: str, c: Candidate, ws: Workspace) -> list[Debtor]:
    A = schema.accounts
    if account_id:
        d = load_debtor(conn, account_id, ws.cipher)
        return [d] if d is not None else []
    query = sa.select(A.c.account_id).where(sa.func.lower(A.c.last_name) == c.last_name.lower())
    if c.ssn_last4:
        query = query.where(A.c.ssn_last4 == c.ssn_last4)
    elif c.dob is not None:
        query = query.where(A.c.birth_year == c.dob.year)
    ids = conn.execute(query.limit(25)).scalars().all()
    return [d for i in ids if (d := load_debtor(conn, i, ws.cipher)) is not None]


def link_rows(ws: Workspace, rows: list[tuple[int, str, Candidate]]) -> list[Link]:
    """Link each row to the one account it matches, with the matcher's explanation."""
    links = []
    with ws.engine.connect() as conn:
        for number, account_id, cand in rows:
            scored = []
            for debtor in _suspects(conn, account_id, cand, ws):
                (s,) = score_candidates(debtor, [cand])
                scored.append((s.probability, debtor.account_id, s))
            scored.sort(key=lambda t: -t[0])
            if not scored:
                links.append(Link(number, account_id, 0.0, "below_floor", "no such account"))
                continue
            p, best, s = scored[0]
            matching = [aid for q, aid, _ in scored if q >= DEFAULT_THRESHOLD]
            reason = s.reason.value if len(matching) <= 1 else "ambiguous"
            links.append(Link(number, best, p, reason, s.explanation, tuple(matching[1:])))
    return links


def _source(by_account: dict[str, list[Candidate]], file: str) -> type[Any]:
    class ReturnFile:
        manifest: ClassVar[Manifest] = Manifest(
            id=SOURCE_ID,
            display_name=f"Return file {file}",
            returns=(LeadKind.ADDRESS, LeadKind.PHONE),
        )

        def search(self, query: Query, context: Context) -> Outcome:
            return found(SOURCE_ID, by_account.get(query.account_id, []))

    return ReturnFile


def load_return(
    ws: Workspace,
    path: Path,
    layout: Layout,
    purposes: list[str],
    justification: str,
    subject: SubjectType = SubjectType.DEBTOR,
) -> ReturnLoad:
    """Read, link and load a return file (see the module docstring)."""
    rows = read_return(path, layout)
    links = link_rows(ws, rows)
    linked = {x.row: x.account_id for x in links if x.reason == "match"}
    by_account: dict[str, list[Candidate]] = {}
    for number, _aid, cand in rows:
        if number in linked:
            by_account.setdefault(linked[number], []).append(cand)
    if not by_account:
        return ReturnLoad(path.name, len(rows), tuple(links))
    batch = create_batch(
        ws, Selection(account_ids=tuple(by_account)), purposes, justification, subject,
        (SOURCE_ID,), BatchKind.RETURN_FILE,
        {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
         "rows": len(rows), "linked_rows": len(linked),
         "not_loaded": len(links) - len(linked)},
    )  # fmt: skip
    registry = ConnectorRegistry.of(_source(by_account, path.name))
    run = run_batch(ws, registry, batch.batch_id, workers=2)
    return ReturnLoad(path.name, len(rows), tuple(links), run)
