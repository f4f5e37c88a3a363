"""Point-in-polygon lookup of WGS-84 points against the full-precision units.

Vectorised. For a handful of points, an STRtree of the polygons gives bounding-box
candidates and shapely.intersects_xy on the prepared polygons tests them. For many
points the tree is built over the points instead and each prepared polygon probes
it once (as geopandas.sjoin does).

Many points first go through a grid (PointGrid): a cell that no border crosses lies
wholly inside one unit, or wholly outside all, so its points are answered by an array
lookup; only points in cells a border crosses are tested exactly. Same answers, the
border rule included, since every point on a border falls in such a cell.

A point exactly on a shared border touches two units; it is decided on purpose:
it belongs to the one with the smallest adcode. Interior points touch one unit only,
because the units tile without overlaps.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

import geopandas as gpd
import numpy as np
import shapely

__all__ = ["PointGrid", "PointIndex", "points_of"]

_BULK = 1000  # from this many points on, query a tree of points
GRID_CELL_DEG = 0.02  # ~2 km: 16 MB of int16 for China; ~90% of land points fall in cells no border crosses
_MIXED, _NONE = -2, -1
_GRID_BATCH = 64


def points_of(lng: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Shapely points from coordinate arrays (from one (n, 2) array: four times faster than from two)."""
    return shapely.points(np.column_stack([lng, lat]))


