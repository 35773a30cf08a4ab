"""Portfolio import: CSV and XLSX files of accounts into ``Debtor`` values.

Reading is separate from saving: ``read_portfolio`` turns a file into debtors and a list
of row errors, each naming the file, the row (as a spreadsheet numbers it, header = 1)
and the column. Error texts never repeat an SSN or a date of birth.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from skiptrace.model import AccountStatus, Address, Debtor, Phone
from skiptrace.pii import digits

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


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9#]", "", header.strip().lower())


# Header spellings seen in creditor and vendor files, folded by ``_key``.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "account_id": (
        "accountid",
        "account",
        "acct",
        "acct#",
        "account#",
        "accountnumber",
        "acctno",
        "acctnum",
        "accountno",
        "id",
        "accountnbr",
        "loannumber",
    ),
    "first_name": ("firstname", "first", "fname", "givenname", "debtorfirstname"),
    "middle_name": ("middlename", "middle", "mname", "middleinitial", "mi"),
    "last_name": ("lastname", "last", "lname", "surname", "familyname", "debtorlastname"),
    "suffix": ("suffix", "namesuffix", "sfx"),
    "dob": ("dob", "dateofbirth", "birthdate", "birthday", "bday"),
    "ssn": ("ssn", "socialsecuritynumber", "social", "ssn#", "taxid", "ssnitin"),
    "ssn_last4": ("ssnlast4", "last4", "ssn4", "last4ssn", "ssnl4"),
    "address1": (
        "address1",
        "address",
        "addr1",
        "addr",
        "street",
        "streetaddress",
        "addressline1",
        "mailingaddress",
    ),
    "address2": ("address2", "addr2", "addressline2", "apt", "unit", "suite"),
    "city": ("city", "town"),
    "state": ("state", "st", "province"),
    "zip": ("zip", "zipcode", "postalcode", "postcode", "zip5", "zip+4"),
    "phone": (
        "phone",
        "phone1",
        "phonenumber",
        "homephone",
        "telephone",
        "tel",
        "primaryphone",
        "phone#",
    ),
    "phone2": ("phone2", "cellphone", "cell", "mobile", "mobilephone", "altphone"),
    "phone3": ("phone3", "workphone"),
    "email": ("email", "email1", "emailaddress", "e-mail"),
    "email2": ("email2",),
    "employer": ("employer", "employername", "workplace"),
    "creditor": ("creditor", "originalcreditor", "client", "creditorname"),
    "balance": ("balance", "currentbalance", "amountdue", "balancedue", "amount"),
    "assigned_to": ("assignedto", "collector", "assigned", "owner", "agent"),
    "status": ("status", "accountstatus", "acctstatus"),
}
HEADER_VARIANTS: dict[str, str] = {
    _key(v): canon for canon, variants in _VARIANTS.items() for v in (canon, *variants)
}

US_STATES = {
    "AL": "alabama",
    "AK": "alaska",
    "AZ": "arizona",
    "AR": "arkansas",
    "CA": "california",
    "CO": "colorado",
    "CT": "connecticut",
    "DE": "delaware",
    "FL": "florida",
    "GA": "georgia",
    "HI": "hawaii",
    "ID": "idaho",
    "IL": "illinois",
    "IN": "indiana",
    "IA": "iowa",
    "KS": "kansas",
    "KY": "kentucky",
    "LA": "louisiana",
    "ME": "maine",
    "MD": "maryland",
    "MA": "massachusetts",
    "MI": "michigan",
    "MN": "minnesota",
    "MS": "mississippi",
    "MO": "missouri",
    "MT": "montana",
    "NE": "nebraska",
    "NV": "nevada",
    "NH": "new hampshire",
    "NJ": "new jersey",
    "NM": "new mexico",
    "NY": "new york",
    "NC": "north carolina",
    "ND": "north dakota",
    "OH": "ohio",
    "OK": "oklahoma",
    "OR": "oregon",
    "PA": "pennsylvania",
    "RI": "rhode island",
    "SC": "south carolina",
    "SD": "south dakota",
    "TN": "tennessee",
    "TX": "texas",
    "UT": "utah",
    "VT": "vermont",
    "VA": "virginia",
    "WA": "washington",
    "WV": "west virginia",
    "WI": "wisconsin",
    "WY": "wyoming",
    "DC": "district of columbia",
    "PR": "puerto rico",
    "VI": "virgin islands",
    "GU": "guam",
    "AS": "american samoa",
    "MP": "northern mariana islands",
    "AA": "armed forces americas",
    "AE": "armed forces europe",
    "AP": "armed forces pacific",
}
_STATE_BY_NAME = {name: code for code, name in US_STATES.items()}

_STATUS_VARIANTS = {
    "open": "open",
    "active": "open",
    "placed": "open",
    "new": "open",
    "closed": "closed",
    "paid": "closed",
    "paidinfull": "closed",
    "settled": "closed",
    "recalled": "recalled",
    "recall": "recalled",
    "returned": "recalled",
    "bankrupt": "bankrupt",
    "bankruptcy": "bankrupt",
    "bk": "bankrupt",
    "ch7": "bankrupt",
    "ch13": "bankrupt",
    "deceased": "deceased",
    "dead": "deceased",
    "dec": "deceased",
    "ceasecontact": "cease-contact",
    "cease": "cease-contact",
    "cd": "cease-contact",
    "c&d": "cease-contact",
    "ceaseanddesist": "cease-contact",
    "donotcontact": "cease-contact",
    "litigation": "litigation",
    "legal": "litigation",
    "suit": "litigation",
    "judgment": "litigation",
}


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


def map_headers(headers: list[str], mapping: Mapping[str, str], file: str) -> dict[int, str]:
    """Which canonical column each file column holds; unknown columns are ignored."""
    found: dict[int, str] = {}
    seen: dict[str, str] = {}
    for i, header in enumerate(headers):
        key = _key(header)
        canon = mapping.get(key) or HEADER_VARIANTS.get(key)
        if canon is None:
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
                    "account_id or a variant such as 'Acct #'); name it "
                    "with --mapping",
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


# -- checking each value --------------------------------------------------------------


class CellError(ValueError):
    """A cell's value is not acceptable; the message says why without echoing PII."""


