"""The rejects file: rows an import left out, with a reason each, readable by the owner only.

SSNs and dates of birth are masked in it - in their own columns and wherever else a value
shaped like one sits (a row whose cells slid out of line) - unless the user asks for the
full values, to fix and re-import the rows.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from skiptrace.formula_safe import FormulaSafeWriter
from skiptrace.pii import digits, mask_ssn
from skiptrace.portfolio.fields import sensitive, ssn_shaped
from skiptrace.portfolio.reader import ReadResult

_DIGIT_RUN = re.compile(r"\d+")


def _stars(match: re.Match[str]) -> str:
    run = match.group()
    return run if re.fullmatch(r"(19|20)\d\d", run) else "*" * len(run)


def mask_cell(text: str, column: str) -> str:
    """``text`` of a cell in ``column`` (canonical name, or "") as the rejects file shows it:
    an SSN as ``***-**-1234``, a date with only its year, anything else as it was."""
    value = text.strip()
    if not value:
        return text
    if column == "ssn" or ssn_shaped(value):
        return mask_ssn(value) if len(digits(value)) == 9 else _DIGIT_RUN.sub("****", value)
    if column == "dob" or sensitive(value):
        return _DIGIT_RUN.sub(_stars, value)
    return text


def open_private(path: Path) -> int:
    """A file descriptor for writing ``path`` afresh, readable and writable by the owner
    only (also when the file was already there with wider permissions)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.chmod(path, 0o600)
    except OSError:
        os.close(fd)
        raise
    return fd


def write_rejects(result: ReadResult, out: Path, full: bool = False) -> None:
    """The rows that were not imported, every cell as read (a long row's extra cells too),
    with a reason column; SSN and DOB masked unless ``full``. Mode 0600."""
    width = max([len(result.headers), *(len(cells) for _, cells, _ in result.rejected)])
    headers = result.headers + [f"column{i + 1}" for i in range(len(result.headers), width)]
    kinds = [result.columns.get(h, "") for h in headers]
    with os.fdopen(open_private(out), "w", newline="", encoding="utf-8") as fh:
        writer = FormulaSafeWriter(fh)
        writer.writerow(["row", *headers, "reason"])
        for index, cells, reason in result.rejected:
            row = cells + [""] * (width - len(cells))
            if not full:
                row = [mask_cell(v, kind) for v, kind in zip(row, kinds, strict=True)]
            writer.writerow([index, *row, reason])
