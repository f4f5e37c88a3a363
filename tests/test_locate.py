"""Point lookup: the bulk and the small-batch paths agree, and borders are decided on purpose."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.lookup import PointIndex


@pytest.fixture(scope="module")
def counties(boundaries):
    full = boundaries.full
    return PointIndex(full[full["level"] == "county"])


def test_bulk_and_small_paths_agree(counties):
    rng = np.random.default_rng(7)
    lng, lat = rng.uniform(100, 122, 3000), rng.uniform(20, 42, 3000)
    bulk = counties.locate(lng, lat)
    small = np.concatenate([counties.locate(lng[i : i + 500], lat[i : i + 500]) for i in range(0, 3000, 500)])
    assert (bulk == small).all()
    assert (bulk >= 0).mean() > 0.5


def test_point_on_a_shared_border_goes_to_the_smaller_adcode(counties):
    layer = counties.layer.set_index("adcode")
    futian, luohu = layer.loc[440304, "geometry"], layer.loc[440303, "geometry"]
    shared = shapely.intersection(futian.boundary, luohu.boundary)
    vertex = shapely.get_coordinates(shared)[0]  # a vertex both polygons have
    for n in (1, 2000):  # both paths
        rows = counties.locate(np.full(n, vertex[0]), np.full(n, vertex[1]))
        assert set(counties.layer.loc[rows, "adcode"]) == {440303}


def test_non_finite_points_are_not_located(counties):
    assert counties.locate(np.array([np.nan, np.inf, 114.0579]), np.array([22.5, 22.5, 22.5431])).tolist()[:2] == [
        -1,
        -1,
    ]


def test_the_grid_gives_the_exact_answers(counties):
    # 100,000 random points over China's box, every vertex of the borders around 深圳 and 北京 (points
    # exactly on a border, where the smaller adcode wins), and points a hair beside them
    rng = np.random.default_rng(11)
    lng, lat = rng.uniform(73, 136, 100_000), rng.uniform(3, 54, 100_000)
    layer = counties.layer
    around = layer[layer["parent_adcode"].isin([440300, 110100])].geometry.values
    border = shapely.get_coordinates(shapely.boundary(around))
    beside = border + rng.normal(0, 1e-7, border.shape)
    lng = np.concatenate([lng, border[:, 0], beside[:, 0], [np.nan, np.inf, 1e308]])
    lat = np.concatenate([lat, border[:, 1], beside[:, 1], [22.5, 22.5, 1e308]])
    gridded, exact = counties.locate(lng, lat), counties.locate_exact(lng, lat)
    assert len(border) > 1000 and (gridded[100_000:] >= 0).mean() > 0.99
    assert np.array_equal(gridded, exact)
    assert (counties.grid.cells >= 0).sum() > (counties.grid.cells == -2).sum()  # most land cells answered ahead


def test_the_grid_marks_every_cell_a_border_crosses(counties):
    # a border vertex's cell is never answered in advance: points there are always tested exactly
    grid = counties.grid
    vertices = shapely.get_coordinates(shapely.boundary(counties.layer.geometry.values[:200]))
    column, row = (
        np.floor((v - o) / grid.cell).astype(int) for v, o in ((vertices[:, 0], grid.x0), (vertices[:, 1], grid.y0))
    )
    assert (grid.cells[row, column] == -2).all()
