"""Writing the DMDC SCRA multiple-record request file for selected accounts.

The file needs the full SSN and date of birth, so each account's values are decrypted
only after a ``pii.used`` entry records the use (account, fields, purpose code and
justification, the file written); if the log cannot be written nothing is decrypted. The
file holds PII and is created readable by its owner only. Accounts without a full SSN on
file cannot be asked about and are listed, not written.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from skiptrace.contact.scra_layout import REQUEST_FIELDS, REQUEST_LENGTH
from skiptrace.gate.purposes import get_purpose
from skiptrace.gate.request import PurposeRefused
from skiptrace.model import Debtor
from skiptrace.pii import digits
from skiptrace.searchlog.events import PII_USED
from skiptrace.store.accounts import load_debtor
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace

USE = "scra-request"


class ScraRequestRefused(ValueError):
    """The request file cannot be written as asked (names the account, never its PII)."""


@dataclass(frozen=True, slots=True)
class RequestReport:
    """What was written: the file, how many records, which accounts were left out and why."""

    path: Path
    written: int
    skipped: tuple[tuple[str, str], ...]  # (account id, reason)


def _ascii(text: str) -> str:
    """Upper-case ASCII for the fixed-width file: accents dropped, other letters omitted."""
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(bare.upper().split())


def request_line(debtor: Debtor, status_date: date) -> str:
    """One 119-character request line for a debtor whose SSN (and DOB) are decrypted."""
    ssn = digits(debtor.ssn)
    if len(ssn) != 9:
        raise ScraRequestRefused(f"account {debtor.account_id} has no full SSN on file")
    if len(debtor.account_id) > 28:
        raise ScraRequestRefused(
            f"account id {debtor.account_id} is longer than the 28-character customer record id"
        )
    values = {
        "ssn": ssn,
        "dob": debtor.dob.strftime("%Y%m%d") if debtor.dob else "",
        "last_name": _ascii(debtor.last_name),
        "first_name": _ascii(debtor.first_name),
        "customer_record_id": debtor.account_id,
        "status_date": status_date.strftime("%Y%m%d"),
        "middle_name": _ascii(debtor.middle_name),
    }
    line = "".join(values[f.name][: f.width].ljust(f.width) for f in REQUEST_FIELDS)
    assert len(line) == REQUEST_LENGTH
    return line


def _open_private(path: Path) -> int:
    # created 0600 before any byte is written: the file holds full SSNs and DOBs
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)


def write_request_file(
    workspace: Workspace,
    account_ids: Sequence[str],
    purpose_code: str,
    justification: str,
    out: Path,
    status_date: date | None = None,
) -> RequestReport:
    """Log each account's PII use, then write the request file; see the module doc."""
    purpose = get_purpose(purpose_code)
    if not justification.strip():
        raise PurposeRefused("an SCRA request decrypts SSNs and DOBs: write a justification")
    when = status_date or date.today()
    with workspace.engine.connect() as conn:
        present = [(aid, load_debtor(conn, aid)) for aid in dict.fromkeys(account_ids)]
    missing = [aid for aid, d in present if d is None]
    if missing:
        raise ScraRequestRefused(f"no such account(s): {', '.join(missing[:10])}; nothing written")
    lines: list[str] = []
    skipped: list[tuple[str, str]] = []
    with write_connection(workspace.engine) as conn, conn.begin():
        for aid, masked in present:
            assert masked is not None
            if not masked.ssn_last4 or len(aid) > 28:
                skipped.append((aid, "no full SSN on file" if len(aid) <= 28 else "id too long"))
                continue
            workspace.log.append(
                PII_USED, account_id=aid, purposes=(purpose.id,), purpose_source="chosen",
                justification=justification,
                details={"fields": ["ssn", "dob"], "use": USE, "file": out.name,
                         "status_date": when.isoformat()},
                conn=conn,
            )  # fmt: skip
            full = load_debtor(conn, aid, workspace.cipher)
            assert full is not None
            if len(digits(full.ssn)) != 9:
                skipped.append((aid, "no full SSN on file"))
                continue
            lines.append(request_line(full, when))
        if not lines:
            raise ScraRequestRefused("none of the accounts has a full SSN on file; nothing written")
        fd = _open_private(out)
        with os.fdopen(fd, "w", encoding="ascii", newline="\n") as fh:
            fh.writelines(line + "\n" for line in lines)
    return RequestReport(out, len(lines), tuple(skipped))
