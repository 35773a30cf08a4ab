"""Connector settings and credentials: one scheme for every connector.

* Settings (``enabled``, ``base_url``, ``timeout``, ... and a connector's own keys) live in
  the workspace ``settings`` table under scope ``connector:<id>``, so every desktop of a
  team sees the same configuration. Defaults come from the connector's manifest.
* Credentials live in the workspace's key store (the OS keychain through ``keyring``,
  service ``skiptrace``, user ``<workspace id>:connector:<id>:<name>``; or the key file
  the workspace was explicitly set up with). Never in the database, settings or logs.
  Changing either is recorded in the search log (names only, never a secret).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

import sqlalchemy as sa

from skiptrace.searchlog.events import CONNECTOR_CONFIGURED, CONNECTOR_SECRET_SET
from skiptrace.searchlog.log import SearchLog
from skiptrace.sources.context import Credentials, parse_bool
from skiptrace.sources.model import Manifest
from skiptrace.store import schema
from skiptrace.workspace.keys import KeyStore

SCOPE_PREFIX = "connector:"

# Settings every connector understands; a connector adds its own through manifest.defaults.
STANDARD_SETTINGS = {
    "enabled": "true or false: whether searches ask this source",
    "base_url": "where the source's API is (for proxies, vendor sandboxes and tests)",
    "timeout": "seconds a search waits for this source",
    "retries": "retries of an idempotent request after a transient failure",
    "max_retry_wait": "longest Retry-After (seconds) worth waiting for within a search",
    "max_bytes": "largest answer accepted, in bytes (default 5 MB)",
    "rate_per_second": "requests a second sent at most (by all desktops together in a team batch)",
    "max_concurrent": "requests in flight to this source at once, over all searches",
}


class SettingError(ValueError):
    """A setting name or value that cannot be used; the message says what would work."""


def scope(connector_id: str) -> str:
    """The settings-table scope of a connector."""
    return f"{SCOPE_PREFIX}{connector_id}"


def secret_key(connector_id: str, name: str) -> str:
    """The key-store name of a connector's credential."""
    return f"connector:{connector_id}:{name}"


def stored_settings(conn: sa.Connection, connector_id: str) -> dict[str, str]:
    """What the workspace stores for a connector (no defaults)."""
    s = schema.settings
    rows = conn.execute(sa.select(s.c.key, s.c.value).where(s.c.scope == scope(connector_id)))
    return {k: v for k, v in rows}


def effective_settings(manifest: Manifest, stored: Mapping[str, str]) -> dict[str, str]:
    """Manifest defaults overlaid with the stored settings."""
    merged = {"enabled": "true" if manifest.enabled_by_default else "false"}
    merged.update(manifest.defaults)
    merged.update(stored)
    return merged


def is_enabled(settings: Mapping[str, str]) -> bool:
    """Whether the settings switch the connector on (a garbled value counts as off)."""
    try:
        return parse_bool(settings.get("enabled", "true"))
    except ValueError:
        return False


def check_setting(manifest: Manifest, key: str, value: str) -> str:
    """The value to store for ``key``, or ``SettingError`` saying what is wrong."""
    known = {**STANDARD_SETTINGS, **{k: "" for k in manifest.defaults}}
    if key not in known:
        raise SettingError(
            f"{manifest.id} has no setting '{key}'; known settings: {', '.join(sorted(known))}"
        )
    value = value.strip()
    if key == "enabled":
        try:
            return "true" if parse_bool(value) else "false"
        except ValueError as exc:
            raise SettingError(str(exc)) from None
    if key in ("timeout", "max_retry_wait", "rate_per_second", "retries", "max_bytes"):
        try:
            number = float(value)
        except ValueError:
            raise SettingError(f"{key} must be a number, not {value!r}") from None
        if number < 0 or (key in ("timeout", "rate_per_second", "max_bytes") and number == 0):
            raise SettingError(f"{key} must be positive")
        return value
    if key == "base_url" or key.endswith("_url"):
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SettingError(f"{key} must be an http:// or https:// URL, not {value!r}")
        if parts.username or parts.password:
            raise SettingError(
                f"{key} must not carry a user name or password: store credentials with "
                "skiptrace-cli connectors set-secret"
            )
        return value.rstrip("/")
    return value


def set_setting(engine: sa.Engine, log: SearchLog, manifest: Manifest, key: str, value: str) -> str:
    """Validate and store one setting, recording the change in the search log."""
    clean = check_setting(manifest, key, value)
    s = schema.settings
    with engine.begin() as conn:
        where = (s.c.scope == scope(manifest.id)) & (s.c.key == key)
        if conn.execute(sa.select(s.c.key).where(where)).first():
            conn.execute(s.update().where(where).values(value=clean))
        else:
            conn.execute(s.insert().values(scope=scope(manifest.id), key=key, value=clean))
    log.append(CONNECTOR_CONFIGURED, details={"connector": manifest.id, "key": key, "value": clean})
    return clean


def credentials(keys: KeyStore, connector_id: str, names: Iterable[str]) -> Credentials:
    """The connector's credentials read from the key store (absent ones simply missing)."""
    values: dict[str, str] = {}
    for name in names:
        value = keys.get(secret_key(connector_id, name))
        if value:
            values[name] = value
    return Credentials(values)


def set_secret(keys: KeyStore, log: SearchLog, connector_id: str, name: str, value: str) -> None:
    """Store a credential in the key store; the log records only that it was set."""
    value = value.strip()
    if not value:
        raise SettingError("the secret is empty: nothing was stored")
    keys.set(secret_key(connector_id, name), value)
    log.append(CONNECTOR_SECRET_SET, details={"connector": connector_id, "name": name})
