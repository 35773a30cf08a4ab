"""A vendor's file layout: which of its columns holds which field, in the vendor's order.

One mapping file serves both ways: ``batch request-file`` writes the vendor's columns in
its order, ``batch load-return`` reads them back. JSON (``{"ACCT NO": "account_id", ...}``,
optionally under a ``"columns"`` key) or a two-column CSV (``vendor column,field``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from skiptrace.portfolio.decoding import decode

# What a request file can hold (full SSN and date of birth are decrypted for it).
REQUEST_FIELDS = (
    "account_id", "first_name", "middle_name", "last_name", "suffix", "ssn", "ssn_last4",
    "dob", "address1", "address2", "city", "state", "zip", "phone", "email", "employer",
    "creditor", "balance",
)  # fmt: skip
# What a return file can bring back.
RETURN_FIELDS = (
    "account_id", "first_name", "middle_name", "last_name", "suffix", "ssn_last4", "dob",
    "address1", "address2", "city", "state", "zip", "address_first_seen", "address_last_seen",
    "phone", "phone_type", "phone_last_seen", "phone2", "phone3", "email", "employer",
    "deceased", "bankrupt",
)  # fmt: skip
FIELDS = tuple(dict.fromkeys(REQUEST_FIELDS + RETURN_FIELDS))


class LayoutError(ValueError):
    """A layout (mapping) file that cannot be used; the message names the file and entry."""


@dataclass(frozen=True)
class Layout:
    """Vendor columns in order, each with the field it holds."""

    name: str
    columns: tuple[tuple[str, str], ...]

    def header_for(self, field: str) -> str | None:
        """The vendor column holding ``field``, if the layout has one."""
        return next((h for h, f in self.columns if f == field), None)

    def fields(self) -> tuple[str, ...]:
        """The fields the layout maps."""
        return tuple(f for _h, f in self.columns)


def load_layout(path: Path) -> Layout:
    """Read a layout file; ``LayoutError`` naming the entry at fault."""
    try:
        text = decode(path.read_bytes(), path.name)
    except OSError as exc:
        raise LayoutError(f"{path}: cannot read the mapping ({exc.strerror})") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise LayoutError(f"{path.name}: not valid JSON ({exc})") from None
        data = data.get("columns", data) if isinstance(data, dict) else data
        if not isinstance(data, dict):
            raise LayoutError(f"{path.name}: a mapping is a JSON object of vendor column to field")
        pairs = [(str(k).strip(), str(v).strip()) for k, v in data.items()]
    else:
        rows = [r for r in csv.reader(io.StringIO(text)) if len(r) >= 2]
        if rows and rows[0][1].strip().lower() in ("field", "column", "canonical"):
            rows = rows[1:]
        pairs = [(r[0].strip(), r[1].strip()) for r in rows]
    seen: dict[str, str] = {}
    for number, (header, field) in enumerate(pairs, start=1):
        if field not in FIELDS:
            raise LayoutError(
                f"{path.name}, entry {number} ({header!r}): unknown field {field!r}; fields are: "
                f"{', '.join(FIELDS)}"
            )
        if field in seen:
            raise LayoutError(
                f"{path.name}, entry {number}: columns {seen[field]!r} and {header!r} both hold "
                f"{field}"
            )
        seen[field] = header
    if not pairs:
        raise LayoutError(f"{path.name}: the mapping names no columns")
    return Layout(path.name, tuple(pairs))
