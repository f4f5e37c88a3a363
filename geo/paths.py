"""Every path the project reads or writes, in one place (the repository layout is decided here)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["EXAMPLES", "EXAMPLE_SITES", "LICENSE_DIR", "PLACES_DIR", "REPO_ROOT", "VENDOR_LEAFLET", "cache_dir"]

REPO_ROOT = Path(__file__).resolve().parent.parent
LICENSE_DIR = REPO_ROOT / "data" / "licenses"
PLACES_DIR = REPO_ROOT / "data" / "places"  # extra place names (geo.aliases)
EXAMPLES = REPO_ROOT / "data" / "examples"
EXAMPLE_SITES = EXAMPLES / "sites.csv"
VENDOR_LEAFLET = REPO_ROOT / "static" / "vendor" / "leaflet"  # served by Streamlit at /app/static/vendor/leaflet


def cache_dir() -> Path:
    """Where the built boundary cache lives; COVERAGE_ATLAS_CACHE overrides the default data/cache."""
    return Path(os.environ.get("COVERAGE_ATLAS_CACHE", REPO_ROOT / "data" / "cache"))
