"""The import's column-mapping step and its result dialog, through real widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from skiptrace.portfolio.column_plan import ImportProfiles, plan_columns
from ui.portfolio.import_result import ImportResultDialog
from ui.portfolio.mapping_step import ColumnMappingDialog

# a creditor's own headers: no account id or name column a variant would recognise
METRO = (
    "Client Ref,Given,Family,Zip Code,Meter No\n"
    "MU-1,Ada,Quill,10001,88-1\n"
    "MU-2,Bo,Rell,10002,88-2\n"
)


def test_mapping_step_imports_a_file_with_unknown_headers(
    make_window, qtbot, tmp_path: Path, demo_ws
):
    window = make_window()
    window.importer.interactive = False
    path = tmp_path / "metro.csv"
    path.write_text(METRO)
    dialog = ColumnMappingDialog(plan_columns(path), ImportProfiles(demo_ws), window)
    qtbot.addWidget(dialog)
    # detected: the ZIP; unknown: the rest, so nothing can be imported yet
    assert dialog.combos[3].currentData() == "zip"
    assert dialog.combos[0].currentText() == "(not imported)"
    assert not dialog.import_button.isEnabled()
    assert "account number" in dialog.problem.text()
    assert "--" not in dialog.problem.text()
    dialog.choose("Client Ref", "account_id")
    dialog.choose("Given", "first_name")
    assert dialog.import_button.isEnabled()  # an account number and a first name will do
    dialog.choose("Family", "last_name")
    assert dialog.import_button.isEnabled()
    dialog.profile_name.setText("Metro Utilities")
    dialog.import_button.click()
    assert dialog.result() == ColumnMappingDialog.DialogCode.Accepted
    with qtbot.waitSignal(window.importer.finished, timeout=10000) as done:
        window.importer.start(path, chosen=dialog.chosen)
    report = done.args[0]
    assert (report.created, report.rejected, report.ignored) == (2, 0, ("Meter No",))
    qtbot.waitUntil(lambda: window.portfolio.model.rowCount() == 302)

    # the next file from the same creditor: the profile is offered and applied
    again = ColumnMappingDialog(plan_columns(path), ImportProfiles(demo_ws), window)
    qtbot.addWidget(again)
    assert again.profile_box.currentText() == "Metro Utilities"
    assert again.current()["Client Ref"] == "account_id"
    assert again.import_button.isEnabled()


def test_two_columns_mapped_to_one_are_refused_in_words(qtbot, tmp_path: Path, demo_ws):
    path = tmp_path / "metro.csv"
    path.write_text(METRO)
    dialog = ColumnMappingDialog(plan_columns(path), ImportProfiles(demo_ws))
    qtbot.addWidget(dialog)
    dialog.choose("Client Ref", "account_id")
    dialog.choose("Meter No", "account_id")
    dialog.choose("Family", "last_name")
    assert "'Client Ref' and 'Meter No' are both mapped to Account number" in (
        dialog.problem.text()
    )
    assert not dialog.import_button.isEnabled()


def test_result_dialog_says_what_the_import_did(make_window, qtbot, tmp_path: Path):
    window = make_window()
    window.importer.interactive = False
    path = tmp_path / "mixed.csv"
    path.write_text(
        "account_id,first_name,last_name,dob,zip,Notes\n"
        "NEW-1,Robert,Quill,1980-02-03,10001,x\n"
        "NEW-2,Ada,Quill,1980-02-03,1234x,y\n"
        "NEW-3,Bob,Quill,02/03/1980,10003,z\n"
    )
    with qtbot.waitSignal(window.importer.finished, timeout=10000) as done:
        window.importer.start(path, skip_invalid=True)
    report = done.args[0]
    dialog = ImportResultDialog(report, window)
    qtbot.addWidget(dialog)
    assert dialog.counts["created"].text() == "2"
    assert dialog.counts["rejected"].text() == "1"
    assert dialog.ignored.text() == "Notes"
    assert str(report.rejects_file) in dialog.rejects.text()
    assert "--" not in dialog.rejects.text()
    assert dialog.same_debtor.toPlainText() == ("NEW-1 and NEW-3: same name and date of birth")


def test_import_action_runs_mapping_then_shows_the_result(
    make_window, qtbot, tmp_path: Path, monkeypatch
):
    window = make_window()
    path = tmp_path / "metro.csv"
    path.write_text(METRO)
    seen: list[str] = []

    def drive() -> None:  # the collector, answering each modal dialog as it comes up
        for w in QApplication.topLevelWidgets():
            if isinstance(w, ColumnMappingDialog) and w.isVisible():
                w.choose("Client Ref", "account_id")
                w.choose("Family", "last_name")
                seen.append("mapping")
                w.import_button.click()
            elif isinstance(w, ImportResultDialog) and w.isVisible():
                seen.append(w.counts["created"].text())
                w.accept()
        if len(seen) < 2:
            QTimer.singleShot(50, drive)

    QTimer.singleShot(50, drive)
    monkeypatch.setattr(
        "ui.main_window.QFileDialog.getOpenFileName", lambda *a, **k: (str(path), "")
    )
    window.import_portfolio()
    qtbot.waitUntil(lambda: seen == ["mapping", "2"], timeout=10000)
    qtbot.waitUntil(lambda: window.portfolio.model.rowCount() == 302)


def test_blank_cells_clear_only_when_the_box_is_ticked(make_window, qtbot, tmp_path: Path):
    window = make_window()
    window.importer.interactive = False
    first = tmp_path / "first.csv"
    first.write_text("account_id,first_name,last_name,employer\nNEW-1,Ada,Quill,Acme Tools\n")
    with qtbot.waitSignal(window.importer.finished, timeout=10000):
        window.importer.start(first)
    again = tmp_path / "again.csv"
    again.write_text("account_id,first_name,last_name,employer\nNEW-1,Ada,Quill,\n")
    dialog = ColumnMappingDialog(plan_columns(again), ImportProfiles(window.workspace), window)
    qtbot.addWidget(dialog)
    assert not dialog.blank_clears.isChecked()  # by default a blank keeps what is stored
    dialog.import_button.click()
    with qtbot.waitSignal(window.importer.finished, timeout=10000):
        window.importer.start(again, chosen=dialog.chosen, blank_clears=False)
    assert window.desk.masked_account("NEW-1").debtor.employer == "Acme Tools"
    dialog.blank_clears.setChecked(True)
    with qtbot.waitSignal(window.importer.finished, timeout=10000):
        window.importer.start(again, chosen=dialog.chosen, blank_clears=True)
    assert window.desk.masked_account("NEW-1").debtor.employer == ""
