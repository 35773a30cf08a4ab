"""Importing from the File menu: progress, the CLI's row-level report, good rows only."""

from __future__ import annotations

from pathlib import Path

from skiptrace.searchlog.events import PORTFOLIO_IMPORTED
from ui.portfolio.importer import ImportErrorsDialog, error_report

GOOD = "account_id,first_name,last_name,zip,phone\nNEW-1,Ada,Quill,10001,2125550100\n"
BAD = GOOD + "NEW-2,Bo,Rell,1234x,2125550101\nNEW-3,Cy,Dunn,10003,2125550102\n"


def started(make_window, qtbot, path: Path, text: str, signal: str):  # type: ignore[no-untyped-def]
    """A main window whose importer (non-interactive) was given ``path`` holding ``text``,
    and what ``signal`` of the importer carried when the import ended."""
    window = make_window()
    window.importer.interactive = False
    path.write_text(text)
    with qtbot.waitSignal(getattr(window.importer, signal), timeout=10000) as ended:
        window.importer.start(path)
    return window, ended.args[0]


def test_import_adds_accounts_and_the_view_updates(make_window, qtbot, tmp_path: Path, demo_ws):
    window, report = started(make_window, qtbot, tmp_path / "more.csv", GOOD, "finished")
    assert report.created == 1
    qtbot.waitUntil(lambda: window.portfolio.model.rowCount() == 301)
    assert "1 created" in window.statusBar().currentMessage()
    assert list(demo_ws.log.entries())[-1].event == PORTFOLIO_IMPORTED


def test_bad_rows_refuse_the_file_with_the_cli_report(make_window, qtbot, tmp_path: Path):
    path = tmp_path / "bad.csv"
    window, refusal = started(make_window, qtbot, path, BAD, "refused")
    errors = refusal.errors
    heading, body = error_report(errors, path.name)
    assert heading == "Nothing imported: 1 problem(s) in bad.csv"
    assert body.startswith("bad.csv, row 3, column zip: bad ZIP")
    dialog = ImportErrorsDialog(errors, path.name, window)
    qtbot.addWidget(dialog)
    assert "row 3" in dialog.text.toPlainText()
    assert window.portfolio.model.rowCount() == 300
    # the collector chooses "Import Good Rows Only"
    with qtbot.waitSignal(window.importer.finished, timeout=10000) as done:
        window.importer.start(path, skip_invalid=True)
    assert (done.args[0].created, done.args[0].rejected) == (2, 1)
    assert done.args[0].rejects_file.exists()
    qtbot.waitUntil(lambda: window.portfolio.model.rowCount() == 302)


def test_large_file_imports_in_a_child_process_with_a_counting_dialog(
    make_window, qtbot, tmp_path: Path, demo_ws
):
    window = make_window()
    window.importer.interactive = False
    window.importer.process_bytes = 0  # every file counts as large here
    path = tmp_path / "more.csv"
    path.write_text(GOOD)
    seen = []
    window.importer.progressed.connect(seen.append)
    with qtbot.waitSignal(window.importer.finished, timeout=20000) as done:
        window.importer.start(path)
    assert done.args[0].created == 1
    assert (seen[-1].stage, seen[-1].done, seen[-1].total) == ("saving", 1, 1)
    assert list(demo_ws.log.entries())[-1].event == PORTFOLIO_IMPORTED
    qtbot.waitUntil(lambda: window.portfolio.model.rowCount() == 301)


def test_progress_dialog_counts(make_window, qtbot, tmp_path: Path):
    from skiptrace.portfolio.importer import ImportProgress

    window = make_window()
    path = tmp_path / "more.csv"
    path.write_text(GOOD)
    with qtbot.waitSignal(window.importer.finished, timeout=10000):
        window.importer.start(path)
        dialog = window.importer.progress
        assert dialog is not None
        window.importer._show_progress(ImportProgress("reading", 400, 1000))
        assert (dialog.value(), dialog.maximum()) == (400, 1000)
        assert dialog.labelText() == "Reading rows: 400 of about 1,000"
    assert window.importer.progress is None
