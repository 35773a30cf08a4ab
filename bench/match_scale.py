"""A synthetic 100,000 x 100,000 link through the same path as ``skiptrace-cli match``
(records read from rows, blocked, compared, EM, scored), with time and peak memory.

    .venv/bin/python bench/match_scale.py [N] [HOUSEHOLDS]

HOUSEHOLDS (default 0): the share of left people with a relative at their address in
the right file (``synthetic.linked_files``).
"""

from __future__ import annotations

import resource
import sys
import time

from skiptrace.matching.linkfiles import ReadReport, link, read_people
from skiptrace.matching.synthetic import linked_files


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    households = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    left_rows, right_rows, truth = linked_files(n, seed=99, households=households)
    start = time.perf_counter()
    left = read_people(left_rows, ReadReport())
    right = read_people(right_rows, ReadReport())
    read_s = time.perf_counter() - start
    del left_rows, right_rows
    notes: list[str] = []
    found = {(p.left_id, p.right_id) for p in link(left, right, progress=notes.append)}
    total = time.perf_counter() - start
    hits = len(found & truth)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\n".join(m for m in notes if not m.startswith("compared")))
    print(f"{len(left):,} x {len(right):,}: {total:.1f} s (reading {read_s:.1f} s), "
          f"peak RSS {peak_mb:,.0f} MB "
          f"(includes the generated rows); precision {hits / max(len(found), 1):.4f}, "
          f"recall {hits / len(truth):.4f}")  # fmt: skip


if __name__ == "__main__":
    main()
