""" "Can we sell X at this place?" — one typed answer for a name, address, pinyin or coordinate.

Checker holds what every check needs (statuses, gazetteer, point index, nearest
licensed cities), built once per process. ``check`` never raises on user input:
bad input comes back as status invalid or not_found with a message. Points have one
vectorised entry, ``check_points``; ``check_point`` is its one-row case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Literal

import numpy as np
import shapely

from geo.boundaries import Boundaries
from geo.coverage import unit_status
from geo.datum import DATUMS, to_wgs84
from geo.history import FormerName
from geo.i18n import Listing, Msg, Name, Quoted
from geo.license import License
from geo.lookup import MAX_SUGGESTIONS, ParsedQuery, PointIndex, Spellings, UnitRef, parse_query
from geo.names import short_name
from geo.nearest import BorderIndex
from geo.place_index import PlaceIndex
from geo.places import Place
from geo.verdicts import ServiceAnswer, answer, grant_unit_names, verdict_words
from geo.vintage import BoundaryChange, joined_note

__all__ = ["SEA_KM", "CheckResult", "Checker", "Nearest", "PlaceAnswer", "PointChecks"]

CheckStatus = Literal["ok", "ambiguous", "not_found", "invalid"]  # what a check found (coverage.Status: a unit's)
_SCRIPT_RUNS = re.compile(r"[\u4e00-\u9fff][^A-Za-z]*|[^\u4e00-\u9fff]+")  # Chinese (with its digits), and the rest
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
DATUM_LABELS = {"wgs84": "WGS-84", "gcj02": "GCJ-02", "bd09": "BD-09"}
SEA_KM = 50  # a point this close to China's land but in no unit is "at sea", farther "outside China"
_POOLED_FROM = 2_000  # points: from this many, the nearest-city searches run in threads


@dataclass(frozen=True)
class Nearest:
    city: Name  # as the license names it
    adcode: int
    km: float  # to the nearest edge of the licensed unit; 0 inside it, or bordering it
    borders: bool = False  # the answered unit shares a border with it (a unit's answer, not a point's)

    @property
    def inside(self) -> bool:
        """In the licensed city itself (under half a km, as the answers round it)."""
        return not self.borders and self.km < 0.5

    def to_json(self) -> dict:
        return {"city": self.city.zh, "km": round(self.km, 1), "borders": self.borders}


@dataclass(frozen=True)
class PlaceAnswer:
    place: Place
    services: dict[str, ServiceAnswer]
    nearest: dict[str, Nearest]


def _services_json(answers: dict[str, ServiceAnswer], lang: str) -> dict:
    return {
        k: {
            "verdict": a.verdict,
            "clause": a.clause,
            "reason": a.reason.render(lang),
            "means": a.means,
            "verdict_text": verdict_words(a, lang),
        }
        for k, a in answers.items()
    }


@dataclass(frozen=True)
class Suggested:
    """A place a misspelt name may have meant, and the query that names it alone."""

    place: Place
    query: str


@dataclass(frozen=True)
class CheckResult:
    query: str
    status: CheckStatus
    message: Msg = field(default_factory=lambda: Msg("empty"))
    place: Place | None = None
    services: dict[str, ServiceAnswer] = field(default_factory=dict)
    nearest: dict[str, Nearest] = field(default_factory=dict)
    candidates: tuple[PlaceAnswer, ...] = ()
    point: tuple[float, float] | None = None  # WGS-84 (lng, lat) for coordinate queries
    datum: str | None = None  # the datum a coordinate query was read in (wgs84, gcj02, bd09)
    suggestions: tuple[Suggested, ...] = ()  # "did you mean", for a name that matched nothing

    def means(self, service: str) -> str:
        """What `service`'s coverage is of, for wording its nearest city (service area where it is not answered)."""
        return self.services[service].means if service in self.services else "service_area"

    def choose(self, i: int) -> CheckResult:
        """The answer for candidate `i` of an ambiguous result, as if the query had named it alone."""
        chosen = self.candidates[i]
        message = Msg("check.chosen", {"place": chosen.place})
        return CheckResult(self.query, "ok", message, chosen.place, chosen.services, chosen.nearest, point=self.point)

    def to_json(self, lang: str = "zh") -> dict:
        """The command line's JSON contract (names as data in Chinese; reasons and message in `lang`)."""
        place = self.place
        return {
            "query": self.query,
            "status": self.status,
            "province": place.province.zh if place else None,
            "city": place.city.zh if place and place.city else None,
            "county": place.county.zh if place and place.county else None,
            "adcode": place.adcode if place else None,
            "services": _services_json(self.services, lang),
            "nearest": {k: n.to_json() for k, n in self.nearest.items()},
            "candidates": [
                {
                    **c.place.to_json(),
                    "services": _services_json(c.services, lang),
                    "nearest": {k: n.to_json() for k, n in c.nearest.items()},
                }
                for c in self.candidates
            ],
            "message": self.message.render(lang),
            "datum": self.datum,
            "suggestions": [{"query": s.query, **s.place.to_json()} for s in self.suggestions],
        }


