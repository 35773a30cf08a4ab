"""``match``: link two files of people, or find duplicates within one. Needs no workspace."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from skiptrace.cli.common import CliError, Commands, command
from skiptrace.formula_safe import FormulaSafeWriter
from skiptrace.matching.clusters import Clustering
from skiptrace.matching.linkfiles import (
    PairResult,
    ReadReport,
    link,
    link_with_clusters,
    read_people_csv,
)
from skiptrace.matching.profiles import DEFAULT_PROFILE, PROFILES

_CLUSTERS_HELP = (
    "also write id,cluster_id for every record (a link adds a file column: left or "
    "right); a record joins a cluster only on the evidence between it and all the "
    "cluster's members, so one weak link does not chain two people together"
)
_FROM_CLUSTERS_HELP = (
    "write every pair within each cluster (duplicates of duplicates; in a link, every "
    "left-right pair), those below the threshold with the reason same_cluster"
)


def _profile_help() -> str:
    return "; ".join(f"{p.name}: {p.use_when}" for p in PROFILES.values())


def register(sub: Commands) -> None:
    p = command(
        sub, "match", cmd_match, "link two CSV files of people, or find duplicates in one",
        "Score pairs of records (portfolio columns; id in account_id or id) with weights "
        "estimated from the files themselves, and write the pairs at or above the "
        "threshold. With one file, each unordered pair of its rows once. With "
        "--clusters, also which records are one person.",
    )  # fmt: skip
    p.add_argument("left", type=Path, help="CSV file")
    p.add_argument("right", type=Path, nargs="?", help="second CSV file (omit to dedupe LEFT)")
    p.add_argument("--out", type=Path, required=True, metavar="PAIRS.csv", help="output CSV")
    p.add_argument("--threshold", type=float, default=0.5, metavar="P",
                   help="lowest probability written (default 0.5)")  # fmt: skip
    p.add_argument("--explain", action="store_true", help="add an explanation column")
    p.add_argument("--profile", choices=sorted(PROFILES), default=DEFAULT_PROFILE.name,
                   help=f"what kind of file this is (default {DEFAULT_PROFILE.name}). "
                   + _profile_help())  # fmt: skip
    p.add_argument("--clusters", type=Path, metavar="CLUSTERS.csv", help=_CLUSTERS_HELP)
    p.add_argument("--pairs-from-clusters", action="store_true", help=_FROM_CLUSTERS_HELP)


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
    profile = PROFILES[args.profile]
    clustering: Clustering | None = None
    if args.clusters or args.pairs_from_clusters:
        pairs, clustering = link_with_clusters(
            left, right, threshold=args.threshold, explain=args.explain, progress=_progress,
            profile=profile, pairs_from_clusters=args.pairs_from_clusters,
        )  # fmt: skip
        found: Iterable[PairResult] = pairs
    else:
        found = link(left, right, threshold=args.threshold, explain=args.explain,
                     progress=_progress, profile=profile)  # fmt: skip
    written = 0
    with _replacing(args.out) as handle:
        writer = FormulaSafeWriter(handle)
        writer.writerow(columns)
        for pair in found:
            row = [pair.left_id, pair.right_id, f"{pair.probability:.6f}", pair.reason.value]
            if args.explain:
                row.append(pair.explanation)
            writer.writerow(row)
            written += 1
    _progress(f"wrote {written:,} pairs to {args.out} in {time.perf_counter() - started:.1f} s")
    if args.clusters and clustering is not None:
        _write_clusters(args.clusters, clustering, len(left) if right is not None else None)
    return 0


@contextmanager
def _replacing(path: Path) -> Iterator[TextIO]:
    """Write beside ``path`` and move into place: a crash leaves no half-written file."""
    tmp = path.with_name(path.name + ".partial")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        yield handle
    tmp.replace(path)


def _write_clusters(path: Path, clustering: Clustering, n_left: int | None) -> None:
    with _replacing(path) as handle:
        writer = FormulaSafeWriter(handle)
        writer.writerow(["id", "cluster_id"] if n_left is None else ["id", "cluster_id", "file"])
        for node, (record_id, number) in enumerate(clustering.assignments()):
            row = [record_id, str(number)]
            if n_left is not None:
                row.append("left" if node < n_left else "right")
            writer.writerow(row)
    count = int(clustering.cluster.max(initial=0))
    _progress(f"wrote {count:,} clusters of {len(clustering.ids):,} records to {path}")
