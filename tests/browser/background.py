"""The browser scenario (tests/browser/offline_run.py) run once per test session, started as soon as the
tests are collected and run in the background while the rest of the suite runs.

It takes about a minute (a server and Chromium in a loopback-only network namespace). Run by the first
test that reads its report, it kept that test's worker busy for the whole minute; started at collection,
it runs beside the other tests, and test_browser.py's tests, collected last, read the report it leaves.
Under pytest-xdist every worker collects the same tests: the first worker ("gw0") starts the run and any
worker may read it; the run's outcome is a file named after the xdist run's id, so no worker can read a
report of an earlier session.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from geo.files import write_bytes_atomic
from tests.browser.harness import ROOT, isolated

ARTIFACTS = ROOT / "artifacts" / "browser"
NEEDS = ("/usr/bin/chromium", "/usr/bin/chromedriver")
_TIMEOUT_S = 600
_running: list[subprocess.Popen] = []


def missing_browser() -> list[str]:
    """Chromium and its driver, where this machine lacks them (scripts/system-packages.sh installs them)."""
    return [p for p in NEEDS if not Path(p).exists()]


def can_run() -> bool:
    """Everything the scenario needs: Chromium, its driver and unshare (util-linux) for the loopback-only namespace."""
    return not missing_browser() and shutil.which("unshare") is not None


def _run_id() -> str:
    """The same in every worker of one xdist run; the process itself in a run without workers."""
    return os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid{os.getpid()}"


def _outcome_file() -> Path:
    return ROOT / "artifacts" / f"browser-run-{_run_id()}.json"


def starts_here() -> bool:
    """Only one process per session starts the scenario: xdist's first worker, or pytest itself without xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "gw0") == "gw0"


def start() -> None:
    """Run the scenario in a thread of this process; its outcome (exit code, output's tail) goes to a file."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    for stale in (ROOT / "artifacts").glob("browser-run-*.json"):
        stale.unlink(missing_ok=True)

    command = isolated(sys.executable, "-m", "tests.browser.offline_run", str(ARTIFACTS))
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _running.append(proc)

    def run() -> None:
        try:
            stdout, stderr = proc.communicate(timeout=_TIMEOUT_S)
            outcome = {"rc": proc.returncode, "output": stdout[-3000:] + stderr[-3000:]}
        except subprocess.TimeoutExpired:  # the tests fail with it, they do not hang
            proc.kill()
            outcome = {"rc": -1, "output": f"the browser scenario took over {_TIMEOUT_S} s"}
        target = _outcome_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, json.dumps(outcome).encode("utf-8"))  # a reader sees all of it or none

    threading.Thread(target=run, name="browser-scenario", daemon=True).start()


def stop() -> None:
    """End a scenario still running when the session ends (a run stopped early, its browser tests not reached)."""
    for proc in _running:
        if proc.poll() is None:
            proc.kill()


def wait_for_report() -> dict:
    """The scenario's report once it has finished; an AssertionError with its output if it failed."""
    target = _outcome_file()
    deadline = time.monotonic() + _TIMEOUT_S + 60
    while not target.exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"the browser scenario gave no outcome in {_TIMEOUT_S + 60} s ({target})")
        time.sleep(0.5)
    outcome = json.loads(target.read_text(encoding="utf-8"))
    assert outcome["rc"] == 0, outcome["output"]
    return json.loads((ARTIFACTS / "report.json").read_text(encoding="utf-8"))
