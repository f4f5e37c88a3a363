"""Classify raw user input: coordinates, Chinese text, Latin text, or invalid.

Coordinates are two numbers; their order is told apart by China's ranges
(latitude 3–54°N never overlaps longitude 73–136°E), so both "lat,lng" and Amap's
"lng,lat" work.
Pasted forms are read too: full-width digits and commas (NFKC), hemisphere letters or
北纬/东经 before or after each number, and degrees-minutes-seconds.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace

from geo.i18n import Msg
from geo.lookup._pasted import read_pasted, strip_datum_words

__all__ = ["MAX_QUERY_LENGTH", "ParsedQuery", "parse_query"]

MAX_QUERY_LENGTH = 200
_NUMBER = r"[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|nan|inf(?:inity)?)"  # 1e308 is a number
_PAIR = re.compile(rf"^\s*\(?\s*({_NUMBER})\s*[,，;；\s]\s*({_NUMBER})\s*\)?\s*$", re.IGNORECASE)
_HEMISPHERES = {"n": ("lat", 1), "s": ("lat", -1), "e": ("lng", 1), "w": ("lng", -1)}
_HEMISPHERES |= {"北纬": ("lat", 1), "南纬": ("lat", -1), "东经": ("lng", 1), "西经": ("lng", -1)}
_HEMI = r"北纬|南纬|东经|西经|[NSEW]"
_ANGLE = (
    r"(\d+(?:\.\d+)?)(?:\s*[°度])?"
    r"(?:\s*(\d+(?:\.\d+)?)\s*['′’分])?"
    r"(?:\s*(\d+(?:\.\d+)?)\s*(?:\"|″|′′|''|”|秒))?"
)
_COMPONENT = rf"(?:({_HEMI})\s*{_ANGLE}|{_ANGLE}\s*({_HEMI})?)"  # N39.9 / 北纬39.9 / 39.9N / 39°54'15"N
_LABELLED_PAIR = re.compile(rf"^\s*{_COMPONENT}\s*[,;、\s]\s*{_COMPONENT}\s*$", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CHINA_LAT = (3.0, 54.0)
_CHINA_LNG = (73.0, 136.0)


@dataclass(frozen=True)
class ParsedQuery:
    kind: str  # "point" | "chinese" | "latin" | "invalid"
    text: str = ""
    lng: float = math.nan
    lat: float = math.nan
    message: Msg = field(default_factory=lambda: Msg("empty"))
    outside_china: bool = False
    datum: str | None = None  # the datum the text names (a link, a datum word); None: the caller's


def _between(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _parse_pair(a: float, b: float) -> ParsedQuery:
    if not (math.isfinite(a) and math.isfinite(b)):
        return ParsedQuery("invalid", message=Msg("query.not_finite"))
    if _between(a, _CHINA_LAT) and _between(b, _CHINA_LNG):
        return ParsedQuery("point", lng=b, lat=a)
    if _between(a, _CHINA_LNG) and _between(b, _CHINA_LAT):
        return ParsedQuery("point", lng=a, lat=b)
    if abs(a) <= 90 and abs(b) <= 180:
        return ParsedQuery("point", lng=b, lat=a, outside_china=True)
    if abs(b) <= 90 and abs(a) <= 180:
        return ParsedQuery("point", lng=a, lat=b, outside_china=True)
    return ParsedQuery("invalid", message=Msg("query.out_of_range", {"a": f"{a:g}", "b": f"{b:g}"}))


def _angle(degrees: str, minutes: str | None, seconds: str | None) -> float:
    """Decimal degrees; NaN for minutes or seconds of 60 or more (not an angle anyone writes)."""
    m, s = float(minutes or 0), float(seconds or 0)
    return float(degrees) + m / 60 + s / 3600 if m < 60 and s < 60 else math.nan


def _component(groups: tuple) -> tuple[tuple[str, int] | None, float]:
    """(axis, sign) from the hemisphere word (None if unlabelled), and the angle."""
    pre, d1, m1, s1, d2, m2, s2, post = groups
    label = pre or post
    axis = _HEMISPHERES[label.lower() if len(label) == 1 else label] if label else None
    return axis, _angle(d1, m1, s1) if d1 else _angle(d2, m2, s2)


def _parse_labelled(match: re.Match) -> ParsedQuery:
    """Two angles, each perhaps labelled with its hemisphere; unlabelled ones are told apart by range."""
    (axis_a, a), (axis_b, b) = _component(match.groups()[:8]), _component(match.groups()[8:])
    if math.isnan(a) or math.isnan(b):
        return ParsedQuery("invalid", message=Msg("query.bad_angle"))
    if axis_a is None and axis_b is None:
        return _parse_pair(a, b)
    if axis_a is not None and axis_b is not None and axis_a[0] == axis_b[0]:
        return ParsedQuery("invalid", message=Msg("query.same_axis"))
    if axis_a is None or axis_b is None:  # one label names the other's axis too
        known = axis_a or axis_b
        assert known is not None  # the caller found at least one labelled axis
        other = ("lng" if known[0] == "lat" else "lat", 1)
        axis_a, axis_b = (axis_a or other), (axis_b or other)
    values = {axis_a[0]: axis_a[1] * a, axis_b[0]: axis_b[1] * b}
    lat, lng = values["lat"], values["lng"]
    if abs(lat) > 90 or abs(lng) > 180:  # labelled: never swapped to fit
        return ParsedQuery("invalid", message=Msg("query.out_of_range", {"a": f"{lat:g}", "b": f"{lng:g}"}))
    return _parse_known(lat, lng)


def _parse_known(lat: float, lng: float) -> ParsedQuery:
    """A pair whose axes the form names (a link, WKT, labels): never swapped to fit."""
    if not (math.isfinite(lat) and math.isfinite(lng)):
        return ParsedQuery("invalid", message=Msg("query.not_finite"))
    if abs(lat) > 90 or abs(lng) > 180:
        return ParsedQuery("invalid", message=Msg("query.out_of_range", {"a": f"{lat:g}", "b": f"{lng:g}"}))
    inside = _between(lat, _CHINA_LAT) and _between(lng, _CHINA_LNG)
    return ParsedQuery("point", lng=lng, lat=lat, outside_china=not inside)


_HIDDEN = ("Cc", "Cf", "Cs", "Co")  # control and format characters pasted with text; a printable text has none


def _read_in(parsed: ParsedQuery, datum: str | None) -> ParsedQuery:
    """The pair with the datum its text named (copied only when one was: a batch parses 100,000 pairs)."""
    return replace(parsed, datum=datum) if datum else parsed


def parse_query(raw: object) -> ParsedQuery:
    """Decide what kind of input this is; never raises."""
    if not isinstance(raw, str):
        return ParsedQuery("invalid", message=Msg("query.empty"))
    text = raw if raw.isprintable() else "".join(ch for ch in raw if unicodedata.category(ch) not in _HIDDEN)
    text = unicodedata.normalize("NFKC", text).strip()  # full-width digits and commas, as pasted from Chinese text
    if not text:
        return ParsedQuery("invalid", message=Msg("query.empty"))
    if len(text) > MAX_QUERY_LENGTH:
        return ParsedQuery("invalid", message=Msg("query.too_long", {"length": len(text), "limit": MAX_QUERY_LENGTH}))
    pasted = read_pasted(text)
    if pasted:
        return _read_in(_parse_known(pasted.lat, pasted.lng), pasted.datum)
    coordinates, datum = strip_datum_words(text)  # "29.92522,115.05967 (WGS84)"
    pair = _PAIR.match(coordinates)
    if pair:
        return _read_in(_parse_pair(float(pair.group(1)), float(pair.group(2))), datum)
    labelled = _LABELLED_PAIR.match(coordinates)
    if labelled:
        return _read_in(_parse_labelled(labelled), datum)
    if _CJK.search(text):
        return ParsedQuery("chinese", text=text)  # spaces kept: they part Latin words in a mixed text
    if re.search(r"[A-Za-z]", text):
        return ParsedQuery("latin", text=text)
    return ParsedQuery("invalid", message=Msg("query.unreadable"))
