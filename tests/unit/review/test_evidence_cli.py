"""Review filters and the evidence exports, through the command line."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from datetime import date

import pytest

from skiptrace.cli import main
from skiptrace.review import query
from skiptrace.review.query import ReviewFilter
from skiptrace.review.signoff import sign_off
from tests.helpers.loggen import Planned, bulk_append
from tests.helpers.reviewdata import END, START, review_workspace


@pytest.fixture
def review_ws(workspace):  # type: ignore[no-untyped-def]
    return review_workspace(workspace)


def _args(ws) -> list[str]:  # type: ignore[no-untyped-def]
    return ["--workspace", str(ws.path), "--user", "tester"]


def test_filters_narrow_the_log(review_ws) -> None:  # type: ignore[no-untyped-def]
    engine = review_ws.ws.engine
    everything = query.count(engine, ReviewFilter())
    bob = query.count(engine, ReviewFilter(users=("bob",), events=("search.started",)))
    assert 0 < bob < everything
    third = query.page(engine, ReviewFilter(subject_type="third-party"))
    assert [e.purposes for e in third] == [("dppa-2721b3",)]
    assert query.count(engine, ReviewFilter(purpose="dppa-2721b4")) == 2
    assert query.count(engine, ReviewFilter(purpose="dppa-2721")) == 0  # whole codes only
    copied = ReviewFilter(text="SKIP TRACE needed")
    assert query.count(engine, copied) == 10
    day = ReviewFilter(date_from=START, date_to=START, users=("alice",))
    assert {e.ts[:10] for e in query.page(engine, day, query.Paging(limit=100))} == {
        START.isoformat()
    }
    assert query.count(engine, ReviewFilter(connector="demo-records")) > 0
    assert query.count(engine, ReviewFilter(connector="nope")) == 0
    newest = query.page(engine, ReviewFilter(), query.Paging(limit=5))
    assert [e.seq for e in newest] == sorted((e.seq for e in newest), reverse=True)
    by_user = query.page(
        engine, ReviewFilter(), query.Paging(limit=3, sort="user", descending=False)
    )
    assert by_user[0].user == "alice"
    assert query.matching_seqs(engine, ReviewFilter(), query.Paging(limit=3, offset=1)) == [
        e.seq for e in query.page(engine, ReviewFilter(), query.Paging(limit=3, offset=1))
    ]


def test_outcome_filter(workspace) -> None:  # type: ignore[no-untyped-def]
    outcomes = {"a": {"status": "ok"}, "b": {"status": "timeout"}}
    bulk_append(
        workspace,
        [Planned("2026-03-02T10:00:00.000000Z", "alice", "search.completed", "A-1",
                 details={"outcomes": outcomes})],
    )  # fmt: skip
    assert query.count(workspace.engine, ReviewFilter(outcome="timeout")) == 1
    assert query.count(workspace.engine, ReviewFilter(outcome="timeout", connector="a")) == 0
    assert query.count(workspace.engine, ReviewFilter(outcome="timeout", connector="b")) == 1


def test_log_review_json_with_anomalies(review_ws, capsys) -> None:  # type: ignore[no-untyped-def]
    args = [*_args(review_ws.ws), "log", "review", "--from", str(START), "--to", str(END)]
    assert main([*args, "--user", "bob", "--limit", "5", "--anomalies", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["entries"]) == 5 and {e["user"] for e in doc["entries"]} == {"bob"}
    assert doc["total"] > 5
    rules = {a["rule"] for a in doc["anomalies"]}
    assert {"copied-justification", "watch-list", "purpose-subject"} <= rules
    assert all("bob" in a["user"] for a in doc["anomalies"])
    assert main([*args, "--account", "X-404", "--anomalies"]) == 0
    out = capsys.readouterr().out
    # the anomalies alone: not a page of the log before them
    assert out.startswith("1 anomalies\n") and "matching entries" not in out
    assert "account X-404 is not in the portfolio" in out
    assert main([*args, "--account", "X-404", "--anomalies", "--entries"]) == 0
    out = capsys.readouterr().out
    # started, completed and its disposition, then the anomalies
    assert "account X-404 is not in the portfolio" in out and "3 of 3 matching" in out


def test_bad_date_is_a_clear_error(review_ws, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        main([*_args(review_ws.ws), "log", "review", "--from", "March"])
    assert "not a date: 'March' (use YYYY-MM-DD)" in capsys.readouterr().err


def test_collector_is_refused(review_ws, capsys) -> None:  # type: ignore[no-untyped-def]
    args = ["--workspace", str(review_ws.ws.path), "--user", "alice", "log", "review"]
    assert main(args) == 4
    assert "'alice' (collector) may not review the search log" in capsys.readouterr().err


def test_csv_and_jsonl_of_a_filtered_set(review_ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "bob.csv"
    base = [*_args(review_ws.ws), "log", "export", "--user", "bob", "--event", "search.started"]
    assert main([*base, "--format", "csv", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {r["user"] for r in rows} == {"bob"}
    jl = tmp_path / "bob.jsonl"
    assert main([*base, "--out", str(jl)]) == 0
    assert [json.loads(x)["seq"] for x in jl.read_text().splitlines()] == [
        int(r["seq"]) for r in rows
    ]


def test_signoff_command(review_ws, capsys) -> None:  # type: ignore[no-untyped-def]
    args = [*_args(review_ws.ws), "log", "signoff", "--note", "Week one reviewed"]
    assert main([*args, "--seq", "2-10,12"]) == 0
    assert "signed off 10 entries" in capsys.readouterr().out
    assert main([*args]) == 1
    assert "name the entries reviewed" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_evidence_pack_opens_and_says_what_it_must(review_ws, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    ws = review_ws.ws
    first = next(e.seq for e in ws.log.entries() if e.user != ws.actor.user)  # not their own
    sign_off(ws, "March reviewed by compliance", ranges=[(first, first + 49)])
    out = tmp_path / "pack.pdf"
    args = [*_args(ws), "log", "export", "--format", "pdf", "--out", str(out)]
    assert main([*args, "--from", str(START), "--to", str(date(2026, 3, 31))]) == 0
    head = ws.log.head().hash
    assert head in capsys.readouterr().out
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")],
        check=True,
    )
    [page] = tmp_path.glob("p-*.png")  # named p-1, p-01 or p-001 by the page count
    assert page.stat().st_size > 1000
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    for words in (
        "Search log evidence pack",
        "date_from: 2026-03-02",
        "INTACT",
        head,
        "Entries by collector",
        "fcra-604a3a",
        "is not in the portfolio",
        "word for word",
        "March reviewed by compliance",
    ):
        assert words in text, words
