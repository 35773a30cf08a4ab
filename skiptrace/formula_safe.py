"""Cells a spreadsheet will never run: the one place every CSV and XLSX writer neutralises
text that Excel, LibreOffice or Sheets would take for a formula (CSV/formula injection).

Following OWASP's advice, a text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading single quote, so it is shown as the text it is. Numbers
are left as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

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


class FormulaSafeWriter:
    """A ``csv.writer`` whose every cell is made formula-safe: the one CSV writer to use."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[object]) -> Any:
        """Write one row, each text cell that could start a formula quoted."""
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        """Write many rows, each made formula-safe."""
        for row in rows:
            self.writerow(row)
