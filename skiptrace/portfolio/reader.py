"""Portfolio import: CSV and XLSX files of accounts into ``Debtor`` values.

Reading is separate from saving: ``read_portfolio`` turns a file into debtors and a list
of row errors, each naming the file, the row (as a spreadsheet numbers it, header = 1)
and the column. Every data row is accounted for: it becomes a debtor or a rejected row
with its number, or the whole file is refused naming the row that broke it. Error texts
never repeat an SSN or a date of birth, nor anything shaped like one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skiptrace.columns import HEADER_VARIANTS, header_key
from skiptrace.model import AccountStatus, Address, Debtor, Phone
from skiptrace.pii import redact
from skiptrace.portfolio.decoding import decode
from skiptrace.portfolio.errors import PortfolioError, RowError, read_bytes, refuse_file
from skiptrace.portfolio.fields import (
    BIDI_CHARS,
    CONTROL_CHARS,
    CellError,
    control_reason,
    parse_balance,
    parse_dob,
    parse_email,
    parse_last4,
    parse_phone,
    parse_ssn,
    parse_state,
    parse_status,
    parse_zip,
    shown,
)
from skiptrace.portfolio.table import read_table

__all__ = ["CANONICAL", "PortfolioError", "ReadResult", "RowError", "read_portfolio"]

CANONICAL = (
    "account_id",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "dob",
    "ssn",
    "ssn_last4",
    "address1",
    "address2",
    "city",
    "state",
    "zip",
    "phone",
    "phone2",
    "phone3",
    "email",
    "email2",
    "employer",
    "creditor",
    "balance",
    "assigned_to",
    "status",
)
SENSITIVE = frozenset({"dob", "ssn", "ssn_last4"})
# the cells that name an account or a person: no invisible direction marks in them
IDENTITY = frozenset({"account_id", "first_name", "middle_name", "last_name", "suffix"})


@dataclass
class ReadResult:
    """Debtors read from a file, the rows that could not be read, and their raw cells.

    ``blank`` holds, per account id, the canonical columns its row left empty (or the
    file lacks), so that an update keeps what is stored there; ``present`` the canonical
    columns the file has, which ``--blank-clears`` may empty.
    """

    file: str
    debtors: list[Debtor] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rejected: list[tuple[int, list[str], str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # header -> canonical column
    blank: dict[str, frozenset[str]] = field(default_factory=dict)
    present: frozenset[str] = frozenset()
    rows: int = 0


def load_mapping(path: Path) -> dict[str, str]:
    """A header mapping file: JSON ``{"Their header": "canonical"}`` or a two-column CSV."""
    where = str(path)
    text = decode(read_bytes(path), where)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise refuse_file(
                where, 0, f"not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})"
            ) from None
        if not isinstance(data, dict):
            raise refuse_file(
                where, 0, "a mapping file must be a JSON object of source header to column"
            )
        pairs = [(i, str(k), str(v)) for i, (k, v) in enumerate(data.items(), start=1)]
    else:
        pairs = []
        try:
            for i, r in enumerate(csv.reader(io.StringIO(text), strict=True), start=1):
                if len(r) >= 2:
                    pairs.append((i, r[0], r[1]))
                elif r and r[0].strip():
                    raise refuse_file(where, i, "a mapping row needs two cells: source,column")
        except csv.Error as exc:
            raise refuse_file(where, 0, f"not a readable CSV mapping ({exc})") from None
        if pairs and header_key(pairs[0][2]) in ("column", "canonical", "target", "to"):
            pairs = pairs[1:]
    mapping: dict[str, str] = {}
    for i, source, target in pairs:
        if target.strip() not in CANONICAL:
            raise refuse_file(
                where,
                i,
                f"mapping names unknown column {shown(target)}; "
                f"columns are: {', '.join(CANONICAL)}",
            )
        mapping[header_key(source)] = target.strip()
    return mapping


def detected_column(header: str, mapping: Mapping[str, str]) -> str:
    """The canonical column a file header holds by ``mapping`` or a known variant; "".
    A header ``mapping`` maps to "" is left out even when it is a known variant."""
    key = header_key(header)
    if key in mapping:
        return mapping[key]
    return HEADER_VARIANTS.get(key) or ""


def mapping_from(chosen: Mapping[str, str]) -> dict[str, str]:
    """A header mapping from ``{file header: canonical column}`` as a person chose it
    (an empty column leaves the header out); ``ValueError`` names an unknown column."""
    mapping: dict[str, str] = {}
    for header, column in chosen.items():
        if column and column not in CANONICAL:
            raise ValueError(f"{column!r} is not a portfolio column")
        mapping[header_key(header)] = column
    return mapping


def ignored_columns(headers: list[str], mapping: Mapping[str, str]) -> tuple[str, ...]:
    """The file's headers that hold no known column (their cells are not imported)."""
    return tuple(h for h in headers if h and not detected_column(h, mapping))


