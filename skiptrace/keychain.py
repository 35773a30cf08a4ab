"""The OS keychain through ``keyring``: whether one exists, and the team database password.

Everything skiptrace keeps in a keychain is under the service ``skiptrace``. Where no
secure keychain exists (a headless Linux box), skiptrace says so plainly rather than
writing secrets anywhere else; ``PYTHON_KEYRING_BACKEND`` is honoured.
"""

from __future__ import annotations

import keyring
import keyring.errors

SERVICE = "skiptrace"


class NoKeychain(RuntimeError):
    """No secure keychain exists on this machine and no key file was chosen."""


NO_KEYCHAIN_MESSAGE = (
    "No secure keychain is available on this machine (keyring found no backend). "
    "Unlock or install one (Windows Credential Manager, macOS Keychain, Secret Service), "
    "choose one with PYTHON_KEYRING_BACKEND, or explicitly keep the keys in a file you "
    "protect yourself with --key-file PATH."
)


def keychain_available() -> bool:
    """Whether ``keyring`` has a real backend (it honours PYTHON_KEYRING_BACKEND)."""
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    try:
        backend.get_password(SERVICE, "probe")
    except keyring.errors.KeyringError:
        return False
    return True


def _database_entry(url: str) -> str:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return f"db:{u.username or ''}@{u.host or ''}:{u.port or 5432}/{u.database or ''}"


def database_password(url: str) -> str | None:
    """The team database password kept in the keychain for ``url``'s role, if any.

    Desktops connect with a URL that carries no password; ``team join`` or
    ``team setup-db`` put it in the keychain (or use the server's own ``.pgpass``).
    """
    try:
        return keyring.get_password(SERVICE, _database_entry(url))
    except keyring.errors.KeyringError:
        return None


def set_database_password(url: str, password: str) -> None:
    """Keep the team database password for ``url``'s role in the keychain."""
    try:
        keyring.set_password(SERVICE, _database_entry(url), password)
    except keyring.errors.NoKeyringError:
        raise NoKeychain(NO_KEYCHAIN_MESSAGE) from None
