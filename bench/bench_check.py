"""Location check speed against the naive way, in one run.

Run: python -m bench.bench_check   (prints numbers; not a test)
"""

from __future__ import annotations

import statistics
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.batch import LocationColumns, check_table
from geo.boundaries import load_boundaries
from geo.check import Checker
from geo.license import load_licenses

N = 100_000
NAIVE_SAMPLE = 500


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def china_points(boundaries, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random points inside China's bounding box (about half on land), fixed seed."""
    rng = np.random.default_rng(seed)
    return rng.uniform(75, 134, n), rng.uniform(18, 53, n)


def addresses(units: pd.DataFrame, n: int, seed: int = 0) -> list[str]:
    """Realistic, mostly unique address strings: province + city + county + street + number."""
    rng = np.random.default_rng(seed)
    counties = units[units["level"] == "county"].sample(n, replace=True, random_state=seed)
    names = units.drop_duplicates(["level", "adcode"]).set_index(["level", "adcode"])["name"]
    out = []
    for row, number in zip(counties.itertuples(), rng.integers(1, 999, n), strict=True):
        city = names.get(("prefecture", row.parent_adcode), "")
        province = names.get(("province", row.province_adcode), "")
        out.append(f"{province}{city}{row.name}人民路{number}号")
    return out


def nearest_searches(checker: Checker, lng: np.ndarray, lat: np.ndarray) -> tuple[float, float]:
    """The three nearest-border searches over all points, one after another: ours, and the GIS way.

    The GIS way: shapely points and an STRtree of the same border vertices (what geo.nearest used before).
    """
    indexes = [*checker._nearest.values(), checker.provinces]
    trees = [shapely.STRtree(shapely.points(index.vertices)) for index in indexes]

    def strtree() -> None:
        points = shapely.points(np.column_stack([lng, lat]))
        for tree in trees:
            tree.query_nearest(points, all_matches=False)

    ours = median_time(lambda: [index.query(lng, lat) for index in indexes], 3)
    return ours, median_time(strtree, 3)


def main() -> None:
    boundaries = load_boundaries()
    lic = next(iter(load_licenses(boundaries.units).values()))
    checker = Checker(boundaries, lic)
    counties = boundaries.full[boundaries.full["level"] == "county"]
    checker.check("22.5431,114.0579")  # warm up: loads full geometry, prepares polygons

    # single checks
    name_s = median_time(lambda: checker.check("深圳市南山区"), 200)
    point_s = median_time(lambda: checker.check("22.5431,114.0579"), 200)
    one_point = gpd.GeoDataFrame(geometry=gpd.points_from_xy([114.0579], [22.5431]), crs=4326)
    naive_point_s = median_time(lambda: gpd.sjoin(one_point, counties, predicate="within"), 20)
    names = boundaries.units["name"]
    naive_name_s = median_time(lambda: boundaries.units[[n in "深圳市南山区" for n in names]], 20)
    distinct = boundaries.units.loc[boundaries.units["level"] == "prefecture", "name"].tolist()[:300]
    fresh = Checker(boundaries, lic)
    cold_s = median_time(lambda: [fresh.check(n) for n in distinct], 1) / len(distinct)
    print(
        f"single check, name '深圳市南山区':   {name_s * 1e3:7.3f} ms   naive scan of all names {naive_name_s * 1e3:7.3f} ms  ({naive_name_s / name_s:,.0f}x)"
    )
    print(
        f"single check, name never seen:     {cold_s * 1e3:7.3f} ms   (mean over {len(distinct)} prefecture names, fresh Checker; {naive_name_s / cold_s:,.0f}x)"
    )
    print(
        f"single check, coordinate:          {point_s * 1e3:7.3f} ms   naive one-row sjoin     {naive_point_s * 1e3:7.3f} ms  ({naive_point_s / point_s:,.0f}x)"
    )

    # batch of coordinates
    lng, lat = china_points(boundaries, N)
    table = pd.DataFrame({"lat": lat.astype(str), "lng": lng.astype(str)})
    cols = LocationColumns(lat="lat", lng="lng")
    batch_s = median_time(lambda: check_table(checker, table, cols), 3)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lng, lat), crs=4326)
    sjoin_s = median_time(lambda: gpd.sjoin(points, counties, predicate="within"), 3)
    checker.counties.locate(lng, lat)  # builds the grid once (not timed: once per process)
    locate_s = median_time(lambda: checker.counties.locate(lng, lat), 3)
    exact_s = median_time(lambda: checker.counties.locate_exact(lng, lat), 3)
    sample = points.iloc[:NAIVE_SAMPLE]
    loop_s = median_time(
        lambda: [gpd.sjoin(sample.iloc[[i]], counties, predicate="within") for i in range(NAIVE_SAMPLE)], 1
    )
    loop_full = loop_s * N / NAIVE_SAMPLE
    print(f"batch of {N:,} coordinates:       {batch_s:7.2f} s    (verdicts, nearest cities, all columns)")
    print(
        f"  lookup step alone: grid {locate_s:5.3f} s vs geopandas.sjoin {sjoin_s:5.3f} s ({sjoin_s / locate_s:,.1f}x; "
        f"target >= 2x); every point tested exactly {exact_s:5.3f} s"
    )
    print(f"  all answer columns: {batch_s:5.2f} s (target <= 0.4 s)")
    tree_s, strtree_s = nearest_searches(checker, lng, lat)
    print(
        f"  nearest IDC city, VPN city and province for every point: k-d trees {tree_s:5.3f} s vs"
        f" shapely STRtree.query_nearest {strtree_s:5.3f} s ({strtree_s / tree_s:,.1f}x)"
    )
    print(
        f"  vs one sjoin per row:            {loop_full:7.1f} s    ({loop_full / batch_s:,.0f}x; timed on {NAIVE_SAMPLE} rows, scaled)"
    )

    # batch of address strings
    texts = addresses(boundaries.units, N)
    print(f"  {len(set(texts)):,} distinct of {N:,} address strings")
    address_table = pd.DataFrame({"地址": texts})
    address_s = median_time(
        lambda: check_table(Checker(boundaries, lic), address_table, LocationColumns(text="地址")), 1
    )
    sample_texts = texts[:NAIVE_SAMPLE]
    naive_addr_s = median_time(lambda: [[n for n in names if n in t] for t in sample_texts], 1) * N / NAIVE_SAMPLE
    print(f"batch of {N:,} addresses:         {address_s:7.2f} s    (fresh Checker: no warm per-unit cache)")
    print(
        f"  vs substring scan of every unit name per row: {naive_addr_s:7.1f} s ({naive_addr_s / address_s:,.1f}x; "
        f"timed on {NAIVE_SAMPLE} rows, scaled; it only finds names, it does not resolve them)"
    )


if __name__ == "__main__":
    main()
