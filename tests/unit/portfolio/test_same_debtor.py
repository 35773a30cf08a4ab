"""The same debtor across accounts: linked after an import, reported, listed by the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from skiptrace.portfolio.importer import ImportReport, import_portfolio
from skiptrace.portfolio.same_debtor import SameDebtorReason, SameDebtors
from skiptrace.searchlog.events import PORTFOLIO_IMPORTED
from skiptrace.workspace.workspace import Workspace
from tests.helpers.cli import run_cli

HEADER = "account_id,first_name,last_name,dob,ssn,address1,city,state,zip,phone,creditor"


def write(tmp_path: Path, name: str, *rows: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def imported(workspace: Workspace, tmp_path: Path, name: str, *rows: str) -> ImportReport:
    """Import a file of these rows (under the shared header) and report."""
    return import_portfolio(workspace, write(tmp_path, name, *rows))


def test_same_ssn_is_linked_across_imports(workspace, tmp_path):
    imported(workspace, tmp_path, "metro.csv",
        "ACC-1,Robert,Kowalski,1979-04-12,123-45-6789,12 Main St,Columbus,OH,43215,,"
        "Metro Utilities")  # fmt: skip
    # another creditor's file: a married name, a new address, the same SSN
    report = imported(workspace, tmp_path, "valley.csv",
        "VM-9,Rob,Nowak,,123456789,4 Elm Ave,Dayton,OH,45402,,Valley Medical")  # fmt: skip
    assert [(x.account_id, x.other_id, x.reason) for x in report.same_debtor] == [
        ("VM-9", "ACC-1", SameDebtorReason.SSN)
    ]
    linked = SameDebtors(workspace).of("VM-9")
    assert [(x.account_id, x.creditor, x.reason) for x in linked] == [
        ("ACC-1", "Metro Utilities", "same SSN")
    ]
    assert linked[0].sentence() == (
        "the same debtor may also owe on ACC-1 to Metro Utilities (same SSN)"
    )
    assert [x.account_id for x in SameDebtors(workspace).of("ACC-1")] == ["VM-9"]
    entry = list(workspace.log.entries())[-1]
    assert (entry.event, entry.details["same_debtor_links"]) == (PORTFOLIO_IMPORTED, 1)
    assert "123" not in entry.details_json and "Kowalski" not in entry.details_json


def test_same_name_and_dob_is_linked_nickname_and_all(workspace, tmp_path):
    report = imported(workspace, tmp_path, "two.csv",
        "A-1,Robert,Kowalski,1979-04-12,,12 Main St,Columbus,OH,43215,,Metro",
        "B-7,Bob,KOWALSKI,04/12/1979,,88 Lake Rd,Toledo,OH,43604,,Valley")  # fmt: skip
    assert [(x.account_id, x.other_id, x.reason) for x in report.same_debtor] == [
        ("A-1", "B-7", SameDebtorReason.NAME_DOB)
    ]
    assert [x.account_id for x in SameDebtors(workspace).of("B-7")] == ["A-1"]


def test_a_namesake_with_another_dob_is_not_linked(workspace, tmp_path):
    report = imported(workspace, tmp_path, "namesakes.csv",
        "A-1,Robert,Kowalski,1979-04-12,,12 Main St,Columbus,OH,43215,,Metro",
        # same name, same house even: born 1952, the father
        "A-2,Robert,Kowalski,1952-09-30,,12 Main St,Columbus,OH,43215,,Valley",
        # same name, another SSN: another person, whatever else agrees
        "A-3,Robert,Kowalski,,111-22-3333,9 Oak St,Erie,PA,16501,,Metro",
        "A-4,Robert,Kowalski,,444-55-6666,9 Oak St,Erie,PA,16501,,Valley")  # fmt: skip
    assert report.same_debtor == ()
    assert SameDebtors(workspace).of("A-1") == []


def test_same_name_and_phone_links_when_nothing_says_otherwise(workspace, tmp_path):
    report = imported(workspace, tmp_path, "phones.csv",
        "A-1,Dana,Whitfield,,,12 Main St,Columbus,OH,43215,(614) 555-0134,Metro",
        "A-2,Dana,Whitfield,,,7 Pine Ct,Akron,OH,44301,614.555.0134,Valley")  # fmt: skip
    assert [x.reason for x in report.same_debtor] == [SameDebtorReason.NAME_PHONE]


def test_a_reimport_reports_no_link_twice(workspace, tmp_path):
    path = write(tmp_path, "two.csv",
                 "A-1,Robert,Kowalski,,123456789,,,,,,Metro",
                 "A-2,Robert,Kowalski,,123456789,,,,,,Valley")  # fmt: skip
    assert len(import_portfolio(workspace, path).same_debtor) == 1
    assert import_portfolio(workspace, path).same_debtor == ()
    assert [x.account_id for x in SameDebtors(workspace).of("A-1")] == ["A-2"]


def test_cli_import_reports_and_account_lists_linked(workspace, tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "two.csv",
                 "A-1,Robert,Kowalski,1979-04-12,,,,,,,Metro Utilities",
                 "A-2,Rob,Kowalski,1979-04-12,,,,,,,Valley Medical")  # fmt: skip
    where = str(workspace.path)
    workspace.close()
    run = run_cli(capsys, monkeypatch, "--workspace", where, "import", str(path))
    assert run.code == 0, run.err
    assert "possible same-person accounts (1):" in run.out
    assert "A-1 and A-2: same name and date of birth" in run.out
    run = run_cli(capsys, monkeypatch, "--workspace", where, "account", "A-2", "--json")
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    assert doc["linked_accounts"] == [
        {
            "account_id": "A-1",
            "creditor": "Metro Utilities",
            "balance": "",
            "status": "open",
            "reason": "same name and date of birth",
        }
    ]
    assert "1979-04-12" not in run.out
    run = run_cli(capsys, monkeypatch, "--workspace", where, "account", "A-1")
    assert "the same debtor may also owe on A-2 to Valley Medical" in run.out
