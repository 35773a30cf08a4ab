"""The team key bundle: how a team's keys travel from the administrator to each desktop.

A bundle holds the workspace id, the search-log key, the PII key and, when known, the
team database login (URL and password): everything a desktop needs to join, nothing the
database holds. It is sealed with AES-256-GCM under a key derived from a passphrase by
scrypt (n=2^17, r=8, p=1); the clear header (format, workspace id, KDF parameters) is
bound to the ciphertext as associated data, so it cannot be swapped or edited. Give the
file and the passphrase to a desktop by different routes.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

FORMAT = "skiptrace-team-keys"
VERSION = 1
MIN_PASSPHRASE = 12
# scrypt cost: 2^17 x 8 x 128 bytes = 128 MiB and a fraction of a second per open
SCRYPT_N = 2**17
_SCRYPT_R, _SCRYPT_P = 8, 1


class BundleError(ValueError):
    """A key bundle that cannot be opened: wrong passphrase, damaged, or not a bundle."""


@dataclass(frozen=True)
class TeamKeys:
    """What a bundle carries. ``repr`` hides the secrets."""

    workspace_id: str
    log_key: str
    pii_key: str
    database_url: str = ""
    database_password: str = ""

    def __repr__(self) -> str:
        return f"TeamKeys(workspace_id={self.workspace_id!r}, keys=<hidden>)"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise BundleError("the key bundle is damaged (a field is missing)")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except ValueError:
        raise BundleError("the key bundle is damaged (bad base64)") from None


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _aad(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def check_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect the team's keys."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise BundleError(
            f"the bundle passphrase must be at least {MIN_PASSPHRASE} characters long"
        )


def seal(keys: TeamKeys, passphrase: str, *, scrypt_n: int | None = None) -> bytes:
    """The bundle file's bytes: ``keys`` encrypted under ``passphrase``."""
    check_passphrase(passphrase)
    scrypt_n = scrypt_n or SCRYPT_N
    salt = os.urandom(16)
    nonce = os.urandom(12)
    header: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "workspace_id": keys.workspace_id,
        "kdf": {"name": "scrypt", "n": scrypt_n, "r": _SCRYPT_R, "p": _SCRYPT_P},
        "salt": _b64(salt),
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
    }
    secret = json.dumps(
        {
            "workspace_id": keys.workspace_id,
            "log_key": keys.log_key,
            "pii_key": keys.pii_key,
            "database_url": keys.database_url,
            "database_password": keys.database_password,
        }
    ).encode("utf-8")
    kek = _derive(passphrase, salt, scrypt_n, _SCRYPT_R, _SCRYPT_P)
    sealed = AESGCM(kek).encrypt(nonce, secret, _aad(header))
    return (json.dumps({**header, "ciphertext": _b64(sealed)}, indent=1) + "\n").encode()


def open_bundle(data: bytes, passphrase: str) -> TeamKeys:
    """The keys inside a bundle; ``BundleError`` on a wrong passphrase or a damaged file."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleError("this is not a skiptrace key bundle (not JSON)") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BundleError("this is not a skiptrace key bundle")
    if doc.get("version") != VERSION:
        raise BundleError(f"key bundle version {doc.get('version')} is not supported")
    sealed = _unb64(doc.pop("ciphertext", None))
    kdf = doc.get("kdf") or {}
    try:
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
    except (KeyError, TypeError, ValueError):
        raise BundleError("the key bundle is damaged (KDF parameters)") from None
    if kdf.get("name") != "scrypt" or not (2**14 <= n <= 2**20 and r <= 16 and p <= 4):
        raise BundleError("the key bundle asks for an unsupported key derivation")
    kek = _derive(passphrase, _unb64(doc.get("salt")), n, r, p)
    try:
        secret = AESGCM(kek).decrypt(_unb64(doc.get("nonce")), sealed, _aad(doc))
    except InvalidTag:
        raise BundleError(
            "the key bundle could not be opened: wrong passphrase, or the file was altered"
        ) from None
    inner = json.loads(secret)
    if inner.get("workspace_id") != doc.get("workspace_id"):
        raise BundleError("the key bundle is inconsistent (workspace id)")
    return TeamKeys(
        workspace_id=inner["workspace_id"],
        log_key=inner["log_key"],
        pii_key=inner["pii_key"],
        database_url=inner.get("database_url", ""),
        database_password=inner.get("database_password", ""),
    )


def write_bundle(path: Path, keys: TeamKeys, passphrase: str) -> None:
    """Write a sealed bundle readable by its owner only."""
    data = seal(keys, passphrase)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
