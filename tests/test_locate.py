"""Point lookup: the bulk and the small-batch paths agree, and borders are decided on purpose."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.locate import PointIndex


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
