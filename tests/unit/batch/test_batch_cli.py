"""``skiptrace-cli batch``: start, status, report, export, pause, cancel, as a person types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skiptrace.batch.queue import create_batch
from skiptrace.batch.selection import Selection
from skiptrace.demo.workspace import demo_key_file
from tests.helpers.cli import run_cli
from tests.unit.batch.conftest import WHY


@pytest.fixture
def cli(demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    base = ["--workspace", str(demo_path), "--key-file", str(demo_key_file(demo_path))]
    return lambda *args: run_cli(capsys, monkeypatch, *base, *args)


START = (
    "batch",
    "start",
    "--purpose",
    "fcra-604a3a",
    "--justification",
    WHY,
    "--connector",
    "demo",
)


def test_start_json_then_status_report_and_export(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    run = cli(*START, "--query", "demo-100", "--json")
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    batch_id = doc["batch_id"]
    assert run.err.startswith(f"batch {batch_id}")  # the id first, before any search
    assert doc["state"] == "done" and doc["done"] == doc["total"] > 0
    assert doc["selected"] == doc["total"] + doc["counts"].get("skipped", 0)
    assert sum(doc["outcomes"]["demo"].values()) == doc["total"]

    status = json.loads(cli("batch", "status", batch_id[:8], "--json").out)
    assert (status["state"], status["done"], status["total"]) == ("done", doc["done"], doc["total"])

    pdf = tmp_path / "report.pdf"
    report = cli("batch", "report", batch_id, "--json", "--pdf", str(pdf))
    assert report.code == 0, report.err
    data = json.loads(report.out)
    assert data["sources"]["demo"]["accounts"] == doc["total"]
    assert data["overall"]["new_phone"] > 0
    assert pdf.read_bytes().startswith(b"%PDF")

    text = cli("batch", "report", batch_id)
    assert "new phone" in text.out.lower() and "all sources" in text.out

    out = tmp_path / "appended.xlsx"
    exported = cli("batch", "export", batch_id, "--out", str(out))
    assert exported.code == 0 and f"{doc['selected']} account(s)" in exported.out
    assert cli("batch", "export", batch_id, "--out", str(tmp_path / "x.txt")).code != 0


def test_start_prints_the_batch_id_first_and_cancel_closes_a_paused_batch(cli, demo):  # type: ignore[no-untyped-def]
    run = cli(*START, "--query", "demo-1001")
    assert run.code == 0, run.err
    first = run.out.splitlines()[0]
    assert first.startswith("batch ") and "account(s)" in first
    batch_id = first.split()[1].rstrip(":")
    assert "done" in run.out

    # a finished batch cannot be resumed or cancelled
    assert cli("batch", "resume", batch_id).code != 0
    assert "already done" in cli("batch", "cancel", batch_id).err

    again = cli(*START, "--query", "nobody-has-this-name")
    assert again.code != 0 and "no account to search" in again.err

    listed = json.loads(cli("batch", "status", "--json").out)
    assert [b["batch_id"] for b in listed] == [batch_id]

    queued = create_batch(demo, Selection(query="demo-102"), ["fcra-604a3a"], WHY)
    assert json.loads(cli("batch", "status", queued.batch_id, "--json").out)["state"] == (
        "interrupted"  # running, but no desktop is working on it
    )
    assert cli("batch", "pause", queued.batch_id).out.strip().endswith("paused")
    assert cli("batch", "cancel", queued.batch_id).code == 0
    status = json.loads(cli("batch", "status", queued.batch_id, "--json").out)
    assert status["state"] == "cancelled" and status["done"] == 0
    (ended,) = [
        e
        for e in demo.log.entries()
        if e.event == "batch.completed" and e.details["batch_id"] == queued.batch_id
    ]
    assert ended.details["state"] == "cancelled" and ended.details["counts"]["pending"] > 0
