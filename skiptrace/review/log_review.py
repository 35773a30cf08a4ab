"""The log review: what the compliance review window asks of a workspace.

Count and page the entries a filter selects (sequence numbers first, entries as they are
drawn), the sign-offs and their scope, the anomaly pass and work on anomalies, the
dashboard's figures, the chain's verification, and evidence exports. Roles are
checked here and in the functions it calls, never in a widget.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from skiptrace.gate.roles import MAY_REVIEW, require_role
from skiptrace.review import query
from skiptrace.review.anomaly_pass import run_anomalies
from skiptrace.review.dashboard import Dashboard, dashboard
from skiptrace.review.evidence import export_filtered, gather
from skiptrace.review.pdfpack import write_pdf
from skiptrace.review.query import Paging, ReviewFilter
from skiptrace.review.rule_types import Anomaly
from skiptrace.review.scope import SignOffScope, check_note, check_self_review, signoff_scope
from skiptrace.review.signoff import SignOff, sign_off, signoffs
from skiptrace.review.workitems import Action, AnomalyStep, states, work_anomaly
from skiptrace.searchlog import anchors
from skiptrace.searchlog.entry import Anchor, AuditEntry
from skiptrace.searchlog.verification import VerifyReport
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

    def matching_seqs(self, f: ReviewFilter, paging: Paging) -> list[int]:
        """Sequence numbers of matching entries, sorted: what a table holds before it draws."""
        return query.matching_seqs(self._workspace.engine, f, paging)

    def entries(self, seqs: Sequence[int]) -> dict[int, AuditEntry]:
        """The entries with these sequence numbers (absent ones left out)."""
        return query.entries_by_seq(self._workspace.engine, seqs)

    def signoffs(self) -> list[SignOff]:
        """Every sign-off in the log, oldest first."""
        return signoffs(self._workspace.engine)

    def signoff_scope(
        self, *, seqs: Sequence[int] = (), period: ReviewFilter | None = None
    ) -> SignOffScope:
        """What a sign-off of these entries or this period would cover (``SignOffError``
        when it names nothing or an unbounded period)."""
        return signoff_scope(self._workspace, seqs=seqs, period=period)

    def check_note(self, note: str) -> str:
        """The sign-off note as it would be recorded; ``SignOffError`` when empty."""
        return check_note(note)

    def check_self_review(self, scope: SignOffScope, reason: str) -> str:
        """Refuse a reviewer's own entries; an administrator's need a reason."""
        return check_self_review(scope, reason)

    def sign_off(
        self,
        note: str,
        *,
        seqs: Sequence[int] = (),
        period: ReviewFilter | None = None,
        self_review_reason: str = "",
    ) -> AuditEntry:
        """Record that the actor reviewed these entries (or a filtered period), with a note."""
        return sign_off(
            self._workspace, note, seqs=seqs, period=period, self_review_reason=self_review_reason
        )

    def signed_ranges(self) -> list[tuple[int, int]]:
        """Every range of entries some sign-off names, merged."""
        with self._workspace.engine.connect() as conn:
            return query.signed_ranges(conn)

    def anomalies(self, start: date, end: date, users: Sequence[str] = ()) -> list[Anomaly]:
        """What the anomaly rules find over a range of UTC days, in log order."""
        return run_anomalies(self._workspace.engine, start, end, users=users)

    def anomaly_steps(self) -> dict[str, AnomalyStep]:
        """The last step recorded on each anomaly, by anomaly id."""
        return states(self._workspace.engine)

    def work_anomaly(self, anomaly: Anomaly, action: Action | str, note: str = "") -> AuditEntry:
        """Acknowledge, resolve (with a note) or escalate (with a note) an anomaly."""
        return work_anomaly(self._workspace, anomaly, action, note)

    def dashboard(self, f: ReviewFilter, anomalies: Sequence[Anomaly]) -> Dashboard:
        """The dashboard's figures for a filter and the anomalies found over it."""
        return dashboard(self._workspace.engine, f, anomalies)

    def verify(self) -> VerifyReport:
        """Walk the chain as ``log verify`` does, against the heads recorded before."""
        ws = self._workspace
        report = ws.log.verify(anchors=anchors.recorded(ws.workspace_id))
        if report.ok:
            anchors.record(
                ws.workspace_id,
                Anchor(report.head.seq, report.head.hash, "an earlier verification"),
            )
        return report

    def export(self, f: ReviewFilter, fmt: str, path: Path) -> Path:
        """Write the filtered entries (``csv``, ``jsonl``) or an evidence pack (``pdf``)."""
        if fmt == "pdf":
            write_pdf(gather(self._workspace, f), path)
        else:
            export_filtered(self._workspace, f, fmt, path)
        return path
