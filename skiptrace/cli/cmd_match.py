"""``match``: link two files of people, or find duplicates within one. Needs no workspace."""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from skiptrace.cli.common import CliError, Commands, command
from skiptrace.matching.linkfiles import ReadReport, link, read_people_csv


def register(sub: Commands) -> None:
    p = command(
        sub, "match", cmd_match, "link two CSV files of people, or find duplicates in one",
        "Score pairs of records (portfolio columns; id in account_id or id) with weights "
        "estimated from the files themselves, and write the pairs at or above the "
        "threshold. With one file, each unordered pair of its rows once.",
    )  # fmt: skip
    p.add_argument("left", type=Path, help="CSV file")
    p.add_argument("right", type=Path, nargs="?", help="second CSV file (omit to dedupe LEFT)")
    p.add_argument("--out", type=Path, required=True, metavar="PAIRS.csv", help="output CSV")
    p.add_argument("--threshold", type=float, default=0.5, metavar="P",
                   help="lowest probability written (default 0.5)")  # fmt: skip
    p.add_argument("--explain", action="store_true", help="add an explanation column")


def _progress(message: str) -> None:
    print(f"match: {message}", file=sys.stderr, flush=True)


def _summary(name: str, report: ReadReport) -> None:
    bad = ", ".join(f"{col} {n:,}" for col, n in sorted(report.unparsed.items()))
    tail = f"; unparsable values treated as missing: {bad}" if bad else ""
    _progress(f"{name}: {report.rows:,} rows{tail}")


def cmd_match(args: argparse.Namespace) -> int:
    if not 0.0 < args.threshold < 1.0:
        raise CliError("--threshold must be between 0 and 1")
    for path in (args.left, args.right):
        if path is not None and not path.is_file():
            raise CliError(f"{path}: no such file")
    started = time.perf_counter()
    left_report = ReadReport()
    left = read_people_csv(args.left, left_report)
    _summary(args.left.name, left_report)
    right = None
    if args.right is not None:
        right_report = ReadReport()
        right = read_people_csv(args.right, right_report)
        _summary(args.right.name, right_report)
    columns = ["left_id", "right_id", "probability", "reason"]
    if args.explain:
        columns.append("explanation")
    written = 0
    tmp = args.out.with_name(args.out.name + ".partial")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for pair in link(left, right, threshold=args.threshold, explain=args.explain,
                         progress=_progress):  # fmt: skip
            row = [pair.left_id, pair.right_id, f"{pair.probability:.6f}", pair.reason.value]
            if args.explain:
                row.append(pair.explanation)
            writer.writerow(row)
            written += 1
    tmp.replace(args.out)  # a crash leaves no half-written PAIRS file behind
    _progress(f"wrote {written:,} pairs to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0
