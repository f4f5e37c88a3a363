"""Shared fixtures: the real boundary cache and the real license files, loaded once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geo.boundaries import Boundaries, load_boundaries
from geo.license import License, load_licenses

LICENSE_KEY = "B1-20070275"


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


@pytest.fixture(scope="session")
def geo_command():
    """`python -m geo ARGS...` as a user runs it, from the project folder; the finished process."""

    def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "geo", *args],
            cwd=Path(__file__).resolve().parents[1],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run
