"""Connector setup reads and changes a real SQLite workspace's connector settings and
credentials the way the settings screen and the research view use them."""

from __future__ import annotations

import pytest

from skiptrace.sources.connector_setup import ConnectorSetup
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.settings import (
    CONNECTOR_CONFIGURED,
    CONNECTOR_SECRET_SET,
    SettingError,
    secret_key,
)
from skiptrace.workspace.workspace import Workspace
from tests.helpers.fake_connectors import Exploding, steady_connector

Steady = steady_connector("steady")
Other = steady_connector("other")


def test_settings_are_defaults_overlaid_with_what_is_stored(workspace: Workspace) -> None:
    setup = ConnectorSetup(workspace)
    assert setup.settings(Steady.manifest) == {"enabled": "true"}
    after = setup.change(Steady.manifest, "timeout", " 7.5 ")
    assert after == {"enabled": "true", "timeout": "7.5"}
    assert setup.settings_of([Other.manifest, Steady.manifest]) == [{"enabled": "true"}, after]
    entry = list(workspace.log.entries())[-1]
    assert entry.event == CONNECTOR_CONFIGURED
    assert entry.details == {"connector": "steady", "key": "timeout", "value": "7.5"}


def test_a_refused_value_stores_and_logs_nothing(workspace: Workspace) -> None:
    setup = ConnectorSetup(workspace)
    before = workspace.log.count()
    with pytest.raises(SettingError, match="must be a number"):
        setup.change(Steady.manifest, "timeout", "soon")
    assert setup.settings(Steady.manifest) == {"enabled": "true"}
    assert workspace.log.count() == before


def test_enabled_lists_what_a_search_would_ask(workspace: Workspace) -> None:
    broken = ConnectorRegistry({"broken": ("tests:NotAConnector", lambda: object)})
    registry = ConnectorRegistry.of(Steady, Other)
    setup = ConnectorSetup(workspace)
    assert [i.id for i in setup.enabled(registry)] == ["other", "steady"]  # registry order
    setup.change(Steady.manifest, "enabled", "no")
    assert [i.id for i in setup.enabled(registry)] == ["other"]
    # one that cannot load stays listed, so the search can say why it did not run
    (info,) = setup.enabled(broken)
    assert info.id == "broken" and info.manifest is None and "manifest" in info.error


def test_credentials_go_to_the_key_store_and_only_their_presence_shows(
    workspace: Workspace,
) -> None:
    setup = ConnectorSetup(workspace)
    assert not setup.credential_present("exploding", "key")
    setup.set_credential(Exploding.manifest.id, "key", "  s3cret-value ")
    assert setup.credential_present("exploding", "key")
    assert workspace.keys.get(secret_key("exploding", "key")) == "s3cret-value"
    entry = list(workspace.log.entries())[-1]
    assert entry.event == CONNECTOR_SECRET_SET
    assert entry.details == {"connector": "exploding", "name": "key"}
    with pytest.raises(SettingError, match="empty"):
        setup.set_credential("exploding", "key", "   ")
    assert workspace.keys.get(secret_key("exploding", "key")) == "s3cret-value"
