"""The log review answers the review window from a real SQLite workspace: who may open it,
counts and pages of a filter, entries, sign-offs, the anomaly pass and the exports."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from skiptrace.gate.roles import RoleRefused
from skiptrace.model import Workstation
from skiptrace.review.log_review import LogReview
from skiptrace.review.profiles import set_profile
from skiptrace.review.query import Paging, ReviewFilter
from skiptrace.workspace.workspace import Workspace
from tests.helpers.loggen import bulk_append, search
from tests.helpers.reviewdata import END, START, clean_log, plant_all


@pytest.fixture
def logged(workspace: Workspace) -> Workspace:
    bulk_append(
        workspace,
        [search(f"2026-03-0{d}T10:00:00.000000Z", "alice", f"A-{d}") for d in range(2, 8)],
    )
    return workspace


def test_only_reviewers_and_administrators_may_open_it(workspace: Workspace) -> None:
    assert isinstance(LogReview.for_reviewer(workspace), LogReview)  # the only user: admin
    set_profile(workspace.engine, "tester", "Tess", "", role="collector")
    with pytest.raises(RoleRefused, match="may not open the review window"):
        LogReview.for_reviewer(workspace)
    set_profile(workspace.engine, "rita", "Reyes", "", role="reviewer")
    rita = replace(workspace, actor=Workstation("rita", "test-host", "0.1.0"))
    assert isinstance(LogReview.for_reviewer(rita), LogReview)


def test_count_pages_and_entries_follow_the_filter(logged: Workspace) -> None:
    review = LogReview(logged)
    everything = review.count(ReviewFilter())
    assert everything == logged.log.count() == 7  # workspace.created and six searches
    march = ReviewFilter(date_from=date(2026, 3, 3), date_to=date(2026, 3, 5))
    assert review.count(march) == 3
    newest = review.matching_seqs(ReviewFilter(), Paging(limit=3))
    assert newest == [7, 6, 5]
    assert review.matching_seqs(ReviewFilter(), Paging(limit=3, offset=5)) == [2, 1]
    by_account = review.matching_seqs(march, Paging(limit=10, sort="account", descending=False))
    assert by_account == [3, 4, 5]
    entries = review.entries([4, 2, 99])
    assert sorted(entries) == [2, 4] and entries[4].account_id == "A-4"


def test_a_sign_off_is_a_new_entry_covering_what_was_named(logged: Workspace) -> None:
    review = LogReview(logged)
    assert review.signoffs() == []
    entry = review.sign_off("Checked the first searches; purposes fit", seqs=[2, 3])
    assert entry.event == "review.signoff" and entry.details["count"] == 2
    period = ReviewFilter(date_from=date(2026, 3, 6), date_to=date(2026, 3, 7))
    review.sign_off("Checked the end of the week", period=period)
    first, second = review.signoffs()
    assert first.covers(2) and first.covers(3) and not first.covers(4)
    assert second.covers(6) and second.covers(7) and second.reviewer == "tester"
    assert logged.log.verify().ok


def test_anomalies_are_found_over_the_days_asked(workspace: Workspace) -> None:
    log = clean_log(workspace)
    log.write()
    review = LogReview(workspace)
    assert review.anomalies(START, END) == []
    planted = clean_log(workspace)
    plant_all(planted)
    planted.write()
    found = review.anomalies(START, END)
    assert found and [a.seqs[0] for a in found] == sorted(a.seqs[0] for a in found)
    users = {a.user for a in found}
    one = sorted(users)[0]
    assert all(one in a.user.split(", ") for a in review.anomalies(START, END, users=[one]))


def test_exports_write_the_filtered_entries_or_a_pack(logged: Workspace, tmp_path: Path) -> None:
    review = LogReview(logged)
    march = ReviewFilter(date_from=date(2026, 3, 3), date_to=date(2026, 3, 5))
    out = review.export(march, "csv", tmp_path / "march.csv")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["account_id"] for r in rows] == ["A-3", "A-4", "A-5"]
    pack = review.export(march, "pdf", tmp_path / "march.pdf")
    assert pack.read_bytes().startswith(b"%PDF")
