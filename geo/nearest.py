"""Nearest of a set of polygons, and great-circle distance to its edge, for many points at once.

Used for the nearest licensed IDC/VPN city and for "how far is this point at sea
from China's land". Distance is measured to the polygon's border densified every
0.05°, so it is accurate to about 3 km. A k-d tree (scipy) of the border vertices
answers 100,000 points in about a tenth of a second, from plain coordinate arrays:
no shapely point is built for the search.
"""

from __future__ import annotations

import numpy as np
import shapely
from scipy.spatial import KDTree

from geo.i18n import Name
from geo.license import ServiceGrant
from geo.place_index import PlaceIndex
from geo.verdicts import grant_unit_names

__all__ = ["EARTH_RADIUS_KM", "BorderIndex", "haversine_km"]

EARTH_RADIUS_KM = 6371.0088
_DENSIFY_DEG = 0.05


def haversine_km(lng1, lat1, lng2, lat2) -> np.ndarray:
    lng1, lat1, lng2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lng1, lat1, lng2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


class BorderIndex:
    """A few named polygons and a fast nearest-border query for points outside all of them."""

    def __init__(self, geoms: np.ndarray, names: list[Name], adcodes: list[int]) -> None:
        self.geoms = np.asarray(geoms)
        self.names = list(names)
        self.adcodes = np.asarray(adcodes)
        borders = shapely.segmentize(shapely.boundary(self.geoms), _DENSIFY_DEG)
        vertices, owner = shapely.get_coordinates(borders, return_index=True)
        # A vertex two units share is kept once, as the smaller adcode's: first after a stable sort.
        by_adcode = np.argsort(self.adcodes[owner], kind="stable")
        self.vertices, first = np.unique(vertices[by_adcode], axis=0, return_index=True)
        self.owner = owner[by_adcode][first]
        self._tree = KDTree(self.vertices, leafsize=32)  # measured here: ~20% faster than the default 10

    @classmethod
    def for_grant(cls, grant: ServiceGrant, index: PlaceIndex) -> BorderIndex:
        """The licensed units of one service, as the license names them."""
        codes = [u.adcode for u in grant.coverage]
        geoms = [index.licensed_outline(c) for c in codes]
        names = grant_unit_names(grant, index.units)
        return cls(np.array(geoms), [names[c] for c in codes], codes)

    def query(self, lng: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For points the caller knows lie outside every polygon: the nearest polygon's index and km to its border.

        "Nearest" is the nearest border vertex in degrees, as a GIS nearest-neighbour search
        measures it; the km are great-circle to that vertex. A vertex two units share answers
        as the unit with the smaller adcode.
        """
        _, nearest = self._tree.query(np.column_stack([lng, lat]))
        return self.owner[nearest], haversine_km(lng, lat, *self.vertices[nearest].T)
