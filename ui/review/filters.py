"""The filter bar of the review window: turns what the reviewer typed into a ReviewFilter."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from skiptrace.gate.purposes import purpose_table
from skiptrace.model import SubjectType
from skiptrace.review.entry_view import purpose_label
from skiptrace.review.query import ReviewFilter
from skiptrace.searchlog.events import EVENTS
from skiptrace.sources.model import Status


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


# every outcome a search can record for a connector (blank: any)
OUTCOMES = ("", *(status.value for status in Status))
SIGNED = (("any", None), ("signed off", True), ("not signed off", False))


class FilterBar(QWidget):
    """Collector, dates, event, purpose, account, subject, connector, outcome, text and
    whether entries are signed off."""

    applied = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = QDate.currentDate()
        self.use_from = QCheckBox("&From")
        self.date_from = QDateEdit(today.addDays(-30))
        self.use_to = QCheckBox("&To")
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.users = QLineEdit(placeholderText="collectors, comma separated")
        self.purpose = QComboBox()
        self.purpose.addItem("", "")
        for code in purpose_table():
            self.purpose.addItem(purpose_label(code), code)
        # named purposes are long: the list shows them in full, the box only what fits
        self.purpose.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.purpose.setMinimumContentsLength(22)
        self.purpose.view().setMinimumWidth(self.purpose.view().sizeHintForColumn(0) + 24)
        self.event_kind = QComboBox()
        self.event_kind.addItems(["", *sorted(EVENTS)])
        self.signed = QComboBox()
        for text, value in SIGNED:
            self.signed.addItem(text, value)
        self.account = QLineEdit(placeholderText="account id")
        self.subject = QComboBox()
        self.subject.addItems(["", *(s.value for s in SubjectType)])
        self.connector = QLineEdit(placeholderText="connector id")
        self.outcome = QComboBox()
        self.outcome.addItems(OUTCOMES)
        self.text = QLineEdit(placeholderText="words in the justification")
        for line in (self.users, self.connector, self.account):
            line.setMinimumWidth(120)
        for combo in (self.event_kind, self.outcome, self.subject, self.signed):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(11)
        self.apply_button = QPushButton("&Apply filters")
        self.apply_button.setDefault(True)

        rows = QVBoxLayout(self)
        row0: list[tuple[str, QWidget]] = [
            ("", self.use_from), ("", self.date_from), ("", self.use_to), ("", self.date_to),
            ("Co&llector", self.users), ("&Event", self.event_kind), ("&Purpose", self.purpose),
        ]  # fmt: skip
        row1: list[tuple[str, QWidget]] = [
            ("Account", self.account), ("Subject", self.subject),
            ("Connector", self.connector), ("Outcome", self.outcome), ("Text", self.text),
            ("Si&gned", self.signed),
        ]  # fmt: skip
        for items in (row0, row1):
            bar = QHBoxLayout()
            for label, widget in items:
                if label:
                    caption = QLabel(label)
                    caption.setBuddy(widget)
                    bar.addWidget(caption)
                bar.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
            rows.addLayout(bar)
        bar.addWidget(self.apply_button)
        self.apply_button.clicked.connect(self.applied)
        for combo in (self.event_kind, self.signed):
            combo.activated.connect(lambda _i: self.applied.emit())
        for line in (self.users, self.account, self.connector, self.text):
            line.returnPressed.connect(self.applied)

    def first_day(self) -> date:
        """The From date as shown, whether or not it is ticked."""
        return _day(self.date_from)

    def current(self) -> ReviewFilter:
        """The filter as the bar shows it."""
        users = tuple(u.strip() for u in self.users.text().split(",") if u.strip())
        return ReviewFilter(
            date_from=_day(self.date_from) if self.use_from.isChecked() else None,
            date_to=_day(self.date_to) if self.use_to.isChecked() else None,
            users=users,
            purpose=str(self.purpose.currentData() or ""),
            events=(self.event_kind.currentText(),) if self.event_kind.currentText() else (),
            signed_off=self.signed.currentData(),
            account=self.account.text().strip(),
            subject_type=self.subject.currentText(),
            connector=self.connector.text().strip(),
            outcome=self.outcome.currentText(),
            text=self.text.text().strip(),
        )
