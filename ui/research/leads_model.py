"""Ranked leads grouped by kind, as a two-level tree model (groups, then leads)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel

from skiptrace.model import DispositionKind
from skiptrace.research.lead_rows import GROUPS, LeadRow, display_value
from skiptrace.research.local_time import local_time_text
from ui.widgets import WARNING_COLOUR

LEAD_ROLE = Qt.ItemDataRole.UserRole + 1
PROBABILITY_ROLE = Qt.ItemDataRole.UserRole + 2
HEADERS = ("Lead", "Score", "Match", "Seen", "Line · local time", "Sources", "Disposition")
SCORE_HELP = (
    "Score: how likely this lead reaches the debtor: how sure we are the records are the "
    "debtor, times the evidence that the lead still works (sources agreeing, how recent, "
    "line type, what sources and collectors said of it). Press ? for why."
)
MATCH_HELP = "Match: how likely the records carrying this lead are the debtor."
HEADER_TIPS = {1: SCORE_HELP, 2: MATCH_HELP}
# what takes a lead out of the working set: greyed
_DEAD = frozenset(DispositionKind) - {DispositionKind.VERIFIED, DispositionKind.UNDONE}


def seen_text(lead: LeadRow) -> str:
    """First and last seen, by month: "2019-04–2026-06"; one date when they agree."""
    first, last = lead.first_seen[:7], lead.last_seen[:7]
    if first and last and first != last:
        return f"{first}–{last}"
    return last or first


def where_text(lead: LeadRow) -> str:
    """Line type and the local time at the lead: "mobile · 2:05 PM EST"."""
    line = lead.line_type.replace("mobile-or-landline", "mobile/landline")
    return " · ".join(p for p in (line, local_time_text(lead.time_zone)) if p)


def lead_text(lead: LeadRow) -> str:
    """The lead as one line for the clipboard: value, kind, scores, when, where, sources."""
    parts = [display_value(lead.kind, lead.value), lead.kind]
    if lead.line_type:
        parts.append(lead.line_type)
    parts.append(f"score {lead.score:.0%}, match {lead.probability:.0%}")
    if seen_text(lead):
        parts.append(f"seen {seen_text(lead)}")
    if lead.time_zone:
        parts.append(lead.time_zone)
    parts.append("sources " + ", ".join(lead.sources))
    if lead.disposition:
        parts.append(lead.disposition_text)
    return "; ".join(parts)


class LeadsModel(QStandardItemModel):
    """Rebuilt from the ranked list whenever it changes (lists are short: tens of leads)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(list(HEADERS))
        for col, tip in HEADER_TIPS.items():
            self.setHeaderData(col, Qt.Orientation.Horizontal, tip, Qt.ItemDataRole.ToolTipRole)
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
        shown = display_value(lead.kind, lead.value)
        value = QStandardItem(shown)
        value.setToolTip(shown)  # the whole address when the column is narrow
        score = QStandardItem(f"{lead.score:.0%}")
        score.setData(lead.score, PROBABILITY_ROLE)
        score.setToolTip(SCORE_HELP)
        # a lead a collector found is not the debtor's shows the conflict, not a bar
        match = QStandardItem("disputed" if lead.disputed else f"{lead.probability:.0%}")
        if not lead.disputed:
            match.setData(lead.probability, PROBABILITY_ROLE)
        match.setToolTip(lead.conflict or MATCH_HELP)
        seen = QStandardItem(seen_text(lead))
        seen.setToolTip(
            f"First seen {lead.first_seen or 'unknown'}, last seen {lead.last_seen or 'unknown'}"
        )
        where = QStandardItem(where_text(lead))
        where.setToolTip(
            f"{lead.line_type or 'line type unknown'}; local time at "
            f"{lead.time_zone or 'an unknown time zone'}"
        )
        sources = QStandardItem(", ".join(lead.sources))
        sources.setToolTip(", ".join(lead.sources))
        disp = QStandardItem(lead.disposition_text)
        items = [value, score, match, seen, where, sources, disp]
        for item in items:
            item.setEditable(False)
            item.setData(lead, LEAD_ROLE)
        if lead.disputed:
            match.setForeground(QColor(WARNING_COLOUR))
        if lead.disposition in _DEAD:
            for item in items:
                item.setForeground(Qt.GlobalColor.gray)
        elif lead.group == "Flags":  # deceased, bankrupt, in litigation: stop and think
            value.setForeground(QColor(WARNING_COLOUR))
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
