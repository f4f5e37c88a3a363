"""Leaflet served by the app itself: no CDN, so maps draw on intranets without internet.

The PyPI package django-js-lib-leaflet ships Leaflet 1.9.4's dist files; they are
copied into static/vendor/leaflet/ (served by Streamlit at /app/static/...) by the
project's set-up and, if missing, at app start. Standalone HTML exports inline them.
"""

from __future__ import annotations

import shutil
from importlib import metadata, resources
from pathlib import Path

__all__ = ["LEAFLET_VERSION", "STATIC_URL", "leaflet_files", "vendor_dir", "vendor_leaflet"]

STATIC_URL = "/app/static/vendor/leaflet"
_PACKAGE = "django-js-lib-leaflet"
_REPO_ROOT = Path(__file__).resolve().parent.parent


def vendor_dir() -> Path:
    return _REPO_ROOT / "static" / "vendor" / "leaflet"


def _package_dist() -> Path:
    return Path(str(resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"))


LEAFLET_VERSION = metadata.version(_PACKAGE).rsplit(".", 1)[0]  # 1.9.4.1 packages Leaflet 1.9.4


def vendor_leaflet(target: Path | None = None) -> Path:
    """Copy leaflet.js, leaflet.css and its images into `target` (idempotent)."""
    target = target or vendor_dir()
    source = _package_dist()
    (target / "images").mkdir(parents=True, exist_ok=True)
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copy2(source / name, target / name)
    for image in (source / "images").iterdir():
        shutil.copy2(image, target / "images" / image.name)
    return target


def leaflet_files() -> dict[str, str]:
    """Leaflet's script and stylesheet as text, for inlining into standalone HTML."""
    source = _package_dist()
    return {name: (source / name).read_text(encoding="utf-8") for name in ("leaflet.js", "leaflet.css")}
