"""Person records as the matcher sees them, one at a time (``PersonRecord``) and as
columns for whole files (``RecordTable``), built from debtors, candidates or CSV rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from skiptrace.candidate import Candidate
from skiptrace.matching.addresses import (
    NormalAddress,
    normalise_state,
    normalise_zip,
    standardise_address,
    standardise_line,
)
from skiptrace.matching.dates import dob_key, parse_dob
from skiptrace.matching.names import NameParts, normalise_name
from skiptrace.matching.phones import phone_key
from skiptrace.matching.text import fold
from skiptrace.model import Debtor


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One identity, normalised: names folded, DOB as ``YYYYMMDD``, SSN digits, every
    address in Pub 28 form, every phone as its comparable key."""

    record_id: str
    name: NameParts
    dob: str = ""
    ssn: str = ""
    ssn4: str = ""
    addresses: tuple[NormalAddress, ...] = ()
    phones: tuple[str, ...] = ()


_NON_DIGITS = re.compile(r"\D")


def _ssn_parts(ssn: str, last4: str) -> tuple[str, str]:
    digits = _NON_DIGITS.sub("", ssn) if ssn else ""
    if len(set(digits)) <= 1:  # 000000000 and 999999999 are placeholders, not SSNs
        digits = ""
    four = (_NON_DIGITS.sub("", last4) if last4 else "")[-4:] or digits[-4:]
    return digits if len(digits) >= 7 else "", four if len(four) == 4 else ""


def record_from_debtor(debtor: Debtor) -> PersonRecord:
    """The debtor as a record to match candidates against."""
    ssn, ssn4 = _ssn_parts(debtor.ssn, debtor.ssn_last4)
    return PersonRecord(
        record_id=debtor.account_id,
        name=normalise_name(debtor.first_name, debtor.middle_name, debtor.last_name, debtor.suffix),
        dob=dob_key(debtor.dob),
        ssn=ssn,
        ssn4=ssn4,
        addresses=tuple(standardise_address(a) for a in debtor.addresses),
        phones=tuple(k for k in (phone_key(p.number) for p in debtor.phones) if k),
    )


def record_from_candidate(candidate: Candidate) -> PersonRecord:
    """A source's candidate as a record; ``record_id`` is ``source:record_id``."""
    _, ssn4 = _ssn_parts("", candidate.ssn_last4)
    return PersonRecord(
        record_id=f"{candidate.source}:{candidate.record_id}",
        name=normalise_name(
            candidate.first_name, candidate.middle_name, candidate.last_name, candidate.suffix
        ),
        dob=dob_key(candidate.dob),
        ssn4=ssn4,
        addresses=tuple(standardise_address(s.address) for s in candidate.addresses),
        phones=tuple(k for k in (phone_key(p.number) for p in candidate.phones) if k),
    )


def record_from_fields(
    record_id: str, row: Mapping[str, str], unparsed: dict[str, int] | None = None
) -> PersonRecord:
    """A record from canonical portfolio columns (``first_name``, ``dob``, ``address1``...).
    Values that do not parse count as missing and are tallied in ``unparsed`` by column."""

    def bad(column: str) -> None:
        if unparsed is not None:
            unparsed[column] = unparsed.get(column, 0) + 1

    get = row.get
    dob_text = (get("dob") or "").strip()
    born: date | None = parse_dob(dob_text) if dob_text else None
    if dob_text and born is None:
        bad("dob")
    ssn, ssn4 = _ssn_parts(get("ssn") or "", get("ssn_last4") or "")
    if (get("ssn") or "").strip() and not ssn and not ssn4:
        bad("ssn")
    zip5, zip4 = normalise_zip(get("zip") or "")
    if (get("zip") or "").strip() and not zip5:
        bad("zip")
    number, street, unit, box = standardise_line(get("address1") or "", get("address2") or "")
    addresses: tuple[NormalAddress, ...] = ()
    if street or box or zip5 or get("city"):
        state = normalise_state(get("state") or "")
        addresses = (
            NormalAddress(
                number, street, unit, box, fold(get("city") or "").upper(), state, zip5, zip4
            ),
        )
    phones = []
    for column in ("phone", "phone2", "phone3"):
        text = (get(column) or "").strip()
        if text:
            key = phone_key(text)
            if key:
                phones.append(key)
            else:
                bad(column)
    return PersonRecord(
        record_id=record_id,
        name=normalise_name(get("first_name") or "", get("middle_name") or "",
                            get("last_name") or "", get("suffix") or ""),
        dob=dob_key(born),
        ssn=ssn,
        ssn4=ssn4,
        addresses=addresses,
        phones=tuple(phones),
    )  # fmt: skip


