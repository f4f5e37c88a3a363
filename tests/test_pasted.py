"""Coordinates as people copy them (geo.lookup._pasted): every form, at any point, gives back that point and its datum."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.lookup import parse_query, read_pasted

# (form, datum it implies): lat and lng as written by each provider or standard
FORMS = [
    ("https://uri.amap.com/marker?position={lng},{lat}&name=x", "gcj02"),
    ("https://uri.amap.com/marker?position={lng},{lat}&coordinate=wgs84", "wgs84"),
    ("http://api.map.baidu.com/marker?location={lat},{lng}&title=x&output=html", "bd09"),
    ("http://api.map.baidu.com/marker?location={lat},{lng}&coord_type=bd09ll", "bd09"),
    ("http://api.map.baidu.com/marker?location={lat},{lng}&coord_type=gcj02", "gcj02"),
    ("http://api.map.baidu.com/marker?location={lat},{lng}&coord_type=wgs84", "wgs84"),
    ("https://apis.map.qq.com/uri/v1/marker?marker=coord:{lat},{lng};title:x&referer=y", "gcj02"),
    ("https://www.google.com/maps/@{lat},{lng},12z", "wgs84"),
    ("https://www.google.com/maps/place/X/@{lat},{lng},15z/data=!3m1", "wgs84"),
    ("https://maps.google.com/?q={lat},{lng}", "wgs84"),
    ("https://www.openstreetmap.org/#map=15/{lat}/{lng}", "wgs84"),
    ("https://www.openstreetmap.org/?mlat={lat}&mlon={lng}#map=12/{lat}/{lng}", "wgs84"),
    ("geo:{lat},{lng}", "wgs84"),
    ("geo:{lat},{lng},30;u=35", "wgs84"),
    ("POINT ({lng} {lat})", "wgs84"),
    ("POINT({lng} {lat})", "wgs84"),
    ('{{"type": "Point", "coordinates": [{lng}, {lat}]}}', "wgs84"),
    (
        '{{"type": "Feature", "properties": {{}}, "geometry": {{"type": "Point", "coordinates": [{lng}, {lat}]}}}}',
        "wgs84",
    ),
    ("纬度：{lat} 经度：{lng}", None),
    ("经度:{lng}, 纬度:{lat}", None),
    ("lat={lat}&lng={lng}", None),
    ("Longitude: {lng}, Latitude: {lat}", None),
    ("latitude {lat} longitude {lng} (WGS84)", "wgs84"),
    ("{lat},{lng} (WGS84)", "wgs84"),
    ("WGS-84: {lat}, {lng}", "wgs84"),
    ("{lat}, {lng}（WGS-84）", "wgs84"),
    ("GCJ-02 {lng},{lat}", "gcj02"),
    ("{lat},{lng} BD-09", "bd09"),
]


@settings(max_examples=60, deadline=None)
@given(
    form=st.sampled_from(FORMS),
    lat=st.floats(18.5, 53.0).map(lambda v: round(v, 5)),
    lng=st.floats(74.0, 134.0).map(lambda v: round(v, 5)),
)
def test_every_form_gives_back_its_point_and_datum(form, lat, lng):
    text, datum = form
    parsed = parse_query(text.format(lat=lat, lng=lng))
    assert parsed.kind == "point", text
    assert (parsed.lat, parsed.lng, parsed.datum) == (pytest.approx(lat), pytest.approx(lng), datum)


def test_the_datum_a_text_names_is_the_one_the_check_uses(checker):
    lat, lng = 22.5431, 114.0579
    as_gcj = checker.check(f"https://uri.amap.com/marker?position={lng},{lat}")
    as_wgs = checker.check(f"geo:{lat},{lng}")
    assert as_gcj.point != as_wgs.point  # GCJ-02 read back to WGS-84 moves the point by a few hundred metres
    assert as_gcj.point == checker.check(f"{lat},{lng}", crs="gcj02").point
    assert "GCJ-02" in as_gcj.message.render("en") and "WGS-84" in as_wgs.message.render("en")


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/?position=114,22",  # a link from no map provider
        "geo:22.5,114.0;crs=epsg:4490",  # RFC 5870 names only wgs84
        json.dumps({"type": "LineString", "coordinates": [[114, 22], [115, 23]]}),
        "纬度：31.1 经度：118.3 南京路",  # a labelled pair with other words is not a point alone
    ],
)
def test_what_is_not_a_point_is_not_read_as_one(text):
    assert read_pasted(text) is None
