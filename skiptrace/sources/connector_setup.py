"""Connector setup: what the settings screen and the research view ask of a workspace
about its connectors: their effective settings, which are switched on, and changing a
setting or a credential (checked and logged by ``sources.settings``)."""

from __future__ import annotations

from collections.abc import Sequence

from skiptrace.sources.health import Health, check_health
from skiptrace.sources.model import Manifest
from skiptrace.sources.registry import ConnectorInfo, ConnectorRegistry
from skiptrace.sources.settings import (
    STANDARD_SETTINGS,
    credentials,
    effective_settings,
    is_enabled,
    secret_key,
    set_secret,
    set_setting,
    stored_settings,
)
from skiptrace.workspace.keys import FileKeyStore
from skiptrace.workspace.workspace import Workspace


class ConnectorSetup:
    """One workspace's connector settings and credentials."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def settings(self, manifest: Manifest) -> dict[str, str]:
        """A connector's settings: its manifest's defaults overlaid with what is stored."""
        return self.settings_of([manifest])[0]

    def settings_of(self, manifests: Sequence[Manifest]) -> list[dict[str, str]]:
        """The settings of several connectors, read in one go, in the order given."""
        with self._workspace.engine.connect() as conn:
            return [effective_settings(m, stored_settings(conn, m.id)) for m in manifests]

    def enabled(self, registry: ConnectorRegistry) -> list[ConnectorInfo]:
        """The connectors a search would ask, in registry order; one that cannot be
        loaded is kept, so that the search reports why it did not run."""
        infos = registry.describe()
        loaded = [info.manifest for info in infos if info.manifest is not None]
        settings = dict(zip((m.id for m in loaded), self.settings_of(loaded), strict=True))
        return [
            info
            for info in infos
            if info.manifest is None or is_enabled(settings[info.manifest.id])
        ]

    def change(self, manifest: Manifest, key: str, value: str) -> dict[str, str]:
        """Check, store and log one setting; the connector's settings after the change.
        ``SettingError`` (nothing stored) says what would work."""
        set_setting(self._workspace.engine, self._workspace.log, manifest, key, value)
        return self.settings(manifest)

    def credential_present(self, connector_id: str, name: str) -> bool:
        """Whether the key store holds this credential (its value never leaves the store)."""
        return bool(self._workspace.keys.get(secret_key(connector_id, name)))

    def set_credential(self, connector_id: str, name: str, value: str) -> None:
        """Put a credential in the key store; the log records only that it was set."""
        set_secret(self._workspace.keys, self._workspace.log, connector_id, name, value)

    def own_settings(self, manifest: Manifest) -> dict[str, str]:
        """The connector's own settings (its URL template, mapping, file path...) with
        their values now, in the manifest's order."""
        current = self.settings(manifest)
        return {k: current.get(k, "") for k in manifest.defaults if k not in STANDARD_SETTINGS}

    def credential_location(self) -> str:
        """Where this workspace keeps credentials, as it truly is."""
        keys = self._workspace.keys
        if isinstance(keys, FileKeyStore):
            return f"the workspace's key file {keys.path} (not a secure keychain)"
        return "the OS keychain"

    def test_connection(self, registry: ConnectorRegistry, manifest: Manifest) -> Health:
        """Ask the source whether it answers under its settings now (nobody is searched,
        nothing is logged); runs on the calling thread, up to the source's timeout."""
        settings = self.settings(manifest)
        creds = credentials(self._workspace.keys, manifest.id, manifest.credentials)
        return check_health(registry.load(manifest.id), manifest, settings, creds)
