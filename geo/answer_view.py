"""What the map shows around an answer: the frame to fit, the unit, its counties, its neighbours, the way to the nearest licensed city.

Pure geometry for the check screen's map (geo.render draws it). A prefecture fills the
frame; a county is shown inside its prefecture, with the prefecture's county borders; the
prefectures around it are named, so the user sees where the place lies relative to the
licensed cities. For an IDC/VPN "no", a line runs from the place to the nearest licensed
city's edge, labelled with the distance the answer states.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely

from geo.check import CheckResult
from geo.i18n import Name
from geo.lookup import UnitRef
from geo.place_index import PlaceIndex
from geo.places import Place, representative_point

__all__ = ["AnswerView", "CandidatesView", "NearestLine", "answer_view", "candidates_view"]

_OUTLINE_DETAIL = 600  # simplify shown outlines to about 1/600 of the frame: light to send, exact enough to see
_NEAR_KM = 150  # a nearest city this close is framed with the place; a farther one only gets its line


@dataclass(frozen=True)
class NearestLine:
    service: str
    city: Name
    km: float  # as the answer states it
    line: shapely.LineString  # from the place to the nearest point of the licensed city's edge
    city_outline: shapely.Geometry
    label_at: tuple[float, float]  # on the line, inside the frame: a far city's end is off the map


@dataclass(frozen=True)
class AnswerView:
    bounds: tuple[float, float, float, float]  # (west, south, east, north) to fit the map to
    outline: shapely.Geometry  # the answered unit
    county_borders: shapely.Geometry | None  # inside the frame's prefecture (None for a province)
    neighbours: tuple[tuple[Name, float, float], ...]  # (name, lng, lat) of the units around the frame's unit
    point: tuple[float, float]  # the checked point, or the unit's representative point
    nearest: tuple[NearestLine, ...]


@dataclass(frozen=True)
class CandidatesView:
    """An ambiguous check on the map: every candidate outlined and labelled, nothing answered."""

    bounds: tuple[float, float, float, float]
    outlines: tuple[shapely.Geometry, ...]
    labels: tuple[tuple[Place, float, float], ...]  # (candidate, lng, lat) where its name is written


def candidates_view(index: PlaceIndex, result: CheckResult) -> CandidatesView:
    """The view for an ambiguous check: the map shows where the candidates are, so the pick is informed."""
    if result.status != "ambiguous" or not result.candidates:
        raise ValueError("only an ambiguous check has candidates to show")
    geometries = [index.geometry(index.ref_of(c.place)) for c in result.candidates]
    west, south, east, north = shapely.bounds(shapely.union_all(shapely.envelope(geometries)))
    size = max(east - west, north - south)
    points = [index.point_of(c.place) for c in result.candidates]
    return CandidatesView(
        bounds=(float(west), float(south), float(east), float(north)),
        outlines=tuple(_simplified(g, size) for g in geometries),
        labels=tuple((c.place, float(x), float(y)) for c, (x, y) in zip(result.candidates, points, strict=True)),
    )


def _frame_ref(index: PlaceIndex, ref: UnitRef) -> UnitRef:
    """A county is framed by its prefecture; a prefecture or province by itself."""
    if ref.level != "county":
        return ref
    chain = index.chain(ref)
    return chain[1] if len(chain) > 1 else ref


def _simplified(geometry: shapely.Geometry, size: float) -> shapely.Geometry:
    return shapely.simplify(geometry, size / _OUTLINE_DETAIL, preserve_topology=True)


def answer_view(index: PlaceIndex, result: CheckResult) -> AnswerView:
    """The view for an answered check (status ok)."""
    if result.status != "ok" or result.place is None:
        raise ValueError("only an answered check has a view")
    ref = index.ref_of(result.place)
    frame = _frame_ref(index, ref)
    frame_geometry = index.geometry(frame)
    west, south, east, north = shapely.bounds(frame_geometry)
    size = max(east - west, north - south)
    point = result.point or index.point_of(result.place)
    nearest = []
    for service, near in result.nearest.items():
        if near.km <= 0 or result.services[service].verdict != "no":
            continue
        city = index.licensed_outline(near.adcode)
        line = shapely.shortest_line(shapely.Point(point), shapely.boundary(city))
        label_at = shapely.line_interpolate_point(line, min(shapely.length(line), 0.4 * size))
        label = (float(shapely.get_x(label_at)), float(shapely.get_y(label_at)))
        nearest.append(NearestLine(service, near.city, near.km, line, _simplified(city, size), label))
        if near.km <= _NEAR_KM:
            lw, ls, le, ln = shapely.bounds(line)
            west, south, east, north = min(west, lw), min(south, ls), max(east, le), max(north, ln)
    return AnswerView(
        bounds=(float(west), float(south), float(east), float(north)),
        outline=_simplified(index.geometry(ref), size),
        county_borders=_county_borders(index, frame, size),
        neighbours=_neighbours(index, frame, frame_geometry),
        point=(float(point[0]), float(point[1])),
        nearest=tuple(nearest),
    )


def _county_borders(index: PlaceIndex, frame: UnitRef, size: float) -> shapely.Geometry | None:
    if frame.level != "prefecture":
        return None
    counties = index.boundaries.full_counties
    counties = counties[counties["parent_adcode"] == frame.adcode].geometry.values
    if len(counties) < 2:  # 东莞: a prefecture without counties
        return None
    simplified = shapely.coverage_simplify(counties, size / _OUTLINE_DETAIL)  # shared borders stay shared
    return shapely.line_merge(shapely.union_all(shapely.boundary(simplified)))


def _neighbours(index: PlaceIndex, frame: UnitRef, geometry: shapely.Geometry) -> tuple[tuple[Name, float, float], ...]:
    """Units of the frame's level sharing a border with it, named where they meet the frame's surroundings.

    A label at a large neighbour's own centre would fall far off the map; at the centre of its
    part near the frame it is seen.
    """
    display = index.boundaries.display
    peers = display[(display["level"] == frame.level) & (display["adcode"] != frame.adcode)]
    touching = peers[shapely.intersects(peers.geometry.values, shapely.buffer(geometry, 0.01))]
    west, south, east, north = shapely.bounds(geometry)
    pad = 0.3 * max(east - west, north - south)
    around = shapely.box(west - pad, south - pad, east + pad, north + pad)
    named = []
    for row in touching.itertuples():
        near = shapely.intersection(row.geometry, around)
        if shapely.is_empty(near):
            continue
        point = representative_point(near)
        named.append((index.name_of(row.name, row.short_name, row.adcode), float(point.x), float(point.y)))
    return tuple(named)
