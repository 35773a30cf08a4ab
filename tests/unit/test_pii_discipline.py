"""No full SSN or date of birth in the log table, the application log or exception text."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from skiptrace.applog import setup_logging
from skiptrace.cli import main
from skiptrace.gate.request import PurposeRefused, SearchRequest
from skiptrace.gate.search_entries import run_search
from tests.helpers.workspaces import sample_debtor

SSN = "123456789"
SECRETS = ["123456789", "123-45-6789", "1979-04-12", "04/12/1979", "19790412"]


def scan(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_search_log_holds_only_masked_inputs(workspace):
    debtor = sample_debtor(ssn=SSN)
    request = SearchRequest(
        debtor, ("fcra-604a3a",), f"Debtor gave SSN {SSN[:3]}-{SSN[3:5]}-{SSN[5:]} on the phone"
    )
    run_search(workspace.log, request, [])
    workspace.log.append("note", details={"oops": f"ssn {SSN} in details", "nested": [SSN]})
    workspace.engine.dispose()
    con = sqlite3.connect(workspace.path)
    dump = "\n".join(con.iterdump())
    con.close()
    assert scan(dump) == []
    assert "***-**-6789" in dump  # the masked form is what the log keeps


def test_application_log_is_scrubbed(tmp_path: Path):
    path = setup_logging(path=tmp_path / "app.log")
    log = logging.getLogger("skiptrace.test")
    log.info("looking up %s born %s", "123-45-6789", "1979-04-12")
    try:
        raise ValueError("bad SSN 123456789 for DOB 04/12/1979")
    except ValueError:
        log.exception("failure")
    for h in logging.getLogger("skiptrace").handlers:
        h.flush()
    text = path.read_text()
    assert scan(text) == [], text
    assert "***-**-6789" in text


def test_exceptions_and_reprs_do_not_carry_pii(workspace):
    debtor = sample_debtor(ssn=SSN)
    assert scan(repr(debtor)) == []
    with pytest.raises(PurposeRefused) as err:
        SearchRequest(debtor, (), "x")
    assert scan(str(err.value)) == [] and scan(repr(err.value)) == []
    request = SearchRequest(debtor, ("fcra-604a3a",), "Returned mail, need a new address")
    assert scan(repr(request)) == []
    assert "key" not in repr(workspace.cipher).replace("<key hidden>", "")


def test_cli_import_errors_do_not_echo_pii(tmp_path: Path, capsys):
    ws = tmp_path / "ws.sqlite"
    assert main(["--workspace", str(ws), "init"]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("account_id,first_name,last_name,dob,ssn\nA,Ann,Lee,1979-04-32,12345678\n")
    assert main(["--workspace", str(ws), "import", str(bad)]) == 1
    out = capsys.readouterr()
    assert "bad.csv, row 2, column dob" in out.err
    assert scan(out.err + out.out) == [] and "1979-04-32" not in out.err
