"""Boundary loading and display-tier size, against the naive way, in one run.

Run: python -m bench.bench_boundaries   (prints numbers; not a test)
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.boundaries import load_boundaries, package_root, read_package_geometries, read_package_index
from geo.datum import gcj02_geometries_to_wgs84, gcj02_to_wgs84
from geo.render.geojson import geojson_bytes


def _timed(fn, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def naive_load() -> gpd.GeoDataFrame:
    """What one would write without a cache: read every province/prefecture GeoJSON file, then convert."""
    root = package_root()
    rows = read_package_index(root)
    rows = rows[rows["level"].isin(["province", "prefecture"])]
    frames = [gpd.read_file(Path(root / "datasets" / p)) for p in rows["path"]]
    gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)
    gdf["geometry"] = gcj02_geometries_to_wgs84(gdf.geometry.values)
    return gdf


def _every_vertex_on_its_own(geoms: np.ndarray) -> np.ndarray:
    """The naive conversion: each of the 6.9 M vertices, shared or not, solved for."""

    def convert(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(gcj02_to_wgs84(coords[:, 0], coords[:, 1]))

    return shapely.transform(geoms, convert)


def datum_conversion() -> None:
    """The cache build's largest step: every unit's outline from GCJ-02 to WGS-84, as the build does and naively."""
    root = package_root()
    geoms = read_package_geometries(root, read_package_index(root)["path"])
    naive_s, naive = _timed(lambda: _every_vertex_on_its_own(geoms), repeat=1)
    ours_s, ours = _timed(lambda: gcj02_geometries_to_wgs84(geoms), repeat=3)
    same = np.array_equal(shapely.get_coordinates(naive), shapely.get_coordinates(ours))
    print(f"GCJ-02 -> WGS-84, every vertex on its own (naive):       {naive_s:8.3f} s")
    print(
        f"GCJ-02 -> WGS-84, each distinct vertex once (the build): {ours_s:8.3f} s  "
        f"({naive_s / ours_s:,.1f}x faster; same coordinates: {same})"
    )


def main() -> None:
    boundaries = load_boundaries()  # builds the cache if needed (not timed)
    folder = boundaries.folder
    naive_s, naive = _timed(naive_load, repeat=1)
    display_s, display = _timed(lambda: gpd.read_parquet(folder / "display.parquet"), repeat=5)
    full_s, full = _timed(lambda: gpd.read_parquet(folder / "full.parquet"), repeat=3)
    print(f"load provinces+prefectures from package GeoJSON (naive): {naive_s:8.3f} s")
    print(
        f"load display tier from cache:                             {display_s:8.3f} s  ({naive_s / display_s:,.0f}x faster)"
    )
    print(
        f"load full tier (all levels, 7 M vertices) from cache:     {full_s:8.3f} s  ({naive_s / full_s:,.1f}x faster)"
    )

    admin = full[full["level"].isin(["province", "prefecture"])]
    full_bytes = geojson_bytes(admin, ["adcode"], decimals=None)
    display_bytes = geojson_bytes(display, ["adcode"], decimals=4)
    print(f"GeoJSON provinces+prefectures, full precision:           {full_bytes / 1e6:8.2f} MB")
    print(
        f"GeoJSON provinces+prefectures, display tier (4 dp):      {display_bytes / 1e6:8.2f} MB  "
        f"({full_bytes / display_bytes:,.0f}x smaller)"
    )
    print(f"naive frame rows: {len(naive)}; display rows: {len(display)}")
    datum_conversion()


if __name__ == "__main__":
    main()
