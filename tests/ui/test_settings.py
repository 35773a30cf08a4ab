"""Settings: identity, workspace, connectors (both ways between the table and the store)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from skiptrace.searchlog.events import CONNECTOR_CONFIGURED
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.settings import (
    secret_key,
    set_setting,
    stored_settings,
)
from tests.helpers.fake_connectors import people_connector, steady_connector
from ui.settings.dialog import SettingsDialog

Vendor = people_connector("vendor", credentials=("api_key",))
Steady = steady_connector("steady")
REGISTRY = ConnectorRegistry.of(Vendor, Steady)


def test_connector_edits_reach_the_store_and_back(demo_ws, qsettings, qtbot):
    dialog = SettingsDialog(demo_ws, REGISTRY, qsettings)
    qtbot.addWidget(dialog)
    model = dialog.connectors
    assert [model.data(model.index(r, 0)) for r in range(2)] == [
        "Steady (steady)",
        "Loopback people (vendor)",
    ]
    # view -> core (checked and logged by the core)
    assert model.setData(model.index(0, 2), "http://127.0.0.1:9999/v1/", Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(0, 3), "7.5", Qt.ItemDataRole.EditRole)
    assert model.setData(
        model.index(0, 1), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    with demo_ws.engine.connect() as conn:
        stored = stored_settings(conn, "steady")
    assert stored == {"base_url": "http://127.0.0.1:9999/v1", "timeout": "7.5", "enabled": "false"}
    assert list(demo_ws.log.entries())[-1].event == CONNECTOR_CONFIGURED
    # a bad value is refused with the core's reason, and nothing is stored
    with qtbot.waitSignal(model.rejected) as refused:
        assert not model.setData(model.index(0, 3), "soon", Qt.ItemDataRole.EditRole)
    assert "must be a number" in refused.args[0]
    assert "must be a number" in dialog.problem.text()
    # core -> view
    set_setting(demo_ws.engine, demo_ws.log, Steady.manifest, "timeout", "3")
    model.reload()
    assert model.data(model.index(0, 3)) == "3"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_credentials_go_to_the_key_store_and_show_only_presence(demo_ws, qsettings, qtbot):
    dialog = SettingsDialog(demo_ws, REGISTRY, qsettings)
    qtbot.addWidget(dialog)
    model = dialog.connectors
    assert model.data(model.index(1, 4)) == "api_key: absent"
    dialog.table.setCurrentIndex(model.index(1, 0))
    assert dialog.set_credential("api_key", "s3cret-value")
    assert demo_ws.keys.get(secret_key("vendor", "api_key")) == "s3cret-value"
    shown = model.data(model.index(1, 4))
    assert shown == "api_key: present"
    assert "s3cret" not in "".join(e.details_json for e in demo_ws.log.entries())
    assert model.data(model.index(0, 4)) == "none needed"


def test_identity_change_is_saved(demo_ws, qsettings, qtbot):
    dialog = SettingsDialog(demo_ws, REGISTRY, qsettings)
    qtbot.addWidget(dialog)
    dialog.user_edit.setText("maria")
    dialog.accept()
    assert dialog.identity_changed
    assert qsettings.value("identity/user") == "maria"
    assert not dialog.location_changed


def test_workspace_location_change_is_reported(demo_ws, qsettings, qtbot, tmp_path):
    dialog = SettingsDialog(demo_ws, REGISTRY, qsettings)
    qtbot.addWidget(dialog)
    dialog.location_edit.setText(str(tmp_path / "team.sqlite"))
    dialog.accept()
    assert dialog.location_changed and dialog.location.endswith("team.sqlite")
