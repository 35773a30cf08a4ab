"""The log review: what the compliance review window asks of a workspace.

Count and page the entries a filter selects (sequence numbers first, entries as they are
drawn), the sign-offs, a new sign-off, the anomaly pass, and evidence exports. Roles are
checked here and in the functions it calls, never in a widget.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from skiptrace.gate.roles import MAY_REVIEW, require_role
from skiptrace.review import query
from skiptrace.review.anomaly_pass import run_anomalies
from skiptrace.review.evidence import export_filtered, gather
from skiptrace.review.pdfpack import write_pdf
from skiptrace.review.query import ReviewFilter
from skiptrace.review.rule_types import Anomaly
from skiptrace.review.signoff import SignOff, sign_off, signoffs
from skiptrace.searchlog.entry import AuditEntry
from skiptrace.workspace.workspace import Workspace

EXPORT_FORMATS = ("pdf", "csv", "jsonl")


class LogReview:
    """A reviewer's questions about one workspace's search log."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    @classmethod
    def for_reviewer(cls, workspace: Workspace) -> LogReview:
        """The review of a workspace whose actor may review; ``RoleRefused`` if not."""
        require_role(workspace.engine, workspace.actor.user, MAY_REVIEW, "open the review window")
        return cls(workspace)

    def count(self, f: ReviewFilter) -> int:
        """How many entries match a filter."""
        return query.count(self._workspace.engine, f)

    def matching_seqs(
        self,
        f: ReviewFilter,
        *,
        limit: int,
        offset: int = 0,
        sort: str = "seq",
        descending: bool = True,
    ) -> list[int]:
        """Sequence numbers of matching entries, sorted: what a table holds before it draws."""
        return query.matching_seqs(
            self._workspace.engine, f, limit=limit, offset=offset, sort=sort, descending=descending
        )

    def entries(self, seqs: Sequence[int]) -> dict[int, AuditEntry]:
        """The entries with these sequence numbers (absent ones left out)."""
        return query.entries_by_seq(self._workspace.engine, seqs)

    def signoffs(self) -> list[SignOff]:
        """Every sign-off in the log, oldest first."""
        return signoffs(self._workspace.engine)

    def sign_off(
        self, note: str, *, seqs: Sequence[int] = (), period: ReviewFilter | None = None
    ) -> AuditEntry:
        """Record that the actor reviewed these entries (or a filtered period), with a note."""
        return sign_off(self._workspace, note, seqs=seqs, period=period)

    def anomalies(self, start: date, end: date, users: Sequence[str] = ()) -> list[Anomaly]:
        """What the anomaly rules find over a range of UTC days, in log order."""
        return run_anomalies(self._workspace.engine, start, end, users=users)

    def export(self, f: ReviewFilter, fmt: str, path: Path) -> Path:
        """Write the filtered entries (``csv``, ``jsonl``) or an evidence pack (``pdf``)."""
        if fmt == "pdf":
            write_pdf(gather(self._workspace, f), path)
        else:
            export_filtered(self._workspace, f, fmt, path)
        return path
