"""Each anomaly rule finds what was planted for it, with its reason; clean work raises none."""

from __future__ import annotations

import pytest

from skiptrace.review.anomaly_pass import run_anomalies
from skiptrace.review.rules import DEFAULT_RULES
from skiptrace.review.settings import save_params
from tests.helpers.reviewdata import END, START, clean_log, plant_all


@pytest.fixture
def planted(workspace):  # type: ignore[no-untyped-def]
    log = clean_log(workspace)
    plant_all(log)
    log.write()
    return log


def test_clean_activity_raises_no_anomaly(workspace) -> None:  # type: ignore[no-untyped-def]
    log = clean_log(workspace)
    log.write()
    assert run_anomalies(workspace.engine, START, END) == []


@pytest.mark.parametrize("rule", [r.name for r in DEFAULT_RULES])
def test_each_rule_finds_what_was_planted_for_it(planted, rule: str) -> None:  # type: ignore[no-untyped-def]
    found = [a for a in run_anomalies(planted.ws.engine, START, END) if a.rule == rule]
    kinds = {k: v for k, v in planted.planted.items() if k.split(":")[0] == rule}
    assert kinds, f"nothing planted for {rule}"
    for kind, seqs in kinds.items():
        phrase = kind.split(":", 1)[1]
        hits = [a for a in found if set(seqs) & set(a.seqs)]
        assert hits, f"{kind}: no anomaly for entries {seqs}"
        assert any(phrase in a.reason for a in hits), [a.reason for a in hits]
    # nothing else: every finding of this rule is about a planted entry (a volume spike
    # names all of that day's searches, the ordinary ones included)
    planted_seqs = {s for seqs in kinds.values() for s in seqs}
    assert all(set(a.seqs) & planted_seqs for a in found), [a.reason for a in found]


def test_only_planted_entries_are_flagged(planted) -> None:  # type: ignore[no-untyped-def]
    found = run_anomalies(planted.ws.engine, START, END)
    planted_seqs = {s for seqs in planted.planted.values() for s in seqs}
    assert planted_seqs <= {s for a in found for s in a.seqs}
    assert all(set(a.seqs) & planted_seqs for a in found), [a.reason for a in found]


def test_parameters_come_from_settings(planted) -> None:  # type: ignore[no-untyped-def]
    save_params(planted.ws.engine, "copied-justification", {"min_accounts": 50})
    rules = {a.rule for a in run_anomalies(planted.ws.engine, START, END)}
    assert "copied-justification" not in rules
    assert "off-hours" in rules


def test_default_timezone_is_local_time(planted) -> None:  # type: ignore[no-untyped-def]
    save_params(planted.ws.engine, "off-hours", {"timezone": ""})
    reasons = [a.reason for a in run_anomalies(planted.ws.engine, START, END)]
    assert any("local time" in r for r in reasons)
