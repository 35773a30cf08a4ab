"""The purpose gate: no search without a permissible purpose and a justification."""

from __future__ import annotations

import pytest

from skiptrace.gate.request import PurposeRefused, SearchRequest
from skiptrace.gate.search_entries import run_search
from skiptrace.model import SubjectType
from skiptrace.searchlog.events import SEARCH_COMPLETED, SEARCH_STARTED
from tests.helpers.workspaces import sample_debtor

GOOD = "Mail returned undeliverable; need a current address"


class CountingSource:
    id = "fake"

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, request: SearchRequest) -> str:
        self.calls += 1
        return "answer"


@pytest.mark.parametrize(
    ("codes", "justification", "subject", "says"),
    [
        ((), GOOD, SubjectType.DEBTOR, "no permissible purpose"),
        (("fcra-604a3a",), "too short", SubjectType.DEBTOR, "at least 20"),
        (("fcra-604a3a",), "   \t\n   " * 5, SubjectType.DEBTOR, "justification is required"),
        (
            ("fcra-604a3a",),
            "!!!!!!!!!!........,,,,,,;;;;;",
            SubjectType.DEBTOR,
            "justification is required",
        ),
        (("fcra-9999",), GOOD, SubjectType.DEBTOR, "unknown purpose code"),
        (("dppa-2721b3",), GOOD, SubjectType.THIRD_PARTY, "does not cover a third-party"),
        (("fcra-604a3a", "dppa-2721b3"), GOOD, SubjectType.CO_OBLIGOR, "dppa-2721b3"),
    ],
)
def test_refused_requests_log_nothing_and_call_nothing(
    workspace, codes, justification, subject, says
):
    source = CountingSource()
    before = workspace.log.count()
    with pytest.raises(PurposeRefused, match=says):
        request = SearchRequest(sample_debtor(), codes, justification, subject)
        run_search(workspace.log, request, [source])
    assert source.calls == 0
    assert workspace.log.count() == before
    events = [e.event for e in workspace.log.entries()]
    assert SEARCH_STARTED not in events


def test_justification_of_exactly_twenty_characters_is_enough():
    request = SearchRequest(sample_debtor(), ("fcra-604a3a",), "Returned mail 11/20.")
    assert request.justification == "Returned mail 11/20."


def test_search_is_logged_before_the_source_is_asked(workspace):
    seen_at_call: list[list[str]] = []

    class Spy:
        id = "spy"

        def __call__(self, request: SearchRequest) -> str:
            seen_at_call.append([e.event for e in workspace.log.entries()])
            return "ok"

    request = SearchRequest(sample_debtor(), ("fcra-604a3a", "glba-6802e1"), GOOD)
    run = run_search(workspace.log, request, [Spy()])
    assert seen_at_call[0][-1] == SEARCH_STARTED
    assert run.started.purposes == ("fcra-604a3a", "glba-6802e1")
    assert run.started.justification == GOOD
    assert run.started.details["connectors"] == ["spy"]
    assert run.completed.event == SEARCH_COMPLETED
    assert run.completed.details["outcomes"]["spy"]["status"] == "ok"


def test_a_log_that_cannot_be_written_means_no_search(workspace):
    from skiptrace.searchlog.log import LogUnavailable

    source = CountingSource()
    workspace.engine.dispose()
    path = workspace.path
    assert path is not None
    # make the database refuse writes: the log table is gone
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("DROP TABLE log_head")
    con.commit()
    con.close()
    request = SearchRequest(sample_debtor(), ("fcra-604a3a",), GOOD)
    with pytest.raises(LogUnavailable, match="nothing was searched"):
        run_search(workspace.log, request, [source])
    assert source.calls == 0


def test_default_purpose_is_logged_as_default(workspace):
    request = SearchRequest(sample_debtor(), ("fcra-604a3a",), GOOD, purpose_is_default=True)
    run = run_search(workspace.log, request, [])
    assert run.started.purpose_source == "default"


def test_a_source_that_raises_is_reported_and_the_search_completes(workspace):
    class Broken:
        id = "broken"

        def __call__(self, request: SearchRequest) -> str:
            raise RuntimeError("upstream changed")

    ok = CountingSource()
    request = SearchRequest(sample_debtor(), ("fcra-604a3a",), GOOD)
    run = run_search(workspace.log, request, [Broken(), ok])
    assert [r.status for r in run.results] == ["error", "ok"]
    assert ok.calls == 1


def test_a_reviewer_may_not_search_and_the_attempt_is_logged(workspace):
    from skiptrace.gate.roles import Role, RoleRefused, add_member

    add_member(workspace, "tester", Role.ADMINISTRATOR)
    add_member(workspace, "rita", Role.REVIEWER)
    source = CountingSource()
    reviewer_log = type(workspace.log)(
        workspace.engine, workspace.log._key, workspace.actor.__class__("rita", "h", "0.1.0")
    )
    request = SearchRequest(sample_debtor(), ("fcra-604a3a",), GOOD)
    with pytest.raises(RoleRefused, match="'rita' \\(reviewer\\) may not run a search"):
        run_search(reviewer_log, request, [source])
    assert source.calls == 0
    last = list(workspace.log.entries())[-1]
    assert (last.event, last.user) == ("search.refused", "rita")
    assert SEARCH_STARTED not in [e.event for e in workspace.log.entries()]
