"""Every path the project reads or writes, in one place (the repository layout is decided here).

The project folder (app.py, server.py, pages/, static/, data/) is, in order: the folder named
by COVERAGE_ATLAS_HOME; the checkout this package sits in; or, after `pip install .`, the copy
installed as the `coverage_atlas` package beside it.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

__all__ = [
    "BOUNDARY_CHANGES",
    "CATALOGUE_FILE",
    "CENSUS_FILE",
    "EXAMPLES",
    "EXAMPLE_SITES",
    "LICENSE_DIR",
    "PLACES_DIR",
    "REPO_ROOT",
    "SERVER_SCRIPT",
    "STATIC_LAYERS",
    "VENDOR_LEAFLET",
    "cache_dir",
]


def _project_root() -> Path:
    named = os.environ.get("COVERAGE_ATLAS_HOME")
    if named:
        return Path(named).resolve()
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "server.py").exists():
        return checkout
    installed = importlib.util.find_spec("coverage_atlas")
    if installed and installed.submodule_search_locations:
        return Path(next(iter(installed.submodule_search_locations))).resolve()
    return checkout


REPO_ROOT = _project_root()
SERVER_SCRIPT = REPO_ROOT / "server.py"  # `streamlit run` this: the dashboard and the API in one process
LICENSE_DIR = REPO_ROOT / "data" / "licenses"
PLACES_DIR = REPO_ROOT / "data" / "places"  # extra place names (geo.aliases)
REFERENCE_DIR = REPO_ROOT / "data" / "reference"
CENSUS_FILE = REFERENCE_DIR / "census-2020.yaml"  # population by province (geo.population)
CATALOGUE_FILE = REFERENCE_DIR / "telecom-catalogue.yaml"  # value-added services by code (geo.catalogue)
BOUNDARY_CHANGES = REFERENCE_DIR / "boundary-changes.yaml"  # territory moved between cities (geo.vintage)
EXAMPLES = REPO_ROOT / "data" / "examples"
EXAMPLE_SITES = EXAMPLES / "sites.csv"
VENDOR_LEAFLET = REPO_ROOT / "static" / "vendor" / "leaflet"  # served by Streamlit at /app/static/vendor/leaflet
STATIC_LAYERS = REPO_ROOT / "static" / "layers"  # the geometry files for `streamlit run app.py` (no /geo/layers route)


def cache_dir() -> Path:
    """Where the built boundary cache lives; COVERAGE_ATLAS_CACHE overrides the default data/cache."""
    return Path(os.environ.get("COVERAGE_ATLAS_CACHE", REPO_ROOT / "data" / "cache"))
