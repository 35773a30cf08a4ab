"""The rows of a CSV or XLSX file, as text cells numbered as a spreadsheet numbers them.

CSV is read strictly: a quote that is not closed, text after a closing quote, or a cell
running over several lines refuses the whole file naming the row where the cell began,
because every row after it is in doubt. An XLSX workbook is checked for absurd expansion
(a zip bomb) before any of it is decompressed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from skiptrace.portfolio.decoding import decode
from skiptrace.portfolio.errors import check_readable, read_bytes, refuse_file

DELIMITERS = ",;\t|"
# Limits on what an XLSX workbook may expand to. A real portfolio's sheet XML deflates
# 5-30 times; zeros deflate about 1,000 times. zipfile never inflates a member past its
# declared size (it stops and reports a CRC error), so checking the declared sizes bounds
# the memory and time reading can take.
XLSX_MAX_EXPANDED = 1 << 30  # 1 GiB, all members together
XLSX_MAX_RATIO = 100  # expanded / compressed, for any member over XLSX_RATIO_FLOOR
XLSX_RATIO_FLOOR = 1 << 20
XLSX_MAX_MEMBERS = 10_000


@dataclass
class Table:
    """A file's header cells and an iterator of (row number, cells) after it."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    numeric: set[str] = field(default_factory=set)  # XLSX columns holding numeric cells


def read_table(path: Path) -> Table:
    """Header and data rows of a CSV or XLSX file; refuses a file it cannot read whole."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, as ``csv.reader`` wants them.

    Sliced one by one rather than through ``io.StringIO``, whose one-piece copy of a
    large file holds the interpreter lock long enough to freeze a window importing it in
    a worker thread. Files with old Mac line ends (a bare CR) go the StringIO way.
    """
    if text.count("\r") != text.count("\r\n"):
        yield from io.StringIO(text, newline="")
        return
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def delimiter_of(header_line: str) -> str:
    """The separator the header line uses most (comma when it uses none)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_reason(message: str, start: int, now: int) -> str:
    if now > start:
        return (
            f"a quoted cell begins on this row and runs on to line {now}: a quote is not "
            "closed (a cell may not hold a line break)"
        )
    if "unexpected end of data" in message:
        return "a quoted cell begins on this row and its quote is never closed"
    if "expected after" in message:
        return (
            "text follows a quoted cell's closing quote: quote the whole cell and double "
            'each quote inside it ("")'
        )
    if "field larger than field limit" in message:
        return "a cell runs on for more than 131,072 characters: a quote is not closed"
    return f"the row cannot be read as CSV ({message})"


def _records(reader: Any, file: str) -> Iterator[tuple[int, list[str]]]:
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise refuse_file(file, start, _csv_reason(str(exc), start, reader.line_num)) from None
        if reader.line_num > start:
            raise refuse_file(file, start, _csv_reason("", start, reader.line_num))
        yield start, [c.strip() for c in cells]


def _read_csv(path: Path) -> Table:
    name = path.name
    text = decode(read_bytes(path), name)
    first = text[: text.find("\n")] if "\n" in text else text
    reader = csv.reader(
        _lines(text), delimiter=delimiter_of(first), quotechar='"', doublequote=True, strict=True
    )
    records = _records(reader, name)
    try:
        _, header = next(records)
    except StopIteration:
        raise refuse_file(name, 1, "the file is empty: no header row") from None
    while header and not header[-1]:
        header.pop()
    return Table(header, records)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _size(n: int) -> str:
    return f"{n / (1 << 30):.1f} GiB" if n >= 1 << 30 else f"{n / (1 << 20):,.0f} MiB"


def check_workbook(
    path: Path, max_expanded: int = XLSX_MAX_EXPANDED, max_ratio: int = XLSX_MAX_RATIO
) -> None:
    """Refuse a workbook that is not a zip, or whose members expand absurdly (a zip bomb),
    from the sizes its directory declares, before anything is decompressed."""
    name = path.name
    check_readable(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse_file(name, 0, "not a readable XLSX workbook (not a zip archive)") from None
    if len(members) > XLSX_MAX_MEMBERS:
        raise refuse_file(name, 0, f"refused: the workbook holds {len(members):,} parts")
    expanded = sum(m.file_size for m in members)
    if expanded > max_expanded:
        raise refuse_file(
            name,
            0,
            f"refused: the workbook would expand to {_size(expanded)} "
            f"(at most {_size(max_expanded)} is read)",
        )
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > XLSX_RATIO_FLOOR and ratio > max_ratio:
            raise refuse_file(
                name,
                0,
                f"refused: part {m.filename} would expand {ratio:,.0f} times, to "
                f"{_size(m.file_size)}; a real workbook expands at most {max_ratio} times "
                "(a zip bomb?)",
            )


def _read_xlsx(path: Path) -> Table:
    check_workbook(path)
    import openpyxl  # only when a workbook is read: it takes a while to import

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise refuse_file(
            path.name, 0, f"not a readable XLSX workbook ({type(exc).__name__})"
        ) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [_cell(h) for h in next(rows)]
    except StopIteration:
        book.close()
        raise refuse_file(path.name, 1, "the sheet is empty: no header row") from None
    while header and not header[-1]:
        header.pop()
    numeric: set[str] = set()

    def data() -> Iterator[tuple[int, list[str]]]:
        # empty trailing cells are not stored in a workbook: pad them back
        for index, raw in enumerate(rows, start=2):
            for h, v in zip(header, raw, strict=False):
                if isinstance(v, int | float):
                    numeric.add(h)
            cells = [_cell(v) for v in raw]
            yield index, cells + [""] * (len(header) - len(cells))
        book.close()

    return Table(header, data(), numeric)
