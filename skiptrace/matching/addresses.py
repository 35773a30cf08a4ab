"""Postal addresses: parsed with ``usaddress``, standardised to USPS Publication 28
abbreviations, with secondary units, PO boxes and ZIP+4, and a key under which the same
place written two ways (123 N Main St Apt 4 = 123 North Main Street #4) agrees."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import usaddress

from skiptrace.matching.pub28 import DIRECTIONALS, STATES, STREET_SUFFIXES, UNIT_DESIGNATORS
from skiptrace.matching.text import fold
from skiptrace.model import Address

_PO_BOX = re.compile(r"^(?:p\s*o|post\s*office)?\s*box\s+(\w+)|^pob\s+(\w+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NormalAddress:
    """An address in Pub 28 form, upper case. ``street`` holds pre-directional, name,
    suffix and post-directional (``"N MAIN ST"``); ``unit`` only the unit's number."""

    number: str = ""
    street: str = ""
    unit: str = ""
    po_box: str = ""
    city: str = ""
    state: str = ""
    zip5: str = ""
    zip4: str = ""

    @property
    def line(self) -> str:
        """The delivery line as USPS would print it."""
        if self.po_box:
            return f"PO BOX {self.po_box}"
        head = " ".join(p for p in (self.number, self.street) if p)
        return f"{head} # {self.unit}" if self.unit else head

    @property
    def key(self) -> str:
        """Equal for two writings of one delivery point: line, then ZIP or else city+state."""
        if not self.line:
            return ""
        where = self.zip5 or f"{self.city} {self.state}".strip()
        return f"{self.line}|{where}"

    def one_line(self) -> str:
        """The standardised address on one line."""
        zip_code = f"{self.zip5}-{self.zip4}" if self.zip4 else self.zip5
        tail = " ".join(p for p in (self.state, zip_code) if p)
        return ", ".join(p for p in (self.line, self.city, tail) if p)


def normalise_zip(text: str) -> tuple[str, str]:
    """ZIP and ZIP+4 digits; a four-digit ZIP lost its leading zero in a spreadsheet."""
    digits = re.sub(r"\D", "", text or "")
    if len(digits) in (4, 8):
        digits = "0" + digits
    if len(digits) < 5:
        return "", ""
    return digits[:5], digits[5:9] if len(digits) >= 9 else ""


def normalise_state(text: str) -> str:
    """Two-letter state code from a code or a full name; other short codes as written."""
    folded = fold(text)
    if len(folded) == 2:
        return folded.upper()
    # not a US state name: keep a short code as written (nsw, qld), for files from abroad
    return STATES.get(folded, folded.upper() if 0 < len(folded) <= 3 else "")


def _unit_id(text: str) -> str:
    words = [w for w in fold(text.replace("#", " # ")).split() if w not in UNIT_DESIGNATORS]
    return "".join(words).upper()


def _street_words(words: list[str]) -> str:
    """Pub 28 abbreviations on a street's words: first word a directional, last a suffix
    or a post-directional, the name itself left alone ("N Court St" keeps "COURT")."""
    out = [w.upper() for w in words]
    if len(words) >= 3 and words[-1] in DIRECTIONALS and words[-2] in STREET_SUFFIXES:
        out[-1] = DIRECTIONALS[words[-1]]
        out[-2] = STREET_SUFFIXES[words[-2]]
    elif len(words) >= 2 and words[-1] in STREET_SUFFIXES:
        out[-1] = STREET_SUFFIXES[words[-1]]
    if len(words) >= 3 and words[0] in DIRECTIONALS:
        out[0] = DIRECTIONALS[words[0]]
    return " ".join(out)


def _unit_line(line2: str) -> str:
    """Line 2 when it names a unit (``"Apt 4"``, ``"#4"``, ``"4"``), else ``""``: building
    and estate names are not part of the delivery point's key."""
    words = fold(line2.replace("#", " apt ")).split()
    if not words:
        return ""
    if re.match(r"^\d+[a-z]?$", words[0]):
        return f"# {line2}"
    return line2 if words[0] in UNIT_DESIGNATORS else ""


@lru_cache(maxsize=200_000)
def standardise_line(line1: str, line2: str = "") -> tuple[str, str, str, str]:
    """Number, street, unit and PO box of a delivery line, by Pub 28 tables alone (fast:
    used for whole files). Units follow a designator or ``#``; ``"123A"`` keeps its letter."""
    line2 = _unit_line(line2)
    text = f"{line1} {line2}".replace("#", " # ")
    box = _PO_BOX.match(fold(text).replace(" # ", " "))
    if box:
        return "", "", "", (box.group(1) or box.group(2) or "").upper()
    words = fold(text.replace("#", " hashunit ")).split()
    words = ["#" if w == "hashunit" else w for w in words]
    unit = ""
    for i, word in enumerate(words):
        if i > 0 and word in UNIT_DESIGNATORS and word not in ("no", "number"):
            unit = "".join(words[i + 1 :]).upper()
            words = words[:i]
            break
    number = ""
    if words and re.match(r"^\d+[a-z]?$", words[0]):
        number = words.pop(0).upper()
    return number, _street_words(words), unit, ""


@lru_cache(maxsize=50_000)
def _tagged(line: str) -> tuple[str, str, str, str] | None:
    try:
        parts, kind = usaddress.tag(line)
    except usaddress.RepeatedLabelError:
        return None
    if kind == "PO Box" or "USPSBoxID" in parts:
        return "", "", "", parts.get("USPSBoxID", "").upper()
    if kind != "Street Address" or "StreetName" not in parts:
        return None
    street = " ".join(
        parts[k]
        for k in (
            "StreetNamePreDirectional",
            "StreetNamePreType",
            "StreetName",
            "StreetNamePostType",
            "StreetNamePostDirectional",
        )
        if k in parts
    )
    unit = _unit_id(parts.get("OccupancyIdentifier", "") or parts.get("SubaddressIdentifier", ""))
    number = fold(parts.get("AddressNumber", "")).replace(" ", "").upper()
    return number, _street_words(fold(street).split()), unit, ""


def standardise_address(address: Address) -> NormalAddress:
    """Parse with ``usaddress`` and standardise to Pub 28; falls back to the table-only
    reading when ``usaddress`` cannot label the line. Never raises."""
    line2 = _unit_line(address.line2)
    line = " ".join(p for p in (address.line1, line2) if p).strip()
    parsed = _tagged(line) if line else None
    number, street, unit, box = parsed or standardise_line(address.line1, address.line2)
    zip5, zip4 = normalise_zip(address.zip)
    return NormalAddress(
        number=number,
        street=street,
        unit=unit,
        po_box=box,
        city=fold(address.city).upper(),
        state=normalise_state(address.state),
        zip5=zip5,
        zip4=zip4,
    )