class Vocabulary:
    """Integer codes for strings, shared by the two sides of a link so equal strings get
    equal codes. Code 0 is the empty string (missing)."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {"": 0}
        self.words: list[str] = [""]
        self._derived: dict[str, tuple[int, Any]] = {}

    def derived(self, name: str, compute: Callable[[Vocabulary], Any]) -> Any:
        """A per-code array computed from the words (phonetic keys, digits), kept until
        new words arrive."""
        size, value = self._derived.get(name, (-1, None))
        if size != len(self.words):
            value = compute(self)
            self._derived[name] = (len(self.words), value)
        return value

    def encode(self, values: Sequence[str]) -> np.ndarray:
        """The codes of ``values``, new words added."""
        return np.array(self.codes_of(values), dtype=np.int64)

    def codes_of(self, values: Sequence[str]) -> list[int]:
        """``encode`` as a list (for callers that make one array of several lists)."""
        codes, words = self.codes, self.words
        out: list[int] = []  # one array at the end: setting numpy items one by one is slow
        for value in values:
            code = codes.get(value)
            if code is None:
                code = codes[value] = len(words)
                words.append(value)
            out.append(code)
        return out


COLUMNS = (
    "first", "middle", "last", "last_parts", "generation", "dob", "ssn", "ssn4",
    "number", "street", "unit", "city", "state", "zip5",
)  # fmt: skip


@dataclass
class RecordTable:
    """Records as integer-coded columns, one row per (record, address); ``entity`` maps
    each row back to its record. ``phones`` is rows x K codes (0 = none)."""

    records: list[PersonRecord]
    entity: np.ndarray
    cols: dict[str, np.ndarray]
    phones: np.ndarray
    vocab: dict[str, Vocabulary] = field(repr=False)

    def __len__(self) -> int:
        return len(self.entity)


def build_table(
    records: Sequence[PersonRecord], vocab: dict[str, Vocabulary] | None = None
) -> RecordTable:
    """Column form of ``records``; pass the other side's ``vocab`` to share codes."""
    vocab = vocab if vocab is not None else {c: Vocabulary() for c in (*COLUMNS, "phone")}
    rows: list[tuple[str, ...]] = []
    entity: list[int] = []
    phone_rows: list[tuple[str, ...]] = []
    for index, rec in enumerate(records):
        name = rec.name
        for addr in rec.addresses or (NormalAddress(),):
            entity.append(index)
            rows.append((
                name.first, name.middle, " ".join(name.last_parts) or name.last,
                " ".join(name.last_parts), name.generation,
                rec.dob, rec.ssn, rec.ssn4, addr.number, addr.street or (addr.po_box and
                f"PO BOX {addr.po_box}"), addr.unit, addr.city, addr.state, addr.zip5,
            ))  # fmt: skip
            phone_rows.append(rec.phones)
    width = max((len(p) for p in phone_rows), default=0) or 1
    flat = [p[k] if k < len(p) else "" for p in phone_rows for k in range(width)]
    phones = vocab["phone"].encode(flat).reshape(len(phone_rows), width)
    # column by column, one array for all: a search's three rows make fifteen arrays dear
    columns = zip(*rows, strict=True) if rows else [()] * len(COLUMNS)
    codes = np.array(
        [vocab[c].codes_of(values) for c, values in zip(COLUMNS, columns, strict=True)],
        dtype=np.int64,
    ).reshape(len(COLUMNS), len(rows))
    cols = dict(zip(COLUMNS, codes, strict=True))
    return RecordTable(list(records), np.asarray(entity, dtype=np.int64), cols, phones, vocab)
