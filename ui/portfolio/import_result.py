"""What an import did, in one dialog: created / updated / unchanged / rejected, the
columns left out, where the rejected rows went, and accounts that may be one debtor."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from skiptrace.portfolio.importer import ImportReport


class ImportResultDialog(QDialog):
    """The outcome of one import."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Imported {report.file}")
        heading = QLabel(f"<b>{escape(report.file)}: {report.rows:,} rows read</b>")
        self.counts: dict[str, QLabel] = {}
        form = QFormLayout()
        for label, value in (
            ("Created", report.created),
            ("Updated", report.updated),
            ("Unchanged", report.unchanged),
            ("Rejected", report.rejected),
        ):
            self.counts[label.lower()] = shown = QLabel(f"{value:,}")
            form.addRow(f"{label}:", shown)
        self.ignored = QLabel(", ".join(report.ignored) if report.ignored else "none")
        self.ignored.setWordWrap(True)
        form.addRow("Columns not imported:", self.ignored)
        rejects = (
            f"{report.rejected:,} rejected rows, each with its reason, are in {report.rejects_file}"
            if report.rejects_file
            else "no row was rejected"
        )
        self.rejects = QLabel(rejects)
        self.rejects.setWordWrap(True)
        form.addRow("Rejected rows:", self.rejects)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        self.same_debtor = QPlainTextEdit()
        self.same_debtor.setReadOnly(True)
        if report.same_debtor:
            note = QLabel(
                f"<b>{len(report.same_debtor)} possible same-person account(s)</b>: these "
                "accounts look like one debtor owing on several. Each account's pane lists "
                "the others; every account stays its own debt."
            )
            note.setWordWrap(True)
            self.same_debtor.setPlainText("\n".join(str(x) for x in report.same_debtor))
            layout.addWidget(note)
            layout.addWidget(self.same_debtor, 1)
        else:
            self.same_debtor.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
