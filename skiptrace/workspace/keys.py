"""Where the workspace's secrets live: the OS keychain through ``keyring``, or an
explicitly chosen key file (named in every verification report).

Two keys per workspace: the search-log HMAC key and the PII encryption key. Neither is
ever written to the database, a settings file or a log.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import keyring
import keyring.errors

from skiptrace.keychain import NO_KEYCHAIN_MESSAGE, SERVICE, NoKeychain

LOG_KEY = "log-key"
PII_KEY = "pii-key"


class MissingKey(RuntimeError):
    """The workspace's key is not in the keychain or key file this desktop uses."""


class KeyFileUnreadable(RuntimeError):
    """A key file exists but is not one skiptrace can read (folder, permissions, JSON)."""


class KeyStore(Protocol):
    """Somewhere secrets for one workspace can be read and written."""

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...
    def describe(self) -> str: ...


@dataclass(frozen=True)
class KeyringStore:
    """Secrets in the OS keychain under service ``skiptrace``, one name per workspace."""

    workspace_id: str

    def _user(self, name: str) -> str:
        return f"{self.workspace_id}:{name}"

    def get(self, name: str) -> str | None:
        try:
            return keyring.get_password(SERVICE, self._user(name))
        except keyring.errors.NoKeyringError:
            raise NoKeychain(NO_KEYCHAIN_MESSAGE) from None

    def set(self, name: str, value: str) -> None:
        try:
            keyring.set_password(SERVICE, self._user(name), value)
        except keyring.errors.NoKeyringError:
            raise NoKeychain(NO_KEYCHAIN_MESSAGE) from None

    def delete(self, name: str) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, self._user(name))

    def describe(self) -> str:
        return f"OS keychain ({type(keyring.get_keyring()).__name__})"


@dataclass(frozen=True)
class FileKeyStore:
    """Secrets in a JSON file the user chose explicitly; readable by its owner only."""

    path: Path

    def _read(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except IsADirectoryError:
            raise KeyFileUnreadable(f"the key file {self.path} is a folder, not a file") from None
        except PermissionError:
            raise KeyFileUnreadable(
                f"the key file {self.path} cannot be read: permission denied"
            ) from None
        except json.JSONDecodeError as exc:
            raise KeyFileUnreadable(
                f"the key file {self.path} is not a skiptrace key file: it is not valid "
                f"JSON (line {exc.lineno}, column {exc.colno})"
            ) from None
        except UnicodeDecodeError:
            raise KeyFileUnreadable(
                f"the key file {self.path} is not a skiptrace key file: it is not text"
            ) from None
        if not isinstance(data, dict):
            raise KeyFileUnreadable(
                f"the key file {self.path} is not a skiptrace key file: it holds no key names"
            )
        return {str(k): str(v) for k, v in data.items()}

    def has_keys(self) -> bool:
        """Whether the file already holds a workspace key."""
        data = self._read()
        return LOG_KEY in data or PII_KEY in data

    def get(self, name: str) -> str | None:
        return self._read().get(name)

    def set(self, name: str, value: str) -> None:
        data = self._read()
        data[name] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
        os.replace(tmp, self.path)

    def delete(self, name: str) -> None:
        data = self._read()
        if data.pop(name, None) is not None:
            self.set_all(data)

    def set_all(self, data: dict[str, str]) -> None:
        self.path.unlink(missing_ok=True)
        for k, v in data.items():
            self.set(k, v)

    def describe(self) -> str:
        return f"key file {self.path} (not a secure keychain)"


def key_source_for(store: KeyStore) -> str:
    """How a workspace records where its keys are (never the keys themselves)."""
    if isinstance(store, FileKeyStore):
        return f"file:{store.path.resolve()}"
    return "keyring"


def store_from_source(source: str, workspace_id: str) -> KeyStore:
    """The key store a workspace's recorded key source names."""
    if source.startswith("file:"):
        return FileKeyStore(Path(source[len("file:") :]))
    return KeyringStore(workspace_id)


def new_key() -> str:
    """A fresh 256-bit key, base64 encoded."""
    return base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def decode_key(value: str) -> bytes:
    """A stored key's bytes."""
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise MissingKey("a stored key is damaged: it is not base64") from None
    if len(raw) != 32:
        raise MissingKey("stored key has the wrong length")
    return raw


def require_key(store: KeyStore, name: str) -> bytes:
    """A key from the store, or ``MissingKey`` saying where it was looked for."""
    value = store.get(name)
    if value is None:
        raise MissingKey(
            f"the workspace's {name} is not in the {store.describe()}; an administrator "
            "must give this desktop the workspace key (skiptrace-cli team join)"
        )
    return decode_key(value)
