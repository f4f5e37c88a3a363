""" "Can we sell X at this place?" — one typed answer for a name, address, pinyin or coordinate.

Checker holds what every check needs (statuses, gazetteer, point index, nearest
licensed cities), built once per process. ``check`` never raises on user input:
bad input comes back as status invalid or not_found with a message.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Literal

import numpy as np
import shapely

from geo.boundaries import Boundaries
from geo.coverage import unit_status
from geo.datum import DATUMS, to_wgs84
from geo.gazetteer import Gazetteer, UnitRef
from geo.license import SERVICE_KEYS, License
from geo.locate import PointIndex
from geo.names import english_name, short_name
from geo.nearest import BorderIndex
from geo.query import parse_query
from geo.verdicts import ServiceAnswer, answer

__all__ = ["CheckResult", "Checker", "Nearest", "Place", "PlaceAnswer"]

Status = Literal["ok", "ambiguous", "not_found", "invalid"]
NEAREST_SERVICES = ("idc", "vpn")
_SEA_KM = 50  # a point this close to China's land but in no unit is "at sea", farther "outside China"


@dataclass(frozen=True)
class Place:
    level: str
    adcode: int
    province: str
    city: str | None
    county: str | None
    province_adcode: int
    name: str
    name_en: str = ""  # pinyin or exonym: "Nanshan"
    label_en: str = ""  # most specific first: "Nanshan, Shenzhen, Guangdong"

    @property
    def label(self) -> str:
        parts = [self.province, self.city, self.county]
        return " ".join(dict.fromkeys(p for p in parts if p))

    def label_in(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label


@dataclass(frozen=True)
class Nearest:
    city: str
    adcode: int
    km: float


@dataclass(frozen=True)
class PlaceAnswer:
    place: Place
    services: dict[str, ServiceAnswer]
    nearest: dict[str, Nearest]


@dataclass(frozen=True)
class CheckResult:
    query: str
    status: Status
    message: str = ""
    place: Place | None = None
    services: dict[str, ServiceAnswer] = field(default_factory=dict)
    nearest: dict[str, Nearest] = field(default_factory=dict)
    candidates: tuple[PlaceAnswer, ...] = ()
    point: tuple[float, float] | None = None  # WGS-84 (lng, lat) for coordinate queries

    def to_json(self, lang: str = "zh") -> dict:
        """The command line's JSON contract."""
        place = self.place

        def services(answers: dict[str, ServiceAnswer]) -> dict:
            return {
                k: {"verdict": a.verdict, "clause": a.clause, "reason": a.reason if lang == "zh" else a.reason_en}
                for k, a in answers.items()
            }

        return {
            "query": self.query,
            "status": self.status,
            "province": place.province if place else None,
            "city": place.city if place else None,
            "county": place.county if place else None,
            "adcode": place.adcode if place else None,
            "services": services(self.services),
            "nearest": {k: {"city": n.city, "km": round(n.km, 1)} for k, n in self.nearest.items()},
            "candidates": [
                {
                    **asdict(c.place),
                    "services": services(c.services),
                    "nearest": {k: {"city": n.city, "km": round(n.km, 1)} for k, n in c.nearest.items()},
                }
                for c in self.candidates
            ],
            "message": self.message,
        }


