"""The details pane: an entry or an anomaly laid out for a person, never a JSON document.

Entries come through the core's ``entry_view`` (labelled fields, masked inputs, each
source's outcome as a table); "Copy as JSON" puts the raw entry on the clipboard.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from skiptrace.review.entry_view import entry_view
from skiptrace.review.rule_types import Anomaly
from skiptrace.review.signoff import SignOff
from skiptrace.review.workitems import AnomalyState, AnomalyStep
from skiptrace.searchlog.entry import AuditEntry
from skiptrace.searchlog.export import entry_record

PLACEHOLDER = "Select an entry or an anomaly to read it here."


def _rows(pairs: Sequence[tuple[str, str]]) -> str:
    return "".join(
        f"<tr><th align='left' style='padding-right:10px'>{escape(k)}</th><td>{escape(v)}</td></tr>"
        for k, v in pairs
    )


def entry_html(entry: AuditEntry, covering: Sequence[SignOff]) -> str:
    """An entry as the pane shows it, with the sign-offs that cover it."""
    view = entry_view(entry)
    parts = [
        f"<h3>Entry {entry.seq}: {escape(entry.event)}</h3><table>{_rows(view.fields)}</table>"
    ]
    if view.inputs:
        parts.append(f"<h4>Asked about (masked)</h4><table>{_rows(view.inputs)}</table>")
    if view.outcomes:
        cells = "".join(
            f"<tr><td>{escape(o.source)}</td><td>{escape(o.status)}</td>"
            f"<td align='right'>{escape(o.candidates)}</td><td>{escape(o.message)}</td></tr>"
            for o in view.outcomes
        )
        parts.append(
            "<h4>What each source answered</h4><table border='1' cellpadding='3' "
            "cellspacing='0'><tr><th>Source</th><th>Outcome</th><th>Candidates</th>"
            f"<th>Message</th></tr>{cells}</table>"
        )
    if view.details:
        parts.append(f"<h4>Details</h4><table>{_rows(view.details)}</table>")
    signed = [
        (f"Signed off in entry {s.seq}", f"by {s.reviewer} on {s.ts[:10]}: {s.note}")
        for s in covering
    ] or [("Sign-off", "Not yet signed off.")]
    parts.append(f"<h4>Review</h4><table>{_rows(signed)}</table>")
    chain = [("Hash", entry.hash), ("Previous", entry.prev_hash)]
    parts.append(f"<h4>Chain</h4><table style='font-size:small'>{_rows(chain)}</table>")
    return "".join(parts)


def anomaly_html(a: Anomaly, state: AnomalyState, step: AnomalyStep | None) -> str:
    """An anomaly with its reason, entries and where it stands."""
    rows = [
        ("Anomaly", a.id),
        ("Rule", a.title),
        ("State", state.value + (f" by {step.reviewer} on {step.ts[:10]}" if step else "")),
        ("When (UTC)", a.ts[:19].replace("T", " ")),
        ("Collector", a.user),
        ("Account", a.account_id or "-"),
        ("Reason", a.reason),
        ("Entries", ", ".join(map(str, a.seqs))),
    ]
    if step and step.note:
        rows.append(("Note", step.note))
    return (
        f"<h3>{escape(a.title)}</h3><table>{_rows(rows)}</table>"
        "<p><i>Open the anomaly (Enter or double-click) to list its entries in the log.</i></p>"
    )


class DetailsPane(QWidget):
    """What is selected, readable; a button copies the raw entry as JSON."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QTextBrowser()
        self.text.setPlaceholderText(PLACEHOLDER)
        self.copy_button = QPushButton("&Copy as JSON")
        self.copy_button.setEnabled(False)
        self._entry: AuditEntry | None = None
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        self.copy_button.clicked.connect(self.copy_json)

    def show_entry(self, entry: AuditEntry, covering: Sequence[SignOff]) -> None:
        self._entry = entry
        self.text.setHtml(entry_html(entry, covering))
        self.copy_button.setEnabled(True)

    def show_anomaly(self, a: Anomaly, state: AnomalyState, step: AnomalyStep | None) -> None:
        self._entry = None
        self.text.setHtml(anomaly_html(a, state, step))
        self.copy_button.setEnabled(False)

    def clear(self) -> None:
        self._entry = None
        self.text.clear()
        self.copy_button.setEnabled(False)

    def plain_text(self) -> str:
        return self.text.toPlainText()

    def copy_json(self) -> None:
        """The shown entry, every hashed field, as JSON on the clipboard."""
        if self._entry is not None:
            record = entry_record(self._entry)
            QGuiApplication.clipboard().setText(json.dumps(record, indent=2, ensure_ascii=False))
