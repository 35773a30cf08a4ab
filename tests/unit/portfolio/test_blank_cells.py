"""Re-importing an account: an empty cell never erases what is stored, unless asked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from skiptrace.cli import main
from skiptrace.model import AccountStatus
from skiptrace.store.accounts import load_debtor
from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import open_workspace
from tests.helpers.workspaces import ACTOR

HEADER = (
    "account_id,first_name,last_name,dob,ssn,address1,address2,city,state,zip,phone,phone2,"
    "email,creditor,balance,assigned_to,status"
)
FULL = (
    "A-1,Ann,Lee,1979-04-12,123-45-6789,12 Main St,Apt 4,Akron,OH,44301,3305550101,"
    "3305550199,ann@example.com,Valley Medical,250.00,maria,cease-contact"
)
BLANKS = "A-1,Ann,Lee,,,,,,,,,,,,,,"


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws = open_workspace(to_url(str(tmp_path / "ws.sqlite")), actor=ACTOR)
    try:
        with ws.engine.connect() as conn:
            return load_debtor(conn, "A-1", ws.cipher)
    finally:
        ws.close()


def assert_everything_kept(d) -> None:  # type: ignore[no-untyped-def]
    assert d is not None
    assert d.addresses[0].one_line() == "12 Main St Apt 4, Akron, OH 44301"
    assert [p.number for p in d.phones] == ["3305550101", "3305550199"]
    assert d.emails == ("ann@example.com",)
    assert (d.creditor, d.balance, d.assigned_to) == ("Valley Medical", Decimal("250.00"), "maria")
    assert d.status is AccountStatus.CEASE_CONTACT
    assert d.ssn == "123456789" and d.dob is not None and d.dob.year == 1979


def test_empty_cells_keep_stored_values(cli, tmp_path):
    assert cli("import", str(write(tmp_path, "first.csv", HEADER, FULL))).code == 0
    run = cli("import", str(write(tmp_path, "again.csv", HEADER, BLANKS)))
    assert run.code == 0 and "1 unchanged" in run.out
    assert_everything_kept(stored(tmp_path))


def test_a_partial_update_changes_only_what_it_gives(cli, tmp_path):
    assert cli("import", str(write(tmp_path, "first.csv", HEADER, FULL))).code == 0
    update = "A-1,Ann,Lee,,,12 Main St,,,,,,3305550177,,,99.00,,"
    run = cli("import", str(write(tmp_path, "u.csv", HEADER, update)))
    assert run.code == 0 and "1 updated" in run.out
    d = stored(tmp_path)
    assert d is not None
    assert d.addresses[0].one_line() == "12 Main St Apt 4, Akron, OH 44301"  # same street
    assert [p.number for p in d.phones] == ["3305550101", "3305550177"]
    assert d.balance == Decimal("99.00") and d.creditor == "Valley Medical"
    assert d.status is AccountStatus.CEASE_CONTACT
    # a new street address is a new address: the old apartment does not follow it
    moved = "A-1,Ann,Lee,,,9 Oak Rd,,Kent,OH,44240,,,,,,,"
    assert cli("import", str(write(tmp_path, "m.csv", HEADER, moved))).code == 0
    d = stored(tmp_path)
    assert d is not None and d.addresses[0].one_line() == "9 Oak Rd, Kent, OH 44240"


def test_a_file_with_fewer_columns_keeps_the_rest(cli, tmp_path):
    assert cli("import", str(write(tmp_path, "first.csv", HEADER, FULL))).code == 0
    run = cli("import", str(write(tmp_path, "few.csv", "account_id,last_name", "A-1,Lee")))
    assert run.code == 0 and "1 unchanged" in run.out
    assert_everything_kept(stored(tmp_path))


def test_blank_clears_erases_only_in_the_columns_the_file_has(cli, tmp_path):
    assert cli("import", str(write(tmp_path, "first.csv", HEADER, FULL))).code == 0
    few = write(tmp_path, "few.csv", "account_id,last_name,balance,phone2", "A-1,Lee,,")
    run = cli("import", str(few), "--blank-clears")
    assert run.code == 0 and "1 updated" in run.out
    d = stored(tmp_path)
    assert d is not None
    assert d.balance is None and [p.number for p in d.phones] == ["3305550101"]
    assert d.creditor == "Valley Medical" and d.addresses and d.ssn == "123456789"
    run = cli("import", str(write(tmp_path, "all.csv", HEADER, BLANKS)), "--blank-clears")
    assert run.code == 0
    d = stored(tmp_path)
    assert d is not None
    assert (d.addresses, d.phones, d.emails, d.creditor, d.assigned_to) == ((), (), (), "", "")
    assert d.ssn == "" and d.dob is None
    assert d.status is AccountStatus.CEASE_CONTACT  # a blank status never reopens one


def test_help_says_how_to_let_a_blank_erase(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--blank-clears" in text and "an empty cell keeps" in text
    assert "--rejects-full" in text
