"""Concurrent writers on one SQLite workspace never fork the chain."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import create_workspace, open_workspace
from tests.helpers.workspaces import ACTOR

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from skiptrace.model import Workstation
    from skiptrace.workspace.workspace import open_workspace
    ws = open_workspace(sys.argv[1], actor=Workstation(sys.argv[3], "h", "0.1.0"),
                        key_file=Path(sys.argv[2]))
    for i in range(int(sys.argv[4])):
        ws.log.append("search.started", account_id=f"A-{i}", purposes=["fcra-604a3a"],
                      justification="Returned mail, need a new address")
""")


def test_four_processes_append_at_once(tmp_path: Path):
    url = to_url(str(tmp_path / "ws.sqlite"))
    keys = tmp_path / "ws.keys"
    create_workspace(url, actor=ACTOR, key_file=keys).close()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[3]))
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, url, str(keys), f"w{i}", "150"], env=env)
        for i in range(4)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    ws = open_workspace(url, actor=ACTOR, key_file=keys)
    report = ws.log.verify()
    assert report.ok, report.summary()
    assert report.entries == 1 + 4 * 150
    users = [e.user for e in ws.log.entries()]
    assert {u: users.count(u) for u in set(users) if u.startswith("w")} == {
        f"w{i}": 150 for i in range(4)
    }
