"""Shared fixtures: the real boundary cache and the real license files, loaded once."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.boundaries import Boundaries, load_boundaries
from geo.license import License, load_licenses
from tests.browser import background

LICENSE_KEY = "B1-20070275"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def boundaries() -> Boundaries:
    return load_boundaries()


@pytest.fixture(scope="session")
def units(boundaries):
    return boundaries.units


@pytest.fixture(scope="session")
def lic(units) -> License:
    return load_licenses(units)[LICENSE_KEY]


@pytest.fixture(scope="session")
def checker(boundaries, lic):
    from geo.check import Checker

    return Checker(boundaries, lic)


@contextlib.contextmanager
def _environment(env: dict | None) -> Iterator[None]:
    """os.environ with `env` added for the block, as a child process started with it would see it."""
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="session")
def geo_command():
    """`python -m geo ARGS...` as cli.main runs it, in this process (from `cwd`, with `env` added): the result as
    the finished process would give it (exit code, stdout, stderr). Starting Python and loading the boundaries for
    every command cost half the suite's time; `geo_process` is the real process, for what only a process shows
    (a log line at start-up, a signal, a resource limit) and for the smoke tests."""
    from geo.cli import main

    def run(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.chdir(cwd), _environment(env):
            try:
                code = main(list(args))
            except SystemExit as stop:  # argparse's own refusals
                code = stop.code if isinstance(stop.code, int) else 2
        return subprocess.CompletedProcess([sys.executable, "-m", "geo", *args], code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture(scope="session")
def geo_process():
    """`python -m geo ARGS...` as a user runs it, a real process (from `cwd`, with `env` added); the finished one."""

    def run(*args: str, env: dict | None = None, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "geo", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )

    return run


def _reads_the_browser_scenario(item: pytest.Item) -> bool:
    return item.path.name == "test_browser.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """test_browser.py's tests last: they read the browser scenario's report, and the scenario runs in the
    background from collection on (tests/browser/background.py). Under scripts/test.sh's two workers
    (`--dist loadfile --no-loadscope-reorder`: files handed out in this order) the file is taken last."""
    items.sort(key=_reads_the_browser_scenario)


def pytest_collection_finish(session: pytest.Session) -> None:
    wanted = any(_reads_the_browser_scenario(item) for item in session.items)
    if wanted and not session.config.option.collectonly and background.starts_here() and background.can_run():
        background.start()


def pytest_sessionfinish() -> None:
    background.stop()
