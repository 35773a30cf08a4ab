"""The PDF evidence pack: scope, counts, anomalies, sign-offs and the chain's verification."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from skiptrace.review.evidence import EvidenceFacts

MAX_ANOMALIES = 400  # the rest are in the CSV/JSONL exports; a pack must stay readable


def _text(value: object) -> str:
    # the core PDF fonts are Latin-1; anything else is shown as '?', never an error
    return str(value).encode("latin-1", "replace").decode("latin-1")


class _Pack(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.cell(0, 8, f"skiptrace evidence pack - page {self.page_no()}", align="C")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("helvetica", "B", 12)
    pdf.cell(0, 7, _text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=9)


def _line(pdf: FPDF, text: str, bold: bool = False) -> None:
    pdf.set_font("helvetica", "B" if bold else "", 9)
    pdf.multi_cell(0, 5, _text(text), new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, header: tuple[str, str], rows: list[tuple[str, int]]) -> None:
    pdf.set_font("helvetica", "B", 9)
    pdf.cell(90, 5, header[0], border="B")
    pdf.cell(30, 5, header[1], border="B", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=9)
    for name, n in rows:
        pdf.cell(90, 5, _text(name or "(none)"))
        pdf.cell(30, 5, str(n), align="R", new_x="LMARGIN", new_y="NEXT")


def write_pdf(facts: EvidenceFacts, path: Path) -> None:
    """Lay out an evidence pack and write it to ``path``."""
    pdf = _Pack(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 10, "Search log evidence pack", new_x="LMARGIN", new_y="NEXT")
    _line(pdf, f"Workspace: {facts.workspace}")
    _line(pdf, f"Generated {facts.generated_at} by {facts.generated_by}")

    _heading(pdf, "Scope and filters")
    if facts.filters:
        for name, value in facts.filters.items():
            _line(pdf, f"{name}: {value}")
    else:
        _line(pdf, "No filters: the whole live log.")
    span = f"sequence {facts.first_seq} to {facts.last_seq}"
    _line(pdf, f"Entries in scope: {facts.entries} ({span})")

    _heading(pdf, "Chain verification")
    v = facts.verification
    _line(pdf, "INTACT" if v.ok else "BROKEN", bold=True)
    _line(pdf, v.summary())
    _line(pdf, f"Head hash: {v.head.hash} (entry {v.head.seq})")

    _heading(pdf, "Searches and entries by collector")
    _table(pdf, ("Collector", "Entries"), facts.by_collector)
    _heading(pdf, "Entries by purpose")
    _table(pdf, ("Purpose code", "Entries"), facts.by_purpose)
    _heading(pdf, "Entries by event")
    _table(pdf, ("Event", "Entries"), facts.by_event)

    _heading(pdf, f"Anomalies ({len(facts.anomalies)})")
    if facts.anomaly_range:
        _line(pdf, f"Rules run over {facts.anomaly_range[0]} to {facts.anomaly_range[1]} (UTC).")
    if not facts.anomalies:
        _line(pdf, "No anomalies found.")
    for a in facts.anomalies[:MAX_ANOMALIES]:
        seqs = ", ".join(str(s) for s in a.seqs[:12]) + (" ..." if len(a.seqs) > 12 else "")
        _line(pdf, f"[{a.rule}] {a.ts[:16]} {a.user} {a.account_id}", bold=True)
        _line(pdf, f"    {a.reason} (entries {seqs})")
    if len(facts.anomalies) > MAX_ANOMALIES:
        _line(pdf, f"... and {len(facts.anomalies) - MAX_ANOMALIES} more (see the exports).")

    _heading(pdf, f"Sign-offs ({len(facts.signoffs)})")
    if not facts.signoffs:
        _line(pdf, "No sign-off covers entries in scope.")
    for s in facts.signoffs:
        ranges = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in s.ranges[:20])
        _line(pdf, f"Entry {s.seq}, {s.ts[:19]} by {s.reviewer}: {s.count} entries", bold=True)
        _line(pdf, f"    {s.note} (entries {ranges}{' ...' if len(s.ranges) > 20 else ''})")
    for note in facts.notes:
        _line(pdf, note)
    pdf.output(str(path))
