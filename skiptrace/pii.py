"""PII at rest and on screen: encryption of full SSNs and dates of birth, and masking.

Full values are encrypted with AES-GCM under the workspace PII key; the associated data
binds each ciphertext to its account and field, so a ciphertext copied onto another
account row does not decrypt.
"""

from __future__ import annotations

import os
import re
from datetime import date

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE = 12


class PiiCipher:
    """Encrypts and decrypts PII fields with the workspace PII key."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def __repr__(self) -> str:
        return "PiiCipher(<key hidden>)"

    def encrypt(self, value: str, account_id: str, field: str) -> bytes:
        """Nonce plus ciphertext of ``value``, bound to the account and field."""
        nonce = os.urandom(_NONCE)
        aad = f"{account_id}\x1f{field}".encode()
        return nonce + self._aead.encrypt(nonce, value.encode("utf-8"), aad)

    def decrypt(self, blob: bytes, account_id: str, field: str) -> str:
        """The clear value of an encrypted field (only for matching or an explicit reveal)."""
        aad = f"{account_id}\x1f{field}".encode()
        return self._aead.decrypt(blob[:_NONCE], blob[_NONCE:], aad).decode("utf-8")


def digits(text: str) -> str:
    """Only the digits of ``text``."""
    return "".join(ch for ch in text if ch.isdigit())


def mask_ssn(ssn_or_last4: str) -> str:
    """``***-**-1234`` from a full SSN or its last four; empty when unknown."""
    d = digits(ssn_or_last4)
    return f"***-**-{d[-4:]}" if len(d) >= 4 else ""


def mask_dob(dob: date | None) -> str:
    """Only the birth year shows: ``**/**/1980``."""
    return f"**/**/{dob.year}" if dob else ""


# Anything shaped like a full SSN (nine digits, optionally grouped 3-2-4); group 1 is the
# last four, which may be shown.
SSN_SHAPE = re.compile(r"(?<!\d)\d{3}[- ]?\d{2}[- ]?(\d{4})(?!\d)")
_DATE_RE = re.compile(
    r"(?<!\d)(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|(?:19|20)\d{2}[01]\d[0-3]\d)(?!\d)"
)


def mask_ssns(text: str) -> str:
    """``text`` with anything shaped like a full SSN masked to ``***-**-1234``."""
    return SSN_SHAPE.sub(lambda m: f"***-**-{m.group(1)}", text)


def redact(text: str) -> str:
    """``text`` with anything shaped like an SSN or a date replaced: for logs and errors."""
    text = mask_ssns(text)
    return _DATE_RE.sub("<date>", text)


def create_private(path: os.PathLike[str] | str) -> int:
    """Create (or truncate) a file only its owner may read: for files that hold PII.

    Returns an OS file descriptor; wrap it with ``os.fdopen``.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)  # an existing file keeps its old mode through O_CREAT
    return fd
