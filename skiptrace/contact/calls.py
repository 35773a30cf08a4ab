"""Recording a call: check first, then record; going ahead against the check needs a reason.

An outgoing call is checked at the time given for it. When the check says "not allowed",
the call is recorded only with the collector's reason for going ahead anyway, and that
reason is in the ``contact.attempt`` entry (its justification) for review; without one,
nothing is recorded (``ContactNotAllowed``). A call the consumer placed is recorded as
it came, with no check (it is not the collector's attempt).
"""

from __future__ import annotations

from skiptrace.contact.attempts import ContactAttempt, Direction, record_attempt
from skiptrace.contact.check import ContactVerdict, contact_check
from skiptrace.workspace.workspace import Workspace


class ContactNotAllowed(RuntimeError):
    """The check said not allowed and no reason to go ahead was given."""

    def __init__(self, verdict: ContactVerdict) -> None:
        reasons = "; ".join(r.text for r in verdict.reasons)
        super().__init__(
            f"not allowed: {reasons}. Nothing was recorded; give a reason to go ahead "
            "anyway (it is logged for review)"
        )
        self.verdict = verdict


def record_call(
    workspace: Workspace, attempt: ContactAttempt
) -> tuple[ContactAttempt, ContactVerdict | None]:
    """Check (for a call the collector placed) and record one call; see the module doc."""
    verdict = None
    if attempt.direction is Direction.OUT:
        with workspace.engine.connect() as conn:
            verdict = contact_check(
                conn,
                attempt.account_id,
                attempt.phone,
                attempt.called_at,
                third_party=attempt.third_party,
                exception=attempt.exception,
            )
        if not verdict.allowed and not attempt.override_reason.strip():
            raise ContactNotAllowed(verdict)
    check = verdict.as_dict() if verdict else {}
    if verdict and verdict.allowed and attempt.override_reason:
        check["override_not_needed"] = True
    return record_attempt(workspace, attempt, check), verdict
