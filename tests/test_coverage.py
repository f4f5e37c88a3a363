"""The coverage join on the real license and the real boundaries."""

from __future__ import annotations

import pytest

from geo.coverage import area_summary, grant_adcodes, province_matrix, unit_status
from geo.license import OUTSIDE_LICENSE, SERVICE_KEYS


def _names(units, adcodes):
    by_code = units.drop_duplicates("adcode").set_index("adcode")["short_name"]
    return sorted(by_code.loc[list(adcodes)])


def test_isp_is_exactly_17_provinces(lic, units):
    provinces, prefectures = grant_adcodes(lic.services["isp"], units)
    assert len(provinces) == 17 and not prefectures
    assert _names(units, provinces) == sorted(u.name for u in lic.services["isp"].coverage)


def test_idc_is_4_municipalities_and_14_cities(lic, units):
    provinces, prefectures = grant_adcodes(lic.services["idc"], units)
    assert _names(units, provinces) == sorted(["北京", "天津", "上海", "重庆"])
    assert len(prefectures) == 14 and "东莞" in _names(units, prefectures)


def test_vpn_is_2_municipalities_and_6_cities(lic, units):
    provinces, prefectures = grant_adcodes(lic.services["vpn"], units)
    assert _names(units, provinces) == ["上海", "北京"]
    assert _names(units, prefectures) == sorted(["南京", "武汉", "广州", "深圳", "成都", "西安"])


def test_cdn_is_the_31_mainland_provinces(lic, units):
    provinces, prefectures = grant_adcodes(lic.services["cdn"], units)
    assert len(provinces) == 31 and not prefectures
    assert not provinces & OUTSIDE_LICENSE


def test_every_licensed_unit_resolves_to_exactly_one_boundary_unit(lic, units):
    admin = units[units["level"].isin(["province", "prefecture"])]
    for grant in lic.services.values():
        for unit in grant.coverage:
            if unit.adcode == 100000:
                continue
            match = admin[(admin["adcode"] == unit.adcode) & (admin["short_name"] == unit.name)]
            assert len(match.drop_duplicates("adcode")) == 1, unit


@pytest.mark.parametrize(
    "adcode, service, expected",
    [
        (440000, "idc", "partial"),  # 广东: only 广州 and 东莞
        (110000, "idc", "full"),
        (440000, "isp", "full"),
        (130000, "isp", "none"),
        (610000, "vpn", "partial"),  # 陕西: 西安 only
        (650000, "cdn", "full"),
    ],
)
def test_province_matrix(lic, units, adcode, service, expected):
    assert province_matrix(lic, units).loc[adcode, service] == expected


@pytest.mark.parametrize("adcode", sorted(OUTSIDE_LICENSE))
def test_hong_kong_macau_taiwan_get_no_service(lic, units, adcode):
    status = unit_status(lic, units)
    rows = status[status["province_adcode"] == adcode]
    assert len(rows) >= 2
    assert (rows[list(SERVICE_KEYS)] == "outside").all().all()


@pytest.mark.parametrize(
    "level, adcode, service, expected",
    [
        ("county", 330382, "idc", "full"),  # 乐清 is in 温州
        ("county", 440305, "vpn", "full"),  # 南山区 is in 深圳
        ("county", 440305, "idc", "none"),
        ("prefecture", 440300, "idc", "none"),
        ("prefecture", 441900, "idc", "full"),
        ("prefecture", 110100, "vpn", "full"),
    ],
)
def test_lower_levels_follow_their_prefecture(lic, units, level, adcode, service, expected):
    status = unit_status(lic, units)
    row = status[(status["level"] == level) & (status["adcode"] == adcode)]
    assert row[service].item() == expected


def test_area_summary(lic, boundaries):
    summary = area_summary(lic, boundaries)
    assert summary.loc["cdn", "share_of_mainland"] == pytest.approx(1.0)
    assert summary.loc["cdn", "provinces_full"] == 31
    assert summary.loc["isp", "provinces_full"] == 17
    assert summary.loc["idc", ["provinces_full", "provinces_partial"]].tolist() == [4, 13]
    assert 0 < summary.loc["vpn", "share_of_mainland"] < summary.loc["idc", "share_of_mainland"]
    assert summary.loc["isp", "area_km2"] > summary.loc["idc", "area_km2"]