@dataclass(frozen=True)
class PointChecks:
    """Answers for many points at once.

    Per point: whether its coordinates are usable, the index of its unit's answer in
    ``answers`` (-1: in no unit), the nearest licensed IDC/VPN unit and km, and for a
    usable point in no unit, why (at sea or abroad).
    """

    lng: np.ndarray  # WGS-84
    lat: np.ndarray
    valid: np.ndarray
    unit: np.ndarray
    answers: tuple[PlaceAnswer, ...]
    nearest_owner: dict[str, np.ndarray]  # index into the service's licensed units, -1 none
    nearest_km: dict[str, np.ndarray]
    licensed: dict[str, BorderIndex]  # per service, the licensed units the owners index
    off_land_province: np.ndarray  # for a usable point in no unit: index into `provinces` of the nearest, else -1
    off_land_km: np.ndarray  # and how far it is, in whole km
    provinces: list[Name]

    def status(self) -> np.ndarray:
        return np.where(~self.valid, "invalid", np.where(self.unit < 0, "not_found", "ok"))

    def off_land_note(self, i: int, shown_km: object = None) -> Msg:
        """Why point `i` has no unit: at sea near a province (≤ 50 km), or abroad; `shown_km` replaces the figure."""
        km = int(self.off_land_km[i])
        name = self.provinces[self.off_land_province[i]]
        kind = "check.at_sea" if km <= SEA_KM else "check.abroad"
        return Msg(kind, {"province": name, "km": km if shown_km is None else shown_km})

    def result(self, i: int, query: str) -> CheckResult:
        """Point `i` as a single check's answer."""
        point = (float(self.lng[i]), float(self.lat[i]))
        if not self.valid[i]:
            return CheckResult(query, "invalid", Msg("check.point_invalid"))
        if self.unit[i] < 0:
            return CheckResult(query, "not_found", self.off_land_note(i), point=point)
        base = self.answers[self.unit[i]]
        nearest = {}
        for service, index in self.licensed.items():
            owner = int(self.nearest_owner[service][i])
            if owner >= 0:
                km = float(self.nearest_km[service][i])
                nearest[service] = Nearest(index.names[owner], int(index.adcodes[owner]), km)
        message = Msg("check.point_in", {"place": base.place, "lat": f"{point[1]:.5f}", "lng": f"{point[0]:.5f}"})
        return CheckResult(query, "ok", message, base.place, base.services, nearest, point=point)


