"""A fast wrapped-text table for the evidence pack.

fpdf2's own ``table()`` re-measures every character for every line it tries, which
takes tens of seconds for an appendix of a few hundred searches. Here each word is
measured once from the core font's width table, rows are wrapped greedily, and a row
that does not fit starts a new page under the repeated header.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fpdf import FPDF

PAD = 1.0  # mm inside each cell
HEADER_FILL = (230, 230, 230)


def _width(widths: Any, size: float, text: str) -> float:
    # core-font widths are in 1/1000 of the font size (pt); 1 pt = 0.3528 mm
    return sum(widths.get(ch, 500) for ch in text) * size / 1000 * 0.3528


def wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` mm (long words are cut)."""
    cw = pdf.current_font.cw  # type: ignore[union-attr]
    size = pdf.font_size_pt
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            candidate = f"{line} {word}" if line else word
            if _width(cw, size, candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while _width(cw, size, word) > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and _width(cw, size, word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _row(pdf: FPDF, cells: Sequence[list[str]], widths: Sequence[float], lh: float,
         fill: tuple[int, int, int] | None, bold: bool) -> None:  # fmt: skip
    height = max(len(c) for c in cells) * lh + 2 * PAD * 0.6
    x0, y0 = pdf.l_margin, pdf.get_y()
    pdf.set_font(style="B" if bold else "")
    pdf.set_draw_color(170, 170, 170)
    pdf.set_line_width(0.15)
    x = x0
    for lines, w in zip(cells, widths, strict=True):
        if fill:
            pdf.set_fill_color(*fill)
            pdf.rect(x, y0, w, height, style="DF")
        else:
            pdf.rect(x, y0, w, height, style="D")
        for i, text in enumerate(lines):
            pdf.text(x + PAD, y0 + PAD * 0.6 + lh * (i + 0.78), text)
        x += w
    pdf.set_y(y0 + height)


def table(pdf: FPDF, header: Sequence[str], rows: Sequence[Sequence[str]],
          widths: Sequence[float], size: float = 8) -> None:  # fmt: skip
    """Draw a table with a header row repeated on every page it runs onto."""
    pdf.set_font("helvetica", "", size)
    lh = size * 0.42
    inner = [w - 2 * PAD for w in widths]
    head = [wrap(pdf, h, w) for h, w in zip(header, inner, strict=True)] if header else None
    head_h = (max(len(c) for c in head) * lh + 2 * PAD) if head else 0.0
    if head:
        _row(pdf, head, widths, lh, HEADER_FILL, bold=True)
    for r in rows:
        pdf.set_font(style="")
        cells = [wrap(pdf, str(v), w) for v, w in zip(r, inner, strict=True)]
        need = max(len(c) for c in cells) * lh + 2 * PAD
        if pdf.get_y() + need > pdf.page_break_trigger:
            pdf.add_page(same=True)
            if head:
                _row(pdf, head, widths, lh, HEADER_FILL, bold=True)
        elif head is None and pdf.get_y() + need + head_h > pdf.page_break_trigger:
            pdf.add_page(same=True)
        _row(pdf, cells, widths, lh, None, bold=False)
    pdf.set_font(style="")
    pdf.ln(2)
