"""Sign-off appends and never edits; roles are enforced by the core."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from skiptrace.gate.roles import MAY_SEARCH, Role, RoleRefused, require_role, role_of
from skiptrace.review.profiles import set_profile
from skiptrace.review.query import ReviewFilter
from skiptrace.review.signoff import SignOffError, parse_ranges, sign_off, signoffs
from tests.helpers.loggen import bulk_append, search


def _rows(path) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    con = sqlite3.connect(path)
    rows = con.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
    con.close()
    return rows


@pytest.fixture
def logged(workspace):  # type: ignore[no-untyped-def]
    bulk_append(
        workspace,
        [search(f"2026-03-0{d}T10:00:00.000000Z", "alice", f"A-{d}") for d in range(2, 8)],
    )
    return workspace


def test_signoff_is_a_new_entry_and_changes_nothing_old(logged) -> None:  # type: ignore[no-untyped-def]
    before = _rows(logged.path)
    entry = sign_off(logged, "Checked March week one; all purposes fit", ranges=[(2, 4)], seqs=[6])
    after = _rows(logged.path)
    assert after[: len(before)] == before
    assert len(after) == len(before) + 1
    assert entry.event == "review.signoff" and entry.justification.startswith("Checked March")
    assert entry.details["ranges"] == [[2, 4], [6, 6]] and entry.details["count"] == 4
    assert entry.details["through_hash"] == logged.log.get(6).hash
    assert logged.log.verify().ok
    [found] = signoffs(logged.engine)
    assert found.covers(3) and not found.covers(5) and found.reviewer == "tester"


def test_signoff_of_a_period(logged) -> None:  # type: ignore[no-untyped-def]
    period = ReviewFilter(date_from=date(2026, 3, 3), date_to=date(2026, 3, 5))
    entry = sign_off(logged, "Period reviewed, nothing found", period=period)
    assert entry.details["ranges"] == [[3, 5]]
    assert entry.details["filters"] == {"date_from": "2026-03-03", "date_to": "2026-03-05"}


def test_signoff_refuses_nothing_missing_or_silent(logged) -> None:  # type: ignore[no-untyped-def]
    n = logged.log.count()
    with pytest.raises(SignOffError, match="needs a note"):
        sign_off(logged, "   ", seqs=[2])
    with pytest.raises(SignOffError, match="does not exist"):
        sign_off(logged, "reviewed", seqs=[999])
    march = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
    with pytest.raises(SignOffError, match="nothing to sign off"):
        sign_off(logged, "reviewed", period=ReviewFilter(users=("nobody",), **march))
    with pytest.raises(SignOffError, match="needs both a From and a To date"):
        sign_off(logged, "reviewed", period=ReviewFilter(users=("alice",)))  # not a period
    with pytest.raises(SignOffError, match="not a sequence range"):
        parse_ranges("3-1")
    assert logged.log.count() == n


def test_roles(workspace) -> None:  # type: ignore[no-untyped-def]
    # nobody listed: the single user is the administrator
    assert role_of(workspace.engine, "tester") is Role.ADMINISTRATOR
    set_profile(workspace.engine, "rita", "Reyes", "", role="reviewer")
    set_profile(workspace.engine, "carl", "Cole", "", role="collector")
    assert role_of(workspace.engine, "tester") is None
    assert role_of(workspace.engine, "rita") is Role.REVIEWER
    with pytest.raises(RoleRefused, match="'rita' \\(reviewer\\) may not run a search"):
        require_role(workspace.engine, "rita", MAY_SEARCH, "run a search")
    assert require_role(workspace.engine, "carl", MAY_SEARCH, "run a search") is Role.COLLECTOR


def test_collector_cannot_sign_off(logged) -> None:  # type: ignore[no-untyped-def]
    set_profile(logged.engine, "tester", "Tess", "", role="collector")
    with pytest.raises(RoleRefused, match="may not sign off"):
        sign_off(logged, "looks fine to me", seqs=[2])


def test_digests_in_details_are_not_masked_as_ssns(workspace) -> None:  # type: ignore[no-untyped-def]
    digest = "ab" + "123456789" + "c" * 53  # nine digits in a row, as hashes sometimes have
    entry = workspace.log.append(
        "review.signoff", details={"through_hash": digest, "note": "ssn 123456789"}
    )
    assert entry.details["through_hash"] == digest
    assert entry.details["note"] == "ssn ***-**-6789"
