"""Settings that tell the truth: each connector's own settings, a real "Test Connection"
against a loopback server, a warning before a source that sends data off the machine,
and where credentials really are."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from connectors.rest_json import RestJson
from connectors.vendor_file import VendorFile
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.settings import stored_settings
from ui.settings.dialog import SettingsDialog

REGISTRY = ConnectorRegistry.of(RestJson, VendorFile)


def _row(dialog: SettingsDialog, connector_id: str) -> int:
    return [m.id for m in dialog.connectors.manifests].index(connector_id)


def _select(dialog: SettingsDialog, connector_id: str) -> None:
    dialog.table.setCurrentIndex(dialog.connectors.index(_row(dialog, connector_id), 0))


def test_json_connector_settings_and_a_test_against_a_loopback_server(
    demo_ws, qsettings, qtbot, httpserver
):
    httpserver.expect_request("/").respond_with_json({"service": "people", "ok": True})
    dialog = SettingsDialog(demo_ws, REGISTRY, qsettings)
    qtbot.addWidget(dialog)
    _select(dialog, "rest_json")
    details = dialog.details
    assert {"url", "fields", "auth_header"} <= set(details.edits)
    assert "off this computer" in details.where.text()
    template = httpserver.url_for("/v2/person") + "?last={last_name}"
    details.edits["url"].setText(template)
    details.edits["fields"].setPlainText('{"first_name": "name.first"}')
    with qtbot.waitSignal(details.tested, timeout=10000) as tested:
        details.test_button.click()
    health = tested.args[0]
    assert health.ok, health.message
    assert "answered (HTTP 200)" in details.result.text()
    assert "Connected" in details.result.text()
    with demo_ws.engine.connect() as conn:
        stored = stored_settings(conn, "rest_json")
    assert stored["url"] == template and stored["fields"] == '{"first_name": "name.first"}'
    # an auth header that needs a key not stored: refused before anything is sent
    details.edits["auth_header"].setText("X-Api-Key")
    with qtbot.waitSignal(details.tested, timeout=10000) as tested:
        details.test_button.click()
    assert tested.args[0].status.value == "auth_failed"
    assert len(httpserver.log) == 1


def test_vendor_file_path_is_checked(demo_ws, qsettings, qtbot, tmp_path: Path):
    dialog = SettingsDialog(demo_ws, REGISTRY, qsettings)
    qtbot.addWidget(dialog)
    _select(dialog, "vendor_file")
    details = dialog.details
    assert {"path", "mapping"} <= set(details.edits)
    assert "nothing is sent elsewhere" in details.where.text()
    details.edits["path"].setText(str(tmp_path / "missing.csv"))
    with qtbot.waitSignal(details.tested, timeout=10000) as tested:
        details.test_button.click()
    assert not tested.args[0].ok and "is not there" in details.result.text()
    returned = tmp_path / "returns.csv"
    returned.write_text("account_id,phone\nA-1,6145550134\n")
    details.edits["path"].setText(str(returned))
    with qtbot.waitSignal(details.tested, timeout=10000) as tested:
        details.test_button.click()
    assert tested.args[0].ok


def test_enabling_a_network_source_warns_first(demo_ws, qsettings, qtbot):
    dialog = SettingsDialog(demo_ws, REGISTRY, qsettings)
    qtbot.addWidget(dialog)
    model = dialog.connectors
    row = _row(dialog, "rest_json")
    warnings: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        shown = [b for b in boxes if b.isVisible()]
        if not shown:
            QTimer.singleShot(10, lambda: answer(button))
            return
        warnings.append(shown[0].text())
        shown[0].button(button).click()

    checked = Qt.CheckState.Checked.value
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Cancel))
    assert not model.setData(model.index(row, 1), checked, Qt.ItemDataRole.CheckStateRole)
    assert "off this computer" in warnings[0]
    with demo_ws.engine.connect() as conn:
        assert "enabled" not in stored_settings(conn, "rest_json")
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    assert model.setData(model.index(row, 1), checked, Qt.ItemDataRole.CheckStateRole)
    with demo_ws.engine.connect() as conn:
        assert stored_settings(conn, "rest_json")["enabled"] == "true"


def test_credential_location_and_identity_are_stated_truly(demo_ws, qsettings, qtbot):
    # the demo keeps its keys in a file: the dialog says so, not "the OS keychain"
    dialog = SettingsDialog(demo_ws, REGISTRY, qsettings)
    qtbot.addWidget(dialog)
    assert "key file" in dialog.credentials_where.text()
    assert "OS keychain" not in dialog.credential_button.toolTip()
    assert not dialog.user_edit.isReadOnly()  # a file workspace: the name is yours to set
    assert dialog.role_label.text()
