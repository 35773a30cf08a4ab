"""The portfolio as a Qt table model: it holds account ids only and fetches rows on demand."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor

from skiptrace.portfolio.listing import AccountSummary, PortfolioListing, SortKey
from skiptrace.research.lead_rows import format_phone
from ui.table_model import HeadedTableModel, Index, row_in
from ui.widgets import WARNING_COLOUR

BLOCK = 200  # rows fetched per query: one primary-key IN over 200 ids takes about a millisecond
MAX_BLOCKS = 64
ACCOUNT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY = Qt.ItemDataRole.DisplayRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# statuses that should make a collector stop and think stand out; closed ones recede
_STATUS_COLOURS = {
    "cease-contact": QColor(WARNING_COLOUR),
    "deceased": QColor(WARNING_COLOUR),
    "bankrupt": QColor(WARNING_COLOUR),
    "litigation": QColor("#a05a00"),
    "closed": QColor("#6b6b6b"),
    "recalled": QColor("#6b6b6b"),
}


def format_balance(balance: str) -> str:
    """$1,234.56 from the stored decimal text."""
    try:
        return f"${float(balance):,.2f}"
    except ValueError:
        return balance


class PortfolioColumn(NamedTuple):
    """A column of the portfolio table: its title, the order sorting by it asks the core
    for, and the text it shows of an account."""

    title: str
    sort: SortKey
    text: Callable[[AccountSummary], str]


COLUMNS: tuple[PortfolioColumn, ...] = (
    PortfolioColumn("Account", SortKey.ACCOUNT, lambda s: s.account_id),
    PortfolioColumn("Name", SortKey.NAME, lambda s: s.name),
    PortfolioColumn("City", SortKey.CITY, lambda s: s.city),
    PortfolioColumn("ST", SortKey.STATE, lambda s: s.state),
    PortfolioColumn("ZIP", SortKey.ZIP, lambda s: s.zip),
    PortfolioColumn("Phone", SortKey.PHONE, lambda s: format_phone(s.phone)),
    PortfolioColumn("Status", SortKey.STATUS, lambda s: s.status),
    PortfolioColumn("Balance", SortKey.BALANCE, lambda s: format_balance(s.balance)),
    PortfolioColumn("Assigned", SortKey.ASSIGNED, lambda s: s.assigned_to),
    PortfolioColumn("Creditor", SortKey.CREDITOR, lambda s: s.creditor),
    PortfolioColumn("Skip Status", SortKey.SKIP_STATUS, lambda s: s.skip_status),
    PortfolioColumn("Last Search", SortKey.LAST_SEARCHED, lambda s: s.last_searched[:10]),
    PortfolioColumn("Last Worked", SortKey.LAST_WORKED, lambda s: s.last_worked[:10]),
)


class PortfolioModel(HeadedTableModel):
    """Rows are account ids; summaries are fetched in blocks when a row is first painted."""

    HEADERS = tuple(c.title for c in COLUMNS)

    sort_requested = Signal(object, bool)  # SortKey, descending

    def __init__(self, listing: PortfolioListing, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._listing = listing
        self._ids: tuple[str, ...] = ()
        self._blocks: OrderedDict[int, dict[str, AccountSummary]] = OrderedDict()
        self._formatted: dict[int, tuple[str, ...]] = {}  # display text of painted rows

    # -- what the core hands us -----------------------------------------------------

    def set_ids(self, ids: Sequence[str], first: Sequence[AccountSummary] = ()) -> None:
        """Show these accounts, in this order; ``first`` may carry the first rows, already
        fetched off the GUI thread."""
        self.beginResetModel()
        self._ids = tuple(ids)
        self._blocks.clear()
        self._formatted.clear()
        if first:
            self._blocks[0] = {s.account_id: s for s in first}
        self.endResetModel()

    def refresh_rows(self) -> None:
        """Forget fetched rows (after an import changed them) and repaint."""
        self._blocks.clear()
        self._formatted.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, self.last_column())
            )

    def account_id(self, row: int) -> str:
        """The account shown on a row."""
        return self._ids[row]

    def row_of(self, account_id: str) -> int:
        """The row showing an account, or -1."""
        return row_in(self._ids, account_id)

    def summary(self, row: int) -> AccountSummary | None:
        """The fetched summary of a row (fetching its block if needed)."""
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            block = self._fetch(block_no)
        else:
            self._blocks.move_to_end(block_no)
        return block.get(self._ids[row])

    def _fetch(self, block_no: int) -> dict[str, AccountSummary]:
        ids = self._ids[block_no * BLOCK : (block_no + 1) * BLOCK]
        block = {s.account_id: s for s in self._listing.summaries(ids)}
        self._blocks[block_no] = block
        while len(self._blocks) > MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    # -- QAbstractTableModel ----------------------------------------------------------

    def row_count(self) -> int:
        return len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # called for every role of every visible cell on each repaint: cheapest path first
        if role == _DISPLAY:
            cells = self._cells(index.row())
            return cells[index.column()] if cells else ""
        if role == _FOREGROUND:
            if index.column() != 6:
                return None
            s = self.summary(index.row())
            return _STATUS_COLOURS.get(s.status) if s else None
        if role == _ALIGN:
            return _RIGHT if index.column() == 7 else None
        if role == ACCOUNT_ID_ROLE:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:  # a value too long for its column, in full
            cells = self._cells(index.row())
            return cells[index.column()] if cells and index.column() in (1, 9, 10) else None
        return None

    def _cells(self, row: int) -> tuple[str, ...] | None:
        cells = self._formatted.get(row)
        if cells is None:
            s = self.summary(row)
            if s is None:
                return None
            cells = tuple(c.text(s) for c in COLUMNS)
            if len(self._formatted) > BLOCK * 4:
                self._formatted.clear()
            self._formatted[row] = cells
        return cells

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # sorting 100,000 accounts is the database's work, done off the GUI thread
        self.sort_requested.emit(COLUMNS[column].sort, order == Qt.SortOrder.DescendingOrder)
