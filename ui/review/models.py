"""Qt models over the review core: the log holds row ids and fetches rows on demand."""

from __future__ import annotations

import bisect
from collections import OrderedDict
from html import escape
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from skiptrace.review.log_review import LogReview
from skiptrace.review.query import Paging, ReviewFilter
from skiptrace.review.rule_types import Anomaly
from skiptrace.review.workitems import AnomalyState, AnomalyStep, state_of
from skiptrace.searchlog.entry import AuditEntry
from ui.table_model import ROOT, HeadedTableModel, Index, row_in


def cell_value(value: object, role: int) -> object:
    """A cell's value; as a tooltip, long text becomes rich text so that Qt wraps it."""
    if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and len(value) > 60:
        return f"<p>{escape(value)}</p>"
    return value


class LogTableModel(HeadedTableModel):
    """Matching entries' sequence numbers, grown in chunks as the view scrolls; each row's
    entry is read with its page of neighbours the first time it is drawn."""

    HEADERS = ("Seq", "Time (UTC)", "User", "Event", "Account", "Subject", "Purposes",
               "Signed off", "Justification")  # fmt: skip
    # the longest value each column usually holds, to size it without reading the rows
    SAMPLES = ("00000000", "0000-00-00 00:00:00", "collector.name", "search.completed",
               "ACCT-0000000", "third_party", "fcra-604a3a, dppa-2721b3", "signed off",
               "")  # fmt: skip
    SIGNED_COLUMN = 7
    SORT_KEYS = ("seq", "ts", "user", "event", "account")
    CHUNK = 2000
    PAGE = 200
    CACHED_PAGES = 30

    def __init__(self, review: LogReview, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._review = review
        self._filter = ReviewFilter()
        self._sort, self._descending = "seq", True
        self._seqs: list[int] = []
        self._complete = True
        self._pages: OrderedDict[int, dict[int, AuditEntry]] = OrderedDict()
        self._signed: list[tuple[int, int]] = []

    # -- what to show -----------------------------------------------------------------

    def set_filter(self, f: ReviewFilter) -> None:
        """Show the entries a filter selects, from the top."""
        self._filter = f
        self.reload()

    def reload(self) -> None:
        """Forget what was read and read the first chunk again."""
        self.beginResetModel()
        self._seqs, self._complete = [], False
        self._pages.clear()
        self._signed = self._review.signed_ranges()
        self.endResetModel()
        self.fetchMore(ROOT)

    @property
    def current_filter(self) -> ReviewFilter:
        return self._filter

    def entry_at(self, row: int) -> AuditEntry | None:
        """The entry shown in a row (read from the store if not cached)."""
        if not 0 <= row < len(self._seqs):
            return None
        page = row // self.PAGE
        entries = self._pages.get(page)
        if entries is None:
            chunk = self._seqs[page * self.PAGE : (page + 1) * self.PAGE]
            entries = self._review.entries(chunk)
            self._pages[page] = entries
            if len(self._pages) > self.CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return entries.get(self._seqs[row])

    def seq_at(self, row: int) -> int:
        return self._seqs[row]

    def row_of(self, seq: int) -> int:
        """The row showing an entry among those fetched so far, or -1."""
        return row_in(self._seqs, seq)

    def is_signed_off(self, seq: int) -> bool:
        """Whether some sign-off names the entry."""
        i = bisect.bisect_right(self._signed, (seq, float("inf"))) - 1
        return i >= 0 and self._signed[i][0] <= seq <= self._signed[i][1]

    # -- Qt model interface -----------------------------------------------------------

    def row_count(self) -> int:
        return len(self._seqs)

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: Index = ROOT) -> None:
        if parent.isValid() or self._complete:
            return
        paging = Paging(self.CHUNK, len(self._seqs), self._sort, self._descending)
        more = self._review.matching_seqs(self._filter, paging)
        self._complete = len(more) < self.CHUNK
        if more:
            first = len(self._seqs)
            self.beginInsertRows(ROOT, first, first + len(more) - 1)
            self._seqs.extend(more)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.column() == self.SIGNED_COLUMN
            and 0 <= index.row() < len(self._seqs)
            and self.is_signed_off(self._seqs[index.row()])
        ):
            return QBrush(QColor(30, 120, 50))
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
        ):  # fmt: skip
            return None
        entry = self.entry_at(index.row())
        if entry is None:
            return None
        values = (
            entry.seq, entry.ts[:19].replace("T", " "), entry.user, entry.event,
            entry.account_id, entry.subject_type, ", ".join(entry.purposes),
            "\u2713 signed off" if self.is_signed_off(entry.seq) else "", entry.justification,
        )  # fmt: skip
        return cell_value(values[index.column()], role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = {0: "seq", 1: "ts", 2: "user", 3: "event", 4: "account"}.get(column)
        if key is None:
            return
        self._sort, self._descending = key, order == Qt.SortOrder.DescendingOrder
        self.reload()


class AnomalyTableModel(HeadedTableModel):
    """The anomalies of the last pass, with their reasons."""

    HEADERS = ("State", "Rule", "When (UTC)", "User", "Account", "Reason", "Entries")
    SAMPLES = ("acknowledged", "Outside business hours or on a weekend", "0000-00-00 00:00",
               "collector.name", "ACCT-0000000", "", "0000, 0000, 0000 ...")  # fmt: skip
    REASON_COLUMN = 5
    SHOW: ClassVar[dict[str, bool | None]] = {
        "all": None,
        "open": False,
        "resolved": True,
    }  # which states a filter keeps

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[Anomaly] = []
        self._rows: list[Anomaly] = []
        self._steps: dict[str, AnomalyStep] = {}
        self._show = "all"

    def set_anomalies(self, anomalies: list[Anomaly], steps: dict[str, AnomalyStep]) -> None:
        self._all, self._steps = list(anomalies), dict(steps)
        self._refilter()

    def set_steps(self, steps: dict[str, AnomalyStep]) -> None:
        """New states after a step was recorded."""
        self._steps = dict(steps)
        self._refilter()

    def show_only(self, which: str) -> None:
        """``all``, ``open`` (not resolved) or ``resolved``."""
        self._show = which
        self._refilter()

    def _refilter(self) -> None:
        resolved = self.SHOW[self._show]
        self.beginResetModel()
        self._rows = [
            a for a in self._all
            if resolved is None
            or (state_of(a, self._steps) is AnomalyState.RESOLVED) == resolved
        ]  # fmt: skip
        self.endResetModel()

    def state_at(self, row: int) -> AnomalyState | None:
        a = self.anomaly_at(row)
        return state_of(a, self._steps) if a else None

    def step_for(self, anomaly: Anomaly) -> AnomalyStep | None:
        return self._steps.get(anomaly.id)

    def row_of(self, anomaly_id: str) -> int:
        return next((i for i, a in enumerate(self._rows) if a.id == anomaly_id), -1)

    @property
    def total(self) -> int:
        return len(self._all)

    def anomaly_at(self, row: int) -> Anomaly | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
        ):  # fmt: skip
            return None
        a = self._rows[index.row()]
        seqs = ", ".join(map(str, a.seqs[:8])) + (" ..." if len(a.seqs) > 8 else "")
        values = (state_of(a, self._steps).value, a.title, a.ts[:16].replace("T", " "), a.user,
                  a.account_id, a.reason, seqs)  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 6:
            values = (*values[:6], ", ".join(map(str, a.seqs)))  # every entry, not eight
        return cell_value(values[index.column()], role)
