"""Per-workspace connector settings (enabled, base URL, timeout) and their keychain secrets.

Settings live in the workspace's ``settings`` table under scope ``connector:<id>``;
secrets live only in the OS keychain (service ``skiptrace``), and the program only ever
says whether one is present.
"""

from __future__ import annotations

from dataclasses import dataclass

import keyring
import keyring.errors
import sqlalchemy as sa

from skiptrace.keys import SERVICE
from skiptrace.store import schema
from skiptrace.store.engine import write_connection

S = schema.settings
KNOWN_KEYS = ("enabled", "base_url", "timeout")


class BadSetting(ValueError):
    """A connector setting with a value that cannot be used."""


@dataclass(frozen=True, slots=True)
class ConnectorSettings:
    """What a workspace says about one connector."""

    connector_id: str
    enabled: bool = True
    base_url: str = ""
    timeout: float = 20.0


def _scope(connector_id: str) -> str:
    return f"connector:{connector_id}"


def check_setting(key: str, value: str) -> str:
    """The value in its stored form, or ``BadSetting`` saying what is wrong."""
    value = value.strip()
    if key == "enabled":
        if value.lower() not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
            raise BadSetting("enabled must be true or false")
        return "true" if value.lower() in ("true", "1", "yes", "on") else "false"
    if key == "timeout":
        try:
            seconds = float(value)
        except ValueError:
            raise BadSetting(f"timeout must be a number of seconds, not {value!r}") from None
        if not 0.5 <= seconds <= 600:
            raise BadSetting("timeout must be between 0.5 and 600 seconds")
        return f"{seconds:g}"
    if key == "base_url":
        if value and not value.startswith(("http://", "https://")):
            raise BadSetting("base URL must start with http:// or https://")
        return value.rstrip("/")
    return value


def load_settings(conn: sa.Connection, connector_id: str) -> ConnectorSettings:
    """A connector's settings, defaults where the workspace says nothing."""
    rows = dict(
        conn.execute(sa.select(S.c.key, S.c.value).where(S.c.scope == _scope(connector_id))).all()
    )
    return ConnectorSettings(
        connector_id=connector_id,
        enabled=rows.get("enabled", "true") == "true",
        base_url=rows.get("base_url", ""),
        timeout=float(rows.get("timeout", "20")),
    )


def save_setting(engine: sa.Engine, connector_id: str, key: str, value: str) -> str:
    """Store one connector setting (checked first); returns the stored value."""
    stored = check_setting(key, value)
    with write_connection(engine) as conn, conn.begin():
        conn.execute(S.delete().where(S.c.scope == _scope(connector_id), S.c.key == key))
        conn.execute(S.insert().values(scope=_scope(connector_id), key=key, value=stored))
    return stored


def _secret_user(connector_id: str, name: str) -> str:
    return f"connector:{connector_id}:{name}"


def credential_present(connector_id: str, name: str) -> bool:
    """Whether the keychain holds this connector credential (its value is never returned)."""
    try:
        return keyring.get_password(SERVICE, _secret_user(connector_id, name)) is not None
    except keyring.errors.KeyringError:
        return False


def store_credential(connector_id: str, name: str, value: str) -> None:
    """Put a connector credential into the OS keychain; an empty value removes it."""
    user = _secret_user(connector_id, name)
    if value:
        keyring.set_password(SERVICE, user, value)
        return
    try:
        keyring.delete_password(SERVICE, user)
    except keyring.errors.PasswordDeleteError:
        pass
