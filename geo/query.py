"""Classify raw user input: coordinates, Chinese text, Latin text, or invalid.

Coordinates are two numbers; their order is told apart by China's ranges
(latitude 3–54°N never overlaps longitude 73–136°E), so both "lat,lng" and Amap's
"lng,lat" work.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from geo.i18n import Msg

__all__ = ["MAX_QUERY_LENGTH", "ParsedQuery", "parse_query"]

MAX_QUERY_LENGTH = 200
_NUMBER = r"[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|nan|inf(?:inity)?)"  # 1e308 is a number
_PAIR = re.compile(rf"^\s*\(?\s*({_NUMBER})\s*[,，;；\s]\s*({_NUMBER})\s*\)?\s*$", re.IGNORECASE)
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


def parse_query(raw: object) -> ParsedQuery:
    """Decide what kind of input this is; never raises."""
    if not isinstance(raw, str):
        return ParsedQuery("invalid", message=Msg("query.empty"))
    text = "".join(ch for ch in raw if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")).strip()
    if not text:
        return ParsedQuery("invalid", message=Msg("query.empty"))
    if len(text) > MAX_QUERY_LENGTH:
        return ParsedQuery("invalid", message=Msg("query.too_long", {"length": len(text), "limit": MAX_QUERY_LENGTH}))
    pair = _PAIR.match(text)
    if pair:
        return _parse_pair(float(pair.group(1)), float(pair.group(2)))
    if _CJK.search(text):
        return ParsedQuery("chinese", text=re.sub(r"\s+", "", text))
    if re.search(r"[A-Za-z]", text):
        return ParsedQuery("latin", text=text)
    return ParsedQuery("invalid", message=Msg("query.unreadable"))
