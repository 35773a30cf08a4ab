"""Sign-off scope rules and anomalies worked to closure, in the core (the CLI and the
review window both go through these)."""

from __future__ import annotations

from datetime import date

import pytest

from skiptrace.review.anomaly_pass import run_anomalies
from skiptrace.review.profiles import set_profile
from skiptrace.review.query import ReviewFilter, count
from skiptrace.review.scope import SelfReviewRefused, signoff_scope
from skiptrace.review.signoff import sign_off, signoffs
from skiptrace.review.workitems import (
    Action,
    AnomalyState,
    WorkRefused,
    state_of,
    states,
    still_open,
    work_anomaly,
)
from tests.helpers.loggen import bulk_append, search
from tests.helpers.reviewdata import END, START, review_workspace

MARCH = ReviewFilter(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))


@pytest.fixture
def own(workspace):  # type: ignore[no-untyped-def]
    """Searches by alice and by tester, the single user (an administrator)."""
    bulk_append(workspace, [
        search("2026-03-02T10:00:00.000000Z", "alice", "A-1"),
        search("2026-03-03T10:00:00.000000Z", "tester", "A-2"),
        search("2026-03-04T10:00:00.000000Z", "alice", "A-3"),
    ])  # fmt: skip
    return workspace


def test_the_scope_says_what_is_covered_and_whose(own) -> None:  # type: ignore[no-untyped-def]
    scope = signoff_scope(own, period=MARCH)
    assert scope.count == 3 and dict(scope.by_user) == {"alice": 2, "tester": 1}
    assert scope.own_entries == 1 and scope.self_review
    text = scope.confirmation()
    assert text.startswith("Sign off 3 entries (2 to 4) by alice (2), tester (1).")
    assert "1 of these entries are your own" in text


def test_an_administrator_signs_off_own_entries_only_with_a_reason_and_it_is_flagged(own) -> None:  # type: ignore[no-untyped-def]
    n = own.log.count()
    with pytest.raises(SelfReviewRefused, match="give the reason"):
        sign_off(own, "March reviewed", period=MARCH)
    assert own.log.count() == n
    entry = sign_off(own, "March reviewed", period=MARCH, self_review_reason="sole officer")
    assert entry.details["self_review"] == {"entries": 1, "reason": "sole officer"}
    assert entry.details["users"] == {"alice": 2, "tester": 1}
    [found] = signoffs(own.engine)
    assert found.self_review and found.self_review_reason == "sole officer"
    # signed-off entries can be asked for, and the rest
    assert count(own.engine, ReviewFilter(signed_off=True)) == 3
    assert count(own.engine, ReviewFilter(signed_off=False)) == n + 1 - 3


def test_a_reviewer_may_not_sign_off_own_entries_even_with_a_reason(own) -> None:  # type: ignore[no-untyped-def]
    set_profile(own.engine, "tester", "Tess", "", role="reviewer")
    with pytest.raises(SelfReviewRefused, match="a reviewer may not sign off their own"):
        sign_off(own, "March reviewed", period=MARCH, self_review_reason="please")
    entry = sign_off(own, "alice's entries", seqs=[2, 4])  # someone else's: fine
    assert entry.details["count"] == 2 and "self_review" not in entry.details


def test_anomalies_are_worked_to_closure_by_id(workspace) -> None:  # type: ignore[no-untyped-def]
    review_workspace(workspace)
    found = run_anomalies(workspace.engine, START, END)
    again = run_anomalies(workspace.engine, START, END)
    assert [a.id for a in found] == [a.id for a in again]  # stable: rule + entries
    assert len({a.id for a in found}) == len(found)
    first, second = found[0], found[1]
    with pytest.raises(WorkRefused, match="write a note"):
        work_anomaly(workspace, first, Action.RESOLVE, "  ")
    work_anomaly(workspace, first, Action.ACKNOWLEDGE)
    assert state_of(first, states(workspace.engine)) is AnomalyState.ACKNOWLEDGED
    entry = work_anomaly(workspace, first, "resolve", "account was reassigned the day before")
    assert entry.details["seqs"] == list(first.seqs) and entry.account_id == first.account_id
    work_anomaly(workspace, second, Action.ESCALATE, "sent to the compliance manager")
    last = states(workspace.engine)
    assert state_of(first, last) is AnomalyState.RESOLVED
    assert state_of(second, last) is AnomalyState.ESCALATED
    assert first not in still_open(found, last) and second in still_open(found, last)
    # a sign-off's scope names the anomalies still open among its entries
    scope = signoff_scope(workspace, seqs=[*first.seqs, *second.seqs])
    assert [a.id for a in scope.open_anomalies] == [second.id]
    assert workspace.log.verify().ok
