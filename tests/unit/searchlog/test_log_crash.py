"""A process killed in the middle of a long run of appends leaves a chain that verifies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import create_workspace, open_workspace
from tests.helpers.workspaces import ACTOR

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from skiptrace.model import Workstation
    from skiptrace.workspace.workspace import open_workspace
    ws = open_workspace(sys.argv[1], actor=Workstation("writer", "h", "0.1.0"),
                        key_file=Path(sys.argv[2]))
    i = 0
    while True:
        ws.log.append("search.started", account_id=f"A-{i}", purposes=["fcra-604a3a"],
                      justification="Returned mail, need a new address " + "x" * 200,
                      details={"i": i, "pad": "y" * 500})
        i += 1
""")


def test_kill_9_mid_appends_leaves_a_verifiable_chain(tmp_path: Path):
    url = to_url(str(tmp_path / "ws.sqlite"))
    keys = tmp_path / "ws.keys"
    create_workspace(url, actor=ACTOR, key_file=keys).close()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[3]))
    for round_ in range(2):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, url, str(keys)], env=env)
        ws = open_workspace(url, actor=ACTOR, key_file=keys)
        start = ws.log.count()
        deadline = time.monotonic() + 30
        while ws.log.count() < start + 200 + round_ * 37 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        ws.close()
        ws = open_workspace(url, actor=ACTOR, key_file=keys)
        report = ws.log.verify()
        assert report.ok, report.summary()
        assert report.entries > start
        # and the log still takes appends after the crash
        ws.log.append("search.started", justification="after the crash, still writable")
        assert ws.log.verify().ok
        ws.close()