class Checker:
    """Answers location checks against one license."""

    def __init__(self, boundaries: Boundaries, lic: License, index: PlaceIndex | None = None) -> None:
        """`index`: the place index to share (geo.place_index); one is built when none is given."""
        self.boundaries = boundaries
        self.license = lic
        self.units = boundaries.units
        self.status = unit_status(lic, boundaries.units).set_index(["level", "adcode"])
        self.index = index or PlaceIndex(boundaries)
        self._changes = self.index.changes
        self.gazetteer = self.index.gazetteer
        # the places themselves are the index's: names, outlines, where each is drawn
        self.place, self.geometry, self.point_of = self.index.place, self.index.geometry, self.index.point_of
        self.name_of, self.ref_of, self.naming_query = self.index.name_of, self.index.ref_of, self.index.naming_query
        self._rows: dict[tuple[str, int], dict] = self.status.to_dict("index")  # dict look-ups: pandas' cost ~0.1 ms
        self._nearest = {s: BorderIndex.for_grant(lic.services[s], self.index) for s in lic.services_by_city()}
        any_service = self.status[lic.service_keys[0]]  # outside the jurisdiction is the same for every service
        self._outside = {(level, code) for (level, code), status in any_service.items() if status == "outside"}
        self._grant_names = {s: grant_unit_names(lic.services[s], boundaries.units) for s in lic.service_keys}

    @cached_property
    def counties(self) -> PointIndex:
        """Full-precision counties (loaded on first coordinate query)."""
        return PointIndex(self.boundaries.full_counties)

    @cached_property
    def provinces(self) -> BorderIndex:
        """Province borders, to say how far a point at sea or abroad is from China's land."""
        provinces = self.boundaries.display[self.boundaries.display["level"] == "province"]
        names = [self.name_of(n, s) for n, s in zip(provinces["name"], provinces["short_name"], strict=True)]
        return BorderIndex(provinces.geometry.values, names, provinces["adcode"].tolist())

    # --- answers -----------------------------------------------------------------------

    def _chain_adcodes(self, ref: UnitRef) -> set[int]:
        """The unit's adcode and its ancestors' (the chain always ends at its province)."""
        return {r.adcode for r in self.gazetteer.chain(ref)}

    @lru_cache(maxsize=8192)  # noqa: B019 - one Checker per process; places are few
    def answer_for(self, ref: UnitRef) -> PlaceAnswer:
        place = self.place(ref)
        row = self._rows[(ref.level, ref.adcode)]
        chain = self._chain_adcodes(ref)
        services = {
            s: answer(self.license, s, row[s], place, chain, self.units, self._grant_names[s])
            for s in self.license.service_keys
        }
        if ref.level == "county" and ref.adcode in self._changes:
            services = {
                s: self._joined_after_issue(s, a, place, self._changes[ref.adcode]) for s, a in services.items()
            }
        return PlaceAnswer(place, services, self._unit_nearest[ref])

    def _joined_after_issue(
        self, service: str, reply: ServiceAnswer, place: Place, change: BoundaryChange
    ) -> ServiceAnswer:
        """A yes that rests on a city the county joined after the issue date says so (geo.vintage)."""
        if reply.verdict != "yes" or change.joined.adcode not in self._grant_names[service]:
            return reply
        note = joined_note(change, place.name, place.city or place.name, self.license.issued)
        return replace(reply, reason=reply.reason + note) if note else reply

    @cached_property
    def _unit_nearest(self) -> dict[UnitRef, dict[str, Nearest]]:
        """Every unit's nearest licensed IDC/VPN cities, in one vectorised search per service.

        A unit that shares a border with a licensed city names that city, 0 km and bordering (深圳 and
        东莞 touch; measured from 深圳's middle, 东莞 was "3 km", and 深圳 was "9 km" from 东莞's).
        Otherwise the distance runs from the unit's representative point to the city's boundary.
        """
        refs, geoms = self.index.unit_geometries
        lng, lat = (np.array(v) for v in zip(*self.index.unit_points.values(), strict=True))
        owners, kms = self._nearest_many(list(refs), np.arange(len(refs)), lng, lat)
        touching = {service: self._touching(service, geoms, owners[service], kms[service]) for service in self._nearest}
        out: dict[UnitRef, dict[str, Nearest]] = {}
        for i, ref in enumerate(refs):
            out[ref] = {}
            for service, index in self._nearest.items():
                owner = int(owners[service][i])
                if owner < 0:
                    continue
                neighbour = int(touching[service][i])
                if neighbour >= 0:
                    out[ref][service] = Nearest(index.names[neighbour], int(index.adcodes[neighbour]), 0.0, True)
                else:
                    out[ref][service] = Nearest(index.names[owner], int(index.adcodes[owner]), float(kms[service][i]))
        return out

    def _touching(self, service: str, geoms: np.ndarray, owners: np.ndarray, kms: np.ndarray) -> np.ndarray:
        """For units outside every licensed unit of `service`: a licensed unit within ~1 km of its outline, else -1.

        ~1 km (0.01°): a county's full outline and a city's displayed one differ by a few hundred metres.
        """
        index = self._nearest[service]
        found = np.full(len(geoms), -1)
        outside = np.flatnonzero((owners >= 0) & (kms > 0))
        if not len(outside):
            return found
        units, cities = shapely.STRtree(index.geoms).query(geoms[outside], predicate="dwithin", distance=0.01)
        _, first = np.unique(units, return_index=True)  # a unit touching several cities names its first
        found[outside[units[first]]] = cities[first]
        return found

    @lru_cache(maxsize=8192)  # noqa: B019 - per unit, bounded by the number of units
    def _licensed_container(self, ref: UnitRef, service: str) -> int:
        """Index of the licensed unit of `service` that holds `ref` (-1 if none)."""
        chain = self._chain_adcodes(ref)
        index = self._nearest[service]
        return next((i for i, code in enumerate(index.adcodes) if code in chain), -1)

    def _nearest_many(
        self,
        refs: list[UnitRef | None],
        inverse: np.ndarray,
        lng: np.ndarray,
        lat: np.ndarray,
        pool: ThreadPoolExecutor | None = None,
    ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Vectorised nearest licensed city for points whose units are refs[inverse[i]].

        Returns per service the index of the nearest licensed unit (-1 where the unit is
        outside the license or unknown) and the km to it (NaN there). With a `pool`, the
        services' searches run side by side (they release the GIL).
        """
        served = np.array([r is not None and not self.is_outside(r) for r in refs], dtype=bool)[inverse]

        def search(service: str) -> tuple[np.ndarray, np.ndarray]:
            containers = [self._licensed_container(r, service) if r is not None else -1 for r in refs]
            container = np.array(containers)[inverse]
            owner, km = container.copy(), np.where(container >= 0, 0.0, np.nan)
            ask = served & (container < 0)  # only points outside every licensed unit need a search
            if ask.any():  # their county lies outside every licensed unit: no need to test inside
                owner[ask], km[ask] = self._nearest[service].query(lng[ask], lat[ask])
            return np.where(served, owner, -1), np.where(served, km, np.nan)

        results = dict(zip(self._nearest, (pool.map if pool else map)(search, self._nearest), strict=True))
        return {s: r[0] for s, r in results.items()}, {s: r[1] for s, r in results.items()}

    # --- queries -----------------------------------------------------------------------

    def check(self, query: object, crs: str = "wgs84") -> CheckResult:
        """Answer one query; never raises on user input."""
        text = query if isinstance(query, str) else ""
        if crs not in DATUMS:
            return CheckResult(text, "invalid", Msg("check.unknown_crs", {"crs": crs, "choices": ", ".join(DATUMS)}))
        return self.check_many([query], crs)[0]

    def check_many(self, queries: Sequence[object], crs: str = "wgs84") -> list[CheckResult]:
        """Answer many queries, as `check` answers each: the coordinates among them located all at once."""
        if crs not in DATUMS:
            return [self.check(q, crs) for q in queries]
        texts = [q if isinstance(q, str) else "" for q in queries]
        parsed = [parse_query(q) for q in queries]
        results: list[CheckResult | None] = [None] * len(queries)
        for datum in DATUMS:
            rows = [i for i, p in enumerate(parsed) if p.kind == "point" and (p.datum or crs) == datum]
            if rows:
                checks = self.check_points(
                    np.array([parsed[i].lng for i in rows]), np.array([parsed[i].lat for i in rows]), datum
                )
                for k, i in enumerate(rows):
                    results[i] = self._point_answer(checks.result(k, texts[i]), parsed[i], crs)
        for i, (text, p) in enumerate(zip(texts, parsed, strict=True)):
            if results[i] is None:
                results[i] = (
                    CheckResult(text[:200], "invalid", p.message) if p.kind == "invalid" else self._name_answer(text, p)
                )
        return results  # type: ignore[return-value]

    @staticmethod
    def _point_answer(result: CheckResult, parsed: ParsedQuery, crs: str) -> CheckResult:
        """A point's answer says which datum it was read in: the one the text named, else the caller's."""
        datum = parsed.datum or crs
        said = Msg("check.datum_said" if parsed.datum else "check.datum_assumed", {"datum": DATUM_LABELS[datum]})
        message = result.message + said if result.status == "ok" else result.message
        return replace(result, datum=datum, message=message)

    def _name_answer(self, text: str, parsed: ParsedQuery) -> CheckResult:
        """Names (and addresses) in either script: the most specific place all of them fit, or a question."""
        refs, used, former, conflict, unusual = self._read_names(parsed.text)
        result = self._result_for(text, refs, used) if conflict is None else self._conflict(text, conflict)
        if unusual and result.status != "not_found":
            result = self._unless_misspelt(result, refs, unusual)
        offer = result.status == "not_found" and conflict is None and not result.suggestions
        suggestions = self.did_you_mean(parsed.text) if offer else ()
        if suggestions:
            near = Msg("check.did_you_mean", {"places": Listing(tuple(s.place for s in suggestions))})
            result = replace(result, message=result.message + near, suggestions=suggestions)
        latest = {entry.name: entry for entry in sorted(former, key=lambda e: e.until or "0")}  # the dated change wins
        for entry in latest.values() if result.status != "not_found" else ():
            result = replace(result, message=result.message + self._former_note(entry, refs))
        lookup = self.gazetteer.simplified(re.sub(r"\s+", "", parsed.text))
        unknown = self.gazetteer.unknown_unit_after(lookup, used) if parsed.kind == "chinese" else None
        if unknown and result.place is not None and not self.is_outside(self.ref_of(result.place)):  # 台北's 信义区
            note = Msg("check.missing_unit", {"unknown": unknown, "place": result.place.name})
            result = replace(result, message=result.message + note)
        return result

    @cached_property
    def _spellings(self) -> Spellings:
        return Spellings(self.gazetteer.spelling_keys())

    def did_you_mean(self, text: str) -> tuple[Suggested, ...]:
        """Up to three places spelt like `text`, each with the query that names it alone (a typo never answers)."""
        return tuple(Suggested(self.place(ref), self.naming_query(ref)) for ref in self._spellings.near(text))

    def _read_names(
        self, text: str
    ) -> tuple[set[UnitRef], list[str], list[FormerName], tuple[str, str] | None, list[str]]:
        """Names in Chinese and Latin runs of one text, in order, each narrowing the places found before it.

        A whole Chinese run that is one name (吉林) answers as that name; otherwise runs are read as
        addresses. Returns the places, the names used, the former divisions among them, two
        names that fit no one place (if any), and the names read only in an unusual reading.
        """
        places: set[UnitRef] = set()
        used: list[str] = []
        former: list[FormerName] = []
        unusual: list[str] = []
        for run in _SCRIPT_RUNS.findall(text):
            if not _CJK_CHAR.match(run):
                reading = self.gazetteer.read_latin(run, places, tuple(used))
                if reading.conflict:
                    return set(), reading.used, former, reading.conflict, unusual
                places, used, unusual = reading.places, reading.used, [*unusual, *reading.unusual]
                former += reading.former
                continue
            lookup = self.gazetteer.simplified(re.sub(r"\s+", "", run))
            whole = self.gazetteer.exact(lookup) if lookup else set()
            if whole and (not places or self.gazetteer.narrow(places, whole)):
                places = self.gazetteer.narrow(places, whole) if places else whole
                used = [*used, lookup]
            elif lookup:
                places, used, found = self.gazetteer.address(lookup, places, tuple(used))
                former += found
        return places, used, former, None, unusual

    def _former_note(self, entry: FormerName, refs: set[UnitRef]) -> Msg:
        """襄樊市: a former division, answered as the unit(s) holding it today, with the table it left."""
        successors = {self.gazetteer.place_ref(UnitRef(*s)) for s in entry.successors}
        today = tuple(self.place(r) for r in sorted(refs & successors or successors))
        then = self.name_of(entry.parent_name, short_name(entry.parent_name))
        params = {"old": entry.name, "then": then, "until": entry.until or "2019-04", "place": today}
        moved = all(p.name.zh == entry.name for p in today)  # 简阳市: the same county under another city
        return Msg("check.moved" if moved else "check.former", params)

    def _unless_misspelt(self, result: CheckResult, refs: set[UnitRef], unusual: list[str]) -> CheckResult:
        """A name read only in a polyphone's other reading ('Ganan': 乾安 read gan'an) that is also spelt
        like another place (甘南 Gannan) may be either: not found, with both offered."""
        rivals = [r for name in unusual for r in self._spellings.near(name) if r not in refs]
        if not rivals:
            return result  # 'Minhang' reads 闵行 and is spelt like nothing else
        offered = [*sorted(refs, key=lambda r: r.adcode)[:2], *dict.fromkeys(rivals)][:MAX_SUGGESTIONS]
        message = Msg(
            "check.spelling_unsure",
            {"name": Quoted(unusual[0]), "places": Listing(tuple(self.place(r) for r in offered))},
        )
        suggestions = tuple(Suggested(self.place(r), self.naming_query(r)) for r in offered)
        return CheckResult(result.query, "not_found", message, suggestions=suggestions)

    def _conflict(self, query: str, names: tuple[str, str]) -> CheckResult:
        return CheckResult(query, "not_found", Msg("check.conflict", {"first": names[0], "second": names[1]}))

    def _result_for(self, query: str, refs: set[UnitRef], used: list[str]) -> CheckResult:
        if not refs:
            return CheckResult(query, "not_found", Msg("check.not_found"))
        answers = sorted((self.answer_for(r) for r in refs), key=lambda a: (a.place.province_adcode, a.place.adcode))
        if len(answers) == 1:
            only = answers[0]
            message = Msg("check.resolved", {"place": only.place, "used": tuple(Quoted(w) for w in used)})
            return CheckResult(query, "ok", message, only.place, only.services, only.nearest)
        keys = self.license.service_keys
        shared = {s: answers[0].services[s] for s in keys if len({a.services[s].verdict for a in answers}) == 1}
        agreeing = len(shared) == len(keys)  # Kowloon: five districts, one answer
        message = Msg(
            "check.ambiguous_agreeing" if agreeing else "check.ambiguous",
            {"query": query, "count": len(answers), "places": Listing(tuple(a.place for a in answers))},
        )
        return CheckResult(query, "ambiguous", message, services=shared, candidates=tuple(answers))

    @cached_property
    def _row_refs(self) -> list[UnitRef]:
        """Per county-layer row, the unit it answers as: a county row that repeats its prefecture (东莞市) is the prefecture."""
        layer = self.counties.layer
        refs = []
        for adcode, parent in zip(layer["adcode"], layer["parent_adcode"], strict=True):
            ref = UnitRef("county", int(adcode))
            refs.append(ref if self.gazetteer.is_place(ref) else UnitRef("prefecture", int(parent)))
        return refs

    def ref_for_row(self, row: int) -> UnitRef | None:
        """The unit a county-layer row answers as (None for -1: no unit holds the point)."""
        return self._row_refs[row] if row >= 0 else None

    def is_outside(self, ref: UnitRef) -> bool:
        """Hong Kong, Macau, Taiwan: outside this license's jurisdiction."""
        return (ref.level, ref.adcode) in self._outside

    def check_points(self, lng: np.ndarray, lat: np.ndarray, crs: str = "wgs84") -> PointChecks:
        """Answer many points in the given datum at once: locate, answer once per unit, nearest cities."""
        x = np.atleast_1d(np.asarray(lng, dtype=float))
        y = np.atleast_1d(np.asarray(lat, dtype=float))
        valid = np.isfinite(x) & np.isfinite(y) & (np.abs(y) <= 90) & (np.abs(x) <= 180)
        wx, wy = (np.atleast_1d(v) for v in to_wgs84(np.where(valid, x, 0.0), np.where(valid, y, 0.0), crs))
        located = self.counties.locate(np.where(valid, wx, np.nan), np.where(valid, wy, np.nan))
        unique_rows, inverse = np.unique(located, return_inverse=True)
        refs = [self.ref_for_row(int(r)) for r in unique_rows]
        answers = tuple(self.answer_for(r) for r in refs if r is not None)
        answer_of_unique = np.cumsum([r is not None for r in refs]) - 1
        unit = np.where(located >= 0, answer_of_unique[inverse], -1)
        off_land = valid & (located < 0)
        province, km = np.full(len(x), -1), np.zeros(len(x))
        if len(x) < _POOLED_FROM:  # one point: starting threads costs more than the searches
            owners, kms = self._nearest_many(refs, inverse, wx, wy)
            if off_land.any():
                province[off_land], km[off_land] = self.provinces.query(wx[off_land], wy[off_land])
        else:
            with ThreadPoolExecutor(max_workers=3) as pool:  # the tree searches release the GIL: side by side
                if off_land.any():  # in no county at full precision: measured to the border even inside a coast
                    sea = pool.submit(self.provinces.query, wx[off_land], wy[off_land])
                owners, kms = self._nearest_many(refs, inverse, wx, wy, pool)
                if off_land.any():
                    province[off_land], km[off_land] = sea.result()
        return PointChecks(
            lng=np.where(valid, wx, np.nan),
            lat=np.where(valid, wy, np.nan),
            valid=valid,
            unit=unit,
            answers=answers,
            nearest_owner=owners,
            nearest_km=kms,
            licensed=self._nearest,
            off_land_province=province,
            off_land_km=np.round(km),
            provinces=self.provinces.names,
        )

    def check_point(self, lng: float, lat: float, crs: str = "wgs84", query: str | None = None) -> CheckResult:
        """Answer for one point (a map click, or parsed coordinates) in the given datum."""
        query = query if query is not None else f"{lat:.6f},{lng:.6f}"
        return self.check_points(np.array([lng]), np.array([lat]), crs).result(0, query)
