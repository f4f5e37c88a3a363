"""Places as answers speak of them: a unit with its province, city and county, named in either language.

Apart from the answers (geo.verdicts, geo.check) so that anything that names or draws
a place (cards, maps, summaries, batch rows) reads the same names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from geo.i18n import Name

__all__ = ["Place", "representative_point", "representative_points"]


@dataclass(frozen=True)
class Place:
    """One administrative unit, with the chain of names above it (county and city are None where absent)."""

    level: str
    adcode: int
    province_adcode: int
    name: Name  # the unit itself: 南山区 / Nanshan
    province: Name
    city: Name | None = None
    county: Name | None = None

    def label(self, lang: str) -> str:
        """'广东省 深圳市 南山区' in Chinese (largest first), 'Nanshan, Shenzhen, Guangdong' in English."""
        parts = [p.render(lang) for p in (self.province, self.city, self.county) if p is not None]
        if lang == "en":
            return ", ".join(dict.fromkeys(reversed(parts)))
        return " ".join(dict.fromkeys(parts))

    def render(self, lang: str) -> str:
        """A place is a message parameter like any name: it renders as its label."""
        return self.label(lang)

    def to_json(self) -> dict:
        """The candidate object of the JSON contract: Chinese names as data, plus the English ones."""
        return {
            "level": self.level,
            "adcode": self.adcode,
            "province": self.province.zh,
            "city": self.city.zh if self.city else None,
            "county": self.county.zh if self.county else None,
            "province_adcode": self.province_adcode,
            "name": self.name.zh,
            "name_en": self.name.en,
            "label": self.label("zh"),
            "label_en": self.label("en"),
        }


def representative_point(geom: shapely.Geometry) -> shapely.Point:
    """Where to put a unit's label or measure from: its centroid, or a point inside when the centroid falls outside."""
    point = shapely.centroid(geom)
    return point if shapely.contains(geom, point) else shapely.point_on_surface(geom)


def representative_points(geoms: np.ndarray) -> np.ndarray:
    """`representative_point` of each geometry, vectorised (a point on the surface only where the centroid is outside)."""
    points = shapely.centroid(geoms)
    outside = ~shapely.contains(geoms, points)
    points[outside] = shapely.point_on_surface(geoms[outside])
    return points
