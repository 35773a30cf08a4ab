"""Portfolio import: CSV and XLSX files of accounts into ``Debtor`` values.

Reading is separate from saving: ``read_portfolio`` turns a file into debtors and a list
of row errors, each naming the file, the row (as a spreadsheet numbers it, header = 1)
and the column. Error texts never repeat an SSN or a date of birth.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from skiptrace.model import AccountStatus, Address, Debtor, Phone
from skiptrace.portfolio.fields import (
    HEADER_VARIANTS,
    CellError,
    _key,
    parse_balance,
    parse_dob,
    parse_email,
    parse_last4,
    parse_phone,
    parse_ssn,
    parse_state,
    parse_status,
    parse_zip,
)

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


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell (or row) of an import file."""

    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class PortfolioError(ValueError):
    """An import file that cannot be imported as it is; ``errors`` lists every problem."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}")


@dataclass
class ReadResult:
    """Debtors read from a file, the rows that could not be read, and their raw cells."""

    file: str
    debtors: list[Debtor] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rejected: list[tuple[int, dict[str, str], str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: int = 0


# -- reading the file -----------------------------------------------------------------


def decode(raw: bytes, file: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; else an error naming the row."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        row = raw.count(b"\n", 0, exc.start) + 1
        raise PortfolioError(
            [
                RowError(
                    file,
                    row,
                    "",
                    f"unreadable encoding: byte 0x{raw[exc.start]:02x} is neither UTF-8 nor "
                    "Windows-1252; save the file as UTF-8 CSV",
                )
            ]
        ) from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, as ``csv.reader`` wants them.

    Sliced one by one rather than through ``io.StringIO``, whose one-piece copy of a
    large file holds the interpreter lock long enough to freeze a window importing it in
    a worker thread. Files with old Mac line ends (a bare CR) go the StringIO way.
    """
    if text.count("\r") != text.count("\r\n"):
        yield from io.StringIO(text, newline="")
        return
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def read_table(path: Path) -> tuple[list[str], Iterator[list[str]], set[str]]:
    """Header and data rows of a CSV or XLSX file; and the columns that were numeric cells."""
    name = path.name
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    text = decode(path.read_bytes(), name)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(_lines(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise PortfolioError([RowError(name, 1, "", "the file is empty: no header row")]) from None
    return [h.strip() for h in header], ([c.strip() for c in r] for r in reader), set()


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[list[str]], set[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise PortfolioError(
            [RowError(path.name, 1, "", f"not a readable XLSX workbook ({type(exc).__name__})")]
        ) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [_cell(h) for h in next(rows)]
    except StopIteration:
        raise PortfolioError(
            [RowError(path.name, 1, "", "the sheet is empty: no header row")]
        ) from None
    numeric: set[str] = set()

    def data() -> Iterator[list[str]]:
        for raw in rows:
            for h, v in zip(header, raw, strict=False):
                if isinstance(v, int | float):
                    numeric.add(h)
            yield [_cell(v) for v in raw]
        book.close()

    return header, data(), numeric


def load_mapping(path: Path) -> dict[str, str]:
    """A header mapping file: JSON ``{"Their header": "canonical"}`` or a two-column CSV."""
    text = decode(path.read_bytes(), path.name)
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        if not isinstance(data, dict):
            raise PortfolioError(
                [
                    RowError(
                        path.name,
                        1,
                        "",
                        "a mapping file must be a JSON object of source header to column",
                    )
                ]
            )
        pairs = [(str(k), str(v)) for k, v in data.items()]
    else:
        pairs = [(r[0], r[1]) for r in csv.reader(io.StringIO(text)) if len(r) >= 2]
        if pairs and _key(pairs[0][1]) in ("column", "canonical", "target", "to"):
            pairs = pairs[1:]
    mapping: dict[str, str] = {}
    for i, (source, target) in enumerate(pairs, start=1):
        if target.strip() not in CANONICAL:
            raise PortfolioError(
                [
                    RowError(
                        path.name,
                        i,
                        "",
                        f"mapping names unknown column {target.strip()!r}; "
                        f"columns are: {', '.join(CANONICAL)}",
                    )
                ]
            )
        mapping[_key(source)] = target.strip()
    return mapping


def detected_column(header: str, mapping: Mapping[str, str]) -> str:
    """The canonical column a file header holds by ``mapping`` or a known variant; "".
    A header ``mapping`` maps to "" is left out even when it is a known variant."""
    key = _key(header)
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
        mapping[_key(header)] = column
    return mapping


def ignored_columns(headers: list[str], mapping: Mapping[str, str]) -> tuple[str, ...]:
    """The file's headers that hold no known column (their cells are not imported)."""
    return tuple(h for h in headers if h and not detected_column(h, mapping))


def map_headers(headers: list[str], mapping: Mapping[str, str], file: str) -> dict[int, str]:
    """Which canonical column each file column holds; unknown columns are ignored."""
    found: dict[int, str] = {}
    seen: dict[str, str] = {}
    for i, header in enumerate(headers):
        canon = detected_column(header, mapping)
        if not canon:
            continue
        if canon in seen:
            raise PortfolioError(
                [
                    RowError(
                        file, 1, header, f"column {header!r} and {seen[canon]!r} both hold {canon}"
                    )
                ]
            )
        seen[canon] = header
        found[i] = canon
    if "account_id" not in found.values():
        raise PortfolioError(
            [
                RowError(
                    file,
                    1,
                    "",
                    "no account id column (expected "
                    "account_id or a variant such as 'Acct #'): map one of the "
                    "file's columns to account_id",
                )
            ]
        )
    if "last_name" not in found.values() and "first_name" not in found.values():
        raise PortfolioError(
            [
                RowError(
                    file, 1, "", "no name columns (expected first_name and last_name or variants)"
                )
            ]
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
    if any(cells.get(c) for c in ("address1", "city", "zip")):
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
    headers, rows, numeric_headers = read_table(path)
    columns = map_headers(headers, mapping or {}, name)
    header_of = {canon: headers[i] for i, canon in columns.items()}
    result = ReadResult(file=name, headers=headers)
    first_row: dict[str, int] = {}
    for index, raw in enumerate(rows, start=2):
        if not any(c.strip() for c in raw):
            continue
        result.rows += 1
        if on_rows is not None and result.rows % PROGRESS_EVERY == 0:
            on_rows(result.rows)
        cells = {canon: raw[i].strip() if i < len(raw) else "" for i, canon in columns.items()}
        numeric = {c for c in columns.values() if header_of[c] in numeric_headers}
        debtor, problems = row_to_debtor(cells, numeric)
        if debtor is not None and debtor.account_id in first_row:
            problems = [
                (
                    "account_id",
                    f"duplicate account id {debtor.account_id!r} "
                    f"(first seen on row {first_row[debtor.account_id]})",
                )
            ]
            debtor = None
        raw_cells = {
            headers[i] if i < len(headers) else f"column{i + 1}": v for i, v in enumerate(raw)
        }
        if debtor is None:
            for column, reason in problems:
                shown = header_of.get(column, column)
                label = shown if shown == column else f"{shown} ({column})"
                result.errors.append(RowError(name, index, label, reason))
            result.rejected.append((index, raw_cells, "; ".join(r for _, r in problems)))
            continue
        first_row[debtor.account_id] = index
        result.debtors.append(debtor)
    if on_rows is not None:
        on_rows(result.rows)
    return result


def estimate_rows(path: Path) -> int:
    """About how many data rows a portfolio file holds (for a progress bar); 0 if unknown."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return 0
    with path.open("rb") as fh:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return max(lines - 1, 0)


def write_rejects(result: ReadResult, out: Path) -> None:
    """The rows that were not imported, as they were, with a reason column."""
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["row", *result.headers, "reason"])
        for index, cells, reason in result.rejected:
            writer.writerow([index, *(cells.get(h, "") for h in result.headers), reason])
