"""Nearest licensed city / nearest province: the k-d tree gives the brute-force answer, ties decided on purpose."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.nearest import BorderIndex, haversine_km


def _brute_force(index: BorderIndex, lng: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, list[set]]:
    """Every point against every vertex: km to the nearest in degrees, and every owner at that distance."""
    dist = np.hypot(lng[:, None] - index.vertices[None, :, 0], lat[:, None] - index.vertices[None, :, 1])
    km = haversine_km(lng, lat, *index.vertices[dist.argmin(axis=1)].T)
    return km, [set(index.owner[row == row.min()]) for row in dist]


@pytest.mark.parametrize("which", ["idc", "vpn", "provinces"])
def test_the_tree_finds_the_nearest_vertex_as_brute_force_does(checker, which):
    index = checker.provinces if which == "provinces" else checker._nearest[which]
    rng = np.random.default_rng(5)
    lng, lat = rng.uniform(73, 136, 3000), rng.uniform(3, 54, 3000)
    owner, km = index.query(lng, lat)
    expected_km, owners = _brute_force(index, lng, lat)
    assert np.allclose(km, expected_km, rtol=0, atol=1e-9)
    assert all(o in allowed for o, allowed in zip(owner, owners, strict=True))


def test_a_vertex_two_licensed_cities_share_answers_as_the_smaller_adcode(checker):
    index = checker._nearest["idc"]
    beijing, tianjin = (index.geoms[np.flatnonzero(index.adcodes == code)[0]] for code in (110000, 120000))
    borders = shapely.segmentize(shapely.boundary([beijing, tianjin]), 0.05)
    shared = np.array(
        sorted(
            {tuple(p) for p in shapely.get_coordinates(borders[0])}
            & {tuple(p) for p in shapely.get_coordinates(borders[1])}
        )
    )
    assert len(shared) > 10  # 北京 and 天津 are neighbours in the IDC coverage: their borders share vertices
    owner, km = index.query(shared[:, 0], shared[:, 1])
    assert set(index.adcodes[owner]) == {110000} and (km == 0).all()


def test_a_point_and_many_points_get_the_same_nearest_city(checker):
    rng = np.random.default_rng(3)
    lng, lat = rng.uniform(85, 125, 40), rng.uniform(20, 45, 40)
    many = checker.check_points(lng, lat)
    for i in range(len(lng)):
        one = checker.check_points(lng[i : i + 1], lat[i : i + 1])
        for service in many.nearest_owner:
            assert one.nearest_owner[service][0] == many.nearest_owner[service][i]
            np.testing.assert_equal(one.nearest_km[service][0], many.nearest_km[service][i])  # NaN: not served