def map_headers(headers: list[str], mapping: Mapping[str, str], file: str) -> dict[int, str]:
    """Which canonical column each file column holds; unknown columns are ignored."""
    found: dict[int, str] = {}
    seen: dict[str, str] = {}
    for i, header in enumerate(headers):
        why = control_reason(header)
        if why:
            raise refuse_file(file, 1, why, column=f"{i + 1}")
        canon = detected_column(header, mapping)
        if not canon:
            continue
        if canon in seen:
            raise refuse_file(
                file,
                1,
                f"column {shown(header)} and {shown(seen[canon])} both hold {canon}",
                column=header,
            )
        seen[canon] = header
        found[i] = canon
    if "account_id" not in found.values():
        raise refuse_file(
            file,
            1,
            "no account id column (expected account_id or a variant such as 'Acct #'): "
            "map one of the file's columns to account_id",
        )
    if "last_name" not in found.values() and "first_name" not in found.values():
        raise refuse_file(
            file, 1, "no name columns (expected first_name and last_name or variants)"
        )
    return found


# -- rows to debtors ------------------------------------------------------------------


def row_to_debtor(
    cells: Mapping[str, str], numeric: set[str]
) -> tuple[Debtor | None, list[tuple[str, str]]]:
    """A debtor from one row's canonical cells, or the (column, reason) problems found."""
    problems: list[tuple[str, str]] = []
    values: dict[str, Any] = {}

    def check(column: str, parse: Any, *args: Any) -> Any:
        text = cells.get(column, "")
        if not text:
            return None
        try:
            return parse(text, *args)
        except CellError as exc:
            problems.append((column, str(exc)))
            return None

    account_id = cells.get("account_id", "").strip()
    if not account_id:
        problems.append(("account_id", "missing account id"))
    if not cells.get("last_name") and not cells.get("first_name"):
        problems.append(("last_name", "missing name: a row needs a last or first name"))
    values["dob"] = check("dob", parse_dob)
    ssn = check("ssn", parse_ssn) or ""
    last4 = check("ssn_last4", parse_last4) or ""
    if ssn and last4 and ssn[-4:] != last4:
        problems.append(("ssn_last4", "SSN last four does not match the full SSN"))
    state = check("state", parse_state) or ""
    zip_code = check("zip", parse_zip, "zip" in numeric) or ""
    phones = []
    for col in ("phone", "phone2", "phone3"):
        number = check(col, parse_phone)
        if number:
            phones.append(Phone(number, "" if col == "phone" else col))
    emails = [e for e in (check("email", parse_email), check("email2", parse_email)) if e]
    balance = check("balance", parse_balance)
    status = check("status", parse_status) or AccountStatus.OPEN
    if problems:
        return None, problems
    address = None
    if any(cells.get(c) for c in ("address1", "address2", "city", "state", "zip")):
        address = Address(
            cells.get("address1", ""),
            cells.get("address2", ""),
            cells.get("city", ""),
            state,
            zip_code,
        )
    debtor = Debtor(
        account_id=account_id,
        first_name=cells.get("first_name", ""),
        middle_name=cells.get("middle_name", ""),
        last_name=cells.get("last_name", ""),
        suffix=cells.get("suffix", ""),
        dob=values["dob"],
        ssn=ssn,
        ssn_last4=last4 or ssn[-4:],
        addresses=(address,) if address else (),
        phones=tuple(phones),
        emails=tuple(emails),
        employer=cells.get("employer", ""),
        creditor=cells.get("creditor", ""),
        balance=balance,
        assigned_to=cells.get("assigned_to", ""),
        status=status,
    )
    return debtor, []


