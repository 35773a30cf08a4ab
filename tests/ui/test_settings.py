"""Settings: identity, workspace, connectors (both ways between the table and the store)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from skiptrace.connector_config import credential_present, load_settings, save_setting
from tests.helpers import sources as S
from ui.research.backend import ConnectorRef
from ui.settings.dialog import SettingsDialog

REFS = [ConnectorRef("vendor", "Vendor API", ("api_key",)), ConnectorRef("demo", "Demo")]


def test_connector_edits_reach_the_store_and_back(demo_ws, qsettings, qtbot):
    dialog = SettingsDialog(demo_ws, REFS, qsettings)
    qtbot.addWidget(dialog)
    model = dialog.connectors
    # view -> core
    assert model.setData(model.index(0, 2), "http://127.0.0.1:9999/v1/", Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(0, 3), "7.5", Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(0, 1), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    with demo_ws.engine.connect() as conn:
        stored = load_settings(conn, "vendor")
    assert (stored.base_url, stored.timeout, stored.enabled) == (
        "http://127.0.0.1:9999/v1", 7.5, False
    )
    # a bad value is refused with the core's reason, and nothing is stored
    with qtbot.waitSignal(model.rejected) as refused:
        assert not model.setData(model.index(0, 3), "soon", Qt.ItemDataRole.EditRole)
    assert "number of seconds" in refused.args[0]
    assert "number of seconds" in dialog.problem.text()
    # core -> view
    save_setting(demo_ws.engine, "demo", "timeout", "3")
    model.reload()
    assert model.data(model.index(1, 3)) == "3"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_credentials_go_to_the_keychain_and_show_only_presence(demo_ws, qsettings, qtbot,
                                                               memory_keyring):
    dialog = SettingsDialog(demo_ws, REFS, qsettings)
    qtbot.addWidget(dialog)
    assert dialog.connectors.data(dialog.connectors.index(0, 4)) == "api_key: absent"
    dialog.table.setCurrentIndex(dialog.connectors.index(0, 0))
    assert dialog.set_credential("api_key", "s3cret-value")
    assert credential_present("vendor", "api_key")
    assert "s3cret-value" in memory_keyring.secrets.values()
    shown = dialog.connectors.data(dialog.connectors.index(0, 4))
    assert shown == "api_key: present" and "s3cret" not in shown
    assert dialog.connectors.data(dialog.connectors.index(1, 4)) == "none needed"


def test_identity_change_is_saved(demo_ws, qsettings, qtbot):
    dialog = SettingsDialog(demo_ws, REFS, qsettings)
    qtbot.addWidget(dialog)
    dialog.user_edit.setText("maria")
    dialog.accept()
    assert dialog.identity_changed
    assert qsettings.value("identity/user") == "maria"
    assert not dialog.location_changed


def test_settings_menu_lists_the_backends_connectors(make_window, qtbot):
    window = make_window(S.refs(("fast", S.fast), ("slow", S.slow)))
    names = [r.name for r in window.controller.backend.all_connectors()]
    assert names == ["Fast", "Slow"]
