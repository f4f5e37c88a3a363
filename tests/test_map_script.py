"""The map's behaviour lives in geo/render/static/atlas_map.js (tested by `node --test tests/js`): Python holds
only the one-line calls, every map loads the script and style sheet, and a standalone file carries them inlined."""

from __future__ import annotations

import re
from pathlib import Path

from geo.mapdata import map_data
from geo.render.assets import MAP_ASSETS, map_assets_version
from geo.render.folium_map import coverage_map
from geo.render.layers import layer_collections
from geo.render.standalone import INLINE_MARKER, standalone_html

ROOT = Path(__file__).resolve().parents[1]
JS_LINE = re.compile(r"^\s*(?:var |function\b|\}\)\(\);|\}\);|if \(.*\) \{|return [^\n]*;$)")
MOST_JS_LINES = 3  # a few lines of glue at most: `atlasMap.coverageLayers(map, cfg);`


def test_no_python_file_holds_more_than_a_few_lines_of_javascript():
    heavy = {}
    for path in [*ROOT.glob("geo/**/*.py"), *ROOT.glob("pages/**/*.py"), ROOT / "app.py", ROOT / "server.py"]:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if JS_LINE.match(line)]
        if len(lines) > MOST_JS_LINES:
            heavy[str(path.relative_to(ROOT))] = lines[:3]
    assert heavy == {}


def test_every_map_loads_the_script_and_its_style_sheet(lic, boundaries):
    html = coverage_map(map_data(lic, boundaries), {"prefectures": "p", "provinces": "v", "dashline": "d"}).get_root()
    page = html.render()
    version = map_assets_version()
    assert f"atlas_map.js?v={version}" in page and f"atlas_map.css?v={version}" in page
    assert page.index("leaflet.js") < page.index("atlas_map.js")  # Leaflet first


def test_a_standalone_file_carries_the_script_inlined(lic, boundaries):
    m = coverage_map(map_data(lic, boundaries), layer_collections(boundaries), asset_base=INLINE_MARKER)
    html = standalone_html(m)
    assert INLINE_MARKER not in html
    assert (MAP_ASSETS / "atlas_map.js").read_text(encoding="utf-8") in html
    assert ".atlas-label" in html  # the labels' style, legend or not
