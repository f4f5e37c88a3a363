"""requirements.txt and pyproject.toml pin the same versions: one can drift from the other only through this test."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pins(lines) -> dict[str, str]:
    found = {}
    for line in lines:
        match = re.match(r"^\s*([A-Za-z0-9_.-]+)==([^\s;#]+)", line)
        if match:
            found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def test_requirements_and_pyproject_pin_the_same_versions():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _pins([*project["dependencies"], *project["optional-dependencies"]["test"]])
    required = _pins((ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines())
    assert declared == required
