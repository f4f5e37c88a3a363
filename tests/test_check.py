"""Location check on the real license and boundaries: names, addresses, pinyin, coordinates, traps."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.datum import gcj02_to_bd09, wgs84_to_gcj02

SERVICES = ("cdn", "isp", "idc", "vpn")


def verdicts(result) -> dict[str, str]:
    return {s: a.verdict for s, a in result.services.items()}


@pytest.mark.parametrize(
    "query, adcode, city",
    [
        ("广东省", 440000, None),
        ("广东", 440000, None),
        ("深圳市", 440300, "深圳市"),
        ("深圳", 440300, "深圳市"),
        ("深圳市南山区", 440305, "深圳市"),
        ("乐清市", 330382, "温州市"),  # a county resolves within its prefecture
        ("广东省深圳市南山区粤海街道科技园", 440305, "深圳市"),
        ("东莞松山湖", 441900, "东莞市"),
        ("浙江省温州市乐清市柳市镇", 330382, "温州市"),
        ("温州乐清", 330382, "温州市"),
        ("上海市黄浦区南京路100号", 310101, "上海市"),  # 南京路 is a street here, not 南京
        ("Dongguan", 441900, "东莞市"),
        ("xian", 610100, "西安市"),
        ("Xi'an", 610100, "西安市"),
        ("  XI AN ", 610100, "西安市"),
        ("Harbin", 230100, "哈尔滨市"),
        ("Urumqi", 650100, "乌鲁木齐市"),
        ("Lhasa", 540100, "拉萨市"),
        ("Inner Mongolia", 150000, None),
        ("Hong Kong", 810000, "香港特别行政区"),
        ("Suzhou, Jiangsu", 320500, "苏州市"),
        ("Jilin Province", 220000, None),
        ("Jilin City", 220200, "吉林市"),
        ("吉林省", 220000, None),
        ("吉林市", 220200, "吉林市"),
        ("海南省", 460000, None),
        ("海南州", 632500, "海南藏族自治州"),
        ("西安", 610100, "西安市"),
        ("大同", 140200, "大同市"),
        ("大同区", 230606, "大庆市"),  # a district of 大庆, not the city 大同
        # names people type for districts of the cities whose districts are spoken of like cities
        ("Haidian", 110108, "北京市"),
        ("Beijing Haidian", 110108, "北京市"),
        ("Haidian District, Beijing", 110108, "北京市"),
        ("Pudong", 310115, "上海市"),
        ("Pudong New Area", 310115, "上海市"),
        ("Nanshan, Shenzhen", 440305, "深圳市"),
        ("Tianhe District Guangzhou", 440106, "广州市"),
    ],
)
def test_resolves(checker, query, adcode, city):
    result = checker.check(query)
    assert result.status == "ok", result.message.render("zh")
    assert result.place.adcode == adcode
    assert (result.place.city.zh if result.place.city else None) == city


@pytest.mark.parametrize(
    "query, adcodes",
    [
        ("朝阳区", {110105, 220104}),
        ("朝阳", {110105, 220104, 211300}),
        ("鼓楼区", {320106, 320302, 350102, 410204}),
        ("南山区", {440305, 230404}),
        ("海南", {460000, 632500}),
        ("吉林", {220000, 220200}),
        ("西安区", {220403, 231005}),
        ("suzhou", {320500, 341300, 620902}),  # 苏州, 宿州, and 酒泉's 肃州区: every unit is written in pinyin
        ("fuzhou", {350100, 361000}),
        ("taizhou", {321200, 331000}),
        ("yichun", {230700, 360900}),
        ("yulin", {450900, 610800}),
        ("Chaoyang", {110105, 220104, 211300, 440513}),  # asks like 朝阳 does, and 汕头's 潮阳区 reads alike
        ("Chaoyang District", {110105, 220104, 440513}),  # a district: not the prefecture 朝阳市
        ("Huangpu", {310101, 440112}),  # 上海 黄浦区 and 广州 黄埔区 read alike
    ],
)
def test_ambiguous_lists_every_candidate(checker, query, adcodes):
    result = checker.check(query)
    assert result.status == "ambiguous"
    assert {c.place.adcode for c in result.candidates} == adcodes
    assert result.place is None
    for candidate in result.candidates:  # each candidate carries its own verdicts
        assert set(candidate.services) == set(SERVICES)
    for service, shared in result.services.items():  # shared answers only where all agree
        assert {c.services[service].verdict for c in result.candidates} == {shared.verdict}


def test_ambiguous_still_answers_what_all_candidates_share(checker):
    result = checker.check("suzhou")  # 苏州 (江苏) and 宿州 (安徽): CDN yes, IDC/VPN no for both
    assert verdicts(result) == {"cdn": "yes", "idc": "no", "vpn": "no"}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("深圳", {"cdn": "yes", "isp": "yes", "idc": "no", "vpn": "yes"}),
        ("广东省", {"cdn": "yes", "isp": "yes", "idc": "partial", "vpn": "partial"}),
        ("乐清市", {"cdn": "yes", "isp": "yes", "idc": "yes", "vpn": "no"}),
        ("拉萨", {"cdn": "yes", "isp": "no", "idc": "no", "vpn": "no"}),
        ("北京", {"cdn": "yes", "isp": "yes", "idc": "yes", "vpn": "yes"}),
        ("香港", {"cdn": "no", "isp": "no", "idc": "no", "vpn": "no"}),
        ("澳门", {"cdn": "no", "isp": "no", "idc": "no", "vpn": "no"}),
        ("台湾", {"cdn": "no", "isp": "no", "idc": "no", "vpn": "no"}),
        ("Macau", {"cdn": "no", "isp": "no", "idc": "no", "vpn": "no"}),
    ],
)
def test_verdicts(checker, query, expected):
    result = checker.check(query)
    assert result.status == "ok"
    assert verdicts(result) == expected


def test_every_answer_quotes_its_clause(checker, lic):
    result = checker.check("深圳")
    for service, answer in result.services.items():
        assert lic.services[service].coverage_clause in answer.clause
        assert answer.reason.render("zh") and answer.reason.render("en")
    assert "不含互联网资源协作服务" in result.services["idc"].reason.render("zh")
    assert "深圳" in result.services["vpn"].reason.render("zh")


def test_outside_jurisdiction_is_explained(checker):
    result = checker.check("Hong Kong")
    assert all("管辖范围" in a.reason.render("zh") for a in result.services.values())
    assert result.nearest == {}


@pytest.mark.parametrize(
    "query, service, city, max_km",
    [
        ("深圳", "idc", "东莞", 40),
        ("乐清市", "idc", "温州", 0),
        ("深圳", "vpn", "深圳", 0),
        ("苏州市", "vpn", "上海", 60),
    ],
)
def test_nearest_licensed_city(checker, query, service, city, max_km):
    nearest = checker.check(query).nearest[service]
    assert nearest.city.zh == city
    assert nearest.km <= max_km


def test_nearest_is_far_for_lhasa(checker):
    nearest = checker.check("拉萨").nearest["idc"]
    assert nearest.city.zh == "昆明" and 1000 < nearest.km < 1500


LICENSED_UNITS_IN_LATIN = """
北京 Beijing
天津 Tianjin
上海 Shanghai
重庆 Chongqing
大同 Datong
长春 Changchun
哈尔滨 Harbin
南京 Nanjing
温州 Wenzhou
厦门 Xiamen
九江 Jiujiang
济南 Jinan
郑州 Zhengzhou
武汉 Wuhan
长沙 Changsha
广州 Guangzhou
东莞 Dongguan
昆明 Kunming
深圳 Shenzhen
成都 Chengdu
西安 Xi'an
山西 Shanxi
吉林 Jilin Province
黑龙江 Heilongjiang
江苏 Jiangsu
浙江 Zhejiang
福建 Fujian
江西 Jiangxi
山东 Shandong
河南 Henan
湖北 Hubei
湖南 Hunan
广东 Guangdong
云南 Yunnan
"""


def test_every_licensed_unit_resolves_by_name_short_name_and_pinyin(checker, lic, units):
    pinyin = dict(line.split(" ", 1) for line in LICENSED_UNITS_IN_LATIN.strip().splitlines())
    by_code = units[units["level"].isin(["province", "prefecture"])].drop_duplicates("adcode").set_index("adcode")
    for grant in lic.services.values():
        for unit in grant.coverage:
            if unit.adcode == 100000:
                continue
            for query in (by_code.loc[unit.adcode, "name"], unit.name, pinyin[unit.name]):
                result = checker.check(query)
                # 吉林: province and 吉林市 share it; Datong: 大同 and 大通 read alike in pinyin
                if query == "吉林" or (result.status == "ambiguous" and query == pinyin[unit.name]):
                    assert result.status == "ambiguous" and unit.adcode in {c.place.adcode for c in result.candidates}
                    names = {c.place.name.zh for c in result.candidates}
                    assert query == "吉林" or len(names) > 1, names  # different names that read alike
                    continue
                assert result.status == "ok", (query, result.message.render("zh"))
                # municipalities resolve to their city row (北京市 110100 in province 110000)
                assert unit.adcode in (result.place.adcode, result.place.province_adcode), query


# --- coordinates ----------------------------------------------------------------------

FUTIAN_WGS84 = (114.0579, 22.5431)  # (lng, lat) in 福田区, 深圳


@pytest.mark.parametrize("text", ["22.5431,114.0579", "114.0579,22.5431", "22.5431, 114.0579", "(22.5431 114.0579)"])
def test_coordinates_in_either_order(checker, text):
    result = checker.check(text)
    assert result.status == "ok"
    assert (result.place.county.zh, result.place.city.zh) == ("福田区", "深圳市")


@pytest.mark.parametrize("crs", ["wgs84", "gcj02", "bd09"])
def test_coordinates_in_each_datum_land_on_the_same_wgs84_point(checker, crs):
    lng, lat = FUTIAN_WGS84
    if crs in ("gcj02", "bd09"):
        lng, lat = (float(v) for v in wgs84_to_gcj02(lng, lat))
    if crs == "bd09":
        lng, lat = (float(v) for v in gcj02_to_bd09(lng, lat))
    result = checker.check(f"{lat},{lng}", crs=crs)
    assert result.status == "ok" and result.place.county.zh == "福田区"
    assert np.allclose(result.point, FUTIAN_WGS84, atol=1e-5)


def test_the_same_numbers_in_another_datum_are_another_point(checker):
    # GCJ-02 is offset ~500 m from WGS-84 in 深圳: reading the datum wrong moves the point that far
    wgs = checker.check("22.5431,114.0579", crs="wgs84").point
    gcj = checker.check("22.5431,114.0579", crs="gcj02").point
    assert 300 < np.hypot(wgs[0] - gcj[0], wgs[1] - gcj[1]) * 111_000 < 800


def test_point_at_sea(checker):
    result = checker.check("21.0,115.0")  # South China Sea, south of 深圳
    assert result.status == "not_found" and "海上" in result.message.render("zh")


def test_point_abroad(checker):
    result = checker.check("48.8566,2.3522")  # Paris
    assert result.status == "not_found" and "境外" in result.message.render("zh")


def test_map_click_is_the_same_function(checker):
    assert checker.check_point(114.0579, 22.5431).place.adcode == checker.check("22.5431,114.0579").place.adcode


def test_new_unit_missing_from_data_resolves_as_far_as_it_can(checker):
    result = checker.check("新疆维吾尔自治区新星市")
    assert result.status == "ok" and result.place.adcode == 650000
    assert "新星市" in result.message.render("zh")


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, status",
    [
        ("", "invalid"),
        ("   ", "invalid"),
        ("深" * 5000, "invalid"),
        ("😀🎉", "invalid"),
        ("\x00\x07\x1b", "invalid"),
        ("91,181", "invalid"),
        ("NaN,NaN", "invalid"),
        ("inf,inf", "invalid"),
        ("<script>alert('x')</script>", "not_found"),
        ("'; DROP TABLE sites; --", "not_found"),
        ("asdfghjkl", "not_found"),
        (None, "invalid"),
    ],
)
def test_bad_input_gets_a_message_not_an_exception(checker, query, status):
    result = checker.check(query)
    assert result.status == status
    assert result.message.render("zh") and result.message.render("en")


def test_unknown_datum_is_invalid(checker):
    assert checker.check("22.5,114.0", crs="utm").status == "invalid"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_no_string_makes_check_raise(checker, text):
    result = checker.check(text)
    assert result.status in ("ok", "ambiguous", "not_found", "invalid")
    assert isinstance(result.to_json(), dict)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True))
def test_no_number_pair_makes_check_raise(checker, a, b):
    assert checker.check(f"{a},{b}").status in ("ok", "not_found", "invalid")


# --- one vectorised entry for points ---------------------------------------------------


def test_check_points_agrees_with_check_point_row_by_row(checker):
    lng = np.array([114.0579, 115.0, 2.3522, np.nan, 121.47, 113.55])
    lat = np.array([22.5431, 21.0, 48.8566, 30.0, 31.23, 22.2])  # 深圳, sea, Paris, invalid, 上海, 澳门
    checks = checker.check_points(lng, lat)
    assert checks.status().tolist() == ["ok", "not_found", "not_found", "invalid", "ok", "ok"]
    for i in range(len(lng)):
        one = checker.check_point(float(lng[i]), float(lat[i]))
        many = checks.result(i, one.query)
        assert (many.status, many.place, many.nearest) == (one.status, one.place, one.nearest)
        assert many.message.render("en") == one.message.render("en")


def test_choose_answers_one_candidate(checker):
    result = checker.check("朝阳")
    chosen = result.choose([c.place.adcode for c in result.candidates].index(211300))  # 辽宁 朝阳市
    assert chosen.status == "ok" and chosen.place.adcode == 211300
    assert {s: a.verdict for s, a in chosen.services.items()} == {"cdn": "yes", "isp": "no", "idc": "no", "vpn": "no"}
    assert chosen.message.render("en") == "Chosen: Chaoyang, Liaoning"


def test_every_units_point_is_its_representative_point(checker):
    """The vectorised per-unit points (and so every named answer's nearest city) equal the one-by-one rule."""
    from geo.places import representative_point

    for ref, (lng, lat) in checker.index.unit_points.items():
        point = representative_point(checker.geometry(ref))
        assert (point.x, point.y) == (lng, lat), ref
    assert len(checker.index.unit_points) == len(checker.status)


def test_every_units_outline_at_once_is_its_outline_one_by_one(checker):
    """The outlines found at once (nearest-city distances and bordering use them) are each unit's own."""
    import shapely

    refs, geoms = checker.index.unit_geometries
    assert refs == list(checker.index.unit_points)
    assert all(shapely.equals_exact(g, checker.geometry(r), 0) for r, g in zip(refs, geoms, strict=True))


def test_every_license_s_checker_shares_one_place_index(boundaries, lic):
    """The index depends on the boundaries alone: a second license's checker reuses it (and its answers agree)."""
    from geo.check import Checker
    from geo.place_index import PlaceIndex

    index = PlaceIndex(boundaries)
    two = lic.model_copy(update={"services": {k: lic.services[k] for k in ("isp", "idc")}})
    first, second = Checker(boundaries, lic, index), Checker(boundaries, two, index)
    assert first.gazetteer is second.gazetteer is index.gazetteer
    for query in ("深圳", "Gulou District, Nanjing", "闸北区", "22.54,114.06"):
        a, b = first.check(query), second.check(query)
        assert (a.status, a.place) == (b.status, b.place)
        assert {s: a.services[s].verdict for s in b.services} == {s: v.verdict for s, v in b.services.items()}
