"""The purpose dialog: no search leaves the desk without a stated, permissible purpose.

The dialog only collects; ``SearchRequest`` (the core's gate) decides, and its refusal is
shown as it is worded.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from skiptrace.gate.justification import MIN_JUSTIFICATION
from skiptrace.gate.purposes import Purpose, purpose_table
from skiptrace.gate.request import PurposeRefused, SearchRequest
from skiptrace.model import Debtor, SubjectType
from ui.widgets import ok_cancel, warning_label

_CODE_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class SessionDefault:
    """A purpose the collector chose to keep for this session (logged as a default):
    purposes and subject only. The justification is written for each account: one
    written for another debtor must not be one Enter away."""

    purpose_codes: tuple[str, ...]
    subject: SubjectType


class PurposeDialog(QDialog):
    """Asks for purposes, subject type and justification; ``request`` is set on accept."""

    def __init__(
        self,
        debtor: Debtor,
        default: SessionDefault | None = None,
        connector_ids: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Purpose of search: {debtor.full_name or debtor.account_id}")
        self._debtor = debtor
        self._default = default
        self._connector_ids = connector_ids
        self.request: SearchRequest | None = None
        self.new_default: SessionDefault | None = None

        intro = QLabel(
            f"Searching <b>{debtor.full_name}</b> (account {debtor.account_id}). "
            "State why: the purpose and justification are recorded in the search log "
            "before any source is asked."
        )
        intro.setWordWrap(True)
        self.status_warning = warning_label()
        if debtor.status.value != "open":
            self.status_warning.setText(
                f"This account's status is <b>{debtor.status.value}</b>: make sure a search "
                "is still permitted and needed before you go on."
            )
        else:
            self.status_warning.hide()
        self.subject = QComboBox()
        for subject in SubjectType:
            self.subject.addItem(subject.value.replace("-", " "), subject)
        self.purposes = QListWidget()
        self.purposes.setAccessibleName("Permissible purposes")
        for purpose in purpose_table().values():
            item = QListWidgetItem(f"{purpose.title} ({purpose.law})\n{purpose.citation}")
            item.setData(_CODE_ROLE, purpose.id)
            item.setToolTip(purpose.text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.purposes.addItem(item)
        self.purposes.setMinimumHeight(200)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setMinimumHeight(self.fontMetrics().height() * 3)
        self.justification = QPlainTextEdit()
        self.justification.setAccessibleName("Justification")
        self.justification.setPlaceholderText(
            "Why is this search needed for this account? e.g. 'Mail returned undeliverable "
            "from last known address; need current address to send validation notice.'"
        )
        self.justification.setTabChangesFocus(True)
        self.justification.setFixedHeight(self.fontMetrics().height() * 5)
        self.counter = QLabel()
        self.keep_default = QCheckBox("Keep this purpose and subject as the session default")
        self.keep_default.setToolTip(
            "Pre-tick them on later searches this session (logged as a default purpose); "
            "the justification is written for each account"
        )
        self.error = warning_label()
        self.error.setAccessibleName("Refusal reason")
        self.error.hide()
        buttons, self.ok_button = ok_cancel(self, "Search")

        form = QFormLayout()
        form.addRow("Subject:", self.subject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.status_warning)
        layout.addLayout(form)
        layout.addWidget(QLabel("Permissible purpose (tick one or more):"))
        layout.addWidget(self.purposes, 1)
        layout.addWidget(self.explanation)
        layout.addWidget(QLabel("Justification:"))
        layout.addWidget(self.justification)
        layout.addWidget(self.counter)
        layout.addWidget(self.keep_default)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(600, 640)

        self.subject.currentIndexChanged.connect(self._subject_changed)
        self.purposes.currentItemChanged.connect(self._explain)
        self.justification.textChanged.connect(self._count)
        if default is not None:
            self._prefill(default)
        self._subject_changed()
        self.purposes.setCurrentRow(0)
        self._count()
        # with a default the purposes are ticked: what is left to write is the reason
        (self.justification if default is not None else self.purposes).setFocus()

    # -- state ------------------------------------------------------------------------

    def _prefill(self, default: SessionDefault) -> None:
        self.subject.setCurrentIndex(max(0, self.subject.findData(default.subject)))
        self.set_codes(default.purpose_codes)
        self.keep_default.setChecked(True)

    def set_codes(self, codes: tuple[str, ...]) -> None:
        """Tick exactly these purpose codes."""
        for i in range(self.purposes.count()):
            item = self.purposes.item(i)
            checked = item.data(_CODE_ROLE) in codes
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen_codes(self) -> tuple[str, ...]:
        """The ticked purpose codes, in table order."""
        return tuple(
            self.purposes.item(i).data(_CODE_ROLE)
            for i in range(self.purposes.count())
            if self.purposes.item(i).checkState() == Qt.CheckState.Checked
        )

    def chosen_subject(self) -> SubjectType:
        """The subject type picked."""
        return SubjectType(self.subject.currentData())

    def _subject_changed(self, *_: object) -> None:
        subject = self.chosen_subject()
        table = purpose_table()
        for i in range(self.purposes.count()):
            item = self.purposes.item(i)
            purpose: Purpose = table[item.data(_CODE_ROLE)]
            if purpose.covers(subject):
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEnabled)
            else:  # shown, greyed: the collector sees why it is not offered
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)

    def _explain(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is None:
            return
        purpose = purpose_table()[item.data(_CODE_ROLE)]
        covers = ", ".join(sorted(s.value for s in purpose.subjects))
        self.explanation.setText(f"{purpose.text} <i>Covers: {covers}.</i>")

    def _count(self) -> None:
        n = len(" ".join(self.justification.toPlainText().split()))
        self.counter.setText(f"{n} characters (at least {MIN_JUSTIFICATION})")

    # -- the gate ---------------------------------------------------------------------

    def accept(self) -> None:
        codes = self.chosen_codes()
        subject = self.chosen_subject()
        text = self.justification.toPlainText()
        d = self._default
        is_default = d is not None and d.purpose_codes == codes and d.subject == subject
        try:
            request = SearchRequest(
                debtor=self._debtor,
                purpose_codes=codes,
                justification=text,
                subject=subject,
                purpose_is_default=is_default,
                connector_ids=self._connector_ids,
            )
        except PurposeRefused as exc:
            self.error.setText(f"Cannot search yet: {exc}.")
            self.error.show()
            return
        self.request = request
        if self.keep_default.isChecked():
            self.new_default = SessionDefault(codes, subject)
        super().accept()