class Checker:
    """Answers location checks against one license."""

    def __init__(self, boundaries: Boundaries, lic: License) -> None:
        self.boundaries = boundaries
        self.license = lic
        self.units = boundaries.units
        self.status = unit_status(lic, boundaries.units).set_index(["level", "adcode"])
        self.gazetteer = Gazetteer(boundaries.units)
        self._nearest = {s: BorderIndex.for_grant(lic.services[s], boundaries) for s in NEAREST_SERVICES}
        self._outside = {(level, code) for (level, code), status in self.status["idc"].items() if status == "outside"}
        self._display = boundaries.display.set_index(["level", "adcode"])

    @cached_property
    def counties(self) -> PointIndex:
        """Full-precision counties (loaded on first coordinate query)."""
        full = self.boundaries.full
        return PointIndex(full[full["level"] == "county"])

    @cached_property
    def provinces(self) -> BorderIndex:
        """Province borders, to say how far a point at sea or abroad is from China's land."""
        provinces = self.boundaries.display[self.boundaries.display["level"] == "province"]
        return BorderIndex(provinces.geometry.values, provinces["name"].tolist(), provinces["adcode"].tolist())

    # --- places ------------------------------------------------------------------------

    def place(self, ref: UnitRef) -> Place:
        row = self.status.loc[(ref.level, ref.adcode)]
        province = self.status.loc[("province", row["province_adcode"]), "name"]
        city = county = None
        if ref.level == "county":
            county = row["name"]
            city = self.status.loc[("prefecture", row["parent_adcode"]), "name"]
        elif ref.level == "prefecture" or ("prefecture", ref.adcode) in self.status.index:
            city = row["name"]  # the second case: 重庆, 台湾, whose province and city rows are one place
        if county == city:
            county = None  # 东莞市: a prefecture without counties repeats itself as one
        english = [english_name(n, short_name(n)) for n in (county, city, province) if n]
        label_en = ", ".join(dict.fromkeys(english))
        name_en = english_name(row["name"], row["short_name"])
        return Place(
            ref.level, ref.adcode, province, city, county, int(row["province_adcode"]), row["name"], name_en, label_en
        )

    def _chain_adcodes(self, ref: UnitRef) -> set[int]:
        """The unit's adcode and its ancestors' (the chain always ends at its province)."""
        return {r.adcode for r in self.gazetteer.chain(ref)}

    @lru_cache(maxsize=8192)  # noqa: B019 - one Checker per process; places are few
    def answer_for(self, ref: UnitRef) -> PlaceAnswer:
        place = self.place(ref)
        row = self.status.loc[(ref.level, ref.adcode)]
        chain = self._chain_adcodes(ref)
        services = {
            s: answer(self.license, s, row[s], (place.name, place.name_en), chain, place.province_adcode, self.units)
            for s in SERVICE_KEYS
        }
        return PlaceAnswer(place, services, self.nearest_for(ref, *self._origin(ref)))

    @cached_property
    def _county_geometry(self):
        full = self.boundaries.full
        return full[full["level"] == "county"].set_index("adcode").geometry

    def geometry(self, ref: UnitRef) -> shapely.Geometry:
        """The unit's outline for highlighting: full precision for counties, display tier above."""
        if ref.level == "county":
            return self._county_geometry.loc[ref.adcode]
        return self._display.geometry.loc[(ref.level, ref.adcode)]

    def ref_of(self, place: Place) -> UnitRef:
        return UnitRef(place.level, place.adcode)

    def _origin(self, ref: UnitRef) -> tuple[float, float]:
        """Where distances from a named unit are measured: its centroid, or a point inside if that falls outside."""
        geom = self.geometry(ref)
        point = shapely.centroid(geom)
        if not shapely.contains(geom, point):
            point = shapely.point_on_surface(geom)
        return point.x, point.y

    def point_of(self, place: Place) -> tuple[float, float]:
        """Where to draw a named place on a map (lng, lat)."""
        return self._origin(self.ref_of(place))

    @lru_cache(maxsize=8192)  # noqa: B019 - per unit, bounded by the number of units
    def _licensed_container(self, ref: UnitRef, service: str) -> int:
        """Index of the licensed unit of `service` that holds `ref` (-1 if none)."""
        chain = self._chain_adcodes(ref)
        index = self._nearest[service]
        return next((i for i, code in enumerate(index.adcodes) if code in chain), -1)

    def nearest_for(self, ref: UnitRef, lng: float, lat: float) -> dict[str, Nearest]:
        """Nearest licensed IDC/VPN city from a point of `ref`; a licensed unit is its own, at 0 km."""
        owners, kms = self.nearest_many([ref], np.zeros(1, dtype=np.int64), np.array([lng]), np.array([lat]))
        result = {}
        for service, index in self._nearest.items():
            owner = int(owners[service][0])
            if owner >= 0:
                result[service] = Nearest(index.names[owner], int(index.adcodes[owner]), float(kms[service][0]))
        return result

    def nearest_names(self, owners: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """City names for the owner indexes nearest_many returns ("" where -1)."""
        return {
            s: np.where(o >= 0, np.asarray(self._nearest[s].names, dtype=object)[np.maximum(o, 0)], "")
            for s, o in owners.items()
        }

    def nearest_many(
        self, refs: list[UnitRef | None], inverse: np.ndarray, lng: np.ndarray, lat: np.ndarray
    ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Vectorised nearest licensed city for points whose units are refs[inverse[i]].

        Returns per service the index of the nearest licensed unit (-1 where the unit is
        outside the license or unknown) and the km to it (NaN there).
        """
        served_unit = np.array([r is not None and not self.is_outside(r) for r in refs], dtype=bool)
        served = served_unit[inverse]
        owners, kms = {}, {}
        for service, index in self._nearest.items():
            container = np.array([self._licensed_container(r, service) if r is not None else -1 for r in refs])[inverse]
            owner, km = container.copy(), np.where(container >= 0, 0.0, np.nan)
            ask = served & (container < 0)  # only points outside every licensed unit need a search
            if ask.any():
                owner[ask], km[ask] = index.query(shapely.points(lng[ask], lat[ask]))
            owners[service] = np.where(served, owner, -1)
            kms[service] = np.where(served, km, np.nan)
        return owners, kms

    # --- queries -----------------------------------------------------------------------

    def check(self, query: object, crs: str = "wgs84") -> CheckResult:
        """Answer one query; never raises on user input."""
        text = query if isinstance(query, str) else ""
        if crs not in DATUMS:
            return CheckResult(text, "invalid", f"未知坐标系 {crs!r}; 可选 {', '.join(DATUMS)}")
        parsed = parse_query(query)
        if parsed.kind == "invalid":
            return CheckResult(text[:200], "invalid", parsed.message)
        if parsed.kind == "point":
            return self.check_point(parsed.lng, parsed.lat, crs, query=text)
        if parsed.kind == "chinese":
            refs = self.gazetteer.exact(parsed.text)
            used = [parsed.text]
            if not refs:
                refs, used = self.gazetteer.address(parsed.text)
        else:
            refs, used = self.gazetteer.latin_parts(parsed.text), [parsed.text]
        result = self._result_for(text, refs, used)
        unknown = self.gazetteer.unknown_unit_after(parsed.text, used) if parsed.kind == "chinese" else None
        if unknown and result.status == "ok":
            note = f"; 「{unknown}」不在边界数据中 (可能是新设单位), 按 {result.place.name} 作答"
            result = replace(result, message=result.message + note)
        return result

    def _result_for(self, query: str, refs: set[UnitRef], used: list[str]) -> CheckResult:
        if not refs:
            return CheckResult(
                query, "not_found", "未找到这个地点: 请输入省、市、区县名称, 地址, 拼音或坐标 (place not found)"
            )
        answers = sorted((self.answer_for(r) for r in refs), key=lambda a: (a.place.province_adcode, a.place.adcode))
        if len(answers) == 1:
            only = answers[0]
            message = f"识别为 {only.place.label} (依据: {'、'.join(used)})"
            return CheckResult(query, "ok", message, only.place, only.services, only.nearest)
        shared = {s: answers[0].services[s] for s in SERVICE_KEYS if len({a.services[s].verdict for a in answers}) == 1}
        labels = "; ".join(a.place.label for a in answers)
        message = f"「{query}」可能指 {len(answers)} 个地点, 请选择: {labels} (ambiguous: pick one)"
        return CheckResult(query, "ambiguous", message, services=shared, candidates=tuple(answers))

    def ref_for_row(self, row: int) -> UnitRef | None:
        """The unit a county-layer row answers as (None for -1: no unit holds the point)."""
        if row < 0:
            return None
        layer = self.counties.layer
        ref = UnitRef("county", int(layer.at[row, "adcode"]))
        # a county row that repeats its prefecture (东莞市) answers as the prefecture
        return ref if self.gazetteer.is_place(ref) else UnitRef("prefecture", int(layer.at[row, "parent_adcode"]))

    def is_outside(self, ref: UnitRef) -> bool:
        """Hong Kong, Macau, Taiwan: outside this license's jurisdiction."""
        return (ref.level, ref.adcode) in self._outside

    def check_point(self, lng: float, lat: float, crs: str = "wgs84", query: str | None = None) -> CheckResult:
        """Answer for a point (a map click, or parsed coordinates) in the given datum."""
        query = query if query is not None else f"{lat:.6f},{lng:.6f}"
        if not (math.isfinite(lng) and math.isfinite(lat)) or abs(lat) > 90 or abs(lng) > 180:
            return CheckResult(query, "invalid", "不是有效坐标 (not valid coordinates)")
        wlng, wlat = (float(v) for v in to_wgs84(lng, lat, crs))
        ref = self.ref_for_row(int(self.counties.locate(np.array([wlng]), np.array([wlat]))[0]))
        if ref is None:
            message = self.no_unit_messages(np.array([wlng]), np.array([wlat]))[0]
            return CheckResult(query, "not_found", message, point=(wlng, wlat))
        base = self.answer_for(ref)
        message = f"坐标位于 {base.place.label} (WGS-84 {wlat:.5f}, {wlng:.5f})"
        return CheckResult(
            query, "ok", message, base.place, base.services, self.nearest_for(ref, wlng, wlat), point=(wlng, wlat)
        )

    def no_unit_messages(self, lng: np.ndarray, lat: np.ndarray) -> list[str]:
        """Why points in no unit got no answer: at sea near a province, or abroad (vectorised)."""
        rows, km = self.provinces.query(shapely.points(lng, lat))
        names = np.asarray(self.provinces.names, dtype=object)[rows]
        return [
            f"该点在海上或边界外, 距{name}约 {d:.0f} km (at sea or just across the border, about {d:.0f} km from {name})"
            if d <= _SEA_KM
            else f"该点不在中国陆地行政区内: 在海上或境外, 距最近的{name}约 {d:.0f} km (at sea or abroad; nearest province {name}, about {d:.0f} km)"
            for name, d in zip(names, km, strict=True)
        ]
