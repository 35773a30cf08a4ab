"""Revealing a masked SSN or date of birth: only on request, and only after it is logged.

The rule: the ``pii.revealed`` entry is written first; if the log cannot be written the
value stays hidden (``LogUnavailable``). The entry names the account and the field, never
the value.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa

from skiptrace.searchlog.events import PII_REVEALED
from skiptrace.store import schema
from skiptrace.workspace.workspace import Workspace

A = schema.accounts


class PiiField(enum.StrEnum):
    """The fields that are masked on screen and can be revealed."""

    SSN = "ssn"
    DOB = "dob"


class NothingToReveal(LookupError):
    """The account has no full value on file for that field."""


@dataclass(frozen=True, slots=True)
class Revealed:
    """A clear value shown to a person, and the log entry that records it was shown."""

    account_id: str
    field: PiiField
    value: str
    log_seq: int

    def __repr__(self) -> str:  # the value must not leak through a repr in a log
        return f"Revealed(account_id={self.account_id!r}, field={self.field.value!r})"


def format_ssn(ssn: str) -> str:
    """123-45-6789 from nine digits."""
    return f"{ssn[:3]}-{ssn[3:5]}-{ssn[5:]}" if len(ssn) == 9 else ssn


# reasons a collector can pick when revealing; any other reason can be written
REVEAL_REASONS = (
    "Confirm identity with the consumer on a call",
    "Verify a candidate record's SSN or date of birth against the file",
    "Dispute or validation request needs the full value",
    "Bankruptcy, probate or court filing needs the full value",
)
MIN_REVEAL_REASON = 10  # characters: a reason, not "ok"


class RevealRefused(ValueError):
    """A reveal asked without a reason: nothing was decrypted or logged."""


def reveal_pii(workspace: Workspace, account_id: str, field: PiiField, reason: str) -> Revealed:
    """Decrypt one field of one account for display, logging ``pii.revealed`` (with
    the reason) first. A reason shorter than ``MIN_REVEAL_REASON`` is refused before
    anything is read or decrypted."""
    reason = " ".join(reason.split())
    if len(reason) < MIN_REVEAL_REASON:
        raise RevealRefused(
            f"say why the full {field.value.upper()} is needed (at least "
            f"{MIN_REVEAL_REASON} characters): nothing was revealed"
        )
    column = A.c.ssn_enc if field is PiiField.SSN else A.c.dob_enc
    with workspace.engine.connect() as conn:
        blob = conn.execute(sa.select(column).where(A.c.account_id == account_id)).scalar()
    if not blob:
        raise NothingToReveal(f"account {account_id} has no full {field.value.upper()} on file")
    entry = workspace.log.append(
        PII_REVEALED,
        account_id=account_id,
        details={"field": field.value, "reason": reason},
    )
    clear = workspace.cipher.decrypt(blob, account_id, field.value)
    value = format_ssn(clear) if field is PiiField.SSN else clear
    return Revealed(account_id, field, value, entry.seq)


def revealable(conn: sa.Connection, account_id: str) -> frozenset[PiiField]:
    """The fields of an account that have a full value on file to reveal."""
    row = conn.execute(
        sa.select(A.c.ssn_enc.is_not(None), A.c.dob_enc.is_not(None)).where(
            A.c.account_id == account_id
        )
    ).first()
    if row is None:
        return frozenset()
    return frozenset(
        f for f, present in zip((PiiField.SSN, PiiField.DOB), row, strict=True) if present
    )
