"""The PDF evidence pack an examiner reads: a title page (workspace, period, filters, who
made it, the chain's result and head hash), summary tables, charts, the anomalies with
how each was worked, the sign-offs with their scopes, and an appendix listing every
search in scope. Pages say "page N of M"; a heading never ends a page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF

from skiptrace.review.evidence import EvidenceFacts
from skiptrace.review.pdfcharts import horizontal_bars, stacked_days
from skiptrace.review.pdftable import table
from skiptrace.review.workitems import AnomalyState

MAX_ANOMALIES = 400  # the rest are in the CSV/JSONL exports; a pack must stay readable
KEEP_WITH_HEADING = 30  # mm of content a heading needs below it, or it starts a new page


def _text(value: object) -> str:
    # the core PDF fonts are Latin-1; anything else is shown as '?', never an error
    return str(value).encode("latin-1", "replace").decode("latin-1")


class _Pack(FPDF):
    title_text = "Search log evidence pack"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 8, f"{self.title_text} - page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _room(pdf: FPDF, need: float) -> None:
    if pdf.get_y() + need > pdf.page_break_trigger:
        pdf.add_page()


def _heading(pdf: FPDF, text: str, keep: float = KEEP_WITH_HEADING) -> None:
    _room(pdf, 10 + keep)
    pdf.ln(3)
    pdf.set_font("helvetica", "B", 12)
    pdf.cell(0, 7, _text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=9)


def _line(pdf: FPDF, text: str, bold: bool = False, size: float = 9) -> None:
    pdf.set_font("helvetica", "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.55, _text(text), new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, header: tuple[str, ...], rows: Sequence[Sequence[object]],
           widths: tuple[float, ...], size: float = 8) -> None:  # fmt: skip
    table(pdf, [_text(h) for h in header], [[_text(v) for v in r] for r in rows], widths, size)


def _title_page(pdf: FPDF, facts: EvidenceFacts) -> None:
    pdf.add_page()
    pdf.set_font("helvetica", "B", 20)
    pdf.ln(20)
    pdf.cell(0, 12, "Search log evidence pack", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    v = facts.verification
    period = (
        f"{facts.anomaly_range[0]} to {facts.anomaly_range[1]} (UTC days)"
        if facts.anomaly_range else "no entries in scope"
    )  # fmt: skip
    rows = [
        ("Workspace", facts.workspace),
        ("Period", period),
        (
            "Filters",
            "; ".join(f"{k}: {x}" for k, x in facts.filters.items())
            or "none: every entry of the live log",
        ),
        ("Entries in scope", f"{facts.entries} (sequence {facts.first_seq} to {facts.last_seq})"),
        ("Searches in scope", str(facts.searches_total)),
        ("Generated", f"{facts.generated_at[:19].replace('T', ' ')} UTC by {facts.generated_by}"),
        ("Chain check", ("INTACT: " if v.ok else "BROKEN: ") + v.summary()),
        ("Head hash", f"{v.head.hash} (entry {v.head.seq})"),
    ]
    _table(pdf, (), rows, (40, 150), size=10)
    pdf.ln(4)
    _line(
        pdf,
        "Check this pack against the log with `python -m skiptrace.verify EXPORT.jsonl "
        "--key-file K --expect-head HASH`, using the head hash above.",
        size=8,
    )


def _charts(pdf: FPDF, facts: EvidenceFacts) -> None:
    fig = facts.figures
    if fig is None or not fig.days:
        return
    _heading(pdf, "Searches per collector per day", keep=62)
    y = pdf.get_y() + 2
    stacked_days(pdf, pdf.l_margin + 10, y, 175, 45, fig.days, fig.searches)
    pdf.set_y(y + 56)
    _heading(pdf, "Reveals of SSN or date of birth per day", keep=40)
    y = pdf.get_y() + 2
    stacked_days(pdf, pdf.l_margin + 10, y, 175, 28, fig.days, [("", fig.reveals)])
    pdf.set_y(y + 34)
    if fig.contacts is not None:
        _heading(pdf, "Contact attempts per day", keep=40)
        y = pdf.get_y() + 2
        stacked_days(pdf, pdf.l_margin + 10, y, 175, 28, fig.days, [("", fig.contacts)])
        pdf.set_y(y + 34)
    if fig.anomalies_by_rule:
        _heading(pdf, "Anomalies per rule", keep=5 * len(fig.anomalies_by_rule) + 4)
        used = horizontal_bars(pdf, pdf.l_margin, pdf.get_y() + 1, 190, fig.anomalies_by_rule)
        pdf.set_y(pdf.get_y() + used + 4)
    if fig.anomalies_by_collector:
        _heading(pdf, "Anomalies per collector per week")
        weeks = [w.isoformat() for w in fig.weeks]
        rows = [(u, *counts) for u, counts in fig.anomalies_by_collector]
        width = min(22.0, 150 / max(len(weeks), 1))
        _table(pdf, ("Collector", *(f"week of {w[5:]}" for w in weeks)), rows,
               (35, *(width for _ in weeks)))  # fmt: skip


def _anomalies(pdf: FPDF, facts: EvidenceFacts) -> None:
    _heading(pdf, f"Anomalies ({len(facts.anomalies)})")
    if facts.anomaly_range:
        _line(pdf, f"Rules run over {facts.anomaly_range[0]} to {facts.anomaly_range[1]} (UTC).")
    if not facts.anomalies:
        _line(pdf, "No anomalies found.")
        return
    rows = []
    for a in facts.anomalies[:MAX_ANOMALIES]:
        step = facts.steps.get(a.id)
        state = step.state.value if step else AnomalyState.OPEN.value
        worked = f"{state}: {step.note} ({step.reviewer}, {step.ts[:10]})" if step else state
        seqs = ", ".join(str(s) for s in a.seqs[:8]) + (" ..." if len(a.seqs) > 8 else "")
        rows.append((a.id, a.ts[:16].replace("T", " "), a.user, a.reason, seqs, worked))
    _table(pdf, ("Anomaly", "When (UTC)", "Collector", "Reason", "Entries", "Resolution"),
           rows, (40, 22, 16, 54, 20, 38), size=7)  # fmt: skip
    if len(facts.anomalies) > MAX_ANOMALIES:
        _line(pdf, f"... and {len(facts.anomalies) - MAX_ANOMALIES} more (see the exports).")


def _signoffs(pdf: FPDF, facts: EvidenceFacts) -> None:
    _heading(pdf, f"Sign-offs ({len(facts.signoffs)})")
    if not facts.signoffs:
        _line(pdf, "No sign-off covers entries in scope.")
        return
    rows = []
    for s in facts.signoffs:
        ranges = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in s.ranges[:6])
        scope = f"{s.count} entries ({ranges}{' ...' if len(s.ranges) > 6 else ''})"
        if s.users:
            scope += "; by " + ", ".join(f"{u} ({n})" for u, n in s.users.items())
        if s.filters:
            scope += "; " + "; ".join(f"{k} {v}" for k, v in s.filters.items())
        flags = f"{len(s.open_anomalies)} open anomalies" if s.open_anomalies else "none open"
        if s.self_review:
            flags += f"; OWN ENTRIES signed off by an administrator: {s.self_review_reason}"
        rows.append((f"{s.seq}", f"{s.ts[:16].replace('T', ' ')} {s.reviewer}", scope,
                     s.note, flags))  # fmt: skip
    _table(pdf, ("Entry", "When, who", "Scope", "Note", "Anomalies, flags"), rows,
           (14, 30, 62, 44, 40), size=7)  # fmt: skip


def _appendix(pdf: FPDF, facts: EvidenceFacts) -> None:
    pdf.add_page(orientation="L")
    pdf.set_font("helvetica", "B", 12)
    shown = len(facts.searches)
    pdf.cell(0, 7, f"Appendix: every search in scope ({shown})", new_x="LMARGIN", new_y="NEXT")
    if shown < facts.searches_total:
        _line(pdf, f"The first {shown} of {facts.searches_total}; the CSV export lists all.")
    if not facts.searches:
        _line(pdf, "No searches in scope.")
        return
    rows = [
        (s.seq, s.ts[:16].replace("T", " "), s.collector, s.account_id, s.subject,
         "\n".join(s.purposes), s.justification,
         "\n".join(f"{src}: {dict(s.outcomes).get(src, 'no outcome recorded')}"
                   for src in s.sources) or "-")
        for s in facts.searches
    ]  # fmt: skip
    _table(pdf, ("Entry", "Time (UTC)", "Collector", "Account", "Subject", "Purposes",
                 "Justification", "Sources asked: outcome"), rows,
           (12, 22, 16, 22, 34, 50, 53, 50), size=6.5)  # fmt: skip


def write_pdf(facts: EvidenceFacts, path: Path) -> None:
    """Lay out an evidence pack and write it to ``path``."""
    pdf = _Pack(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title("Search log evidence pack")
    _title_page(pdf, facts)
    pdf.add_page()
    _heading(pdf, "Entries by collector")
    _table(pdf, ("Collector", "Entries"), [(n or "(none)", c) for n, c in facts.by_collector],
           (70, 25))  # fmt: skip
    _heading(pdf, "Searches by purpose")
    if facts.by_purpose:
        _table(pdf, ("Purpose", "Searches"), facts.by_purpose, (140, 25))
    else:
        _line(pdf, "No search in scope.")
    _heading(pdf, "Entries by event")
    _table(pdf, ("Event", "Entries"), facts.by_event, (70, 25))
    _charts(pdf, facts)
    _anomalies(pdf, facts)
    _signoffs(pdf, facts)
    for note in facts.notes:
        _line(pdf, note)
    _appendix(pdf, facts)
    pdf.output(str(path))
