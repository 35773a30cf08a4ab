"""What a portfolio cell may hold: header spellings, and one parser per kind of value.

Each parser returns the clean value or raises ``CellError`` with a reason a person can
act on that never repeats an SSN or a date of birth.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from skiptrace.matching.pub28 import STATE_NAMES, STATES
from skiptrace.model import AccountStatus
from skiptrace.pii import SSN_SHAPE, digits, redact

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


# -- checking each value --------------------------------------------------------------


class CellError(ValueError):
    """A cell's value is not acceptable; the message says why without echoing PII."""


_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%Y%m%d", "%m/%d/%y", "%Y/%m/%d")

# C0 and C1 control characters and DEL: never part of a name, an id or an address, and the
# stuff of terminal escapes (ESC, CSI) and of files read in the wrong encoding (NUL).
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Invisible direction marks, embeddings, overrides and isolates: in an id or a name they
# make the text shown differ from the text stored ("Trojan source").
BIDI_CHARS = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES = {0: "NUL", 9: "tab", 10: "line feed", 13: "carriage return", 27: "ESC"}
# the digit groups of every _DATE_FORMATS form
_DATE_SHAPE = re.compile(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}[-/]\d{1,2}[-/]\d{2,4}|\d{8}")


def control_reason(text: str, identity: bool = False) -> str:
    """Why ``text`` may not be a cell (a control character, or a direction mark in an id or
    name when ``identity``); empty when it may. The character is named, never the value."""
    found = CONTROL_CHARS.search(text) or (BIDI_CHARS.search(text) if identity else None)
    if found is None:
        return ""
    code = ord(found.group())
    name = _CONTROL_NAMES.get(code, "")
    what = f"U+{code:04X}" + (f" ({name})" if name else "")
    if code > 0x9F:
        return f"invisible direction character {what}: not allowed in an account id or name"
    return f"control character {what} in the cell: remove it (or check the file's encoding)"


def ssn_shaped(text: str) -> bool:
    """Nine digits, bare or grouped 3-2-4, as an SSN is written."""
    return SSN_SHAPE.fullmatch(text.strip()) is not None


def date_shaped(text: str) -> bool:
    """A value the date-of-birth formats read as a date (whatever the year)."""
    t = text.strip()
    if _DATE_SHAPE.fullmatch(t) is None:  # strptime is slow: most values fail this first
        return False
    for fmt in _DATE_FORMATS:
        try:
            datetime.strptime(t, fmt)
        except ValueError:
            continue
        return True
    return False


def sensitive(text: str) -> bool:
    """Whether ``text`` holds something shaped like an SSN or a date of birth."""
    if redact(text) != text:
        return True
    return any(ssn_shaped(w) or date_shaped(w) for w in re.split(r"[\s,;|]+", text) if w)


def shown(text: str) -> str:
    """A cell value as an error message may quote it: never an SSN- or date-shaped one."""
    t = text.strip()
    return "(value not repeated: it looks like an SSN or a date)" if sensitive(t) else repr(t)


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
    if t.upper() in STATE_NAMES:
        return t.upper()
    code = STATES.get(re.sub(r"\s+", " ", t.lower().replace(".", "")))
    if code:
        return code
    raise CellError(f"bad state {shown(t)}: use a two-letter USPS code such as NY")


def parse_zip(text: str, numeric_cell: bool = False) -> str:
    """ZIP or ZIP+4; a spreadsheet that dropped leading zeros has them restored."""
    t = text.strip()
    if numeric_cell and t.isdigit() and 3 <= len(t) < 5:
        t = t.zfill(5)
    if re.fullmatch(r"\d{5}", t):
        return t
    if re.fullmatch(r"\d{5}-?\d{4}", t):
        return f"{t[:5]}-{t[-4:]}"
    raise CellError(f"bad ZIP {shown(t)}: expected 5 digits or ZIP+4")


def parse_phone(text: str) -> str:
    """A phone number as given, if it could be one (at least 7 digits, no letters).

    Nine digits without a ``+`` country code is how an SSN is written, not a dialable
    number, and a date is not one either: refused, so an SSN or a date of birth in a
    phone column never becomes a lead.
    """
    t = text.strip()
    body = re.sub(r"(?i)\s*(x|ext\.?|extension)\s*\d+$", "", t)
    count = len(digits(body))
    if not body.startswith("+"):
        if count == 9:  # 3-2-4, bare, or any other grouping
            raise CellError(
                "bad phone (value not repeated): nine digits are how an SSN is written; a US "
                "number has 10 digits, an international one starts with + and its country code"
            )
        if count <= 8 and date_shaped(body):
            raise CellError("bad phone (value not repeated): it is written as a date")
    if re.search(r"[A-Za-z]", body) or count < 7 or count > 15:
        raise CellError(f"bad phone {shown(t)}: expected a number with 7 to 15 digits")
    return t


def parse_email(text: str) -> str:
    """An email address with a user, an @ and a dotted domain."""
    t = text.strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", t):
        raise CellError(f"bad email {shown(t)}")
    return t


def parse_balance(text: str) -> Decimal:
    """An amount such as 1234.56, $1,234.56 or (12.00) for a credit."""
    t = text.strip().replace("$", "").replace(",", "").replace(" ", "")
    negative = t.startswith("(") and t.endswith(")")
    t = t.strip("()")
    try:
        value = Decimal(t)
    except InvalidOperation:
        raise CellError(f"bad balance {shown(text)}: expected an amount such as 1234.56") from None
    if not value.is_finite():
        raise CellError(f"bad balance {shown(text)}")
    return -value if negative else value


def parse_status(text: str) -> AccountStatus:
    """An account status from its common spellings."""
    key = re.sub(r"[^a-z&]", "", text.lower())
    canon = _STATUS_VARIANTS.get(key)
    if canon is None:
        allowed = ", ".join(s.value for s in AccountStatus)
        raise CellError(f"bad status {shown(text)}: expected one of {allowed}")
    return AccountStatus(canon)
