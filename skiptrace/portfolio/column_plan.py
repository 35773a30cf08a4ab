"""The column-mapping step of an import: which column each of a file's headers holds,
what a person chose for the rest, and named mapping profiles (per creditor or vendor)
kept in the workspace settings and offered the next time a file like it comes in."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from skiptrace.portfolio.decoding import decode
from skiptrace.portfolio.errors import PortfolioError, RowError
from skiptrace.portfolio.reader import CANONICAL, detected_column, mapping_from
from skiptrace.portfolio.table import read_table
from skiptrace.searchlog.events import IMPORT_PROFILE_SAVED
from skiptrace.searchlog.log import SearchLog
from skiptrace.store import schema
from skiptrace.workspace.workspace import Workspace

PROFILE_SCOPE = "import_profile"

# what a column is, in a collector's words, for the mapping step's list
COLUMN_LABELS = {
    "account_id": "Account number",
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "suffix": "Suffix (Jr, Sr, III)",
    "dob": "Date of birth",
    "ssn": "SSN (full)",
    "ssn_last4": "SSN last four",
    "address1": "Address line 1",
    "address2": "Address line 2",
    "city": "City",
    "state": "State",
    "zip": "ZIP code",
    "phone": "Phone",
    "phone2": "Second phone",
    "phone3": "Third phone",
    "email": "Email",
    "email2": "Second email",
    "employer": "Employer",
    "creditor": "Creditor",
    "balance": "Balance",
    "assigned_to": "Assigned to",
    "status": "Account status",
}
assert set(COLUMN_LABELS) == set(CANONICAL)


@dataclass(frozen=True)
class ColumnPlan:
    """A file's headers and the column each holds as detected ("" when unknown)."""

    file: str
    headers: tuple[str, ...]
    detected: tuple[str, ...]

    @property
    def unknown(self) -> tuple[str, ...]:
        """Headers no known variant names."""
        return tuple(h for h, c in zip(self.headers, self.detected, strict=True) if not c)


_HEAD_BYTES = 1 << 16


def header_row(path: Path) -> list[str]:
    """A file's header row, reading no more of a CSV than its first lines (the mapping
    step runs before the import, on the window's thread)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_table(path).header
    with path.open("rb") as fh:
        raw = fh.read(_HEAD_BYTES)
    whole = len(raw) < _HEAD_BYTES
    if not whole and b"\n" in raw:
        raw = raw[: raw.rfind(b"\n") + 1]  # whole lines only: no character cut in two
    try:
        text = decode(raw, path.name)
    except PortfolioError:
        if whole:
            raise
        return read_table(path).header  # a wide encoding cut mid-character: read it all
    try:
        dialect: object = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    for row in csv.reader(io.StringIO(text), dialect):  # type: ignore[arg-type]
        return [h.strip() for h in row]
    raise PortfolioError([RowError(path.name, 1, "", "the file is empty: no header row")])


def plan_columns(path: Path, mapping: Mapping[str, str] | None = None) -> ColumnPlan:
    """Read a file's header row; ``PortfolioError`` when it has none or cannot be read.
    ``mapping`` (``{file header: column}``, e.g. a profile) goes before the variants."""
    headers = header_row(path)
    keyed = mapping_from(mapping or {})
    shown = tuple(h for h in headers if h)
    return ColumnPlan(path.name, shown, tuple(detected_column(h, keyed) for h in shown))


def choice_problems(chosen: Mapping[str, str]) -> list[str]:
    """What keeps a chosen mapping (``{file header: column}``) from importing, in words."""
    problems = []
    holders: dict[str, list[str]] = {}
    for header, column in chosen.items():
        if column:
            holders.setdefault(column, []).append(header)
    for column, headers in holders.items():
        if len(headers) > 1:
            names = " and ".join(repr(h) for h in headers)
            problems.append(f"{names} are both mapped to {COLUMN_LABELS[column]}")
    if "account_id" not in holders:
        problems.append("choose the column that holds the account number")
    if "last_name" not in holders and "first_name" not in holders:
        problems.append("choose the columns that hold the debtor's name")
    return problems


class ImportProfiles:
    """Named column mappings (per creditor or vendor) in the workspace settings."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def names(self) -> list[str]:
        """Every saved profile's name, sorted."""
        s = schema.settings
        with self._workspace.engine.connect() as conn:
            rows = conn.execute(sa.select(s.c.key).where(s.c.scope == PROFILE_SCOPE))
            return sorted(rows.scalars())

    def load(self, name: str) -> dict[str, str]:
        """A profile's ``{file header: column}``; empty when there is none by that name."""
        s = schema.settings
        where = (s.c.scope == PROFILE_SCOPE) & (s.c.key == name)
        with self._workspace.engine.connect() as conn:
            value = conn.execute(sa.select(s.c.value).where(where)).scalar_one_or_none()
        data = json.loads(value) if value else {}
        return {str(k): str(v) for k, v in data.items() if v in CANONICAL or v == ""}

    def save(self, name: str, chosen: Mapping[str, str]) -> None:
        """Store (or replace) a profile; the search log records its name and columns."""
        name = name.strip()
        if not name:
            raise ValueError("a profile needs a name (the creditor's or vendor's)")
        mapping_from(chosen)  # refuses unknown columns
        value = json.dumps(dict(chosen), sort_keys=True)
        s = schema.settings
        where = (s.c.scope == PROFILE_SCOPE) & (s.c.key == name)
        with self._workspace.engine.begin() as conn:
            if conn.execute(sa.select(s.c.key).where(where)).first():
                conn.execute(s.update().where(where).values(value=value))
            else:
                conn.execute(s.insert().values(scope=PROFILE_SCOPE, key=name, value=value))
        log: SearchLog = self._workspace.log
        log.append(
            IMPORT_PROFILE_SAVED,
            details={"profile": name, "columns": sorted({c for c in chosen.values() if c})},
        )

    def best_for(self, headers: Sequence[str]) -> str:
        """The saved profile that names the most of these headers ("" when none does)."""
        wanted = set(headers)
        best, best_hits = "", 0
        for name in self.names():
            hits = len(wanted & set(self.load(name)))
            if hits > best_hits:
                best, best_hits = name, hits
        return best
