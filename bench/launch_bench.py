"""Launch to window: the desktop bundle beside the venv's app, in one run.

Both are started the same way, as a user starts them: the program (``dist/skiptrace/skiptrace``
or ``.venv/bin/skiptrace``) with ``--workspace W`` on the same demo workspace, offscreen, with
a fresh HOME. The window counts as shown when Qt flushes the main window's first full frame
to its window (Qt's own ``qt.widgets.painting`` log line, read from the program's stderr as it
arrives), so the same event ends both measurements and neither program is changed for it.
Runs alternate between the two, after one unmeasured warm-up each; the median is reported,
with the CPU time the process had used by then (on Linux), which a busy machine disturbs less.

Goal: the bundle adds at most 0.5 s.

    .venv/bin/python bench/launch_bench.py [--bundle dist/skiptrace] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
EXE = ".exe" if os.name == "nt" else ""
VENV_BIN = ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin")
FIRST_FRAME = re.compile(r"Flushing QRegion\(.*\) of MainWindow\(")
GOAL_S = 0.5


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the process has used so far (Linux; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pump(stream: IO[str] | None, lines: queue.Queue[str]) -> None:
    for line in stream or ():
        lines.put(line)


def launch_seconds(
    program: Path, workspace: Path, home: Path, limit: float = 60.0
) -> tuple[float, float]:
    """Wall and CPU seconds from starting ``program`` to the main window's first full frame."""
    env = dict(
        os.environ,
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        QT_QPA_PLATFORM="offscreen",
        QT_LOGGING_RULES="qt.widgets.painting.debug=true",
    )
    env.pop("PYTHONPATH", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(program), "--workspace", str(workspace)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the app's ranking process goes with it when it is stopped
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_pump, args=(proc.stderr, lines), daemon=True).start()
    seen: list[str] = []
    try:
        while (left := limit - (time.perf_counter() - t0)) > 0:
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                break
            if FIRST_FRAME.search(line):
                return time.perf_counter() - t0, cpu_seconds(proc.pid)
            seen.append(line)
        tail = "".join(seen[-5:])
        raise RuntimeError(f"{program}: no main window within {limit:.0f} s; it said:\n{tail}")
    finally:
        if os.name == "nt":
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "skiptrace")
    parser.add_argument("--runs", type=int, default=5)
    opts = parser.parse_args()
    programs = {
        "venv (.venv/bin/skiptrace)": VENV_BIN / f"skiptrace{EXE}",
        f"bundle ({opts.bundle}/skiptrace)": opts.bundle / f"skiptrace{EXE}",
    }
    for name, path in programs.items():
        if not path.exists():
            sys.exit(f"{name}: {path} not found (python3 dev.py bundle builds the bundle)")
    times: dict[str, list[float]] = {name: [] for name in programs}
    cpu: dict[str, list[float]] = {name: [] for name in programs}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        workspace = root / "demo.sqlite"
        subprocess.run(
            [str(VENV_BIN / f"skiptrace-cli{EXE}"), "--workspace", str(workspace), "demo"],
            check=True,
            capture_output=True,
        )
        for i in range(opts.runs + 1):
            for name, path in programs.items():
                home = Path(tempfile.mkdtemp(prefix="home-", dir=root))  # a fresh user each time
                seconds, cpu_s = launch_seconds(path, workspace, home)
                if i:  # the first run of each only warms the disk cache
                    times[name].append(seconds)
                    cpu[name].append(cpu_s)
    print(f"{'launch to window shown':<48} {'median':>7} {'cpu':>6}  runs (s)")
    for name, runs in times.items():
        each = ", ".join(f"{r:.2f}" for r in runs)
        print(
            f"{name:<48} {statistics.median(runs):>6.2f}s "
            f"{statistics.median(cpu[name]):>5.2f}s  {each}"
        )
    venv, bundle = (statistics.median(r) for r in times.values())
    verdict = "within" if bundle - venv <= GOAL_S else "over"
    print(f"the bundle adds {bundle - venv:+.2f} s ({verdict} the {GOAL_S} s goal)")


if __name__ == "__main__":
    main()
