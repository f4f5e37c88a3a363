"""The place index: every unit of the boundary data under every name people write, its outline, where it
is drawn, and the boundary changes since a license was issued. It depends on the boundaries alone, not on a
license, so one index serves every license's Checker, the views the screens draw and the license importer
(built once per process, not once per license).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd
import shapely

from geo.aliases import load_place_aliases, load_unit_names
from geo.boundaries import Boundaries
from geo.history import load_history
from geo.i18n import Name
from geo.lookup import Gazetteer, UnitRef
from geo.names import english_name
from geo.places import Place
from geo.vintage import BoundaryChange, load_boundary_changes, moved_counties

__all__ = ["PlaceIndex"]


class PlaceIndex:
    def __init__(self, boundaries: Boundaries) -> None:
        self.boundaries = boundaries
        self.units: pd.DataFrame = boundaries.units
        self.changes: dict[int, BoundaryChange] = load_boundary_changes(boundaries.units)
        former = [*load_history(boundaries.folder), *moved_counties(self.changes, boundaries.units)]
        self.gazetteer = Gazetteer(boundaries.units, load_place_aliases(), former, load_unit_names())
        columns = ["name", "short_name", "parent_adcode", "province_adcode"]
        # dict look-ups: pandas' cost ~0.1 ms each
        self._rows: dict[tuple[str, int], dict] = self.units.set_index(["level", "adcode"])[columns].to_dict("index")
        self._places: dict[UnitRef, Place] = {}
        self._display = boundaries.display.set_index(["level", "adcode"])

    # --- names -------------------------------------------------------------------------

    @staticmethod
    def name_of(full_name: str, short: str, adcode: int | None = None) -> Name:
        return Name(full_name, english_name(full_name, short, adcode))

    def _name_at(self, level: str, adcode: int) -> Name:
        row = self._rows[(level, adcode)]
        return self.name_of(row["name"], row["short_name"], adcode)

    def place(self, ref: UnitRef) -> Place:
        """The unit as a place with its names in both languages (made once per unit: pandas look-ups are slow)."""
        if ref not in self._places:
            self._places[ref] = self._make_place(ref)
        return self._places[ref]

    def _make_place(self, ref: UnitRef) -> Place:
        row = self._rows[(ref.level, ref.adcode)]
        city = county = None
        if ref.level == "county":
            county = self._name_at("county", ref.adcode)
            city = self._name_at("prefecture", row["parent_adcode"])
        elif ref.level == "prefecture" or ("prefecture", ref.adcode) in self._rows:
            city = self._name_at(ref.level, ref.adcode)  # the second case: 重庆, 台湾, one place as province and city
        if county == city:
            county = None  # 东莞市: a prefecture without counties repeats itself as one
        province_adcode = int(row["province_adcode"])
        province = self._name_at("province", province_adcode)
        return Place(
            ref.level, ref.adcode, province_adcode, self._name_at(ref.level, ref.adcode), province, city, county
        )

    @staticmethod
    def ref_of(place: Place) -> UnitRef:
        return UnitRef(place.level, place.adcode)

    def chain(self, ref: UnitRef) -> list[UnitRef]:
        """The unit, then its ancestors up to its province."""
        return self.gazetteer.chain(ref)

    def naming_query(self, ref: UnitRef) -> str:
        """The unit's chain of full names (广东省深圳市南山区): read as an address, it names this one unit."""
        names = [self._rows[(r.level, r.adcode)]["name"] for r in reversed(self.chain(ref))]
        return "".join(dict.fromkeys(names))  # 北京市 is province and city: named once

    # --- geometry ----------------------------------------------------------------------

    @cached_property
    def _county_geometry(self) -> pd.Series:
        return self.boundaries.full_counties.set_index("adcode").geometry

    def geometry(self, ref: UnitRef) -> shapely.Geometry:
        """The unit's outline for highlighting: full precision for counties, display tier above."""
        if ref.level == "county":
            return self._county_geometry.loc[ref.adcode]
        return self._display.geometry.loc[(ref.level, ref.adcode)]

    def licensed_outline(self, adcode: int) -> shapely.Geometry:
        """A unit as a license names it (a province or municipality, else a city), as nearest-city distances use it."""
        level = "province" if ("province", adcode) in self._rows else "prefecture"
        return self._display.geometry.loc[(level, adcode)]

    @cached_property
    def unit_geometries(self) -> tuple[list[UnitRef], np.ndarray]:
        """Every unit and its outline (a county at full precision, a prefecture or province as displayed)."""
        refs = [UnitRef(level, code) for level, code in self._rows]
        keys = pd.MultiIndex.from_tuples(list(self._rows), names=["level", "adcode"])
        county = self._county_geometry.reindex(keys.get_level_values("adcode")).to_numpy()
        shown = self._display.geometry.reindex(keys).to_numpy()  # pandas per unit: ~0.07 s for all; at once: ms
        return refs, np.where(keys.get_level_values("level") == "county", county, shown)

    @cached_property
    def unit_points(self) -> dict[UnitRef, tuple[float, float]]:
        """Every unit's representative point, in the units' order (found when the boundary cache was built)."""
        points = self.boundaries.points
        return {UnitRef(level, code): points[(level, code)] for level, code in self._rows}

    def point_of(self, place: Place) -> tuple[float, float]:
        """Where a named place is drawn and distances from it are measured (lng, lat)."""
        return self.unit_points[self.ref_of(place)]
