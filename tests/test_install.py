"""`pip install .` gives a working `coverage-atlas` command from any folder, with its data found beside the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from geo.paths import cache_dir

ROOT = Path(__file__).resolve().parents[1]


def test_installed_command_works_from_any_folder(tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    # the installed copy only: not the checkout (PYTHONPATH replaced, run from an unrelated folder)
    env = {**os.environ, "PYTHONPATH": str(target), "COVERAGE_ATLAS_CACHE": str(cache_dir())}
    env.pop("COVERAGE_ATLAS_HOME", None)
    where = subprocess.run(
        [sys.executable, "-c", "import geo.paths as p; print(p.LICENSE_DIR); print(p.SERVER_SCRIPT)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where == [str(target / "coverage_atlas" / "data" / "licenses"), str(target / "coverage_atlas" / "server.py")]
    proc = subprocess.run(
        [str(target / "bin" / "coverage-atlas"), "check", "廈門", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["city"] == "厦门市"
    for needed in (
        "app.py",
        "pages/screens/check.py",
        "data/places/taiwan.yaml",
        "data/reference/census-2020.yaml",
        ".streamlit/config.toml",
    ):
        assert (target / "coverage_atlas" / needed).exists(), needed
