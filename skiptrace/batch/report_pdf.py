"""The batch report as a PDF: the table and a small bar chart of what each source found."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from skiptrace.batch.report import COLUMNS, BatchReport, report_rows

# bar colours (RGB) for new phone, new address, both, neither
_SERIES = (
    ("new_phone", "new phone", (46, 125, 50)),
    ("new_address", "new address", (25, 118, 210)),
    ("both", "both", (123, 31, 162)),
    ("neither", "neither", (158, 158, 158)),
)


def _text(value: object) -> str:
    return str(value).encode("latin-1", "replace").decode("latin-1")


def _chart(pdf: FPDF, report: BatchReport) -> None:
    rows = report_rows(report)
    top = max([1, *(getattr(t, k) for _, t in rows for k, _, _ in _SERIES)])
    x0, y0, height, bar = pdf.l_margin + 40, pdf.get_y() + 4, 50.0, 6.0
    group = bar * len(_SERIES) + 6
    pdf.set_draw_color(0, 0, 0)
    pdf.line(x0, y0 + height, x0 + group * len(rows), y0 + height)
    pdf.set_font("helvetica", size=7)
    for i, (name, t) in enumerate(rows):
        gx = x0 + i * group
        for j, (key, _label, rgb) in enumerate(_SERIES):
            value = getattr(t, key)
            h = height * value / top
            pdf.set_fill_color(*rgb)
            pdf.rect(gx + j * bar, y0 + height - h, bar - 1, h, style="F")
            pdf.text(gx + j * bar, y0 + height - h - 1, str(value))
        pdf.text(gx, y0 + height + 4, _text(name[:18]))
    ly = y0 + height + 9
    for j, (_key, label, rgb) in enumerate(_SERIES):
        pdf.set_fill_color(*rgb)
        pdf.rect(x0 + j * 30, ly, 3, 3, style="F")
        pdf.text(x0 + j * 30 + 4, ly + 2.6, label)
    pdf.set_y(ly + 8)


def write_report_pdf(report: BatchReport, path: Path) -> None:
    """Lay out a batch report (counts only, no account data) and write it to ``path``."""
    pdf = FPDF(format="Letter", orientation="landscape")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    b = report.batch
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 10, "Batch skip trace report", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=9)
    for line in (
        f"Batch {b.batch_id} ({b.kind.value}), {b.state.value}; started {b.created_at[:19]} "
        f"by {b.user}",
        f"Purposes {', '.join(b.purposes)}; subject {b.subject_type}; {b.total} account(s)",
        "Accounts: " + ", ".join(f"{k} {n}" for k, n in report.counts.items()),
        *(f"Skipped {n}: {reason}" for reason, n in sorted(report.skipped.items())),
    ):
        pdf.cell(0, 5, _text(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("helvetica", "B", 9)
    pdf.cell(50, 6, "Source", border="B")
    for _key, title in COLUMNS:
        pdf.cell(25, 6, title, border="B", align="R")
    pdf.ln()
    pdf.set_font("helvetica", size=9)
    for name, t in report_rows(report):
        pdf.cell(50, 5, _text(name))
        for key, _title in COLUMNS:
            pdf.cell(25, 5, str(getattr(t, key)), align="R")
        pdf.ln()
    pdf.ln(2)
    pdf.cell(
        0,
        5,
        f"Verified leads found again on {report.overall.verified_again} account(s); "
        f"{report.overall.suppressed} lead(s) suppressed as already marked wrong party, "
        "disconnected or do-not-contact.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    _chart(pdf, report)
    pdf.output(str(path))
