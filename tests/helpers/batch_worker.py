"""A separate process working a batch over the loopback sources, for crash and team tests:

    python -m tests.helpers.batch_worker WORKSPACE BATCH_ID [KEY_FILE] [CLAIM_TIMEOUT]

WORKSPACE is a file path or a postgresql:// URL; KEY_FILE holds its keys ('-' for none).
"""

from __future__ import annotations

import sys
from pathlib import Path

from skiptrace.batch.runner import run_batch
from skiptrace.model import Workstation
from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import open_workspace
from tests.helpers.batch_sources import registry


def main(argv: list[str]) -> int:
    url, batch_id = to_url(argv[0]), argv[1]
    key_file = Path(argv[2]) if len(argv) > 2 and argv[2] != "-" else None
    timeout = float(argv[3]) if len(argv) > 3 else 120.0
    actor = Workstation("tester", "test-host", "0.1.0")
    with open_workspace(url, actor=actor, key_file=key_file) as ws:
        summary = run_batch(ws, registry(), batch_id, workers=4, claim_timeout=timeout)
    print(summary.state.value, summary.progress.this_run, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
