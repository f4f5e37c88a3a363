"""The check screen's map around an answer, and its type-ahead: on the real boundaries and license."""

from __future__ import annotations

import pytest
import shapely
from streamlit_folium import _get_feature_group_string

from geo.answer_view import answer_view
from geo.lookup import UnitRef
from geo.mapdata import map_data
from geo.render.answer_layers import answer_group
from geo.render.folium_map import coverage_map
from geo.suggest import suggestions


def _inside(bounds, point) -> bool:
    west, south, east, north = bounds
    return west <= point[0] <= east and south <= point[1] <= north


def test_a_prefecture_fills_the_frame_and_its_neighbours_are_named(checker):
    view = answer_view(checker.index, checker.check("兰州"))
    frame = shapely.box(*view.bounds)
    lanzhou = checker.geometry(UnitRef("prefecture", 620100))
    assert shapely.area(lanzhou) / shapely.area(frame) > 0.3  # the unit fills most of the map
    assert {name.zh for name, *_ in view.neighbours} >= {"白银市", "武威市", "定西市", "临夏回族自治州"}
    assert view.county_borders is not None  # 兰州's counties drawn inside it


def test_a_county_is_shown_inside_its_prefecture(checker):
    view = answer_view(checker.index, checker.check("广东省深圳市南山区"))
    nanshan = checker.geometry(UnitRef("county", 440305))
    shenzhen = checker.geometry(UnitRef("prefecture", 440300))
    assert shapely.contains(shapely.box(*view.bounds), shapely.buffer(shenzhen, -0.01))  # the prefecture around it
    assert shapely.area(view.outline) == pytest.approx(shapely.area(nanshan), rel=0.05)  # outlined: the county
    assert {name.zh for name, *_ in view.neighbours} >= {"东莞市", "惠州市"}


def test_an_idc_no_draws_the_way_to_the_nearest_licensed_city(checker):
    result = checker.check("广东省深圳市福田区")  # IDC no; 东莞, some km to its boundary
    assert result.nearest["idc"].km > 1 and not result.nearest["idc"].borders
    assert not [
        n for n in answer_view(checker.index, checker.check("深圳")).nearest if n.service == "idc"
    ]  # 深圳 borders 东莞
    view = answer_view(checker.index, result)
    (line,) = [n for n in view.nearest if n.service == "idc"]
    assert line.city.zh == "东莞" and line.km == result.nearest["idc"].km
    start, end = line.line.coords[0], line.line.coords[-1]
    assert start == pytest.approx(checker.point_of(result.place))
    searched = checker._nearest["idc"]  # the outline the nearest-city search measured to
    dongguan = searched.geoms[list(searched.adcodes).index(441900)]
    assert shapely.distance(shapely.Point(end), dongguan) < 1e-6  # ends on 东莞's edge
    assert _inside(view.bounds, end)  # a near city is framed with the place
    assert not [n for n in view.nearest if n.service == "vpn"]  # VPN yes: no line


def test_a_far_city_gets_its_line_but_not_the_frame(checker):
    view = answer_view(checker.index, checker.check("拉萨"))
    assert {n.service for n in view.nearest} == {"idc", "vpn"}
    assert all(not _inside(view.bounds, n.line.coords[-1]) for n in view.nearest)  # 1,100+ km away
    assert all(_inside(view.bounds, n.label_at) for n in view.nearest)  # its distance is still read on the map


def test_a_point_is_pinned_where_it_was_given(checker):
    view = answer_view(checker.index, checker.check("39.9042,116.4074"))
    assert view.point == pytest.approx((116.4074, 39.9042))


def test_an_answer_travels_light_and_takes_no_clicks(checker, boundaries, lic):
    base = coverage_map(map_data(lic, boundaries), {"prefectures": "p", "provinces": "v", "dashline": "d"})
    for query in ("兰州", "北京", "阿勒泰", "<b>x</b>,39.9,116.4"):
        result = checker.check(query)
        if result.status != "ok":
            continue
        script = _get_feature_group_string(answer_group(answer_view(checker.index, result), "en", query), base)
        assert len(script.encode()) < 150_000  # issue 9's budget for a whole check
        assert script.count('"interactive": false') >= 2 and "atlasMap.fitAnswer(" in script
        assert "<b>" not in script


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_suggestion_names_its_place_alone(checker, lang):
    offered = suggestions(checker.index, lang)
    assert len(offered) >= 3240  # every distinct place and Taiwan's cities
    assert len({s.query for s in offered}) == len(offered)
    gazetteer = checker.gazetteer
    for s in offered:
        refs = gazetteer.exact(s.query) or gazetteer.address(s.query)[0]
        assert len(refs) == 1, (s.query, refs)


def test_suggestion_labels_carry_the_province_and_the_other_script(checker):
    zh = {s.query: s.label for s in suggestions(checker.index, "zh")}
    en = {s.query: s.label for s in suggestions(checker.index, "en")}
    assert zh["辽宁省朝阳市"] == "辽宁省 朝阳市 · chaoyang"
    assert en["辽宁省朝阳市"] == "Chaoyang, Liaoning · 朝阳市"
    assert en["台北市"] == "Taipei, Taiwan · 台北市"


def _shared_short_names(checker) -> list[str]:
    """Every county short name (鼓楼区, 南山区, …) that several counties in the boundary data share."""
    counties = checker.boundaries.full_counties
    names = counties["name"]
    return sorted(set(names[names.duplicated()]))


def test_every_ambiguous_name_frames_all_its_candidates_numbered(checker):
    from geo.answer_view import candidates_view

    shared = _shared_short_names(checker)
    assert len(shared) > 20  # the data has many: 鼓楼区, 南山区, 朝阳区, …
    for name in shared:
        result = checker.check(name)
        assert result.status == "ambiguous", name  # never answered as one of them
        view = candidates_view(checker.index, result)
        assert len(view.outlines) == len(view.labels) == len(result.candidates)
        for candidate, (place, lng, lat) in zip(result.candidates, view.labels, strict=True):
            assert place == candidate.place and _inside(view.bounds, (lng, lat)), (name, place)


def test_without_an_answer_the_map_goes_back_to_the_whole_country():
    from geo.render.answer_layers import FitView, country_group
    from geo.render.folium_map import CHINA_VIEW

    group = country_group()
    fits = [child for child in group._children.values() if isinstance(child, FitView)]
    assert [f.bounds for f in fits] == [list(CHINA_VIEW)]  # replaces the last answer's frame on the map


def test_a_shared_link_carries_every_parameter_of_the_view_and_nothing_of_the_old_address():
    from urllib.parse import parse_qs, urlsplit

    from geo.summary import share_link

    params = {"q": "深圳 南山&x=1", "lang": "en", "license": "B1-20070275", "crs": "gcj02"}
    link = share_link("http://atlas.intra:8501/check?q=old#top", params)
    parts = urlsplit(link)
    assert (parts.netloc, parts.path, parts.fragment) == ("atlas.intra:8501", "/check", "")
    assert {k: v[0] for k, v in parse_qs(parts.query).items()} == params  # the query's & is escaped, not split
