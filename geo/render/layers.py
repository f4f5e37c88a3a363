"""The map's geometry as static files: built once per boundary cache, fetched once per browser.

Every map (coverage, check, batch, compare, presentation) draws the same display-tier
geometry; only the styling differs. So the geometry is written once, as compact GeoJSON
(3 decimals, ~100 m, far below the display tier's 0.025° simplification; shared vertices
round alike, so borders stay shared), gzipped, under a content-hashed name that the server
can mark immutable. Maps carry only a small status table (adcode -> one letter per service)
and style the features in the browser (geo.mapdata.MapData.statuses).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely

from geo.boundaries import Boundaries
from geo.files import write_bytes_atomic
from geo.names import english_names
from geo.places import representative_point
from geo.render.geojson import feature_collection

__all__ = [
    "LAYER_ROUTE",
    "STATIC_ROUTE",
    "LayerFiles",
    "layer_collections",
    "layer_files",
]

LAYER_ROUTE = "/geo/layers"  # served by server.py from the cache folder, with immutable caching
STATIC_ROUTE = "/app/static/layers"  # Streamlit's own static serving, for `streamlit run app.py`
_DECIMALS = 3
LAYOUT = 2  # what the files hold; 2: label points x, y. A change here rebuilds the files once.


def _label_points(geometries: gpd.GeoSeries) -> tuple[list[float], list[float]]:
    """Where a unit's name is written: inside its largest part (an island never takes the label)."""
    points = [representative_point(max(shapely.get_parts(g), key=shapely.area)) for g in geometries]
    return [round(p.x, _DECIMALS) for p in points], [round(p.y, _DECIMALS) for p in points]


@dataclass(frozen=True)
class LayerFiles:
    """The built files: layer name -> file name (content-hashed) in `folder`."""

    folder: Path
    names: dict[str, str]

    def urls(self) -> dict[str, str]:
        return {layer: f"{LAYER_ROUTE}/{name}" for layer, name in self.names.items()}

    def static_urls(self, static_folder: Path) -> dict[str, str]:
        """The same files where Streamlit's static serving finds them (`streamlit run app.py` has no layer route).

        Copied there uncompressed (Streamlit compresses what it sends) under the same content-hashed
        names, once; copies of an older build are removed."""
        static_folder.mkdir(parents=True, exist_ok=True)
        for stale in set(p.name for p in static_folder.glob("*.json")) - set(self.names.values()):
            (static_folder / stale).unlink(missing_ok=True)
        for name in self.names.values():
            if not (static_folder / name).exists():
                write_bytes_atomic(static_folder / name, gzip.decompress((self.folder / name).read_bytes()))
        return {layer: f"{STATIC_ROUTE}/{name}" for layer, name in self.names.items()}


def layer_collections(boundaries: Boundaries) -> dict[str, dict]:
    """The three layers as GeoJSON dicts: units carry adcode `a`, province `p`, names `n` (中文) and `e` (English),
    and the point `x`, `y` where their name is written."""
    display = boundaries.display[["level", "adcode", "geometry"]].merge(
        boundaries.units[["level", "adcode", "name", "short_name", "province_adcode"]], on=["level", "adcode"]
    )
    display["n"] = display["name"]
    display["e"] = english_names(display)
    display = display.rename(columns={"adcode": "a", "province_adcode": "p"})
    display["x"], display["y"] = _label_points(display.geometry)
    frames = {
        level: gpd.GeoDataFrame(display[display["level"] == level], crs=4326) for level in ("prefecture", "province")
    }
    dash = gpd.GeoDataFrame({"kind": ["dashline"]}, geometry=boundaries.dashline.geometry.values, crs=4326)
    return {
        "prefectures": feature_collection(frames["prefecture"], ["a", "p", "n", "e", "x", "y"], _DECIMALS),
        "provinces": feature_collection(frames["province"], ["a", "n", "e", "x", "y"], _DECIMALS),
        "dashline": feature_collection(dash, ["kind"], _DECIMALS),
    }


def _encoded(collection: dict) -> bytes:
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def layer_files(boundaries: Boundaries) -> LayerFiles:
    """Write the layers (gzipped, content-hashed) beside the cache once; later calls find them."""
    folder = boundaries.folder / "layers"
    index = folder / "index.json"
    recipe = {"provenance": boundaries.provenance, "layout": LAYOUT}
    build_id = hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:16]
    try:
        recorded = json.loads(index.read_text())
        if recorded["build"] == build_id and all((folder / n).exists() for n in recorded["names"].values()):
            return LayerFiles(folder, recorded["names"])
    except (OSError, ValueError, KeyError):
        pass  # missing or stale: build below
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for layer, collection in layer_collections(boundaries).items():
        payload = _encoded(collection)
        names[layer] = f"{layer}.{hashlib.sha256(payload).hexdigest()[:16]}.json"
        write_bytes_atomic(folder / names[layer], gzip.compress(payload, compresslevel=9, mtime=0))
    write_bytes_atomic(index, json.dumps({"build": build_id, "names": names}).encode())
    return LayerFiles(folder, names)
