"""Vendor files: a request file in the vendor's layout, and a return file linked back by the
matcher (links explained; ambiguous and below-floor rows listed, not loaded), loaded as a
logged search per account whose source is the file."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from skiptrace.demo.workspace import demo_key_file
from skiptrace.model import Address, Debtor
from skiptrace.store import schema
from skiptrace.store.accounts import save_debtors
from skiptrace.workspace.workspace import Workspace
from tests.helpers.cli import run_cli
from tests.unit.batch.conftest import WHY

LAYOUT = {
    "ACCT NO": "account_id", "FNAME": "first_name", "LNAME": "last_name", "SSN4": "ssn_last4",
    "DOB": "dob", "ADDR": "address1", "CITY": "city", "ST": "state", "ZIP": "zip",
    "PHONE": "phone",
}  # fmt: skip


@pytest.fixture
def cli(demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    base = ["--workspace", str(demo_path), "--key-file", str(demo_key_file(demo_path))]
    return lambda *args: run_cli(capsys, monkeypatch, *base, *args)


@pytest.fixture
def layout(tmp_path: Path) -> Path:
    path = tmp_path / "bureau.json"
    path.write_text(json.dumps({"columns": LAYOUT}))
    return path


def test_request_file_is_in_the_vendor_layout_private_and_logged(
    cli, demo: Workspace, layout, tmp_path
):  # type: ignore[no-untyped-def]
    out = tmp_path / "request.csv"
    run = cli(
        "batch", "request-file", "--query", "demo-1000", "--mapping", str(layout), "--out", str(out)
    )
    assert run.code == 0, run.err
    assert out.stat().st_mode & 0o077 == 0
    with out.open(newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(LAYOUT)
    skipped = int(run.out.rsplit("(", 1)[1].split()[0])
    assert len(rows) - 1 + skipped == 9  # DEMO-10001 .. DEMO-10009
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["ACCT NO"] == "DEMO-10001" and first["LNAME"] == "Sanchez"
    assert len(first["DOB"]) == 10  # decrypted for the vendor, only in the file
    (entry,) = [e for e in demo.log.entries() if e.event == "batch.request_file"]
    assert entry.details["accounts"] == len(rows) - 1 and entry.details["fields"] == list(
        LAYOUT.values()
    )
    assert first["DOB"] not in json.dumps(dict(entry.details))

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"ACCT": "account_id", "X": "shoe_size"}))
    refused = cli(
        "batch", "request-file", "--all", "--mapping", str(bad), "--out", str(tmp_path / "x.csv")
    )
    assert refused.code != 0 and "bad.json, entry 2" in refused.err and "shoe_size" in refused.err


def _twins(ws: Workspace) -> None:
    home = (Address("40 Elm St", "", "Dayton", "OH", "45402"),)
    twins = [
        Debtor(f"TWIN-{n}", "Jordan", "Blakemoor", dob=date(1980, 5, 5), addresses=home)
        for n in (1, 2)
    ]
    with ws.engine.begin() as conn:
        save_debtors(conn, twins, ws.cipher, "test")


def test_a_return_file_links_rows_and_loads_each_account_as_a_logged_search(
    cli, demo: Workspace, layout, tmp_path
):  # type: ignore[no-untyped-def]
    _twins(demo)
    request = tmp_path / "request.csv"
    assert (
        cli(
            "batch",
            "request-file",
            "--query",
            "demo-1000",
            "--mapping",
            str(layout),
            "--out",
            str(request),
        ).code
        == 0
    )
    with request.open(newline="") as fh:
        sent = list(csv.DictReader(fh))
    a, b, c = sent[0], sent[1], sent[2]
    returned = [
        {**a, "ADDR": "77 Harbor View Rd", "CITY": "Tampa", "ST": "FL", "ZIP": "33602",
         "PHONE": "(813) 555-0199"},
        {**b, "ACCT NO": "", "PHONE": "(412) 555-0142"},  # no account column: found by name + SSN4
        {**c, "FNAME": "Zebulon", "LNAME": "Quartermaine", "SSN4": "0001", "DOB": "1931-01-01"},
        {"ACCT NO": "", "FNAME": "Jordan", "LNAME": "Blakemoor", "SSN4": "", "DOB": "1980-05-05",
         "ADDR": "40 Elm St", "CITY": "Dayton", "ST": "OH", "ZIP": "45402", "PHONE": ""},
    ]  # fmt: skip
    back = tmp_path / "return.csv"
    with back.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(LAYOUT))
        writer.writeheader()
        writer.writerows(returned)

    run = cli("batch", "load-return", str(back), "--mapping", str(layout), "--purpose",
              "fcra-604a3a", "--justification", WHY, "--json")  # fmt: skip
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    assert [(x["row"], x["account_id"]) for x in doc["linked"]] == [
        (2, a["ACCT NO"]),
        (3, b["ACCT NO"]),
    ]
    assert all(x["probability"] > 0.9 and x["explanation"] for x in doc["linked"])
    listed = {x["row"]: x for x in doc["not_loaded"]}
    assert listed[4]["reason"] == "below_floor" and listed[4]["account_id"] == c["ACCT NO"]
    assert listed[5]["reason"] == "ambiguous"
    assert {listed[5]["account_id"], *listed[5]["also_matches"]} == {"TWIN-1", "TWIN-2"}
    assert doc["state"] == "done"

    log = list(demo.log.entries())
    (begun,) = [e for e in log if e.event == "batch.started"]
    assert begun.details["kind"] == "return" and begun.details["file"] == "return.csv"
    assert begun.details["linked_rows"] == 2 and begun.details["not_loaded"] == 2
    searches = [e for e in log if e.event == "search.started"]
    assert sorted(e.account_id for e in searches) == sorted([a["ACCT NO"], b["ACCT NO"]])
    assert all(e.details["connectors"] == ["return_file"] for e in searches)
    assert all(e.details["batch_id"] == doc["batch_id"] for e in searches)
    L = schema.leads
    with demo.engine.connect() as conn:
        values = set(
            conn.execute(sa.select(L.c.value).where(L.c.account_id == a["ACCT NO"])).scalars()
        )
    assert "+18135550199" in values and any("HARBOR VIEW" in v for v in values)

    report = json.loads(cli("batch", "report", doc["batch_id"], "--json").out)
    assert report["sources"]["return_file"]["new_phone"] == 2


def test_a_bad_cell_refuses_the_whole_return_file(cli, demo: Workspace, layout, tmp_path):  # type: ignore[no-untyped-def]
    back = tmp_path / "return.csv"
    back.write_text(
        "ACCT NO,FNAME,LNAME,SSN4,DOB,ADDR,CITY,ST,ZIP,PHONE\n"
        "DEMO-10001,Linda,Sanchez,5992,,1 Main St,Tampa,FL,33602,\n"
        "DEMO-10003,Steven,Lindqvist,6522,,2 Main St,Tampa,FL,3360Z,\n"
    )
    before = demo.log.count()
    run = cli("batch", "load-return", str(back), "--mapping", str(layout), "--purpose",
              "fcra-604a3a", "--justification", WHY)  # fmt: skip
    assert run.code != 0
    assert "return.csv, row 3, column ZIP" in run.err
    assert demo.log.count() == before
    with demo.engine.connect() as conn:
        assert conn.execute(schema.batches.select()).first() is None
