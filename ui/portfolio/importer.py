"""Importing a portfolio file from the GUI: a worker does it, a progress dialog shows it,
and a rejected file gets the same row-level report as ``skiptrace-cli import``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from skiptrace.portfolio.column_plan import ImportProfiles, plan_columns
from skiptrace.portfolio.import_process import import_in_process
from skiptrace.portfolio.importer import (
    READING,
    ImportOptions,
    ImportProgress,
    ImportReport,
    import_portfolio,
)
from skiptrace.portfolio.reader import PortfolioError, RowError, mapping_from
from skiptrace.workspace.workspace import Workspace
from ui.portfolio.import_result import ImportResultDialog
from ui.portfolio.mapping_step import ColumnMappingDialog
from ui.tasks import TaskRunner

SHOWN_ERRORS = 500
# Files larger than this are imported by a child process: parsing them on a thread would
# compete with the window for the interpreter lock (frames 20+ ms late at 100,000 rows).
# Smaller ones finish before that shows, and the thread avoids a ~1 s process start.
PROCESS_BYTES = 2_000_000


def progress_text(p: ImportProgress) -> str:
    """What the progress dialog says at ``p``."""
    if p.stage == READING:
        about = f" of about {p.total:,}" if p.total else ""
        return f"Reading rows: {p.done:,}{about}"
    return f"Saving accounts: {p.done:,} of {p.total:,}"


def error_report(errors: list[RowError], file: str) -> tuple[str, str]:
    """The heading and the row-by-row text for a refused import, as the CLI prints them."""
    lines = [str(e) for e in errors[:SHOWN_ERRORS]]
    if len(errors) > SHOWN_ERRORS:
        lines.append(f"... and {len(errors) - SHOWN_ERRORS} more")
    heading = f"Nothing imported: {len(errors)} problem(s) in {file}"
    return heading, "\n".join(lines)


def summary_text(report: ImportReport) -> str:
    """One line on what an import did, as the CLI prints it."""
    text = (
        f"{report.file}: {report.rows} rows; {report.created} created, {report.updated} "
        f"updated, {report.unchanged} unchanged, {report.rejected} rejected"
    )
    if report.rejects_file:
        text += f"; rejected rows written to {report.rejects_file}"
    if report.same_debtor:
        text += f"; {len(report.same_debtor)} possible same-person account(s)"
    return text


class ImportErrorsDialog(QDialog):
    """Lists every problem of a refused file; offers to import the good rows only."""

    def __init__(self, errors: list[RowError], file: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import refused")
        heading, body = error_report(errors, file)
        title = QLabel(f"<b>{heading}</b>")
        hint = QLabel(
            "Fix these rows in the file and import it again, or import the good rows only: "
            "the rejected rows are then written to a rejects file with a reason each."
        )
        hint.setWordWrap(True)
        self.text = QPlainTextEdit(body)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox()
        self.skip_button = buttons.addButton(
            "Import Good Rows Only", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)


class PortfolioImporter(QObject):
    """Runs one import at a time on the serial (database-writing) worker."""

    finished = Signal(object)  # ImportReport
    refused = Signal(object)  # PortfolioError
    failed = Signal(str)
    progressed = Signal(object)  # ImportProgress, from the worker; queued to the GUI thread

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._tasks = tasks
        self._parent = parent
        self.progress: QProgressDialog | None = None
        self.result_dialog: ImportResultDialog | None = None
        self.interactive = True  # tests and benchmarks turn the dialogs off
        self.process_bytes = PROCESS_BYTES
        self.progressed.connect(self._show_progress)

    def choose_and_start(self, path: Path) -> bool:
        """The column-mapping step, then the import; False when the collector cancelled
        (or the file has no header row to map, which is said)."""
        try:
            plan = plan_columns(path)
        except (PortfolioError, OSError) as exc:
            QMessageBox.warning(self._parent, "Import refused", f"{path.name}: {exc}")
            return False
        dialog = ColumnMappingDialog(plan, ImportProfiles(self._workspace), self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.start(
            path,
            dialog.skip_invalid.isChecked(),
            chosen=dialog.chosen,
            blank_clears=dialog.blank_clears.isChecked(),
        )
        return True

    def start(
        self,
        path: Path,
        skip_invalid: bool = False,
        chosen: dict[str, str] | None = None,
        blank_clears: bool = False,
    ) -> None:
        """Import ``path`` in the background with a progress dialog; ``chosen`` is the
        mapping step's ``{file header: column}``; ``blank_clears`` lets a blank cell clear
        a stored value."""
        mapping = mapping_from(chosen or {})
        if self.interactive:
            self.progress = QProgressDialog(f"Importing {path.name}…", "", 0, 0, self._parent)
            self.progress.setWindowTitle("Import Portfolio")
            self.progress.setCancelButton(None)  # an import is all or nothing; let it finish
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(300)
            self.progress.setAutoReset(False)  # reading ends at 100%; saving starts over
            self.progress.setAutoClose(False)
            self.progress.setMinimumWidth(420)  # the label's count grows; the box should not
        workspace = self._workspace
        in_process = path.stat().st_size >= self.process_bytes
        emit = self.progressed.emit

        run = import_in_process if in_process else import_portfolio
        options = ImportOptions(
            mapping=mapping, skip_invalid=skip_invalid, blank_clears=blank_clears
        )

        def work() -> ImportReport:
            return run(workspace, path, progress=emit, **options)

        self._tasks.run(
            work,
            self._done,
            lambda exc: self._error(exc, path, chosen, blank_clears),
            serial=True,
            bulk=True,
        )

    def _show_progress(self, p: ImportProgress) -> None:
        if self.progress is None:
            return
        self.progress.setLabelText(progress_text(p))
        if p.total:
            if self.progress.maximum() != p.total:
                self.progress.setRange(0, p.total)
            self.progress.setValue(min(p.done, p.total))
        else:
            self.progress.setRange(0, 0)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _done(self, report: ImportReport) -> None:
        self._close_progress()
        self.finished.emit(report)
        if self.interactive:  # shown without a nested event loop: nothing waits on it
            self.result_dialog = ImportResultDialog(report, self._parent)
            self.result_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.result_dialog.open()

    def _error(
        self,
        exc: Exception,
        path: Path,
        chosen: dict[str, str] | None = None,
        blank_clears: bool = False,
    ) -> None:
        self._close_progress()
        if isinstance(exc, PortfolioError):
            self.refused.emit(exc)
            if self.interactive:
                dialog = ImportErrorsDialog(exc.errors, path.name, self._parent)
                if dialog.exec() == QDialog.DialogCode.Accepted:
                    self.start(path, skip_invalid=True, chosen=chosen, blank_clears=blank_clears)
            return
        message = f"{path.name} could not be imported: {exc}"
        self.failed.emit(message)
        if self.interactive:
            QMessageBox.warning(self._parent, "Import failed", message)
