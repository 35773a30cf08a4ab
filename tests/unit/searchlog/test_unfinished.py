"""A search that started and never completed (the program or the server went away
between the two entries) is counted by ``log verify`` and flagged by the review."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from skiptrace.cli import main
from skiptrace.gate.request import SearchRequest
from skiptrace.gate.search_entries import begin_search
from skiptrace.searchlog import unfinished
from skiptrace.store.accounts import load_debtor
from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import open_workspace
from tests.helpers.workspaces import ACTOR

JUSTIFICATION = "Mail to the last known address came back; locating the debtor's new address"


@pytest.fixture
def demo(tmp_path: Path) -> tuple[list[str], Path]:
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--workspace", str(path)]) == 0
    return ["--workspace", str(path)], path


def _crash_mid_search(path: Path, account: str) -> int:
    ws = open_workspace(
        to_url(str(path)), actor=ACTOR, key_file=path.with_name(path.name + ".keys")
    )
    with ws.engine.connect() as conn:
        debtor = load_debtor(conn, account, ws.cipher)
    assert debtor is not None
    request = SearchRequest(debtor, ("fcra-604a3a",), JUSTIFICATION)
    started = begin_search(ws.log, request, ["demo"])
    ws.close()  # ... and the process dies before search.completed
    return started.seq


def _never_completed(args: list[str], capsys) -> list[int]:  # type: ignore[no-untyped-def]
    """The entries ``log verify`` names as searches never completed."""
    capsys.readouterr()
    assert main([*args, "log", "verify"]) == 0
    out = capsys.readouterr().out
    assert "chain intact" in out
    found = re.search(r"(\d+) search\(es\) started and never completed \(entries ([\d, ]+)", out)
    seqs = [int(s) for s in found.group(2).split(", ")] if found else []
    assert not found or int(found.group(1)) == len(seqs)
    return seqs


def test_verify_counts_and_review_flags_a_search_never_completed(demo, capsys, monkeypatch):
    args, path = demo
    monkeypatch.setattr(unfinished, "GRACE", timedelta(0))
    planted = _never_completed(args, capsys)  # the demo month plants one
    assert main([*args, "search", "DEMO-10002", "--purpose", "fcra-604a3a",
                 "--justification", JUSTIFICATION]) == 0  # fmt: skip
    lost = _crash_mid_search(path, "DEMO-10001")
    assert _never_completed(args, capsys) == [*planted, lost]
    assert main([*args, "log", "review", "--anomalies", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)["anomalies"]
    flagged = {a["seqs"][0]: a for a in found if a["rule"] == "never-completed"}
    assert lost in flagged and set(flagged) <= {*planted, lost}
    assert "search started, never completed" in flagged[lost]["reason"]


def test_a_search_still_running_is_not_flagged(demo, capsys):
    args, path = demo
    planted = _never_completed(args, capsys)
    running = _crash_mid_search(path, "DEMO-10001")
    flagged = _never_completed(args, capsys)
    assert running not in flagged and flagged == planted


@pytest.mark.parametrize(
    "make, says",
    [
        (lambda p: p.write_text("{not json\n"), "line 1 is not a log entry"),
        (lambda p: p.mkdir(), "is a folder, not a log export"),
        (lambda p: None, "does not exist"),
        (lambda p: p.write_bytes(b"\xff\xfe\x00\x00bad"), "not text"),
    ],
    ids=["bad-json", "folder", "missing", "binary"],
)
def test_a_bad_anchor_file_is_named_and_the_log_cannot_be_checked(demo, capsys, tmp_path,
                                                                  make, says):  # fmt: skip
    args, _ = demo
    anchor = tmp_path / "anchor.jsonl"
    make(anchor)
    capsys.readouterr()
    assert main([*args, "log", "verify", "--anchor", str(anchor)]) == 2
    err = capsys.readouterr().err
    assert f"cannot check the log: the anchor {anchor}" in err and says in err
    assert "unexpected" not in err
