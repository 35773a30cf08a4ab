"""A synthetic 100,000 x 100,000 link through the same path as ``skiptrace-cli match``
(records read from rows, blocked, compared, EM, scored), with time and peak memory.

    .venv/bin/python bench/match_scale.py [N]
"""

from __future__ import annotations

import resource
import sys
import time

from skiptrace.matching.linkfiles import ReadReport, link, read_people
from skiptrace.matching.synthetic import linked_files


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    left_rows, right_rows, truth = linked_files(n, seed=99)
    start = time.perf_counter()
    left = read_people(left_rows, ReadReport())
    right = read_people(right_rows, ReadReport())
    read_s = time.perf_counter() - start
    del left_rows, right_rows
    found = {(p.left_id, p.right_id) for p in link(left, right, progress=lambda m: None)}
    total = time.perf_counter() - start
    hits = len(found & truth)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n:,} x {n:,}: {total:.1f} s (reading {read_s:.1f} s), peak RSS {peak_mb:,.0f} MB "
          f"(includes the generated rows); precision {hits / max(len(found), 1):.4f}, "
          f"recall {hits / len(truth):.4f}")  # fmt: skip


if __name__ == "__main__":
    main()
