"""Leaflet served by the app itself: no CDN, so maps draw on intranets without internet.

The PyPI package django-js-lib-leaflet ships Leaflet 1.9.4's dist files; they are
copied into static/vendor/leaflet/ (served by Streamlit at /app/static/...) by the
project's set-up and, if missing, at app start. Standalone HTML exports inline them.
"""

from __future__ import annotations

import hashlib
import shutil
from functools import cache
from importlib import metadata, resources
from pathlib import Path

from geo.paths import VENDOR_LEAFLET

__all__ = [
    "LEAFLET_VERSION",
    "MAP_ASSETS",
    "STATIC_URL",
    "leaflet_dist",
    "leaflet_files",
    "map_assets_version",
    "map_files",
    "vendor_leaflet",
    "vendored_is_current",
]

STATIC_URL = "/app/static/vendor/leaflet"  # where Streamlit serves paths.VENDOR_LEAFLET
_PACKAGE = "django-js-lib-leaflet"
MAP_ASSETS = Path(__file__).parent / "static"  # the map's own script and style sheet (atlas_map.js, .css)
MAP_FILES = ("atlas_map.js", "atlas_map.css")


def leaflet_dist() -> Path:
    """Leaflet's dist folder inside the installed package."""
    return Path(str(resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"))


LEAFLET_VERSION = metadata.version(_PACKAGE).rsplit(".", 1)[0]  # 1.9.4.1 packages Leaflet 1.9.4


def vendor_leaflet(target: Path | None = None) -> Path:
    """Copy leaflet.js, leaflet.css and its images into `target` (idempotent)."""
    target = target or VENDOR_LEAFLET
    source = leaflet_dist()
    (target / "images").mkdir(parents=True, exist_ok=True)
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copy2(source / name, target / name)
    for image in (source / "images").iterdir():
        shutil.copy2(image, target / "images" / image.name)
    for name in MAP_FILES:  # served beside Leaflet: one asset base for both
        shutil.copy2(MAP_ASSETS / name, target / name)
    return target


def vendored_is_current(target: Path | None = None) -> bool:
    """Leaflet is there and the map's own files are the ones this code ships (an update replaces them)."""
    target = target or VENDOR_LEAFLET
    if not (target / "leaflet.js").exists():
        return False
    return all((target / n).exists() and (target / n).read_bytes() == (MAP_ASSETS / n).read_bytes() for n in MAP_FILES)


def map_files() -> dict[str, str]:
    """The map's own script and style sheet as text, for inlining into standalone HTML."""
    return {name: (MAP_ASSETS / name).read_text(encoding="utf-8") for name in MAP_FILES}


@cache
def map_assets_version() -> str:
    """A short hash of the map's own files: their URLs change when they do."""
    digest = hashlib.sha256(b"".join((MAP_ASSETS / n).read_bytes() for n in MAP_FILES))
    return digest.hexdigest()[:12]


def leaflet_files() -> dict[str, str]:
    """Leaflet's script and stylesheet as text, for inlining into standalone HTML."""
    source = leaflet_dist()
    return {name: (source / name).read_text(encoding="utf-8") for name in ("leaflet.js", "leaflet.css")}
