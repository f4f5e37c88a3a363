"""Meeting-ready exports: PNG, PDF and standalone HTML, from the command line and from the screen."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from PIL import Image

from geo.license import parse_services
from geo.mapdata import map_data, map_subtitle
from geo.render.export import export_map
from geo.render.static_map import render_static_map, to_bytes
from geo.style import FOOTPRINT_OPACITY, LAND_COLOUR, SERVICE_COLOURS
from tests.browser.harness import isolated

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 28)
ARTIFACTS = ROOT / "artifacts" / "exports"


@pytest.fixture(scope="module")
def data(lic, boundaries):
    return map_data(lic, boundaries)


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _blend(colour: str, alpha: float, under: str = LAND_COLOUR) -> np.ndarray:
    return alpha * _rgb(colour) + (1 - alpha) * _rgb(under)


def _pixel(png: bytes, xy: tuple[int, int]) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)[xy[1], xy[0]]


def _inside(boundaries, level: str, adcode: int, away_from: tuple[float, float] | None = None) -> tuple[float, float]:
    """A point well inside a unit (and away from its label, which covers its centre)."""
    geom = boundaries.display.set_index(["level", "adcode"]).geometry.loc[(level, adcode)]
    if away_from:
        geom = geom.difference(shapely.Point(away_from).buffer(0.6))
    point = shapely.point_on_surface(geom.buffer(-0.3))
    return point.x, point.y


# --- static PNG / PDF ----------------------------------------------------------------


def test_png_is_1920_by_1080_and_a4_is_300_dpi(data):
    screen = Image.open(io.BytesIO(export_map(data, ["idc"], "zh", "png", AS_OF)))
    assert screen.size == (1920, 1080)
    a4 = Image.open(io.BytesIO(export_map(data, ["idc"], "zh", "png", AS_OF, paper="a4")))
    assert a4.size == (3507, 2481)  # 11.69 × 8.27 in at 300 dpi


def test_licensed_province_shows_its_colour_and_an_unlicensed_one_does_not(data, boundaries):
    static = render_static_map(data, ["isp"], "zh", AS_OF)
    # inside one prefecture, away from its borders: 普洱 (云南, ISP licensed) and 甘孜 (四川, not)
    yunnan = static.to_pixel(*_inside(boundaries, "prefecture", 530800))
    sichuan = static.to_pixel(*_inside(boundaries, "prefecture", 513300))
    png = to_bytes(static, "png")
    assert np.abs(_pixel(png, yunnan) - _blend(SERVICE_COLOURS["isp"], FOOTPRINT_OPACITY["isp"])).max() < 12
    assert np.abs(_pixel(png, sichuan) - _rgb(LAND_COLOUR)).max() < 12


def test_licensed_city_shows_the_idc_colour(data, boundaries):
    label = data.labels.set_index("adcode").loc[[500000]].iloc[0]
    static = render_static_map(data, ["idc"], "zh", AS_OF)
    chongqing = static.to_pixel(*_inside(boundaries, "province", 500000, away_from=(label["lng"], label["lat"])))
    png = to_bytes(static, "png")
    assert np.abs(_pixel(png, chongqing) - _blend(SERVICE_COLOURS["idc"], FOOTPRINT_OPACITY["idc"])).max() < 12


def test_south_china_sea_inset_is_drawn(data):
    static = render_static_map(data, ["idc"], "zh", AS_OF)
    box = static.inset.get_window_extent()
    height = static.figure.get_size_inches()[1] * static.figure.dpi
    png = np.asarray(Image.open(io.BytesIO(to_bytes(static, "png"))).convert("RGB"), dtype=float)
    region = png[int(height - box.y1) + 3 : int(height - box.y0) - 3, int(box.x0) + 3 : int(box.x1) - 3]
    inked = (region.min(axis=2) < 245).sum()  # land, islands; an empty inset has none
    dark = (region.max(axis=2) < 150).sum()  # the ten-dash line and outlines
    assert inked > 3000 and dark > 200
    assert static.inset.get_xlim()[0] < static.inset.get_xlim()[1]


def test_chinese_text_renders_with_a_cjk_font_not_boxes(data):
    static = render_static_map(data, ["idc", "vpn"], "zh", AS_OF)
    for text in static.figure.texts:
        font_file = font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)
        font = FT2Font(font_file)
        missing = [ch for ch in text.get_text() if not ch.isspace() and font.get_char_index(ord(ch)) == 0]
        assert not missing, (text.get_text(), font_file, missing)
    assert any("业务覆盖范围" in t.get_text() for t in static.figure.texts)
    to_bytes(static, "png")


# --- command line ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_exports(geo_command) -> dict[str, Path]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    files = {}
    for fmt, lang in (("png", "zh"), ("pdf", "en"), ("html", "en")):
        path = ARTIFACTS / f"cli-idc-vpn-{lang}.{fmt}"
        proc = geo_command(
            "export",
            *("--services", "idc,vpn", "--lang", lang, "--format", fmt, "--as-of", "2026-11-28", "-o", str(path)),
        )
        assert proc.returncode == 0, proc.stderr
        files[fmt] = path
    return files


def test_cli_png(cli_exports):
    assert Image.open(cli_exports["png"]).size == (1920, 1080)


def test_cli_pdf_opens_and_holds_the_title(cli_exports, tmp_path):
    info = subprocess.run(["pdfinfo", str(cli_exports["pdf"])], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info and re.search(r"Pages:\s+1\n", info)
    text = subprocess.run(
        ["pdftotext", str(cli_exports["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Licensed coverage" in text and "B1-20070275" in text and "IDC" in text
    assert "expired 2022-09-18" in text  # the validity on the as-of date, as presentation mode says it
    assert all(city in text for city in ("Harbin", "Dongguan", "Shenzhen", "Xiamen"))  # labels are text
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(cli_exports["pdf"]), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 5_000


def test_cli_html_has_no_external_resource(cli_exports):
    html = cli_exports["html"].read_text(encoding="utf-8")
    assert "License B1-20070275 · as of 2026-11-28 · expired 2022-09-18" in html  # validity in the subtitle
    title = re.search(r"<title>(.*?)</title>", html).group(1)  # the tab and a bookmark name it (it was empty)
    assert title == "Licensed coverage of 北京蓝汛通信技术有限公司: IDC · VPN" and '<html lang="en">' in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)  # every script and style is inline
    assert not re.search(r"url\(\s*['\"]?https?:", html) and "@import" not in html
    markup = re.sub(r"<(script|style)>.*?</(script|style)>", "", html, flags=re.S)  # inlined library code
    assert not re.findall(r"https?://", markup)
    assert 'attributionControl": false' in html  # Leaflet's own link to leafletjs.com is not shown
    # left inside the inlined Leaflet: the SVG namespace, its attribution default, bug links in comments
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html)) - {"http://www.w3.org/2000/svg", "https://leafletjs.com"}
    assert all("bug" in url for url in urls), urls


def test_cli_rejects_unknown_services(geo_command):
    proc = geo_command("export", "--services", "idc,iptv", "--format", "png", "-o", "/tmp/never.png")
    assert proc.returncode == 2 and "iptv" in proc.stderr


def test_parse_services_keeps_license_order():
    assert parse_services("vpn, IDC") == ["idc", "vpn"]
    assert parse_services("") == ["cdn", "isp", "idc", "vpn"]


@pytest.mark.browser
def test_html_export_draws_offline(cli_exports):
    if not Path("/usr/bin/chromedriver").exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium-driver")
        pytest.skip("headless Chromium not installed")
    report_path = ARTIFACTS / "standalone-report.json"
    assert shutil.which("unshare")
    command = isolated(sys.executable, "-m", "tests.browser.standalone_run", str(cli_exports["html"]), str(report_path))
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(report_path.read_text())
    assert report["interfaces"] == ["lo"] and report["hosts"] == []
    assert report["paths"] >= 370 and report["legend"]


def test_every_map_subtitle_states_the_validity(data):
    assert map_subtitle(data, AS_OF, "zh").endswith("已于 2022-09-18 到期")
    assert map_subtitle(data, dt.date(2020, 1, 1), "en").endswith("valid until 2022-09-18")
