"""Importing in a child process: same result, same log entry, progress, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from skiptrace.portfolio.import_process import import_in_process
from skiptrace.portfolio.importer import READING, SAVING, ImportProgress, import_portfolio
from skiptrace.portfolio.reader import PortfolioError
from skiptrace.searchlog.events import PORTFOLIO_IMPORTED
from skiptrace.store.accounts import count_accounts, load_debtor

HEADER = "account_id,first_name,last_name,ssn,zip,phone\n"


def rows(n: int, start: int = 0) -> str:
    return "".join(
        f"P-{i:05d},Ada,Quill,{123451000 + i},10001,212555{i % 10000:04d}\n"
        for i in range(start, start + n)
    )


def test_progress_counts_rows_read_then_accounts_saved(workspace, tmp_path: Path):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + rows(2500))
    seen: list[ImportProgress] = []
    import_portfolio(workspace, path, progress=seen.append)
    reading = [p for p in seen if p.stage == READING]
    saving = [p for p in seen if p.stage == SAVING]
    assert reading[0] == ImportProgress(READING, 0, 2500)
    assert reading[-1] == ImportProgress(READING, 2500, 2500)
    assert [p.done for p in saving] == [0, 2000, 2500]
    assert all(p.total == 2500 for p in saving)


def test_child_process_imports_and_logs_with_the_workspace_keys(workspace, tmp_path: Path):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + rows(1200))
    seen: list[ImportProgress] = []
    report = import_in_process(workspace, path, progress=seen.append)
    assert (report.rows, report.created, report.rejected) == (1200, 1200, 0)
    assert seen[-1] == ImportProgress(SAVING, 1200, 1200)
    with workspace.engine.connect() as conn:
        assert count_accounts(conn) == 1200
        debtor = load_debtor(conn, "P-00007", workspace.cipher)  # encrypted with our key
        assert debtor is not None and debtor.ssn == "123451007"
    last = list(workspace.log.entries())[-1]
    assert last.event == PORTFOLIO_IMPORTED and last.details["created"] == 1200
    assert last.user == workspace.actor.user
    assert workspace.log.verify().ok  # the child's entry chains on with our log key


def test_child_process_refuses_a_bad_file_and_imports_nothing(workspace, tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + rows(3) + "P-9,Bo,Rell,,1234x,2125550101\n")
    before = len(list(workspace.log.entries()))
    with pytest.raises(PortfolioError) as refused:
        import_in_process(workspace, path)
    assert [(e.row, e.column) for e in refused.value.errors] == [(5, "zip")]
    with workspace.engine.connect() as conn:
        assert count_accounts(conn) == 0
    assert len(list(workspace.log.entries())) == before
