"""Smoke-test a built bundle from the bundle alone: no venv, no PYTHONPATH, a fresh cwd.

    python3 packaging/smoke.py [BUNDLE_DIR]      (default: dist/skiptrace; or dist/skiptrace.app)

Standard library only, so it runs with any Python 3.11+. Every program runs with a clean
environment (PATH of the system only, a temporary HOME and cwd) and must exit 0 and print
no warning. Checks, in order:

* ``skiptrace-cli --version`` prints the version the package metadata gives
* ``demo`` creates the demo workspace (keys in a file beside it)
* ``connectors list`` lists every connector pyproject.toml registers (entry points work
  frozen), none of them broken
* a logged search of a demo account, with leads from the demo source
* ``log verify`` finds the chain intact; ``log export --format pdf`` writes a PDF
* ``skiptrace --screenshot FILE --view research`` (offscreen) writes a PNG
* on Linux, ``skiptrace --workspace W`` starts its ranking process (multiprocessing's spawn
  re-enters the frozen program) and it stays up
* with a Secret Service on the machine (``dbus-run-session`` and ``gnome-keyring-daemon``),
  a workspace whose keys live in the OS keychain: ``init`` then ``log verify``
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXE = ".exe" if os.name == "nt" else ""
ACCOUNT = "DEMO-10029"  # moved, with an employer and a bankruptcy on record
PURPOSE = "fcra-604a3a"
JUSTIFICATION = "Letters returned undeliverable from the last known address; need a current one."


class SmokeFailure(AssertionError):
    """One check failed; the message says which and shows what the program printed."""


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a user who never installed Python: system PATH, own HOME."""
    system_path = os.pathsep.join(
        p for p in os.environ.get("PATH", "").split(os.pathsep) if p and ".venv" not in p
    )
    env = {
        "PATH": system_path,
        "HOME": str(home),
        "USERPROFILE": str(home),
        "APPDATA": str(home / "AppData" / "Roaming"),
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    for keep in ("SYSTEMROOT", "WINDIR", "TEMP", "TMP", "USER", "LOGNAME", "USERNAME"):
        if keep in os.environ:
            env[keep] = os.environ[keep]
    return env


class Bundle:
    """Runs the bundle's programs in a temporary folder with a clean environment."""

    def __init__(self, folder: Path, work: Path) -> None:
        self.folder = folder
        self.work = work
        self.env = clean_env(work / "home")
        (work / "home").mkdir(parents=True, exist_ok=True)
        self.cli = self._program(only_name(PYPROJECT["scripts"]))
        self.gui = self._program(only_name(PYPROJECT["gui-scripts"]))

    def _program(self, name: str) -> Path:
        candidates = [
            self.folder / f"{name}{EXE}",
            self.folder / "Contents" / "MacOS" / name,  # a macOS .app
        ]
        for path in candidates:
            if path.is_file():
                return path
        raise SmokeFailure(f"{name}: not found in {self.folder}")

    def run(
        self,
        program: Path,
        *args: str,
        timeout: float = 120,
        env: dict[str, str] | None = None,
        noise: tuple[str, ...] = (),
    ) -> str:
        """Run one program; its stdout. A non-zero exit or any warning fails the check."""
        cmd = [str(program), *args]
        t0 = time.monotonic()
        proc = subprocess.run(
            cmd,
            cwd=self.work,
            env=env or self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        shown = " ".join([program.name, *args])
        if proc.returncode != 0:
            raise SmokeFailure(
                f"{shown}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}".rstrip()
            )
        stderr = "\n".join(
            line for line in proc.stderr.splitlines() if not any(n in line for n in noise)
        )
        if stderr.strip():
            raise SmokeFailure(f"{shown}: printed to stderr:\n{stderr}".rstrip())
        print(f"  ok  {shown}  ({time.monotonic() - t0:.1f} s)", flush=True)
        return proc.stdout


def only_name(table: dict[str, str]) -> str:
    """The one program a pyproject scripts table names."""
    (name,) = table
    return name


def expect(condition: bool, what: str, output: str = "") -> None:
    if not condition:
        raise SmokeFailure(f"{what}\n{output}".rstrip())


def check_cli(b: Bundle) -> None:
    """The command line: version, demo, connectors, a search, the log."""
    version = b.run(b.cli, "--version").strip()
    expect(version == f"skiptrace {PYPROJECT['version']}", f"--version said {version!r}")

    ws = str(b.work / "demo" / "demo.sqlite")
    out = b.run(b.cli, "--workspace", ws, "demo")
    expect((b.work / "demo" / "demo.sqlite.keys").is_file(), "demo keys file missing", out)

    listing = b.run(b.cli, "--workspace", ws, "connectors", "list")
    listed = {line.split()[0] for line in listing.splitlines() if line and not line[0].isspace()}
    wanted = set(PYPROJECT["entry-points"]["skiptrace.connectors"])
    expect(
        listed == wanted, f"connectors list shows {sorted(listed)}, not {sorted(wanted)}", listing
    )
    expect("broken" not in listing.lower(), "a connector is broken in the bundle", listing)

    purposes = json.loads(b.run(b.cli, "purposes", "--json"))
    codes = {p.get("id") or p.get("code") for p in purposes}
    expect(PURPOSE in codes, f"purpose {PURPOSE} not offered: {sorted(map(str, codes))}")

    found = b.run(
        b.cli, "--workspace", ws, "search", ACCOUNT,
        "--purpose", PURPOSE, "--justification", JUSTIFICATION, "--json",
    )  # fmt: skip
    result = json.loads(found)
    outcomes = {o["connector"]: o["status"] for o in result["outcomes"]}
    expect(outcomes.get("demo") == "ok", f"the demo source answered {outcomes}", found)
    expect(len(result["leads"]) > 0, "the search found no leads", found)
    expect(not result.get("rank_error"), f"ranking failed: {result.get('rank_error')}", found)

    verified = b.run(b.cli, "--workspace", ws, "log", "verify")
    expect(
        verified.startswith("chain intact:"), "log verify did not find the chain intact", verified
    )

    pdf = b.work / "evidence.pdf"
    b.run(b.cli, "--workspace", ws, "log", "export", "--format", "pdf", "--out", str(pdf))
    expect(pdf.read_bytes()[:5] == b"%PDF-", "log export --format pdf wrote no PDF")


def check_gui(b: Bundle) -> None:
    """The desktop app renders its research view offscreen."""
    shot = b.work / "research.png"
    # the offscreen platform lacks one window call that real platforms have (as in pytest.ini)
    offscreen = ("This plugin does not support propagateSizeHints",)
    b.run(b.gui, "--screenshot", str(shot), "--view", "research", timeout=180, noise=offscreen)
    data = shot.read_bytes() if shot.exists() else b""
    expect(data[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is not a PNG")
    expect(len(data) > 20_000, f"the screenshot is only {len(data)} bytes: an empty window?")


def worker_children(pid: int) -> list[int]:
    """Processes started by ``pid`` through multiprocessing's spawn (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == pid and b"--multiprocessing-fork" in cmdline:
            found.append(int(entry.name))
    return found


def check_workers(b: Bundle) -> bool:
    """The app's ranking process (multiprocessing spawn) starts and stays up when frozen."""
    if not sys.platform.startswith("linux"):
        print("  --  worker processes: checked on Linux only; skipped")
        return False
    ws = str(b.work / "demo" / "demo.sqlite")
    t0 = time.monotonic()
    app = subprocess.Popen(
        [str(b.gui), "--workspace", ws],
        cwd=b.work,
        env=b.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        first: list[int] = []
        while not first and app.poll() is None and time.monotonic() - t0 < 90:
            time.sleep(0.25)
            first = worker_children(app.pid)
        expect(app.poll() is None, f"the app exited ({app.returncode}) before its window idled")
        expect(bool(first), "the app started no ranking process within 90 s")
        time.sleep(3)  # long enough for a child that cannot import its work to have died
        expect(set(first) <= set(worker_children(app.pid)), "the ranking process died")
    finally:
        os.killpg(app.pid, 9)
        app.wait()
    print(f"  ok  {b.gui.name} --workspace W: ranking process up ({time.monotonic() - t0:.1f} s)")
    return True


def check_keychain(b: Bundle) -> bool:
    """A workspace with its keys in a real Secret Service keychain (Linux with D-Bus)."""
    daemon, session = shutil.which("gnome-keyring-daemon"), shutil.which("dbus-run-session")
    if not sys.platform.startswith("linux") or not daemon or not session:
        print("  --  keychain: no dbus-run-session and gnome-keyring-daemon here; skipped")
        return False
    ws = b.work / "keychain.sqlite"
    script = (
        # an unlocked login keyring, as a desktop session has
        f"printf smoke | '{daemon}' --unlock --components=secrets >/dev/null && "
        f"'{b.cli}' --workspace '{ws}' init && '{b.cli}' --workspace '{ws}' log verify"
    )
    env = {k: v for k, v in b.env.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    out = b.run(
        Path(session), "--", "sh", "-c", script, env=env, timeout=180, noise=("dbus-daemon[",)
    )
    expect("keys in the OS keychain" in out, "init did not keep the keys in the keychain", out)
    expect("key from OS keychain" in out, "log verify did not read the key from the keychain", out)
    expect(not list(b.work.glob("keychain.sqlite*.keys")), "a key file was written", out)
    return True


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "skiptrace"
    folder = folder.resolve()
    print(f"smoke test of {folder}", flush=True)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="skiptrace-smoke-") as tmp:
        try:
            b = Bundle(folder, Path(tmp))
            check_cli(b)
            check_gui(b)
            check_workers(b)
            check_keychain(b)
        except (SmokeFailure, subprocess.TimeoutExpired) as exc:
            print(f"FAILED: {exc}", file=sys.stderr)
            return 1
    print(f"bundle smoke test passed in {time.monotonic() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
