"""Cells a spreadsheet will never run: the one place every CSV and XLSX writer neutralises
text that Excel, LibreOffice or Sheets would take for a formula (CSV/formula injection).

Following OWASP's advice, a text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading single quote, so it is shown as the text it is. Numbers
are left as numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """The value as a spreadsheet may hold it: text that could start a formula is quoted."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def safe_text(value: object) -> str:
    """``formula_safe`` as text, for CSV writers (None becomes an empty cell)."""
    return "" if value is None else str(formula_safe(value))


def safe_row(values: Iterable[object]) -> list[object]:
    """Every cell of a row made formula-safe."""
    return [formula_safe(v) for v in values]
