"""Compact GeoJSON for maps: coordinates rounded per vertex, so shared borders stay identical."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import shapely

__all__ = ["feature_collection", "geojson_bytes"]


def _rounded(geoms: np.ndarray, decimals: int) -> np.ndarray:
    return shapely.transform(geoms, lambda coords: np.round(coords, decimals))


def feature_collection(gdf: gpd.GeoDataFrame, properties: list[str], decimals: int = 4) -> dict:
    """A GeoJSON FeatureCollection dict with only the named properties (4 dp is about 10 m)."""
    geometries = shapely.to_geojson(_rounded(gdf.geometry.values, decimals))
    records = gdf[properties].to_dict("records")
    features = [
        {"type": "Feature", "properties": props, "geometry": json.loads(geom)}
        for props, geom in zip(records, geometries, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(gdf: gpd.GeoDataFrame, properties: list[str], decimals: int | None = 4) -> int:
    """Size of the compact GeoJSON text; decimals=None keeps full precision."""
    if decimals is None:
        collection = json.loads(gdf[[*properties, "geometry"]].to_json(drop_id=True))
    else:
        collection = feature_collection(gdf, properties, decimals)
    return len(json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode())
