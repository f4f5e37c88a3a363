"""The place index: every unit of the boundary data under every name people write, and the boundary
changes since a license was issued. It depends on the boundaries alone, not on a license, so one index
serves every license's Checker and the license importer (built once per process, not once per license).
"""

from __future__ import annotations

from geo.aliases import load_place_aliases, load_unit_names
from geo.boundaries import Boundaries
from geo.history import load_history
from geo.lookup import Gazetteer
from geo.vintage import BoundaryChange, load_boundary_changes, moved_counties

__all__ = ["PlaceIndex"]


class PlaceIndex:
    def __init__(self, boundaries: Boundaries) -> None:
        self.boundaries = boundaries
        self.changes: dict[int, BoundaryChange] = load_boundary_changes(boundaries.units)
        former = [*load_history(boundaries.folder), *moved_counties(self.changes, boundaries.units)]
        self.gazetteer = Gazetteer(boundaries.units, load_place_aliases(), former, load_unit_names())