def _shape_problem(raw: list[str], headers: list[str]) -> str:
    """Why a row's cells do not line up with the header; empty when they do."""
    if len(raw) < len(headers):
        return (
            f"the row has {len(raw)} cells but the header has {len(headers)}: it is cut "
            f"short (it ends before column {headers[len(raw)] or len(raw) + 1})"
        )
    if any(raw[len(headers) :]):
        return (
            f"the row has {len(raw)} cells but the header has {len(headers)}: a cell holds "
            "an unquoted separator, so the cells do not line up with the header"
        )
    return ""


PROGRESS_EVERY = 1000  # rows between progress reports


def read_portfolio(
    path: Path,
    mapping: Mapping[str, str] | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> ReadResult:
    """Read every row of a portfolio file; collect every problem rather than stop at one.

    ``on_rows(n)`` is told the number of rows read so far every ``PROGRESS_EVERY`` rows
    and once at the end.
    """
    name = path.name
    table = read_table(path)
    headers = table.header
    columns = map_headers(headers, mapping or {}, name)
    index_of = {canon: i for i, canon in columns.items()}
    result = ReadResult(
        file=name,
        headers=headers,
        columns={headers[i]: canon for i, canon in columns.items()},
        present=frozenset(columns.values()),
    )
    first_row: dict[str, int] = {}
    patterns: dict[tuple[bool, ...], frozenset[str]] = {}  # one set per pattern of blanks
    mapped = list(columns)

    def label(i: int) -> str:
        canon = columns.get(i)
        shown_as = headers[i] if i < len(headers) else f"{i + 1}"
        if canon is None or shown_as == canon:
            return shown_as
        return f"{shown_as} ({canon})"

    def label_of(canon: str) -> str:
        return label(index_of[canon]) if canon in index_of else canon

    numeric = {c for c in columns.values() if headers[index_of[c]] in table.numeric}

    for index, raw in table.rows:
        if not any(raw):
            continue
        result.rows += 1
        if on_rows is not None and result.rows % PROGRESS_EVERY == 0:
            on_rows(result.rows)
        problems: list[tuple[str, str]] = []
        shape = _shape_problem(raw, headers)
        joined = "".join(raw)
        if shape:
            problems.append(("", shape))
        elif CONTROL_CHARS.search(joined) or BIDI_CHARS.search(joined):
            for i, text in enumerate(raw):
                why = control_reason(text, identity=columns.get(i) in IDENTITY)
                if why:
                    problems.append((label(i), why))
        debtor = None
        cells = {canon: raw[i] for i, canon in columns.items()} if not problems else {}
        if not problems:
            if table.numeric:  # XLSX: known only once its rows are read
                numeric = {c for c in columns.values() if headers[index_of[c]] in table.numeric}
            debtor, cell_problems = row_to_debtor(cells, numeric)
            problems = [(label_of(c), why) for c, why in cell_problems]
        if debtor is not None and debtor.account_id in first_row:
            problems = [
                (
                    label_of("account_id"),
                    f"duplicate account id {shown(debtor.account_id)} "
                    f"(first seen on row {first_row[debtor.account_id]})",
                )
            ]
            debtor = None
        if debtor is None:
            reasons = [redact(why) for _, why in problems]
            for (column, _), reason in zip(problems, reasons, strict=True):
                result.errors.append(RowError(name, index, column, reason))
            result.rejected.append((index, raw, "; ".join(reasons)))
            continue
        first_row[debtor.account_id] = index
        result.debtors.append(debtor)
        empty = tuple(not raw[i] for i in mapped)
        blank = patterns.get(empty)
        if blank is None:
            given = {canon for i, canon in columns.items() if raw[i]}
            blank = patterns[empty] = frozenset(CANONICAL).difference(given)
        result.blank[debtor.account_id] = blank
    if on_rows is not None:
        on_rows(result.rows)
    return result


def estimate_rows(path: Path) -> int:
    """About how many data rows a portfolio file holds (for a progress bar); 0 if unknown."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return 0
    try:
        with path.open("rb") as fh:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except OSError:  # reading the file says what is wrong with it
        return 0
    return max(lines - 1, 0)
