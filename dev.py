#!/usr/bin/env python3
"""One-command setup for skiptrace, standard library only.

    python3 dev.py app     set up .venv (first time) and open the app on the demo workspace
    python3 dev.py test    set up .venv (first time) and run the checks and the test suite
    python3 dev.py bench   set up .venv with the benchmark extras and list the benchmarks
    python3 dev.py bundle  build the desktop bundle for this OS into dist/ and smoke-test it

Extra arguments after ``test`` go to pytest; after ``app`` to the app.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*cmd: str | os.PathLike[str], env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)
    if code:
        sys.exit(code)


def ensure_venv(extras: str) -> None:
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'app'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(PY, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(digest)


def app(args: list[str]) -> None:
    ensure_venv("")
    run(PY, "-m", "ui.app", "--demo", *args)


def test(args: list[str]) -> None:
    ensure_venv("test")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    code = ("skiptrace", "connectors", "ui", "tests", "bench", "scripts", "packaging")
    run(PY, "-m", "ruff", "check", *code)
    run(PY, "-m", "ruff", "format", "--check", *code)
    run(PY, "-m", "mypy")
    run(BIN / "lint-imports", "--no-cache")
    run(PY, "-m", "pytest", *args, env=env)


def bench(args: list[str]) -> None:
    ensure_venv("test,bench")
    for script in sorted((ROOT / "bench").glob("*.py")):
        print(f"{PY} {script.relative_to(ROOT)}")


def bundle(args: list[str]) -> None:
    ensure_venv("bundle")
    # the spec reads pyproject.toml and the installed metadata: see packaging/skiptrace.spec
    run(
        PY,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        ROOT / "dist",
        "--workpath",
        ROOT / "build" / "pyinstaller",
        ROOT / "packaging" / "skiptrace.spec",
        *args,
    )
    # the system's Python runs the smoke test: it needs the standard library only
    built = "skiptrace.app" if sys.platform == "darwin" else "skiptrace"
    run(sys.executable, ROOT / "packaging" / "smoke.py", ROOT / "dist" / built)


def main() -> None:
    commands = {"app": app, "test": test, "bench": bench, "bundle": bundle}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