_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%Y%m%d", "%m/%d/%y", "%Y/%m/%d")


def parse_dob(text: str, today: date | None = None) -> date:
    """A date of birth in ISO, US (MM/DD/YYYY) or YYYYMMDD form."""
    for fmt in _DATE_FORMATS:
        try:
            value = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if fmt == "%m/%d/%y" and value.year > (today or date.today()).year:
            value = value.replace(year=value.year - 100)
        if value > (today or date.today()) or value.year < 1900:
            raise CellError("bad date: a date of birth must be between 1900 and today")
        return value
    raise CellError("bad date: use YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD")


def parse_ssn(text: str) -> str:
    """Nine digits, in a form the SSA could have issued (ITINs, 9xx, allowed)."""
    d = digits(text)
    if len(d) != 9 or len(d) != len(re.sub(r"[\s-]", "", text)):
        raise CellError("bad SSN: expected 9 digits")
    if d[:3] in ("000", "666") or d[3:5] == "00" or d[5:] == "0000":
        raise CellError("bad SSN: not a number the SSA issues")
    return d


def parse_last4(text: str) -> str:
    """The last four digits of an SSN."""
    d = digits(text)
    if len(d) != 4 or len(d) != len(text.strip()):
        raise CellError("bad SSN last four: expected 4 digits")
    return d


def parse_state(text: str) -> str:
    """A USPS state or territory code, from the code or the full name."""
    t = text.strip()
    if t.upper() in US_STATES:
        return t.upper()
    code = _STATE_BY_NAME.get(re.sub(r"\s+", " ", t.lower().replace(".", "")))
    if code:
        return code
    raise CellError(f"bad state {t!r}: use a two-letter USPS code such as NY")


def parse_zip(text: str, numeric_cell: bool = False) -> str:
    """ZIP or ZIP+4; a spreadsheet that dropped leading zeros has them restored."""
    t = text.strip()
    if numeric_cell and t.isdigit() and 3 <= len(t) < 5:
        t = t.zfill(5)
    if re.fullmatch(r"\d{5}", t):
        return t
    if re.fullmatch(r"\d{5}-?\d{4}", t):
        return f"{t[:5]}-{t[-4:]}"
    raise CellError(f"bad ZIP {t!r}: expected 5 digits or ZIP+4")


def parse_phone(text: str) -> str:
    """A phone number as given, if it could be one (at least 7 digits, no letters)."""
    t = text.strip()
    body = re.sub(r"(?i)\s*(x|ext\.?|extension)\s*\d+$", "", t)
    if re.search(r"[A-Za-z]", body) or len(digits(body)) < 7 or len(digits(body)) > 15:
        raise CellError(f"bad phone {t!r}: expected a number with 7 to 15 digits")
    return t


def parse_email(text: str) -> str:
    """An email address with a user, an @ and a dotted domain."""
    t = text.strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", t):
        raise CellError(f"bad email {t!r}")
    return t


def parse_balance(text: str) -> Decimal:
    """An amount such as 1234.56, $1,234.56 or (12.00) for a credit."""
    t = text.strip().replace("$", "").replace(",", "").replace(" ", "")
    negative = t.startswith("(") and t.endswith(")")
    t = t.strip("()")
    try:
        value = Decimal(t)
    except InvalidOperation:
        raise CellError(
            f"bad balance {text.strip()!r}: expected an amount such as 1234.56"
        ) from None
    if not value.is_finite():
        raise CellError(f"bad balance {text.strip()!r}")
    return -value if negative else value


def parse_status(text: str) -> AccountStatus:
    """An account status from its common spellings."""
    key = re.sub(r"[^a-z&]", "", text.lower())
    canon = _STATUS_VARIANTS.get(key)
    if canon is None:
        allowed = ", ".join(s.value for s in AccountStatus)
        raise CellError(f"bad status {text.strip()!r}: expected one of {allowed}")
    return AccountStatus(canon)


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


def read_portfolio(path: Path, mapping: Mapping[str, str] | None = None) -> ReadResult:
    """Read every row of a portfolio file; collect every problem rather than stop at one."""
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
    return result


def write_rejects(result: ReadResult, out: Path) -> None:
    """The rows that were not imported, as they were, with a reason column."""
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["row", *result.headers, "reason"])
        for index, cells, reason in result.rejected:
            writer.writerow([index, *(cells.get(h, "") for h in result.headers), reason])
