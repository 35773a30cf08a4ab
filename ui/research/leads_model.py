"""Ranked leads grouped by kind, as a two-level tree model (groups, then leads)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel

from skiptrace.research.lead_rows import GROUPS, LeadRow
from ui.portfolio.model import format_phone

LEAD_ROLE = Qt.ItemDataRole.UserRole + 1
PROBABILITY_ROLE = Qt.ItemDataRole.UserRole + 2
HEADERS = ("Lead", "Score", "Match", "Sources", "Disposition")
_DISPOSITION_TEXT = {
    "verified": "✔ verified",
    "wrong-party": "wrong party",
    "disconnected": "disconnected",
    "do-not-contact": "do not contact",
}


class LeadsModel(QStandardItemModel):
    """Rebuilt from the ranked list whenever it changes (lists are short: tens of leads)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.leads: list[LeadRow] = []

    def set_leads(self, leads: list[LeadRow]) -> None:
        """Show these leads (already ranked), grouped by kind."""
        self.leads = list(leads)
        self.removeRows(0, self.rowCount())
        order = [name for name, _ in GROUPS] + ["Other"]
        for group in order:
            rows = [lead for lead in leads if lead.group == group]
            if not rows:
                continue
            head = QStandardItem(f"{group} ({len(rows)})")
            font = QFont(head.font())
            font.setBold(True)
            head.setFont(font)
            head.setEditable(False)
            blanks = [QStandardItem() for _ in HEADERS[1:]]
            for b in blanks:
                b.setEditable(False)
            for lead in rows:
                head.appendRow(self._row(lead))
            self.appendRow([head, *blanks])

    @staticmethod
    def _row(lead: LeadRow) -> list[QStandardItem]:
        value = QStandardItem(format_phone(lead.value) if lead.kind == "phone" else lead.value)
        value.setData(lead, LEAD_ROLE)
        value.setToolTip(lead.explanation)
        score = QStandardItem(f"{lead.score:.0%}")
        score.setData(lead.score, PROBABILITY_ROLE)
        score.setData(lead, LEAD_ROLE)
        score.setToolTip(
            "How likely this lead reaches the debtor: who the records are, sources agreeing, "
            "how recent, what sources and collectors said of it (press ? for why)"
        )
        match = QStandardItem(f"{lead.probability:.0%}")
        match.setData(lead.probability, PROBABILITY_ROLE)
        match.setData(lead, LEAD_ROLE)
        match.setToolTip("How likely the records carrying this lead are the debtor")
        sources = QStandardItem(", ".join(lead.sources))
        sources.setData(lead, LEAD_ROLE)
        disp = QStandardItem(_DISPOSITION_TEXT.get(lead.disposition or "", ""))
        disp.setData(lead, LEAD_ROLE)
        items = [value, score, match, sources, disp]
        for item in items:
            item.setEditable(False)
        if lead.disposition in ("wrong-party", "disconnected", "do-not-contact"):
            for item in items:
                item.setForeground(Qt.GlobalColor.gray)
        elif lead.group == "Flags":  # deceased, bankrupt, in litigation: stop and think
            value.setForeground(QColor("#b00020"))
            font = QFont(value.font())
            font.setBold(True)
            value.setFont(font)
        return items

    def lead_at(self, index: QModelIndex) -> LeadRow | None:
        """The lead on a row (None on a group heading)."""
        if not index.isValid():
            return None
        lead = index.siblingAtColumn(0).data(LEAD_ROLE)
        return lead if isinstance(lead, LeadRow) else None

    def index_of(self, kind: str, key: str) -> QModelIndex:
        """Where a lead is listed now, or an invalid index."""
        for g in range(self.rowCount()):
            head = self.item(g, 0)
            for r in range(head.rowCount()):
                lead = head.child(r, 0).data(LEAD_ROLE)
                if lead.kind == kind and lead.key == key:
                    return head.child(r, 0).index()
        return QModelIndex()
