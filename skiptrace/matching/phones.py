"""Phone numbers to E.164 with ``phonenumbers``: extensions removed, invalid numbers
kept and flagged (a collector may still want to see them), line type when it is knowable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*\d{1,6}\s*$", re.IGNORECASE)
_MOBILE_CAPABLE = {
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER,
}


@dataclass(frozen=True, slots=True)
class NormalPhone:
    """A phone number as compared and shown. ``key`` is the E.164 form when valid and the
    bare digits otherwise, so two copies of the same invalid number still merge."""

    raw: str
    e164: str
    extension: str
    valid: bool
    line_type: str  # mobile, landline, mobile-or-landline, voip, toll-free, other, unknown

    @property
    def key(self) -> str:
        return self.e164 or re.sub(r"\D", "", self.raw)


_TYPE_NAMES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "mobile-or-landline",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.TOLL_FREE: "toll-free",
}


@lru_cache(maxsize=100_000)
def normalise_phone(raw: str, region: str = "US") -> NormalPhone:
    """Parse one phone number as written (``"(555) 123-4567 x89"``, ``"+1 555..."``,
    ``"1-555-..."``); never raises, an unparsable number comes back with ``valid=False``."""
    text = (raw or "").strip()
    extension = ""
    match = _EXTENSION.search(text)
    if match:
        extension = re.sub(r"\D", "", match.group(0))
        text = text[: match.start()]
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return NormalPhone(raw or "", "", extension, False, "unknown")
    extension = extension or (number.extension or "")
    number.extension = None
    if not phonenumbers.is_valid_number(number):
        return NormalPhone(raw or "", "", extension, False, "unknown")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    kind = _TYPE_NAMES.get(phonenumbers.number_type(number), "other")
    return NormalPhone(raw or "", e164, extension, True, kind)


_NANP = re.compile(r"^1?([2-9]\d{2}[2-9]\d{6})$")


@lru_cache(maxsize=200_000)
def phone_key(raw: str) -> str:
    """The comparable form of a number: E.164 when valid, bare digits otherwise, ``""``
    when there are too few digits to mean anything. Plain ten-digit North American
    numbers take a fast path (whole files have millions)."""
    if not _EXTENSION.search(raw or ""):
        nanp = _NANP.match(re.sub(r"\D", "", raw or ""))
        if nanp and not (raw or "").lstrip().startswith("+") and nanp.group(1)[1:3] != "11":
            return "+1" + nanp.group(1)
    phone = normalise_phone(raw)
    return phone.key if len(re.sub(r"\D", "", phone.key)) >= 7 else ""


def load_numbering_plan(region: str = "US") -> None:
    """Load the metadata of every region sharing ``region``'s country code now.

    ``phonenumbers`` imports one module per region the first time a number needs it, and
    checking a number that is not valid in its own region walks every region of the
    country code (24 for +1). Done during a search, those imports hold the interpreter
    lock long enough to make a window's frame late; an app calls this once when idle.
    """
    code = phonenumbers.country_code_for_region(region)
    for other in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ()):
        phonenumbers.PhoneMetadata.metadata_for_region(other)
