"""Coordinates as people copy them: map links, geo: URIs, WKT and GeoJSON points, labelled pairs, datum words.

Each form says which number is the latitude; links also say, or imply, the datum: Amap and
Tencent links are GCJ-02 and Baidu's BD-09 unless the link says otherwise (Amap
`coordinate=wgs84`, Baidu `coord_type=`); Google Maps, OpenStreetMap, geo: URIs (RFC 5870),
WKT and GeoJSON (RFC 7946) are WGS-84. A datum word before or after a pair ("(WGS84)",
"GCJ-02:", "BD-09") names the datum of a plain pair.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = ["PastedPoint", "read_pasted", "strip_datum_words"]

_NUM = r"[-+]?\d+(?:\.\d+)?"
_PAIR = rf"({_NUM})\s*,\s*({_NUM})"


@dataclass(frozen=True)
class PastedPoint:
    lat: float
    lng: float
    datum: str | None  # "wgs84" | "gcj02" | "bd09"; None: the form does not say
    source: str  # what it was read from: "amap", "baidu", "geo-uri", "wkt", "labels", …


_DATUM_WORDS = (
    (re.compile(r"wgs[\s_-]*84", re.I), "wgs84"),
    (re.compile(r"gcj[\s_-]*0?2|火星坐标|国测局", re.I), "gcj02"),
    (re.compile(r"bd[\s_-]*0?9(?:ll)?|百度坐标", re.I), "bd09"),
)
_DATUM_AROUND = re.compile(
    r"[(（\[]?\s*(?:wgs[\s_-]*84|gcj[\s_-]*0?2|bd[\s_-]*0?9(?:ll)?|火星坐标|国测局|百度坐标)\s*[)）\]]?\s*[:：]?", re.I
)


_DIGIT = re.compile(r"[0-9]")


def strip_datum_words(text: str) -> tuple[str, str | None]:
    """The text without datum words, and the one datum they named (None if none, or two that disagree)."""
    if not _DATUM_AROUND.search(text):  # the usual case, in one search: no datum word at all
        return text.strip(), None
    named = {datum for pattern, datum in _DATUM_WORDS if pattern.search(text)}
    stripped = _DATUM_AROUND.sub(" ", text).strip()
    return stripped, (named.pop() if len(named) == 1 else None)


_PAIR_ALONE = re.compile(rf"\s*{_PAIR}\s*")
_LINK = re.compile(r"^(?:https?://|www\.|[a-z0-9.-]+\.(?:com|org|cn)/)", re.I)
_GEO_URI = re.compile(rf"geo:\s*{_PAIR}(?:,{_NUM})?((?:;[^;]*)*)", re.I)
_WKT_POINT = re.compile(rf"(?:SRID=4326;)?\s*POINT\s*Z?\s*\(\s*({_NUM})\s+({_NUM})(?:\s+{_NUM})?\s*\)", re.I)


def _pair(text: str) -> tuple[float, float] | None:
    match = _PAIR_ALONE.fullmatch(text)
    return (float(match.group(1)), float(match.group(2))) if match else None


def _first(query: dict[str, list[str]], *keys: str) -> str | None:
    return next((query[k][0] for k in keys if k in query), None)


def _baidu_datum(kind: str | None) -> str:
    kind = (kind or "bd09ll").lower()
    return "wgs84" if kind.startswith("wgs") else "gcj02" if kind.startswith("gcj") else "bd09"


def _from_link(text: str) -> PastedPoint | None:
    if not _LINK.match(text):
        return None
    url = urlsplit(text if "://" in text else "https://" + text)
    host, query = url.netloc.lower(), parse_qs(url.query)
    if "amap.com" in host or "autonavi.com" in host:
        value = _first(query, "position", "location", "p", "q")
        pair = _pair(unquote(value).split("|")[0]) if value else None
        datum = "wgs84" if (_first(query, "coordinate") or "").lower().startswith("wgs") else "gcj02"
        return PastedPoint(pair[1], pair[0], datum, "amap") if pair else None  # lng,lat
    if "baidu.com" in host:
        value = _first(query, "location", "latlng")
        pair = _pair(unquote(value)) if value else None
        return PastedPoint(*pair, _baidu_datum(_first(query, "coord_type")), "baidu") if pair else None  # lat,lng
    if "qq.com" in host:
        marker = _first(query, "marker") or ""
        match = re.search(rf"coord:{_PAIR}", unquote(marker))
        if match:
            return PastedPoint(float(match.group(1)), float(match.group(2)), "gcj02", "tencent")
        x, y = _first(query, "pointx"), _first(query, "pointy")
        if x and y and _pair(f"{y},{x}"):
            return PastedPoint(float(y), float(x), "gcj02", "tencent")
        return None
    if "google." in host or host.startswith("goo.gl") or "maps.app" in host:
        at = re.search(rf"@{_PAIR}", url.path)
        value = at.group(0)[1:] if at else _first(query, "q", "query", "ll", "center", "destination")
        pair = _pair(unquote(value)) if value else None
        return PastedPoint(*pair, "wgs84", "google") if pair else None  # lat,lng
    if "openstreetmap.org" in host or "osm.org" in host:
        lat, lng = _first(query, "mlat"), _first(query, "mlon")
        if lat and lng and _pair(f"{lat},{lng}"):
            return PastedPoint(float(lat), float(lng), "wgs84", "osm")
        match = re.search(rf"map=\d+/({_NUM})/({_NUM})", url.fragment)
        return PastedPoint(float(match.group(1)), float(match.group(2)), "wgs84", "osm") if match else None
    return None


def _from_geo_uri(text: str) -> PastedPoint | None:
    match = _GEO_URI.fullmatch(text)
    if not match:
        return None
    crs = re.search(r";crs=([^;]+)", match.group(3) or "", re.I)
    if crs and crs.group(1).lower() != "wgs84":
        return None  # RFC 5870 knows only wgs84
    return PastedPoint(float(match.group(1)), float(match.group(2)), "wgs84", "geo-uri")


def _from_wkt(text: str) -> PastedPoint | None:
    match = _WKT_POINT.fullmatch(text)
    return PastedPoint(float(match.group(2)), float(match.group(1)), "wgs84", "wkt") if match else None  # lng lat


def _from_geojson(text: str) -> PastedPoint | None:
    if not text.startswith("{") or len(text) > 2000:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    geometry = value.get("geometry", value) if isinstance(value, dict) else None
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coords = geometry.get("coordinates")
    if not (isinstance(coords, list) and len(coords) >= 2 and all(isinstance(c, int | float) for c in coords[:2])):
        return None
    return PastedPoint(float(coords[1]), float(coords[0]), "wgs84", "geojson")  # [lng, lat]


_LAT_LABEL = r"(?:纬度|lat(?:itude)?)"
_LNG_LABEL = r"(?:经度|lng|lon(?:g|gitude)?)"
_SEP = r"\s*[:：=]?\s*"
_LAT_VALUE = re.compile(rf"{_LAT_LABEL}{_SEP}({_NUM})", re.I)
_LNG_VALUE = re.compile(rf"{_LNG_LABEL}{_SEP}({_NUM})", re.I)
_LABELLED = re.compile(rf"{_LAT_LABEL}{_SEP}{_NUM}|{_LNG_LABEL}{_SEP}{_NUM}", re.I)
_WORD_LEFT = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")


def _from_labels(text: str) -> PastedPoint | None:
    """纬度：31.1 经度：118.3, lat=31.1&lng=118.3, Longitude 118.3 / Latitude 31.1."""
    lat = _LAT_VALUE.search(text)
    lng = _LNG_VALUE.search(text)
    if not (lat and lng):
        return None
    rest = _LABELLED.sub("", text)
    if _WORD_LEFT.search(rest):
        return None  # something else is in the text: not a labelled pair alone
    return PastedPoint(float(lat.group(1)), float(lng.group(1)), None, "labels")


def read_pasted(text: str) -> PastedPoint | None:
    """The point a pasted link, URI, WKT, GeoJSON or labelled pair gives; None for anything else."""
    text = text.strip()
    if not _DIGIT.search(text):  # every form carries its coordinates in digits
        return None
    for reader in (_from_link, _from_geo_uri, _from_wkt, _from_geojson):
        point = reader(text)
        if point:
            return point
    stripped, datum = strip_datum_words(text)
    point = _from_labels(stripped)
    return PastedPoint(point.lat, point.lng, datum, point.source) if point else None
