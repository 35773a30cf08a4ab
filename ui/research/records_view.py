"""The records-found view: every record each source returned for the search, with
matching's verdict ("is the debtor", "is not", "too close to call") and why, wrapped to
the width of the pane so nothing is cut off."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser, QWidget

from skiptrace.research.lead_rows import display_value
from skiptrace.research.records_found import QUERY_VERDICT, VERDICTS, RecordRow

_VERDICT_COLOURS = {
    VERDICTS["match"]: "#1e7b3a",
    VERDICTS["ambiguous"]: "#9a6700",
    VERDICTS["below_floor"]: "#6b6b6b",
    QUERY_VERDICT: "#6b6b6b",
}
EMPTY = "<p style='color:#6b6b6b'>The records each source returns are listed here, each "
EMPTY += "with whether it is the debtor and why.</p>"


def _carried(item: str) -> str:
    kind, _, value = item.partition(" ")
    if kind in ("address", "phone"):
        return f"{kind} {display_value(kind, value)}"
    return item


def record_html(record: RecordRow) -> str:
    """One record: who, the verdict and match, why, and what it carries."""
    colour = _VERDICT_COLOURS.get(record.verdict, "#000000")
    match = f" ({record.probability:.0%})" if record.probability is not None else ""
    lines = [
        f"<b>{html.escape(record.record_id)}</b> {html.escape(record.summary)} — "
        f"<b style='color:{colour}'>{html.escape(record.verdict)}</b>{match}"
    ]
    if record.why:
        lines.append(f"Why: {html.escape(record.why)}")
    if record.carries:
        lines.append("Carries: " + html.escape("; ".join(_carried(c) for c in record.carries)))
    return "<p style='margin-bottom:6px'>" + "<br>".join(lines) + "</p>"


class RecordsView(QTextBrowser):
    """Sources, then their records, each with its verdict, why and what it carries."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Records found")
        self.setOpenLinks(False)
        self.rows: list[RecordRow] = []
        self.setHtml(EMPTY)

    def set_records(self, rows: list[RecordRow]) -> None:
        """Show these records, grouped by source in the order they came."""
        self.rows = list(rows)
        if not rows:
            self.setHtml(EMPTY)
            return
        by_source: dict[str, list[RecordRow]] = {}
        for row in rows:
            by_source.setdefault(row.source, []).append(row)
        parts = []
        for source, records in by_source.items():
            matched = sum(r.verdict == VERDICTS["match"] for r in records)
            parts.append(
                f"<h4 style='margin-bottom:2px'>{html.escape(source)}: {len(records)} "
                f"record(s), {matched} the debtor</h4>"
            )
            parts.extend(record_html(r) for r in records)
        scroll = self.verticalScrollBar().value()
        self.setHtml("".join(parts))
        self.verticalScrollBar().setValue(scroll)