class PointIndex:
    """Which polygon of a layer holds each point; -1 where none does."""

    def __init__(self, layer: gpd.GeoDataFrame) -> None:
        self.layer = layer.reset_index(drop=True)
        self._geoms = np.asarray(self.layer.geometry.values)
        shapely.prepare(self._geoms)
        self._tree = shapely.STRtree(self._geoms)
        self._adcodes = self.layer["adcode"].to_numpy()

    def locate(self, lng: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Row positions in ``layer`` for each point (-1 for points in no polygon or not finite)."""
        lng = np.atleast_1d(np.asarray(lng, dtype=float))
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
        if len(lng) < _BULK:
            return self.locate_exact(lng, lat)
        return self.grid.locate(lng, lat)

    @cached_property
    def grid(self) -> PointGrid:
        return PointGrid(self._geoms, self.locate_exact)

    def locate_exact(self, lng: np.ndarray, lat: np.ndarray, bulk: bool | None = None) -> np.ndarray:
        """As ``locate``, testing every point against the polygons (`bulk`: a tree of the points; default by count)."""
        lng = np.atleast_1d(np.asarray(lng, dtype=float))
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
        finite = np.isfinite(lng) & np.isfinite(lat)
        points = points_of(np.where(finite, lng, 0.0), np.where(finite, lat, 0.0))
        if bulk if bulk is not None else len(points) >= _BULK:
            geom_idx, point_idx = shapely.STRtree(points).query(self._geoms, predicate="intersects")
        else:
            point_idx, geom_idx = self._tree.query(points)
            hit = shapely.intersects_xy(self._geoms[geom_idx], lng[point_idx], lat[point_idx])
            point_idx, geom_idx = point_idx[hit], geom_idx[hit]
        keep = finite[point_idx]
        point_idx, geom_idx = point_idx[keep], geom_idx[keep]
        order = np.lexsort((self._adcodes[geom_idx], point_idx))  # per point, smallest adcode first
        point_idx, geom_idx = point_idx[order], geom_idx[order]
        first = np.r_[True, point_idx[1:] != point_idx[:-1]] if len(point_idx) else np.zeros(0, dtype=bool)
        result = np.full(len(lng), -1, dtype=np.int64)
        result[point_idx[first]] = geom_idx[first]
        return result


class PointGrid:
    """Cells answered in advance: a unit's row where no border crosses the cell, -1 outside all, -2 mixed."""

    def __init__(self, geoms: np.ndarray, locate_exact: Callable, cell: float = GRID_CELL_DEG) -> None:
        self.cell = cell
        self._exact = locate_exact
        minx, miny, maxx, maxy = shapely.total_bounds(geoms)
        self.x0, self.y0 = minx - cell, miny - cell
        self.nx, self.ny = int((maxx - self.x0) / cell) + 2, int((maxy - self.y0) / cell) + 2
        crossed = self._crossed_cells(geoms)
        self.cells = self._answer_uncrossed(crossed)

    def _index(self, lng: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cell column and row (far off the grid for points far away; callers check the range)."""
        column = np.floor((np.clip(lng, -1e6, 1e6) - self.x0) / self.cell).astype(np.int64)
        row = np.floor((np.clip(lat, -1e6, 1e6) - self.y0) / self.cell).astype(np.int64)
        return column, row

    def _crossed_cells(self, geoms: np.ndarray) -> np.ndarray:
        """Cells a border may cross: those holding a border vertex (densified to a quarter cell), grown by one.

        Consecutive vertices are under a quarter cell apart, so a border that only clips a
        cell's corner has its vertices in that cell's neighbours: growing by one covers it.
        """
        hit = np.zeros((self.ny, self.nx), dtype=bool)
        for start in range(0, len(geoms), _GRID_BATCH):  # a few polygons at a time: the densified borders are big
            borders = shapely.segmentize(shapely.boundary(geoms[start : start + _GRID_BATCH]), self.cell / 4)
            vertices = shapely.get_coordinates(borders)
            ix, iy = self._index(vertices[:, 0], vertices[:, 1])
            hit[iy, ix] = True
        grown = hit.copy()
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                grown[max(dy, 0) : self.ny + min(dy, 0), max(dx, 0) : self.nx + min(dx, 0)] |= hit[
                    max(-dy, 0) : self.ny + min(-dy, 0), max(-dx, 0) : self.nx + min(-dx, 0)
                ]
        return grown

    def _answer_uncrossed(self, crossed: np.ndarray) -> np.ndarray:
        """Each run of uncrossed cells along a row is one region: the exact answer at its first cell is its answer.

        Kept to small types (the grid has ~8 M cells: an int64 array of it is 62 MB), so that building
        the grid does not set the peak memory of a whole batch run.
        """
        free = ~crossed
        starts = free & ~np.concatenate([np.zeros((self.ny, 1), dtype=bool), free[:, :-1]], axis=1)
        start_y, start_x = np.nonzero(starts)
        x, y = self.x0 + (start_x + 0.5) * self.cell, self.y0 + (start_y + 0.5) * self.cell
        del start_x, start_y
        step = 10_000  # a few at a time, through the polygons' tree: no large candidate-pair arrays
        owners = np.concatenate(
            [np.zeros(0, dtype=np.int16)]
            + [
                self._exact(x[i : i + step], y[i : i + step], bulk=False).astype(np.int16)
                for i in range(0, len(x), step)
            ]
        )
        cells = np.full((self.ny, self.nx), _MIXED, dtype=np.int16)
        runs_before = np.concatenate([[0], np.cumsum(starts.sum(axis=1))])  # runs in the rows above each row
        for row in range(self.ny):  # row by row: small temporaries
            run = np.cumsum(starts[row], dtype=np.int32) - 1 + runs_before[row]
            cells[row, free[row]] = owners[run[free[row]]]
        return cells

    def locate(self, lng: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Row positions for each point: from the grid where its cell is answered, exactly where a border crosses it."""
        ix, iy = self._index(np.nan_to_num(lng, nan=-1e9), np.nan_to_num(lat, nan=-1e9))  # NaN: off the grid
        inside = np.isfinite(lng) & np.isfinite(lat) & (ix >= 0) & (ix < self.nx) & (iy >= 0) & (iy < self.ny)
        result = np.full(len(lng), _NONE, dtype=np.int64)
        result[inside] = self.cells[iy[inside], ix[inside]]
        mixed = result == _MIXED
        result[mixed] = self._exact(lng[mixed], lat[mixed])
        return result
