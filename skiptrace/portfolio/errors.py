"""What a refused import file says: one ``RowError`` per problem, all in a ``PortfolioError``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell (or row, or the whole file: row 0) of an import file."""

    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = self.file if self.row == 0 else f"{self.file}, row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class PortfolioError(ValueError):
    """An import file that cannot be imported as it is; ``errors`` lists every problem.

    ``whole_file`` is true when no row can be trusted (the file cannot be read, or its
    structure is broken), so importing "the good rows only" would not help either.
    """

    def __init__(self, errors: list[RowError], whole_file: bool = False) -> None:
        self.errors = errors
        self.whole_file = whole_file
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}")


def refuse_file(file: str, row: int, reason: str, column: str = "") -> PortfolioError:
    """The error for a file that cannot be imported at all, naming the row if there is one."""
    return PortfolioError([RowError(file, row, column, reason)], whole_file=True)


def _unreadable(path: Path, exc: OSError) -> PortfolioError:
    if isinstance(exc, IsADirectoryError) or path.is_dir():  # Windows: PermissionError
        reason = "is a folder, not a file: name the file inside it"
    elif isinstance(exc, FileNotFoundError):
        reason = "no such file"
    elif isinstance(exc, PermissionError):
        reason = "cannot be read: permission denied (check the file's permissions)"
    else:
        reason = f"cannot be read: {exc.strerror or type(exc).__name__}"
    return refuse_file(str(path), 0, reason)


def read_bytes(path: Path) -> bytes:
    """The bytes of an input file, or a refusal that names the path and what is wrong."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None


def check_readable(path: Path) -> None:
    """Refuse, naming the path, an input file that is missing, a folder or unreadable."""
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise _unreadable(path, exc) from None
