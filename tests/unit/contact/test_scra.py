"""SCRA files: the request byte for byte, the result loaded, malformed lines refused by
number, and the PII use logged before anything is decrypted."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest

from skiptrace.cli import main
from skiptrace.contact.scra_layout import (
    REQUEST_FIELDS,
    REQUEST_LENGTH,
    RESULT_FIELDS,
    RESULT_LENGTH,
)
from skiptrace.contact.scra_request import write_request_file
from skiptrace.contact.scra_result import ScraFileError, ScraStatus, latest_scra, load_result_file
from skiptrace.model import Address
from skiptrace.searchlog.events import PII_USED, SCRA_RESULT
from skiptrace.store.accounts import save_debtors
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace
from tests.helpers.cli import run_cli
from tests.helpers.workspaces import sample_debtor

# The request line for sample_debtor("A-1") on 2026-06-01, position by position
EXPECTED = (
    "123456789"  # 1-9 SSN
    "19790412"  # 10-17 DOB
    + "KOWALSKI".ljust(26)  # 18-43 last name
    + "ROBERT".ljust(20)  # 44-63 first name
    + "A-1".ljust(28)  # 64-91 customer record id
    + "20260601"  # 92-99 active duty status date
    + "J".ljust(20)  # 100-119 middle name
)


def result_line(
    request: str,
    active: str = "N",
    left: str = "N",
    future: str = "N",
    end: str = "",
    begin: str = "",
    cert: str = "ABCD1234EFGH5678",
) -> str:
    """A 184-character result line echoing a request line, in the layout of RESULT_FIELDS."""
    head = request[:99]
    tail = (
        active
        + left
        + future
        + end.ljust(8)
        + "0"
        + " "
        + "20260602"
        + begin.ljust(8)
        + " " * 16
        + "AF"
        + "  "
        + request[99:119]
        + cert.ljust(16)
    )
    line = head + tail
    assert len(line) == RESULT_LENGTH
    return line


@pytest.fixture
def accounts(workspace: Workspace) -> Workspace:
    people = [
        sample_debtor("A-1"),
        sample_debtor("A-2", first_name="José", last_name="Nuñez-Ortíz", middle_name=""),
        sample_debtor("A-3", ssn="", ssn_last4="", dob=None),
    ]
    with write_connection(workspace.engine) as conn, conn.begin():
        save_debtors(conn, people, workspace.cipher, "test")
    return workspace


def test_layouts_are_contiguous() -> None:
    for fields, length in ((REQUEST_FIELDS, REQUEST_LENGTH), (RESULT_FIELDS, RESULT_LENGTH)):
        pos = 1
        for f in fields:
            assert f.start == pos, f.name
            pos = f.end + 1
        assert pos - 1 == length


def test_request_file_byte_for_byte_private_and_logged(accounts: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "scra-request.txt"
    before = accounts.log.count()
    report = write_request_file(
        accounts,
        ["A-1", "A-2", "A-3"],
        "fcra-604a3a",
        "suit to be filed on A-1, A-2",
        out,
        date(2026, 6, 1),
    )
    body = out.read_bytes()
    second = "123456789" + "19790412" + "NUNEZ-ORTIZ".ljust(26)
    assert body == (EXPECTED + "\n").encode("ascii") + body[REQUEST_LENGTH + 1 :]
    lines = body.decode("ascii").split("\n")
    assert [len(x) for x in lines] == [119, 119, 0]
    assert lines[1].startswith(second + "JOSE".ljust(20) + "A-2".ljust(28) + "20260601")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert report.written == 2 and report.skipped == (("A-3", "no full SSN on file"),)
    used = [e for e in accounts.log.entries(before + 1)]
    assert [(e.event, e.account_id) for e in used] == [(PII_USED, "A-1"), (PII_USED, "A-2")]
    assert used[0].purposes == ("fcra-604a3a",) and used[0].justification.startswith("suit")
    assert used[0].details["fields"] == ["ssn", "dob"]
    assert "123456789" not in json.dumps([dict(e.details) for e in used])


def test_result_file_loads_statuses_dates_and_certificate(
    accounts: Workspace, tmp_path: Path
) -> None:
    lines = [
        result_line(EXPECTED, active="X", begin="20250115", cert="CERT0000000000A1"),
        result_line(EXPECTED.replace("A-1".ljust(28), "A-2".ljust(28)), left="Y", end="20260201"),
        result_line(EXPECTED.replace("A-1".ljust(28), "A-3".ljust(28))),
    ]
    path = tmp_path / "result.txt"
    path.write_text("\n".join(lines) + "\n")
    loaded = load_result_file(accounts, path)
    assert [(r.account_id, r.status) for r in loaded] == [
        ("A-1", ScraStatus.ACTIVE_DUTY),
        ("A-2", ScraStatus.LEFT_ACTIVE_DUTY),
        ("A-3", ScraStatus.NO_RECORD),
    ]
    with accounts.engine.connect() as conn:
        a1 = latest_scra(conn, ["A-1"])["A-1"]
    assert (a1.status_date, a1.active_duty_begin, a1.certificate_id) == (
        "2026-06-01",
        "2025-01-15",
        "CERT0000000000A1",
    )
    assert loaded[1].active_duty_end == "2026-02-01"
    entries = [e for e in accounts.log.entries() if e.event == SCRA_RESULT]
    assert len(entries) == 3 and "123456789" not in json.dumps([dict(e.details) for e in entries])


def test_malformed_lines_are_refused_with_their_number(accounts: Workspace, tmp_path: Path) -> None:
    good = result_line(EXPECTED)
    bad_date = good[:91] + "20261399" + good[99:]
    path = tmp_path / "bad.txt"
    path.write_text("\n".join([good, good[:150], bad_date, good[:99] + "Q" + good[100:]]))
    with pytest.raises(ScraFileError) as caught:
        load_result_file(accounts, path)
    problems = caught.value.problems
    assert problems[0] == "line 2: 150 characters, a result line has 184"
    assert problems[1] == "line 3: status_date (positions 92-99) is not a YYYYMMDD date"
    assert problems[2] == "line 4: active_duty (position 100) is not X/Y/N/Z"
    assert "bad.txt: nothing loaded" in str(caught.value) and "123456789" not in str(caught.value)
    with accounts.engine.connect() as conn:
        assert latest_scra(conn, ["A-1"]) == {}


def test_an_unknown_account_refuses_the_file(accounts: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(result_line(EXPECTED.replace("A-1".ljust(28), "ZZ-9".ljust(28))) + "\n")
    with pytest.raises(ScraFileError, match="line 1: no account ZZ-9"):
        load_result_file(accounts, path)


def test_cli_request_file_and_load_result(tmp_path: Path, capsys, monkeypatch) -> None:
    ws_path = tmp_path / "ws.sqlite"
    args = ["--workspace", str(ws_path)]
    from tests.helpers.workspaces import new_workspace

    ws = new_workspace(ws_path)
    with write_connection(ws.engine) as conn, conn.begin():
        save_debtors(
            conn, [sample_debtor("A-1", addresses=(Address("1 Main St"),))], ws.cipher, "t"
        )
    ws.close()
    (tmp_path / "ids.txt").write_text("A-1\n")
    out = tmp_path / "req.txt"
    no_reason = run_cli(
        capsys,
        monkeypatch,
        *args,
        "scra",
        "request-file",
        "--accounts",
        str(tmp_path / "ids.txt"),
        "--purpose",
        "nope",
        "--justification",
        "x",
        "--out",
        str(out),
    )
    assert no_reason.code == 1 and "unknown purpose code 'nope'" in no_reason.err
    assert not out.exists()
    done = run_cli(
        capsys,
        monkeypatch,
        *args,
        "scra",
        "request-file",
        "--accounts",
        str(tmp_path / "ids.txt"),
        "--purpose",
        "fcra-604a3a",
        "--justification",
        "pre-suit SCRA check",
        "--out",
        str(out),
        "--status-date",
        "2026-06-01",
    )
    assert done.code == 0 and "1 request line(s) written" in done.out
    assert out.read_text() == EXPECTED + "\n"
    result = tmp_path / "res.txt"
    result.write_text(result_line(EXPECTED, future="Y") + "\n")
    loaded = run_cli(capsys, monkeypatch, *args, "scra", "load-result", str(result), "--json")
    assert json.loads(loaded.out)[0]["status"] == "future-call-up"
    assert main([*args, "scra", "status", "A-1"]) == 0
    broken = tmp_path / "broken.txt"
    broken.write_text("short\n")
    refused = run_cli(capsys, monkeypatch, *args, "scra", "load-result", str(broken))
    assert refused.code == 1 and "line 1: 5 characters" in refused.err
