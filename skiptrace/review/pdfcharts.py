"""Charts for the evidence pack, drawn with fpdf2's own lines and rectangles (no images).

Each chart takes the space it is given: ``x, y`` top-left and ``w, h`` in millimetres.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fpdf import FPDF

# one colour per series, distinguishable in greyscale print too
PALETTE = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40),
           (148, 103, 189), (140, 86, 75), (227, 119, 194), (127, 127, 127))  # fmt: skip


def _axis(pdf: FPDF, x: float, y: float, w: float, h: float, top: int) -> None:
    pdf.set_draw_color(160, 160, 160)
    pdf.set_line_width(0.2)
    pdf.line(x, y + h, x + w, y + h)
    pdf.line(x, y, x, y + h)
    pdf.set_font("helvetica", size=6)
    pdf.set_text_color(90, 90, 90)
    for frac in (0.5, 1.0):
        value = round(top * frac)
        yy = y + h - h * frac
        pdf.set_draw_color(225, 225, 225)
        pdf.line(x, yy, x + w, yy)
        pdf.set_xy(x - 9, yy - 1.5)
        pdf.cell(8, 3, str(value), align="R")
    pdf.set_text_color(0, 0, 0)


def _legend(pdf: FPDF, x: float, y: float, names: Sequence[str]) -> None:
    pdf.set_font("helvetica", size=7)
    for i, name in enumerate(names):
        pdf.set_fill_color(*PALETTE[i % len(PALETTE)])
        pdf.rect(x, y + 1, 2.5, 2.5, style="F")
        pdf.set_xy(x + 3.5, y)
        width = pdf.get_string_width(name) + 6
        pdf.cell(width, 4.5, name)
        x += width + 3


def stacked_days(
    pdf: FPDF,
    x: float, y: float, w: float, h: float,
    days: Sequence[date],
    series: Sequence[tuple[str, Sequence[int]]],
) -> None:  # fmt: skip
    """Bars per day, stacked by series (e.g. searches per collector), with a legend below."""
    if not days:
        return
    totals = [sum(s[1][i] for s in series) for i in range(len(days))]
    top = max(max(totals, default=0), 1)
    _axis(pdf, x, y, w, h, top)
    slot = w / len(days)
    bar = max(slot * 0.75, 0.3)
    for i in range(len(days)):
        base = y + h
        for k, (_, values) in enumerate(series):
            v = values[i]
            if not v:
                continue
            bh = h * v / top
            pdf.set_fill_color(*PALETTE[k % len(PALETTE)])
            pdf.rect(x + i * slot + (slot - bar) / 2, base - bh, bar, bh, style="F")
            base -= bh
    pdf.set_font("helvetica", size=6)
    step = max(1, len(days) // 8)
    for i in range(0, len(days), step):
        pdf.set_xy(x + i * slot - 4, y + h + 0.5)
        pdf.cell(slot + 8, 3, days[i].strftime("%m-%d"), align="C")
    if len(series) > 1 or (series and series[0][0]):
        _legend(pdf, x, y + h + 4, [name for name, _ in series])
    pdf.set_fill_color(255, 255, 255)


def horizontal_bars(
    pdf: FPDF, x: float, y: float, w: float, rows: Sequence[tuple[str, int]], row_h: float = 5
) -> float:
    """One labelled bar per row (e.g. anomalies per rule); returns the height used."""
    if not rows:
        return 0.0
    label_w = 52.0
    top = max(n for _, n in rows) or 1
    pdf.set_font("helvetica", size=7)
    for i, (name, n) in enumerate(rows):
        yy = y + i * row_h
        pdf.set_xy(x, yy)
        pdf.cell(label_w, row_h, name[:40])
        bw = (w - label_w - 12) * n / top
        pdf.set_fill_color(*PALETTE[i % len(PALETTE)])
        pdf.rect(x + label_w, yy + 0.8, max(bw, 0.4), row_h - 1.6, style="F")
        pdf.set_xy(x + label_w + bw + 1, yy)
        pdf.cell(10, row_h, str(n))
    pdf.set_fill_color(255, 255, 255)
    return row_h * len(rows)
