"""Leaflet served by the app itself: no CDN, so maps draw on intranets without internet.

The PyPI package django-js-lib-leaflet ships Leaflet 1.9.4's dist files; they are
copied into static/vendor/leaflet/ (served by Streamlit at /app/static/...) by the
project's set-up and, if missing, at app start. Standalone HTML exports inline them.
"""

from __future__ import annotations

import shutil
from importlib import metadata, resources
from pathlib import Path

from geo.paths import VENDOR_LEAFLET

__all__ = ["LEAFLET_VERSION", "STATIC_URL", "leaflet_dist", "leaflet_files", "vendor_leaflet"]

STATIC_URL = "/app/static/vendor/leaflet"  # where Streamlit serves paths.VENDOR_LEAFLET
_PACKAGE = "django-js-lib-leaflet"


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
    return target


def leaflet_files() -> dict[str, str]:
    """Leaflet's script and stylesheet as text, for inlining into standalone HTML."""
    source = leaflet_dist()
    return {name: (source / name).read_text(encoding="utf-8") for name in ("leaflet.js", "leaflet.css")}
