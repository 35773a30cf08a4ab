"""The seeded demo workspace gives a reviewer something to review, and its evidence pack
is one an examiner can read: title page, charts, the anomalies with their resolutions,
sign-offs with their scopes, and every search listed in an appendix."""

from __future__ import annotations

import subprocess
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from skiptrace.demo.workspace import create_demo
from skiptrace.model import Workstation
from skiptrace.review.anomaly_pass import run_anomalies
from skiptrace.review.evidence import gather
from skiptrace.review.pdfcharts import PALETTE
from skiptrace.review.pdfpack import write_pdf
from skiptrace.review.query import ReviewFilter, count
from skiptrace.searchlog.events import SEARCH_STARTED
from skiptrace.workspace.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws, created = create_demo(
        tmp_path_factory.mktemp("demo") / "demo.sqlite", Workstation("dana", "desk", "0.1.0")
    )
    assert created
    return ws


def test_the_demo_month_has_four_collectors_and_planted_anomalies(demo: Workspace) -> None:
    end = datetime.now(UTC).date()
    searches = [e for e in demo.log.entries() if e.event == SEARCH_STARTED]
    per_user = Counter(e.user for e in searches)
    assert set(per_user) == {"alice", "bruno", "chen", "dana"} and min(per_user.values()) > 80
    days = {e.ts[:10] for e in searches}
    assert len(days) >= 20 and min(days) >= str(end - timedelta(days=31))
    found = run_anomalies(demo.engine, end - timedelta(days=31), end)
    rules = Counter(a.rule for a in found)
    assert len(rules) >= 6 and sum(rules.values()) <= 15  # a handful, of different rules
    assert demo.log.verify().ok


def _pixels(ppm: bytes) -> Counter[tuple[int, int, int]]:
    # binary PPM (P6): header "P6 W H 255", then RGB triplets
    parts = ppm.split(maxsplit=4)
    data = parts[4]
    return Counter(zip(data[0::3], data[1::3], data[2::3], strict=False))


def test_the_demo_evidence_pack(demo: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    facts = gather(demo, ReviewFilter())
    write_pdf(facts, out)
    pages = [
        subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(out), "-"],
                       check=True, capture_output=True, text=True).stdout
        for n in range(1, page_count(out) + 1)
    ]  # fmt: skip
    total = len(pages)
    title = pages[0]
    for words in ("Search log evidence pack", "Workspace", "demo.sqlite", "Period",
                  "Filters", "Generated", "by dana", "INTACT", facts.verification.head.hash,
                  f"page 1 of {total}"):  # fmt: skip
        assert words in title, words
    text = "\n".join(pages)
    assert "sqlite:" not in text and "postgresql:" not in text  # no database URL anywhere
    assert "(none)" not in text  # no purpose counted for entries that have none
    for heading in (
        "Searches per collector per day",
        "Anomalies per rule",
        "Sign-offs (1)",
        "First week reviewed",
        "resolved: Closed account",
    ):
        assert heading in text, heading
    # the appendix lists every search, with who, account, subject, purpose names, sources
    appendix = [p for p in pages if "Appendix: every search in scope" in p or "Sources asked" in p]
    listed = "\n".join(appendix)
    searches = count(demo.engine, ReviewFilter(events=(SEARCH_STARTED,)))
    assert f"Appendix: every search in scope ({searches})" in listed
    first = next(e for e in demo.log.entries() if e.event == SEARCH_STARTED)
    assert first.account_id in listed and "Collection of an account (FCRA)" in listed
    assert "phone_info: ok (1)" in listed and "no outcome recorded" in listed
    assert f"page {total} of {total}" in pages[-1]
    # charts are drawn: page 2 holds the collectors' colours
    ppm = subprocess.run(["pdftoppm", "-r", "50", "-f", "2", "-l", "2", str(out)],
                         check=True, capture_output=True).stdout  # fmt: skip
    colours = _pixels(ppm)
    assert all(colours[c] > 50 for c in PALETTE[:4])


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines()
                    if line.startswith("Pages:")))  # fmt: skip
